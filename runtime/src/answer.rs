//! How a handler fails without leaving the statuses its operation documents.
//!
//! Codegen implements [`Documents`] on an operation's response enum for every status the spec lists, and gives
//! the enum a `From` for every [`Failure`] that converts into it. A vendor implements [`Failure`] for its error
//! types with `Documents` bounds, one per status the error can take. Then `?` on a vendor error compiles in a
//! handler exactly when the operation documents every status that error can be answered with: an undocumented
//! status is a build error that names the missing `Documents<STATUS, _>`.

use std::future::Future;

/// Implemented by an operation's response for each status it documents. `P` is what the variant carries: its
/// body, `()` when it has none, or a tuple of its headers (in spec order) followed by its body.
pub trait Documents<const STATUS: u16, P>: Sized {
    /// The variant's constructor (codegen writes the variant itself, or a closure destructuring the payload).
    const WITH: fn(P) -> Self;

    /// The response with this status and payload.
    fn with(payload: P) -> Self {
        (Self::WITH)(payload)
    }
}

/// A handler's failure that answers with one of `R`'s documented statuses.
pub trait Failure<R> {
    /// The response this failure is answered with.
    fn respond(self) -> R;
}

/// An API that accepts every credential refuses none: its `Denied` is `Infallible`, which answers every
/// operation.
impl<R> Failure<R> for std::convert::Infallible {
    fn respond(self) -> R {
        match self {}
    }
}

/// Runs a handler body whose every way out, success or failure, is one of its operation's responses.
pub async fn answer<R>(body: impl Future<Output = Result<R, R>>) -> R {
    match body.await {
        Ok(response) | Err(response) => response,
    }
}
