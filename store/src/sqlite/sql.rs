//! What every table's code shares in SQLite: a selection read with its total, single rows, statements whose
//! broken uniqueness rule is a `Conflict`, and times and JSON read from columns.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, ErrorCode, Params, Row};

pub(super) use crate::sql::{Clause, maybe_time, time};
use crate::{Entity, Slice, StoreError, Window, sql::tables::Tables};

/// A clause with SQLite's placeholders.
pub(super) fn clause() -> Clause {
    Clause::new(crate::sql::Placeholders::Question)
}

/// The time stored in column `index` of `row`.
pub(super) fn read_time(row: &Row<'_>, index: usize) -> rusqlite::Result<DateTime<Utc>> {
    let text: String = row.get(index)?;
    parse_time(&text, index)
}

/// The time, if any, stored in column `index` of `row`.
pub(super) fn read_maybe_time(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    let text: Option<String> = row.get(index)?;
    text.map(|text| parse_time(&text, index)).transpose()
}

fn parse_time(text: &str, index: usize) -> rusqlite::Result<DateTime<Utc>> {
    crate::sql::parse_time(text)
        .map_err(|error| rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(error)))
}

/// Reads the run `window` of the rows of `from` (a table and its alias) that meet `clause`, in `order`, each made
/// by `read` from the columns `columns`, with the number of rows that meet it; both in one read transaction.
pub(super) fn select<T>(
    connection: &Connection,
    columns: &str,
    from: &str,
    clause: &Clause,
    order: &str,
    window: Window,
    read: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Slice<T>, StoreError> {
    let filter = clause.sql();
    let parameters = rusqlite::params_from_iter(clause.parameters());
    let total: i64 = connection
        .prepare_cached(&format!("SELECT COUNT(*) FROM {from}{filter}"))
        .and_then(|mut statement| statement.query_row(parameters, |row| row.get(0)))
        .map_err(StoreError::unavailable)?;
    let limit = window
        .limit
        .map_or(-1, |limit| i64::try_from(limit).unwrap_or(i64::MAX));
    let offset = i64::try_from(window.offset).unwrap_or(i64::MAX);
    let items = connection
        .prepare_cached(&format!(
            "SELECT {columns} FROM {from}{filter} ORDER BY {order} LIMIT {limit} OFFSET {offset}"
        ))
        .and_then(|mut statement| {
            statement
                .query_map(rusqlite::params_from_iter(clause.parameters()), read)?
                .collect::<rusqlite::Result<Vec<T>>>()
        })
        .map_err(StoreError::unavailable)?;
    Ok(Slice {
        total: usize::try_from(total).unwrap_or(0),
        items,
    })
}

/// The one row `sql` finds with `parameters`, made by `read`; `None` if it finds none.
pub(super) fn one<T>(
    connection: &Connection,
    sql: &str,
    parameters: impl Params,
    read: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Option<T>, StoreError> {
    let mut statement = connection.prepare_cached(sql).map_err(StoreError::unavailable)?;
    let mut rows = statement.query(parameters).map_err(StoreError::unavailable)?;
    match rows.next().map_err(StoreError::unavailable)? {
        Some(row) => read(row).map(Some).map_err(StoreError::unavailable),
        None => Ok(None),
    }
}

/// Every row `sql` finds (it takes no parameters), each made by `read`.
pub(super) fn all<T>(
    connection: &Connection,
    sql: &str,
    read: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>, StoreError> {
    connection
        .prepare(sql)
        .and_then(|mut statement| statement.query_map([], read)?.collect())
        .map_err(StoreError::unavailable)
}

/// Whether `sql` finds a row with `parameters`.
pub(super) fn exists(connection: &Connection, sql: &str, parameters: impl Params) -> Result<bool, StoreError> {
    one(connection, sql, parameters, |_| Ok(())).map(|found| found.is_some())
}

/// Runs `sql` with `parameters`; the number of rows it changed.
pub(super) fn execute(connection: &Connection, sql: &str, parameters: impl Params) -> Result<usize, StoreError> {
    connection
        .prepare_cached(sql)
        .and_then(|mut statement| statement.execute(parameters))
        .map_err(StoreError::unavailable)
}

/// Runs `sql` with `parameters`, a broken uniqueness rule being `Conflict` on `entity` `key`.
pub(super) fn insert(
    connection: &Connection,
    sql: &str,
    parameters: impl Params,
    entity: Entity,
    key: &str,
) -> Result<usize, StoreError> {
    connection
        .prepare_cached(sql)
        .and_then(|mut statement| statement.execute(parameters))
        .map_err(|error| match error.sqlite_error_code() {
            Some(ErrorCode::ConstraintViolation) => StoreError::conflict(entity, key),
            _ => StoreError::unavailable(error),
        })
}

/// Empties `tables`, then runs `store`: a whole-API replacement, in the writer's transaction.
pub(super) fn replace(
    connection: &Connection,
    tables: Tables,
    store: impl FnOnce(&Connection) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    connection
        .execute_batch(&tables.clear())
        .map_err(StoreError::unavailable)?;
    store(connection)
}

/// Runs `store` if no table of `tables` holds a row (checked in the writer's transaction, which no other write
/// interleaves): whether it ran.
pub(super) fn fill(
    connection: &Connection,
    tables: Tables,
    store: impl FnOnce(&Connection) -> Result<(), StoreError>,
) -> Result<bool, StoreError> {
    let holding: bool = connection
        .query_row(&tables.holding(), [], |row| row.get(0))
        .map_err(StoreError::unavailable)?;
    if holding {
        return Ok(false);
    }
    store(connection).map(|()| true)
}

/// A JSON document as stored.
pub(super) fn json(value: &impl serde::Serialize) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(StoreError::unavailable)
}

/// The JSON document stored in column `index` of `row`, read as a `T`.
pub(super) fn read_json<T: serde::de::DeserializeOwned>(row: &Row<'_>, index: usize) -> rusqlite::Result<T> {
    let text: String = row.get(index)?;
    serde_json::from_str(&text)
        .map_err(|error| rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(error)))
}
