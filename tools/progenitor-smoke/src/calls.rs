//! Which operations a generated client called: its inner value, filled by the `pre` hook of every request.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, PoisonError};

/// The operation ids a client sent requests for (progenitor's snake-case method names, `get_space`). Clones
/// share one record, so each API's clients (anonymous and logged in, or two providers) add to the same one.
#[derive(Debug, Clone, Default)]
pub struct Calls(Arc<Mutex<BTreeSet<&'static str>>>);

impl Calls {
    /// Records a request for `operation_id`.
    pub fn record(&self, operation_id: &'static str) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(operation_id);
    }

    /// Every operation id recorded so far.
    pub fn called(&self) -> BTreeSet<&'static str> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
}
