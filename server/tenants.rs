//! Tenants: every API is also served under `/t/{tenant}`, each tenant a world of its own, made on first use from
//! the fixtures in a store the backend opens for it. At most `--max-tenants` live at once: a new one takes the
//! place of the least recently used idle one (no request in flight), and only when every tenant is busy is it
//! answered 503. With `--tenant-idle`, a tenant unused that long is forgotten (its in-memory records with it; a
//! durable backend keeps them, and the tenant lives again with them at its next request, as after a restart).

use std::{
    collections::BTreeMap,
    sync::{
        Arc, Mutex, PoisonError,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use tokio::sync::OnceCell;

use crate::{
    snapshot,
    sources::Sources,
    store::{StoreError, Tenancy},
    world::{Blueprint, World},
};

/// How many tenants live at once unless `--max-tenants` says otherwise.
pub const DEFAULT_MAX_TENANTS: usize = 100;

/// Why a tenant's world could not be had.
#[derive(Debug, thiserror::Error)]
pub enum TenantError {
    /// As many tenants live as the limit allows, every one of them busy.
    #[error(
        "spaceport serves at most {0} tenants at once (--max-tenants); delete one (DELETE /__spaceport/tenants/{{tenant}}) or start it with a higher --max-tenants"
    )]
    Limit(usize),
    /// The backend could not open a store for it.
    #[error("the store for the tenant could not be opened")]
    Open(#[source] StoreError),
    /// Its fixtures could not be stored.
    #[error("the tenant's fixtures could not be stored")]
    Fill(#[source] StoreError),
}

/// A tenant's world, made once, and when it was last asked for.
struct Entry<S> {
    world: OnceCell<Arc<World<S>>>,
    /// Milliseconds from [`Tenants::epoch`] to its last use.
    used: AtomicU64,
    /// The [`Tenants::uses`] count at its last use: which of two tenants was used last, however close.
    order: AtomicU64,
}

type Slot<S> = Arc<Entry<S>>;

/// Whether a request (or a control call) holds the tenant's world now, or is about to (it holds the slot), or the
/// world is still being made.
fn busy<S>(slot: &Slot<S>) -> bool {
    Arc::strong_count(slot) > 1 || slot.world.get().is_none_or(|world| Arc::strong_count(world) > 1)
}

/// The live tenants.
pub struct Tenants<S> {
    live: Mutex<BTreeMap<String, Slot<S>>>,
    limit: usize,
    /// How long a tenant may go unused before it is forgotten (`None`: never).
    idle: Option<Duration>,
    /// Uses so far, across every tenant.
    uses: AtomicU64,
    /// What `Entry::used` counts from: the process's monotonic clock, not the app's (a fixed `--fixed-time`
    /// clock would never let a tenant go idle).
    epoch: Instant,
}

impl<S> std::fmt::Debug for Tenants<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tenants")
            .field("names", &self.names())
            .field("limit", &self.limit)
            .finish()
    }
}

/// `/t/{tenant}/rest` as the tenant and `/rest` (`/` when nothing follows), for a tenant name of 1 to 64 ASCII
/// letters, digits, `-` and `_`.
pub fn split(path: &str) -> Option<(&str, &str)> {
    let rest = path.strip_prefix("/t/")?;
    let (name, rest) = match rest.find('/') {
        Some(at) => (&rest[..at], &rest[at..]),
        None => (rest, "/"),
    };
    valid_name(name).then_some((name, rest))
}

/// Whether `name` can name a tenant.
pub fn valid_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl<S> Tenants<S> {
    /// No tenant yet, at most `limit` at once, each forgotten once unused for `idle` (never for `None`).
    pub fn new(limit: usize, idle: Option<Duration>) -> Self {
        Self {
            live: Mutex::new(BTreeMap::new()),
            limit,
            idle,
            uses: AtomicU64::new(0),
            epoch: Instant::now(),
        }
    }

    fn now(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// The live tenants, the ones idle past `--tenant-idle` forgotten first.
    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Slot<S>>> {
        // The map only ever holds complete entries, so a panic elsewhere cannot leave it half-written.
        let mut live = self.live.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(idle) = self.idle {
            let idle = u64::try_from(idle.as_millis()).unwrap_or(u64::MAX);
            let now = self.now();
            live.retain(|_, entry| busy(entry) || now.saturating_sub(entry.used.load(Ordering::Relaxed)) < idle);
        }
        live
    }

    /// How many tenants live.
    pub fn count(&self) -> usize {
        self.lock().len()
    }

    /// The limit.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// The live tenants' names, in order.
    pub fn names(&self) -> Vec<String> {
        self.lock().keys().cloned().collect()
    }

    /// Forgets a tenant, its world and records; `false` if it was not live.
    pub fn remove(&self, name: &str) -> bool {
        self.lock().remove(name).is_some()
    }

    /// The tenant's world if it is live and made.
    pub fn get(&self, name: &str) -> Option<Arc<World<S>>> {
        self.lock().get(name).and_then(|slot| slot.world.get().cloned())
    }
}

impl<S: Tenancy> Tenants<S> {
    /// The tenant's world, made on first use (once, however many requests ask at the same time): a store the
    /// backend opens next to `root`, the fixtures loaded into it.
    pub async fn world(
        &self,
        name: &str,
        root: &S,
        sources: &Arc<Sources>,
        blueprint: &Blueprint,
    ) -> Result<Arc<World<S>>, TenantError> {
        let slot = {
            let mut live = self.lock();
            if !live.contains_key(name) && live.len() >= self.limit {
                // The least recently used idle tenant makes room; when every one is busy, none does.
                let lru = live
                    .iter()
                    .filter(|(_, entry)| !busy(entry))
                    .min_by_key(|(_, entry)| entry.order.load(Ordering::Relaxed))
                    .map(|(lru, _)| lru.clone());
                match lru {
                    Some(lru) => live.remove(&lru),
                    None => return Err(TenantError::Limit(self.limit)),
                };
            }
            let slot = live
                .entry(name.to_owned())
                .or_insert_with(|| {
                    Arc::new(Entry {
                        world: OnceCell::new(),
                        used: AtomicU64::new(0),
                        order: AtomicU64::new(0),
                    })
                })
                .clone();
            slot.used.store(self.now(), Ordering::Relaxed);
            slot.order
                .store(self.uses.fetch_add(1, Ordering::Relaxed), Ordering::Relaxed);
            slot
        };
        let made = slot
            .world
            .get_or_try_init(|| async {
                let store = root.open_tenant(name).await.map_err(TenantError::Open)?;
                snapshot::fill(&store, &blueprint.origin)
                    .await
                    .map_err(TenantError::Fill)?;
                Ok(Arc::new(World::new(
                    Arc::new(store),
                    sources,
                    blueprint,
                    Some(name.to_owned()),
                )))
            })
            .await;
        match made {
            Ok(world) => Ok(world.clone()),
            Err(error) => {
                // A failed start leaves no entry behind, so the next request tries again.
                let mut live = self.lock();
                if live.get(name).is_some_and(|s| Arc::ptr_eq(s, &slot)) {
                    live.remove(name);
                }
                Err(error)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tenant_prefix_splits_off_a_valid_name() {
        assert_eq!(split("/t/team-1/v2/spaces"), Some(("team-1", "/v2/spaces")));
        assert_eq!(split("/t/x"), Some(("x", "/")));
        assert_eq!(split("/t/x/"), Some(("x", "/")));
        assert_eq!(split("/t//v2"), None);
        assert_eq!(split("/t/a.b/v2"), None);
        assert_eq!(split("/tenants/x"), None);
        assert_eq!(split(&format!("/t/{}/v2", "a".repeat(65))), None);
    }
}
