//! Rejections in Onezone's envelope: what the glue refused before a handler ran, with that API generation's ids
//! and texts (`missing required key: 'name'`, `invalid 'size' value: '0'`, `malformed JSON data`).

use actix_web::{HttpResponse, http::StatusCode};
use serde_json::Value;

use super::errors::{CHALLENGE, error};
use crate::{
    generated::onezone::{JSON_MEDIA_TYPE, Operation},
    rt::{self, Rejection, RejectionKind, Rule, Violation},
};

/// How a violated rule reads in this API's messages: `missing required key: 'size'`,
/// `invalid 'size' value: '0'`.
fn describe(violation: &Violation) -> String {
    let key = violation.top_field();
    match (&violation.rule, &violation.value) {
        (Rule::Missing, _) => format!("missing required key: '{key}'"),
        (_, Some(Value::String(text))) => format!("invalid '{key}' value: '{text}'"),
        (_, Some(other)) => format!("invalid '{key}' value: '{other}'"),
        (_, None) => format!("invalid '{key}' value"),
    }
}

/// Answers a request the glue refused, in Onezone's envelope.
pub(super) fn reject(rejection: Rejection<Operation>) -> HttpResponse {
    let json = JSON_MEDIA_TYPE;
    match &rejection.kind {
        RejectionKind::NotFound => {
            rt::Reply(StatusCode::NOT_FOUND).json(&[], json, &error("not_found", "Unknown path."))
        }
        RejectionKind::MethodNotAllowed { allow } => rt::Reply(StatusCode::METHOD_NOT_ALLOWED).json(
            &[("Allow", &allow.join(", "))],
            json,
            &error("method_not_allowed", format!("Allowed methods: {}", allow.join(", "))),
        ),
        RejectionKind::MissingCredentials => rt::Reply(StatusCode::UNAUTHORIZED).json(
            &[("WWW-Authenticate", CHALLENGE)],
            json,
            &error("invalid_token", "Authentication required."),
        ),
        RejectionKind::UnsupportedMediaType => {
            rt::Reply(StatusCode::BAD_REQUEST).json(&[], json, &error("invalid_request", "unsupported content type"))
        }
        RejectionKind::BodyTooLarge { limit } => rt::Reply(StatusCode::BAD_REQUEST).json(
            &[],
            json,
            &error("invalid_request", format!("the body exceeds {limit} bytes")),
        ),
        RejectionKind::HeadersTooLarge { limit } => rt::Reply(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE).json(
            &[],
            json,
            &error("invalid_request", format!("the request headers exceed {limit} bytes")),
        ),
        RejectionKind::NotUtf8 { .. } => {
            rt::Reply(StatusCode::BAD_REQUEST).json(&[], json, &error("invalid_request", "a parameter is not UTF-8"))
        }
        RejectionKind::BodyTimeout { .. } => rt::Reply(StatusCode::REQUEST_TIMEOUT).json(
            &[],
            json,
            &error("invalid_request", "the request body did not arrive in time"),
        ),
        RejectionKind::EmptyBody | RejectionKind::MalformedBody { .. } => {
            rt::Reply(StatusCode::BAD_REQUEST).json(&[], json, &error("invalid_request", "malformed JSON data"))
        }
        RejectionKind::Invalid { violations, .. } => {
            let description = violations
                .first()
                .map_or_else(|| "invalid request".to_owned(), describe);
            rt::Reply(StatusCode::BAD_REQUEST).json(&[], json, &error("invalid_request", description))
        }
    }
}
