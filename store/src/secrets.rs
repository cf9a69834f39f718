//! Secrets the server keeps with its records, by name: a token signing key made once and kept, so a restart on the
//! same data (or another process on the same database) verifies the tokens issued before.

use std::future::Future;

use crate::StoreError;

/// A backend's secrets.
pub trait Secrets {
    /// The secret kept under `name`, or, when none is, `fresh`, kept and returned: of many callers racing with
    /// different `fresh` values, every one gets the one value kept.
    fn kept_secret(&self, name: &str, fresh: Vec<u8>) -> impl Future<Output = Result<Vec<u8>, StoreError>> + Send;
}
