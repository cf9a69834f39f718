//! Onezone's errors: `{error, error_description}` with the ids and texts of that API generation, and the
//! failures a handler answers with, each typed by the statuses it can take. A 401 always carries
//! `WWW-Authenticate`; a 500 logs its cause when it is made.

use crate::{
    generated::onezone::Error,
    rt::{Documents, Failure},
    store::StoreError,
    vendors::failures::{self, ServerErrorBody},
};

/// The value `WWW-Authenticate` carries on every 401, as the real server sent it.
pub(super) const CHALLENGE: &str = "error=invalid_token";

/// An error body.
pub(super) fn error(id: &str, description: impl Into<String>) -> Error {
    Error {
        error: id.to_owned(),
        error_description: description.into(),
    }
}

/// The answer to a token (provider, space-creation or support) that does not validate.
pub(super) fn invalid_token() -> Error {
    error("invalid_token", "Provided token could not be validated.")
}

/// The answer to a space the caller cannot see.
pub(super) fn not_found() -> Error {
    error("not_found", "The space was not found.")
}

/// 400.
pub(super) struct BadRequest(pub Error);

impl<R: Documents<400, Error>> Failure<R> for BadRequest {
    fn respond(self) -> R {
        R::with(self.0)
    }
}

/// 404.
pub(super) struct NotFound(pub Error);

impl<R: Documents<404, Error>> Failure<R> for NotFound {
    fn respond(self) -> R {
        R::with(self.0)
    }
}

/// 500; making one logs its cause.
pub(super) type ServerError = failures::ServerError<Error>;

impl ServerErrorBody for Error {
    fn server_error() -> Self {
        error("internal_server_error", "The store could not answer.")
    }
}

/// 401, 403 or 500: the caller is no provider.
pub enum Denied {
    /// 401, with the challenge.
    Unauthenticated(Error),
    /// 403.
    Refused(Error),
    /// 500.
    Failed(ServerError),
}

impl<R> Failure<R> for Denied
where
    R: Documents<401, (String, Error)> + Documents<403, Error> + Documents<500, Error>,
{
    fn respond(self) -> R {
        match self {
            Self::Unauthenticated(error) => R::with((CHALLENGE.to_owned(), error)),
            Self::Refused(error) => <R as Documents<403, Error>>::with(error),
            Self::Failed(failure) => failure.respond(),
        }
    }
}

/// 400 or 500: a token in the body that does not validate, or a store that failed.
pub(super) enum Invalid {
    /// 400.
    BadRequest(Error),
    /// 500.
    Failed(ServerError),
}

impl From<StoreError> for Invalid {
    fn from(failure: StoreError) -> Self {
        Self::Failed(failure.into())
    }
}

impl<R: Documents<400, Error> + Documents<500, Error>> Failure<R> for Invalid {
    fn respond(self) -> R {
        match self {
            Self::BadRequest(error) => <R as Documents<400, Error>>::with(error),
            Self::Failed(failure) => failure.respond(),
        }
    }
}
