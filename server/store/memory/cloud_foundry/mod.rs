//! [`CloudFoundryStore`] in memory. Organization names and space names (per organization) are indexed by key,
//! so uniqueness checks and selections that pin the organization or the name (`q=name:dev`, what a client's
//! `get_first(name=…)` sends) read their candidates from the index instead of scanning every space.

mod records;

use chrono::{DateTime, Utc};

pub(super) use self::records::Records;
use super::{MemoryStore, index_run, read, write};
use crate::store::{
    CloudFoundryStore, Entity, NameKey, Slice, StoreError,
    cloud_foundry::{
        CloudFoundryRecords, Event, EventSelection, Job, Order, Organization, OrganizationChanges,
        OrganizationSelection, Space, SpaceChanges, SpaceSelection, StaticToken, User,
    },
};

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
            data.insert_organization(organization.clone())?;
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
            data.insert_space(space.clone())?;
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
            data.insert_user(user.clone())?;
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
            data.insert_token(StaticToken { token, user_guid })
        })
    }

    async fn user_for_token(&self, token: &str) -> Result<Option<User>, StoreError> {
        read(&self.cloud_foundry, |data| {
            Ok(data.tokens.get(token).and_then(|guid| data.users.get(guid)).cloned())
        })
    }

    async fn export_cloud_foundry(&self) -> Result<CloudFoundryRecords, StoreError> {
        read(&self.cloud_foundry, |data| Ok(data.to_records()))
    }

    async fn replace_cloud_foundry(&self, records: CloudFoundryRecords) -> Result<(), StoreError> {
        let replacement = Records::from_records(records)?;
        write(&self.cloud_foundry, |data| *data = replacement);
        Ok(())
    }
}
