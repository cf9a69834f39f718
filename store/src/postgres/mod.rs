//! The shared backend (`--database-url`): every API's records in PostgreSQL, one schema per world, so several
//! spaceport processes on one database serve one world. The root world's schema is `spaceport`, a tenant's
//! `spaceport_t_` and a digest of its name (tenant names may be longer than PostgreSQL's identifiers).
//!
//! Every write is one transaction, answered once committed. The rules that hold across processes are the
//! database's: uniqueness by unique indexes (a broken one is `Conflict`), parents by foreign keys, a single-use
//! token used up by one conditional `UPDATE`, an organization locked while it is deleted. Lists page and filter in
//! SQL.
//!
//! Connections come from a pool (`deadpool`), each set to the store's schema. They live on a runtime of the
//! store's own (one thread, shared with its tenants' stores): a tokio-postgres connection is a task on the runtime
//! it was made on, and the app's HTTP server runs one runtime per worker, each of which may stop before the store does.

mod assembla;
mod cloud_foundry;
mod onezone;
mod schema;
mod session;

use std::{fmt, sync::Arc};

use deadpool::managed::{self, Metrics, Object, RecycleError, RecycleResult};
use deadpool_postgres::{ClientWrapper, Transaction};
use sha2::{Digest, Sha256};
use tokio_postgres::{NoTls, Row, error::SqlState, types::ToSql};

use self::session::Session;
use crate::{
    Entity, Slice, StoreError, Tenancy, Window,
    sql::{Clause, tables::Tables},
};

/// The root world's schema.
const ROOT: &str = "spaceport";

/// How many connections a world's pool keeps at most.
const CONNECTIONS: usize = 8;

/// The runtime a store's connections live on, shut down without waiting when the last store goes (a runtime
/// cannot be dropped on another runtime's thread, where the last store often goes).
struct Home(Option<tokio::runtime::Runtime>);

impl Home {
    fn new() -> Result<Self, StoreError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("postgres")
            .enable_all()
            .build()
            .map_err(StoreError::unavailable)?;
        Ok(Self(Some(runtime)))
    }

    fn handle(&self) -> Option<&tokio::runtime::Handle> {
        self.0.as_ref().map(tokio::runtime::Runtime::handle)
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

/// Makes the pool's connections: each connected on the store's runtime and driven there, with a statement cache
/// of its own.
struct Connector {
    config: tokio_postgres::Config,
    home: Arc<Home>,
}

impl managed::Manager for Connector {
    type Type = ClientWrapper;
    type Error = StoreError;

    async fn create(&self) -> Result<ClientWrapper, StoreError> {
        let config = self.config.clone();
        let home = self
            .home
            .handle()
            .ok_or_else(|| StoreError::unavailable("the store's runtime has stopped"))?;
        home.spawn(async move {
            let (client, connection) = config.connect(NoTls).await.map_err(pg)?;
            let driven = tokio::spawn(async move {
                if let Err(error) = connection.await {
                    tracing::warn!(%error, "a PostgreSQL connection ended");
                }
            });
            Ok(ClientWrapper::new(client, driven))
        })
        .await
        .map_err(StoreError::unavailable)?
    }

    async fn recycle(&self, client: &mut ClientWrapper, _: &Metrics) -> RecycleResult<StoreError> {
        if client.is_closed() {
            return Err(RecycleError::message("the connection is closed"));
        }
        Ok(())
    }
}

/// The shared PostgreSQL store of one world.
pub struct PostgresStore {
    config: tokio_postgres::Config,
    home: Arc<Home>,
    schema: String,
    pool: managed::Pool<Connector>,
}

impl fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PostgresStore")
            .field("schema", &self.schema)
            .finish_non_exhaustive()
    }
}

/// A driver's error as the store's.
fn pg(error: tokio_postgres::Error) -> StoreError {
    StoreError::unavailable(error)
}

/// A pool's error as the store's.
fn pool(error: managed::PoolError<StoreError>) -> StoreError {
    match error {
        managed::PoolError::Backend(error) => error,
        other => StoreError::unavailable(other.to_string()),
    }
}

/// `error` in the store's terms: a broken uniqueness rule is `Conflict` on `entity` `key`, a missing parent
/// `NotFound` on `parent`.
fn refused(error: tokio_postgres::Error, entity: Entity, key: &str, parent: Option<(Entity, &str)>) -> StoreError {
    match (error.code(), parent) {
        (Some(code), _) if *code == SqlState::UNIQUE_VIOLATION => StoreError::conflict(entity, key),
        (Some(code), Some((parent, parent_key))) if *code == SqlState::FOREIGN_KEY_VIOLATION => {
            StoreError::not_found(parent, parent_key)
        }
        _ => pg(error),
    }
}

impl PostgresStore {
    /// Where the database `url` names is, for messages: its hosts and database, never its password.
    pub fn place(url: &str) -> String {
        url.parse::<tokio_postgres::Config>()
            .map(|config| {
                let hosts: Vec<String> = config
                    .get_hosts()
                    .iter()
                    .map(|host| match host {
                        tokio_postgres::config::Host::Tcp(name) => name.clone(),
                        tokio_postgres::config::Host::Unix(path) => path.display().to_string(),
                    })
                    .collect();
                format!(
                    "postgres {} database {}",
                    hosts.join(","),
                    config.get_dbname().unwrap_or("(default)")
                )
            })
            .unwrap_or_else(|_| "(an unreadable database URL)".to_owned())
    }

    /// The root world's store on the database `url` names, its schema made or brought up to date.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let config: tokio_postgres::Config = url.parse().map_err(pg)?;
        Self::open_schema(config, Arc::new(Home::new()?), ROOT.to_owned()).await
    }

    /// A store in a new schema of its own on the database `url` names: the shared backend's behaviour on a world
    /// no other store sees (what tests run it on).
    pub async fn temporary(url: &str) -> Result<Self, StoreError> {
        let config: tokio_postgres::Config = url.parse().map_err(pg)?;
        let schema = format!("spaceport_test_{}", uuid::Uuid::new_v4().simple());
        Self::open_schema(config, Arc::new(Home::new()?), schema).await
    }

    async fn open_schema(config: tokio_postgres::Config, home: Arc<Home>, schema: String) -> Result<Self, StoreError> {
        let mut pooled = config.clone();
        pooled.options(format!("-c search_path={schema}"));
        let connector = Connector {
            config: pooled,
            home: home.clone(),
        };
        let pool: managed::Pool<Connector> = managed::Pool::builder(connector)
            .max_size(CONNECTIONS)
            .build()
            .map_err(StoreError::unavailable)?;
        let mut client = pool.get().await.map_err(self::pool)?;
        schema::migrate(&mut client, &schema).await?;
        drop(client);
        Ok(Self {
            config,
            home,
            schema,
            pool,
        })
    }

    /// A pooled connection, set to this store's schema.
    async fn client(&self) -> Result<Object<Connector>, StoreError> {
        self.pool.get().await.map_err(pool)
    }

    /// Runs the one statement `sql` on a pooled connection; how many rows it changed.
    async fn execute(&self, sql: &str, parameters: &[&(dyn ToSql + Sync)]) -> Result<u64, StoreError> {
        self.client().await?.execute(sql, parameters).await.map_err(pg)
    }

    /// Whether the one statement `sql` finds a row.
    async fn exists(&self, sql: &str, parameters: &[&(dyn ToSql + Sync)]) -> Result<bool, StoreError> {
        let found = self.client().await?.query_opt(sql, parameters).await.map_err(pg)?;
        Ok(found.is_some())
    }
}

impl crate::Secrets for PostgresStore {
    async fn kept_secret(&self, name: &str, fresh: Vec<u8>) -> Result<Vec<u8>, StoreError> {
        // Two statements: the select's snapshot is taken after the insert (or a racing one) committed.
        self.execute(
            "INSERT INTO secrets (name, value) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            &[&name, &fresh],
        )
        .await?;
        let client = self.client().await?;
        one(&*client, "SELECT value FROM secrets WHERE name = $1", &[&name], |row| {
            get(row, 0)
        })
        .await?
        .ok_or_else(|| StoreError::unavailable(std::io::Error::other("a kept secret vanished")))
    }
}

impl Tenancy for PostgresStore {
    async fn open_tenant(&self, tenant: &str) -> Result<Self, StoreError> {
        let digest = Sha256::digest(tenant.as_bytes());
        let digest: String = digest.iter().take(12).map(|byte| format!("{byte:02x}")).collect();
        let schema = format!("{}_t_{digest}", self.schema);
        Self::open_schema(self.config.clone(), self.home.clone(), schema).await
    }
}

/// The one row `sql` finds, made by `read`.
async fn one<T>(
    client: &impl Session,
    sql: &str,
    parameters: &[&(dyn ToSql + Sync)],
    read: impl Fn(&Row) -> Result<T, StoreError>,
) -> Result<Option<T>, StoreError> {
    client
        .query_opt(sql, parameters)
        .await
        .map_err(pg)?
        .as_ref()
        .map(read)
        .transpose()
}

/// Every row `sql` finds, made by `read`.
async fn all<T>(
    client: &impl Session,
    sql: &str,
    read: impl Fn(&Row) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    client.query(sql, &[]).await.map_err(pg)?.iter().map(read).collect()
}

/// Whether `error` broke a constraint on `column` (PostgreSQL names `UNIQUE (guid)` `{table}_guid_key`).
fn broke(error: &tokio_postgres::Error, column: &str) -> bool {
    error
        .as_db_error()
        .and_then(|db| db.constraint())
        .is_some_and(|constraint| constraint.contains(column))
}

/// A read-only transaction that sees one state throughout (`REPEATABLE READ`): what an export reads in.
async fn snapshot(client: &mut ClientWrapper) -> Result<Transaction<'_>, StoreError> {
    client
        .build_transaction()
        .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .await
        .map_err(pg)
}

/// A transaction that holds `tables` against every other write until it ends: `SHARE ROW EXCLUSIVE` conflicts
/// with itself and with every row change, not with reads, so of concurrent whole-API replacements and fills (in
/// any process) one runs at a time and each sees what the one before committed. The tables are locked parents
/// first, the order every write takes them in.
async fn locked(client: &mut ClientWrapper, tables: Tables) -> Result<Transaction<'_>, StoreError> {
    let transaction = client.transaction().await.map_err(pg)?;
    let parents_first: Vec<&str> = tables.names().iter().rev().copied().collect();
    transaction
        .batch_execute(&format!(
            "LOCK TABLE {} IN SHARE ROW EXCLUSIVE MODE",
            parents_first.join(", ")
        ))
        .await
        .map_err(pg)?;
    Ok(transaction)
}

/// A transaction that holds `tables` (see [`locked`]) with every row of them deleted: what a whole-API
/// replacement stores its records in.
async fn replacing(client: &mut ClientWrapper, tables: Tables) -> Result<Transaction<'_>, StoreError> {
    let transaction = locked(client, tables).await?;
    transaction.batch_execute(&tables.clear()).await.map_err(pg)?;
    Ok(transaction)
}

/// A transaction that holds `tables` (see [`locked`]) if none of them holds a row (what a fill stores its records
/// in); `None` if one does.
async fn filling(client: &mut ClientWrapper, tables: Tables) -> Result<Option<Transaction<'_>>, StoreError> {
    let transaction = locked(client, tables).await?;
    let held: bool = transaction
        .query_one(&tables.holding(), &[])
        .await
        .and_then(|row| row.try_get(0))
        .map_err(pg)?;
    if held {
        transaction.rollback().await.map_err(pg)?;
        return Ok(None);
    }
    Ok(Some(transaction))
}

/// The parameters of `clause` as the driver binds them, after `extra`.
fn parameters<'a>(clause: &'a Clause, extra: &[&'a (dyn ToSql + Sync)]) -> Vec<&'a (dyn ToSql + Sync)> {
    let mut all: Vec<&(dyn ToSql + Sync)> = extra.to_vec();
    all.extend(clause.parameters().iter().map(|text| text as &(dyn ToSql + Sync)));
    all
}

/// The run `window` of the rows of `from` that meet `clause`, in `order`, each made by `read` from `columns`,
/// with how many meet it: one statement (the count a window function, so page and total are one snapshot), and a
/// count alone when a window past the first row finds none.
async fn select<T>(
    client: &impl Session,
    columns: &str,
    from: &str,
    clause: &Clause,
    order: &str,
    window: Window,
    read: impl Fn(&Row) -> Result<T, StoreError>,
) -> Result<Slice<T>, StoreError> {
    let filter = clause.sql();
    let limit = window.limit.map_or_else(|| "ALL".to_owned(), |limit| limit.to_string());
    let sql = format!(
        "SELECT {columns}, COUNT(*) OVER () FROM {from}{filter} ORDER BY {order} LIMIT {limit} OFFSET {}",
        window.offset
    );
    // The text carries the window: run unprepared, never cached.
    let rows = client
        .driver()
        .query(sql.as_str(), &parameters(clause, &[]))
        .await
        .map_err(pg)?;
    let total = match rows.first() {
        Some(row) => get::<i64>(row, row.len() - 1)?,
        // Nothing matched, in the same snapshot as the page.
        None if window.offset == 0 && window.limit != Some(0) => 0,
        // The window is empty or past the end: how many there are now.
        None => {
            let counted = client
                .driver()
                .query_one(
                    &format!("SELECT COUNT(*) FROM {from}{filter}"),
                    &parameters(clause, &[]),
                )
                .await
                .map_err(pg)?;
            get::<i64>(&counted, 0)?
        }
    };
    Ok(Slice {
        total: usize::try_from(total).unwrap_or(0),
        items: rows.iter().map(read).collect::<Result<_, _>>()?,
    })
}

/// Column `index` of `row`, read as a `T`.
fn get<'a, T: tokio_postgres::types::FromSql<'a>>(row: &'a Row, index: usize) -> Result<T, StoreError> {
    row.try_get(index).map_err(pg)
}

/// The time stored in column `index` of `row`.
fn get_time(row: &Row, index: usize) -> Result<chrono::DateTime<chrono::Utc>, StoreError> {
    crate::sql::parse_time(&get::<String>(row, index)?).map_err(StoreError::unavailable)
}

/// The time, if any, stored in column `index` of `row`.
fn get_maybe_time(row: &Row, index: usize) -> Result<Option<chrono::DateTime<chrono::Utc>>, StoreError> {
    get::<Option<String>>(row, index)?
        .map(|text| crate::sql::parse_time(&text).map_err(StoreError::unavailable))
        .transpose()
}

/// The JSON document stored in column `index` of `row`, read as a `T`.
fn get_json<T: serde::de::DeserializeOwned>(row: &Row, index: usize) -> Result<T, StoreError> {
    serde_json::from_str(&get::<String>(row, index)?).map_err(StoreError::unavailable)
}

#[cfg(test)]
mod tests {
    use super::PostgresStore;

    /// The database the suite runs on: CI's `postgres` step starts one and sets the variable.
    fn url() -> String {
        std::env::var("SPACEPORT_TEST_DATABASE_URL").expect("SPACEPORT_TEST_DATABASE_URL names a PostgreSQL database")
    }

    crate::conformance::suite!(
        #[ignore = "needs PostgreSQL: SPACEPORT_TEST_DATABASE_URL; CI's postgres step runs it"]
        || crate::conformance::block_on(PostgresStore::temporary(&url())).expect("a schema of its own opens")
    );

    #[test]
    #[ignore = "needs PostgreSQL: SPACEPORT_TEST_DATABASE_URL; CI's postgres step runs it"]
    fn a_schema_of_a_newer_version_is_refused_and_a_current_one_reopened() {
        crate::conformance::block_on(a_newer_schema_is_refused());
    }

    async fn a_newer_schema_is_refused() {
        let store = PostgresStore::temporary(&url())
            .await
            .expect("a schema of its own opens");
        let (config, home, schema) = (store.config.clone(), store.home.clone(), store.schema.clone());
        let reopened = PostgresStore::open_schema(config.clone(), home.clone(), schema.clone()).await;
        let newer = i64::try_from(super::schema::VERSION + 1).unwrap_or(i64::MAX);
        store
            .execute("UPDATE spaceport_version SET version = $1", &[&newer])
            .await
            .expect("the version set");

        let refused = PostgresStore::open_schema(config, home, schema).await.map(drop);

        assert!(reopened.is_ok(), "a current schema opens again: {:?}", reopened.err());
        let message = match refused {
            Err(crate::StoreError::Unavailable { source }) => source.to_string(),
            other => panic!("not refused: {other:?}"),
        };
        assert!(message.contains("newer than this spaceport's"), "{message}");
    }
}
