//! Rejections as Rails answers them: an unknown route or suffix is the empty 404, missing credentials the
//! OAuth-style 401, and a body or parameter that breaks the spec Rails' errors hash (422) with Rails' messages, in
//! the format the request asked for.

use actix_web::{HttpResponse, http::StatusCode};

use super::errors::{BLANK, INVALID, NOT_IN_LIST, errors, one_error, unauthorized};
use crate::{
    generated::assembla::{CreateSpaceResponse, Operation, ValidationErrors},
    rt::{self, Location, Rejection, RejectionKind, Rule, Violation},
};

/// The fields with a value set (declared as `enum` in the spec): a value that is no integer at all is reported as
/// Rails reports an out-of-set one.
const VALUE_SET_FIELDS: &[&str] = &[
    "public_permissions",
    "team_permissions",
    "watcher_permissions",
    "status",
    "team_tab_role",
];

/// Rails' message for a rule a value broke.
fn message(violation: &Violation) -> String {
    match &violation.rule {
        Rule::Missing | Rule::Null => BLANK.to_owned(),
        Rule::Pattern if violation.field == "name" => BLANK.to_owned(),
        Rule::NotInEnum => NOT_IN_LIST.to_owned(),
        Rule::Type { .. } if VALUE_SET_FIELDS.contains(&violation.field.as_str()) => NOT_IN_LIST.to_owned(),
        Rule::Length { max: Some(max), .. } => format!("is too long (maximum is {max} characters)"),
        Rule::Range { .. } => NOT_IN_LIST.to_owned(),
        _ => INVALID.to_owned(),
    }
}

/// `response` with `status` instead of its own.
fn with_status(mut response: HttpResponse, status: StatusCode) -> HttpResponse {
    *response.status_mut() = status;
    response
}

/// Answers a request the glue refused, as Rails would.
pub(super) fn reject(rejection: Rejection<Operation>) -> HttpResponse {
    let unprocessable =
        |errors: ValidationErrors| CreateSpaceResponse::UnprocessableEntity(errors).into_http(rejection.format);
    match &rejection.kind {
        RejectionKind::NotFound | RejectionKind::MethodNotAllowed { .. } => rt::Reply(StatusCode::NOT_FOUND).empty(&[]),
        RejectionKind::Invalid {
            location: Location::Path,
            ..
        } => rt::Reply(StatusCode::NOT_FOUND).empty(&[]),
        RejectionKind::MissingCredentials => CreateSpaceResponse::Unauthorized {
            www_authenticate: "Bearer".to_owned(),
            body: unauthorized(),
        }
        .into_http(rt::Format::Json),
        RejectionKind::UnsupportedMediaType | RejectionKind::EmptyBody | RejectionKind::MalformedBody { .. } => {
            unprocessable(one_error("base", "request body could not be parsed"))
        }
        RejectionKind::BodyTooLarge { limit } => {
            unprocessable(one_error("base", &format!("request body is larger than {limit} bytes")))
        }
        // Rails' errors hash, in the format asked for, with 408; and with 400 for what Rails' parameter parser
        // refuses (`ActionController::BadRequest`: invalid %-encoding).
        RejectionKind::BodyTimeout { .. } => with_status(
            unprocessable(one_error("base", "request body did not arrive in time")),
            StatusCode::REQUEST_TIMEOUT,
        ),
        RejectionKind::HeadersTooLarge { limit } => with_status(
            unprocessable(one_error("base", &format!("request headers exceed {limit} bytes"))),
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
        ),
        RejectionKind::NotUtf8 { .. } => with_status(
            unprocessable(one_error("base", "invalid %-encoding")),
            StatusCode::BAD_REQUEST,
        ),
        // A body that is no object of parameters (`[1]`, `"x"`) cannot be parsed into them.
        RejectionKind::Invalid { violations, .. } => {
            unprocessable(errors(violations.iter().map(|v| match v.top_field() {
                "" => ("base".to_owned(), "request body could not be parsed".to_owned()),
                field => (field.to_owned(), message(v)),
            })))
        }
    }
}
