//! The state every worker shares: the root world, the live tenants, and the blueprint every world is made from,
//! with the settings an app is built from. The routing (`app`) and the front door read it; it knows neither.

use std::{ops::Deref, sync::Arc};

use crate::{
    fixtures::{Fixtures, FixturesError},
    journal::{DEFAULT_JOURNAL_SIZE, mask::Maskers},
    links::LinkBase,
    logging::LogLosses,
    metrics::Metrics,
    rt::{BodyTimeout, HeaderLimit},
    snapshot,
    sources::Sources,
    stopping::Stopping,
    store::{Backend, Secrets as _, Storage, StoreError, Tenancy},
    tenants::{DEFAULT_MAX_TENANTS, TenantError, Tenants},
    vendors::{
        cloud_foundry::{self as cf, AuthMode},
        onezone as oz,
    },
    world::{Blueprint, World},
};

/// The HS256 key Cloud Foundry tokens are signed with unless `--cf-token-key` says otherwise.
pub const DEFAULT_TOKEN_KEY: &str = "spaceport-dev-key";

/// The name the Cloud Foundry token signing key is kept under in the store.
pub const CF_TOKEN_KEY_NAME: &str = "cloud_foundry.token_key";

/// What an app is built from.
#[derive(Debug)]
pub struct Settings {
    /// Where ids and time come from.
    pub sources: Sources,
    /// The Cloud Foundry API's auth mode, token key and public URL.
    pub cloud_foundry: cf::Config,
    /// How Onezone provider and space tokens are checked.
    pub onezone_auth: oz::AuthMode,
    /// Whether Assembla accepts only the fixtures' credentials.
    pub assembla_strict: bool,
    /// Records to preload, into the root world and every tenant's.
    pub fixtures: Fixtures,
    /// Whether the Cloud Foundry token key is the store's kept one (made at the first start and kept with the
    /// records, so a restart on the same data keeps issued tokens valid) rather than `cloud_foundry.token_key`:
    /// strict auth without `--cf-token-key`.
    pub keep_cf_token_key: bool,
    /// How many tenants live at once.
    pub max_tenants: usize,
    /// How long a tenant may go unused before it is forgotten (`None`: never).
    pub tenant_idle: Option<std::time::Duration>,
    /// How many requests each world's journal keeps (0: none).
    pub journal_size: usize,
    /// How long a request body may take to arrive.
    pub body_timeout: BodyTimeout,
    /// How many bytes a request's target and headers may take.
    pub header_limit: HeaderLimit,
    /// Where the records are kept.
    pub storage: Storage,
    /// What the log writer loses, for `/metrics` (none counted in-process, where the test runner logs).
    pub log_losses: LogLosses,
    /// Where absolute links point: the configured public URL, or the request's own host.
    pub link_base: LinkBase,
    /// Headers the journal masks besides every API's credentials (`--mask-header`).
    pub mask_headers: Vec<String>,
}

impl Default for Settings {
    /// System clock, random ids, lenient auth, the default public URL and the embedded default fixtures.
    fn default() -> Self {
        Self {
            sources: Sources::system(),
            cloud_foundry: cf::Config {
                auth: AuthMode::Lenient,
                token_key: DEFAULT_TOKEN_KEY.as_bytes().to_vec(),
                public_url: "http://127.0.0.1:8080".to_owned(),
            },
            onezone_auth: oz::AuthMode::Lenient,
            assembla_strict: false,
            fixtures: Fixtures::parse(crate::fixtures::DEFAULT).unwrap_or_default(),
            keep_cf_token_key: false,
            max_tenants: DEFAULT_MAX_TENANTS,
            tenant_idle: None,
            journal_size: DEFAULT_JOURNAL_SIZE,
            body_timeout: BodyTimeout::DEFAULT,
            header_limit: HeaderLimit::DEFAULT,
            storage: Storage::Memory,
            log_losses: LogLosses::default(),
            link_base: LinkBase::Configured,
            mask_headers: Vec::new(),
        }
    }
}

/// Why the state could not be made.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The backend could not be opened.
    #[error("the store could not be opened")]
    Open(#[source] StoreError),
    /// The fixtures could not be read or stored.
    #[error(transparent)]
    Fixtures(#[from] FixturesError),
}

/// The state every worker shares: the root world (the state is the root world to whoever reads it, so
/// `state.store` is the root's store), the live tenants, and the blueprint every world is made from.
#[derive(Debug)]
pub struct AppState<S = Backend> {
    /// Ids and time, shared by every world.
    pub sources: Arc<Sources>,
    /// How worlds are made.
    pub blueprint: Arc<Blueprint>,
    /// What `GET /metrics` reports.
    pub metrics: Arc<Metrics>,
    /// Whether the server is stopping (long-poll waits then answer at once).
    pub stopping: Stopping,
    root: Arc<World<S>>,
    tenants: Arc<Tenants<S>>,
}

impl<S> Clone for AppState<S> {
    fn clone(&self) -> Self {
        Self {
            sources: self.sources.clone(),
            blueprint: self.blueprint.clone(),
            metrics: self.metrics.clone(),
            stopping: self.stopping.clone(),
            root: self.root.clone(),
            tenants: self.tenants.clone(),
        }
    }
}

impl<S> Deref for AppState<S> {
    type Target = World<S>;

    fn deref(&self) -> &World<S> {
        &self.root
    }
}

impl AppState<Backend> {
    /// The state over the backend `settings.storage` names, the fixtures loaded into it unless it holds records
    /// from an earlier run.
    pub async fn new(mut settings: Settings) -> Result<Self, StartError> {
        let store = Backend::open(&settings.storage).await.map_err(StartError::Open)?;
        if settings.keep_cf_token_key {
            // 32 bytes from the id source: random, or the seed's under --seed.
            let fresh = [settings.sources.ids.uuid(), settings.sources.ids.uuid()]
                .iter()
                .flat_map(|id| id.into_bytes())
                .collect();
            settings.cloud_foundry.token_key = store
                .kept_secret(CF_TOKEN_KEY_NAME, fresh)
                .await
                .map_err(StartError::Open)?;
        }
        Ok(Self::with_store(store, settings).await?)
    }
}

impl<S: Tenancy> AppState<S> {
    /// The state over `store`, the fixtures loaded into it (a second load changes nothing, so a store that kept
    /// its records from an earlier run keeps them).
    pub async fn with_store(store: S, settings: Settings) -> Result<Self, FixturesError> {
        let state = Self::without_fixtures(store, settings)?;
        snapshot::fill(&*state.root.store, &state.blueprint.origin).await?;
        Ok(state)
    }

    /// The state over `store` as it is, without loading the fixtures into it (they are read, for later worlds
    /// and resets).
    pub fn without_fixtures(store: S, settings: Settings) -> Result<Self, FixturesError> {
        let origin = settings.fixtures.records(&settings.sources)?;
        let sources = Arc::new(settings.sources);
        let blueprint = Arc::new(Blueprint {
            cloud_foundry: settings.cloud_foundry,
            onezone_auth: settings.onezone_auth,
            assembla_strict: settings.assembla_strict,
            origin,
            journal_size: settings.journal_size,
            body_timeout: settings.body_timeout,
            header_limit: settings.header_limit,
            link_base: settings.link_base,
            maskers: Maskers::new(&settings.mask_headers),
        });
        let root = Arc::new(World::new(Arc::new(store), &sources, &blueprint, None));
        Ok(Self {
            sources,
            blueprint,
            metrics: Arc::new(Metrics::new().count_log_losses(settings.log_losses)),
            stopping: Stopping::default(),
            root,
            tenants: Arc::new(Tenants::new(settings.max_tenants, settings.tenant_idle)),
        })
    }

    /// The root world.
    pub fn root(&self) -> Arc<World<S>> {
        self.root.clone()
    }

    /// The live tenants.
    pub fn tenants(&self) -> &Tenants<S> {
        &self.tenants
    }

    /// The world of `tenant`, made on first use; the root world for `None`.
    pub async fn world(&self, tenant: Option<&str>) -> Result<Arc<World<S>>, TenantError> {
        match tenant {
            None => Ok(self.root.clone()),
            Some(name) => {
                self.tenants
                    .world(name, &self.root.store, &self.sources, &self.blueprint)
                    .await
            }
        }
    }
}
