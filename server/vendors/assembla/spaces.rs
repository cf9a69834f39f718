//! Spaces: list (204 when there is none), create, show, update, delete and copy, by id or wiki name.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};

use super::{
    Assembla,
    errors::{Missing, ServerError, Unprocessable, Unsaved},
    params::{apply, changes, given, validate},
    render::space_body,
};
use crate::{
    generated::assembla::{
        CopySpaceRequest, CopySpaceResponse, CreateSpaceRequest, CreateSpaceResponse, DeleteSpaceRequest,
        DeleteSpaceResponse, GetSpaceRequest, GetSpaceResponse, ListSpacesRequest, ListSpacesResponse, SpaceList,
        SpaceParams, UpdateSpaceRequest, UpdateSpaceResponse,
    },
    links, rt,
    store::{AssemblaSpace, AssemblaStore, Window},
};

impl<S> Assembla<S> {
    /// A new id: 16 random bytes, URL-safe base64, 22 characters.
    fn new_id(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.sources.ids.uuid().as_bytes())
    }

    /// The absolute URL of a space, for `Location`.
    fn location(&self, id: &str) -> String {
        format!("{}/v1/spaces/{id}", links::base_or(&self.config.public_url))
    }

    /// A new space with the API docs' defaults for a commercial account, in `portfolio`, and `params` applied.
    fn fresh(&self, params: &SpaceParams, portfolio: Option<String>) -> AssemblaSpace {
        let now = self.sources.clock.now();
        let id = self.new_id();
        let space = AssemblaSpace {
            wiki_name: id.clone(),
            id,
            name: String::new(),
            description: None,
            public_permissions: 1,
            team_permissions: 2,
            watcher_permissions: 1,
            share_permissions: true,
            status: 1,
            team_tab_role: 0,
            default_showpage: "Wiki".to_owned(),
            tabs_order: None,
            banner: None,
            banner_height: None,
            banner_text: None,
            banner_link: None,
            style: None,
            approved: false,
            can_join: false,
            wiki_format: None,
            parent_id: portfolio,
            created_at: now,
            updated_at: now,
            commercial_from: Some(now),
        };
        apply(space, params)
    }
}

/// `GET /v1/spaces`.
pub(super) async fn list<S: AssemblaStore>(api: &Assembla<S>, request: ListSpacesRequest) -> ListSpacesResponse {
    rt::answer(async {
        let per_page = request.query.per_page.unwrap_or(100);
        let page = request.query.page.unwrap_or(1);
        let window = Window::page(
            usize::try_from((page - 1).saturating_mul(per_page)).unwrap_or(usize::MAX),
            usize::try_from(per_page).unwrap_or(0),
        );
        let spaces = api
            .store
            .select_assembla_spaces(window)
            .await
            .map_err(ServerError::from)?;
        if spaces.items.is_empty() {
            return Ok(ListSpacesResponse::NoContent);
        }
        Ok(ListSpacesResponse::Ok(SpaceList(
            spaces.items.iter().map(space_body).collect(),
        )))
    })
    .await
}

/// `POST /v1/spaces`.
pub(super) async fn create<S: AssemblaStore>(api: &Assembla<S>, request: CreateSpaceRequest) -> CreateSpaceResponse {
    rt::answer(async {
        let params = given(request.body);
        if let Some(found) = validate(&params, true) {
            return Err(Unprocessable(found).into());
        }
        let portfolio = api.store.assembla_portfolio().await.map_err(ServerError::from)?;
        let space = api
            .store
            .create_assembla_space(api.fresh(&params, portfolio))
            .await
            .map_err(Unsaved::from)?;
        Ok(CreateSpaceResponse::Created {
            location: api.location(&space.id),
            body: space_body(&space),
        })
    })
    .await
}

/// `GET /v1/spaces/{id}`.
pub(super) async fn get<S: AssemblaStore>(api: &Assembla<S>, request: GetSpaceRequest) -> GetSpaceResponse {
    rt::answer(async {
        let space = api
            .store
            .assembla_space(&request.path.id)
            .await
            .map_err(Missing::from)?;
        Ok(GetSpaceResponse::Ok(space_body(&space)))
    })
    .await
}

/// `PUT /v1/spaces/{id}`.
pub(super) async fn update<S: AssemblaStore>(api: &Assembla<S>, request: UpdateSpaceRequest) -> UpdateSpaceResponse {
    rt::answer(async {
        // An unknown space is a 404 before an invalid body is a 422.
        api.store
            .assembla_space(&request.path.id)
            .await
            .map_err(Missing::from)?;
        let params = request.body.unwrap_or_default();
        if let Some(found) = validate(&params, false) {
            return Err(Unprocessable(found).into());
        }
        // Only the fields the request gives, applied by the store to the space as it is when it writes: a
        // concurrent update of other fields is kept.
        api.store
            .update_assembla_space(&request.path.id, changes(&params), api.sources.clock.now())
            .await
            .map_err(Unsaved::from)?;
        Ok(UpdateSpaceResponse::NoContent)
    })
    .await
}

/// `DELETE /v1/spaces/{id}`.
pub(super) async fn delete<S: AssemblaStore>(api: &Assembla<S>, request: DeleteSpaceRequest) -> DeleteSpaceResponse {
    rt::answer(async {
        api.store
            .delete_assembla_space(&request.path.id)
            .await
            .map_err(Missing::from)?;
        Ok(DeleteSpaceResponse::NoContent)
    })
    .await
}

/// `POST /v1/spaces/{id}/copy`: a new space with a new id, timestamps and wiki name, the fields given applied
/// and every other writable field taken from the source.
pub(super) async fn copy<S: AssemblaStore>(api: &Assembla<S>, request: CopySpaceRequest) -> CopySpaceResponse {
    rt::answer(async {
        let source = api
            .store
            .assembla_space(&request.path.id)
            .await
            .map_err(Missing::from)?;
        let params = given(request.body);
        if let Some(found) = validate(&params, true) {
            return Err(Unprocessable(found).into());
        }
        let portfolio = api.store.assembla_portfolio().await.map_err(ServerError::from)?;
        let fresh = api.fresh(&SpaceParams::default(), portfolio);
        let copy = AssemblaSpace {
            id: fresh.id.clone(),
            wiki_name: fresh.id.clone(),
            created_at: fresh.created_at,
            updated_at: fresh.updated_at,
            commercial_from: fresh.commercial_from,
            parent_id: fresh.parent_id,
            ..source
        };
        let space = api
            .store
            .create_assembla_space(apply(copy, &params))
            .await
            .map_err(Unsaved::from)?;
        Ok(CopySpaceResponse::Created {
            location: api.location(&space.id),
            body: space_body(&space),
        })
    })
    .await
}
