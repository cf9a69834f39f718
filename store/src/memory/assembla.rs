//! [`AssemblaStore`] in memory: the account (portfolio, tokens, API keys) and the spaces. Wiki names are indexed,
//! so a lookup by wiki name and the uniqueness check (no wiki name may be another space's id or wiki name) are map
//! lookups.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use indexmap::{IndexMap, IndexSet};

use super::{MemoryStore, fill, index_run, read, write};
use crate::{
    ApiKey, AssemblaRecords, AssemblaSpace, AssemblaSpaceChanges, AssemblaStore, Entity, Slice, StoreError, Window,
};

/// The Assembla records and their index.
#[derive(Debug, Default)]
pub(super) struct Records {
    spaces: IndexMap<String, AssemblaSpace>,
    /// Wiki names to their space's id.
    wiki_names: BTreeMap<String, String>,
    portfolio: Option<String>,
    tokens: IndexSet<String>,
    /// API keys to their secrets.
    api_keys: IndexMap<String, String>,
}

impl Records {
    /// Whether no record (not even a portfolio) is held.
    fn is_empty(&self) -> bool {
        self.spaces.is_empty() && self.portfolio.is_none() && self.tokens.is_empty() && self.api_keys.is_empty()
    }

    /// The id of the space with this id or wiki name.
    fn id_of(&self, id_or_wiki_name: &str) -> Option<String> {
        if self.spaces.contains_key(id_or_wiki_name) {
            return Some(id_or_wiki_name.to_owned());
        }
        self.wiki_names.get(id_or_wiki_name).cloned()
    }

    /// Adds a space: `Conflict` for its id taken or its wiki name another space's id or wiki name.
    fn insert_space(&mut self, space: AssemblaSpace) -> Result<(), StoreError> {
        if self.wiki_name_taken(&space.wiki_name, &space.id) || self.spaces.contains_key(&space.id) {
            return Err(StoreError::conflict(Entity::AssemblaSpace, &space.wiki_name));
        }
        self.wiki_names.insert(space.wiki_name.clone(), space.id.clone());
        self.spaces.insert(space.id.clone(), space);
        Ok(())
    }

    /// The records of an export; `Conflict` for a space, a token or an API key twice.
    fn from_records(records: AssemblaRecords) -> Result<Self, StoreError> {
        let mut data = Self {
            portfolio: records.portfolio,
            ..Self::default()
        };
        for space in records.spaces {
            data.insert_space(space)?;
        }
        for token in records.tokens {
            if !data.tokens.insert(token.clone()) {
                return Err(StoreError::conflict(Entity::Credential, token));
            }
        }
        for ApiKey { key, secret } in records.api_keys {
            if data.api_keys.insert(key.clone(), secret).is_some() {
                return Err(StoreError::conflict(Entity::Credential, key));
            }
        }
        Ok(data)
    }

    /// Whether `wiki_name` names a space other than `id`, by id or wiki name.
    fn wiki_name_taken(&self, wiki_name: &str, id: &str) -> bool {
        (wiki_name != id && self.spaces.contains_key(wiki_name))
            || self.wiki_names.get(wiki_name).is_some_and(|owner| owner != id)
    }
}

impl AssemblaStore for MemoryStore {
    async fn create_assembla_space(&self, space: AssemblaSpace) -> Result<AssemblaSpace, StoreError> {
        write(&self.assembla, |data| {
            data.insert_space(space.clone())?;
            Ok(space)
        })
    }

    async fn assembla_space(&self, id_or_wiki_name: &str) -> Result<AssemblaSpace, StoreError> {
        read(&self.assembla, |data| {
            data.id_of(id_or_wiki_name)
                .and_then(|id| data.spaces.get(&id).cloned())
                .ok_or_else(|| StoreError::not_found(Entity::AssemblaSpace, id_or_wiki_name))
        })
    }

    async fn select_assembla_spaces(&self, window: Window) -> Result<Slice<AssemblaSpace>, StoreError> {
        read(&self.assembla, |data| {
            index_run(&data.spaces, window, false, |_, space| Ok(space.clone()))
        })
    }

    async fn update_assembla_space(
        &self,
        id_or_wiki_name: &str,
        changes: AssemblaSpaceChanges,
        at: DateTime<Utc>,
    ) -> Result<AssemblaSpace, StoreError> {
        write(&self.assembla, |data| {
            let current = data
                .id_of(id_or_wiki_name)
                .and_then(|id| data.spaces.get(&id).cloned())
                .ok_or_else(|| StoreError::not_found(Entity::AssemblaSpace, id_or_wiki_name))?;
            let space = changes.applied_to(current, at);
            if data.wiki_name_taken(&space.wiki_name, &space.id) {
                return Err(StoreError::conflict(Entity::AssemblaSpace, &space.wiki_name));
            }
            if let Some(old) = data.spaces.insert(space.id.clone(), space.clone()) {
                data.wiki_names.remove(&old.wiki_name);
            }
            data.wiki_names.insert(space.wiki_name.clone(), space.id.clone());
            Ok(space)
        })
    }

    async fn delete_assembla_space(&self, id_or_wiki_name: &str) -> Result<(), StoreError> {
        write(&self.assembla, |data| {
            let id = data
                .id_of(id_or_wiki_name)
                .ok_or_else(|| StoreError::not_found(Entity::AssemblaSpace, id_or_wiki_name))?;
            if let Some(space) = data.spaces.shift_remove(&id) {
                data.wiki_names.remove(&space.wiki_name);
            }
            Ok(())
        })
    }

    async fn create_assembla_token(&self, token: String) -> Result<(), StoreError> {
        write(&self.assembla, |data| {
            data.tokens.insert(token);
            Ok(())
        })
    }

    async fn is_assembla_token(&self, token: &str) -> Result<bool, StoreError> {
        read(&self.assembla, |data| Ok(data.tokens.contains(token)))
    }

    async fn create_assembla_api_key(&self, key: ApiKey) -> Result<(), StoreError> {
        write(&self.assembla, |data| {
            data.api_keys.entry(key.key).or_insert(key.secret);
            Ok(())
        })
    }

    async fn assembla_api_secret(&self, key: &str) -> Result<Option<String>, StoreError> {
        read(&self.assembla, |data| Ok(data.api_keys.get(key).cloned()))
    }

    async fn set_assembla_portfolio(&self, portfolio: Option<String>) -> Result<(), StoreError> {
        write(&self.assembla, |data| {
            data.portfolio = portfolio;
            Ok(())
        })
    }

    async fn assembla_portfolio(&self) -> Result<Option<String>, StoreError> {
        read(&self.assembla, |data| Ok(data.portfolio.clone()))
    }

    async fn export_assembla(&self) -> Result<AssemblaRecords, StoreError> {
        read(&self.assembla, |data| {
            Ok(AssemblaRecords {
                portfolio: data.portfolio.clone(),
                tokens: data.tokens.iter().cloned().collect(),
                api_keys: data
                    .api_keys
                    .iter()
                    .map(|(key, secret)| ApiKey {
                        key: key.clone(),
                        secret: secret.clone(),
                    })
                    .collect(),
                spaces: data.spaces.values().cloned().collect(),
            })
        })
    }

    async fn replace_assembla(&self, records: AssemblaRecords) -> Result<(), StoreError> {
        let replacement = Records::from_records(records)?;
        write(&self.assembla, |data| *data = replacement);
        Ok(())
    }

    async fn fill_assembla(&self, records: AssemblaRecords) -> Result<bool, StoreError> {
        let replacement = Records::from_records(records)?;
        Ok(fill(&self.assembla, replacement, Records::is_empty))
    }
}
