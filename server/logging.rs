//! Logging that never holds a request up: a request's log line goes into a bounded queue that one thread of its
//! own writes to stderr (tracing-appender's non-blocking writer, lossy). When the queue is full (stderr is a pipe
//! nobody reads) the line is dropped; when a write fails (stderr closed, or a pipe whose reader went away) the
//! line is dropped too, never reported with a panic. Both are counted, for `spaceport_log_lines_dropped_total`.

use std::{
    io::{self, Write},
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
        mpsc,
    },
    thread,
    time::Duration,
};

use tracing_appender::non_blocking::{ErrorCounter, NonBlocking, NonBlockingBuilder, WorkerGuard};

/// How many log lines wait for the writer thread at most; past that they are dropped.
pub const QUEUE_LINES: usize = 16 * 1024;

/// What the log writer could not write: lines dropped at a full queue and lines whose write failed.
#[derive(Clone, Default)]
pub struct LogLosses {
    queue: Option<ErrorCounter>,
    failed: Arc<AtomicU64>,
}

impl std::fmt::Debug for LogLosses {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LogLosses").field("dropped", &self.dropped()).finish()
    }
}

impl LogLosses {
    /// Lines dropped so far, for either reason.
    pub fn dropped(&self) -> u64 {
        let queued = self
            .queue
            .as_ref()
            .map_or(0, |queue| u64::try_from(queue.dropped_lines()).unwrap_or(u64::MAX));
        queued.saturating_add(self.failed.load(Ordering::Relaxed))
    }
}

/// Standard error as the writer thread writes it: a failed write counts the line and carries on.
struct Stderr {
    failed: Arc<AtomicU64>,
}

impl Write for Stderr {
    fn write(&mut self, line: &[u8]) -> io::Result<usize> {
        if io::stderr().write_all(line).is_err() {
            self.failed.fetch_add(1, Ordering::Relaxed);
        }
        Ok(line.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let _ = io::stderr().flush();
        Ok(())
    }
}

/// How long the process waits, when it ends, for the writer thread to write the lines still queued.
pub const FLUSH_AT_EXIT: Duration = Duration::from_secs(2);

/// Writes the queued lines when dropped, waiting at most [`FLUSH_AT_EXIT`]: a stderr that accepts nothing more
/// never keeps the process from ending. (tracing-appender's own guard waits a bounded time too, but then reports
/// the timeout with `println!`, which can panic, and the panic's message can block on that same stderr.)
#[derive(Debug)]
pub struct Flush(Option<WorkerGuard>);

impl Drop for Flush {
    fn drop(&mut self) {
        let Some(guard) = self.0.take() else { return };
        let (done, flushed) = mpsc::channel();
        let spawned = thread::Builder::new()
            .name("spaceport-log-flush".to_owned())
            .spawn(move || {
                drop(guard);
                let _ = done.send(());
            });
        if spawned.is_ok() {
            let _ = flushed.recv_timeout(FLUSH_AT_EXIT);
        }
    }
}

/// The writer for the log subscriber, the count of what it loses, and what flushes it when dropped (keep it alive
/// as long as the process logs).
pub fn stderr_writer() -> (NonBlocking, LogLosses, Flush) {
    let failed = Arc::new(AtomicU64::new(0));
    let (writer, guard) = NonBlockingBuilder::default()
        .lossy(true)
        .buffered_lines_limit(QUEUE_LINES)
        .thread_name("spaceport-log")
        .finish(Stderr { failed: failed.clone() });
    let losses = LogLosses {
        queue: Some(writer.error_counter()),
        failed,
    };
    (writer, losses, Flush(Some(guard)))
}
