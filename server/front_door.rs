//! The front door every request passes, and the one place it is resolved: the tenant (`/t/{tenant}/…`, the
//! prefix stripped so routing sees the tenant-relative path), the owner of the path, and for a vendor API the world
//! that serves it, whose own instance of the API it hands to the API's generated dispatch; the request is journaled
//! in that world and measured. A 408 (a body that did not arrive in time) closes its connection, so the rest of a
//! stalled body is never waited for.

use std::{sync::LazyLock, time::Instant};

use actix_web::{
    Error, HttpMessage, HttpResponse,
    body::{BoxBody, MessageBody},
    dev::{ServiceRequest, ServiceResponse},
    http::{
        ConnectionType, StatusCode, Uri,
        header::{DATE, HeaderValue},
    },
    middleware::Next,
    web,
};
use spaceport_runtime::{Matched, Stalled};

use crate::{
    control::{self, Control},
    generated::{assembla, cloud_foundry, control as control_api, control::ApiName, onezone},
    journal::capture::{Recorder, capture},
    links,
    sources::Clock,
    state::AppState,
    store::Tenancy,
    tenants, world,
};

/// The path prefix of the control API.
pub const CONTROL_PREFIX: &str = "/__spaceport";

/// Who answers a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// Health, specs and Swagger UI.
    Infrastructure,
    /// The control API (`/__spaceport`).
    Control,
    /// A vendor API: Onezone (`/api/v3/onezone`, `/provider`, `/spaces`), Assembla (`/v1`) or Cloud Foundry, which
    /// also owns every other path (its API lives at the root).
    Api(ApiName),
}

impl Owner {
    /// Its `api` label in `/metrics`.
    pub fn label(self) -> &'static str {
        match self {
            Self::Infrastructure => "infrastructure",
            Self::Control => "control",
            Self::Api(ApiName::Onezone) => "onezone",
            Self::Api(ApiName::Assembla) => "assembla",
            Self::Api(ApiName::CloudFoundry) => "cloud_foundry",
        }
    }
}

fn under(path: &str, prefixes: &[&str]) -> bool {
    prefixes
        .iter()
        .any(|prefix| path == *prefix || path.strip_prefix(prefix).is_some_and(|rest| rest.starts_with('/')))
}

/// The owner of a (tenant-relative) path.
pub fn owner(path: &str) -> Owner {
    if under(path, &["/healthz", "/readyz", "/metrics", "/openapi", "/docs"]) {
        Owner::Infrastructure
    } else if under(path, &[CONTROL_PREFIX]) {
        Owner::Control
    } else if onezone::owns(path) {
        Owner::Api(ApiName::Onezone)
    } else if assembla::owns(path) {
        Owner::Api(ApiName::Assembla)
    } else {
        Owner::Api(ApiName::CloudFoundry)
    }
}

fn answer(request: ServiceRequest, response: HttpResponse) -> ServiceResponse<BoxBody> {
    request.into_response(response).map_into_boxed_body()
}

/// The front door: the state it serves from and the control API over it.
pub struct FrontDoor<S> {
    state: AppState<S>,
    control: web::Data<Control<S>>,
}

impl<S> Clone for FrontDoor<S> {
    fn clone(&self) -> Self {
        Self {
            state: self.state.clone(),
            control: self.control.clone(),
        }
    }
}

impl<S: Tenancy> FrontDoor<S> {
    /// The front door of `state`, every route table built before the first request.
    pub fn new(state: AppState<S>) -> Self {
        LazyLock::force(&assembla::TABLE);
        LazyLock::force(&cloud_foundry::TABLE);
        LazyLock::force(&onezone::TABLE);
        LazyLock::force(&control_api::TABLE);
        Self {
            control: web::Data::new(Control::new(state.clone())),
            state,
        }
    }

    /// Serves `request`: the one place its tenant, world and owner are decided. Infrastructure paths go on to the
    /// app's own routes (`next`); everything else is dispatched here, measured, and, under a fixed clock, dated by
    /// it (so a `--fixed-time` run sends the same `Date` every time; otherwise actix writes its own, cached,
    /// wall-clock one).
    pub async fn serve(
        &self,
        request: ServiceRequest,
        next: Next<impl MessageBody + 'static>,
    ) -> Result<ServiceResponse<BoxBody>, Error> {
        let started = Instant::now();
        let sent_path = request.path().to_owned();
        let (tenant, path) = match tenants::split(&sent_path) {
            Some((tenant, rest)) => (Some(tenant), rest),
            None => (None, sent_path.as_str()),
        };
        let owner = owner(path);
        let mut response = match (owner, tenant) {
            (Owner::Infrastructure, None) => next.call(request).await?.map_into_boxed_body(),
            (Owner::Control, None) => {
                let control = self.control.clone();
                world::hand(request, |http, payload| control_api::dispatch(control, http, payload))
                    .await
                    .map_into_boxed_body()
            }
            (Owner::Infrastructure | Owner::Control, Some(tenant)) => {
                let message = format!("{path} is served at the root only; the control API takes ?tenant={tenant}");
                answer(
                    request,
                    HttpResponse::NotFound().json(control::problem("not_found", message, None)),
                )
            }
            (Owner::Api(api), tenant) => self.serve_api(api, tenant, &sent_path, path, request).await?,
        };
        let operation = response
            .request()
            .extensions()
            .get::<Matched>()
            .map_or("none", |matched| matched.0);
        self.state
            .metrics
            .observe(owner.label(), operation, response.status().as_str(), started.elapsed());
        if response.status() == StatusCode::REQUEST_TIMEOUT {
            response
                .response_mut()
                .head_mut()
                .set_connection_type(ConnectionType::Close);
            let stalled = response.request().extensions_mut().remove::<Stalled>();
            if let Some(stalled) = stalled {
                response = response.map_body(|_, body| stalled.hold(body)).map_into_boxed_body();
            }
        }
        if let Clock::Fixed(instant) = self.state.sources.clock {
            let date = instant.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
            if let Ok(value) = HeaderValue::from_str(&date) {
                response.headers_mut().insert(DATE, value);
            }
        }
        Ok(response)
    }

    /// Serves a request for vendor `api` from the world of `tenant` (the root's for `None`), with what links need
    /// to know of where it was sent, and journals it there: `sent_path` as the client sent it, `path` the
    /// tenant-relative one the API routes. A tenant beyond the limit is 503.
    async fn serve_api(
        &self,
        api: ApiName,
        tenant: Option<&str>,
        sent_path: &str,
        path: &str,
        mut request: ServiceRequest,
    ) -> Result<ServiceResponse<BoxBody>, Error> {
        let world = match self.state.world(tenant).await {
            Ok(world) => world,
            Err(error) => {
                tracing::warn!(%error, path = request.path(), "a tenant's world could not be had");
                let body = control::problem("tenant_unavailable", error.to_string(), None);
                return Ok(answer(request, HttpResponse::ServiceUnavailable().json(body)));
            }
        };
        let reached = self.state.blueprint.link_base.reached(request.headers(), tenant);
        if tenant.is_some() {
            strip_prefix(&mut request, path);
        }
        let serve = async {
            if !world.journal.is_on() {
                return Ok(world.dispatch(api, request).await.map_into_boxed_body());
            }
            let recorder = Recorder {
                journal: &world.journal,
                api,
                masker: self.state.blueprint.maskers.of(api),
                clock: &self.state.sources.clock,
            };
            capture(recorder, sent_path.to_owned(), request, |request| {
                world.dispatch(api, request)
            })
            .await
        };
        match reached {
            Some(reached) => links::with_reached(reached, serve).await,
            None => serve.await,
        }
    }
}

/// Rewrites the request's path to `rest`, keeping its query, so routing sees the tenant-relative path.
fn strip_prefix(request: &mut ServiceRequest, rest: &str) {
    let query = request.query_string();
    let target = if query.is_empty() {
        rest.to_owned()
    } else {
        format!("{rest}?{query}")
    };
    if let Ok(uri) = target.parse::<Uri>() {
        request.head_mut().uri = uri.clone();
        request.match_info_mut().get_mut().update(&uri);
    }
}
