//! The Cloud Foundry records in memory and their indexes: organization names and space names (per
//! organization) by key, user names, tokens. Spaces and events are kept as compact rows (see `rows`). Single
//! writes and a whole replacement go through the same checked inserts, so both keep the same rules.

use std::collections::BTreeMap;

use indexmap::IndexMap;

use super::rows::{EventRow, Guid, SpaceRow, Texts};
use crate::{
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
    pub(super) spaces: IndexMap<Guid, SpaceRow>,
    /// (organization guid, space name key) to the space's guid.
    pub(super) space_names: BTreeMap<(Guid, NameKey), Guid>,
    pub(super) events: IndexMap<Guid, EventRow>,
    /// The texts the events refer to.
    pub(super) texts: Texts,
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
    /// Whether no record is held.
    pub(super) fn is_empty(&self) -> bool {
        self.organizations.is_empty()
            && self.spaces.is_empty()
            && self.events.is_empty()
            && self.jobs.is_empty()
            && self.users.is_empty()
            && self.tokens.is_empty()
    }

    /// The guids of an organization's spaces, from the name index (in name-key order).
    pub(super) fn space_guids_of<'a>(&'a self, organization: &'a Guid) -> impl Iterator<Item = &'a Guid> + 'a {
        self.space_names
            .range((organization.clone(), NameKey::of(""))..)
            .take_while(move |((owner, _), _)| owner == organization)
            .map(|(_, guid)| guid)
    }

    /// The space kept under `guid`, if any.
    pub(super) fn space(&self, guid: &str) -> Option<Space> {
        let guid = Guid::new(guid);
        self.spaces.get(&guid).map(|row| row.space(&guid))
    }

    /// The spaces at `positions` (in creation order), or every space when `None`.
    pub(super) fn spaces_at(&self, positions: Option<Vec<usize>>) -> Box<dyn Iterator<Item = Space> + '_> {
        let rows: Box<dyn Iterator<Item = (&Guid, &SpaceRow)>> = match positions {
            Some(positions) => Box::new(positions.into_iter().filter_map(|i| self.spaces.get_index(i))),
            None => Box::new(self.spaces.iter()),
        };
        Box::new(rows.map(|(guid, row)| row.space(guid)))
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
        let organizations: Vec<Guid> = match (organizations, names) {
            (None, None) => return None,
            (Some(guids), _) => guids.iter().map(|guid| Guid::new(guid)).collect(),
            (None, Some(_)) => self.organizations.keys().map(|guid| Guid::new(guid)).collect(),
        };
        let guids: Vec<&Guid> = match names {
            Some(names) => organizations
                .iter()
                .flat_map(|organization| {
                    names
                        .iter()
                        .filter_map(|name| self.space_names.get(&(organization.clone(), name.clone())))
                })
                .collect(),
            None => organizations
                .iter()
                .flat_map(|organization| self.space_guids_of(organization))
                .collect(),
        };
        let mut positions: Vec<usize> = guids.into_iter().filter_map(|g| self.spaces.get_index_of(g)).collect();
        positions.sort_unstable();
        positions.dedup();
        Some(positions)
    }

    /// `event` as a row to record, its texts interned: made before a write changes anything, so a failure leaves
    /// nothing behind.
    pub(super) fn event_row(&mut self, event: &Event) -> Result<(Guid, EventRow), StoreError> {
        EventRow::new(event, &mut self.texts)
    }

    /// Records an audit event made by [`Self::event_row`].
    pub(super) fn record(&mut self, (guid, event): (Guid, EventRow)) {
        if self
            .events
            .last()
            .is_some_and(|(_, last)| event.timestamp < last.timestamp)
        {
            self.events_out_of_time_order = true;
        }
        self.events.insert(guid, event);
    }

    /// Whether another organization than `guid` has this name key.
    pub(super) fn organization_name_taken(&self, key: &NameKey, guid: &str) -> bool {
        self.organization_names.get(key).is_some_and(|owner| owner != guid)
    }

    /// Whether another space than `guid` in `organization` has this name key.
    pub(super) fn space_name_taken(&self, organization: &Guid, key: &NameKey, guid: &Guid) -> bool {
        self.space_names
            .get(&(organization.clone(), key.clone()))
            .is_some_and(|owner| owner != guid)
    }

    pub(super) fn forget_space_name(&mut self, row: &SpaceRow) {
        self.space_names
            .remove(&(row.organization.clone(), NameKey::of(&row.name)));
    }

    pub(super) fn remember_space_name(&mut self, guid: &Guid, row: &SpaceRow) {
        self.space_names
            .insert((row.organization.clone(), NameKey::of(&row.name)), guid.clone());
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
    pub(super) fn insert_space(&mut self, space: &Space) -> Result<(), StoreError> {
        if !self.organizations.contains_key(&space.organization_guid) {
            return Err(StoreError::not_found(Entity::Organization, &space.organization_guid));
        }
        let (guid, row) = SpaceRow::new(space);
        if self.space_name_taken(&row.organization, space.name.key(), &guid) {
            return Err(StoreError::conflict(Entity::Space, space.name.as_str()));
        }
        if self.spaces.contains_key(&guid) {
            return Err(StoreError::conflict(Entity::Space, &space.guid));
        }
        self.space_names
            .insert((row.organization.clone(), space.name.key().clone()), guid.clone());
        self.spaces.insert(guid, row);
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
        for space in &records.spaces {
            data.insert_space(space)?;
        }
        for event in &records.events {
            let row = data.event_row(event)?;
            if data.events.contains_key(&row.0) {
                return Err(StoreError::conflict(Entity::Event, &event.guid));
            }
            data.record(row);
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
    pub(super) fn to_records(&self) -> Result<CloudFoundryRecords, StoreError> {
        Ok(CloudFoundryRecords {
            organizations: self.organizations.values().cloned().collect(),
            spaces: self.spaces_at(None).collect(),
            events: self
                .events
                .iter()
                .map(|(guid, row)| row.event(guid, &self.texts))
                .collect::<Result<_, _>>()?,
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
        })
    }
}
