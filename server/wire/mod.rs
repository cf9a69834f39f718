//! The connection as the server writes it. With canonical heads on (`--fixed-time` runs), every response head
//! leaves with its header lines sorted by name: actix keeps headers in a hash map whose order changes from run to
//! run, and a reproducible run must repeat its bytes. The wrapper follows the connection's requests (for `HEAD`,
//! whose answer has no body) and responses by their framing; anything it cannot follow, it passes on untouched.

mod framing;

use std::{
    collections::VecDeque,
    io,
    pin::Pin,
    task::{Context, Poll, ready},
};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use self::framing::{Body, Lost};
use crate::metrics::Connection;

/// The largest head followed; a longer one stops the rewriting for the connection.
const MAX_HEAD: usize = 64 * 1024;

/// One direction's messages: a head being collected, or the body after one.
#[derive(Debug, Default)]
struct Messages {
    head: Vec<u8>,
    body: Option<Body>,
}

/// A connection whose response heads leave in a fixed header order when `canonical` is on.
#[derive(Debug)]
pub struct Wire<T> {
    io: T,
    /// Rewriting is on and nothing has been lost track of.
    canonical: bool,
    requests: Messages,
    responses: Messages,
    /// For each request read and not yet answered, whether it is `HEAD`.
    pending: VecDeque<bool>,
    /// Bytes accepted from the server and not yet written to the connection.
    out: Vec<u8>,
    written: usize,
    /// Counts the connection as open in `/metrics` while it lives.
    _open: Option<Connection>,
}

impl<T> Wire<T> {
    /// `io`, with response heads rewritten when `canonical` is true.
    pub fn new(io: T, canonical: bool) -> Self {
        Self {
            io,
            canonical,
            requests: Messages::default(),
            responses: Messages::default(),
            pending: VecDeque::new(),
            out: Vec::new(),
            written: 0,
            _open: None,
        }
    }

    /// The same wire, counted as an open connection until it is dropped.
    pub fn counted(self, open: Connection) -> Self {
        Self {
            _open: Some(open),
            ..self
        }
    }

    /// Follows bytes the client sent.
    fn read(&mut self, mut input: &[u8]) -> Result<(), Lost> {
        while !input.is_empty() {
            if let Some(body) = &mut self.requests.body {
                let (taken, done) = body.advance(input)?;
                input = &input[taken..];
                if done {
                    self.requests.body = None;
                }
                continue;
            }
            let (head, rest) = collect(&mut self.requests.head, input)?;
            input = rest;
            if let Some(head) = head {
                let (is_head, body) = framing::request(&head)?;
                self.pending.push_back(is_head);
                self.requests.body = (body != Body::Length(0)).then_some(body);
            }
        }
        Ok(())
    }

    /// Rewrites bytes the server wrote into `out`; bytes it cannot follow go into `out` as they came, and the
    /// rewriting stops.
    fn write(&mut self, input: &[u8]) {
        if !self.canonical {
            return self.out.extend_from_slice(input);
        }
        let mut at = 0;
        while at < input.len() {
            if let Some(body) = &mut self.responses.body {
                match body.advance(&input[at..]) {
                    Ok((taken, done)) => {
                        self.out.extend_from_slice(&input[at..at + taken]);
                        at += taken;
                        if done {
                            self.responses.body = None;
                        }
                    }
                    Err(Lost) => return self.pass_through(&input[at..]),
                }
                continue;
            }
            match collect(&mut self.responses.head, &input[at..]) {
                // The partial head holds the rest of the input.
                Err(Lost) => return self.pass_through(&[]),
                Ok((None, _)) => return,
                Ok((Some(head), rest)) => {
                    at = input.len() - rest.len();
                    let answers_head = self.pending.front().copied().unwrap_or(false);
                    match framing::response(&head, answers_head) {
                        Ok((rewritten, is_final, body)) => {
                            if is_final {
                                self.pending.pop_front();
                            }
                            self.out.extend_from_slice(&rewritten);
                            self.responses.body = (body != Body::Length(0)).then_some(body);
                        }
                        Err(Lost) => {
                            self.out.extend_from_slice(&head);
                            return self.pass_through(&input[at..]);
                        }
                    }
                }
            }
        }
    }

    /// Stops rewriting: the head being collected and `rest` leave as they came.
    fn pass_through(&mut self, rest: &[u8]) {
        self.canonical = false;
        let partial = std::mem::take(&mut self.responses.head);
        self.out.extend_from_slice(&partial);
        self.out.extend_from_slice(rest);
    }
}

/// Appends `input` to `head` up to the end of a head: the complete head (taken out of `head`) and the rest of
/// `input`, or `None` and nothing left when the head goes on.
fn collect<'i>(head: &mut Vec<u8>, input: &'i [u8]) -> Result<(Option<Vec<u8>>, &'i [u8]), Lost> {
    let searched_from = head.len().saturating_sub(3);
    head.extend_from_slice(input);
    match framing::head_end(&head[searched_from..]) {
        Some(end) => {
            let end = searched_from + end;
            let rest = &input[input.len() - (head.len() - end)..];
            head.truncate(end);
            Ok((Some(std::mem::take(head)), rest))
        }
        None if head.len() > MAX_HEAD => Err(Lost),
        None => Ok((None, &[])),
    }
}

impl<T: AsyncWrite + Unpin> Wire<T> {
    /// Writes `out` to the connection; ready once all of it is written.
    fn drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.written < self.out.len() {
            match ready!(Pin::new(&mut self.io).poll_write(cx, &self.out[self.written..])) {
                Ok(0) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                Ok(n) => self.written += n,
                Err(error) => return Poll::Ready(Err(error)),
            }
        }
        self.out.clear();
        self.written = 0;
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Wire<T> {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        ready!(Pin::new(&mut this.io).poll_read(cx, buf))?;
        if this.canonical && this.read(&buf.filled()[before..]).is_err() {
            this.pass_through(&[]);
        }
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Wire<T> {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if !this.canonical && this.out.is_empty() {
            return Pin::new(&mut this.io).poll_write(cx, buf);
        }
        ready!(this.drain(cx))?;
        if !this.canonical {
            return Pin::new(&mut this.io).poll_write(cx, buf);
        }
        this.write(buf);
        // Start sending; a write that cannot go on now continues on the next write or flush.
        if let Poll::Ready(Err(error)) = this.drain(cx) {
            return Poll::Ready(Err(error));
        }
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.drain(cx))?;
        Pin::new(&mut this.io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.drain(cx))?;
        Pin::new(&mut this.io).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WRITTEN: &[u8] = b"HTTP/1.1 200 OK\r\nx-b: 1\r\ncontent-length: 3\r\nx-a: 2\r\n\r\nabc\
HTTP/1.1 201 Created\r\ntransfer-encoding: chunked\r\nlocation: /s\r\n\r\n3\r\nxyz\r\n0\r\n\r\n\
HTTP/1.1 405 Method Not Allowed\r\nz: 1\r\ncontent-length: 4\r\nallow: GET\r\n\r\n\
HTTP/1.1 204 No Content\r\nz: 1\r\ny: 2\r\n\r\n";

    const CANONICAL: &[u8] = b"HTTP/1.1 200 OK\r\ncontent-length: 3\r\nx-a: 2\r\nx-b: 1\r\n\r\nabc\
HTTP/1.1 201 Created\r\nlocation: /s\r\ntransfer-encoding: chunked\r\n\r\n3\r\nxyz\r\n0\r\n\r\n\
HTTP/1.1 405 Method Not Allowed\r\nallow: GET\r\ncontent-length: 4\r\nz: 1\r\n\r\n\
HTTP/1.1 204 No Content\r\ny: 2\r\nz: 1\r\n\r\n";

    const READ: &[u8] = b"GET /a HTTP/1.1\r\n\r\nPOST /b HTTP/1.1\r\ncontent-length: 2\r\n\r\n{}\
HEAD /c HTTP/1.1\r\n\r\nDELETE /d HTTP/1.1\r\n\r\n";

    #[test]
    fn response_heads_leave_sorted_however_the_bytes_are_split() {
        for split in 0..WRITTEN.len() {
            let mut wire = Wire::new((), true);
            wire.read(READ).expect("requests the wire follows");
            wire.write(&WRITTEN[..split]);
            wire.write(&WRITTEN[split..]);
            assert!(wire.canonical, "split at {split}");
            assert_eq!(
                String::from_utf8_lossy(&wire.out),
                String::from_utf8_lossy(CANONICAL),
                "split at {split}"
            );
            assert!(wire.pending.is_empty());
        }
    }

    #[test]
    fn what_cannot_be_followed_passes_as_it_came() {
        let mut wire = Wire::new((), true);
        wire.read(b"GET / HTTP/1.1\r\n\r\n").expect("a request");
        let odd = b"HTTP/1.1 200 OK\r\ncontent-length: many\r\nb: 1\r\na: 2\r\n\r\nbody";

        wire.write(odd);
        wire.write(b"HTTP/1.1 200 OK\r\nb: 1\r\na: 2\r\n\r\n");

        assert!(!wire.canonical);
        assert_eq!(
            wire.out,
            [&odd[..], b"HTTP/1.1 200 OK\r\nb: 1\r\na: 2\r\n\r\n"].concat()
        );
    }
}
