//! Why a store call failed, in domain terms: a missing record, a broken uniqueness rule, a record that still
//! holds others, or a backend that could not answer (with its cause). Nothing here knows about HTTP; each vendor
//! decides what a failure means for its own answer.

use std::error::Error;

/// The kinds of record the store keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    /// A Cloud Foundry organization.
    Organization,
    /// A Cloud Foundry space.
    Space,
    /// An audit event.
    Event,
    /// A background job.
    Job,
    /// A user.
    User,
    /// A Onezone space.
    OnezoneSpace,
    /// A Onezone space-creation token.
    SpaceToken,
    /// An Assembla space.
    AssemblaSpace,
    /// A credential a store keeps: a provider token, an Assembla token or API key.
    Credential,
}

/// Why a store call failed.
#[derive(Debug, thiserror::Error)]
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
    /// The record still holds others (an organization with spaces).
    #[error("{entity:?} {key} is not empty")]
    NotEmpty {
        /// What was to be deleted.
        entity: Entity,
        /// Its key.
        key: String,
    },
    /// The backend could not answer; `source` says why (a driver's or an I/O error).
    #[error("the store could not answer")]
    Unavailable {
        /// The cause.
        #[source]
        source: Box<dyn Error + Send + Sync>,
    },
}

impl StoreError {
    /// `NotFound` for `entity` by `key`.
    pub fn not_found(entity: Entity, key: impl Into<String>) -> Self {
        Self::NotFound {
            entity,
            key: key.into(),
        }
    }

    /// `Conflict` for `entity` on `key`.
    pub fn conflict(entity: Entity, key: impl Into<String>) -> Self {
        Self::Conflict {
            entity,
            key: key.into(),
        }
    }

    /// `Unavailable`, caused by `source`.
    pub fn unavailable(source: impl Into<Box<dyn Error + Send + Sync>>) -> Self {
        Self::Unavailable { source: source.into() }
    }
}
