//! Assembla's errors: Rails' errors hash (422) with Rails' messages, the OAuth-style 401, the empty 404 of an
//! unknown space, and Rails' public exception body for a 500, each a failure typed by its status. A 500 logs its
//! cause when it is made.

use indexmap::IndexMap;

use crate::{
    generated::assembla::{AuthError, ServerError as ServerErrorBody, ValidationErrors},
    rt::{Documents, Failure},
    store::StoreError,
    vendors::failures,
};

/// Rails' message for a missing or blank value.
pub(super) const BLANK: &str = "can't be blank";
/// Rails' message for a value outside its set.
pub(super) const NOT_IN_LIST: &str = "is not included in the list";
/// Rails' message for a malformed value.
pub(super) const INVALID: &str = "is invalid";
/// Rails' message for a value another record has.
pub(super) const TAKEN: &str = "has already been taken";

/// Rails' errors hash from (field, message) pairs, fields in the order they first fail.
pub(super) fn errors(entries: impl IntoIterator<Item = (String, String)>) -> ValidationErrors {
    let mut map: IndexMap<String, Vec<String>> = IndexMap::new();
    for (field, message) in entries {
        map.entry(field).or_default().push(message);
    }
    ValidationErrors(map)
}

/// Rails' errors hash with one message.
pub(super) fn one_error(field: &str, message: &str) -> ValidationErrors {
    errors([(field.to_owned(), message.to_owned())])
}

/// The 401 body.
pub(super) fn unauthorized() -> AuthError {
    AuthError {
        error: "invalid_token".to_owned(),
        error_description: "The access token is missing or invalid.".to_owned(),
    }
}

/// 401 with `WWW-Authenticate: Bearer` for credentials strict mode does not know, or 500 when the store cannot
/// say.
pub enum Denied {
    /// 401.
    Unauthenticated,
    /// 500.
    Failed(ServerError),
}

impl From<StoreError> for Denied {
    fn from(failure: StoreError) -> Self {
        Self::Failed(failure.into())
    }
}

impl<R> Failure<R> for Denied
where
    R: Documents<401, (String, AuthError)> + Documents<500, ServerErrorBody>,
{
    fn respond(self) -> R {
        match self {
            Self::Unauthenticated => R::with(("Bearer".to_owned(), unauthorized())),
            Self::Failed(failure) => failure.respond(),
        }
    }
}

/// 422 with Rails' errors hash.
pub(super) struct Unprocessable(pub ValidationErrors);

impl<R: Documents<422, ValidationErrors>> Failure<R> for Unprocessable {
    fn respond(self) -> R {
        R::with(self.0)
    }
}

/// 500 with Rails' public exception body; making one logs its cause.
pub(super) type ServerError = failures::ServerError<ServerErrorBody>;

impl failures::ServerErrorBody for ServerErrorBody {
    fn server_error() -> Self {
        ServerErrorBody {
            status: 500,
            error: "Internal Server Error".to_owned(),
        }
    }
}

/// 404 or 500: the space the path names is not there, or the store failed.
pub(super) enum Missing {
    /// 404.
    NotFound,
    /// 500.
    Failed(ServerError),
}

impl From<StoreError> for Missing {
    fn from(failure: StoreError) -> Self {
        match failure {
            StoreError::NotFound { .. } => Self::NotFound,
            failure => Self::Failed(failure.into()),
        }
    }
}

impl<R: Documents<404, ()> + Documents<500, ServerErrorBody>> Failure<R> for Missing {
    fn respond(self) -> R {
        match self {
            Self::NotFound => <R as Documents<404, ()>>::with(()),
            Self::Failed(failure) => failure.respond(),
        }
    }
}

/// 422 or 500: a write the store refused for a taken wiki name, or could not make.
pub(super) enum Unsaved {
    /// 422.
    Taken,
    /// 404, when the space went away meanwhile.
    Gone,
    /// 500.
    Failed(ServerError),
}

impl From<StoreError> for Unsaved {
    fn from(failure: StoreError) -> Self {
        match failure {
            StoreError::Conflict { .. } => Self::Taken,
            StoreError::NotFound { .. } => Self::Gone,
            failure => Self::Failed(failure.into()),
        }
    }
}

impl<R> Failure<R> for Unsaved
where
    R: Documents<404, ()> + Documents<422, ValidationErrors> + Documents<500, ServerErrorBody>,
{
    fn respond(self) -> R {
        match self {
            Self::Taken => <R as Documents<422, ValidationErrors>>::with(one_error("wiki_name", TAKEN)),
            Self::Gone => <R as Documents<404, ()>>::with(()),
            Self::Failed(failure) => failure.respond(),
        }
    }
}
