//! The request journal: every vendor API request a world served, in a bounded ring (`--journal-size`), so a test
//! can read what its client sent and wait for a request instead of sleeping. [`capture`] records requests on
//! their way through the app; [`mask`] hides their credentials first.

pub mod capture;
pub mod mask;

use std::{
    collections::VecDeque,
    future::{Future as _, poll_fn},
    pin::pin,
    sync::Arc,
    task::Poll,
    time::Duration,
};

use spaceport_runtime::Surface;
use tokio::sync::watch;

use crate::generated::{
    assembla, cloud_foundry,
    control::{ApiName, JournalEntry},
    onezone,
};

/// What the journal knows of a vendor API from its spec: its operations (for near misses) and where its
/// credentials travel (for masking).
pub fn surface(api: ApiName) -> &'static Surface {
    static SURFACES: [Surface; 3] = [cloud_foundry::SURFACE, assembla::SURFACE, onezone::SURFACE];
    &SURFACES[index(api)]
}

/// The vendor APIs, in the order of the per-API arrays ([`index`]).
const APIS: [ApiName; 3] = [ApiName::CloudFoundry, ApiName::Assembla, ApiName::Onezone];

/// A vendor API's place in the per-API arrays, [`APIS`]'s order.
fn index(api: ApiName) -> usize {
    match api {
        ApiName::CloudFoundry => 0,
        ApiName::Assembla => 1,
        ApiName::Onezone => 2,
    }
}

/// How many entries a journal keeps unless `--journal-size` says otherwise.
pub const DEFAULT_JOURNAL_SIZE: usize = 1000;

/// Which entries a read wants; an absent criterion matches every entry.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only this API's.
    pub api: Option<ApiName>,
    /// Only this operation's (its `operationId`).
    pub operation: Option<String>,
    /// Only this method's, ignoring case.
    pub method: Option<String>,
    /// Only those answered with this status.
    pub status: Option<u16>,
    /// Only unmatched ones (`true`) or only matched ones (`false`).
    pub unmatched: Option<bool>,
    /// Only those after this sequence number.
    pub since: Option<u64>,
}

impl Filter {
    fn matches(&self, entry: &Entry) -> bool {
        let record = &entry.record;
        self.since.is_none_or(|since| entry.seq > since)
            && self.api.is_none_or(|api| record.api == api)
            && self
                .operation
                .as_deref()
                .is_none_or(|operation| record.operation.as_deref() == Some(operation))
            && self
                .method
                .as_deref()
                .is_none_or(|method| record.method.eq_ignore_ascii_case(method))
            && self.status.is_none_or(|status| entry.status == status)
            && self
                .unmatched
                .is_none_or(|unmatched| record.operation.is_none() == unmatched)
    }
}

/// One journaled request, its number and status kept typed for filtering.
#[derive(Debug)]
struct Entry {
    seq: u64,
    status: u16,
    record: JournalEntry,
}

#[derive(Debug, Default)]
struct Ring {
    entries: VecDeque<Arc<Entry>>,
    last_seq: u64,
}

/// What a wait found.
#[derive(Debug)]
pub enum Waited {
    /// Enough entries matched.
    Enough(Vec<JournalEntry>),
    /// The time ran out, or the server began to stop; these matched by then.
    TimedOut(Vec<JournalEntry>),
}

/// A world's journal: a ring of at most `capacity` entries (none when 0), numbered from 1.
#[derive(Debug)]
pub struct Journal {
    capacity: usize,
    ring: std::sync::Mutex<Ring>,
    arrivals: watch::Sender<u64>,
}

impl Journal {
    /// An empty journal keeping the last `capacity` entries; 0 turns it off.
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            ring: std::sync::Mutex::new(Ring::default()),
            arrivals: watch::Sender::new(0),
        }
    }

    /// Whether it records anything.
    pub fn is_on(&self) -> bool {
        self.capacity > 0
    }

    fn ring(&self) -> std::sync::MutexGuard<'_, Ring> {
        // The ring is consistent after every statement, so a panic elsewhere while holding it leaves it usable.
        self.ring.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Records `record` (its `seq` is set here) and wakes the waiters.
    pub fn record(&self, status: u16, mut record: JournalEntry) {
        if !self.is_on() {
            return;
        }
        let seq = {
            let mut ring = self.ring();
            ring.last_seq += 1;
            let seq = ring.last_seq;
            record.seq = i64::try_from(seq).unwrap_or(i64::MAX);
            if ring.entries.len() == self.capacity {
                ring.entries.pop_front();
            }
            ring.entries.push_back(Arc::new(Entry { seq, status, record }));
            seq
        };
        self.arrivals.send_replace(seq);
    }

    fn matching(&self, filter: &Filter) -> Vec<Arc<Entry>> {
        self.ring()
            .entries
            .iter()
            .filter(|entry| filter.matches(entry))
            .cloned()
            .collect()
    }

    /// The first `limit` (all for `None`) entries `filter` matches, oldest first.
    pub fn select(&self, filter: &Filter, limit: Option<usize>) -> Vec<JournalEntry> {
        let matching = self.matching(filter);
        let limit = limit.unwrap_or(matching.len());
        matching.iter().take(limit).map(|entry| entry.record.clone()).collect()
    }

    /// How many entries `filter` matches.
    pub fn count(&self, filter: &Filter) -> usize {
        self.ring().entries.iter().filter(|entry| filter.matches(entry)).count()
    }

    /// Forgets every entry (of `api` only, when given); numbering goes on, so a `since` taken before still means
    /// "after that".
    pub fn clear(&self, api: Option<ApiName>) {
        let mut ring = self.ring();
        match api {
            None => ring.entries.clear(),
            Some(api) => ring.entries.retain(|entry| entry.record.api != api),
        }
    }

    /// Waits until `count` entries match `filter`, `timeout` has passed or `stopping` says the server is stopping,
    /// and lists the matching ones.
    pub async fn wait(
        &self,
        filter: &Filter,
        count: usize,
        timeout: Duration,
        mut stopping: watch::Receiver<bool>,
    ) -> Waited {
        let mut arrivals = self.arrivals.subscribe();
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            // Marks the current arrival as seen before reading, so one landing between the read and the wait
            // below still wakes it.
            arrivals.borrow_and_update();
            let matching = self.select(filter, None);
            if matching.len() >= count {
                return Waited::Enough(matching);
            }
            let arrived = {
                let mut changed = pin!(tokio::time::timeout_at(deadline, arrivals.changed()));
                let mut stopped = pin!(stopping.wait_for(|stopping| *stopping));
                poll_fn(|cx| match changed.as_mut().poll(cx) {
                    Poll::Ready(result) => Poll::Ready(matches!(result, Ok(Ok(())))),
                    Poll::Pending => stopped.as_mut().poll(cx).map(|_| false),
                })
                .await
            };
            if !arrived {
                return Waited::TimedOut(self.select(filter, None));
            }
        }
    }
}

#[cfg(test)]
mod tests;
