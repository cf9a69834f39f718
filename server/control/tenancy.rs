//! The live tenants: listing them and forgetting one.

use super::{Control, errors};
use crate::{generated::control as api, store::Tenancy};

/// The live tenants' names and the limit.
pub(super) fn list<S: Tenancy>(control: &Control<S>) -> api::ListTenantsResponse {
    let tenants = control.state.tenants();
    api::ListTenantsResponse::Ok(api::Tenants {
        tenants: tenants.names(),
        limit: i64::try_from(tenants.limit()).unwrap_or(i64::MAX),
    })
}

/// Forgets a tenant: its world, records and journal.
pub(super) fn delete<S: Tenancy>(control: &Control<S>, request: api::DeleteTenantRequest) -> api::DeleteTenantResponse {
    let name = request.path.tenant;
    if control.state.tenants().remove(&name) {
        api::DeleteTenantResponse::NoContent
    } else {
        api::DeleteTenantResponse::NotFound(errors::problem(
            "not_found",
            format!("no tenant named {name} lives"),
            None,
        ))
    }
}
