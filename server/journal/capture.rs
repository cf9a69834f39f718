//! Recording a request on its way through the app: its body is copied as the handler reads it (and, when the
//! handler did not need it, as far as it had arrived once the answer was ready), the answer's body is read back,
//! and both are masked and kept up to [`BODY_LIMIT`].

use std::{
    cell::RefCell,
    pin::Pin,
    rc::Rc,
    task::{Context, Poll, Waker},
    time::Instant,
};

use actix_web::{
    Error, HttpMessage,
    body::{BoxBody, MessageBody},
    dev::{Payload, ServiceRequest, ServiceResponse},
    error::PayloadError,
    http::header::{CONTENT_TYPE, HeaderMap},
    web::Bytes,
};
use base64::Engine as _;
use chrono::SecondsFormat;
use futures_core::Stream;
use spaceport_runtime::{Matched, Miss, Surface};

use super::{Journal, mask::Masker};
use crate::{
    generated::control::{self, ApiName, BodyEncoding, JournalEntry, MissReason},
    sources::Clock,
};

/// How much of a request or response body an entry keeps.
pub const BODY_LIMIT: usize = 64 * 1024;

/// What one request is recorded against.
#[derive(Debug, Clone, Copy)]
pub struct Recorder<'a> {
    /// The journal it goes into.
    pub journal: &'a Journal,
    /// The API the path belongs to.
    pub api: ApiName,
    /// How that API's credentials are masked.
    pub masker: &'a Masker,
    /// The app's clock.
    pub clock: &'a Clock,
}

/// The body as seen so far, and the payload itself while the handler holds only a [`Tee`] on it.
struct Tap {
    payload: Payload,
    kept: Vec<u8>,
    total: usize,
    finished: bool,
}

impl Tap {
    fn keep(&mut self, chunk: &[u8]) {
        self.total += chunk.len();
        let room = BODY_LIMIT.saturating_sub(self.kept.len());
        self.kept.extend_from_slice(&chunk[..chunk.len().min(room)]);
    }

    fn poll(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, PayloadError>>> {
        if self.finished {
            return Poll::Ready(None);
        }
        let polled = Pin::new(&mut self.payload).poll_next(cx);
        match &polled {
            Poll::Ready(Some(Ok(chunk))) => self.keep(chunk),
            Poll::Ready(None | Some(Err(_))) => self.finished = true,
            Poll::Pending => {}
        }
        polled
    }

    /// Reads what has already arrived of a body the handler left unread, without waiting for more.
    fn drain_arrived(&mut self) {
        let mut cx = Context::from_waker(Waker::noop());
        while self.total <= BODY_LIMIT {
            match self.poll(&mut cx) {
                Poll::Ready(Some(Ok(_))) => {}
                Poll::Ready(_) | Poll::Pending => break,
            }
        }
    }
}

/// The payload the handler reads: every chunk passes through the [`Tap`].
struct Tee(Rc<RefCell<Tap>>);

impl Stream for Tee {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.borrow_mut().poll(cx)
    }
}

/// A body as an entry shows it: text when it is UTF-8 (a character cut by truncation dropped), base64 otherwise;
/// `None` when empty.
fn shown(body: &[u8]) -> (Option<String>, BodyEncoding) {
    if body.is_empty() {
        return (None, BodyEncoding::Utf8);
    }
    let text = match std::str::from_utf8(body) {
        Ok(text) => Some(text),
        // Only an incomplete character at the very end: the cut, not the client.
        Err(error) if error.error_len().is_none() => std::str::from_utf8(&body[..error.valid_up_to()]).ok(),
        Err(_) => None,
    };
    match text {
        Some(text) => (Some(text.to_owned()), BodyEncoding::Utf8),
        None => (
            Some(base64::engine::general_purpose::STANDARD.encode(body)),
            BodyEncoding::Base64,
        ),
    }
}

fn content_type(headers: &HeaderMap) -> Option<String> {
    headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(str::to_ascii_lowercase)
}

/// A masked body, kept up to [`BODY_LIMIT`].
fn masked(masker: &Masker, body: &[u8], content_type: Option<&str>) -> (Option<String>, BodyEncoding) {
    let masked = masker.body(body, content_type);
    shown(&masked[..masked.len().min(BODY_LIMIT)])
}

fn near_misses(surface: &Surface, method: &str, path: &str) -> Vec<control::NearMiss> {
    surface
        .near_misses(method, path)
        .into_iter()
        .map(|miss| control::NearMiss {
            operation: miss.operation.to_owned(),
            method: miss.method.to_owned(),
            path: miss.path.to_owned(),
            reason: match miss.reason {
                Miss::Method => MissReason::Method,
                Miss::Segment => MissReason::Segment,
            },
        })
        .collect()
}

/// Serves `request` by `serve` and journals it; `sent_path` is the path as the client sent it (a tenant's prefix
/// included), while `request`'s own path is the one the API routes.
pub async fn capture<B: MessageBody + 'static, F: Future<Output = ServiceResponse<B>>>(
    recorder: Recorder<'_>,
    sent_path: String,
    mut request: ServiceRequest,
    serve: impl FnOnce(ServiceRequest) -> F,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let started = Instant::now();
    let time = recorder
        .clock
        .precise_now()
        .to_rfc3339_opts(SecondsFormat::Millis, true);
    let method = request.method().as_str().to_owned();
    let query = super::mask::visible(&recorder.masker.form(request.query_string().as_bytes()));
    let headers = recorder.masker.headers(request.headers());
    let request_type = content_type(request.headers());
    let tap = Rc::new(RefCell::new(Tap {
        payload: request.take_payload(),
        kept: Vec::new(),
        total: 0,
        finished: false,
    }));
    let tee: Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>> = Box::pin(Tee(tap.clone()));
    request.set_payload(Payload::from(tee));

    let response = serve(request).await;
    let operation = response
        .request()
        .extensions()
        .get::<Matched>()
        .map(|matched| matched.0);
    let near_misses = match operation {
        Some(_) => Vec::new(),
        None => near_misses(super::surface(recorder.api), &method, response.request().path()),
    };
    let (body, body_encoding, body_truncated) = {
        let mut tap = tap.borrow_mut();
        tap.drain_arrived();
        let (body, encoding) = masked(recorder.masker, &tap.kept, request_type.as_deref());
        (body, encoding, !tap.finished || tap.total > BODY_LIMIT)
    };
    let (http, response) = response.into_parts();
    let status = response.status();
    let response_headers = recorder.masker.headers(response.headers());
    let response_type = content_type(response.headers());
    let (response, payload) = response.into_parts();
    let answer = actix_web::body::to_bytes(payload)
        .await
        .map_err(|error| actix_web::error::ErrorInternalServerError(error.into()))?;
    let (response_body, response_body_encoding) = masked(recorder.masker, &answer, response_type.as_deref());

    recorder.journal.record(
        status.as_u16(),
        JournalEntry {
            seq: 0,
            time,
            api: recorder.api,
            operation: operation.map(str::to_owned),
            near_misses,
            method,
            path: sent_path,
            query,
            headers: control::Headers(headers),
            body,
            body_encoding,
            body_truncated,
            status: i64::from(status.as_u16()),
            response_headers: control::Headers(response_headers),
            response_body,
            response_body_encoding,
            response_body_truncated: answer.len() > BODY_LIMIT,
            duration_ms: started.elapsed().as_secs_f64() * 1000.0,
        },
    );
    Ok(ServiceResponse::new(http, response.set_body(answer)).map_into_boxed_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_show_as_text_or_base64_and_a_cut_character_is_dropped() {
        assert_eq!(shown(b""), (None, BodyEncoding::Utf8));
        assert_eq!(shown("né".as_bytes()), (Some("né".to_owned()), BodyEncoding::Utf8));
        assert_eq!(shown(&"né".as_bytes()[..2]), (Some("n".to_owned()), BodyEncoding::Utf8));
        assert_eq!(shown(b"\xFF\x00"), (Some("/wA=".to_owned()), BodyEncoding::Base64));
    }
}
