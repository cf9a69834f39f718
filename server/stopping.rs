//! The server's stop as the requests that wait learn of it: once a signal has begun the drain, a long-poll wait
//! answers at once with what it has, instead of outliving the drain and being dropped unanswered.

use std::sync::Arc;

use tokio::sync::watch;

/// Whether the server is stopping; every clone sees the same stop.
#[derive(Debug, Clone)]
pub struct Stopping(Arc<watch::Sender<bool>>);

impl Default for Stopping {
    fn default() -> Self {
        Self(Arc::new(watch::Sender::new(false)))
    }
}

impl Stopping {
    /// Marks the server stopping and wakes whoever waits on [`Self::subscribe`].
    pub fn begin(&self) {
        self.0.send_replace(true);
    }

    /// A receiver whose `wait_for(|stopping| *stopping)` completes once the stop has begun (at once if it has).
    pub fn subscribe(&self) -> watch::Receiver<bool> {
        self.0.subscribe()
    }
}
