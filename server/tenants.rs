//! Tenants: every API is also served under `/t/{tenant}`, each tenant a world of its own, made on first use from
//! the fixtures in a store the backend opens for it. At most a documented number live at once; a request for
//! another is answered 503 until one is deleted through the control API.

use std::{
    collections::BTreeMap,
    sync::{Arc, Mutex, PoisonError},
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
    /// As many tenants live as the limit allows.
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

/// A tenant's world, made once.
type Slot<S> = Arc<OnceCell<Arc<World<S>>>>;

/// The live tenants.
pub struct Tenants<S> {
    live: Mutex<BTreeMap<String, Slot<S>>>,
    limit: usize,
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
    /// No tenant yet, at most `limit` at once.
    pub fn new(limit: usize) -> Self {
        Self {
            live: Mutex::new(BTreeMap::new()),
            limit,
        }
    }

    /// The limit.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// How many tenants live.
    pub fn count(&self) -> usize {
        self.lock().len()
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
        self.lock().get(name).and_then(|slot| slot.get().cloned())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Slot<S>>> {
        // The map only ever holds complete entries, so a panic elsewhere cannot leave it half-written.
        self.live.lock().unwrap_or_else(PoisonError::into_inner)
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
            match live.get(name) {
                Some(slot) => slot.clone(),
                None if live.len() >= self.limit => return Err(TenantError::Limit(self.limit)),
                None => live.entry(name.to_owned()).or_default().clone(),
            }
        };
        let made = slot
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
