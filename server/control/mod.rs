//! The control API (`openapi/control.yaml`, under `/__spaceport`): what a test suite steers and observes the
//! emulator with. Every operation acts on one world: the root's, or the one `?tenant=` names (made on first use,
//! like a request under `/t/{tenant}/` would).

mod errors;
mod requests;
mod tenancy;
mod worlds;

use std::sync::Arc;

use actix_web::HttpResponse;

pub(crate) use self::errors::problem;
use self::errors::{Unavailable, UnknownTenant};
use crate::{
    generated::control::{self as api, ControlApi, Operation},
    rt::Rejection,
    state::AppState,
    store::Tenancy,
    world::World,
};

/// The control API over the app's worlds.
#[derive(Debug)]
pub struct Control<S> {
    state: AppState<S>,
}

impl<S: Tenancy> Control<S> {
    /// The control API of `state`.
    pub fn new(state: AppState<S>) -> Self {
        Self { state }
    }

    /// The world `tenant` names, the root's for `None`, made if the tenant does not live yet (for the calls that
    /// make one: a reset, a state import, `createTenant`).
    async fn world(&self, tenant: Option<&str>) -> Result<Arc<World<S>>, Unavailable> {
        self.state.world(tenant).await.map_err(Unavailable)
    }

    /// The world `tenant` names if it lives, the root's for `None` (for reads, filters and deletes, which never
    /// make a tenant).
    fn live_world(&self, tenant: Option<&str>) -> Result<Arc<World<S>>, UnknownTenant> {
        match tenant {
            None => Ok(self.state.root()),
            Some(name) => self
                .state
                .tenants()
                .get(name)
                .ok_or_else(|| UnknownTenant(name.to_owned())),
        }
    }
}

impl<S: Tenancy> ControlApi for Control<S> {
    async fn reset(&self, request: api::ResetRequest) -> api::ResetResponse {
        worlds::reset(self, request).await
    }

    async fn get_state(&self, request: api::GetStateRequest) -> api::GetStateResponse {
        worlds::get_state(self, request).await
    }

    async fn put_state(&self, request: api::PutStateRequest) -> api::PutStateResponse {
        worlds::put_state(self, request).await
    }

    async fn list_requests(&self, request: api::ListRequestsRequest) -> api::ListRequestsResponse {
        requests::list(self, request).await
    }

    async fn clear_requests(&self, request: api::ClearRequestsRequest) -> api::ClearRequestsResponse {
        requests::clear(self, request).await
    }

    async fn count_requests(&self, request: api::CountRequestsRequest) -> api::CountRequestsResponse {
        requests::count(self, request).await
    }

    async fn wait_for_requests(&self, request: api::WaitForRequestsRequest) -> api::WaitForRequestsResponse {
        requests::wait(self, request).await
    }

    async fn list_tenants(&self, _request: api::ListTenantsRequest) -> api::ListTenantsResponse {
        tenancy::list(self)
    }

    async fn delete_tenant(&self, request: api::DeleteTenantRequest) -> api::DeleteTenantResponse {
        tenancy::delete(self, request).await
    }

    async fn create_tenant(&self, request: api::CreateTenantRequest) -> api::CreateTenantResponse {
        tenancy::create(self, request).await
    }

    async fn delete_tenants(&self, _request: api::DeleteTenantsRequest) -> api::DeleteTenantsResponse {
        tenancy::delete_all(self).await
    }

    fn reject(&self, rejection: Rejection<Operation>) -> HttpResponse {
        errors::reject(rejection)
    }
}
