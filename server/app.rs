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
    store::MemoryStore,
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

/// The state every worker shares.
#[derive(Debug, Clone)]
pub struct AppState {
    /// Ids and time.
    pub sources: Arc<Sources>,
    /// The store.
    pub store: Arc<MemoryStore>,
    /// The Cloud Foundry API.
    pub cloud_foundry: web::Data<CloudFoundry<MemoryStore>>,
    /// The Onezone API.
    pub onezone: web::Data<Onezone<MemoryStore>>,
    /// The Assembla API.
    pub assembla: web::Data<Assembla<MemoryStore>>,
}

impl AppState {
    /// Builds the state and loads the fixtures into a fresh in-memory store.
    pub async fn new(settings: Settings) -> Result<Self, FixturesError> {
        let sources = Arc::new(settings.sources);
        let public_url = settings.cloud_foundry.public_url.clone();
        let store = Arc::new(MemoryStore::new());
        settings.fixtures.load(store.as_ref(), &sources).await?;
        let cloud_foundry = web::Data::new(CloudFoundry::new(
            store.clone(),
            sources.clone(),
            settings.cloud_foundry,
        ));
        let onezone = web::Data::new(Onezone::new(store.clone(), sources.clone(), settings.onezone_auth));
        let fixtures = &settings.fixtures.assembla;
        let assembla = web::Data::new(Assembla::new(
            store.clone(),
            sources.clone(),
            asm::Config {
                strict: settings.assembla_strict,
                tokens: fixtures.tokens.clone(),
                api_keys: fixtures
                    .api_keys
                    .iter()
                    .map(|k| (k.key.clone(), k.secret.clone()))
                    .collect(),
                portfolio: fixtures.portfolio.clone(),
                public_url: public_url.clone(),
            },
        ));
        Ok(Self {
            sources,
            store,
            cloud_foundry,
            onezone,
            assembla,
        })
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
    if under(path, &["/healthz", "/openapi", "/docs"]) {
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
/// `/docs/`, and the fallback for unknown paths.
pub fn configure(config: &mut web::ServiceConfig, state: &AppState) {
    config.app_data(state.cloud_foundry.clone());
    config.app_data(state.onezone.clone());
    config.app_data(state.assembla.clone());
    assembla::configure(config, state.assembla.clone());
    cloud_foundry::configure(config, state.cloud_foundry.clone());
    onezone::configure(config, state.onezone.clone());
    config.route("/healthz", web::get().to(healthz));
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
    config.default_service(web::to(not_found));
}

/// The application as `main` serves it: the routes of [`configure`] and the per-vendor response headers.
pub fn app(
    state: AppState,
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

async fn spec_yaml(path: web::Path<String>, request: HttpRequest) -> HttpResponse {
    match SPECS.iter().find(|spec| spec.stem == path.as_str()) {
        Some(spec) => HttpResponse::Ok()
            .content_type("application/yaml; charset=utf-8")
            .body(spec.yaml),
        None => not_found(request).await,
    }
}

async fn not_found(request: HttpRequest) -> HttpResponse {
    match owner(request.path()) {
        Owner::CloudFoundry => match request.app_data::<web::Data<CloudFoundry<MemoryStore>>>() {
            Some(api) => cloud_foundry::not_found(api.clone(), request.clone()).await,
            None => HttpResponse::NotFound().finish(),
        },
        Owner::Onezone => match request.app_data::<web::Data<Onezone<MemoryStore>>>() {
            Some(api) => onezone::not_found(api.clone(), request.clone()).await,
            None => HttpResponse::NotFound().finish(),
        },
        Owner::Assembla => match request.app_data::<web::Data<Assembla<MemoryStore>>>() {
            Some(api) => assembla::not_found(api.clone(), request.clone()).await,
            None => HttpResponse::NotFound().finish(),
        },
        Owner::Infrastructure => HttpResponse::NotFound().finish(),
    }
}
