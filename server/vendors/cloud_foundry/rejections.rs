//! Rejections in Cloud Foundry's envelope: what the glue refused before a handler ran (unknown route, missing
//! credentials, a body or parameter that breaks the spec) as the real server words it, with the Ruby class names
//! it prints; on the token endpoint, UAA's `{error, error_description}`.

use actix_web::{HttpResponse, http::StatusCode};

use super::errors::{bad_query, error, oauth_error, organization_invalid, parse_error, space_invalid, unknown_request};
use crate::{
    generated::cloud_foundry::{CfError, JSON_MEDIA_TYPE, Operation},
    rt::{self, JsonType, Location, Rejection, RejectionKind, Rule, Violation},
};

/// The Ruby class name the real server prints for a JSON type.
fn ruby_class(json: JsonType) -> &'static str {
    match json {
        JsonType::Null => "NilClass",
        JsonType::Boolean => "true or false",
        JsonType::Integer => "Integer",
        JsonType::Number => "Float",
        JsonType::String => "String",
        JsonType::Array => "Array",
        JsonType::Object => "Hash",
    }
}

/// The CF answer to a body that parsed but broke the spec's rules.
fn invalid_body(operation: Option<Operation>, violations: &[Violation]) -> CfError {
    let constraint = violations
        .iter()
        .find(|v| matches!(v.rule, Rule::Length { .. } | Rule::Pattern));
    if let Some(violation) = constraint {
        let detail = format!("{} format", violation.top_field());
        return match operation {
            Some(Operation::CreateOrganization | Operation::UpdateOrganization) => organization_invalid(&detail),
            _ => space_invalid(&detail),
        };
    }
    if violations.iter().any(|v| v.field.is_empty()) {
        return parse_error("invalid request body");
    }
    let details: Vec<String> = violations
        .iter()
        .map(|v| {
            let field = v.top_field();
            let message = match &v.rule {
                Rule::Missing | Rule::Null => format!("Missing field {field}"),
                Rule::Type { expected, given } => format!(
                    "Expected instance of {}, given an instance of {}",
                    ruby_class(*expected),
                    ruby_class(*given)
                ),
                Rule::NotInEnum => "Invalid value".to_owned(),
                Rule::Unknown => "Unknown field".to_owned(),
                Rule::Length { .. } | Rule::Range { .. } | Rule::Pattern | Rule::Unconvertible => {
                    "Invalid value".to_owned()
                }
            };
            format!("Field: {field}, Error: {message}")
        })
        .collect();
    parse_error(&details.join(", "))
}

/// The CF answer to a query parameter that broke the spec's rules.
fn invalid_query(violations: &[Violation]) -> CfError {
    let Some(violation) = violations.first() else {
        return bad_query("");
    };
    let name = violation.field.replace('-', "_");
    let detail = match (&violation.rule, violation.field.as_str()) {
        (
            Rule::Range {
                max: Some(max),
                above: true,
                ..
            },
            _,
        ) => format!("{name} must be <= {max}"),
        (Rule::Range { min: Some(min), .. }, _) => format!("{name} must be >= {min}"),
        (Rule::NotInEnum, "order-direction") => format!("{name} must be 'asc' or 'desc'"),
        (Rule::NotInEnum, "order-by") => format!("{name} must be 'id' or 'name'"),
        (
            Rule::Type {
                expected: JsonType::Boolean,
                ..
            },
            _,
        ) => format!("{name} must be true or false"),
        (Rule::Type { .. }, _) => format!("{name} must be an integer"),
        _ => name,
    };
    bad_query(&detail)
}

/// What a body that did not arrive in time is told (with 408; the connection is closed).
const TIMED_OUT: &str = "The request body did not arrive in time";

/// Answers a request the glue refused, in CF's envelope (UAA's on the token endpoint).
pub(super) fn reject(rejection: Rejection<Operation>) -> HttpResponse {
    if rejection.operation == Some(Operation::CreateToken) {
        let (status, body) = match &rejection.kind {
            RejectionKind::Invalid { violations, .. } => (
                StatusCode::BAD_REQUEST,
                match violations.first() {
                    Some(v) if v.field == "grant_type" && v.rule == Rule::NotInEnum => {
                        oauth_error("unsupported_grant_type", "Unsupported grant type")
                    }
                    Some(v) if v.field == "grant_type" => oauth_error("invalid_request", "Missing grant type"),
                    Some(v) => oauth_error("invalid_request", format!("Invalid parameter: {}", v.top_field())),
                    None => oauth_error("invalid_request", "Invalid request"),
                },
            ),
            RejectionKind::BodyTooLarge { limit } => (
                StatusCode::BAD_REQUEST,
                oauth_error("invalid_request", format!("The body exceeds {limit} bytes")),
            ),
            RejectionKind::BodyTimeout { .. } => {
                (StatusCode::REQUEST_TIMEOUT, oauth_error("invalid_request", TIMED_OUT))
            }
            RejectionKind::NotUtf8 { .. } => (
                StatusCode::BAD_REQUEST,
                oauth_error("invalid_request", "Invalid parameter encoding"),
            ),
            _ => (
                StatusCode::BAD_REQUEST,
                oauth_error("invalid_request", "Missing grant type"),
            ),
        };
        return rt::Reply(status).json(&[], JSON_MEDIA_TYPE, &body);
    }
    let (status, body) = match &rejection.kind {
        RejectionKind::NotFound | RejectionKind::MethodNotAllowed { .. } => (StatusCode::NOT_FOUND, unknown_request()),
        RejectionKind::MissingCredentials => (
            StatusCode::UNAUTHORIZED,
            error("NotAuthenticated", 10002, "Authentication error"),
        ),
        RejectionKind::UnsupportedMediaType => (
            StatusCode::BAD_REQUEST,
            error(
                "InvalidContentType",
                1003,
                "Invalid content type, expected: application/json",
            ),
        ),
        RejectionKind::BodyTooLarge { limit } => (
            StatusCode::BAD_REQUEST,
            parse_error(&format!("the body exceeds {limit} bytes")),
        ),
        RejectionKind::BodyTimeout { .. } => (StatusCode::REQUEST_TIMEOUT, error("InvalidRequest", 10004, TIMED_OUT)),
        RejectionKind::HeadersTooLarge { limit } => (
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            error(
                "InvalidRequest",
                10004,
                format!("The request headers exceed {limit} bytes"),
            ),
        ),
        RejectionKind::NotUtf8 {
            location: Location::Body,
        } => (StatusCode::BAD_REQUEST, parse_error("the body is not UTF-8")),
        RejectionKind::NotUtf8 { .. } => (StatusCode::BAD_REQUEST, bad_query("a value is not UTF-8")),
        RejectionKind::EmptyBody => (StatusCode::BAD_REQUEST, parse_error("Decoded JSON cannot be nil")),
        RejectionKind::MalformedBody { .. } => (StatusCode::BAD_REQUEST, parse_error("invalid JSON")),
        RejectionKind::Invalid {
            location: Location::Body,
            violations,
        } => (StatusCode::BAD_REQUEST, invalid_body(rejection.operation, violations)),
        // A path segment outside its enum is a route the real server does not have.
        RejectionKind::Invalid {
            location: Location::Path,
            ..
        } => (StatusCode::NOT_FOUND, unknown_request()),
        RejectionKind::Invalid { violations, .. } => (StatusCode::BAD_REQUEST, invalid_query(violations)),
    };
    rt::Reply(status).json(&[], JSON_MEDIA_TYPE, &body)
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    #[test]
    fn a_page_size_over_the_maximum_names_the_bound() {
        let violation = Violation {
            field: "results-per-page".into(),
            rule: Rule::Range {
                min: Some(1.0),
                max: Some(100.0),
                above: true,
            },
            value: Some(Value::from(101)),
        };

        assert_eq!(
            invalid_query(&[violation]).description,
            "The query parameter is invalid: results_per_page must be <= 100"
        );
    }
}
