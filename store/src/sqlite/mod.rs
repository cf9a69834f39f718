//! The embedded durable backend (`--data-dir`): every API's records in one SQLite database per world, the root's
//! `spaceport.sqlite3` and each tenant's `tenants/{name}.sqlite3` in the data folder.
//!
//! SQLite runs in WAL mode with `synchronous = FULL`, so a committed transaction survives a crash of the process
//! and of the machine. One writer thread per database commits the writes waiting for it together (see
//! `writer`); reads run on the caller's thread on pooled connections of their own, which WAL lets proceed while
//! the writer writes, each seeing the state as of its last commit.

mod assembla;
mod cloud_foundry;
mod onezone;
mod schema;
mod sql;
mod writer;

use std::{
    fmt,
    path::{Path, PathBuf},
    sync::{Arc, Mutex, PoisonError},
    time::Duration,
};

use rusqlite::{Connection, OpenFlags};

use self::writer::Writer;
use crate::{Secrets, StoreError, Tenancy};

/// The file of a world's database in its folder.
const DATABASE: &str = "spaceport.sqlite3";

/// How long a connection waits for a lock another process holds before answering `Unavailable`.
const BUSY: Duration = Duration::from_secs(5);

/// The folder a store's files live in, removed with the last store when it is temporary.
#[derive(Debug)]
enum Folder {
    Kept(PathBuf),
    Temporary(tempfile::TempDir),
}

impl Folder {
    fn path(&self) -> &Path {
        match self {
            Self::Kept(path) => path,
            Self::Temporary(dir) => dir.path(),
        }
    }
}

/// The embedded durable store of one world.
pub struct SqliteStore {
    folder: Arc<Folder>,
    file: PathBuf,
    writer: Writer,
    readers: Mutex<Vec<Connection>>,
}

impl fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SqliteStore")
            .field("file", &self.file)
            .finish_non_exhaustive()
    }
}

impl SqliteStore {
    /// The store kept in `folder` (made if missing): its records as the last run left them, the schema brought up
    /// to date.
    pub fn open(folder: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(folder).map_err(StoreError::unavailable)?;
        Self::open_file(Arc::new(Folder::Kept(folder.to_owned())), folder.join(DATABASE))
    }

    /// An empty store in a new temporary folder, removed once this store and its tenants' are dropped: what tests
    /// run the embedded backend on.
    pub fn temporary() -> Result<Self, StoreError> {
        let folder = tempfile::Builder::new()
            .prefix("spaceport-")
            .tempdir()
            .map_err(StoreError::unavailable)?;
        let file = folder.path().join(DATABASE);
        Self::open_file(Arc::new(Folder::Temporary(folder)), file)
    }

    fn open_file(folder: Arc<Folder>, file: PathBuf) -> Result<Self, StoreError> {
        let mut connection = connect(&file)?;
        schema::migrate(&mut connection)?;
        let name = format!(
            "sqlite-{}",
            file.file_stem().and_then(|s| s.to_str()).unwrap_or("writer")
        );
        Ok(Self {
            folder,
            writer: Writer::start(connection, name)?,
            readers: Mutex::new(Vec::new()),
            file,
        })
    }

    /// Runs `read` on a connection of the pool (opening one when every pooled one is busy).
    fn read<T>(&self, read: impl FnOnce(&Connection) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let pooled = self.readers.lock().unwrap_or_else(PoisonError::into_inner).pop();
        let connection = match pooled {
            Some(connection) => connection,
            None => connect(&self.file)?,
        };
        let result = read(&connection);
        self.readers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(connection);
        result
    }

    /// Runs `read` in one read transaction, so its statements see one state.
    fn read_consistent<T>(&self, read: impl FnOnce(&Connection) -> Result<T, StoreError>) -> Result<T, StoreError> {
        self.read(|connection| {
            connection.execute_batch("BEGIN").map_err(StoreError::unavailable)?;
            let result = read(connection);
            connection.execute_batch("COMMIT").map_err(StoreError::unavailable)?;
            result
        })
    }

    /// Runs `write` through the writer; its answer once the write is durable.
    async fn write<T: Send + 'static>(
        &self,
        write: impl FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        self.writer.write(write).await
    }
}

/// A connection to `file` as every one is set up: WAL, full synchronous commits, foreign keys enforced.
fn connect(file: &Path) -> Result<Connection, StoreError> {
    let connection = Connection::open_with_flags(
        file,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(StoreError::unavailable)?;
    connection.busy_timeout(BUSY).map_err(StoreError::unavailable)?;
    connection
        .execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")
        .map_err(StoreError::unavailable)?;
    Ok(connection)
}

impl Secrets for SqliteStore {
    async fn kept_secret(&self, name: &str, fresh: Vec<u8>) -> Result<Vec<u8>, StoreError> {
        let name = name.to_owned();
        self.write(move |connection| {
            sql::execute(
                connection,
                "INSERT INTO secrets (name, value) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                rusqlite::params![name, fresh],
            )?;
            sql::one(
                connection,
                "SELECT value FROM secrets WHERE name = ?1",
                [&name],
                |row| row.get(0),
            )?
            .ok_or_else(|| StoreError::unavailable(std::io::Error::other("a kept secret vanished")))
        })
        .await
    }
}

impl Tenancy for SqliteStore {
    async fn open_tenant(&self, tenant: &str) -> Result<Self, StoreError> {
        // Tenant names are 1 to 64 ASCII letters, digits, `-` and `_` (the app's `tenants::valid_name`): safe file
        // names.
        let folder = self.folder.path().join("tenants");
        std::fs::create_dir_all(&folder).map_err(StoreError::unavailable)?;
        Self::open_file(self.folder.clone(), folder.join(format!("{tenant}.sqlite3")))
    }
}

#[cfg(test)]
mod tests {
    use super::SqliteStore;

    crate::conformance::suite!(|| SqliteStore::temporary().expect("a temporary store opens"));

    #[test]
    fn a_reopened_store_holds_what_was_committed_and_its_schema_version() {
        crate::conformance::block_on(a_reopened_store_holds());
    }

    async fn a_reopened_store_holds() {
        use crate::{AssemblaStore, conformance::organization};
        let folder = tempfile::tempdir().expect("a temporary folder");
        {
            let store = SqliteStore::open(folder.path()).expect("opens");
            crate::CloudFoundryStore::create_organization(&store, organization("o1", "Dev"), None)
                .await
                .expect("created");
            store.set_assembla_portfolio(Some("folio".into())).await.expect("set");
        }
        let store = SqliteStore::open(folder.path()).expect("opens again");
        let version: i64 = store
            .read(|connection| {
                connection
                    .query_row("PRAGMA user_version", [], |row| row.get(0))
                    .map_err(crate::StoreError::unavailable)
            })
            .expect("reads");

        let organization = crate::CloudFoundryStore::organization(&store, "o1").await;
        assert_eq!(organization.expect("kept").name.as_str(), "Dev");
        assert_eq!(store.assembla_portfolio().await.expect("answers"), Some("folio".into()));
        assert_eq!(version, super::schema::VERSION as i64);
    }

    #[test]
    fn a_database_of_a_newer_schema_version_is_refused_untouched() {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let file = folder.path().join(super::DATABASE);
        let newer = i64::try_from(super::schema::VERSION + 1).unwrap_or(i64::MAX);
        let connection = rusqlite::Connection::open(&file).expect("a database");
        connection
            .pragma_update(None, "user_version", newer)
            .expect("a version set");
        drop(connection);

        let refused = SqliteStore::open(folder.path()).map(drop);
        let version: i64 = rusqlite::Connection::open(&file)
            .and_then(|connection| connection.query_row("PRAGMA user_version", [], |row| row.get(0)))
            .expect("readable");

        let message = match refused {
            Err(crate::StoreError::Unavailable { source }) => source.to_string(),
            other => panic!("not refused: {other:?}"),
        };
        assert!(message.contains("newer than this spaceport's"), "{message}");
        assert_eq!(version, newer, "the database is left as it was");
    }
}
