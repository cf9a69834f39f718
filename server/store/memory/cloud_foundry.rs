//! [`CloudFoundryStore`] in memory. Organization names and space names (per organization) are indexed by key,
//! so uniqueness checks and selections that pin the organization or the name (`q=name:dev`, what a client's
//! `get_first(name=…)` sends) read their candidates from the index instead of scanning every space.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use indexmap::IndexMap;

use super::{MemoryStore, index_run, read, write};
use crate::store::{
    CloudFoundryStore, Entity, NameKey, Slice, StoreError,
    cloud_foundry::{
        Event, EventSelection, Job, Order, Organization, OrganizationChanges, OrganizationSelection, Space,
        SpaceChanges, SpaceFilter, SpaceSelection, User,
    },
};

/// The Cloud Foundry records and their indexes.
#[derive(Debug, Default)]
pub(super) struct Records {
    organizations: IndexMap<String, Organization>,
    /// Organization name keys to their guid.
    organization_names: BTreeMap<NameKey, String>,
    spaces: IndexMap<String, Space>,
    /// (organization guid, space name key) to the space's guid.
    space_names: BTreeMap<(String, NameKey), String>,
    events: IndexMap<String, Event>,
    /// Whether some event was recorded with an earlier timestamp than the one before it (a clock set back):
    /// then recording order is not time order and event lists must sort.
    events_out_of_time_order: bool,
    jobs: IndexMap<String, Job>,
    users: IndexMap<String, User>,
    /// User names to their guid.
    usernames: BTreeMap<String, String>,
    /// Static bearer tokens to their user's guid.
    tokens: BTreeMap<String, String>,
}

impl Records {
    /// The guids of an organization's spaces, from the name index (in name-key order).
    fn space_guids_of<'a>(&'a self, organization: &'a str) -> impl Iterator<Item = &'a String> + 'a {
        self.space_names
            .range((organization.to_owned(), NameKey::of(""))..)
            .take_while(move |((owner, _), _)| owner == organization)
            .map(|(_, guid)| guid)
    }

    /// The positions (in creation order) of the only spaces that can satisfy `selection`, from the name index,
    /// when a filter pins the organization or the name (`Eq` or `In`); `None` when none does. The candidates
    /// still go through every filter.
    fn space_candidates(&self, selection: &SpaceSelection) -> Option<Vec<usize>> {
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
    fn record(&mut self, event: Event) {
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
    fn organization_name_taken(&self, key: &NameKey, guid: &str) -> bool {
        self.organization_names.get(key).is_some_and(|owner| owner != guid)
    }

    /// Whether another space than `guid` in `organization` has this name key.
    fn space_name_taken(&self, organization: &str, key: &NameKey, guid: &str) -> bool {
        self.space_names
            .get(&(organization.to_owned(), key.clone()))
            .is_some_and(|owner| owner != guid)
    }

    fn forget_space_name(&mut self, space: &Space) {
        self.space_names
            .remove(&(space.organization_guid.clone(), space.name.key().clone()));
    }

    fn remember_space_name(&mut self, space: &Space) {
        self.space_names.insert(
            (space.organization_guid.clone(), space.name.key().clone()),
            space.guid.clone(),
        );
    }
}

/// `matching` in `order` (stable: ties keep creation order), reversed when `descending`.
fn ordered<T>(mut matching: Vec<&T>, order: Order, descending: bool, key: impl Fn(&T) -> &NameKey) -> Vec<&T> {
    if order == Order::Name {
        matching.sort_by(|a, b| key(a).cmp(key(b)));
    }
    if descending {
        matching.reverse();
    }
    matching
}

impl CloudFoundryStore for MemoryStore {
    async fn create_organization(
        &self,
        organization: Organization,
        event: Option<Event>,
    ) -> Result<Organization, StoreError> {
        write(&self.cloud_foundry, |data| {
            if data.organizations.contains_key(&organization.guid) {
                return Err(StoreError::conflict(Entity::Organization, &organization.guid));
            }
            if data.organization_name_taken(organization.name.key(), &organization.guid) {
                return Err(StoreError::conflict(Entity::Organization, organization.name.as_str()));
            }
            data.organization_names
                .insert(organization.name.key().clone(), organization.guid.clone());
            data.organizations
                .insert(organization.guid.clone(), organization.clone());
            if let Some(event) = event {
                data.record(event);
            }
            Ok(organization)
        })
    }

    async fn organization(&self, guid: &str) -> Result<Organization, StoreError> {
        read(&self.cloud_foundry, |data| {
            data.organizations
                .get(guid)
                .cloned()
                .ok_or_else(|| StoreError::not_found(Entity::Organization, guid))
        })
    }

    async fn select_organizations(&self, selection: &OrganizationSelection) -> Result<Slice<Organization>, StoreError> {
        read(&self.cloud_foundry, |data| {
            let matching: Vec<&Organization> = data
                .organizations
                .values()
                .filter(|organization| {
                    selection.filters.iter().all(|filter| {
                        filter.holds(organization, |condition| {
                            data.space_guids_of(&organization.guid)
                                .any(|guid| condition.holds(guid))
                        })
                    })
                })
                .collect();
            let matching = ordered(matching, selection.order, selection.descending, |o| o.name.key());
            Ok(selection.window.cut(matching.into_iter()))
        })
    }

    async fn update_organization(
        &self,
        guid: &str,
        changes: OrganizationChanges,
        at: DateTime<Utc>,
        event: Event,
    ) -> Result<Organization, StoreError> {
        write(&self.cloud_foundry, |data| {
            if !data.organizations.contains_key(guid) {
                return Err(StoreError::not_found(Entity::Organization, guid));
            }
            if let Some(name) = &changes.name
                && data.organization_name_taken(name.key(), guid)
            {
                return Err(StoreError::conflict(Entity::Organization, name.as_str()));
            }
            let organization = data
                .organizations
                .get_mut(guid)
                .ok_or_else(|| StoreError::not_found(Entity::Organization, guid))?;
            let renamed = changes.name.map(|name| std::mem::replace(&mut organization.name, name));
            if let Some(status) = changes.status {
                organization.status = status;
            }
            if let Some(billing_enabled) = changes.billing_enabled {
                organization.billing_enabled = billing_enabled;
            }
            organization.updated_at = Some(at);
            let updated = organization.clone();
            if let Some(old) = renamed {
                data.organization_names.remove(old.key());
                data.organization_names
                    .insert(updated.name.key().clone(), updated.guid.clone());
            }
            data.record(event);
            Ok(updated)
        })
    }

    async fn delete_organization(&self, guid: &str, recursive: bool, event: Event) -> Result<(), StoreError> {
        write(&self.cloud_foundry, |data| {
            if !data.organizations.contains_key(guid) {
                return Err(StoreError::not_found(Entity::Organization, guid));
            }
            let has_spaces = data.space_guids_of(guid).next().is_some();
            if has_spaces && !recursive {
                return Err(StoreError::NotEmpty {
                    entity: Entity::Organization,
                    key: guid.to_owned(),
                });
            }
            if has_spaces {
                data.spaces.retain(|_, space| space.organization_guid != guid);
                data.space_names.retain(|(organization, _), _| organization != guid);
            }
            if let Some(organization) = data.organizations.shift_remove(guid) {
                data.organization_names.remove(organization.name.key());
            }
            data.record(event);
            Ok(())
        })
    }

    async fn create_space(&self, space: Space, event: Event) -> Result<Space, StoreError> {
        write(&self.cloud_foundry, |data| {
            if !data.organizations.contains_key(&space.organization_guid) {
                return Err(StoreError::not_found(Entity::Organization, &space.organization_guid));
            }
            if data.space_name_taken(&space.organization_guid, space.name.key(), &space.guid) {
                return Err(StoreError::conflict(Entity::Space, space.name.as_str()));
            }
            if data.spaces.contains_key(&space.guid) {
                return Err(StoreError::conflict(Entity::Space, &space.guid));
            }
            data.remember_space_name(&space);
            data.spaces.insert(space.guid.clone(), space.clone());
            data.record(event);
            Ok(space)
        })
    }

    async fn space(&self, guid: &str) -> Result<Space, StoreError> {
        read(&self.cloud_foundry, |data| {
            data.spaces
                .get(guid)
                .cloned()
                .ok_or_else(|| StoreError::not_found(Entity::Space, guid))
        })
    }

    async fn select_spaces(&self, selection: &SpaceSelection) -> Result<Slice<Space>, StoreError> {
        read(&self.cloud_foundry, |data| {
            if selection.filters.is_empty() && selection.order == Order::Creation {
                return Ok(index_run(&data.spaces, selection.window, selection.descending));
            }
            // Filter by reference and clone only the window. When a filter pins the organization or the name,
            // the name index narrows the scan to the candidates, kept in creation order.
            let candidates: Box<dyn Iterator<Item = &Space>> = match data.space_candidates(selection) {
                Some(positions) => Box::new(
                    positions
                        .into_iter()
                        .filter_map(|i| data.spaces.get_index(i).map(|(_, s)| s)),
                ),
                None => Box::new(data.spaces.values()),
            };
            let matching: Vec<&Space> = candidates.filter(|space| selection.holds(space)).collect();
            let matching = ordered(matching, selection.order, selection.descending, |s| s.name.key());
            Ok(selection.window.cut(matching.into_iter()))
        })
    }

    async fn update_space(
        &self,
        guid: &str,
        changes: SpaceChanges,
        at: DateTime<Utc>,
        event: Event,
    ) -> Result<Space, StoreError> {
        write(&self.cloud_foundry, |data| {
            let organization_guid = data
                .spaces
                .get(guid)
                .map(|s| s.organization_guid.clone())
                .ok_or_else(|| StoreError::not_found(Entity::Space, guid))?;
            if let Some(name) = &changes.name
                && data.space_name_taken(&organization_guid, name.key(), guid)
            {
                return Err(StoreError::conflict(Entity::Space, name.as_str()));
            }
            let space = data
                .spaces
                .get_mut(guid)
                .ok_or_else(|| StoreError::not_found(Entity::Space, guid))?;
            let before = space.clone();
            if let Some(name) = changes.name {
                space.name = name;
            }
            if let Some(allow_ssh) = changes.allow_ssh {
                space.allow_ssh = allow_ssh;
            }
            space.updated_at = Some(at);
            let updated = space.clone();
            data.forget_space_name(&before);
            data.remember_space_name(&updated);
            data.record(event);
            Ok(updated)
        })
    }

    async fn delete_space(&self, guid: &str, event: Event) -> Result<(), StoreError> {
        write(&self.cloud_foundry, |data| {
            let space = data
                .spaces
                .shift_remove(guid)
                .ok_or_else(|| StoreError::not_found(Entity::Space, guid))?;
            data.forget_space_name(&space);
            data.record(event);
            Ok(())
        })
    }

    async fn select_events(&self, selection: &EventSelection) -> Result<Slice<Event>, StoreError> {
        read(&self.cloud_foundry, |data| {
            if selection.filters.is_empty() && !data.events_out_of_time_order {
                return Ok(index_run(&data.events, selection.window, selection.descending));
            }
            let mut matching: Vec<&Event> = data.events.values().filter(|event| selection.holds(event)).collect();
            // Recording order is nearly time order already; the stable sort keeps ties in recording order.
            matching.sort_by_key(|event| event.timestamp);
            if selection.descending {
                matching.reverse();
            }
            Ok(selection.window.cut(matching.into_iter()))
        })
    }

    async fn event(&self, guid: &str) -> Result<Event, StoreError> {
        read(&self.cloud_foundry, |data| {
            data.events
                .get(guid)
                .cloned()
                .ok_or_else(|| StoreError::not_found(Entity::Event, guid))
        })
    }

    async fn create_job(&self, job: Job) -> Result<Job, StoreError> {
        write(&self.cloud_foundry, |data| {
            data.jobs.insert(job.guid.clone(), job.clone());
            Ok(job)
        })
    }

    async fn job(&self, guid: &str) -> Result<Job, StoreError> {
        read(&self.cloud_foundry, |data| {
            data.jobs
                .get(guid)
                .cloned()
                .ok_or_else(|| StoreError::not_found(Entity::Job, guid))
        })
    }

    async fn create_user(&self, user: User) -> Result<User, StoreError> {
        write(&self.cloud_foundry, |data| {
            if data.usernames.contains_key(&user.username) {
                return Err(StoreError::conflict(Entity::User, &user.username));
            }
            if data.users.contains_key(&user.guid) {
                return Err(StoreError::conflict(Entity::User, &user.guid));
            }
            data.usernames.insert(user.username.clone(), user.guid.clone());
            data.users.insert(user.guid.clone(), user.clone());
            Ok(user)
        })
    }

    async fn user(&self, guid: &str) -> Result<Option<User>, StoreError> {
        read(&self.cloud_foundry, |data| Ok(data.users.get(guid).cloned()))
    }

    async fn user_by_name(&self, username: &str) -> Result<Option<User>, StoreError> {
        read(&self.cloud_foundry, |data| {
            Ok(data
                .usernames
                .get(username)
                .and_then(|guid| data.users.get(guid))
                .cloned())
        })
    }

    async fn create_token(&self, token: String, user_guid: String) -> Result<(), StoreError> {
        write(&self.cloud_foundry, |data| {
            if !data.users.contains_key(&user_guid) {
                return Err(StoreError::not_found(Entity::User, &user_guid));
            }
            data.tokens.insert(token, user_guid);
            Ok(())
        })
    }

    async fn user_for_token(&self, token: &str) -> Result<Option<User>, StoreError> {
        read(&self.cloud_foundry, |data| {
            Ok(data.tokens.get(token).and_then(|guid| data.users.get(guid)).cloned())
        })
    }
}
