//! The control API's failures, each answered as a `Problem` with the status its operations document, and its
//! rejections (a parameter or body that breaks the spec) as 400 naming the parameter or the body's JSON pointer.

use actix_web::{HttpResponse, http::StatusCode};
use spaceport_runtime::{Documents, Failure, Location, Rejection, RejectionKind, Rule, Violation};

use crate::{
    generated::control::{Operation, Problem},
    store::StoreError,
    tenants::TenantError,
    world::StateError,
};

/// A control API problem: the machine-readable `error`, the `message`, and where in the body, if anywhere.
pub(crate) fn problem(error: &str, message: impl Into<String>, pointer: Option<String>) -> Problem {
    Problem {
        error: error.to_owned(),
        message: message.into(),
        pointer,
    }
}

/// The tenant's world could not be had: 503.
#[derive(Debug)]
pub struct Unavailable(pub TenantError);

impl<R: Documents<503, Problem>> Failure<R> for Unavailable {
    fn respond(self) -> R {
        tracing::warn!(error = %self.0, "a tenant's world could not be had");
        R::with(problem("tenant_unavailable", self.0.to_string(), None))
    }
}

/// A read, filter or delete named a tenant that does not live: 404 (it never makes one).
#[derive(Debug)]
pub struct UnknownTenant(pub String);

impl<R: Documents<404, Problem>> Failure<R> for UnknownTenant {
    fn respond(self) -> R {
        R::with(problem(
            "unknown_tenant",
            format!(
                "no tenant named {} lives; a request under /t/{}/ or PUT /__spaceport/tenants/{} makes it",
                self.0, self.0, self.0
            ),
            None,
        ))
    }
}

/// The store failed while forgetting tenants: 500, its cause logged.
#[derive(Debug)]
pub struct StoreFailure(pub StoreError);

impl<R: Documents<500, Problem>> Failure<R> for StoreFailure {
    fn respond(self) -> R {
        tracing::error!(
            error = &self.0 as &dyn std::error::Error,
            "the store failed a control request"
        );
        R::with(problem("store_unavailable", "the store could not answer", None))
    }
}

/// Why reading, replacing or resetting a world's state failed: 400 naming the pointer, or 500.
#[derive(Debug)]
pub struct StateFailure(StateError);

impl From<StateError> for StateFailure {
    fn from(error: StateError) -> Self {
        Self(error)
    }
}

impl From<StoreError> for StateFailure {
    fn from(error: StoreError) -> Self {
        Self(StateError::Store(error))
    }
}

impl<R> Failure<R> for StateFailure
where
    R: Documents<400, Problem> + Documents<500, Problem>,
{
    fn respond(self) -> R {
        match self.0 {
            StateError::Invalid(invalid) => {
                <R as Documents<400, Problem>>::with(problem("invalid_state", invalid.message, Some(invalid.pointer)))
            }
            StateError::Store(error) => StoreFailure(error).respond(),
        }
    }
}

/// A dotted violation path (`cloud_foundry.organizations[0].name`) as an RFC 6901 pointer.
pub fn pointer(field: &str) -> String {
    let mut out = String::new();
    for part in field.split('.').filter(|part| !part.is_empty()) {
        let mut pieces = part.split('[');
        if let Some(name) = pieces.next().filter(|name| !name.is_empty()) {
            out.push('/');
            out.push_str(&name.replace('~', "~0").replace('/', "~1"));
        }
        for index in pieces {
            out.push('/');
            out.push_str(index.trim_end_matches(']'));
        }
    }
    out
}

/// What a broken rule says: `is required`, `must be at most 60000`.
fn describe(rule: &Rule) -> String {
    match rule {
        Rule::Missing => "is required".to_owned(),
        Rule::Null => "must not be null".to_owned(),
        Rule::Type { expected, .. } => format!("must be of type {expected:?}").to_lowercase(),
        Rule::NotInEnum => "is not one of the allowed values".to_owned(),
        Rule::Unknown => "is not a known field".to_owned(),
        Rule::Length { min, max } => match (min, max) {
            (Some(min), Some(max)) => format!("must hold {min} to {max} items or characters"),
            (Some(min), None) => format!("must hold at least {min} items or characters"),
            (None, Some(max)) => format!("must hold at most {max} items or characters"),
            (None, None) => "has the wrong length".to_owned(),
        },
        Rule::Range { min, max, above } => match (above, min, max) {
            (true, _, Some(max)) => format!("must be at most {max}"),
            (false, Some(min), _) => format!("must be at least {min}"),
            _ => "is out of range".to_owned(),
        },
        Rule::Pattern => "does not match the required pattern".to_owned(),
        Rule::Unconvertible => "cannot be represented".to_owned(),
    }
}

fn violation_problem(location: Location, violation: &Violation) -> Problem {
    let rule = describe(&violation.rule);
    match location {
        Location::Body => problem(
            "invalid_request",
            format!("the body {rule}"),
            Some(pointer(&violation.field)),
        ),
        _ => problem("invalid_request", format!("`{}` {rule}", violation.field), None),
    }
}

/// Answers what the glue refused, before any handler ran.
pub fn reject(rejection: Rejection<Operation>) -> HttpResponse {
    let mut allowed = None;
    let (status, body) = match rejection.kind {
        RejectionKind::NotFound => (
            StatusCode::NOT_FOUND,
            problem("not_found", "no control operation has this path", None),
        ),
        RejectionKind::MethodNotAllowed { allow } => {
            allowed = Some(allow.join(", "));
            (
                StatusCode::METHOD_NOT_ALLOWED,
                problem(
                    "method_not_allowed",
                    format!("this path serves {}", allow.join(", ")),
                    None,
                ),
            )
        }
        RejectionKind::MissingCredentials => (
            StatusCode::UNAUTHORIZED,
            problem("unauthorized", "credentials are required", None),
        ),
        RejectionKind::UnsupportedMediaType => (
            StatusCode::BAD_REQUEST,
            problem("invalid_request", "the body must be application/json", None),
        ),
        RejectionKind::BodyTooLarge { limit } => (
            StatusCode::BAD_REQUEST,
            problem(
                "invalid_request",
                format!("the body is larger than {limit} bytes"),
                None,
            ),
        ),
        RejectionKind::HeadersTooLarge { limit } => (
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            problem(
                "headers_too_large",
                format!("the request headers exceed {limit} bytes"),
                None,
            ),
        ),
        RejectionKind::NotUtf8 { .. } => (
            StatusCode::BAD_REQUEST,
            problem("invalid_request", "a value is not UTF-8", None),
        ),
        RejectionKind::BodyTimeout { .. } => (
            StatusCode::REQUEST_TIMEOUT,
            problem("request_timeout", "the body did not arrive in time", None),
        ),
        RejectionKind::EmptyBody => (
            StatusCode::BAD_REQUEST,
            problem("invalid_request", "a body is required", Some(String::new())),
        ),
        RejectionKind::MalformedBody { .. } => (
            StatusCode::BAD_REQUEST,
            problem("invalid_request", "the body is not valid JSON", Some(String::new())),
        ),
        RejectionKind::Invalid { location, violations } => match violations.first() {
            Some(first) => (StatusCode::BAD_REQUEST, violation_problem(location, first)),
            None => (
                StatusCode::BAD_REQUEST,
                problem("invalid_request", "the request breaks a rule", None),
            ),
        },
    };
    let headers: &[crate::rt::Header<'_>] = match &allowed {
        Some(allow) => &[("Allow", allow)],
        None => &[],
    };
    crate::rt::Reply(status).json(headers, crate::generated::control::JSON_MEDIA_TYPE, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn violation_paths_become_json_pointers() {
        assert_eq!(pointer(""), "");
        assert_eq!(pointer("cloud_foundry"), "/cloud_foundry");
        assert_eq!(
            pointer("cloud_foundry.organizations[0].name"),
            "/cloud_foundry/organizations/0/name"
        );
        assert_eq!(pointer("m[2][1]"), "/m/2/1");
        assert_eq!(pointer("a/b"), "/a~1b");
    }
}
