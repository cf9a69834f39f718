//! The production HTTP server, shared by `main` and [`crate::testing`] so a test serves exactly what the binary
//! does: the app with request logging ([`RequestSpan`]), on a bound listener, with actix-web's own defaults (5 s
//! keep-alive and request-head timeout, 1 s disconnect timeout, a 5 s graceful shutdown). It is assembled from
//! actix-server and actix-http (as `actix_web::HttpServer` assembles it) so that each connection can go through
//! [`Wire`], which writes response heads in a fixed header order when the clock is fixed.
//!
//! The server installs no signal handlers of its own (actix-server's drain on SIGTERM but drop every connection on
//! SIGINT); the binary stops it with [`Signals`], installed before it says it listens, and an in-process test
//! server leaves the test runner's signals alone.

use std::{future::poll_fn, net::TcpListener, task::Poll, time::Duration};

use actix_http::{HttpService, KeepAlive, error::DispatchError};
use actix_service::{IntoServiceFactory, ServiceFactoryExt, fn_service, map_config};
use actix_web::{
    dev::{AppConfig, Server, ServerHandle},
    rt::{
        net::TcpStream,
        signal::unix::{Signal, SignalKind, signal},
    },
};
use tracing_actix_web::TracingLogger;

use crate::{
    app::{self, AppState},
    request_span::RequestSpan,
    sources::Clock,
    stopping::Stopping,
    store::Tenancy,
    wire::Wire,
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
    let canonical = matches!(state.sources.clock, Clock::Fixed(_));
    let address = listener.local_addr()?;
    let mut builder = actix_server::Server::build()
        .shutdown_timeout(SHUTDOWN_SECONDS)
        .disable_signals();
    if let Some(workers) = workers {
        builder = builder.workers(workers);
    }
    let shutdown = builder.graceful_shutdown_signal();
    let server = builder.listen("spaceport", listener, move || {
        let shutdown = shutdown.clone();
        let metrics = state.metrics.clone();
        let app = app::app(state.clone())
            .wrap(TracingLogger::<RequestSpan>::new())
            .into_factory()
            .map_err(|error| error.error_response());
        let http = HttpService::build()
            .graceful_shutdown_signal(move || {
                let signal = shutdown.clone();
                async move { signal.notified().await }
            })
            .keep_alive(KeepAlive::Timeout(Duration::from_secs(5)))
            .client_request_timeout(Duration::from_secs(5))
            .client_disconnect_timeout(Duration::from_secs(1))
            .h1_allow_half_closed(true)
            .local_addr(address)
            // The app reads its host from each request's `Host` header, never from this config (whose
            // constructor actix-web keeps to itself).
            .h1(map_config(app, |()| AppConfig::default()));
        fn_service(move |stream: TcpStream| {
            let open = metrics.connection();
            async move {
                let peer = stream.peer_addr().ok();
                // As actix-web's server does: answers go out as soon as they are written.
                let _ = stream.set_nodelay(true);
                Ok::<_, DispatchError>((Wire::new(stream, canonical).counted(open), peer))
            }
        })
        .and_then(http)
    })?;
    Ok(server.run())
}

/// SIGINT and SIGTERM, caught from the moment [`Signals::install`] returns: a signal that comes before the
/// server is handed to [`Signals::stop`] is kept, not lost, and never ends the process undrained.
#[derive(Debug)]
pub struct Signals {
    interrupt: Signal,
    terminate: Signal,
}

impl Signals {
    /// Installs the handlers (inside an actix system). Fails only if they cannot be installed.
    pub fn install() -> std::io::Result<Self> {
        Ok(Self {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
        })
    }

    /// Drains `server` on the first SIGINT or SIGTERM (even one that came before this call): `stopping` begins
    /// (long-poll waits answer at once), it stops accepting, and requests in flight get [`SHUTDOWN_SECONDS`] to
    /// finish; then the server's future completes.
    pub async fn stop(mut self, server: ServerHandle, stopping: Stopping) {
        let name = poll_fn(|cx| {
            if self.interrupt.poll_recv(cx).is_ready() {
                Poll::Ready("SIGINT")
            } else if self.terminate.poll_recv(cx).is_ready() {
                Poll::Ready("SIGTERM")
            } else {
                Poll::Pending
            }
        })
        .await;
        tracing::info!(
            signal = name,
            "stopping: requests in flight get {SHUTDOWN_SECONDS} s to finish"
        );
        stopping.begin();
        server.stop(true).await;
    }
}
