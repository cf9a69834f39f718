//! [`AssemblaStore`] in memory. Wiki names are indexed, so a lookup by wiki name and the uniqueness check (no wiki
//! name may be another space's id or wiki name) are map lookups.

use std::collections::BTreeMap;

use indexmap::IndexMap;

use super::{MemoryStore, index_run, read, write};
use crate::store::{AssemblaSpace, AssemblaStore, Entity, Slice, StoreError, Window};

/// The Assembla records and their index.
#[derive(Debug, Default)]
pub(super) struct Records {
    spaces: IndexMap<String, AssemblaSpace>,
    /// Wiki names to their space's id.
    wiki_names: BTreeMap<String, String>,
}

impl Records {
    /// The id of the space with this id or wiki name.
    fn id_of(&self, id_or_wiki_name: &str) -> Option<String> {
        if self.spaces.contains_key(id_or_wiki_name) {
            return Some(id_or_wiki_name.to_owned());
        }
        self.wiki_names.get(id_or_wiki_name).cloned()
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
            if data.wiki_name_taken(&space.wiki_name, &space.id) || data.spaces.contains_key(&space.id) {
                return Err(StoreError::conflict(Entity::AssemblaSpace, &space.wiki_name));
            }
            data.wiki_names.insert(space.wiki_name.clone(), space.id.clone());
            data.spaces.insert(space.id.clone(), space.clone());
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
        read(&self.assembla, |data| Ok(index_run(&data.spaces, window, false)))
    }

    async fn update_assembla_space(&self, space: AssemblaSpace) -> Result<AssemblaSpace, StoreError> {
        write(&self.assembla, |data| {
            if !data.spaces.contains_key(&space.id) {
                return Err(StoreError::not_found(Entity::AssemblaSpace, &space.id));
            }
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
}
