//! The application: its state and its routing, shared by `main` and the tests so both run exactly the production
//! app. Vendor and control routes come from the generated glue; this module adds only the infrastructure routes
//! (health, specs, Swagger UI) and sends every other path to the glue of the API that owns it.

use std::{
    ops::Deref,
    sync::{Arc, LazyLock},
};

use actix_web::{
    App, Error, HttpRequest, HttpResponse,
    body::MessageBody,
    dev::{ServiceFactory, ServiceRequest, ServiceResponse},
    guard,
    middleware::from_fn,
    web,
};
use utoipa_swagger_ui::{SwaggerUi, Url};

use crate::{
    control,
    fixtures::{Fixtures, FixturesError},
    front_door::{Owner, front_door, owner},
    generated::{assembla, cloud_foundry, control as control_api, onezone},
    journal::DEFAULT_JOURNAL_SIZE,
    metrics::Metrics,
    rt::{BodyTimeout, HeaderLimit},
    snapshot,
    sources::Sources,
    specs::{SPECS, Spec},
    store::{Backend, Storage, StoreError, Tenancy},
    tenants::{DEFAULT_MAX_TENANTS, TenantError, Tenants},
    vendors::{
        cloud_foundry::{self as cf, AuthMode},
        onezone as oz,
    },
    views::{self, View},
    world::{Blueprint, World},
};

/// The HS256 key Cloud Foundry tokens are signed with unless `--cf-token-key` says otherwise.
pub const DEFAULT_TOKEN_KEY: &str = "spaceport-dev-key";

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
    /// How many tenants live at once.
    pub max_tenants: usize,
    /// How many requests each world's journal keeps (0: none).
    pub journal_size: usize,
    /// How long a request body may take to arrive.
    pub body_timeout: BodyTimeout,
    /// How many bytes a request's target and headers may take.
    pub header_limit: HeaderLimit,
    /// Where the records are kept.
    pub storage: Storage,
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
            max_tenants: DEFAULT_MAX_TENANTS,
            journal_size: DEFAULT_JOURNAL_SIZE,
            body_timeout: BodyTimeout::DEFAULT,
            header_limit: HeaderLimit::DEFAULT,
            storage: Storage::Memory,
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
    root: Arc<World<S>>,
    tenants: Arc<Tenants<S>>,
}

impl<S> Clone for AppState<S> {
    fn clone(&self) -> Self {
        Self {
            sources: self.sources.clone(),
            blueprint: self.blueprint.clone(),
            metrics: self.metrics.clone(),
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
    pub async fn new(settings: Settings) -> Result<Self, StartError> {
        let store = Backend::open(&settings.storage).await.map_err(StartError::Open)?;
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
        });
        let root = Arc::new(World::new(Arc::new(store), &sources, &blueprint, None));
        Ok(Self {
            sources,
            blueprint,
            metrics: Arc::new(Metrics::new()),
            root,
            tenants: Arc::new(Tenants::new(settings.max_tenants)),
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

/// A spec as it is served: its JSON document (for Swagger UI) and the bytes of each of its client views.
struct Served {
    spec: &'static Spec,
    document: serde_json::Value,
    views: Vec<(View, web::Bytes)>,
}

/// Every spec as served, parsed and derived once per process although every worker's app serves them.
static SERVED: LazyLock<Vec<Served>> = LazyLock::new(|| {
    SPECS
        .iter()
        .map(|spec| {
            let document = spec
                .document()
                .expect("embedded specs are valid YAML; the build compiled them");
            let views = View::ALL
                .into_iter()
                .map(|view| {
                    let bytes = serde_json::to_vec(&views::derive(&document, view).document)
                        .expect("a JSON value always serializes");
                    (view, web::Bytes::from(bytes))
                })
                .collect();
            Served { spec, document, views }
        })
        .collect()
});

/// Registers every route: `/healthz`, `/readyz`, `/metrics`, `/openapi/{api}.json|.yaml`, the client views
/// `/openapi/{api}.client.json` and `/openapi/{api}.progenitor.json`, Swagger UI at `/docs/`, and, for every other
/// path, the generated glue of the API the path belongs to, which routes it through that API's table once and
/// answers an unknown path in that API's envelope.
pub fn configure<S: Tenancy>(config: &mut web::ServiceConfig, state: &AppState<S>) {
    // One scope for every infrastructure route, entered only by paths the infrastructure owns, so a vendor request
    // passes them with one prefix check instead of matching each of their patterns.
    config.service(
        web::scope("")
            .guard(guard::fn_guard(|context| {
                owner(context.head().uri.path()) == Owner::Infrastructure
            }))
            .configure(infrastructure)
            .route(
                "/metrics",
                web::get().to({
                    let state = state.clone();
                    move || {
                        let state = state.clone();
                        async move { metrics(&state).await }
                    }
                }),
            ),
    );
    let apis = Apis::new(state);
    config.default_service(web::to(move |request: HttpRequest, payload: web::Payload| {
        let apis = apis.clone();
        async move { apis.dispatch(request, payload).await }
    }));
}

/// Health, readiness, the specs and their views, and Swagger UI.
fn infrastructure(config: &mut web::ServiceConfig) {
    config.route("/healthz", web::get().to(healthz));
    config.route("/readyz", web::get().to(readyz));
    config.service(web::redirect("/docs", "/docs/"));
    let documents = SERVED.iter().map(|served| {
        (
            Url::new(served.spec.title, served.spec.json_path),
            served.document.clone(),
        )
    });
    // Swagger UI serves the JSON documents at `/openapi/{api}.json`, so it goes before the `/openapi` scope.
    config.service(SwaggerUi::new("/docs/{_:.*}").external_urls_from_iter_unchecked(documents));
    config.service(web::scope("/openapi").configure(openapi));
}

/// The routes under `/openapi`: each spec's YAML and its client views (the JSON documents are Swagger UI's).
fn openapi(config: &mut web::ServiceConfig) {
    config.route("/{api}.yaml", web::get().to(spec_yaml));
    for served in SERVED.iter() {
        for (view, body) in &served.views {
            let path = format!("/{}.{}.json", served.spec.stem, view.suffix());
            let body = body.clone();
            config.route(
                &path,
                web::get().to(move || {
                    let body = body.clone();
                    async move { HttpResponse::Ok().content_type("application/json").body(body) }
                }),
            );
        }
    }
}

/// The API instances a request can be dispatched to.
struct Apis<S> {
    assembla: web::Data<crate::vendors::assembla::Assembla<S>>,
    cloud_foundry: web::Data<cf::CloudFoundry<S>>,
    onezone: web::Data<oz::Onezone<S>>,
    control: web::Data<control::Control<S>>,
}

impl<S> Clone for Apis<S> {
    fn clone(&self) -> Self {
        Self {
            assembla: self.assembla.clone(),
            cloud_foundry: self.cloud_foundry.clone(),
            onezone: self.onezone.clone(),
            control: self.control.clone(),
        }
    }
}

impl<S: Tenancy> Apis<S> {
    /// The root world's APIs and the control API over `state`, with every route table built.
    fn new(state: &AppState<S>) -> Self {
        LazyLock::force(&assembla::TABLE);
        LazyLock::force(&cloud_foundry::TABLE);
        LazyLock::force(&onezone::TABLE);
        LazyLock::force(&control_api::TABLE);
        Self {
            assembla: state.assembla.clone(),
            cloud_foundry: state.cloud_foundry.clone(),
            onezone: state.onezone.clone(),
            control: web::Data::new(control::Control::new(state.clone())),
        }
    }

    /// Serves `request` by the API its path belongs to.
    async fn dispatch(self, request: HttpRequest, payload: web::Payload) -> HttpResponse {
        match owner(request.path()) {
            Owner::CloudFoundry => cloud_foundry::dispatch(self.cloud_foundry, request, payload).await,
            Owner::Onezone => onezone::dispatch(self.onezone, request, payload).await,
            Owner::Assembla => assembla::dispatch(self.assembla, request, payload).await,
            Owner::Control => control_api::dispatch(self.control, request, payload).await,
            Owner::Infrastructure => HttpResponse::NotFound().finish(),
        }
    }
}

/// The application as `main` serves it: the routes of [`configure`], the per-vendor response headers, and the
/// front door that serves `/t/{tenant}/…` from the tenant's world.
pub fn app<S: Tenancy>(
    state: AppState<S>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = Error,
        InitError = (),
    >,
> {
    let sources = state.sources.clone();
    let front = state.clone();
    App::new()
        .app_data(state.blueprint.body_timeout)
        .app_data(state.blueprint.header_limit)
        .wrap(from_fn(move |request: ServiceRequest, next| {
            let sources = sources.clone();
            async move {
                let cf = owner(request.path()) == Owner::CloudFoundry;
                let response = cf::headers(sources, cf, request, next).await?;
                Ok::<_, Error>(response)
            }
        }))
        .wrap(from_fn(move |request: ServiceRequest, next| {
            let state = front.clone();
            async move { front_door(state, request, next).await }
        }))
        .configure(move |config| configure(config, &state))
}

/// `GET /metrics`: Prometheus' text format (version 0.0.4), the root world's records counted now.
async fn metrics<S: Tenancy>(state: &AppState<S>) -> HttpResponse {
    if let Err(error) = state.metrics.count_records(&state.root()).await {
        tracing::error!(%error, "the metrics could not count the records");
        return HttpResponse::ServiceUnavailable().json(control::problem("store_unavailable", error.to_string(), None));
    }
    match state.metrics.encode() {
        Ok(text) => HttpResponse::Ok()
            .content_type("text/plain; version=0.0.4; charset=utf-8")
            .body(text),
        Err(error) => {
            tracing::error!(%error, "the metrics could not be encoded");
            HttpResponse::InternalServerError().json(control::problem("metrics_unavailable", error.to_string(), None))
        }
    }
}

async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}

/// Ready: the state is built and the fixtures are loaded before the server accepts a connection, so whoever
/// reaches this route is served by a loaded world.
async fn readyz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ready" }))
}

async fn spec_yaml(path: web::Path<String>) -> HttpResponse {
    match SPECS.iter().find(|spec| spec.stem == path.as_str()) {
        Some(spec) => HttpResponse::Ok()
            .content_type("application/yaml; charset=utf-8")
            .body(spec.yaml),
        None => HttpResponse::NotFound().finish(),
    }
}
