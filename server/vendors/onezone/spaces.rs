//! Provider spaces: a provider creates a space for a user (supported by itself), supports an existing one, lists,
//! reads and stops supporting what it supports, and reads the space a create's `Location` names.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};

use super::{
    Onezone,
    errors::{BadRequest, Invalid, NotFound, ServerError, error, invalid_token, not_found},
    tokens::macaroon_identifier,
};
use crate::{
    generated::onezone::{
        CreateProviderSpaceRequest, CreateProviderSpaceResponse, GetSpaceRequest, GetSpaceResponse,
        GetSupportedSpaceRequest, GetSupportedSpaceResponse, GetSupportedSpacesRequest, GetSupportedSpacesResponse,
        RemoveSpaceSupportRequest, RemoveSpaceSupportResponse, Space, SpaceIds, SupportSpaceRequest,
        SupportSpaceResponse,
    },
    rt,
    store::{OnezoneSelection, OnezoneSpace, OnezoneStore, StoreError, Window},
};

/// A space as the API shows it; its supports in the order they began.
fn space_body(space: &OnezoneSpace) -> Space {
    Space {
        space_id: space.id.clone(),
        name: space.name.clone(),
        providers_supports: space.supports.clone(),
    }
}

impl<S> Onezone<S> {
    /// A new space id: 43 base64url characters from the app's id source.
    fn space_id(&self) -> String {
        let first = self.sources.ids.uuid();
        let second = self.sources.ids.uuid();
        let bytes: Vec<u8> = first.as_bytes().iter().chain(second.as_bytes()).copied().collect();
        URL_SAFE_NO_PAD.encode(bytes).chars().take(43).collect()
    }
}

/// `POST /provider/spaces`.
pub(super) async fn create<S: OnezoneStore>(
    api: &Onezone<S>,
    provider: String,
    request: CreateProviderSpaceRequest,
) -> CreateProviderSpaceResponse {
    rt::answer(async {
        let body = request.body;
        let (owner, consume) = api.owner(&body.token).await?;
        let space = OnezoneSpace {
            id: api.space_id(),
            name: body.name,
            owner,
            supports: [(provider, body.size.0)].into_iter().collect(),
        };
        let space = api
            .store
            .create_onezone_space(space, consume)
            .await
            .map_err(|failure| match failure {
                StoreError::Conflict { .. } | StoreError::NotFound { .. } => Invalid::BadRequest(invalid_token()),
                failure => Invalid::Failed(failure.into()),
            })?;
        Ok(CreateProviderSpaceResponse::Created {
            location: format!("/spaces/{}", space.id),
        })
    })
    .await
}

/// `GET /provider/spaces`: the ids of the spaces the caller supports, in creation order.
pub(super) async fn list_supported<S: OnezoneStore>(
    api: &Onezone<S>,
    provider: String,
    _request: GetSupportedSpacesRequest,
) -> GetSupportedSpacesResponse {
    rt::answer(async {
        let selection = OnezoneSelection {
            supported_by: Some(provider),
            window: Window::ALL,
        };
        let spaces = api
            .store
            .select_onezone_spaces(&selection)
            .await
            .map_err(ServerError::from)?;
        Ok(GetSupportedSpacesResponse::Ok(SpaceIds {
            spaces: spaces.items.into_iter().map(|s| s.id).collect(),
        }))
    })
    .await
}

/// `POST /provider/spaces/support`.
pub(super) async fn support<S: OnezoneStore>(
    api: &Onezone<S>,
    provider: String,
    request: SupportSpaceRequest,
) -> SupportSpaceResponse {
    rt::answer(async {
        let id = macaroon_identifier(&request.body.token).ok_or_else(|| BadRequest(invalid_token()))?;
        let space = api
            .store
            .support_onezone_space(&id, &provider, request.body.size.0)
            .await
            .map_err(|failure| match failure {
                StoreError::NotFound { .. } => Invalid::BadRequest(invalid_token()),
                failure => Invalid::Failed(failure.into()),
            })?;
        Ok(SupportSpaceResponse::Created {
            location: format!("/provider/spaces/{}", space.id),
        })
    })
    .await
}

/// The space `id`, if it exists and `provider` supports it.
async fn supported<S: OnezoneStore>(
    api: &Onezone<S>,
    id: &str,
    provider: &str,
) -> Result<Option<OnezoneSpace>, ServerError> {
    match api.store.onezone_space(id).await {
        Ok(space) => Ok(space.supports.contains_key(provider).then_some(space)),
        Err(StoreError::NotFound { .. }) => Ok(None),
        Err(failure) => Err(failure.into()),
    }
}

/// `GET /provider/spaces/{sid}`.
pub(super) async fn get_supported<S: OnezoneStore>(
    api: &Onezone<S>,
    provider: String,
    request: GetSupportedSpaceRequest,
) -> GetSupportedSpaceResponse {
    rt::answer(async {
        let space = supported(api, &request.path.sid, &provider)
            .await?
            .ok_or_else(|| NotFound(not_found()))?;
        Ok(GetSupportedSpaceResponse::Ok(space_body(&space)))
    })
    .await
}

/// `DELETE /provider/spaces/{sid}`.
pub(super) async fn remove_support<S: OnezoneStore>(
    api: &Onezone<S>,
    provider: String,
    request: RemoveSpaceSupportRequest,
) -> RemoveSpaceSupportResponse {
    use RemoveSpaceSupportResponse as R;
    rt::answer(async {
        api.store
            .remove_onezone_support(&request.path.sid, &provider)
            .await
            .map_err(|failure| match failure {
                StoreError::NotFound { .. } => R::from(NotFound(not_found())),
                failure => R::from(ServerError::from(failure)),
            })?;
        Ok(R::Accepted)
    })
    .await
}

/// `GET /spaces/{id}`: a provider that does not support an existing space gets 403.
pub(super) async fn get<S: OnezoneStore>(
    api: &Onezone<S>,
    provider: String,
    request: GetSpaceRequest,
) -> GetSpaceResponse {
    use GetSpaceResponse as R;
    rt::answer(async {
        let space = api
            .store
            .onezone_space(&request.path.id)
            .await
            .map_err(|failure| match failure {
                StoreError::NotFound { .. } => R::from(NotFound(not_found())),
                failure => R::from(ServerError::from(failure)),
            })?;
        if !space.supports.contains_key(&provider) {
            return Err(R::Forbidden(error(
                "forbidden",
                "The provider does not support this space.",
            )));
        }
        Ok(R::Ok(space_body(&space)))
    })
    .await
}
