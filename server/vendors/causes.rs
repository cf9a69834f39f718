//! Every 500 logs its cause: the vendors' server-error types call [`log`] when they are made, with the failure and
//! its chain of sources, while the client gets only the vendor's fixed 500 body.

use std::error::Error;

/// Logs why a request is answered 500.
pub(crate) fn log(cause: &(dyn Error + 'static)) {
    let mut chain = cause.to_string();
    let mut source = cause.source();
    while let Some(next) = source {
        chain.push_str(": ");
        chain.push_str(&next.to_string());
        source = next.source();
    }
    tracing::error!(cause = %chain, "answering 500");
}
