//! [`OnezoneStore`] in memory. Each provider's supported spaces are indexed by their creation sequence, so a
//! provider's list is a range, not a scan of every space.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;

use super::{MemoryStore, fill, read, write};
use crate::{Entity, OnezoneRecords, OnezoneSelection, OnezoneSpace, OnezoneStore, Slice, SpaceToken, StoreError};

/// A Onezone space and its place in creation order.
#[derive(Debug)]
struct Stored {
    space: OnezoneSpace,
    sequence: u64,
}

/// The Onezone records and their indexes.
#[derive(Debug, Default)]
pub(super) struct Records {
    spaces: IndexMap<String, Stored>,
    /// The next creation sequence number.
    next: u64,
    /// Space ids by creation sequence.
    by_sequence: BTreeMap<u64, String>,
    /// (provider, creation sequence) of every support.
    supports: BTreeSet<(String, u64)>,
    provider_tokens: BTreeSet<String>,
    space_tokens: BTreeMap<String, SpaceToken>,
}

impl Records {
    /// Whether no record is held.
    fn is_empty(&self) -> bool {
        self.spaces.is_empty() && self.provider_tokens.is_empty() && self.space_tokens.is_empty()
    }

    /// Adds a space after every other: `Conflict` for its id taken.
    fn insert_space(&mut self, space: OnezoneSpace) -> Result<(), StoreError> {
        if self.spaces.contains_key(&space.id) {
            return Err(StoreError::conflict(Entity::OnezoneSpace, &space.id));
        }
        let sequence = self.next;
        self.next += 1;
        for provider in space.supports.keys() {
            self.supports.insert((provider.clone(), sequence));
        }
        self.by_sequence.insert(sequence, space.id.clone());
        self.spaces.insert(space.id.clone(), Stored { space, sequence });
        Ok(())
    }

    /// The records of an export; `Conflict` for a space id or a token twice.
    fn from_records(records: OnezoneRecords) -> Result<Self, StoreError> {
        let mut data = Self::default();
        for space in records.spaces {
            data.insert_space(space)?;
        }
        for token in records.provider_tokens {
            if !data.provider_tokens.insert(token.clone()) {
                return Err(StoreError::conflict(Entity::Credential, token));
            }
        }
        for token in records.space_tokens {
            if data.space_tokens.insert(token.token.clone(), token.clone()).is_some() {
                return Err(StoreError::conflict(Entity::SpaceToken, token.token));
            }
        }
        Ok(data)
    }
}

impl OnezoneStore for MemoryStore {
    async fn create_onezone_space(
        &self,
        space: OnezoneSpace,
        consume: Option<String>,
    ) -> Result<OnezoneSpace, StoreError> {
        write(&self.onezone, |data| {
            if data.spaces.contains_key(&space.id) {
                return Err(StoreError::conflict(Entity::OnezoneSpace, &space.id));
            }
            if let Some(token) = &consume {
                let entry = data
                    .space_tokens
                    .get_mut(token)
                    .ok_or_else(|| StoreError::not_found(Entity::SpaceToken, token))?;
                if entry.single_use && entry.used {
                    return Err(StoreError::conflict(Entity::SpaceToken, token));
                }
                entry.used = true;
            }
            data.insert_space(space.clone())?;
            Ok(space)
        })
    }

    async fn onezone_space(&self, id: &str) -> Result<OnezoneSpace, StoreError> {
        read(&self.onezone, |data| {
            data.spaces
                .get(id)
                .map(|stored| stored.space.clone())
                .ok_or_else(|| StoreError::not_found(Entity::OnezoneSpace, id))
        })
    }

    async fn select_onezone_spaces(&self, selection: &OnezoneSelection) -> Result<Slice<OnezoneSpace>, StoreError> {
        read(&self.onezone, |data| {
            let matching: Vec<&OnezoneSpace> = match &selection.supported_by {
                Some(provider) => data
                    .supports
                    .range((provider.clone(), 0)..)
                    .take_while(|(supporter, _)| supporter == provider)
                    .filter_map(|(_, sequence)| data.by_sequence.get(sequence))
                    .filter_map(|id| data.spaces.get(id))
                    .map(|stored| &stored.space)
                    .collect(),
                None => data.spaces.values().map(|stored| &stored.space).collect(),
            };
            Ok(selection.window.cut(matching.into_iter()))
        })
    }

    async fn support_onezone_space(&self, id: &str, provider: &str, size: i64) -> Result<OnezoneSpace, StoreError> {
        write(&self.onezone, |data| {
            let stored = data
                .spaces
                .get_mut(id)
                .ok_or_else(|| StoreError::not_found(Entity::OnezoneSpace, id))?;
            stored.space.supports.insert(provider.to_owned(), size);
            let (space, sequence) = (stored.space.clone(), stored.sequence);
            data.supports.insert((provider.to_owned(), sequence));
            Ok(space)
        })
    }

    async fn remove_onezone_support(&self, id: &str, provider: &str) -> Result<(), StoreError> {
        write(&self.onezone, |data| {
            let stored = data
                .spaces
                .get_mut(id)
                .ok_or_else(|| StoreError::not_found(Entity::OnezoneSpace, id))?;
            stored
                .space
                .supports
                .shift_remove(provider)
                .ok_or_else(|| StoreError::not_found(Entity::OnezoneSpace, id))?;
            let sequence = stored.sequence;
            data.supports.remove(&(provider.to_owned(), sequence));
            Ok(())
        })
    }

    async fn create_provider_token(&self, token: String) -> Result<(), StoreError> {
        write(&self.onezone, |data| {
            data.provider_tokens.insert(token);
            Ok(())
        })
    }

    async fn is_provider_token(&self, token: &str) -> Result<bool, StoreError> {
        read(&self.onezone, |data| Ok(data.provider_tokens.contains(token)))
    }

    async fn create_space_token(&self, token: SpaceToken) -> Result<(), StoreError> {
        write(&self.onezone, |data| {
            data.space_tokens.entry(token.token.clone()).or_insert(token);
            Ok(())
        })
    }

    async fn space_token(&self, token: &str) -> Result<Option<SpaceToken>, StoreError> {
        read(&self.onezone, |data| Ok(data.space_tokens.get(token).cloned()))
    }

    async fn export_onezone(&self) -> Result<OnezoneRecords, StoreError> {
        read(&self.onezone, |data| {
            Ok(OnezoneRecords {
                spaces: data.spaces.values().map(|stored| stored.space.clone()).collect(),
                provider_tokens: data.provider_tokens.iter().cloned().collect(),
                space_tokens: data.space_tokens.values().cloned().collect(),
            })
        })
    }

    async fn replace_onezone(&self, records: OnezoneRecords) -> Result<(), StoreError> {
        let replacement = Records::from_records(records)?;
        write(&self.onezone, |data| *data = replacement);
        Ok(())
    }

    async fn fill_onezone(&self, records: OnezoneRecords) -> Result<bool, StoreError> {
        let replacement = Records::from_records(records)?;
        Ok(fill(&self.onezone, replacement, Records::is_empty))
    }
}
