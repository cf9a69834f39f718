//! HTTP/1.1 message framing, as far as rewriting response heads needs it: where a head ends, how the body after
//! it is delimited (RFC 9112 §6), and a response head with its header lines in a fixed order. Heads are parsed
//! with `httparse`, chunk sizes with its `parse_chunk_size`.

/// The most header lines a head may have and still be tracked.
const MAX_HEADERS: usize = 256;

/// How the body after a head is delimited, and how much of it is left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// `Content-Length` bytes (possibly 0).
    Length(u64),
    /// `Transfer-Encoding: chunked`, read this far.
    Chunked(Chunked),
    /// Everything until the connection closes.
    UntilClose,
}

/// Where a chunked body is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Chunked {
    state: ChunkState,
    line: Vec<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum ChunkState {
    /// Reading a chunk-size line.
    #[default]
    Size,
    /// In a chunk's data, this many bytes left.
    Data(u64),
    /// After a chunk's data, this many bytes of its CRLF left.
    DataEnd(u8),
    /// After the last chunk, reading trailer lines until an empty one.
    Trailer,
}

/// Framing that cannot be followed: tracking stops and the bytes pass through as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lost;

impl Body {
    /// Consumes the body's bytes at the start of `input`: how many, and whether the body ended with them.
    pub fn advance(&mut self, input: &[u8]) -> Result<(usize, bool), Lost> {
        match self {
            Self::Length(left) => {
                let taken = usize::try_from(*left).map_or(input.len(), |left| left.min(input.len()));
                *left -= taken as u64;
                Ok((taken, *left == 0))
            }
            Self::Chunked(chunked) => chunked.advance(input),
            Self::UntilClose => Ok((input.len(), false)),
        }
    }
}

impl Chunked {
    fn advance(&mut self, input: &[u8]) -> Result<(usize, bool), Lost> {
        let mut at = 0;
        while at < input.len() {
            match self.state {
                ChunkState::Size | ChunkState::Trailer => {
                    let Some(end) = input[at..].iter().position(|b| *b == b'\n') else {
                        self.line.extend_from_slice(&input[at..]);
                        return self.bounded(input.len());
                    };
                    self.line.extend_from_slice(&input[at..=at + end]);
                    at += end + 1;
                    let line = std::mem::take(&mut self.line);
                    if self.state == ChunkState::Trailer {
                        if line == b"\r\n" || line == b"\n" {
                            return Ok((at, true));
                        }
                    } else {
                        self.state = match httparse::parse_chunk_size(&line) {
                            Ok(httparse::Status::Complete((_, 0))) => ChunkState::Trailer,
                            Ok(httparse::Status::Complete((_, size))) => ChunkState::Data(size),
                            _ => return Err(Lost),
                        };
                    }
                }
                ChunkState::Data(left) => {
                    let taken = usize::try_from(left).map_or(input.len() - at, |left| left.min(input.len() - at));
                    at += taken;
                    let left = left - taken as u64;
                    self.state = if left == 0 {
                        ChunkState::DataEnd(2)
                    } else {
                        ChunkState::Data(left)
                    };
                }
                ChunkState::DataEnd(left) => {
                    let taken = usize::from(left).min(input.len() - at);
                    at += taken;
                    let left = left - taken as u8;
                    self.state = if left == 0 {
                        ChunkState::Size
                    } else {
                        ChunkState::DataEnd(left)
                    };
                }
            }
        }
        Ok((at, false))
    }

    /// A line longer than any real chunk-size or trailer line means the framing is not what it seems.
    fn bounded(&self, consumed: usize) -> Result<(usize, bool), Lost> {
        if self.line.len() > 8 * 1024 {
            Err(Lost)
        } else {
            Ok((consumed, false))
        }
    }
}

/// Where the head at the start of `buffer` ends (just after its blank line), once it has.
pub fn head_end(buffer: &[u8]) -> Option<usize> {
    buffer.windows(4).position(|w| w == b"\r\n\r\n").map(|at| at + 4)
}

/// The value of header `name` in `headers`, if present and text.
fn header<'h>(headers: &'h [httparse::Header<'_>], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|header| header.name.eq_ignore_ascii_case(name))
        .and_then(|header| std::str::from_utf8(header.value).ok())
}

/// The body framing the headers declare; `None` when they declare none.
fn declared(headers: &[httparse::Header<'_>]) -> Result<Option<Body>, Lost> {
    if let Some(coding) = header(headers, "transfer-encoding") {
        return Ok(Some(if coding.to_ascii_lowercase().trim_end().ends_with("chunked") {
            Body::Chunked(Chunked::default())
        } else {
            Body::UntilClose
        }));
    }
    match header(headers, "content-length") {
        Some(length) => length
            .trim()
            .parse()
            .map(|length| Some(Body::Length(length)))
            .map_err(|_| Lost),
        None => Ok(None),
    }
}

/// A request head: whether it is a `HEAD` request (whose response has no body), and its body's framing.
pub fn request(head: &[u8]) -> Result<(bool, Body), Lost> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut headers);
    match request.parse(head) {
        Ok(httparse::Status::Complete(_)) => {}
        _ => return Err(Lost),
    }
    let is_head = request.method == Some("HEAD");
    Ok((is_head, declared(request.headers)?.unwrap_or(Body::Length(0))))
}

/// A response head rewritten with its header lines sorted by name (repeated names keep their order), whether it is
/// final (not 1xx), and its body's framing given whether it answers a `HEAD` request.
pub fn response(head: &[u8], answers_head: bool) -> Result<(Vec<u8>, bool, Body), Lost> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut response = httparse::Response::new(&mut headers);
    match response.parse(head) {
        Ok(httparse::Status::Complete(_)) => {}
        _ => return Err(Lost),
    }
    let code = response.code.ok_or(Lost)?;
    let status_line_end = head.windows(2).position(|w| w == b"\r\n").ok_or(Lost)? + 2;
    let mut lines: Vec<&httparse::Header<'_>> = response.headers.iter().collect();
    lines.sort_by_cached_key(|header| header.name.to_ascii_lowercase());
    let mut rewritten = Vec::with_capacity(head.len());
    rewritten.extend_from_slice(&head[..status_line_end]);
    for line in lines {
        rewritten.extend_from_slice(line.name.as_bytes());
        rewritten.extend_from_slice(b": ");
        rewritten.extend_from_slice(line.value);
        rewritten.extend_from_slice(b"\r\n");
    }
    rewritten.extend_from_slice(b"\r\n");
    let body = if (100..200).contains(&code) || code == 204 || code == 304 || answers_head {
        Body::Length(0)
    } else {
        declared(response.headers)?.unwrap_or(Body::UntilClose)
    };
    Ok((rewritten, code >= 200, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_headers_are_sorted_by_name_and_the_body_framed() {
        let head =
            b"HTTP/1.1 201 Created\r\nlocation: /x\r\ncontent-length: 2\r\nDate: d\r\nvary: a\r\nvary: b\r\n\r\n";

        let (rewritten, final_, body) = response(head, false).expect("a valid head");

        assert_eq!(
            String::from_utf8_lossy(&rewritten),
            "HTTP/1.1 201 Created\r\ncontent-length: 2\r\nDate: d\r\nlocation: /x\r\nvary: a\r\nvary: b\r\n\r\n"
        );
        assert!(final_);
        assert_eq!(body, Body::Length(2));
        assert_eq!(
            response(head, true).expect("valid").2,
            Body::Length(0),
            "a HEAD answer has no body"
        );
        let interim = response(b"HTTP/1.1 100 Continue\r\n\r\n", false).expect("valid");
        assert_eq!((interim.1, interim.2), (false, Body::Length(0)));
        assert_eq!(
            response(b"HTTP/1.1 200 OK\r\n\r\n", false).expect("valid").2,
            Body::UntilClose
        );
    }

    #[test]
    fn requests_say_whether_they_are_head_and_how_long_their_body_is() {
        assert_eq!(
            request(b"HEAD / HTTP/1.1\r\nhost: h\r\n\r\n"),
            Ok((true, Body::Length(0)))
        );
        assert_eq!(
            request(b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n"),
            Ok((false, Body::Length(5)))
        );
        assert!(matches!(
            request(b"POST / HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n"),
            Ok((false, Body::Chunked(_)))
        ));
        assert_eq!(request(b"POST / HTTP/1.1\r\ncontent-length: x\r\n\r\n"), Err(Lost));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\n\r\nrest"), Some(18));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\n"), None);
    }

    #[test]
    fn a_chunked_body_ends_after_its_last_chunk_and_trailers_in_any_split() {
        let body = b"4\r\nWiki\r\n5;ext=1\r\npedia\r\n0\r\nx-t: 1\r\n\r\nNEXT";
        let end = body.len() - 4;
        for split in 0..body.len() {
            let mut framing = Body::Chunked(Chunked::default());
            let (first, done) = framing.advance(&body[..split]).expect("valid framing");
            assert!(!done || split >= end);
            let consumed = if done {
                first
            } else {
                let (second, done) = framing.advance(&body[split..]).expect("valid framing");
                assert!(done, "split at {split}");
                split + second
            };
            assert_eq!(consumed, end, "split at {split}");
        }
        assert_eq!(Body::Chunked(Chunked::default()).advance(b"zz\r\n"), Err(Lost));
    }

    #[test]
    fn a_length_body_ends_after_its_bytes() {
        let mut framing = Body::Length(3);
        assert_eq!(framing.advance(b"ab"), Ok((2, false)));
        assert_eq!(framing.advance(b"cdef"), Ok((1, true)));
    }
}
