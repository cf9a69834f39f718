//! The PostgreSQL schema and its versions: the same tables as the embedded store's, in a schema of the store's
//! own (one per world), with `spaceport_version` holding the version it is at. Opening a store takes an advisory
//! lock for the migration, so processes starting together on one database migrate it once.
//!
//! Columns that conditions compare or orders sort are `COLLATE "C"`: byte order, as the domain's keys compare.

use tokio_postgres::Client;

use super::pg;
use crate::StoreError;

/// Each migration, the one at index `i` taking a schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: every API's records.
    r#"
    CREATE TABLE cf_organizations (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        guid TEXT COLLATE "C" NOT NULL UNIQUE,
        name TEXT NOT NULL,
        name_key TEXT COLLATE "C" NOT NULL UNIQUE,
        status TEXT COLLATE "C" NOT NULL,
        billing_enabled BOOLEAN NOT NULL,
        quota_definition_guid TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT
    );
    CREATE TABLE cf_spaces (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        guid TEXT COLLATE "C" NOT NULL UNIQUE,
        name TEXT NOT NULL,
        name_key TEXT COLLATE "C" NOT NULL,
        organization_guid TEXT COLLATE "C" NOT NULL REFERENCES cf_organizations (guid),
        allow_ssh BOOLEAN NOT NULL,
        isolation_segment_guid TEXT COLLATE "C",
        space_quota_definition_guid TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT,
        CONSTRAINT cf_spaces_name_key UNIQUE (organization_guid, name_key)
    );
    CREATE INDEX cf_spaces_by_name ON cf_spaces (name_key, seq);
    CREATE TABLE cf_events (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        guid TEXT COLLATE "C" NOT NULL UNIQUE,
        kind TEXT COLLATE "C" NOT NULL,
        actor TEXT NOT NULL,
        actor_type TEXT NOT NULL,
        actor_name TEXT NOT NULL,
        actor_username TEXT NOT NULL,
        actee TEXT COLLATE "C" NOT NULL,
        actee_type TEXT NOT NULL,
        actee_name TEXT NOT NULL,
        timestamp TEXT COLLATE "C" NOT NULL,
        metadata TEXT NOT NULL,
        space_guid TEXT COLLATE "C" NOT NULL,
        organization_guid TEXT COLLATE "C" NOT NULL
    );
    CREATE INDEX cf_events_by_time ON cf_events (timestamp, seq);
    CREATE TABLE cf_jobs (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        guid TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
    );
    CREATE TABLE cf_users (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        guid TEXT NOT NULL UNIQUE,
        username TEXT NOT NULL UNIQUE,
        password TEXT NOT NULL,
        email TEXT NOT NULL,
        scopes TEXT NOT NULL
    );
    CREATE TABLE cf_tokens (
        token TEXT COLLATE "C" PRIMARY KEY,
        user_guid TEXT NOT NULL REFERENCES cf_users (guid)
    );

    CREATE TABLE oz_spaces (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        owner TEXT NOT NULL
    );
    CREATE TABLE oz_supports (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        space_seq BIGINT NOT NULL REFERENCES oz_spaces (seq) ON DELETE CASCADE,
        provider TEXT NOT NULL,
        size BIGINT NOT NULL,
        UNIQUE (space_seq, provider)
    );
    CREATE INDEX oz_supports_by_provider ON oz_supports (provider, space_seq);
    CREATE TABLE oz_provider_tokens (token TEXT COLLATE "C" PRIMARY KEY);
    CREATE TABLE oz_space_tokens (
        token TEXT COLLATE "C" PRIMARY KEY,
        "user" TEXT NOT NULL,
        single_use BOOLEAN NOT NULL,
        used BOOLEAN NOT NULL
    );

    CREATE TABLE asm_spaces (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        wiki_name TEXT NOT NULL,
        description TEXT,
        public_permissions BIGINT NOT NULL,
        team_permissions BIGINT NOT NULL,
        watcher_permissions BIGINT NOT NULL,
        share_permissions BOOLEAN NOT NULL,
        status BIGINT NOT NULL,
        team_tab_role BIGINT NOT NULL,
        default_showpage TEXT NOT NULL,
        tabs_order TEXT,
        banner TEXT,
        banner_height BIGINT,
        banner_text TEXT,
        banner_link TEXT,
        style TEXT,
        approved BOOLEAN NOT NULL,
        can_join BOOLEAN NOT NULL,
        wiki_format BIGINT,
        parent_id TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        commercial_from TEXT
    );
    CREATE TABLE asm_handles (
        handle TEXT PRIMARY KEY,
        space_seq BIGINT NOT NULL REFERENCES asm_spaces (seq) ON DELETE CASCADE
    );
    CREATE INDEX asm_handles_by_space ON asm_handles (space_seq);
    CREATE TABLE asm_portfolio (
        account BOOLEAN PRIMARY KEY CHECK (account),
        portfolio TEXT NOT NULL
    );
    CREATE TABLE asm_tokens (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        token TEXT NOT NULL UNIQUE
    );
    CREATE TABLE asm_api_keys (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        secret TEXT NOT NULL
    );
    "#,
    // 2: the server's secrets (a token signing key).
    r#"
    CREATE TABLE secrets (
        name TEXT PRIMARY KEY,
        value BYTEA NOT NULL
    );
    "#,
];

/// The version this spaceport writes.
pub(super) const VERSION: usize = MIGRATIONS.len();

/// Why a schema could not be brought to [`VERSION`].
#[derive(Debug, thiserror::Error)]
#[error("the schema {schema} is at version {found}, newer than this spaceport's {VERSION}; use a newer spaceport")]
struct TooNew {
    schema: String,
    found: usize,
}

/// Makes `schema` if it is missing and brings it to [`VERSION`], in one transaction under an advisory lock.
pub(super) async fn migrate(client: &mut Client, schema: &str) -> Result<(), StoreError> {
    let transaction = client.transaction().await.map_err(pg)?;
    // One lock for every spaceport schema: migrations are rare and short.
    transaction
        .batch_execute(&format!(
            "SELECT pg_advisory_xact_lock(7373737373); CREATE SCHEMA IF NOT EXISTS \"{schema}\"; \
             SET LOCAL search_path TO \"{schema}\"; \
             CREATE TABLE IF NOT EXISTS spaceport_version (version BIGINT NOT NULL);"
        ))
        .await
        .map_err(pg)?;
    let found: Option<i64> = transaction
        .query_opt("SELECT version FROM spaceport_version", &[])
        .await
        .map_err(pg)?
        .map(|row| row.get(0));
    let found = usize::try_from(found.unwrap_or(0)).unwrap_or(usize::MAX);
    if found > VERSION {
        return Err(StoreError::unavailable(TooNew {
            schema: schema.to_owned(),
            found,
        }));
    }
    for migration in &MIGRATIONS[found..] {
        transaction.batch_execute(migration).await.map_err(pg)?;
    }
    let version = i64::try_from(VERSION).unwrap_or(i64::MAX);
    transaction
        .execute("DELETE FROM spaceport_version", &[])
        .await
        .map_err(pg)?;
    transaction
        .execute("INSERT INTO spaceport_version (version) VALUES ($1)", &[&version])
        .await
        .map_err(pg)?;
    transaction.commit().await.map_err(pg)
}
