//! [`CloudFoundryStore`] in PostgreSQL: every write one transaction, its audit event in it; a name taken by
//! another process's concurrent write is the unique index's violation, a space whose organization another process
//! deleted the foreign key's, and an organization is locked (`FOR UPDATE`) while it is deleted, so no space is
//! added to it meanwhile.

use chrono::{DateTime, Utc};
use tokio_postgres::Row;

use super::{
    all, broke, filling, get, get_json, get_maybe_time, get_time, one, pg, refused, replacing, select,
    session::Session, snapshot,
};
use crate::{
    CloudFoundryStore, Entity, Name, Slice, StoreError,
    cloud_foundry::{
        CloudFoundryRecords, Event, EventSelection, Job, Organization, OrganizationChanges, OrganizationSelection,
        Space, SpaceChanges, SpaceSelection, StaticToken, User,
    },
    postgres::PostgresStore,
    sql::{
        Placeholders, cloud_foundry as filters,
        columns::{EVENT, ORGANIZATION, SPACE, USER},
        maybe_time,
        tables::CLOUD_FOUNDRY,
        time,
    },
};

fn organization(row: &Row) -> Result<Organization, StoreError> {
    Ok(Organization {
        guid: get(row, 0)?,
        name: Name::new(get::<String>(row, 1)?),
        status: get(row, 2)?,
        billing_enabled: get(row, 3)?,
        quota_definition_guid: get(row, 4)?,
        created_at: get_time(row, 5)?,
        updated_at: get_maybe_time(row, 6)?,
    })
}

fn space(row: &Row) -> Result<Space, StoreError> {
    Ok(Space {
        guid: get(row, 0)?,
        name: Name::new(get::<String>(row, 1)?),
        organization_guid: get(row, 2)?,
        allow_ssh: get(row, 3)?,
        isolation_segment_guid: get(row, 4)?,
        space_quota_definition_guid: get(row, 5)?,
        created_at: get_time(row, 6)?,
        updated_at: get_maybe_time(row, 7)?,
    })
}

fn event(row: &Row) -> Result<Event, StoreError> {
    Ok(Event {
        guid: get(row, 0)?,
        kind: get(row, 1)?,
        actor: get(row, 2)?,
        actor_type: get(row, 3)?,
        actor_name: get(row, 4)?,
        actor_username: get(row, 5)?,
        actee: get(row, 6)?,
        actee_type: get(row, 7)?,
        actee_name: get(row, 8)?,
        timestamp: get_time(row, 9)?,
        metadata: get_json(row, 10)?,
        space_guid: get(row, 11)?,
        organization_guid: get(row, 12)?,
    })
}

fn user(row: &Row) -> Result<User, StoreError> {
    Ok(User {
        guid: get(row, 0)?,
        username: get(row, 1)?,
        password: get(row, 2)?,
        email: get(row, 3)?,
        scopes: get_json(row, 4)?,
    })
}

fn job(row: &Row) -> Result<Job, StoreError> {
    Ok(Job {
        guid: get(row, 0)?,
        created_at: get_time(row, 1)?,
    })
}

async fn insert_organization(client: &impl Session, organization: &Organization) -> Result<(), StoreError> {
    client
        .execute(
            "INSERT INTO cf_organizations (guid, name, name_key, status, billing_enabled, quota_definition_guid, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            &[
                &organization.guid,
                &organization.name.as_str(),
                &organization.name.key().as_str(),
                &organization.status,
                &organization.billing_enabled,
                &organization.quota_definition_guid,
                &time(&organization.created_at),
                &maybe_time(organization.updated_at.as_ref()),
            ],
        )
        .await
        .map_err(|error| {
            let key = if broke(&error, "guid") {
                &organization.guid
            } else {
                organization.name.as_str()
            };
            refused(error, Entity::Organization, key, None)
        })
        .map(drop)
}

async fn insert_space(client: &impl Session, space: &Space) -> Result<(), StoreError> {
    client
        .execute(
            "INSERT INTO cf_spaces (guid, name, name_key, organization_guid, allow_ssh, isolation_segment_guid, \
             space_quota_definition_guid, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &[
                &space.guid,
                &space.name.as_str(),
                &space.name.key().as_str(),
                &space.organization_guid,
                &space.allow_ssh,
                &space.isolation_segment_guid,
                &space.space_quota_definition_guid,
                &time(&space.created_at),
                &maybe_time(space.updated_at.as_ref()),
            ],
        )
        .await
        .map_err(|error| {
            let key = if broke(&error, "guid") {
                &space.guid
            } else {
                space.name.as_str()
            };
            refused(
                error,
                Entity::Space,
                key,
                Some((Entity::Organization, &space.organization_guid)),
            )
        })
        .map(drop)
}

async fn insert_event(client: &impl Session, event: &Event) -> Result<(), StoreError> {
    let metadata = serde_json::to_string(&event.metadata).map_err(StoreError::unavailable)?;
    client
        .execute(
            "INSERT INTO cf_events (guid, kind, actor, actor_type, actor_name, actor_username, actee, actee_type, \
             actee_name, timestamp, metadata, space_guid, organization_guid) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            &[
                &event.guid,
                &event.kind,
                &event.actor,
                &event.actor_type,
                &event.actor_name,
                &event.actor_username,
                &event.actee,
                &event.actee_type,
                &event.actee_name,
                &time(&event.timestamp),
                &metadata,
                &event.space_guid,
                &event.organization_guid,
            ],
        )
        .await
        .map_err(|error| refused(error, Entity::Event, &event.guid, None))
        .map(drop)
}

async fn insert_user(client: &impl Session, user: &User) -> Result<(), StoreError> {
    let scopes = serde_json::to_string(&user.scopes).map_err(StoreError::unavailable)?;
    client
        .execute(
            "INSERT INTO cf_users (guid, username, password, email, scopes) VALUES ($1, $2, $3, $4, $5)",
            &[&user.guid, &user.username, &user.password, &user.email, &scopes],
        )
        .await
        .map_err(|error| refused(error, Entity::User, &user.username, None))
        .map(drop)
}

async fn insert_token(client: &impl Session, token: &StaticToken) -> Result<(), StoreError> {
    client
        .execute(
            "INSERT INTO cf_tokens (token, user_guid) VALUES ($1, $2) \
             ON CONFLICT (token) DO UPDATE SET user_guid = excluded.user_guid",
            &[&token.token, &token.user_guid],
        )
        .await
        .map_err(|error| {
            refused(
                error,
                Entity::User,
                &token.user_guid,
                Some((Entity::User, &token.user_guid)),
            )
        })
        .map(drop)
}

async fn insert_job(client: &impl Session, job: &Job) -> Result<(), StoreError> {
    client
        .execute(
            "INSERT INTO cf_jobs (guid, created_at) VALUES ($1, $2)",
            &[&job.guid, &time(&job.created_at)],
        )
        .await
        .map_err(|error| refused(error, Entity::Job, &job.guid, None))
        .map(drop)
}

impl CloudFoundryStore for PostgresStore {
    async fn create_organization(
        &self,
        organization: Organization,
        event: Option<Event>,
    ) -> Result<Organization, StoreError> {
        let mut client = self.client().await?;
        let transaction = client.transaction().await.map_err(pg)?;
        insert_organization(&transaction, &organization).await?;
        if let Some(event) = &event {
            insert_event(&transaction, event).await?;
        }
        transaction.commit().await.map_err(pg)?;
        Ok(organization)
    }

    async fn organization(&self, guid: &str) -> Result<Organization, StoreError> {
        let client = self.client().await?;
        let sql = format!("SELECT {ORGANIZATION} FROM cf_organizations o WHERE o.guid = $1");
        one(&*client, &sql, &[&guid], organization)
            .await?
            .ok_or_else(|| StoreError::not_found(Entity::Organization, guid))
    }

    async fn select_organizations(&self, selection: &OrganizationSelection) -> Result<Slice<Organization>, StoreError> {
        let clause = filters::organizations(selection, Placeholders::Numbered);
        let order = filters::order("o", selection.order, selection.descending);
        let client = self.client().await?;
        select(
            &*client,
            ORGANIZATION,
            "cf_organizations o",
            &clause,
            &order,
            selection.window,
            organization,
        )
        .await
    }

    async fn update_organization(
        &self,
        guid: &str,
        changes: OrganizationChanges,
        at: DateTime<Utc>,
        event: Event,
    ) -> Result<Organization, StoreError> {
        let mut client = self.client().await?;
        let transaction = client.transaction().await.map_err(pg)?;
        let name = changes.name.as_ref().map(Name::as_str);
        let key = changes.name.as_ref().map(|name| name.key().as_str());
        let sql = format!(
            "UPDATE cf_organizations o SET name = COALESCE($2, o.name), name_key = COALESCE($3, o.name_key), \
             status = COALESCE($4, o.status), billing_enabled = COALESCE($5, o.billing_enabled), updated_at = $6 \
             WHERE o.guid = $1 RETURNING {ORGANIZATION}"
        );
        let updated = transaction
            .query_opt(
                &sql,
                &[
                    &guid,
                    &name,
                    &key,
                    &changes.status,
                    &changes.billing_enabled,
                    &time(&at),
                ],
            )
            .await
            .map_err(|error| refused(error, Entity::Organization, name.unwrap_or(guid), None))?
            .ok_or_else(|| StoreError::not_found(Entity::Organization, guid))?;
        let updated = organization(&updated)?;
        insert_event(&transaction, &event).await?;
        transaction.commit().await.map_err(pg)?;
        Ok(updated)
    }

    async fn delete_organization(&self, guid: &str, recursive: bool, event: Event) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let transaction = client.transaction().await.map_err(pg)?;
        transaction
            .query_opt("SELECT 1 FROM cf_organizations WHERE guid = $1 FOR UPDATE", &[&guid])
            .await
            .map_err(pg)?
            .ok_or_else(|| StoreError::not_found(Entity::Organization, guid))?;
        if !recursive
            && transaction
                .query_opt("SELECT 1 FROM cf_spaces WHERE organization_guid = $1 LIMIT 1", &[&guid])
                .await
                .map_err(pg)?
                .is_some()
        {
            return Err(StoreError::NotEmpty {
                entity: Entity::Organization,
                key: guid.to_owned(),
            });
        }
        transaction
            .execute("DELETE FROM cf_spaces WHERE organization_guid = $1", &[&guid])
            .await
            .map_err(pg)?;
        transaction
            .execute("DELETE FROM cf_organizations WHERE guid = $1", &[&guid])
            .await
            .map_err(pg)?;
        insert_event(&transaction, &event).await?;
        transaction.commit().await.map_err(pg)
    }

    async fn create_space(&self, space: Space, event: Event) -> Result<Space, StoreError> {
        let mut client = self.client().await?;
        let transaction = client.transaction().await.map_err(pg)?;
        insert_space(&transaction, &space).await?;
        insert_event(&transaction, &event).await?;
        transaction.commit().await.map_err(pg)?;
        Ok(space)
    }

    async fn space(&self, guid: &str) -> Result<Space, StoreError> {
        let client = self.client().await?;
        let sql = format!("SELECT {SPACE} FROM cf_spaces s WHERE s.guid = $1");
        one(&*client, &sql, &[&guid], space)
            .await?
            .ok_or_else(|| StoreError::not_found(Entity::Space, guid))
    }

    async fn select_spaces(&self, selection: &SpaceSelection) -> Result<Slice<Space>, StoreError> {
        let clause = filters::spaces(selection, Placeholders::Numbered);
        let order = filters::order("s", selection.order, selection.descending);
        let client = self.client().await?;
        select(&*client, SPACE, "cf_spaces s", &clause, &order, selection.window, space).await
    }

    async fn update_space(
        &self,
        guid: &str,
        changes: SpaceChanges,
        at: DateTime<Utc>,
        event: Event,
    ) -> Result<Space, StoreError> {
        let mut client = self.client().await?;
        let transaction = client.transaction().await.map_err(pg)?;
        let name = changes.name.as_ref().map(Name::as_str);
        let key = changes.name.as_ref().map(|name| name.key().as_str());
        let sql = format!(
            "UPDATE cf_spaces s SET name = COALESCE($2, s.name), name_key = COALESCE($3, s.name_key), \
             allow_ssh = COALESCE($4, s.allow_ssh), updated_at = $5 WHERE s.guid = $1 RETURNING {SPACE}"
        );
        let updated = transaction
            .query_opt(&sql, &[&guid, &name, &key, &changes.allow_ssh, &time(&at)])
            .await
            .map_err(|error| refused(error, Entity::Space, name.unwrap_or(guid), None))?
            .ok_or_else(|| StoreError::not_found(Entity::Space, guid))?;
        let updated = space(&updated)?;
        insert_event(&transaction, &event).await?;
        transaction.commit().await.map_err(pg)?;
        Ok(updated)
    }

    async fn delete_space(&self, guid: &str, event: Event) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let transaction = client.transaction().await.map_err(pg)?;
        let deleted = transaction
            .execute("DELETE FROM cf_spaces WHERE guid = $1", &[&guid])
            .await
            .map_err(pg)?;
        if deleted == 0 {
            return Err(StoreError::not_found(Entity::Space, guid));
        }
        insert_event(&transaction, &event).await?;
        transaction.commit().await.map_err(pg)
    }

    async fn select_events(&self, selection: &EventSelection) -> Result<Slice<Event>, StoreError> {
        let clause = filters::events(selection, Placeholders::Numbered);
        let order = filters::event_order(selection.descending);
        let client = self.client().await?;
        select(&*client, EVENT, "cf_events e", &clause, order, selection.window, event).await
    }

    async fn event(&self, guid: &str) -> Result<Event, StoreError> {
        let client = self.client().await?;
        let sql = format!("SELECT {EVENT} FROM cf_events e WHERE e.guid = $1");
        one(&*client, &sql, &[&guid], event)
            .await?
            .ok_or_else(|| StoreError::not_found(Entity::Event, guid))
    }

    async fn create_job(&self, job: Job) -> Result<Job, StoreError> {
        let client = self.client().await?;
        insert_job(&*client, &job).await?;
        Ok(job)
    }

    async fn job(&self, guid: &str) -> Result<Job, StoreError> {
        let client = self.client().await?;
        one(
            &*client,
            "SELECT guid, created_at FROM cf_jobs WHERE guid = $1",
            &[&guid],
            job,
        )
        .await?
        .ok_or_else(|| StoreError::not_found(Entity::Job, guid))
    }

    async fn create_user(&self, user: User) -> Result<User, StoreError> {
        let client = self.client().await?;
        insert_user(&*client, &user).await?;
        Ok(user)
    }

    async fn user(&self, guid: &str) -> Result<Option<User>, StoreError> {
        let client = self.client().await?;
        one(
            &*client,
            &format!("SELECT {USER} FROM cf_users u WHERE u.guid = $1"),
            &[&guid],
            user,
        )
        .await
    }

    async fn user_by_name(&self, username: &str) -> Result<Option<User>, StoreError> {
        let client = self.client().await?;
        let sql = format!("SELECT {USER} FROM cf_users u WHERE u.username = $1");
        one(&*client, &sql, &[&username], user).await
    }

    async fn create_token(&self, token: String, user_guid: String) -> Result<(), StoreError> {
        let client = self.client().await?;
        insert_token(&*client, &StaticToken { token, user_guid }).await
    }

    async fn user_for_token(&self, token: &str) -> Result<Option<User>, StoreError> {
        let client = self.client().await?;
        let sql = format!("SELECT {USER} FROM cf_tokens t JOIN cf_users u ON u.guid = t.user_guid WHERE t.token = $1");
        one(&*client, &sql, &[&token], user).await
    }

    async fn export_cloud_foundry(&self) -> Result<CloudFoundryRecords, StoreError> {
        let mut client = self.client().await?;
        let transaction = snapshot(&mut client).await?;
        let records = CloudFoundryRecords {
            organizations: all(
                &transaction,
                &format!("SELECT {ORGANIZATION} FROM cf_organizations o ORDER BY o.seq"),
                organization,
            )
            .await?,
            spaces: all(
                &transaction,
                &format!("SELECT {SPACE} FROM cf_spaces s ORDER BY s.seq"),
                space,
            )
            .await?,
            events: all(
                &transaction,
                &format!("SELECT {EVENT} FROM cf_events e ORDER BY e.seq"),
                event,
            )
            .await?,
            jobs: all(&transaction, "SELECT guid, created_at FROM cf_jobs ORDER BY seq", job).await?,
            users: all(
                &transaction,
                &format!("SELECT {USER} FROM cf_users u ORDER BY u.seq"),
                user,
            )
            .await?,
            tokens: all(
                &transaction,
                "SELECT token, user_guid FROM cf_tokens ORDER BY token",
                |row| {
                    Ok(StaticToken {
                        token: get(row, 0)?,
                        user_guid: get(row, 1)?,
                    })
                },
            )
            .await?,
        };
        transaction.commit().await.map_err(pg)?;
        Ok(records)
    }

    async fn replace_cloud_foundry(&self, records: CloudFoundryRecords) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let transaction = replacing(&mut client, CLOUD_FOUNDRY).await?;
        store(&transaction, &records).await?;
        transaction.commit().await.map_err(pg)
    }

    async fn fill_cloud_foundry(&self, records: CloudFoundryRecords) -> Result<bool, StoreError> {
        let mut client = self.client().await?;
        let Some(transaction) = filling(&mut client, CLOUD_FOUNDRY).await? else {
            return Ok(false);
        };
        store(&transaction, &records).await?;
        transaction.commit().await.map_err(pg).map(|()| true)
    }
}

/// Inserts every one of `records` (a replacement's or a fill's, the tables emptied or found empty).
async fn store(transaction: &impl Session, records: &CloudFoundryRecords) -> Result<(), StoreError> {
    for organization in &records.organizations {
        insert_organization(transaction, organization).await?;
    }
    for space in &records.spaces {
        insert_space(transaction, space).await?;
    }
    for event in &records.events {
        insert_event(transaction, event).await?;
    }
    for job in &records.jobs {
        insert_job(transaction, job).await?;
    }
    for user in &records.users {
        insert_user(transaction, user).await?;
    }
    for token in &records.tokens {
        insert_token(transaction, token).await?;
    }
    Ok(())
}
