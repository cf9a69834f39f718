//! [`AssemblaStore`] in SQLite. A space is found by its id or its wiki name, and no wiki name may be another
//! space's id or wiki name: both are rows of `asm_handles`, whose primary key holds that rule.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row, params};

use super::{
    SqliteStore,
    sql::{
        self, all, execute, exists, fill, insert, maybe_time, one, read_json, read_maybe_time, read_time, replace,
        select, time,
    },
};
use crate::{
    ApiKey, AssemblaRecords, AssemblaSpace, AssemblaSpaceChanges, AssemblaStore, Entity, Slice, StoreError, Window,
    sql::{columns::ASSEMBLA_SPACE as SPACE, tables::ASSEMBLA},
};

/// The space in a row of [`SPACE`](crate::sql::columns::ASSEMBLA_SPACE).
fn space(row: &Row<'_>) -> rusqlite::Result<AssemblaSpace> {
    let tabs_order: Option<String> = row.get(11)?;
    Ok(AssemblaSpace {
        id: row.get(0)?,
        name: row.get(1)?,
        wiki_name: row.get(2)?,
        description: row.get(3)?,
        public_permissions: row.get(4)?,
        team_permissions: row.get(5)?,
        watcher_permissions: row.get(6)?,
        share_permissions: row.get(7)?,
        status: row.get(8)?,
        team_tab_role: row.get(9)?,
        default_showpage: row.get(10)?,
        tabs_order: match tabs_order {
            Some(_) => Some(read_json(row, 11)?),
            None => None,
        },
        banner: row.get(12)?,
        banner_height: row.get(13)?,
        banner_text: row.get(14)?,
        banner_link: row.get(15)?,
        style: row.get(16)?,
        approved: row.get(17)?,
        can_join: row.get(18)?,
        wiki_format: row.get(19)?,
        parent_id: row.get(20)?,
        created_at: read_time(row, 21)?,
        updated_at: read_time(row, 22)?,
        commercial_from: read_maybe_time(row, 23)?,
    })
}

/// The `seq` of the space this id or wiki name belongs to, if any.
fn seq_of(connection: &Connection, handle: &str) -> Result<Option<i64>, StoreError> {
    one(
        connection,
        "SELECT space_seq FROM asm_handles WHERE handle = ?1",
        [handle],
        |row| row.get(0),
    )
}

/// Claims `space`'s id and wiki name for the space at `seq`: `Conflict` if either is another space's.
fn claim_handles(connection: &Connection, seq: i64, space: &AssemblaSpace) -> Result<(), StoreError> {
    for handle in [&space.id, &space.wiki_name] {
        insert(
            connection,
            "INSERT INTO asm_handles (handle, space_seq) VALUES (?1, ?2) ON CONFLICT (handle) DO NOTHING",
            params![handle, seq],
            Entity::AssemblaSpace,
            &space.wiki_name,
        )?;
        // A handle that was already there is the space's own (an id that is also its wiki name) or a conflict.
        if seq_of(connection, handle)? != Some(seq) {
            return Err(StoreError::conflict(Entity::AssemblaSpace, &space.wiki_name));
        }
    }
    Ok(())
}

/// Writes `space`'s columns into the row at `seq` (a new row when `None`); its `seq`.
fn write_space(connection: &Connection, seq: Option<i64>, space: &AssemblaSpace) -> Result<i64, StoreError> {
    let tabs_order = space.tabs_order.as_ref().map(sql::json).transpose()?;
    execute(
        connection,
        "INSERT INTO asm_spaces (seq, id, name, wiki_name, description, public_permissions, team_permissions, \
         watcher_permissions, share_permissions, status, team_tab_role, default_showpage, tabs_order, banner, \
         banner_height, banner_text, banner_link, style, approved, can_join, wiki_format, parent_id, created_at, \
         updated_at, commercial_from) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, \
         ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25) \
         ON CONFLICT (seq) DO UPDATE SET name = excluded.name, wiki_name = excluded.wiki_name, \
         description = excluded.description, public_permissions = excluded.public_permissions, \
         team_permissions = excluded.team_permissions, watcher_permissions = excluded.watcher_permissions, \
         share_permissions = excluded.share_permissions, status = excluded.status, \
         team_tab_role = excluded.team_tab_role, default_showpage = excluded.default_showpage, \
         tabs_order = excluded.tabs_order, banner = excluded.banner, banner_height = excluded.banner_height, \
         banner_text = excluded.banner_text, banner_link = excluded.banner_link, style = excluded.style, \
         approved = excluded.approved, can_join = excluded.can_join, wiki_format = excluded.wiki_format, \
         parent_id = excluded.parent_id, created_at = excluded.created_at, updated_at = excluded.updated_at, \
         commercial_from = excluded.commercial_from",
        params![
            seq,
            space.id,
            space.name,
            space.wiki_name,
            space.description,
            space.public_permissions,
            space.team_permissions,
            space.watcher_permissions,
            space.share_permissions,
            space.status,
            space.team_tab_role,
            space.default_showpage,
            tabs_order,
            space.banner,
            space.banner_height,
            space.banner_text,
            space.banner_link,
            space.style,
            space.approved,
            space.can_join,
            space.wiki_format,
            space.parent_id,
            time(&space.created_at),
            time(&space.updated_at),
            maybe_time(space.commercial_from.as_ref()),
        ],
    )?;
    Ok(seq.unwrap_or_else(|| connection.last_insert_rowid()))
}

/// Adds a space: `Conflict` if its id is taken or its wiki name is another space's id or wiki name.
fn insert_space(connection: &Connection, space: &AssemblaSpace) -> Result<(), StoreError> {
    if exists(connection, "SELECT 1 FROM asm_spaces WHERE id = ?1", [&space.id])? {
        return Err(StoreError::conflict(Entity::AssemblaSpace, &space.wiki_name));
    }
    let seq = write_space(connection, None, space)?;
    claim_handles(connection, seq, space)
}

impl AssemblaStore for SqliteStore {
    async fn create_assembla_space(&self, space: AssemblaSpace) -> Result<AssemblaSpace, StoreError> {
        self.write(move |connection| {
            insert_space(connection, &space)?;
            Ok(space)
        })
        .await
    }

    async fn assembla_space(&self, id_or_wiki_name: &str) -> Result<AssemblaSpace, StoreError> {
        self.read(|connection| {
            one(
                connection,
                &format!(
                    "SELECT {SPACE} FROM asm_handles h JOIN asm_spaces a ON a.seq = h.space_seq WHERE h.handle = ?1"
                ),
                [id_or_wiki_name],
                space,
            )?
            .ok_or_else(|| StoreError::not_found(Entity::AssemblaSpace, id_or_wiki_name))
        })
    }

    async fn select_assembla_spaces(&self, window: Window) -> Result<Slice<AssemblaSpace>, StoreError> {
        self.read_consistent(|connection| {
            select(
                connection,
                SPACE,
                "asm_spaces a",
                &sql::clause(),
                "a.seq",
                window,
                space,
            )
        })
    }

    async fn update_assembla_space(
        &self,
        id_or_wiki_name: &str,
        changes: AssemblaSpaceChanges,
        at: DateTime<Utc>,
    ) -> Result<AssemblaSpace, StoreError> {
        let handle = id_or_wiki_name.to_owned();
        // The one writer connection reads the space and writes it back in one transaction: no other write between.
        self.write(move |connection| {
            let (seq, current) = one(
                connection,
                &format!(
                    "SELECT {SPACE}, a.seq FROM asm_handles h JOIN asm_spaces a ON a.seq = h.space_seq \
                     WHERE h.handle = ?1"
                ),
                [&handle],
                |row| Ok((row.get::<_, i64>(24)?, space(row)?)),
            )?
            .ok_or_else(|| StoreError::not_found(Entity::AssemblaSpace, &handle))?;
            let space = changes.applied_to(current, at);
            execute(connection, "DELETE FROM asm_handles WHERE space_seq = ?1", [seq])?;
            write_space(connection, Some(seq), &space)?;
            claim_handles(connection, seq, &space)?;
            Ok(space)
        })
        .await
    }

    async fn delete_assembla_space(&self, id_or_wiki_name: &str) -> Result<(), StoreError> {
        let handle = id_or_wiki_name.to_owned();
        self.write(move |connection| {
            let seq =
                seq_of(connection, &handle)?.ok_or_else(|| StoreError::not_found(Entity::AssemblaSpace, &handle))?;
            execute(connection, "DELETE FROM asm_handles WHERE space_seq = ?1", [seq])?;
            execute(connection, "DELETE FROM asm_spaces WHERE seq = ?1", [seq]).map(drop)
        })
        .await
    }

    async fn create_assembla_token(&self, token: String) -> Result<(), StoreError> {
        self.write(move |connection| {
            execute(
                connection,
                "INSERT INTO asm_tokens (token) VALUES (?1) ON CONFLICT DO NOTHING",
                [token],
            )
            .map(drop)
        })
        .await
    }

    async fn is_assembla_token(&self, token: &str) -> Result<bool, StoreError> {
        self.read(|connection| exists(connection, "SELECT 1 FROM asm_tokens WHERE token = ?1", [token]))
    }

    async fn create_assembla_api_key(&self, key: ApiKey) -> Result<(), StoreError> {
        self.write(move |connection| {
            execute(
                connection,
                "INSERT INTO asm_api_keys (key, secret) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                params![key.key, key.secret],
            )
            .map(drop)
        })
        .await
    }

    async fn assembla_api_secret(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.read(|connection| {
            one(
                connection,
                "SELECT secret FROM asm_api_keys WHERE key = ?1",
                [key],
                |row| row.get(0),
            )
        })
    }

    async fn set_assembla_portfolio(&self, portfolio: Option<String>) -> Result<(), StoreError> {
        self.write(move |connection| set_portfolio(connection, portfolio.as_deref()))
            .await
    }

    async fn assembla_portfolio(&self) -> Result<Option<String>, StoreError> {
        self.read(|connection| one(connection, "SELECT portfolio FROM asm_portfolio", [], |row| row.get(0)))
    }

    async fn export_assembla(&self) -> Result<AssemblaRecords, StoreError> {
        self.read_consistent(|connection| {
            let api_keys = all(connection, "SELECT key, secret FROM asm_api_keys ORDER BY seq", |row| {
                Ok(ApiKey {
                    key: row.get(0)?,
                    secret: row.get(1)?,
                })
            })?;
            Ok(AssemblaRecords {
                portfolio: one(connection, "SELECT portfolio FROM asm_portfolio", [], |row| row.get(0))?,
                tokens: all(connection, "SELECT token FROM asm_tokens ORDER BY seq", |row| {
                    row.get(0)
                })?,
                api_keys,
                spaces: select(
                    connection,
                    SPACE,
                    "asm_spaces a",
                    &sql::clause(),
                    "a.seq",
                    Window::ALL,
                    space,
                )?
                .items,
            })
        })
    }

    async fn replace_assembla(&self, records: AssemblaRecords) -> Result<(), StoreError> {
        self.write(move |connection| replace(connection, ASSEMBLA, |connection| store(connection, &records)))
            .await
    }

    async fn fill_assembla(&self, records: AssemblaRecords) -> Result<bool, StoreError> {
        self.write(move |connection| fill(connection, ASSEMBLA, |connection| store(connection, &records)))
            .await
    }
}

/// Makes `portfolio` the one new spaces belong to (none when `None`).
fn set_portfolio(connection: &Connection, portfolio: Option<&str>) -> Result<(), StoreError> {
    execute(connection, "DELETE FROM asm_portfolio", [])?;
    if let Some(portfolio) = portfolio {
        execute(
            connection,
            "INSERT INTO asm_portfolio (portfolio) VALUES (?1)",
            [portfolio],
        )?;
    }
    Ok(())
}

/// Inserts every one of `records` (a replacement's or a fill's, the tables emptied or found empty).
fn store(connection: &Connection, records: &AssemblaRecords) -> Result<(), StoreError> {
    set_portfolio(connection, records.portfolio.as_deref())?;
    for space in &records.spaces {
        insert_space(connection, space)?;
    }
    for token in &records.tokens {
        insert(
            connection,
            "INSERT INTO asm_tokens (token) VALUES (?1)",
            [token],
            Entity::Credential,
            token,
        )?;
    }
    for key in &records.api_keys {
        insert(
            connection,
            "INSERT INTO asm_api_keys (key, secret) VALUES (?1, ?2)",
            params![key.key, key.secret],
            Entity::Credential,
            &key.key,
        )?;
    }
    Ok(())
}
