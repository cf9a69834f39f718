//! [`OnezoneStore`] in PostgreSQL. A single-use token is used up by one conditional `UPDATE` in the transaction
//! that adds the space, so of many processes racing for it exactly one sees a row change.

use indexmap::IndexMap;
use tokio_postgres::Row;

use super::{PostgresStore, all, filling, get, pg, refused, replacing, select, session::Session, snapshot};
use crate::{
    Comparison, Condition, Entity, OnezoneRecords, OnezoneSelection, OnezoneSpace, OnezoneStore, Slice, SpaceToken,
    StoreError, Window,
    sql::{Clause, Placeholders, columns::ONEZONE_SPACE as SPACE, tables::ONEZONE},
};

/// A space's row: its `seq`, id, name and owner.
type SpaceRow = (i64, String, String, String);

fn space_row(row: &Row) -> Result<SpaceRow, StoreError> {
    Ok((get(row, 0)?, get(row, 1)?, get(row, 2)?, get(row, 3)?))
}

/// The space of `row`, its supports read beside it in the order they began.
async fn space(client: &impl Session, (seq, id, name, owner): SpaceRow) -> Result<OnezoneSpace, StoreError> {
    let supports: IndexMap<String, i64> = client
        .query(
            "SELECT provider, size FROM oz_supports WHERE space_seq = $1 ORDER BY seq",
            &[&seq],
        )
        .await
        .map_err(pg)?
        .iter()
        .map(|row| Ok((get(row, 0)?, get(row, 1)?)))
        .collect::<Result<_, StoreError>>()?;
    Ok(OnezoneSpace {
        id,
        name,
        owner,
        supports,
    })
}

/// The spaces of `rows`, each with its supports.
async fn spaces(client: &impl Session, rows: Vec<SpaceRow>) -> Result<Vec<OnezoneSpace>, StoreError> {
    let mut spaces = Vec::with_capacity(rows.len());
    for row in rows {
        spaces.push(space(client, row).await?);
    }
    Ok(spaces)
}

async fn space_by_id(client: &impl Session, id: &str) -> Result<OnezoneSpace, StoreError> {
    let row = client
        .query_opt(&format!("SELECT {SPACE} FROM oz_spaces z WHERE z.id = $1"), &[&id])
        .await
        .map_err(pg)?
        .ok_or_else(|| StoreError::not_found(Entity::OnezoneSpace, id))?;
    space(client, space_row(&row)?).await
}

async fn seq_of(client: &impl Session, id: &str) -> Result<i64, StoreError> {
    let row = client
        .query_opt("SELECT seq FROM oz_spaces WHERE id = $1", &[&id])
        .await
        .map_err(pg)?
        .ok_or_else(|| StoreError::not_found(Entity::OnezoneSpace, id))?;
    get(&row, 0)
}

async fn insert_space(client: &impl Session, space: &OnezoneSpace) -> Result<(), StoreError> {
    let row = client
        .query_one(
            "INSERT INTO oz_spaces (id, name, owner) VALUES ($1, $2, $3) RETURNING seq",
            &[&space.id, &space.name, &space.owner],
        )
        .await
        .map_err(|error| refused(error, Entity::OnezoneSpace, &space.id, None))?;
    let seq: i64 = get(&row, 0)?;
    for (provider, size) in &space.supports {
        client
            .execute(
                "INSERT INTO oz_supports (space_seq, provider, size) VALUES ($1, $2, $3)",
                &[&seq, provider, size],
            )
            .await
            .map_err(pg)?;
    }
    Ok(())
}

fn space_token(row: &Row) -> Result<SpaceToken, StoreError> {
    Ok(SpaceToken {
        token: get(row, 0)?,
        user: get(row, 1)?,
        single_use: get(row, 2)?,
        used: get(row, 3)?,
    })
}

impl OnezoneStore for PostgresStore {
    async fn create_onezone_space(
        &self,
        space: OnezoneSpace,
        consume: Option<String>,
    ) -> Result<OnezoneSpace, StoreError> {
        let mut client = self.client().await?;
        let transaction = client.transaction().await.map_err(pg)?;
        if transaction
            .query_opt("SELECT 1 FROM oz_spaces WHERE id = $1", &[&space.id])
            .await
            .map_err(pg)?
            .is_some()
        {
            return Err(StoreError::conflict(Entity::OnezoneSpace, &space.id));
        }
        if let Some(token) = &consume {
            let used = transaction
                .execute(
                    "UPDATE oz_space_tokens SET used = TRUE WHERE token = $1 AND NOT (single_use AND used)",
                    &[token],
                )
                .await
                .map_err(pg)?;
            if used == 0 {
                let known = transaction
                    .query_opt("SELECT 1 FROM oz_space_tokens WHERE token = $1", &[token])
                    .await
                    .map_err(pg)?;
                return Err(match known {
                    Some(_) => StoreError::conflict(Entity::SpaceToken, token),
                    None => StoreError::not_found(Entity::SpaceToken, token),
                });
            }
        }
        insert_space(&transaction, &space).await?;
        transaction.commit().await.map_err(pg)?;
        Ok(space)
    }

    async fn onezone_space(&self, id: &str) -> Result<OnezoneSpace, StoreError> {
        let client = self.client().await?;
        space_by_id(&*client, id).await
    }

    async fn select_onezone_spaces(&self, selection: &OnezoneSelection) -> Result<Slice<OnezoneSpace>, StoreError> {
        let mut clause = Clause::new(Placeholders::Numbered);
        if let Some(provider) = &selection.supported_by {
            let supported = clause.comparison("p.provider", &Condition::new(Comparison::Eq, provider.clone()));
            clause.push(format!(
                "EXISTS (SELECT 1 FROM oz_supports p WHERE p.space_seq = z.seq AND {supported})"
            ));
        }
        let client = self.client().await?;
        let rows = select(
            &*client,
            SPACE,
            "oz_spaces z",
            &clause,
            "z.seq",
            selection.window,
            space_row,
        )
        .await?;
        Ok(Slice {
            total: rows.total,
            items: spaces(&*client, rows.items).await?,
        })
    }

    async fn support_onezone_space(&self, id: &str, provider: &str, size: i64) -> Result<OnezoneSpace, StoreError> {
        let mut client = self.client().await?;
        let transaction = client.transaction().await.map_err(pg)?;
        let seq = seq_of(&transaction, id).await?;
        transaction
            .execute(
                "INSERT INTO oz_supports (space_seq, provider, size) VALUES ($1, $2, $3) \
                 ON CONFLICT (space_seq, provider) DO UPDATE SET size = excluded.size",
                &[&seq, &provider, &size],
            )
            .await
            .map_err(|error| refused(error, Entity::OnezoneSpace, id, Some((Entity::OnezoneSpace, id))))?;
        let space = space_by_id(&transaction, id).await?;
        transaction.commit().await.map_err(pg)?;
        Ok(space)
    }

    async fn remove_onezone_support(&self, id: &str, provider: &str) -> Result<(), StoreError> {
        let removed = self
            .execute(
                "DELETE FROM oz_supports p USING oz_spaces z WHERE p.space_seq = z.seq AND z.id = $1 \
                 AND p.provider = $2",
                &[&id, &provider],
            )
            .await?;
        if removed == 0 {
            return Err(StoreError::not_found(Entity::OnezoneSpace, id));
        }
        Ok(())
    }

    async fn create_provider_token(&self, token: String) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO oz_provider_tokens (token) VALUES ($1) ON CONFLICT DO NOTHING",
            &[&token],
        )
        .await
        .map(drop)
    }

    async fn is_provider_token(&self, token: &str) -> Result<bool, StoreError> {
        self.exists("SELECT 1 FROM oz_provider_tokens WHERE token = $1", &[&token])
            .await
    }

    async fn create_space_token(&self, token: SpaceToken) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO oz_space_tokens (token, \"user\", single_use, used) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT DO NOTHING",
            &[&token.token, &token.user, &token.single_use, &token.used],
        )
        .await
        .map(drop)
    }

    async fn space_token(&self, token: &str) -> Result<Option<SpaceToken>, StoreError> {
        let client = self.client().await?;
        client
            .query_opt(
                "SELECT token, \"user\", single_use, used FROM oz_space_tokens WHERE token = $1",
                &[&token],
            )
            .await
            .map_err(pg)?
            .as_ref()
            .map(space_token)
            .transpose()
    }

    async fn export_onezone(&self) -> Result<OnezoneRecords, StoreError> {
        let mut client = self.client().await?;
        let transaction = snapshot(&mut client).await?;
        let clause = Clause::new(Placeholders::Numbered);
        let rows = select(
            &transaction,
            SPACE,
            "oz_spaces z",
            &clause,
            "z.seq",
            Window::ALL,
            space_row,
        )
        .await?;
        let provider_tokens = all(
            &transaction,
            "SELECT token FROM oz_provider_tokens ORDER BY token",
            |row| get(row, 0),
        )
        .await?;
        let space_tokens = all(
            &transaction,
            "SELECT token, \"user\", single_use, used FROM oz_space_tokens ORDER BY token",
            space_token,
        )
        .await?;
        let records = OnezoneRecords {
            spaces: spaces(&transaction, rows.items).await?,
            provider_tokens,
            space_tokens,
        };
        transaction.commit().await.map_err(pg)?;
        Ok(records)
    }

    async fn replace_onezone(&self, records: OnezoneRecords) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let transaction = replacing(&mut client, ONEZONE).await?;
        store(&transaction, &records).await?;
        transaction.commit().await.map_err(pg)
    }

    async fn fill_onezone(&self, records: OnezoneRecords) -> Result<bool, StoreError> {
        let mut client = self.client().await?;
        let Some(transaction) = filling(&mut client, ONEZONE).await? else {
            return Ok(false);
        };
        store(&transaction, &records).await?;
        transaction.commit().await.map_err(pg).map(|()| true)
    }
}

/// Inserts every one of `records` (a replacement's or a fill's, the tables emptied or found empty).
async fn store(transaction: &impl Session, records: &OnezoneRecords) -> Result<(), StoreError> {
    for space in &records.spaces {
        insert_space(transaction, space).await?;
    }
    for token in &records.provider_tokens {
        transaction
            .execute("INSERT INTO oz_provider_tokens (token) VALUES ($1)", &[token])
            .await
            .map_err(|error| refused(error, Entity::Credential, token, None))?;
    }
    for token in &records.space_tokens {
        transaction
            .execute(
                "INSERT INTO oz_space_tokens (token, \"user\", single_use, used) VALUES ($1, $2, $3, $4)",
                &[&token.token, &token.user, &token.single_use, &token.used],
            )
            .await
            .map_err(|error| refused(error, Entity::SpaceToken, &token.token, None))?;
    }
    Ok(())
}
