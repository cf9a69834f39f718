//! The application, shared by `main` and the tests so both run exactly the production app: the front door, which
//! dispatches every vendor and control request to its generated glue, in front of the infrastructure routes
//! (health, metrics, specs, Swagger UI). The state it serves from lives in [`crate::state`], re-exported here.

use std::sync::LazyLock;

use actix_web::{
    App, Error, HttpResponse,
    body::MessageBody,
    dev::{ServiceFactory, ServiceRequest, ServiceResponse},
    middleware::from_fn,
    web,
};
use utoipa_swagger_ui::{SwaggerUi, Url};

pub use crate::state::{AppState, DEFAULT_TOKEN_KEY, Settings, StartError};
use crate::{
    control,
    front_door::FrontDoor,
    specs::{SPECS, Spec},
    store::Tenancy,
    views::{self, View},
};

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

/// Registers the app's own routes: `/healthz`, `/readyz`, `/metrics`, `/openapi/{api}.json|.yaml`, the client
/// views `/openapi/{api}.client.json` and `/openapi/{api}.progenitor.json`, and Swagger UI at `/docs/`. Only the
/// paths the infrastructure owns reach them: the front door dispatches every other one to its API.
pub fn configure<S: Tenancy>(config: &mut web::ServiceConfig, state: &AppState<S>) {
    config.configure(infrastructure).route(
        "/metrics",
        web::get().to({
            let state = state.clone();
            move || {
                let state = state.clone();
                async move { metrics(&state).await }
            }
        }),
    );
    config.default_service(web::to(HttpResponse::NotFound));
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

/// The application as `main` serves it: the front door, which serves `/t/{tenant}/…` from the tenant's world and
/// every API path by its API, in front of the routes of [`configure`].
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
    let door = FrontDoor::new(state.clone());
    App::new()
        .app_data(state.blueprint.body_timeout)
        .app_data(state.blueprint.header_limit)
        .wrap(from_fn(move |request: ServiceRequest, next| {
            let door = door.clone();
            async move { door.serve(request, next).await }
        }))
        .configure(move |config| configure(config, &state))
}

/// `GET /metrics`: Prometheus' text format (version 0.0.4), the root world's records counted now.
async fn metrics<S: Tenancy>(state: &AppState<S>) -> HttpResponse {
    if let Err(error) = state.metrics.count_records(&state.root()).await {
        tracing::error!(%error, "the metrics could not count the records");
        return HttpResponse::ServiceUnavailable().json(control::problem("store_unavailable", error.to_string(), None));
    }
    state.metrics.count_tenants(state.tenants().count());
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
