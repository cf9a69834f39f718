//! Reading a request body within its size limit and its time limit, so that neither a large body nor a stalled
//! one holds a connection and its buffer: the body must start arriving within [`BodyTimeout::initial`], and every
//! [`BodyTimeout::min_rate`] bytes received buys one more second (Apache's `mod_reqtimeout` rule, so a large
//! body on a slow link gets through).
//!
//! A body that runs out of time is kept, unread, as a [`Stalled`] in the request's extensions, for the answer to
//! hold until it is sent: actix-http closes a connection whose body is unfinished when the answer is done, but it
//! would wait to drain a chunked body that was dropped, and a stalled one never ends.

use std::{
    future::poll_fn,
    pin::Pin,
    task::{Context, Poll},
    time::Duration,
};

use actix_web::{
    body::{BodySize, MessageBody},
    error::PayloadError,
    rt::time::{Instant, timeout},
    web::{self, Bytes, BytesMut},
};
use futures_core::Stream;

/// How long a request body may take to arrive. The app registers one as app data; without it, the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyTimeout {
    /// The time the body has from the moment it is first read.
    pub initial: Duration,
    /// Bytes per second: each that many bytes received adds a second (0: no extension).
    pub min_rate: u64,
}

impl BodyTimeout {
    /// 10 s, then a second for every 500 bytes.
    pub const DEFAULT: Self = Self {
        initial: Duration::from_secs(10),
        min_rate: 500,
    };

    /// When a body of which `received` bytes arrived since `start` runs out of time.
    fn deadline(self, start: Instant, received: usize) -> Instant {
        let earned = u64::try_from(received)
            .unwrap_or(u64::MAX)
            .checked_div(self.min_rate)
            .unwrap_or(0);
        start + self.initial + Duration::from_secs(earned)
    }
}

impl Default for BodyTimeout {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Why a body was not read whole.
pub(crate) enum Unread {
    /// It grew past the limit.
    TooLarge,
    /// It did not arrive in time; what is left of it.
    TimedOut(web::Payload),
    /// The connection broke it off or framed it wrongly.
    Broken(PayloadError),
}

/// The whole body, at most `limit` bytes, within `limits`.
pub(crate) async fn read_body(mut payload: web::Payload, limit: usize, limits: BodyTimeout) -> Result<Bytes, Unread> {
    let start = Instant::now();
    let mut body = BytesMut::new();
    loop {
        let next = poll_fn(|cx| Pin::new(&mut payload).poll_next(cx));
        let left = limits
            .deadline(start, body.len())
            .saturating_duration_since(Instant::now());
        match timeout(left, next).await {
            Err(_) => return Err(Unread::TimedOut(payload)),
            Ok(None) => return Ok(body.freeze()),
            Ok(Some(Err(error))) => return Err(Unread::Broken(error)),
            Ok(Some(Ok(chunk))) => {
                if body.len().saturating_add(chunk.len()) > limit {
                    return Err(Unread::TooLarge);
                }
                body.extend_from_slice(&chunk);
            }
        }
    }
}

/// The unread rest of a body that ran out of time, kept in the request's extensions.
pub struct Stalled {
    /// Held, never read: while it lives, actix-http sees the body unfinished and not dropped.
    _payload: web::Payload,
}

impl Stalled {
    pub(crate) fn new(payload: web::Payload) -> Self {
        Self { _payload: payload }
    }

    /// `body`, holding the stalled payload until it has been sent, so that the connection closes after it.
    pub fn hold<B: MessageBody + Unpin>(self, body: B) -> HeldOpen<B> {
        HeldOpen { body, _stalled: self }
    }
}

/// A response body holding a [`Stalled`] payload until it has been sent.
pub struct HeldOpen<B> {
    body: B,
    _stalled: Stalled,
}

impl<B: MessageBody + Unpin> MessageBody for HeldOpen<B> {
    type Error = B::Error;

    fn size(&self) -> BodySize {
        self.body.size()
    }

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, Self::Error>>> {
        Pin::new(&mut self.get_mut().body).poll_next(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_min_rate_bytes_received_buy_a_second() {
        let start = Instant::now();
        let timeout = BodyTimeout {
            initial: Duration::from_secs(2),
            min_rate: 100,
        };
        let fixed = BodyTimeout { min_rate: 0, ..timeout };

        assert_eq!(timeout.deadline(start, 0), start + Duration::from_secs(2));
        assert_eq!(timeout.deadline(start, 99), start + Duration::from_secs(2));
        assert_eq!(timeout.deadline(start, 250), start + Duration::from_secs(4));
        assert_eq!(fixed.deadline(start, 1_000_000), start + Duration::from_secs(2));
    }
}
