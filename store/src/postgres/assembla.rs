//! [`AssemblaStore`] in PostgreSQL. Every id and wiki name is a row of `asm_handles`, whose primary key holds the
//! rule that none is another space's, across processes: of two racing for one wiki name, the second's insert
//! waits for the first to commit and then finds the handle taken.

use chrono::{DateTime, Utc};
use tokio_postgres::Row;

use super::{
    PostgresStore, all, filling, get, get_json, get_maybe_time, get_time, one, pg, refused, replacing, select,
    session::Session, snapshot,
};
use crate::{
    ApiKey, AssemblaRecords, AssemblaSpace, AssemblaSpaceChanges, AssemblaStore, Entity, Slice, StoreError, Window,
    sql::{Clause, Placeholders, columns::ASSEMBLA_SPACE as SPACE, maybe_time, tables::ASSEMBLA, time},
};

fn space(row: &Row) -> Result<AssemblaSpace, StoreError> {
    let tabs_order: Option<String> = get(row, 11)?;
    Ok(AssemblaSpace {
        id: get(row, 0)?,
        name: get(row, 1)?,
        wiki_name: get(row, 2)?,
        description: get(row, 3)?,
        public_permissions: get(row, 4)?,
        team_permissions: get(row, 5)?,
        watcher_permissions: get(row, 6)?,
        share_permissions: get(row, 7)?,
        status: get(row, 8)?,
        team_tab_role: get(row, 9)?,
        default_showpage: get(row, 10)?,
        tabs_order: match tabs_order {
            Some(_) => Some(get_json(row, 11)?),
            None => None,
        },
        banner: get(row, 12)?,
        banner_height: get(row, 13)?,
        banner_text: get(row, 14)?,
        banner_link: get(row, 15)?,
        style: get(row, 16)?,
        approved: get(row, 17)?,
        can_join: get(row, 18)?,
        wiki_format: get(row, 19)?,
        parent_id: get(row, 20)?,
        created_at: get_time(row, 21)?,
        updated_at: get_time(row, 22)?,
        commercial_from: get_maybe_time(row, 23)?,
    })
}

/// Claims `space`'s id and wiki name for the space at `seq`: `Conflict` if either is another space's.
async fn claim_handles(client: &impl Session, seq: i64, space: &AssemblaSpace) -> Result<(), StoreError> {
    for handle in [&space.id, &space.wiki_name] {
        let claimed = client
            .query_opt(
                "INSERT INTO asm_handles (handle, space_seq) VALUES ($1, $2) ON CONFLICT (handle) DO NOTHING \
                 RETURNING space_seq",
                &[handle, &seq],
            )
            .await
            .map_err(pg)?;
        if claimed.is_some() {
            continue;
        }
        // The handle was there (the insert waited for whoever was claiming it to commit, and a new statement sees
        // what they committed): the space's own (an id that is also its wiki name) or a conflict.
        let owner = client
            .query_opt("SELECT space_seq FROM asm_handles WHERE handle = $1", &[handle])
            .await
            .map_err(pg)?;
        if owner.map(|row| get::<i64>(&row, 0)).transpose()? != Some(seq) {
            return Err(StoreError::conflict(Entity::AssemblaSpace, &space.wiki_name));
        }
    }
    Ok(())
}

/// Writes `space`'s columns into the row at `seq` (a new row when `None`); its `seq`.
async fn write_space(client: &impl Session, seq: Option<i64>, space: &AssemblaSpace) -> Result<i64, StoreError> {
    let tabs_order = space
        .tabs_order
        .as_ref()
        .map(serde_json::to_string)
        .transpose()
        .map_err(StoreError::unavailable)?;
    let columns = "name, wiki_name, description, public_permissions, team_permissions, watcher_permissions, \
         share_permissions, status, team_tab_role, default_showpage, tabs_order, banner, banner_height, banner_text, \
         banner_link, style, approved, can_join, wiki_format, parent_id, created_at, updated_at, commercial_from";
    let sql = match seq {
        None => format!(
            "INSERT INTO asm_spaces (id, {columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, \
             $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24) RETURNING seq"
        ),
        Some(seq) => format!(
            "UPDATE asm_spaces SET ({columns}) = ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, \
             $16, $17, $18, $19, $20, $21, $22, $23, $24) WHERE seq = {seq} AND id = $1 RETURNING seq"
        ),
    };
    let row = client
        .query_one(
            &sql,
            &[
                &space.id,
                &space.name,
                &space.wiki_name,
                &space.description,
                &space.public_permissions,
                &space.team_permissions,
                &space.watcher_permissions,
                &space.share_permissions,
                &space.status,
                &space.team_tab_role,
                &space.default_showpage,
                &tabs_order,
                &space.banner,
                &space.banner_height,
                &space.banner_text,
                &space.banner_link,
                &space.style,
                &space.approved,
                &space.can_join,
                &space.wiki_format,
                &space.parent_id,
                &time(&space.created_at),
                &time(&space.updated_at),
                &maybe_time(space.commercial_from.as_ref()),
            ],
        )
        .await
        .map_err(|error| refused(error, Entity::AssemblaSpace, &space.wiki_name, None))?;
    get(&row, 0)
}

async fn insert_space(client: &impl Session, space: &AssemblaSpace) -> Result<(), StoreError> {
    let seq = write_space(client, None, space).await?;
    claim_handles(client, seq, space).await
}

async fn set_portfolio(client: &impl Session, portfolio: Option<&str>) -> Result<(), StoreError> {
    let set = match portfolio {
        Some(portfolio) => {
            client
                .execute(
                    "INSERT INTO asm_portfolio (account, portfolio) VALUES (TRUE, $1) \
                     ON CONFLICT (account) DO UPDATE SET portfolio = excluded.portfolio",
                    &[&portfolio],
                )
                .await
        }
        None => client.execute("DELETE FROM asm_portfolio", &[]).await,
    };
    set.map_err(pg).map(drop)
}

impl AssemblaStore for PostgresStore {
    async fn create_assembla_space(&self, space: AssemblaSpace) -> Result<AssemblaSpace, StoreError> {
        let mut client = self.client().await?;
        let transaction = client.transaction().await.map_err(pg)?;
        insert_space(&transaction, &space).await?;
        transaction.commit().await.map_err(pg)?;
        Ok(space)
    }

    async fn assembla_space(&self, id_or_wiki_name: &str) -> Result<AssemblaSpace, StoreError> {
        let client = self.client().await?;
        let sql =
            format!("SELECT {SPACE} FROM asm_handles h JOIN asm_spaces a ON a.seq = h.space_seq WHERE h.handle = $1");
        client
            .query_opt(&sql, &[&id_or_wiki_name])
            .await
            .map_err(pg)?
            .as_ref()
            .map(space)
            .transpose()?
            .ok_or_else(|| StoreError::not_found(Entity::AssemblaSpace, id_or_wiki_name))
    }

    async fn select_assembla_spaces(&self, window: Window) -> Result<Slice<AssemblaSpace>, StoreError> {
        let client = self.client().await?;
        let clause = Clause::new(Placeholders::Numbered);
        select(&*client, SPACE, "asm_spaces a", &clause, "a.seq", window, space).await
    }

    async fn update_assembla_space(
        &self,
        id_or_wiki_name: &str,
        changes: AssemblaSpaceChanges,
        at: DateTime<Utc>,
    ) -> Result<AssemblaSpace, StoreError> {
        let mut client = self.client().await?;
        let transaction = client.transaction().await.map_err(pg)?;
        // The space is read locked: a concurrent update waits for this one to commit, then reads what it wrote.
        let sql = format!(
            "SELECT {SPACE}, a.seq FROM asm_spaces a \
             WHERE a.seq = (SELECT space_seq FROM asm_handles WHERE handle = $1) FOR UPDATE"
        );
        let row = transaction
            .query_opt(&sql, &[&id_or_wiki_name])
            .await
            .map_err(pg)?
            .ok_or_else(|| StoreError::not_found(Entity::AssemblaSpace, id_or_wiki_name))?;
        let seq: i64 = get(&row, 24)?;
        let space = changes.applied_to(space(&row)?, at);
        transaction
            .execute("DELETE FROM asm_handles WHERE space_seq = $1", &[&seq])
            .await
            .map_err(pg)?;
        write_space(&transaction, Some(seq), &space).await?;
        claim_handles(&transaction, seq, &space).await?;
        transaction.commit().await.map_err(pg)?;
        Ok(space)
    }

    async fn delete_assembla_space(&self, id_or_wiki_name: &str) -> Result<(), StoreError> {
        let deleted = self
            .execute(
                "DELETE FROM asm_spaces WHERE seq = (SELECT space_seq FROM asm_handles WHERE handle = $1)",
                &[&id_or_wiki_name],
            )
            .await?;
        if deleted == 0 {
            return Err(StoreError::not_found(Entity::AssemblaSpace, id_or_wiki_name));
        }
        Ok(())
    }

    async fn create_assembla_token(&self, token: String) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO asm_tokens (token) VALUES ($1) ON CONFLICT DO NOTHING",
            &[&token],
        )
        .await
        .map(drop)
    }

    async fn is_assembla_token(&self, token: &str) -> Result<bool, StoreError> {
        self.exists("SELECT 1 FROM asm_tokens WHERE token = $1", &[&token])
            .await
    }

    async fn create_assembla_api_key(&self, key: ApiKey) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO asm_api_keys (key, secret) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            &[&key.key, &key.secret],
        )
        .await
        .map(drop)
    }

    async fn assembla_api_secret(&self, key: &str) -> Result<Option<String>, StoreError> {
        let client = self.client().await?;
        client
            .query_opt("SELECT secret FROM asm_api_keys WHERE key = $1", &[&key])
            .await
            .map_err(pg)?
            .map(|row| get(&row, 0))
            .transpose()
    }

    async fn set_assembla_portfolio(&self, portfolio: Option<String>) -> Result<(), StoreError> {
        let client = self.client().await?;
        set_portfolio(&*client, portfolio.as_deref()).await
    }

    async fn assembla_portfolio(&self) -> Result<Option<String>, StoreError> {
        let client = self.client().await?;
        client
            .query_opt("SELECT portfolio FROM asm_portfolio", &[])
            .await
            .map_err(pg)?
            .map(|row| get(&row, 0))
            .transpose()
    }

    async fn export_assembla(&self) -> Result<AssemblaRecords, StoreError> {
        let mut client = self.client().await?;
        let transaction = snapshot(&mut client).await?;
        let clause = Clause::new(Placeholders::Numbered);
        let api_keys = all(
            &transaction,
            "SELECT key, secret FROM asm_api_keys ORDER BY seq",
            |row| {
                Ok(ApiKey {
                    key: get(row, 0)?,
                    secret: get(row, 1)?,
                })
            },
        )
        .await?;
        let portfolio = one(&transaction, "SELECT portfolio FROM asm_portfolio", &[], |row| {
            get(row, 0)
        })
        .await?;
        let records = AssemblaRecords {
            portfolio,
            tokens: all(&transaction, "SELECT token FROM asm_tokens ORDER BY seq", |row| {
                get(row, 0)
            })
            .await?,
            api_keys,
            spaces: select(
                &transaction,
                SPACE,
                "asm_spaces a",
                &clause,
                "a.seq",
                Window::ALL,
                space,
            )
            .await?
            .items,
        };
        transaction.commit().await.map_err(pg)?;
        Ok(records)
    }

    async fn replace_assembla(&self, records: AssemblaRecords) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let transaction = replacing(&mut client, ASSEMBLA).await?;
        store(&transaction, &records).await?;
        transaction.commit().await.map_err(pg)
    }

    async fn fill_assembla(&self, records: AssemblaRecords) -> Result<bool, StoreError> {
        let mut client = self.client().await?;
        let Some(transaction) = filling(&mut client, ASSEMBLA).await? else {
            return Ok(false);
        };
        store(&transaction, &records).await?;
        transaction.commit().await.map_err(pg).map(|()| true)
    }
}

/// Inserts every one of `records` (a replacement's or a fill's, the tables emptied or found empty).
async fn store(transaction: &impl Session, records: &AssemblaRecords) -> Result<(), StoreError> {
    set_portfolio(transaction, records.portfolio.as_deref()).await?;
    for space in &records.spaces {
        insert_space(transaction, space).await?;
    }
    for token in &records.tokens {
        transaction
            .execute("INSERT INTO asm_tokens (token) VALUES ($1)", &[token])
            .await
            .map_err(|error| refused(error, Entity::Credential, token, None))?;
    }
    for key in &records.api_keys {
        transaction
            .execute(
                "INSERT INTO asm_api_keys (key, secret) VALUES ($1, $2)",
                &[&key.key, &key.secret],
            )
            .await
            .map_err(|error| refused(error, Entity::Credential, &key.key, None))?;
    }
    Ok(())
}
