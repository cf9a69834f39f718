//! The Cloud Foundry records in memory and their indexes: organization names and space names (per
//! organization) by key, user names, tokens. Single writes and a whole replacement go through the same checked
//! inserts, so both keep the same rules.

use std::collections::BTreeMap;

use indexmap::IndexMap;

use crate::store::{
    Entity, NameKey, StoreError,
    cloud_foundry::{
        CloudFoundryRecords, Event, Job, Organization, Space, SpaceFilter, SpaceSelection, StaticToken, User,
    },
};

/// The Cloud Foundry records and their indexes.
#[derive(Debug, Default)]
pub(crate) struct Records {
    pub(super) organizations: IndexMap<String, Organization>,
    /// Organization name keys to their guid.
    pub(super) organization_names: BTreeMap<NameKey, String>,
    pub(super) spaces: IndexMap<String, Space>,
    /// (organization guid, space name key) to the space's guid.
    pub(super) space_names: BTreeMap<(String, NameKey), String>,
    pub(super) events: IndexMap<String, Event>,
    /// Whether some event was recorded with an earlier timestamp than the one before it (a clock set back):
    /// then recording order is not time order and event lists must sort.
    pub(super) events_out_of_time_order: bool,
    pub(super) jobs: IndexMap<String, Job>,
    pub(super) users: IndexMap<String, User>,
    /// User names to their guid.
    pub(super) usernames: BTreeMap<String, String>,
    /// Static bearer tokens to their user's guid.
    pub(super) tokens: BTreeMap<String, String>,
}

impl Records {
    /// The guids of an organization's spaces, from the name index (in name-key order).
    pub(super) fn space_guids_of<'a>(&'a self, organization: &'a str) -> impl Iterator<Item = &'a String> + 'a {
        self.space_names
            .range((organization.to_owned(), NameKey::of(""))..)
            .take_while(move |((owner, _), _)| owner == organization)
            .map(|(_, guid)| guid)
    }

    /// The positions (in creation order) of the only spaces that can satisfy `selection`, from the name index,
    /// when a filter pins the organization or the name (`Eq` or `In`); `None` when none does. The candidates
    /// still go through every filter.
    pub(super) fn space_candidates(&self, selection: &SpaceSelection) -> Option<Vec<usize>> {
        let organizations = selection.filters.iter().find_map(|filter| match filter {
            SpaceFilter::Organization(condition) => condition.pinned(),
            _ => None,
        });
        let names = selection.filters.iter().find_map(|filter| match filter {
            SpaceFilter::Name(condition) => condition.pinned(),
            _ => None,
        });
        let guids: Vec<&String> = match (organizations, names) {
            (None, None) => return None,
            (organizations, Some(names)) => {
                let organizations: Vec<&String> = match organizations {
                    Some(guids) => guids.iter().collect(),
                    None => self.organizations.keys().collect(),
                };
                organizations
                    .into_iter()
                    .flat_map(|organization| {
                        names
                            .iter()
                            .filter_map(|name| self.space_names.get(&(organization.clone(), name.clone())))
                    })
                    .collect()
            }
            (Some(organizations), None) => organizations
                .iter()
                .flat_map(|organization| self.space_guids_of(organization))
                .collect(),
        };
        let mut positions: Vec<usize> = guids.into_iter().filter_map(|g| self.spaces.get_index_of(g)).collect();
        positions.sort_unstable();
        positions.dedup();
        Some(positions)
    }

    /// Records an audit event.
    pub(super) fn record(&mut self, event: Event) {
        if self
            .events
            .last()
            .is_some_and(|(_, last)| event.timestamp < last.timestamp)
        {
            self.events_out_of_time_order = true;
        }
        self.events.insert(event.guid.clone(), event);
    }

    /// Whether another organization than `guid` has this name key.
    pub(super) fn organization_name_taken(&self, key: &NameKey, guid: &str) -> bool {
        self.organization_names.get(key).is_some_and(|owner| owner != guid)
    }

    /// Whether another space than `guid` in `organization` has this name key.
    pub(super) fn space_name_taken(&self, organization: &str, key: &NameKey, guid: &str) -> bool {
        self.space_names
            .get(&(organization.to_owned(), key.clone()))
            .is_some_and(|owner| owner != guid)
    }

    pub(super) fn forget_space_name(&mut self, space: &Space) {
        self.space_names
            .remove(&(space.organization_guid.clone(), space.name.key().clone()));
    }

    pub(super) fn remember_space_name(&mut self, space: &Space) {
        self.space_names.insert(
            (space.organization_guid.clone(), space.name.key().clone()),
            space.guid.clone(),
        );
    }

    /// Adds an organization: `Conflict` for its guid or its name key taken.
    pub(super) fn insert_organization(&mut self, organization: Organization) -> Result<(), StoreError> {
        if self.organizations.contains_key(&organization.guid) {
            return Err(StoreError::conflict(Entity::Organization, &organization.guid));
        }
        if self.organization_name_taken(organization.name.key(), &organization.guid) {
            return Err(StoreError::conflict(Entity::Organization, organization.name.as_str()));
        }
        self.organization_names
            .insert(organization.name.key().clone(), organization.guid.clone());
        self.organizations.insert(organization.guid.clone(), organization);
        Ok(())
    }

    /// Adds a space: `NotFound` for its organization missing, `Conflict` for its name key in the organization or
    /// its guid taken.
    pub(super) fn insert_space(&mut self, space: Space) -> Result<(), StoreError> {
        if !self.organizations.contains_key(&space.organization_guid) {
            return Err(StoreError::not_found(Entity::Organization, &space.organization_guid));
        }
        if self.space_name_taken(&space.organization_guid, space.name.key(), &space.guid) {
            return Err(StoreError::conflict(Entity::Space, space.name.as_str()));
        }
        if self.spaces.contains_key(&space.guid) {
            return Err(StoreError::conflict(Entity::Space, &space.guid));
        }
        self.remember_space_name(&space);
        self.spaces.insert(space.guid.clone(), space);
        Ok(())
    }

    /// Adds a user: `Conflict` for its user name or guid taken.
    pub(super) fn insert_user(&mut self, user: User) -> Result<(), StoreError> {
        if self.usernames.contains_key(&user.username) {
            return Err(StoreError::conflict(Entity::User, &user.username));
        }
        if self.users.contains_key(&user.guid) {
            return Err(StoreError::conflict(Entity::User, &user.guid));
        }
        self.usernames.insert(user.username.clone(), user.guid.clone());
        self.users.insert(user.guid.clone(), user);
        Ok(())
    }

    /// Points a static token at a user: `NotFound` for the user missing.
    pub(super) fn insert_token(&mut self, token: StaticToken) -> Result<(), StoreError> {
        if !self.users.contains_key(&token.user_guid) {
            return Err(StoreError::not_found(Entity::User, &token.user_guid));
        }
        self.tokens.insert(token.token, token.user_guid);
        Ok(())
    }

    /// The records of an export, every single write's rule checked; `Conflict` for an event or job guid twice.
    pub(super) fn from_records(records: CloudFoundryRecords) -> Result<Self, StoreError> {
        let mut data = Self::default();
        for organization in records.organizations {
            data.insert_organization(organization)?;
        }
        for space in records.spaces {
            data.insert_space(space)?;
        }
        for event in records.events {
            if data.events.contains_key(&event.guid) {
                return Err(StoreError::conflict(Entity::Event, &event.guid));
            }
            data.record(event);
        }
        for job in records.jobs {
            if data.jobs.insert(job.guid.clone(), job.clone()).is_some() {
                return Err(StoreError::conflict(Entity::Job, &job.guid));
            }
        }
        for user in records.users {
            data.insert_user(user)?;
        }
        for token in records.tokens {
            data.insert_token(token)?;
        }
        Ok(data)
    }

    /// Every record, in the order kept.
    pub(super) fn to_records(&self) -> CloudFoundryRecords {
        CloudFoundryRecords {
            organizations: self.organizations.values().cloned().collect(),
            spaces: self.spaces.values().cloned().collect(),
            events: self.events.values().cloned().collect(),
            jobs: self.jobs.values().cloned().collect(),
            users: self.users.values().cloned().collect(),
            tokens: self
                .tokens
                .iter()
                .map(|(token, user_guid)| StaticToken {
                    token: token.clone(),
                    user_guid: user_guid.clone(),
                })
                .collect(),
        }
    }
}
