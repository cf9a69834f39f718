//! [`CloudFoundryStore`] in memory. Organization names and space names (per organization) are indexed by key,
//! so uniqueness checks and selections that pin the organization or the name (`q=name:dev`, what a client's
//! `get_first(name=…)` sends) read their candidates from the index instead of scanning every space. Spaces and
//! events are kept as compact rows and turned back into records as they are read.

mod records;
mod rows;

use chrono::{DateTime, Utc};

pub(super) use self::records::Records;
use self::rows::{Guid, SpaceRow};
use super::{MemoryStore, fill, index_run, read, write};
use crate::{
    CloudFoundryStore, Entity, NameKey, Slice, StoreError,
    cloud_foundry::{
        CloudFoundryRecords, Event, EventSelection, Job, Order, Organization, OrganizationChanges,
        OrganizationSelection, Space, SpaceChanges, SpaceSelection, StaticToken, User,
    },
};

/// `matching` in `order` (stable: ties keep creation order), reversed when `descending`.
fn ordered<T>(mut matching: Vec<T>, order: Order, descending: bool, key: impl Fn(&T) -> &NameKey) -> Vec<T> {
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
            let event = event.map(|event| data.event_row(&event)).transpose()?;
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
                            data.space_guids_of(&Guid::new(&organization.guid))
                                .any(|guid| condition.holds(&guid.to_string()))
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
            let event = data.event_row(&event)?;
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
            let event = data.event_row(&event)?;
            let organization = Guid::new(guid);
            let has_spaces = data.space_guids_of(&organization).next().is_some();
            if has_spaces && !recursive {
                return Err(StoreError::NotEmpty {
                    entity: Entity::Organization,
                    key: guid.to_owned(),
                });
            }
            if has_spaces {
                data.spaces.retain(|_, space| space.organization != organization);
                data.space_names.retain(|(owner, _), _| *owner != organization);
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
            let event = data.event_row(&event)?;
            data.insert_space(&space)?;
            data.record(event);
            Ok(space)
        })
    }

    async fn space(&self, guid: &str) -> Result<Space, StoreError> {
        read(&self.cloud_foundry, |data| {
            data.space(guid)
                .ok_or_else(|| StoreError::not_found(Entity::Space, guid))
        })
    }

    async fn select_spaces(&self, selection: &SpaceSelection) -> Result<Slice<Space>, StoreError> {
        read(&self.cloud_foundry, |data| {
            if selection.filters.is_empty() && selection.order == Order::Creation {
                return index_run(&data.spaces, selection.window, selection.descending, |guid, row| {
                    Ok(row.space(guid))
                });
            }
            // When a filter pins the organization or the name, the name index narrows the scan to the
            // candidates, kept in creation order.
            let matching: Vec<Space> = data
                .spaces_at(data.space_candidates(selection))
                .filter(|space| selection.holds(space))
                .collect();
            let matching = ordered(matching, selection.order, selection.descending, |s| s.name.key());
            Ok(selection.window.cut_owned(matching))
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
            let key = Guid::new(guid);
            let row = data
                .spaces
                .get(&key)
                .ok_or_else(|| StoreError::not_found(Entity::Space, guid))?;
            if let Some(name) = &changes.name
                && data.space_name_taken(&row.organization, name.key(), &key)
            {
                return Err(StoreError::conflict(Entity::Space, name.as_str()));
            }
            let mut row: SpaceRow = row.clone();
            let event = data.event_row(&event)?;
            data.forget_space_name(&row);
            if let Some(name) = changes.name {
                row.name = name.as_str().into();
            }
            if let Some(allow_ssh) = changes.allow_ssh {
                row.allow_ssh = allow_ssh;
            }
            row.updated_at = Some(at);
            data.remember_space_name(&key, &row);
            let updated = row.space(&key);
            data.spaces.insert(key, row);
            data.record(event);
            Ok(updated)
        })
    }

    async fn delete_space(&self, guid: &str, event: Event) -> Result<(), StoreError> {
        write(&self.cloud_foundry, |data| {
            let key = Guid::new(guid);
            if !data.spaces.contains_key(&key) {
                return Err(StoreError::not_found(Entity::Space, guid));
            }
            let event = data.event_row(&event)?;
            if let Some(row) = data.spaces.shift_remove(&key) {
                data.forget_space_name(&row);
            }
            data.record(event);
            Ok(())
        })
    }

    async fn select_events(&self, selection: &EventSelection) -> Result<Slice<Event>, StoreError> {
        read(&self.cloud_foundry, |data| {
            if selection.filters.is_empty() && !data.events_out_of_time_order {
                return index_run(&data.events, selection.window, selection.descending, |guid, row| {
                    row.event(guid, &data.texts)
                });
            }
            let mut matching = Vec::new();
            for (guid, row) in &data.events {
                let event = row.event(guid, &data.texts)?;
                if selection.holds(&event) {
                    matching.push(event);
                }
            }
            // Recording order is nearly time order already; the stable sort keeps ties in recording order.
            matching.sort_by_key(|event| event.timestamp);
            if selection.descending {
                matching.reverse();
            }
            Ok(selection.window.cut_owned(matching))
        })
    }

    async fn event(&self, guid: &str) -> Result<Event, StoreError> {
        read(&self.cloud_foundry, |data| {
            let key = Guid::new(guid);
            data.events
                .get(&key)
                .ok_or_else(|| StoreError::not_found(Entity::Event, guid))?
                .event(&key, &data.texts)
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
        read(&self.cloud_foundry, |data| data.to_records())
    }

    async fn replace_cloud_foundry(&self, records: CloudFoundryRecords) -> Result<(), StoreError> {
        let replacement = Records::from_records(records)?;
        write(&self.cloud_foundry, |data| *data = replacement);
        Ok(())
    }

    async fn fill_cloud_foundry(&self, records: CloudFoundryRecords) -> Result<bool, StoreError> {
        let replacement = Records::from_records(records)?;
        Ok(fill(&self.cloud_foundry, replacement, Records::is_empty))
    }
}
