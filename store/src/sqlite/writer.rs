//! The one writer of an embedded database: a thread that owns the write connection and commits the writes waiting
//! for it together (group commit). Each write runs inside a savepoint of the batch's transaction, so a refused
//! write (a broken uniqueness rule, a missing parent) rolls back alone and the others commit; every caller hears
//! its answer only after the batch's `COMMIT` returned, that is once the write is durable.

use std::{
    sync::mpsc::{self, Receiver, Sender},
    thread,
};

use rusqlite::Connection;
use tokio::sync::oneshot;

use crate::StoreError;

/// How many writes one transaction commits at most.
const BATCH: usize = 256;

/// What the writer hands back once a write ran: delivers its answer, given whether the batch committed.
type Deliver = Box<dyn FnOnce(Result<(), &rusqlite::Error>) + Send>;

/// A write waiting for the writer: run on the connection once its transaction began, or told why none could.
type Work = Box<dyn FnOnce(Result<&Connection, &rusqlite::Error>) -> Deliver + Send>;

/// The handle through which writes reach the writer thread; the thread ends when the last handle is dropped.
#[derive(Debug)]
pub(super) struct Writer {
    queue: Sender<Work>,
}

impl Writer {
    /// Starts the writer thread over `connection`.
    pub(super) fn start(connection: Connection, name: String) -> Result<Self, StoreError> {
        let (queue, waiting) = mpsc::channel();
        thread::Builder::new()
            .name(name)
            .spawn(move || run(connection, waiting))
            .map_err(StoreError::unavailable)?;
        Ok(Self { queue })
    }

    /// Runs `write` in a transaction of its own or shared with others; its answer once committed.
    pub(super) async fn write<T: Send + 'static>(
        &self,
        write: impl FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let (answer, answered) = oneshot::channel();
        let work: Work = Box::new(move |began| {
            let result = match began {
                Ok(connection) => in_savepoint(connection, write),
                Err(error) => Err(StoreError::unavailable(error.to_string())),
            };
            Box::new(move |committed: Result<(), &rusqlite::Error>| {
                let result = match committed {
                    Ok(()) => result,
                    // The batch did not commit: nothing of this write is stored, whatever it answered.
                    Err(error) => Err(StoreError::unavailable(error.to_string())),
                };
                // The caller may have gone away (its request was cancelled); the write stands regardless.
                let _ = answer.send(result);
            })
        });
        self.queue
            .send(work)
            .map_err(|_| StoreError::unavailable("the store's writer has stopped"))?;
        answered
            .await
            .map_err(|_| StoreError::unavailable("the store's writer has stopped"))?
    }
}

/// Runs `write` inside a savepoint: released when it succeeds, rolled back when it fails, so a refused write
/// leaves nothing behind in the batch.
fn in_savepoint<T>(
    connection: &Connection,
    write: impl FnOnce(&Connection) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    connection
        .execute_batch("SAVEPOINT write")
        .map_err(StoreError::unavailable)?;
    let result = write(connection);
    let ended = match &result {
        Ok(_) => connection.execute_batch("RELEASE write"),
        Err(_) => connection.execute_batch("ROLLBACK TO write; RELEASE write"),
    };
    match ended {
        Ok(()) => result,
        Err(error) => Err(StoreError::unavailable(error)),
    }
}

/// The writer thread: takes the first waiting write, then every other already waiting (up to [`BATCH`]), runs
/// them in one transaction and commits it, then answers each.
fn run(connection: Connection, waiting: Receiver<Work>) {
    while let Ok(first) = waiting.recv() {
        let mut batch = vec![first];
        while batch.len() < BATCH
            && let Ok(next) = waiting.try_recv()
        {
            batch.push(next);
        }
        let began = connection.execute_batch("BEGIN IMMEDIATE");
        let deliveries: Vec<Deliver> = batch
            .into_iter()
            .map(|work| work(began.as_ref().map(|()| &connection)))
            .collect();
        if let Err(error) = began {
            tracing::error!(%error, "the embedded store could not begin a transaction");
            for deliver in deliveries {
                deliver(Err(&error));
            }
            continue;
        }
        let committed = connection.execute_batch("COMMIT");
        if committed.is_err() {
            // A failed COMMIT may leave the transaction open; end it so the next batch can begin.
            let _ = connection.execute_batch("ROLLBACK");
        }
        for deliver in deliveries {
            deliver(committed.as_ref().map(|_| ()));
        }
    }
}
