//! The store: domain records and the [`Store`] trait the vendor modules call, with the in-memory implementation
//! that is the embedded default.
//!
//! The trait speaks in domain terms and knows nothing about HTTP. Its methods are async and fallible so a durable
//! implementation (an embedded database, PostgreSQL) can implement it later and pass the same tests. Every write
//! that must be atomic with a check (a unique name, an existing parent, an audit event) is one method, so no
//! failure leaves half a write behind.

use std::{
    future::Future,
    sync::{PoisonError, RwLock},
};

use chrono::{DateTime, Utc};
use indexmap::IndexMap;
use serde_json::Value;

/// The kinds of record the store keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    /// A Cloud Foundry organization.
    Organization,
    /// A Cloud Foundry space.
    Space,
}

/// Why a store call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// The record (or a parent it needs) does not exist.
    #[error("{entity:?} {key} not found")]
    NotFound {
        /// What was looked up.
        entity: Entity,
        /// The key it was looked up by.
        key: String,
    },
    /// A uniqueness rule would be broken.
    #[error("{entity:?} {key} already exists")]
    Conflict {
        /// What would be duplicated.
        entity: Entity,
        /// The duplicated key.
        key: String,
    },
    /// The backend could not answer.
    #[error("store unavailable: {0}")]
    Unavailable(String),
}

/// A Cloud Foundry organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    /// Its id.
    pub guid: String,
    /// Its name, unique ignoring case across the deployment.
    pub name: String,
    /// `active` or `suspended`.
    pub status: String,
    /// Whether billing is enabled.
    pub billing_enabled: bool,
    /// The quota it is attached to.
    pub quota_definition_guid: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was last updated.
    pub updated_at: Option<DateTime<Utc>>,
}

/// A Cloud Foundry space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Space {
    /// Its id.
    pub guid: String,
    /// Its name, unique ignoring case within its organization.
    pub name: String,
    /// The owning organization.
    pub organization_guid: String,
    /// Whether SSH to its apps may be enabled.
    pub allow_ssh: bool,
    /// Its isolation segment.
    pub isolation_segment_guid: Option<String>,
    /// Its space quota.
    pub space_quota_definition_guid: Option<String>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was last updated.
    pub updated_at: Option<DateTime<Utc>>,
}

/// An audit event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Its id.
    pub guid: String,
    /// `audit.space.create`, …
    pub kind: String,
    /// Who acted (a user or client id).
    pub actor: String,
    /// `user`.
    pub actor_type: String,
    /// The actor's email, or empty.
    pub actor_name: String,
    /// The actor's user name, or empty.
    pub actor_username: String,
    /// What was acted on.
    pub actee: String,
    /// `space`, `organization`, …
    pub actee_type: String,
    /// The actee's name.
    pub actee_name: String,
    /// When.
    pub timestamp: DateTime<Utc>,
    /// Free-form details, `{"request": …}`.
    pub metadata: Value,
    /// The space involved, or empty.
    pub space_guid: String,
    /// The organization involved.
    pub organization_guid: String,
}

/// The operations the vendor modules need, in domain terms.
pub trait Store: Send + Sync + 'static {
    /// Adds an organization. `Conflict` if another has the same name ignoring case.
    fn create_organization(
        &self,
        organization: Organization,
        event: Option<Event>,
    ) -> impl Future<Output = Result<Organization, StoreError>> + Send;

    /// The organization with this guid.
    fn organization(&self, guid: &str) -> impl Future<Output = Result<Organization, StoreError>> + Send;

    /// Adds a space and its audit event together. `NotFound` if its organization does not exist, `Conflict` if the
    /// organization already has a space with the same name ignoring case.
    fn create_space(&self, space: Space, event: Event) -> impl Future<Output = Result<Space, StoreError>> + Send;

    /// The space with this guid.
    fn space(&self, guid: &str) -> impl Future<Output = Result<Space, StoreError>> + Send;

    /// Every audit event, oldest first.
    fn events(&self) -> impl Future<Output = Result<Vec<Event>, StoreError>> + Send;
}

#[derive(Debug, Default)]
struct Data {
    organizations: IndexMap<String, Organization>,
    spaces: IndexMap<String, Space>,
    events: Vec<Event>,
}

/// The in-memory store: one lock around ordered maps, so every method is atomic and lists keep creation order.
#[derive(Debug, Default)]
pub struct MemoryStore {
    data: RwLock<Data>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn read<T>(&self, f: impl FnOnce(&Data) -> T) -> T {
        // A panic while holding the lock cannot leave a half-applied write: every write checks first, then mutates.
        f(&self.data.read().unwrap_or_else(PoisonError::into_inner))
    }

    fn write<T>(&self, f: impl FnOnce(&mut Data) -> T) -> T {
        f(&mut self.data.write().unwrap_or_else(PoisonError::into_inner))
    }
}

fn same_name(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

impl Store for MemoryStore {
    async fn create_organization(
        &self,
        organization: Organization,
        event: Option<Event>,
    ) -> Result<Organization, StoreError> {
        self.write(|data| {
            if data
                .organizations
                .values()
                .any(|o| same_name(&o.name, &organization.name))
            {
                return Err(StoreError::Conflict {
                    entity: Entity::Organization,
                    key: organization.name.clone(),
                });
            }
            data.organizations
                .insert(organization.guid.clone(), organization.clone());
            data.events.extend(event);
            Ok(organization)
        })
    }

    async fn organization(&self, guid: &str) -> Result<Organization, StoreError> {
        self.read(|data| {
            data.organizations
                .get(guid)
                .cloned()
                .ok_or_else(|| StoreError::NotFound {
                    entity: Entity::Organization,
                    key: guid.to_owned(),
                })
        })
    }

    async fn create_space(&self, space: Space, event: Event) -> Result<Space, StoreError> {
        self.write(|data| {
            if !data.organizations.contains_key(&space.organization_guid) {
                return Err(StoreError::NotFound {
                    entity: Entity::Organization,
                    key: space.organization_guid.clone(),
                });
            }
            let taken = data
                .spaces
                .values()
                .any(|s| s.organization_guid == space.organization_guid && same_name(&s.name, &space.name));
            if taken {
                return Err(StoreError::Conflict {
                    entity: Entity::Space,
                    key: space.name.clone(),
                });
            }
            data.spaces.insert(space.guid.clone(), space.clone());
            data.events.push(event);
            Ok(space)
        })
    }

    async fn space(&self, guid: &str) -> Result<Space, StoreError> {
        self.read(|data| {
            data.spaces.get(guid).cloned().ok_or_else(|| StoreError::NotFound {
                entity: Entity::Space,
                key: guid.to_owned(),
            })
        })
    }

    async fn events(&self) -> Result<Vec<Event>, StoreError> {
        self.read(|data| Ok(data.events.clone()))
    }
}
