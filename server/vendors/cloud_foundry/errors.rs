//! Cloud Foundry's errors: the `{description, error_code, code}` bodies the real Cloud Controller sends, and the
//! failures a handler answers with, each typed by the statuses it can take. A failure converts (`?`) into an
//! operation's response only where the spec documents every one of those statuses; a 500 logs its cause when it
//! is made.

use crate::{
    generated::cloud_foundry::{CfError, OAuthError},
    rt::{Documents, Failure},
    store::StoreError,
    vendors::{
        cloud_foundry::auth::Refusal,
        failures::{self, ServerErrorBody},
    },
};

/// A CF error body: `CF-<name>`, its code, its description.
pub(super) fn error(name: &str, code: i64, description: impl Into<String>) -> CfError {
    CfError {
        description: description.into(),
        error_code: format!("CF-{name}"),
        code,
    }
}

/// 1001: a body or parameter that does not parse.
pub(super) fn parse_error(detail: &str) -> CfError {
    error(
        "MessageParseError",
        1001,
        format!("Request invalid due to parse error: {detail}"),
    )
}

/// 1002: a related record that does not exist.
pub(super) fn invalid_relation(description: String) -> CfError {
    error("InvalidRelation", 1002, description)
}

/// 40001: a space's field that breaks a rule.
pub(super) fn space_invalid(detail: &str) -> CfError {
    error(
        "SpaceInvalid",
        40001,
        format!("The app space info is invalid: {detail}"),
    )
}

/// 30001: an organization's field that breaks a rule.
pub(super) fn organization_invalid(detail: &str) -> CfError {
    error(
        "OrganizationInvalid",
        30001,
        format!("The organization info is invalid: {detail}"),
    )
}

/// 10005: a list parameter outside its grammar.
pub(super) fn bad_query(detail: &str) -> CfError {
    error(
        "BadQueryParameter",
        10005,
        format!("The query parameter is invalid: {detail}"),
    )
}

/// 40004.
pub(super) fn space_not_found(guid: &str) -> CfError {
    error(
        "SpaceNotFound",
        40004,
        format!("The app space could not be found: {guid}"),
    )
}

/// 30003.
pub(super) fn organization_not_found(guid: &str) -> CfError {
    error(
        "OrganizationNotFound",
        30003,
        format!("The organization could not be found: {guid}"),
    )
}

/// 40002.
pub(super) fn space_name_taken(name: &str) -> CfError {
    error("SpaceNameTaken", 40002, format!("The app space name is taken: {name}"))
}

/// 30002.
pub(super) fn organization_name_taken(name: &str) -> CfError {
    error(
        "OrganizationNameTaken",
        30002,
        format!("The organization name is taken: {name}"),
    )
}

/// 1002 for an organization guid that names none.
pub(super) fn unknown_organization(guid: &str) -> CfError {
    invalid_relation(format!("Could not find Organization with guid: {guid}"))
}

/// 1002 for a user guid: spaceport keeps no users in roles, so every one is unknown.
pub(super) fn unknown_user(guid: &str) -> CfError {
    invalid_relation(format!("Could not find VCAP::CloudController::User with guid: {guid}"))
}

/// 10000: a route the real server does not have.
pub(super) fn unknown_request() -> CfError {
    error("NotFound", 10000, "Unknown request")
}

/// UAA's `{error, error_description}`.
pub(super) fn oauth_error(error: &str, description: impl Into<String>) -> OAuthError {
    OAuthError {
        error: error.to_owned(),
        error_description: description.into(),
    }
}

/// The 403 for a caller whose scopes do not allow an operation.
pub(super) fn refusal_error(refusal: Refusal) -> CfError {
    match refusal {
        Refusal::InsufficientScope => error(
            "InsufficientScope",
            10007,
            "Your token lacks the necessary scopes to access this resource.",
        ),
        Refusal::NotAuthorized => error(
            "NotAuthorized",
            10003,
            "You are not authorized to perform the requested action",
        ),
    }
}

/// 400.
pub(super) struct BadRequest(pub CfError);

impl<R: Documents<400, CfError>> Failure<R> for BadRequest {
    fn respond(self) -> R {
        R::with(self.0)
    }
}

/// 404.
pub(super) struct NotFound(pub CfError);

impl<R: Documents<404, CfError>> Failure<R> for NotFound {
    fn respond(self) -> R {
        R::with(self.0)
    }
}

/// 500 `CF-ServerError`; making one logs its cause.
pub(super) type ServerError = failures::ServerError<CfError>;

impl ServerErrorBody for CfError {
    fn server_error() -> Self {
        error("ServerError", 10001, "Server error")
    }
}

/// 500 with UAA's body, on the token endpoint; making one logs its cause.
pub(super) type UaaServerError = failures::ServerError<OAuthError>;

impl ServerErrorBody for OAuthError {
    fn server_error() -> Self {
        oauth_error("server_error", "Internal Server Error")
    }
}

/// 401, 403 or 500: the caller did not get through.
pub enum Denied {
    /// 401: no identity.
    Unauthenticated(CfError),
    /// 403: an identity without the right.
    Refused(CfError),
    /// 500: the store failed.
    Failed(ServerError),
}

impl<R> Failure<R> for Denied
where
    R: Documents<401, CfError> + Documents<403, CfError> + Documents<500, CfError>,
{
    fn respond(self) -> R {
        match self {
            Self::Unauthenticated(error) => <R as Documents<401, CfError>>::with(error),
            Self::Refused(error) => <R as Documents<403, CfError>>::with(error),
            Self::Failed(failure) => failure.respond(),
        }
    }
}

/// 404 or 500: a record the request names is not there, or the store failed.
pub(super) enum Missing {
    /// 404.
    NotFound(CfError),
    /// 500.
    Failed(ServerError),
}

impl<R: Documents<404, CfError> + Documents<500, CfError>> Failure<R> for Missing {
    fn respond(self) -> R {
        match self {
            Self::NotFound(error) => <R as Documents<404, CfError>>::with(error),
            Self::Failed(failure) => failure.respond(),
        }
    }
}

/// What a store result means for a CF answer.
pub(super) trait Stored<T> {
    /// The value, or a 500.
    fn or_server_error(self) -> Result<T, ServerError>;

    /// The value, or `missing` as a 404 when the store found nothing, or a 500.
    fn or_missing(self, missing: impl FnOnce() -> CfError) -> Result<T, Missing>;
}

impl<T> Stored<T> for Result<T, StoreError> {
    fn or_server_error(self) -> Result<T, ServerError> {
        self.map_err(ServerError::from)
    }

    fn or_missing(self, missing: impl FnOnce() -> CfError) -> Result<T, Missing> {
        self.map_err(|failure| match failure {
            StoreError::NotFound { .. } => Missing::NotFound(missing()),
            failure => Missing::Failed(failure.into()),
        })
    }
}

/// 400 or 500: a list's parameters outside their grammar, or a store that failed.
pub(super) enum Unlisted {
    /// 400.
    BadQuery(CfError),
    /// 500.
    Failed(ServerError),
}

impl From<BadRequest> for Unlisted {
    fn from(BadRequest(error): BadRequest) -> Self {
        Self::BadQuery(error)
    }
}

impl From<StoreError> for Unlisted {
    fn from(failure: StoreError) -> Self {
        Self::Failed(failure.into())
    }
}

impl<R: Documents<400, CfError> + Documents<500, CfError>> Failure<R> for Unlisted {
    fn respond(self) -> R {
        match self {
            Self::BadQuery(error) => <R as Documents<400, CfError>>::with(error),
            Self::Failed(failure) => failure.respond(),
        }
    }
}
