//! spaceport's store: the domain records of each API and the narrow traits the app's vendor modules call, one per
//! API, with the three backends that implement them (in memory, the default; SQLite, embedded and durable;
//! PostgreSQL, shared between processes), the SQL the last two share, and [`StoreError`].
//!
//! Nothing here knows about HTTP (no web framework is among this crate's dependencies). Every method is async and
//! fallible, so the durable backends implement the same traits as the in-memory one. The semantics are written so
//! SQL can implement them: names that are unique ignoring case compare by a key the domain computes ([`NameKey`]);
//! listings are selections with conditions, an order and a [`Window`] (`None` for "all", never a sentinel),
//! answered with the total and the window's records; an update is a change set the backend applies inside its
//! write ([`AssemblaSpaceChanges`], `cloud_foundry::SpaceChanges`); a failure carries its cause. A backend proves
//! itself by passing the conformance suite (`conformance`, public with the `conformance` feature so a backend in
//! another crate can run it too), written once against these traits.

pub mod assembla;
mod backend;
pub mod cloud_foundry;
#[cfg(any(test, feature = "conformance"))]
pub mod conformance;
mod error;
mod memory;
mod name;
pub mod onezone;
mod postgres;
mod secrets;
mod selection;
mod sql;
mod sqlite;

pub use self::{
    assembla::{ApiKey, AssemblaRecords, AssemblaSpace, AssemblaSpaceChanges, AssemblaStore},
    backend::{Backend, Storage},
    cloud_foundry::CloudFoundryStore,
    error::{Entity, StoreError},
    memory::MemoryStore,
    name::{Name, NameKey},
    onezone::{OnezoneRecords, OnezoneSelection, OnezoneSpace, OnezoneStore, SpaceToken},
    postgres::PostgresStore,
    secrets::Secrets,
    selection::{Comparison, Condition, Slice, Window},
    sqlite::SqliteStore,
};

/// A backend for every API: what the app runs on.
pub trait Store: CloudFoundryStore + OnezoneStore + AssemblaStore {}

impl<S: CloudFoundryStore + OnezoneStore + AssemblaStore> Store for S {}

/// A backend that opens a separate store for each tenant (a durable one would open a namespace of its own), and
/// keeps the server's secrets.
pub trait Tenancy: Store + Secrets + Sized {
    /// The store for `tenant`, beside this one: empty, or as a durable backend last left it.
    fn open_tenant(&self, tenant: &str) -> impl std::future::Future<Output = Result<Self, StoreError>> + Send;
}

impl Tenancy for MemoryStore {
    async fn open_tenant(&self, _tenant: &str) -> Result<Self, StoreError> {
        Ok(Self::new())
    }
}
