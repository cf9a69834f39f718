//! The embedded database's schema and its versions. `PRAGMA user_version` holds the version a database is at;
//! opening it applies every later migration, in order, in one transaction. A database from a newer spaceport
//! (a version this one does not know) is refused rather than guessed at.
//!
//! Every rule the traits state is a constraint here too: a guid, a name key per scope, a user name, a token or an
//! Assembla handle (an id or a wiki name) is unique by index, and creation order is each table's `seq`. Times are
//! RFC 3339 text with nine fraction digits, which sorts as time does (years 0 to 9999).

use rusqlite::Connection;

use crate::StoreError;

/// Each migration, the one at index `i` taking a database from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: every API's records.
    "
    CREATE TABLE cf_organizations (
        seq INTEGER PRIMARY KEY,
        guid TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL,
        billing_enabled INTEGER NOT NULL,
        quota_definition_guid TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT
    );
    CREATE TABLE cf_spaces (
        seq INTEGER PRIMARY KEY,
        guid TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL,
        organization_guid TEXT NOT NULL REFERENCES cf_organizations (guid),
        allow_ssh INTEGER NOT NULL,
        isolation_segment_guid TEXT,
        space_quota_definition_guid TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT,
        UNIQUE (organization_guid, name_key)
    );
    CREATE INDEX cf_spaces_by_name ON cf_spaces (name_key, seq);
    CREATE TABLE cf_events (
        seq INTEGER PRIMARY KEY,
        guid TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        actor TEXT NOT NULL,
        actor_type TEXT NOT NULL,
        actor_name TEXT NOT NULL,
        actor_username TEXT NOT NULL,
        actee TEXT NOT NULL,
        actee_type TEXT NOT NULL,
        actee_name TEXT NOT NULL,
        timestamp TEXT NOT NULL,
        metadata TEXT NOT NULL,
        space_guid TEXT NOT NULL,
        organization_guid TEXT NOT NULL
    );
    CREATE INDEX cf_events_by_time ON cf_events (timestamp, seq);
    CREATE TABLE cf_jobs (
        seq INTEGER PRIMARY KEY,
        guid TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
    );
    CREATE TABLE cf_users (
        seq INTEGER PRIMARY KEY,
        guid TEXT NOT NULL UNIQUE,
        username TEXT NOT NULL UNIQUE,
        password TEXT NOT NULL,
        email TEXT NOT NULL,
        scopes TEXT NOT NULL
    );
    CREATE TABLE cf_tokens (
        token TEXT PRIMARY KEY,
        user_guid TEXT NOT NULL REFERENCES cf_users (guid)
    );

    CREATE TABLE oz_spaces (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        owner TEXT NOT NULL
    );
    CREATE TABLE oz_supports (
        seq INTEGER PRIMARY KEY,
        space_seq INTEGER NOT NULL REFERENCES oz_spaces (seq) ON DELETE CASCADE,
        provider TEXT NOT NULL,
        size INTEGER NOT NULL,
        UNIQUE (space_seq, provider)
    );
    CREATE INDEX oz_supports_by_provider ON oz_supports (provider, space_seq);
    CREATE TABLE oz_provider_tokens (token TEXT PRIMARY KEY);
    CREATE TABLE oz_space_tokens (
        token TEXT PRIMARY KEY,
        user TEXT NOT NULL,
        single_use INTEGER NOT NULL,
        used INTEGER NOT NULL
    );

    CREATE TABLE asm_spaces (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        wiki_name TEXT NOT NULL,
        description TEXT,
        public_permissions INTEGER NOT NULL,
        team_permissions INTEGER NOT NULL,
        watcher_permissions INTEGER NOT NULL,
        share_permissions INTEGER NOT NULL,
        status INTEGER NOT NULL,
        team_tab_role INTEGER NOT NULL,
        default_showpage TEXT NOT NULL,
        tabs_order TEXT,
        banner TEXT,
        banner_height INTEGER,
        banner_text TEXT,
        banner_link TEXT,
        style TEXT,
        approved INTEGER NOT NULL,
        can_join INTEGER NOT NULL,
        wiki_format INTEGER,
        parent_id TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        commercial_from TEXT
    );
    CREATE TABLE asm_handles (
        handle TEXT PRIMARY KEY,
        space_seq INTEGER NOT NULL REFERENCES asm_spaces (seq) ON DELETE CASCADE
    );
    CREATE INDEX asm_handles_by_space ON asm_handles (space_seq);
    CREATE TABLE asm_portfolio (portfolio TEXT NOT NULL);
    CREATE TABLE asm_tokens (seq INTEGER PRIMARY KEY, token TEXT NOT NULL UNIQUE);
    CREATE TABLE asm_api_keys (seq INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, secret TEXT NOT NULL);
    ",
    // 2: the server's secrets (a token signing key).
    "
    CREATE TABLE secrets (
        name TEXT PRIMARY KEY,
        value BLOB NOT NULL
    );
    ",
];

/// The version this spaceport writes.
pub(super) const VERSION: usize = MIGRATIONS.len();

/// Why a database could not be brought to [`VERSION`].
#[derive(Debug, thiserror::Error)]
#[error("the database is at schema version {found}, newer than this spaceport's {VERSION}; use a newer spaceport")]
struct TooNew {
    found: usize,
}

/// Brings the database to [`VERSION`], applying the migrations it lacks in one transaction.
pub(super) fn migrate(connection: &mut Connection) -> Result<(), StoreError> {
    let transaction = connection.transaction().map_err(StoreError::unavailable)?;
    let found: i64 = transaction
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(StoreError::unavailable)?;
    let found = usize::try_from(found).unwrap_or(usize::MAX);
    if found > VERSION {
        return Err(StoreError::unavailable(TooNew { found }));
    }
    for migration in &MIGRATIONS[found..] {
        transaction.execute_batch(migration).map_err(StoreError::unavailable)?;
    }
    transaction
        .pragma_update(None, "user_version", VERSION as i64)
        .map_err(StoreError::unavailable)?;
    transaction.commit().map_err(StoreError::unavailable)
}
