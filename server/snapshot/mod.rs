//! A world's records as a state document and back: what `GET`/`PUT /__spaceport/state` answer and take, what a
//! fixtures file holds, and what a reset puts back. `import` checks every rule the store keeps and names the
//! JSON pointer of the value at fault; `export` writes every field, so an exported document imports to the same
//! records.

mod export;
mod import;

use std::fmt;

pub use self::{export::export, import::import};
use crate::{
    generated::control::ApiName,
    store::{AssemblaRecords, OnezoneRecords, Store, StoreError, cloud_foundry::CloudFoundryRecords},
};

/// The guid of the quota every Cloud Foundry organization is attached to: the deployment's default quota, which
/// every world has from its start and which no state document needs to name.
pub const DEFAULT_QUOTA_GUID: &str = "8d9e5a4e-0b61-4f5e-9c5a-6d0d5f3c7a10";

/// Every record of a world, by API.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorldRecords {
    /// Cloud Foundry's.
    pub cloud_foundry: CloudFoundryRecords,
    /// Onezone's.
    pub onezone: OnezoneRecords,
    /// Assembla's.
    pub assembla: AssemblaRecords,
}

/// A document that breaks a rule: where, and which.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// An RFC 6901 pointer to the value at fault.
    pub pointer: String,
    /// What is wrong with it.
    pub message: String,
}

impl Invalid {
    /// The problem `message` at `pointer`.
    pub fn new(pointer: String, message: impl Into<String>) -> Self {
        Self {
            pointer,
            message: message.into(),
        }
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

impl std::error::Error for Invalid {}

/// Every record of the world `store` holds.
pub async fn read(store: &impl Store) -> Result<WorldRecords, StoreError> {
    Ok(WorldRecords {
        cloud_foundry: store.export_cloud_foundry().await?,
        onezone: store.export_onezone().await?,
        assembla: store.export_assembla().await?,
    })
}

/// Replaces the records of every API `wants` names with `records`' own, API by API (each in one step).
pub async fn replace_where(
    store: &impl Store,
    records: &WorldRecords,
    wants: impl Fn(ApiName) -> bool,
) -> Result<(), StoreError> {
    if wants(ApiName::CloudFoundry) {
        store.replace_cloud_foundry(records.cloud_foundry.clone()).await?;
    }
    if wants(ApiName::Onezone) {
        store.replace_onezone(records.onezone.clone()).await?;
    }
    if wants(ApiName::Assembla) {
        store.replace_assembla(records.assembla.clone()).await?;
    }
    Ok(())
}

/// Stores `records` into every API of `store` that holds none yet, each checked and stored in one step, so filling a
/// store that kept its state (a restart on a durable backend, or another process on the same database starting
/// at the same time) changes nothing, and a used single-use token stays used.
pub async fn fill(store: &impl Store, records: &WorldRecords) -> Result<(), StoreError> {
    store.fill_cloud_foundry(records.cloud_foundry.clone()).await?;
    store.fill_onezone(records.onezone.clone()).await?;
    store.fill_assembla(records.assembla.clone()).await?;
    Ok(())
}
