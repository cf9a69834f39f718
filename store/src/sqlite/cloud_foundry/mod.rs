//! [`CloudFoundryStore`] in SQLite: each write one savepoint in the writer's transaction, checked then written, so a
//! refused write (its event included) stores nothing; uniqueness also held by the schema's indexes.

mod rows;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

use crate::sql::columns::{EVENT, ORGANIZATION, SPACE, USER};
use crate::{
    CloudFoundryStore, Entity, Slice, StoreError,
    cloud_foundry::{
        CloudFoundryRecords, Event, EventSelection, Job, Organization, OrganizationChanges, OrganizationSelection,
        Space, SpaceChanges, SpaceSelection, StaticToken, User,
    },
    sql::{Placeholders, cloud_foundry as select, tables::CLOUD_FOUNDRY},
    sqlite::{
        SqliteStore,
        sql::{all, execute, exists, fill, insert, one, replace, time},
    },
};

/// The organization with this guid, read in the writer's transaction.
fn organization_in(connection: &Connection, guid: &str) -> Result<Organization, StoreError> {
    one(
        connection,
        &format!("SELECT {ORGANIZATION} FROM cf_organizations o WHERE o.guid = ?1"),
        [guid],
        rows::organization,
    )?
    .ok_or_else(|| StoreError::not_found(Entity::Organization, guid))
}

/// The space with this guid, read in the writer's transaction.
fn space_in(connection: &Connection, guid: &str) -> Result<Space, StoreError> {
    one(
        connection,
        &format!("SELECT {SPACE} FROM cf_spaces s WHERE s.guid = ?1"),
        [guid],
        rows::space,
    )?
    .ok_or_else(|| StoreError::not_found(Entity::Space, guid))
}

impl CloudFoundryStore for SqliteStore {
    async fn create_organization(
        &self,
        organization: Organization,
        event: Option<Event>,
    ) -> Result<Organization, StoreError> {
        self.write(move |connection| {
            rows::insert_organization(connection, &organization)?;
            if let Some(event) = &event {
                rows::insert_event(connection, event)?;
            }
            Ok(organization)
        })
        .await
    }

    async fn organization(&self, guid: &str) -> Result<Organization, StoreError> {
        self.read(|connection| organization_in(connection, guid))
    }

    async fn select_organizations(&self, selection: &OrganizationSelection) -> Result<Slice<Organization>, StoreError> {
        let clause = select::organizations(selection, Placeholders::Question);
        let order = select::order("o", selection.order, selection.descending);
        self.read_consistent(|connection| {
            crate::sqlite::sql::select(
                connection,
                ORGANIZATION,
                "cf_organizations o",
                &clause,
                &order,
                selection.window,
                rows::organization,
            )
        })
    }

    async fn update_organization(
        &self,
        guid: &str,
        changes: OrganizationChanges,
        at: DateTime<Utc>,
        event: Event,
    ) -> Result<Organization, StoreError> {
        let guid = guid.to_owned();
        self.write(move |connection| {
            let mut organization = organization_in(connection, &guid)?;
            if let Some(name) = changes.name {
                organization.name = name;
            }
            if let Some(status) = changes.status {
                organization.status = status;
            }
            if let Some(billing_enabled) = changes.billing_enabled {
                organization.billing_enabled = billing_enabled;
            }
            organization.updated_at = Some(at);
            insert(
                connection,
                "UPDATE cf_organizations SET name = ?2, name_key = ?3, status = ?4, billing_enabled = ?5, \
                 updated_at = ?6 WHERE guid = ?1",
                params![
                    guid,
                    organization.name.as_str(),
                    organization.name.key().as_str(),
                    organization.status,
                    organization.billing_enabled,
                    time(&at),
                ],
                Entity::Organization,
                organization.name.as_str(),
            )?;
            rows::insert_event(connection, &event)?;
            Ok(organization)
        })
        .await
    }

    async fn delete_organization(&self, guid: &str, recursive: bool, event: Event) -> Result<(), StoreError> {
        let guid = guid.to_owned();
        self.write(move |connection| {
            organization_in(connection, &guid)?;
            let has_spaces = exists(
                connection,
                "SELECT 1 FROM cf_spaces WHERE organization_guid = ?1",
                [&guid],
            )?;
            if has_spaces && !recursive {
                return Err(StoreError::NotEmpty {
                    entity: Entity::Organization,
                    key: guid,
                });
            }
            execute(
                connection,
                "DELETE FROM cf_spaces WHERE organization_guid = ?1",
                [&guid],
            )?;
            execute(connection, "DELETE FROM cf_organizations WHERE guid = ?1", [&guid])?;
            rows::insert_event(connection, &event)
        })
        .await
    }

    async fn create_space(&self, space: Space, event: Event) -> Result<Space, StoreError> {
        self.write(move |connection| {
            rows::insert_space(connection, &space)?;
            rows::insert_event(connection, &event)?;
            Ok(space)
        })
        .await
    }

    async fn space(&self, guid: &str) -> Result<Space, StoreError> {
        self.read(|connection| space_in(connection, guid))
    }

    async fn select_spaces(&self, selection: &SpaceSelection) -> Result<Slice<Space>, StoreError> {
        let clause = select::spaces(selection, Placeholders::Question);
        let order = select::order("s", selection.order, selection.descending);
        self.read_consistent(|connection| {
            crate::sqlite::sql::select(
                connection,
                SPACE,
                "cf_spaces s",
                &clause,
                &order,
                selection.window,
                rows::space,
            )
        })
    }

    async fn update_space(
        &self,
        guid: &str,
        changes: SpaceChanges,
        at: DateTime<Utc>,
        event: Event,
    ) -> Result<Space, StoreError> {
        let guid = guid.to_owned();
        self.write(move |connection| {
            let mut space = space_in(connection, &guid)?;
            if let Some(name) = changes.name {
                space.name = name;
            }
            if let Some(allow_ssh) = changes.allow_ssh {
                space.allow_ssh = allow_ssh;
            }
            space.updated_at = Some(at);
            insert(
                connection,
                "UPDATE cf_spaces SET name = ?2, name_key = ?3, allow_ssh = ?4, updated_at = ?5 WHERE guid = ?1",
                params![
                    guid,
                    space.name.as_str(),
                    space.name.key().as_str(),
                    space.allow_ssh,
                    time(&at)
                ],
                Entity::Space,
                space.name.as_str(),
            )?;
            rows::insert_event(connection, &event)?;
            Ok(space)
        })
        .await
    }

    async fn delete_space(&self, guid: &str, event: Event) -> Result<(), StoreError> {
        let guid = guid.to_owned();
        self.write(move |connection| {
            if execute(connection, "DELETE FROM cf_spaces WHERE guid = ?1", [&guid])? == 0 {
                return Err(StoreError::not_found(Entity::Space, guid));
            }
            rows::insert_event(connection, &event)
        })
        .await
    }

    async fn select_events(&self, selection: &EventSelection) -> Result<Slice<Event>, StoreError> {
        let clause = select::events(selection, Placeholders::Question);
        self.read_consistent(|connection| {
            crate::sqlite::sql::select(
                connection,
                EVENT,
                "cf_events e",
                &clause,
                select::event_order(selection.descending),
                selection.window,
                rows::event,
            )
        })
    }

    async fn event(&self, guid: &str) -> Result<Event, StoreError> {
        self.read(|connection| {
            one(
                connection,
                &format!("SELECT {EVENT} FROM cf_events e WHERE e.guid = ?1"),
                [guid],
                rows::event,
            )?
            .ok_or_else(|| StoreError::not_found(Entity::Event, guid))
        })
    }

    async fn create_job(&self, job: Job) -> Result<Job, StoreError> {
        self.write(move |connection| {
            rows::insert_job(connection, &job)?;
            Ok(job)
        })
        .await
    }

    async fn job(&self, guid: &str) -> Result<Job, StoreError> {
        self.read(|connection| {
            one(
                connection,
                "SELECT guid, created_at FROM cf_jobs WHERE guid = ?1",
                [guid],
                |row| {
                    Ok(Job {
                        guid: row.get(0)?,
                        created_at: crate::sqlite::sql::read_time(row, 1)?,
                    })
                },
            )?
            .ok_or_else(|| StoreError::not_found(Entity::Job, guid))
        })
    }

    async fn create_user(&self, user: User) -> Result<User, StoreError> {
        self.write(move |connection| {
            rows::insert_user(connection, &user)?;
            Ok(user)
        })
        .await
    }

    async fn user(&self, guid: &str) -> Result<Option<User>, StoreError> {
        self.read(|connection| {
            one(
                connection,
                &format!("SELECT {USER} FROM cf_users u WHERE u.guid = ?1"),
                [guid],
                rows::user,
            )
        })
    }

    async fn user_by_name(&self, username: &str) -> Result<Option<User>, StoreError> {
        self.read(|connection| {
            one(
                connection,
                &format!("SELECT {USER} FROM cf_users u WHERE u.username = ?1"),
                [username],
                rows::user,
            )
        })
    }

    async fn create_token(&self, token: String, user_guid: String) -> Result<(), StoreError> {
        self.write(move |connection| rows::insert_token(connection, &StaticToken { token, user_guid }))
            .await
    }

    async fn user_for_token(&self, token: &str) -> Result<Option<User>, StoreError> {
        self.read(|connection| {
            one(
                connection,
                &format!("SELECT {USER} FROM cf_tokens t JOIN cf_users u ON u.guid = t.user_guid WHERE t.token = ?1"),
                [token],
                rows::user,
            )
        })
    }

    async fn export_cloud_foundry(&self) -> Result<CloudFoundryRecords, StoreError> {
        self.read_consistent(|connection| {
            Ok(CloudFoundryRecords {
                organizations: all(
                    connection,
                    &format!("SELECT {ORGANIZATION} FROM cf_organizations o ORDER BY o.seq"),
                    rows::organization,
                )?,
                spaces: all(
                    connection,
                    &format!("SELECT {SPACE} FROM cf_spaces s ORDER BY s.seq"),
                    rows::space,
                )?,
                events: all(
                    connection,
                    &format!("SELECT {EVENT} FROM cf_events e ORDER BY e.seq"),
                    rows::event,
                )?,
                jobs: all(
                    connection,
                    "SELECT j.guid, j.created_at FROM cf_jobs j ORDER BY j.seq",
                    rows::job,
                )?,
                users: all(
                    connection,
                    &format!("SELECT {USER} FROM cf_users u ORDER BY u.seq"),
                    rows::user,
                )?,
                tokens: all(
                    connection,
                    "SELECT token, user_guid FROM cf_tokens ORDER BY token",
                    |row| {
                        Ok(StaticToken {
                            token: row.get(0)?,
                            user_guid: row.get(1)?,
                        })
                    },
                )?,
            })
        })
    }

    async fn replace_cloud_foundry(&self, records: CloudFoundryRecords) -> Result<(), StoreError> {
        self.write(move |connection| replace(connection, CLOUD_FOUNDRY, |connection| store(connection, &records)))
            .await
    }

    async fn fill_cloud_foundry(&self, records: CloudFoundryRecords) -> Result<bool, StoreError> {
        self.write(move |connection| fill(connection, CLOUD_FOUNDRY, |connection| store(connection, &records)))
            .await
    }
}

/// Inserts every one of `records` (a replacement's or a fill's, the tables emptied or found empty).
fn store(connection: &Connection, records: &CloudFoundryRecords) -> Result<(), StoreError> {
    for organization in &records.organizations {
        rows::insert_organization(connection, organization)?;
    }
    for space in &records.spaces {
        rows::insert_space(connection, space)?;
    }
    for event in &records.events {
        rows::insert_event(connection, event)?;
    }
    for job in &records.jobs {
        rows::insert_job(connection, job)?;
    }
    for user in &records.users {
        rows::insert_user(connection, user)?;
    }
    for token in &records.tokens {
        rows::insert_token(connection, token)?;
    }
    Ok(())
}
