//! [`OnezoneStore`] in SQLite: a space's supports are rows of their own, in the order support began (their `seq`);
//! a single-use token is used up in the same savepoint as the space it creates.

use indexmap::IndexMap;
use rusqlite::{Connection, params};

use super::{
    SqliteStore,
    sql::{self, all, execute, exists, fill, insert, one, replace, select},
};
use crate::{
    Comparison, Condition, Entity, OnezoneRecords, OnezoneSelection, OnezoneSpace, OnezoneStore, Slice, SpaceToken,
    StoreError,
    sql::{columns::ONEZONE_SPACE as SPACE, tables::ONEZONE},
};

/// The supports of the space at `seq`, in the order they began.
fn supports(connection: &Connection, seq: i64) -> Result<IndexMap<String, i64>, StoreError> {
    connection
        .prepare_cached("SELECT provider, size FROM oz_supports WHERE space_seq = ?1 ORDER BY seq")
        .and_then(|mut statement| {
            statement
                .query_map([seq], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect()
        })
        .map_err(StoreError::unavailable)
}

/// The space in a row of [`SPACE`](crate::sql::columns::ONEZONE_SPACE), its supports read beside it.
fn space(
    connection: &Connection,
    (seq, id, name, owner): (i64, String, String, String),
) -> Result<OnezoneSpace, StoreError> {
    Ok(OnezoneSpace {
        supports: supports(connection, seq)?,
        id,
        name,
        owner,
    })
}

/// The space with this id, if any.
fn space_by_id(connection: &Connection, id: &str) -> Result<Option<OnezoneSpace>, StoreError> {
    let row = one(
        connection,
        "SELECT seq, id, name, owner FROM oz_spaces WHERE id = ?1",
        [id],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
    )?;
    row.map(|row| space(connection, row)).transpose()
}

/// The `seq` of the space with this id; `NotFound` if there is none.
fn seq_of(connection: &Connection, id: &str) -> Result<i64, StoreError> {
    one(connection, "SELECT seq FROM oz_spaces WHERE id = ?1", [id], |row| {
        row.get(0)
    })?
    .ok_or_else(|| StoreError::not_found(Entity::OnezoneSpace, id))
}

/// Adds a space and its supports: `Conflict` on its id.
fn insert_space(connection: &Connection, space: &OnezoneSpace) -> Result<(), StoreError> {
    insert(
        connection,
        "INSERT INTO oz_spaces (id, name, owner) VALUES (?1, ?2, ?3)",
        params![space.id, space.name, space.owner],
        Entity::OnezoneSpace,
        &space.id,
    )?;
    let seq = connection.last_insert_rowid();
    for (provider, size) in &space.supports {
        execute(
            connection,
            "INSERT INTO oz_supports (space_seq, provider, size) VALUES (?1, ?2, ?3)",
            params![seq, provider, size],
        )?;
    }
    Ok(())
}

/// Registers a space token: `Conflict` if one with the same text is registered.
fn insert_space_token(connection: &Connection, token: &SpaceToken) -> Result<(), StoreError> {
    insert(
        connection,
        "INSERT INTO oz_space_tokens (token, user, single_use, used) VALUES (?1, ?2, ?3, ?4)",
        params![token.token, token.user, token.single_use, token.used],
        Entity::SpaceToken,
        &token.token,
    )
    .map(drop)
}

/// The space token in a row of `token, user, single_use, used`.
fn space_token(row: &rusqlite::Row<'_>) -> rusqlite::Result<SpaceToken> {
    Ok(SpaceToken {
        token: row.get(0)?,
        user: row.get(1)?,
        single_use: row.get(2)?,
        used: row.get(3)?,
    })
}

impl OnezoneStore for SqliteStore {
    async fn create_onezone_space(
        &self,
        space: OnezoneSpace,
        consume: Option<String>,
    ) -> Result<OnezoneSpace, StoreError> {
        self.write(move |connection| {
            if exists(connection, "SELECT 1 FROM oz_spaces WHERE id = ?1", [&space.id])? {
                return Err(StoreError::conflict(Entity::OnezoneSpace, &space.id));
            }
            if let Some(token) = &consume {
                let (single_use, used): (bool, bool) = one(
                    connection,
                    "SELECT single_use, used FROM oz_space_tokens WHERE token = ?1",
                    [token],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )?
                .ok_or_else(|| StoreError::not_found(Entity::SpaceToken, token))?;
                if single_use && used {
                    return Err(StoreError::conflict(Entity::SpaceToken, token));
                }
                execute(
                    connection,
                    "UPDATE oz_space_tokens SET used = 1 WHERE token = ?1",
                    [token],
                )?;
            }
            insert_space(connection, &space)?;
            Ok(space)
        })
        .await
    }

    async fn onezone_space(&self, id: &str) -> Result<OnezoneSpace, StoreError> {
        self.read_consistent(|connection| {
            space_by_id(connection, id)?.ok_or_else(|| StoreError::not_found(Entity::OnezoneSpace, id))
        })
    }

    async fn select_onezone_spaces(&self, selection: &OnezoneSelection) -> Result<Slice<OnezoneSpace>, StoreError> {
        let mut clause = sql::clause();
        if let Some(provider) = &selection.supported_by {
            let supported = clause.comparison("p.provider", &Condition::new(Comparison::Eq, provider.clone()));
            clause.push(format!(
                "EXISTS (SELECT 1 FROM oz_supports p WHERE p.space_seq = z.seq AND {supported})"
            ));
        }
        self.read_consistent(|connection| {
            let rows = select(
                connection,
                SPACE,
                "oz_spaces z",
                &clause,
                "z.seq",
                selection.window,
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
            )?;
            Ok(Slice {
                total: rows.total,
                items: rows
                    .items
                    .into_iter()
                    .map(|row| space(connection, row))
                    .collect::<Result<_, _>>()?,
            })
        })
    }

    async fn support_onezone_space(&self, id: &str, provider: &str, size: i64) -> Result<OnezoneSpace, StoreError> {
        let (id, provider) = (id.to_owned(), provider.to_owned());
        self.write(move |connection| {
            let seq = seq_of(connection, &id)?;
            execute(
                connection,
                "INSERT INTO oz_supports (space_seq, provider, size) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (space_seq, provider) DO UPDATE SET size = excluded.size",
                params![seq, provider, size],
            )?;
            space_by_id(connection, &id)?.ok_or_else(|| StoreError::not_found(Entity::OnezoneSpace, id))
        })
        .await
    }

    async fn remove_onezone_support(&self, id: &str, provider: &str) -> Result<(), StoreError> {
        let (id, provider) = (id.to_owned(), provider.to_owned());
        self.write(move |connection| {
            let seq = seq_of(connection, &id)?;
            let removed = execute(
                connection,
                "DELETE FROM oz_supports WHERE space_seq = ?1 AND provider = ?2",
                params![seq, provider],
            )?;
            if removed == 0 {
                return Err(StoreError::not_found(Entity::OnezoneSpace, id));
            }
            Ok(())
        })
        .await
    }

    async fn create_provider_token(&self, token: String) -> Result<(), StoreError> {
        self.write(move |connection| {
            execute(
                connection,
                "INSERT INTO oz_provider_tokens (token) VALUES (?1) ON CONFLICT DO NOTHING",
                [token],
            )
            .map(drop)
        })
        .await
    }

    async fn is_provider_token(&self, token: &str) -> Result<bool, StoreError> {
        self.read(|connection| exists(connection, "SELECT 1 FROM oz_provider_tokens WHERE token = ?1", [token]))
    }

    async fn create_space_token(&self, token: SpaceToken) -> Result<(), StoreError> {
        self.write(move |connection| {
            execute(
                connection,
                "INSERT INTO oz_space_tokens (token, user, single_use, used) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT DO NOTHING",
                params![token.token, token.user, token.single_use, token.used],
            )
            .map(drop)
        })
        .await
    }

    async fn space_token(&self, token: &str) -> Result<Option<SpaceToken>, StoreError> {
        self.read(|connection| {
            one(
                connection,
                "SELECT token, user, single_use, used FROM oz_space_tokens WHERE token = ?1",
                [token],
                space_token,
            )
        })
    }

    async fn export_onezone(&self) -> Result<OnezoneRecords, StoreError> {
        self.read_consistent(|connection| {
            let everything = OnezoneSelection::default();
            let spaces = select(
                connection,
                SPACE,
                "oz_spaces z",
                &sql::clause(),
                "z.seq",
                everything.window,
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
            )?;
            let space_tokens = all(
                connection,
                "SELECT token, user, single_use, used FROM oz_space_tokens ORDER BY token",
                space_token,
            )?;
            Ok(OnezoneRecords {
                spaces: spaces
                    .items
                    .into_iter()
                    .map(|row| space(connection, row))
                    .collect::<Result<_, _>>()?,
                provider_tokens: all(
                    connection,
                    "SELECT token FROM oz_provider_tokens ORDER BY token",
                    |row| row.get(0),
                )?,
                space_tokens,
            })
        })
    }

    async fn replace_onezone(&self, records: OnezoneRecords) -> Result<(), StoreError> {
        self.write(move |connection| replace(connection, ONEZONE, |connection| store(connection, &records)))
            .await
    }

    async fn fill_onezone(&self, records: OnezoneRecords) -> Result<bool, StoreError> {
        self.write(move |connection| fill(connection, ONEZONE, |connection| store(connection, &records)))
            .await
    }
}

/// Inserts every one of `records` (a replacement's or a fill's, the tables emptied or found empty).
fn store(connection: &Connection, records: &OnezoneRecords) -> Result<(), StoreError> {
    for space in &records.spaces {
        insert_space(connection, space)?;
    }
    for token in &records.provider_tokens {
        insert(
            connection,
            "INSERT INTO oz_provider_tokens (token) VALUES (?1)",
            [token],
            Entity::Credential,
            token,
        )?;
    }
    for token in &records.space_tokens {
        insert_space_token(connection, token)?;
    }
    Ok(())
}
