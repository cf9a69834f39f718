//! Cloud Foundry records as rows: how a row of the shared columns becomes a record, and the inserts that
//! both a single write and a replacement use, each refusing what the traits refuse.

use rusqlite::{Connection, Row, params};

use crate::{
    Entity, Name, StoreError,
    cloud_foundry::{Event, Job, Organization, Space, StaticToken, User},
    sqlite::sql::{self, execute, exists, insert, maybe_time, read_json, read_maybe_time, read_time, time},
};

/// The organization in a row of [`ORGANIZATION`](crate::sql::columns::ORGANIZATION).
pub(super) fn organization(row: &Row<'_>) -> rusqlite::Result<Organization> {
    Ok(Organization {
        guid: row.get(0)?,
        name: Name::new(row.get::<_, String>(1)?),
        status: row.get(2)?,
        billing_enabled: row.get(3)?,
        quota_definition_guid: row.get(4)?,
        created_at: read_time(row, 5)?,
        updated_at: read_maybe_time(row, 6)?,
    })
}

/// The space in a row of [`SPACE`](crate::sql::columns::SPACE).
pub(super) fn space(row: &Row<'_>) -> rusqlite::Result<Space> {
    Ok(Space {
        guid: row.get(0)?,
        name: Name::new(row.get::<_, String>(1)?),
        organization_guid: row.get(2)?,
        allow_ssh: row.get(3)?,
        isolation_segment_guid: row.get(4)?,
        space_quota_definition_guid: row.get(5)?,
        created_at: read_time(row, 6)?,
        updated_at: read_maybe_time(row, 7)?,
    })
}

/// The event in a row of [`EVENT`](crate::sql::columns::EVENT).
pub(super) fn event(row: &Row<'_>) -> rusqlite::Result<Event> {
    Ok(Event {
        guid: row.get(0)?,
        kind: row.get(1)?,
        actor: row.get(2)?,
        actor_type: row.get(3)?,
        actor_name: row.get(4)?,
        actor_username: row.get(5)?,
        actee: row.get(6)?,
        actee_type: row.get(7)?,
        actee_name: row.get(8)?,
        timestamp: read_time(row, 9)?,
        metadata: read_json(row, 10)?,
        space_guid: row.get(11)?,
        organization_guid: row.get(12)?,
    })
}

/// The user in a row of [`USER`](crate::sql::columns::USER).
pub(super) fn user(row: &Row<'_>) -> rusqlite::Result<User> {
    Ok(User {
        guid: row.get(0)?,
        username: row.get(1)?,
        password: row.get(2)?,
        email: row.get(3)?,
        scopes: read_json(row, 4)?,
    })
}

/// The job in a row of `j.guid, j.created_at`.
pub(super) fn job(row: &Row<'_>) -> rusqlite::Result<Job> {
    Ok(Job {
        guid: row.get(0)?,
        created_at: read_time(row, 1)?,
    })
}

/// Adds an organization: `Conflict` on its guid or its name's key.
pub(super) fn insert_organization(connection: &Connection, organization: &Organization) -> Result<(), StoreError> {
    if exists(
        connection,
        "SELECT 1 FROM cf_organizations WHERE guid = ?1",
        [&organization.guid],
    )? {
        return Err(StoreError::conflict(Entity::Organization, &organization.guid));
    }
    insert(
        connection,
        "INSERT INTO cf_organizations (guid, name, name_key, status, billing_enabled, quota_definition_guid, \
         created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            organization.guid,
            organization.name.as_str(),
            organization.name.key().as_str(),
            organization.status,
            organization.billing_enabled,
            organization.quota_definition_guid,
            time(&organization.created_at),
            maybe_time(organization.updated_at.as_ref()),
        ],
        Entity::Organization,
        organization.name.as_str(),
    )
    .map(drop)
}

/// Adds a space: `NotFound` if its organization does not exist, `Conflict` on its name's key in the
/// organization or its guid.
pub(super) fn insert_space(connection: &Connection, space: &Space) -> Result<(), StoreError> {
    if !exists(
        connection,
        "SELECT 1 FROM cf_organizations WHERE guid = ?1",
        [&space.organization_guid],
    )? {
        return Err(StoreError::not_found(Entity::Organization, &space.organization_guid));
    }
    if exists(connection, "SELECT 1 FROM cf_spaces WHERE guid = ?1", [&space.guid])? {
        return Err(StoreError::conflict(Entity::Space, &space.guid));
    }
    insert(
        connection,
        "INSERT INTO cf_spaces (guid, name, name_key, organization_guid, allow_ssh, isolation_segment_guid, \
         space_quota_definition_guid, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            space.guid,
            space.name.as_str(),
            space.name.key().as_str(),
            space.organization_guid,
            space.allow_ssh,
            space.isolation_segment_guid,
            space.space_quota_definition_guid,
            time(&space.created_at),
            maybe_time(space.updated_at.as_ref()),
        ],
        Entity::Space,
        space.name.as_str(),
    )
    .map(drop)
}

/// Records an event: `Conflict` on its guid.
pub(super) fn insert_event(connection: &Connection, event: &Event) -> Result<(), StoreError> {
    insert(
        connection,
        "INSERT INTO cf_events (guid, kind, actor, actor_type, actor_name, actor_username, actee, actee_type, \
         actee_name, timestamp, metadata, space_guid, organization_guid) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            event.guid,
            event.kind,
            event.actor,
            event.actor_type,
            event.actor_name,
            event.actor_username,
            event.actee,
            event.actee_type,
            event.actee_name,
            time(&event.timestamp),
            sql::json(&event.metadata)?,
            event.space_guid,
            event.organization_guid,
        ],
        Entity::Event,
        &event.guid,
    )
    .map(drop)
}

/// Records a job: `Conflict` on its guid.
pub(super) fn insert_job(connection: &Connection, job: &Job) -> Result<(), StoreError> {
    insert(
        connection,
        "INSERT INTO cf_jobs (guid, created_at) VALUES (?1, ?2)",
        params![job.guid, time(&job.created_at)],
        Entity::Job,
        &job.guid,
    )
    .map(drop)
}

/// Adds a user: `Conflict` on its user name or its guid.
pub(super) fn insert_user(connection: &Connection, user: &User) -> Result<(), StoreError> {
    if exists(
        connection,
        "SELECT 1 FROM cf_users WHERE username = ?1",
        [&user.username],
    )? {
        return Err(StoreError::conflict(Entity::User, &user.username));
    }
    insert(
        connection,
        "INSERT INTO cf_users (guid, username, password, email, scopes) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            user.guid,
            user.username,
            user.password,
            user.email,
            sql::json(&user.scopes)?
        ],
        Entity::User,
        &user.guid,
    )
    .map(drop)
}

/// Makes a token stand for its user (replacing what it stood for): `NotFound` if there is no such user.
pub(super) fn insert_token(connection: &Connection, token: &StaticToken) -> Result<(), StoreError> {
    if !exists(connection, "SELECT 1 FROM cf_users WHERE guid = ?1", [&token.user_guid])? {
        return Err(StoreError::not_found(Entity::User, &token.user_guid));
    }
    execute(
        connection,
        "INSERT INTO cf_tokens (token, user_guid) VALUES (?1, ?2) \
         ON CONFLICT (token) DO UPDATE SET user_guid = excluded.user_guid",
        params![token.token, token.user_guid],
    )
    .map(drop)
}
