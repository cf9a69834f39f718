//! The front door every request passes: it finds the world that serves it (the root's, or a tenant's for
//! `/t/{tenant}/…`, the prefix stripped so routing sees the tenant-relative path), the API its path belongs to,
//! and journals it in that world when it is a vendor API request. A 408 (a body that did not arrive in time)
//! closes its connection, so the rest of a stalled body is never waited for.

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
};
use spaceport_runtime::{Matched, Stalled, Surface};

use crate::{
    app::AppState,
    control,
    generated::{assembla, cloud_foundry, control::ApiName, onezone},
    journal::{
        capture::{Recorder, capture},
        mask::Masker,
    },
    sources::Clock,
    store::Tenancy,
    tenants,
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
    /// Onezone (`/api/v3/onezone`, `/provider`, `/spaces`).
    Onezone,
    /// Assembla (`/v1`).
    Assembla,
    /// Cloud Foundry, which also owns every other path (its API lives at the root).
    CloudFoundry,
}

impl Owner {
    /// Its `api` label in `/metrics`.
    pub fn label(self) -> &'static str {
        match self {
            Self::Infrastructure => "infrastructure",
            Self::Control => "control",
            Self::Onezone => "onezone",
            Self::Assembla => "assembla",
            Self::CloudFoundry => "cloud_foundry",
        }
    }

    /// The vendor API it is, if it is one.
    pub fn api(self) -> Option<ApiName> {
        match self {
            Self::Infrastructure | Self::Control => None,
            Self::Onezone => Some(ApiName::Onezone),
            Self::Assembla => Some(ApiName::Assembla),
            Self::CloudFoundry => Some(ApiName::CloudFoundry),
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
        Owner::Onezone
    } else if assembla::owns(path) {
        Owner::Assembla
    } else {
        Owner::CloudFoundry
    }
}

/// Each API's surface and masker, built once.
fn surface(api: ApiName) -> (&'static Surface, &'static Masker) {
    static SURFACES: [Surface; 3] = [cloud_foundry::SURFACE, assembla::SURFACE, onezone::SURFACE];
    static MASKERS: LazyLock<[Masker; 3]> = LazyLock::new(|| SURFACES.each_ref().map(Masker::new));
    let at = match api {
        ApiName::CloudFoundry => 0,
        ApiName::Assembla => 1,
        ApiName::Onezone => 2,
    };
    (&SURFACES[at], &MASKERS[at])
}

fn answer(request: ServiceRequest, response: HttpResponse) -> ServiceResponse<BoxBody> {
    request.into_response(response).map_into_boxed_body()
}

/// Serves `request` from its world, journals it there, and, under a fixed clock, dates the answer by it (so a
/// `--fixed-time` run sends the same `Date` every time; otherwise actix writes its own, cached, wall-clock one).
pub async fn front_door<S: Tenancy>(
    state: AppState<S>,
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let clock = state.sources.clock;
    let started = Instant::now();
    let path = request.path();
    let api = owner(tenants::split(path).map_or(path, |(_, rest)| rest)).label();
    let metrics = state.metrics.clone();
    let mut response = serve(state, request, next).await?;
    let operation = response
        .request()
        .extensions()
        .get::<Matched>()
        .map_or("none", |matched| matched.0);
    metrics.observe(api, operation, response.status().as_str(), started.elapsed());
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
    if let Clock::Fixed(instant) = clock {
        let date = instant.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
        if let Ok(value) = HeaderValue::from_str(&date) {
            response.headers_mut().insert(DATE, value);
        }
    }
    Ok(response)
}

/// Serves `request` from its world and journals it there. A tenant beyond the limit is 503; the control API and
/// the infrastructure routes live at the root only (the control API takes `?tenant=`), so under a tenant's prefix
/// they are 404.
async fn serve<S: Tenancy>(
    state: AppState<S>,
    mut request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let sent_path = request.path().to_owned();
    let world = match tenants::split(&sent_path) {
        None => state.world(None).await,
        Some((tenant, rest)) => {
            if owner(rest).api().is_none() {
                let message = format!("{rest} is served at the root only; the control API takes ?tenant={tenant}");
                let body = control::problem("not_found", message, None);
                return Ok(answer(request, HttpResponse::NotFound().json(body)));
            }
            let world = state.world(Some(tenant)).await;
            if let Ok(world) = &world {
                world.serve(&request);
                strip_prefix(&mut request, rest);
            }
            world
        }
    };
    let world = match world {
        Ok(world) => world,
        Err(error) => {
            tracing::warn!(%error, path = sent_path, "a tenant's world could not be had");
            let body = control::problem("tenant_unavailable", error.to_string(), None);
            return Ok(answer(request, HttpResponse::ServiceUnavailable().json(body)));
        }
    };
    match owner(request.path()).api() {
        Some(api) if world.journal.is_on() => {
            let (surface, masker) = surface(api);
            let recorder = Recorder {
                journal: &world.journal,
                api,
                surface,
                masker,
                clock: &state.sources.clock,
            };
            capture(recorder, sent_path, request, next).await
        }
        _ => Ok(next.call(request).await?.map_into_boxed_body()),
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
