//! Resetting a world to its fixtures, and reading and replacing its whole state.

use super::{Control, errors::StateError};
use crate::{
    generated::control::{self as api, ApiName},
    rt::answer,
    snapshot,
    store::Tenancy,
};

/// Puts every API of the world (or the one named) back to the fixtures' records and empties its journal (of
/// that API's entries).
pub(super) async fn reset<S: Tenancy>(control: &Control<S>, request: api::ResetRequest) -> api::ResetResponse {
    answer(async {
        let query = request.query;
        let world = control.world(query.tenant.as_deref()).await?;
        let origin = &control.state.blueprint.origin;
        let store = &*world.store;
        let wants = |api: ApiName| query.api.is_none_or(|wanted| wanted == api);
        if wants(ApiName::CloudFoundry) {
            store
                .replace_cloud_foundry(origin.cloud_foundry.clone())
                .await
                .map_err(StateError::from)?;
        }
        if wants(ApiName::Onezone) {
            store
                .replace_onezone(origin.onezone.clone())
                .await
                .map_err(StateError::from)?;
        }
        if wants(ApiName::Assembla) {
            store
                .replace_assembla(origin.assembla.clone())
                .await
                .map_err(StateError::from)?;
        }
        world.journal.clear(query.api);
        Ok(api::ResetResponse::NoContent)
    })
    .await
}

/// Every record of the world, as a state document.
pub(super) async fn get_state<S: Tenancy>(
    control: &Control<S>,
    request: api::GetStateRequest,
) -> api::GetStateResponse {
    answer(async {
        let world = control.world(request.query.tenant.as_deref()).await?;
        let records = snapshot::read(&*world.store).await.map_err(StateError::from)?;
        Ok(api::GetStateResponse::Ok(snapshot::export(&records)))
    })
    .await
}

/// Replaces every record of the world with the document's, once the whole document is found valid.
pub(super) async fn put_state<S: Tenancy>(
    control: &Control<S>,
    request: api::PutStateRequest,
) -> api::PutStateResponse {
    answer(async {
        let world = control.world(request.query.tenant.as_deref()).await?;
        let records = snapshot::import(&request.body, control.state.sources.clock.now()).map_err(StateError::from)?;
        snapshot::replace(&*world.store, records)
            .await
            .map_err(StateError::from)?;
        Ok(api::PutStateResponse::NoContent)
    })
    .await
}
