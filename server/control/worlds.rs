//! Resetting a world to its fixtures, and reading and replacing its whole state.

use super::{Control, errors::StateFailure};
use crate::{generated::control as api, rt::answer, store::Tenancy};

/// Puts every API of the world (or the one named) back to the fixtures' records and empties its journal (of
/// that API's entries).
pub(super) async fn reset<S: Tenancy>(control: &Control<S>, request: api::ResetRequest) -> api::ResetResponse {
    answer(async {
        let query = request.query;
        let world = control.world(query.tenant.as_deref()).await?;
        let origin = &control.state.blueprint.origin;
        world.reset(origin, query.api).await.map_err(StateFailure::from)?;
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
        let world = control.live_world(request.query.tenant.as_deref())?;
        let document = world.state().await.map_err(StateFailure::from)?;
        Ok(api::GetStateResponse::Ok(document))
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
        let now = control.state.sources.clock.now();
        world
            .replace_state(&request.body, now)
            .await
            .map_err(StateFailure::from)?;
        Ok(api::PutStateResponse::NoContent)
    })
    .await
}
