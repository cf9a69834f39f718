//! The production HTTP server, shared by `main` and [`crate::testing`] so a test serves exactly what the binary
//! does: the app with request logging, on a bound listener, with a 5 s graceful shutdown.

use std::net::TcpListener;

use actix_web::{HttpServer, dev::Server};
use tracing_actix_web::TracingLogger;

use crate::{
    app::{self, AppState},
    store::Tenancy,
};

/// How long a stopping server lets requests in flight finish, in seconds.
pub const SHUTDOWN_SECONDS: u64 = 5;

/// The server over `state` on `listener`, with `workers` worker threads (one per core for `None`). It runs once
/// awaited or spawned inside an actix system.
pub fn server<S: Tenancy>(
    state: AppState<S>,
    listener: TcpListener,
    workers: Option<usize>,
) -> std::io::Result<Server> {
    let mut server = HttpServer::new(move || app::app(state.clone()).wrap(TracingLogger::default()))
        .listen(listener)?
        .shutdown_timeout(SHUTDOWN_SECONDS);
    if let Some(workers) = workers {
        server = server.workers(workers);
    }
    Ok(server.run())
}
