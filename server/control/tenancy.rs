//! The live tenants: listing them, making one, and forgetting one or all.

use super::{
    Control, errors,
    errors::{StateFailure, StoreFailure},
};
use crate::{generated::control as api, rt::answer, snapshot::WorldRecords, store::Tenancy};

/// The live tenants' names and the limit.
pub(super) fn list<S: Tenancy>(control: &Control<S>) -> api::ListTenantsResponse {
    let tenants = control.state.tenants();
    api::ListTenantsResponse::Ok(api::Tenants {
        tenants: tenants.names(),
        limit: i64::try_from(tenants.limit()).unwrap_or(i64::MAX),
    })
}

/// Forgets a tenant: its records (which a durable backend would otherwise keep for its next start), its world
/// and its journal.
pub(super) async fn delete<S: Tenancy>(
    control: &Control<S>,
    request: api::DeleteTenantRequest,
) -> api::DeleteTenantResponse {
    answer(async {
        let name = request.path.tenant;
        let tenants = control.state.tenants();
        if let Some(world) = tenants.get(&name) {
            world
                .reset(&WorldRecords::default(), None)
                .await
                .map_err(StateFailure::from)?;
        }
        Ok(if tenants.remove(&name) {
            api::DeleteTenantResponse::NoContent
        } else {
            api::DeleteTenantResponse::NotFound(errors::problem(
                "not_found",
                format!("no tenant named {name} lives"),
                None,
            ))
        })
    })
    .await
}

/// Makes a tenant's world from the fixtures, unless it lives already.
pub(super) async fn create<S: Tenancy>(
    control: &Control<S>,
    request: api::CreateTenantRequest,
) -> api::CreateTenantResponse {
    answer(async {
        let name = request.path.tenant;
        if control.state.tenants().get(&name).is_some() {
            return Ok(api::CreateTenantResponse::NoContent);
        }
        control.world(Some(&name)).await?;
        Ok(api::CreateTenantResponse::Created)
    })
    .await
}

/// Forgets every tenant, its records first.
pub(super) async fn delete_all<S: Tenancy>(control: &Control<S>) -> api::DeleteTenantsResponse {
    answer(async {
        let tenants = control.state.tenants();
        for name in tenants.names() {
            if let Some(world) = tenants.get(&name) {
                world
                    .reset(&WorldRecords::default(), None)
                    .await
                    .map_err(StoreFailure)?;
            }
            tenants.remove(&name);
        }
        Ok(api::DeleteTenantsResponse::NoContent)
    })
    .await
}
