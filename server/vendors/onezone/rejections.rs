//! Rejections in Onezone's envelope: what the glue refused before a handler ran, with that API generation's ids
//! and texts (`missing required key: 'name'`, `invalid 'size' value: '0'`, `malformed JSON data`).

use actix_web::HttpResponse;
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
        RejectionKind::NotFound => rt::respond_with_body(404, Vec::new(), json, &error("not_found", "Unknown path.")),
        RejectionKind::MethodNotAllowed { allow } => rt::respond_with_body(
            405,
            vec![("Allow", allow.join(", "))],
            json,
            &error("method_not_allowed", format!("Allowed methods: {}", allow.join(", "))),
        ),
        RejectionKind::MissingCredentials => rt::respond_with_body(
            401,
            vec![("WWW-Authenticate", CHALLENGE.to_owned())],
            json,
            &error("invalid_token", "Authentication required."),
        ),
        RejectionKind::UnsupportedMediaType => rt::respond_with_body(
            400,
            Vec::new(),
            json,
            &error("invalid_request", "unsupported content type"),
        ),
        RejectionKind::BodyTooLarge { limit } => rt::respond_with_body(
            400,
            Vec::new(),
            json,
            &error("invalid_request", format!("the body exceeds {limit} bytes")),
        ),
        RejectionKind::HeadersTooLarge { limit } => rt::respond_with_body(
            431,
            Vec::new(),
            json,
            &error("invalid_request", format!("the request headers exceed {limit} bytes")),
        ),
        RejectionKind::NotUtf8 { .. } => rt::respond_with_body(
            400,
            Vec::new(),
            json,
            &error("invalid_request", "a parameter is not UTF-8"),
        ),
        RejectionKind::BodyTimeout { .. } => rt::respond_with_body(
            408,
            Vec::new(),
            json,
            &error("invalid_request", "the request body did not arrive in time"),
        ),
        RejectionKind::EmptyBody | RejectionKind::MalformedBody { .. } => {
            rt::respond_with_body(400, Vec::new(), json, &error("invalid_request", "malformed JSON data"))
        }
        RejectionKind::Invalid { violations, .. } => {
            let description = violations
                .first()
                .map_or_else(|| "invalid request".to_owned(), describe);
            rt::respond_with_body(400, Vec::new(), json, &error("invalid_request", description))
        }
    }
}
