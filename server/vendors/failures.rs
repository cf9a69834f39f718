//! What every vendor's 500 shares: making one logs its cause (the failure and its chain of sources), and the
//! client gets only the vendor's fixed body, which each vendor names by implementing [`ServerErrorBody`] for
//! its error schema.

use std::{error::Error, marker::PhantomData};

use crate::{
    rt::{Documents, Failure},
    store::StoreError,
};

/// A vendor's fixed 500 body.
pub(crate) trait ServerErrorBody {
    /// The body.
    fn server_error() -> Self;
}

/// 500 with the body `B`. Making one logs its cause.
pub struct ServerError<B>(PhantomData<B>);

impl<B> ServerError<B> {
    /// The 500 for `cause`, logged.
    pub(crate) fn caused_by(cause: &(dyn Error + 'static)) -> Self {
        let mut chain = cause.to_string();
        let mut source = cause.source();
        while let Some(next) = source {
            chain.push_str(": ");
            chain.push_str(&next.to_string());
            source = next.source();
        }
        tracing::error!(cause = %chain, "answering 500");
        Self(PhantomData)
    }
}

impl<B> From<StoreError> for ServerError<B> {
    fn from(failure: StoreError) -> Self {
        Self::caused_by(&failure)
    }
}

impl<B: ServerErrorBody, R: Documents<500, B>> Failure<R> for ServerError<B> {
    fn respond(self) -> R {
        R::with(B::server_error())
    }
}
