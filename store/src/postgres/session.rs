//! What the PostgreSQL store's statements run on: a pooled connection or a transaction on one, each statement
//! prepared once per connection (deadpool-postgres' statement cache) and run in one round trip after that. Only
//! fixed texts go through the cache: a selection's text carries its window, so it runs unprepared
//! ([`Session::driver`]) and the cache stays as small as the store's set of statements.

use std::future::Future;

use deadpool_postgres::{ClientWrapper, Transaction};
use tokio_postgres::{Client, Error, Row, Statement, types::ToSql};

/// A connection, or a transaction on one, with the connection's statement cache.
pub(super) trait Session: Sync {
    /// The driver's client of the connection (a transaction's statements run on it too).
    fn driver(&self) -> &Client;

    /// `sql` prepared on this connection: from its cache after the first time.
    fn prepared(&self, sql: &str) -> impl Future<Output = Result<Statement, Error>> + Send;

    /// Runs the fixed statement `sql`; how many rows it changed.
    fn execute(
        &self,
        sql: &str,
        parameters: &[&(dyn ToSql + Sync)],
    ) -> impl Future<Output = Result<u64, Error>> + Send {
        async move {
            let statement = self.prepared(sql).await?;
            self.driver().execute(&statement, parameters).await
        }
    }

    /// The rows the fixed statement `sql` finds.
    fn query(
        &self,
        sql: &str,
        parameters: &[&(dyn ToSql + Sync)],
    ) -> impl Future<Output = Result<Vec<Row>, Error>> + Send {
        async move {
            let statement = self.prepared(sql).await?;
            self.driver().query(&statement, parameters).await
        }
    }

    /// The row, if any, the fixed statement `sql` finds (an error if it finds more than one).
    fn query_opt(
        &self,
        sql: &str,
        parameters: &[&(dyn ToSql + Sync)],
    ) -> impl Future<Output = Result<Option<Row>, Error>> + Send {
        async move {
            let statement = self.prepared(sql).await?;
            self.driver().query_opt(&statement, parameters).await
        }
    }

    /// The one row the fixed statement `sql` finds (an error if it finds another number).
    fn query_one(
        &self,
        sql: &str,
        parameters: &[&(dyn ToSql + Sync)],
    ) -> impl Future<Output = Result<Row, Error>> + Send {
        async move {
            let statement = self.prepared(sql).await?;
            self.driver().query_one(&statement, parameters).await
        }
    }
}

impl Session for ClientWrapper {
    fn driver(&self) -> &Client {
        self
    }

    fn prepared(&self, sql: &str) -> impl Future<Output = Result<Statement, Error>> + Send {
        self.prepare_cached(sql)
    }
}

impl Session for Transaction<'_> {
    fn driver(&self) -> &Client {
        self.client()
    }

    fn prepared(&self, sql: &str) -> impl Future<Output = Result<Statement, Error>> + Send {
        self.prepare_cached(sql)
    }
}
