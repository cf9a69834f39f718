//! The application: its state and its routing, shared by `main` and the tests so both run exactly the production
//! app. Vendor routes come from the generated glue; this module adds only the infrastructure routes (health,
//! specs, Swagger UI) and the fallback for unknown paths.

use std::sync::Arc;

use actix_web::{
    App, Error, HttpRequest, HttpResponse,
    body::MessageBody,
    dev::{ServiceFactory, ServiceRequest, ServiceResponse},
    middleware::from_fn,
    web,
};
use utoipa_swagger_ui::{SwaggerUi, Url};

use crate::{
    fixtures::{Fixtures, FixturesError},
    generated::{assembla, cloud_foundry, onezone},
    sources::Sources,
    specs::SPECS,
    store::{MemoryStore, Store},
    vendors::{
        assembla::{self as asm, Assembla},
        cloud_foundry::{self as cf, AuthMode, CloudFoundry},
        onezone::{self as oz, Onezone},
    },
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
    /// Records to preload.
    pub fixtures: Fixtures,
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
        }
    }
}

/// The state every worker shares: the store every API keeps its records in, and the APIs over it.
#[derive(Debug)]
pub struct AppState<S = MemoryStore> {
    /// Ids and time.
    pub sources: Arc<Sources>,
    /// The store.
    pub store: Arc<S>,
    /// The Cloud Foundry API.
    pub cloud_foundry: web::Data<CloudFoundry<S>>,
    /// The Onezone API.
    pub onezone: web::Data<Onezone<S>>,
    /// The Assembla API.
    pub assembla: web::Data<Assembla<S>>,
}

impl<S> Clone for AppState<S> {
    fn clone(&self) -> Self {
        Self {
            sources: self.sources.clone(),
            store: self.store.clone(),
            cloud_foundry: self.cloud_foundry.clone(),
            onezone: self.onezone.clone(),
            assembla: self.assembla.clone(),
        }
    }
}

impl AppState<MemoryStore> {
    /// The state over a fresh in-memory store, the fixtures loaded.
    pub async fn new(settings: Settings) -> Result<Self, FixturesError> {
        Self::with_store(MemoryStore::new(), settings).await
    }
}

impl<S: Store> AppState<S> {
    /// The state over `store`, the fixtures loaded into it (a second load changes nothing, so a store that kept
    /// its records from an earlier run keeps them).
    pub async fn with_store(store: S, settings: Settings) -> Result<Self, FixturesError> {
        let sources = Arc::new(settings.sources);
        settings.fixtures.load(&store, &sources).await?;
        Ok(Self::assemble(
            Arc::new(store),
            sources,
            settings.cloud_foundry,
            settings.onezone_auth,
            settings.assembla_strict,
        ))
    }

    /// The state over `store` as it is, without loading the fixtures.
    pub fn without_fixtures(store: S, settings: Settings) -> Self {
        Self::assemble(
            Arc::new(store),
            Arc::new(settings.sources),
            settings.cloud_foundry,
            settings.onezone_auth,
            settings.assembla_strict,
        )
    }

    fn assemble(
        store: Arc<S>,
        sources: Arc<Sources>,
        cloud_foundry: cf::Config,
        onezone_auth: oz::AuthMode,
        assembla_strict: bool,
    ) -> Self {
        let public_url = cloud_foundry.public_url.clone();
        let assembla = asm::Config {
            strict: assembla_strict,
            public_url,
        };
        Self {
            cloud_foundry: web::Data::new(CloudFoundry::new(store.clone(), sources.clone(), cloud_foundry)),
            onezone: web::Data::new(Onezone::new(store.clone(), sources.clone(), onezone_auth)),
            assembla: web::Data::new(Assembla::new(store.clone(), sources.clone(), assembla)),
            sources,
            store,
        }
    }
}

/// Who answers a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    /// Health, specs and Swagger UI.
    Infrastructure,
    /// Onezone (`/api/v3/onezone`, `/provider`, `/spaces`).
    Onezone,
    /// Assembla (`/v1`).
    Assembla,
    /// Cloud Foundry, which also owns every other path (its API lives at the root).
    CloudFoundry,
}

fn under(path: &str, prefixes: &[&str]) -> bool {
    prefixes
        .iter()
        .any(|prefix| path == *prefix || path.starts_with(&format!("{prefix}/")))
}

fn owner(path: &str) -> Owner {
    if under(path, &["/healthz", "/readyz", "/openapi", "/docs"]) {
        Owner::Infrastructure
    } else if under(path, onezone::PATH_PREFIXES) {
        Owner::Onezone
    } else if under(path, assembla::PATH_PREFIXES) || path.starts_with("/v1.") {
        Owner::Assembla
    } else {
        Owner::CloudFoundry
    }
}

/// Registers every route: the vendors' generated glue, `/healthz`, `/openapi/{api}.json|.yaml`, Swagger UI at
/// `/docs/`, and the fallback for unknown paths, which answers in the envelope of the API the path belongs to.
pub fn configure<S: Store>(config: &mut web::ServiceConfig, state: &AppState<S>) {
    assembla::configure(config, state.assembla.clone());
    cloud_foundry::configure(config, state.cloud_foundry.clone());
    onezone::configure(config, state.onezone.clone());
    config.route("/healthz", web::get().to(healthz));
    config.route("/readyz", web::get().to(readyz));
    config.route("/openapi/{api}.yaml", web::get().to(spec_yaml));
    config.service(web::redirect("/docs", "/docs/"));
    let documents = SPECS.iter().map(|spec| {
        (
            Url::new(spec.title, spec.json_path),
            spec.document()
                .expect("embedded specs are valid YAML; the build compiled them"),
        )
    });
    config.service(SwaggerUi::new("/docs/{_:.*}").external_urls_from_iter_unchecked(documents));
    let fallback = state.clone();
    config.default_service(web::to(move |request: HttpRequest| {
        let state = fallback.clone();
        async move { not_found(&state, request).await }
    }));
}

/// The application as `main` serves it: the routes of [`configure`] and the per-vendor response headers.
pub fn app<S: Store>(
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
    App::new()
        .wrap(from_fn(move |request: ServiceRequest, next| {
            let sources = sources.clone();
            async move {
                let cf = owner(request.path()) == Owner::CloudFoundry;
                let response = cf::headers(sources, cf, request, next).await?;
                Ok::<_, Error>(response)
            }
        }))
        .configure(move |config| configure(config, &state))
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

/// An unknown path, answered by the API it belongs to.
async fn not_found<S: Store>(state: &AppState<S>, request: HttpRequest) -> HttpResponse {
    match owner(request.path()) {
        Owner::CloudFoundry => cloud_foundry::not_found(state.cloud_foundry.clone(), request).await,
        Owner::Onezone => onezone::not_found(state.onezone.clone(), request).await,
        Owner::Assembla => assembla::not_found(state.assembla.clone(), request).await,
        Owner::Infrastructure => HttpResponse::NotFound().finish(),
    }
}
