//! The in-memory backend, the embedded default: per API, one lock around insertion-ordered maps and the indexes
//! that keep uniqueness checks and pinned lookups from scanning. Every method takes its API's lock once, checks,
//! then writes, so each call is atomic and a refused write changes nothing.

mod assembla;
mod cloud_foundry;
mod onezone;

use std::sync::{PoisonError, RwLock};

use indexmap::IndexMap;

use crate::{Slice, Window};

/// The in-memory store.
#[derive(Debug, Default)]
pub struct MemoryStore {
    cloud_foundry: RwLock<cloud_foundry::Records>,
    onezone: RwLock<onezone::Records>,
    assembla: RwLock<assembla::Records>,
    secrets: RwLock<std::collections::BTreeMap<String, Vec<u8>>>,
}

impl crate::Secrets for MemoryStore {
    async fn kept_secret(&self, name: &str, fresh: Vec<u8>) -> Result<Vec<u8>, crate::StoreError> {
        let mut secrets = self.secrets.write().unwrap_or_else(PoisonError::into_inner);
        Ok(secrets.entry(name.to_owned()).or_insert(fresh).clone())
    }
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }
}

/// Runs `f` on the records behind `lock`, shared.
fn read<R, T>(lock: &RwLock<R>, f: impl FnOnce(&R) -> T) -> T {
    // A panic while holding the lock cannot leave a half-applied write: every write checks first, then mutates.
    f(&lock.read().unwrap_or_else(PoisonError::into_inner))
}

/// Runs `f` on the records behind `lock`, exclusively.
fn write<R, T>(lock: &RwLock<R>, f: impl FnOnce(&mut R) -> T) -> T {
    f(&mut lock.write().unwrap_or_else(PoisonError::into_inner))
}

/// Puts `replacement` in place of the records behind `lock` if `empty` finds they hold none, in one exclusive
/// step: whether it did.
fn fill<R>(lock: &RwLock<R>, replacement: R, empty: impl FnOnce(&R) -> bool) -> bool {
    write(lock, |data| {
        let fills = empty(data);
        if fills {
            *data = replacement;
        }
        fills
    })
}

/// The window's run of every record in insertion order (or its reverse), each made by `item`, with the total: an
/// index range, whatever the number of records.
fn index_run<K, V, T, E>(
    records: &IndexMap<K, V>,
    window: Window,
    descending: bool,
    item: impl Fn(&K, &V) -> Result<T, E>,
) -> Result<Slice<T>, E> {
    let total = records.len();
    let range = window.range(total);
    let positions: Box<dyn Iterator<Item = usize>> = if descending {
        Box::new((total - range.end..total - range.start).rev())
    } else {
        Box::new(range)
    };
    let items = positions
        .filter_map(|i| records.get_index(i))
        .map(|(key, value)| item(key, value))
        .collect::<Result<_, _>>()?;
    Ok(Slice { total, items })
}

#[cfg(test)]
mod tests {
    use super::MemoryStore;

    crate::conformance::suite!(MemoryStore::new);
}
