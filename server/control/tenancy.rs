//! The live tenants: listing them and forgetting one.

use super::{Control, errors, errors::StateFailure};
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
