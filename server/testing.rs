//! Running spaceport inside a Rust test: [`TestServer::start`] serves the production app (the same
//! [`crate::serve::server`] the binary runs) on a free loopback port, in a thread of its own, and hands back its
//! base URL and a [`Control`] handle on its worlds. Dropping the server stops it.
//!
//! ```
//! use std::time::Duration;
//!
//! use spaceport::{journal::Filter, testing::TestServer};
//!
//! # #[actix_web::main]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let server = TestServer::start()?;
//!
//! // The code under test talks to the server like to the real API...
//! let client = awc::Client::default();
//! let info = client.get(format!("{}/v2/info", server.url())).send().await?;
//! assert_eq!(info.status(), 200);
//!
//! // ...and the test reads what it sent, waits for what it sends later, and resets between cases.
//! let control = server.control();
//! let infos = Filter { operation: Some("getInfo".to_owned()), ..Filter::default() };
//! let seen = control.wait(&infos, 1, Duration::from_secs(5)).await?;
//! assert_eq!(seen[0].path, "/v2/info");
//! control.reset().await?;
//! assert!(control.requests(&Filter::default()).is_empty());
//! # Ok(())
//! # }
//! ```

use std::{
    net::{SocketAddr, TcpListener},
    sync::{Arc, mpsc},
    thread::JoinHandle,
    time::Duration,
};

use actix_web::dev::ServerHandle;

use crate::{
    app::{AppState, Settings, StartError},
    cli::StartupError,
    generated::control::{ApiName, JournalEntry, State},
    journal::{Filter, Waited},
    serve,
    store::StoreError,
    tenants::TenantError,
    world::{StateError, World},
};

/// Worker threads a test server runs: enough for a client and a waiting test at once.
const WORKERS: usize = 2;

/// A running server; dropping it stops it.
#[derive(Debug)]
pub struct TestServer {
    url: String,
    state: AppState,
    handle: ServerHandle,
    thread: Option<JoinHandle<()>>,
}

impl TestServer {
    /// Starts the app with the default settings (the embedded fixtures, lenient auth, the system clock).
    pub fn start() -> Result<Self, StartupError> {
        Self::start_with(Settings::default())
    }

    /// Starts the app with `settings`, its links written for the port it binds.
    pub fn start_with(mut settings: Settings) -> Result<Self, StartupError> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).map_err(|e| StartupError::Bind("127.0.0.1:0".into(), e))?;
        let bound: SocketAddr = listener
            .local_addr()
            .map_err(|e| StartupError::Bind("127.0.0.1:0".into(), e))?;
        let url = format!("http://{bound}");
        settings.cloud_foundry.public_url.clone_from(&url);
        let (started, running) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let made = match AppState::new(settings).await {
                    Ok(state) => serve::server(state.clone(), listener, Some(WORKERS))
                        .map(|server| (state, server))
                        .map_err(|error| StartupError::Bind(bound.to_string(), error)),
                    Err(StartError::Open(error)) => Err(StartupError::Store("(settings)".to_owned(), error)),
                    Err(StartError::Fixtures(error)) => Err(StartupError::Fixtures("(settings)".to_owned(), error)),
                };
                match made {
                    Ok((state, server)) => {
                        let _ = started.send(Ok((state, server.handle())));
                        if let Err(error) = server.await {
                            tracing::error!(%error, "the test server stopped");
                        }
                    }
                    Err(error) => {
                        let _ = started.send(Err(error));
                    }
                }
            });
        });
        let (state, handle) = running
            .recv()
            .map_err(|_| StartupError::Serve(std::io::Error::other("the server thread ended before it served")))??;
        Ok(Self {
            url,
            state,
            handle,
            thread: Some(thread),
        })
    }

    /// The base URL (`http://127.0.0.1:PORT`); a tenant's is `{url}/t/{tenant}`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The control handle of the root world.
    pub fn control(&self) -> Control {
        Control {
            state: self.state.clone(),
            tenant: None,
        }
    }

    /// The control handle of a tenant's world (made on first use, like a request under `/t/{tenant}/` would).
    pub fn tenant(&self, tenant: &str) -> Control {
        Control {
            state: self.state.clone(),
            tenant: Some(tenant.to_owned()),
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        // The stop command is sent when `stop` is called; the future only waits for it to complete.
        drop(self.handle.stop(false));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Steers and observes one world of a [`TestServer`] in-process, as the control API does over HTTP.
#[derive(Debug, Clone)]
pub struct Control {
    state: AppState,
    tenant: Option<String>,
}

/// Why a control step failed.
#[derive(Debug, thiserror::Error)]
pub enum ControlError {
    /// The tenant's world could not be had.
    #[error(transparent)]
    Tenant(#[from] TenantError),
    /// The state document breaks a rule, or the store failed.
    #[error(transparent)]
    State(#[from] StateError),
    /// Too few requests matched before a wait's timeout; these did.
    #[error("{} matching requests arrived before the timeout", .0.len())]
    TimedOut(Vec<JournalEntry>),
}

impl From<StoreError> for ControlError {
    fn from(error: StoreError) -> Self {
        Self::State(StateError::Store(error))
    }
}

impl Control {
    async fn world(&self) -> Result<Arc<World<crate::store::Backend>>, TenantError> {
        self.state.world(self.tenant.as_deref()).await
    }

    /// Every API back to the fixtures, the journal emptied (`POST /__spaceport/reset`).
    pub async fn reset(&self) -> Result<(), ControlError> {
        Ok(self.world().await?.reset(&self.state.blueprint.origin, None).await?)
    }

    /// One API back to the fixtures, its journal entries forgotten (`POST /__spaceport/reset?api=`).
    pub async fn reset_api(&self, api: ApiName) -> Result<(), ControlError> {
        Ok(self
            .world()
            .await?
            .reset(&self.state.blueprint.origin, Some(api))
            .await?)
    }

    /// The whole state (`GET /__spaceport/state`).
    pub async fn state(&self) -> Result<State, ControlError> {
        Ok(self.world().await?.state().await?)
    }

    /// Replaces the whole state (`PUT /__spaceport/state`); an invalid document changes nothing.
    pub async fn put_state(&self, document: &State) -> Result<(), ControlError> {
        let now = self.state.sources.clock.now();
        Ok(self.world().await?.replace_state(document, now).await?)
    }

    /// The journal entries `filter` matches, oldest first (`GET /__spaceport/requests`); none for a tenant not
    /// yet made.
    pub fn requests(&self, filter: &Filter) -> Vec<JournalEntry> {
        self.made()
            .map(|world| world.journal.select(filter, None))
            .unwrap_or_default()
    }

    /// Waits until `count` entries match `filter` (`GET /__spaceport/requests/wait`); at the timeout, an error
    /// holding the ones that did. Needs a tokio runtime with timers (any actix or `#[tokio::test]` one).
    pub async fn wait(
        &self,
        filter: &Filter,
        count: usize,
        timeout: Duration,
    ) -> Result<Vec<JournalEntry>, ControlError> {
        let stopping = self.state.stopping.subscribe();
        match self.world().await?.journal.wait(filter, count, timeout, stopping).await {
            Waited::Enough(entries) => Ok(entries),
            Waited::TimedOut(entries) => Err(ControlError::TimedOut(entries)),
        }
    }

    /// Empties the journal (`DELETE /__spaceport/requests`).
    pub fn clear_requests(&self) {
        if let Some(world) = self.made() {
            world.journal.clear(None);
        }
    }

    fn made(&self) -> Option<Arc<World<crate::store::Backend>>> {
        match &self.tenant {
            None => Some(self.state.root()),
            Some(name) => self.state.tenants().get(name),
        }
    }
}
