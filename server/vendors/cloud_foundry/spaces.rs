//! Spaces: list, create, get, update, delete (at once or as a job), a space's audit events, and the collections
//! behind a space's links.

use serde_json::json;

use super::{
    CloudFoundry,
    audit::{Actee, request_metadata},
    auth::{Access, Identity},
    caller::gate,
    errors::{
        BadRequest, Missing, NotFound, ServerError, Stored, error, refusal_error, space_invalid, space_name_taken,
        space_not_found, unknown_organization,
    },
    fields::{clean_name, given, no_relation, no_users},
    lists::{empty_list, list_query},
    resources::space_resource,
};
use crate::{
    generated::cloud_foundry::{
        CreateSpaceRequest, CreateSpaceResponse, DeleteSpaceRequest, DeleteSpaceResponse, GetSpaceRequest,
        GetSpaceResponse, ListSpaceEventsRequest, ListSpaceEventsResponse, ListSpaceRelationPath,
        ListSpaceRelationRequest, ListSpaceRelationResponse, ListSpacesRequest, ListSpacesResponse, UpdateSpaceRequest,
        UpdateSpaceResponse,
    },
    rt,
    store::{
        CloudFoundryStore, Comparison, Condition, Name, StoreError, Window,
        cloud_foundry::{Space, SpaceChanges, SpaceFilter, SpaceSelection},
    },
};

impl<S: CloudFoundryStore> CloudFoundry<S> {
    /// The space a path names, or 404 `SpaceNotFound`.
    async fn space(&self, guid: &str) -> Result<Space, Missing> {
        self.store.space(guid).await.or_missing(|| space_not_found(guid))
    }
}

/// `GET /v2/spaces`.
pub(super) async fn list<S: CloudFoundryStore>(
    api: &CloudFoundry<S>,
    who: Identity,
    request: ListSpacesRequest,
) -> ListSpacesResponse {
    rt::answer(async {
        gate(&who, Access::Read)?;
        let query = &request.query;
        let spaces = api.list_spaces_of(None, &list_query!(query), "/v2/spaces").await?;
        Ok(ListSpacesResponse::Ok(spaces))
    })
    .await
}

/// `POST /v2/spaces`.
pub(super) async fn create<S: CloudFoundryStore>(
    api: &CloudFoundry<S>,
    who: Identity,
    request: CreateSpaceRequest,
) -> CreateSpaceResponse {
    use CreateSpaceResponse as R;
    rt::answer(async {
        let body = request.body;
        api.store
            .organization(&body.organization_guid)
            .await
            .map_err(|failure| match failure {
                StoreError::NotFound { .. } => R::from(BadRequest(unknown_organization(&body.organization_guid))),
                failure => R::from(ServerError::from(failure)),
            })?;
        no_users(&[&body.developer_guids, &body.manager_guids, &body.auditor_guids])?;
        let groups = given(body.security_group_guids);
        no_relation("VCAP::CloudController::SecurityGroup", groups.iter().flatten().next())?;
        no_relation("SpaceQuotaDefinition", given(body.space_quota_definition_guid).as_ref())?;
        no_relation("IsolationSegmentModel", given(body.isolation_segment_guid).as_ref())?;
        let name = clean_name(&body.name).map_err(|detail| BadRequest(space_invalid(detail)))?;
        let space = Space {
            guid: api.sources.ids.uuid().to_string(),
            name: Name::new(name),
            organization_guid: body.organization_guid.clone(),
            allow_ssh: given(body.allow_ssh).unwrap_or(true),
            isolation_segment_guid: None,
            space_quota_definition_guid: None,
            created_at: api.sources.clock.now(),
            updated_at: None,
        };
        // The real server checks rights after validating, inside the transaction: a duplicate name from a caller
        // without rights is still 400 SpaceNameTaken.
        if let Err(refusal) = who.allow(Access::Write) {
            let same_name = SpaceSelection {
                filters: vec![
                    SpaceFilter::Organization(Condition::new(Comparison::Eq, space.organization_guid.clone())),
                    SpaceFilter::Name(Condition::new(Comparison::Eq, space.name.key().clone())),
                ],
                window: Window::page(0, 0),
                ..SpaceSelection::default()
            };
            let taken = api.store.select_spaces(&same_name).await.or_server_error()?.total > 0;
            return Err(if taken {
                R::BadRequest(space_name_taken(&body.name))
            } else {
                R::Forbidden(refusal_error(refusal))
            });
        }
        let metadata = request_metadata([
            ("name", json!(space.name.as_str())),
            ("organization_guid", json!(space.organization_guid)),
            ("allow_ssh", json!(space.allow_ssh)),
        ]);
        let event = api.audit("audit.space.create", &who, Actee::Space(&space), metadata);
        let space = api
            .store
            .create_space(space, event)
            .await
            .map_err(|failure| match failure {
                StoreError::Conflict { .. } => R::from(BadRequest(space_name_taken(&body.name))),
                StoreError::NotFound { .. } => R::from(BadRequest(unknown_organization(&body.organization_guid))),
                failure => R::from(ServerError::from(failure)),
            })?;
        let body = space_resource(&space);
        Ok(R::Created {
            location: body.metadata.url.clone(),
            body,
        })
    })
    .await
}

/// `GET /v2/spaces/{guid}`.
pub(super) async fn get<S: CloudFoundryStore>(
    api: &CloudFoundry<S>,
    who: Identity,
    request: GetSpaceRequest,
) -> GetSpaceResponse {
    rt::answer(async {
        gate(&who, Access::Read)?;
        let guid = &request.path.guid;
        let space = api.space(guid).await?;
        Ok(GetSpaceResponse::Ok(space_resource(&space)))
    })
    .await
}

/// `PUT /v2/spaces/{guid}`.
pub(super) async fn update<S: CloudFoundryStore>(
    api: &CloudFoundry<S>,
    who: Identity,
    request: UpdateSpaceRequest,
) -> UpdateSpaceResponse {
    use UpdateSpaceResponse as R;
    rt::answer(async {
        gate(&who, Access::Write)?;
        let guid = &request.path.guid;
        let current = api.space(guid).await?;
        let body = request.body;
        if given(body.organization_guid).is_some_and(|org| org != current.organization_guid) {
            return Err(R::BadRequest(error(
                "OrganizationAlreadySet",
                30007,
                "Cannot change organization",
            )));
        }
        no_users(&[&body.developer_guids, &body.manager_guids, &body.auditor_guids])?;
        let groups = given(body.security_group_guids);
        no_relation("VCAP::CloudController::SecurityGroup", groups.iter().flatten().next())?;
        no_relation("IsolationSegmentModel", given(body.isolation_segment_guid).as_ref())?;
        let given_name = given(body.name);
        let name = given_name
            .as_deref()
            .map(clean_name)
            .transpose()
            .map_err(|detail| BadRequest(space_invalid(detail)))?;
        let changes = SpaceChanges {
            name: name.clone().map(Name::new),
            allow_ssh: given(body.allow_ssh),
        };
        let metadata = request_metadata([("name", json!(name)), ("allow_ssh", json!(changes.allow_ssh))]);
        let renamed = Space {
            name: changes.name.clone().unwrap_or_else(|| current.name.clone()),
            ..current
        };
        let event = api.audit("audit.space.update", &who, Actee::Space(&renamed), metadata);
        let space = api
            .store
            .update_space(guid, changes, api.sources.clock.now(), event)
            .await
            .map_err(|failure| match failure {
                StoreError::Conflict { .. } => {
                    R::from(BadRequest(space_name_taken(given_name.as_deref().unwrap_or_default())))
                }
                StoreError::NotFound { .. } => R::from(NotFound(space_not_found(guid))),
                failure => R::from(ServerError::from(failure)),
            })?;
        Ok(R::Created(space_resource(&space)))
    })
    .await
}

/// `DELETE /v2/spaces/{guid}`.
pub(super) async fn delete<S: CloudFoundryStore>(
    api: &CloudFoundry<S>,
    who: Identity,
    request: DeleteSpaceRequest,
) -> DeleteSpaceResponse {
    use DeleteSpaceResponse as R;
    rt::answer(async {
        gate(&who, Access::Write)?;
        let guid = &request.path.guid;
        let space = api.space(guid).await?;
        let recursive = request.query.recursive.unwrap_or(false);
        let metadata = request_metadata([("recursive", json!(recursive))]);
        let event = api.audit("audit.space.delete-request", &who, Actee::Space(&space), metadata);
        api.store
            .delete_space(guid, event)
            .await
            .or_missing(|| space_not_found(guid))?;
        if request.query.async_ != Some(true) {
            return Ok(R::NoContent);
        }
        Ok(R::Accepted(api.finished_job().await?))
    })
    .await
}

/// `GET /v2/spaces/{guid}/events`.
pub(super) async fn list_events<S: CloudFoundryStore>(
    api: &CloudFoundry<S>,
    who: Identity,
    request: ListSpaceEventsRequest,
) -> ListSpaceEventsResponse {
    rt::answer(async {
        gate(&who, Access::Read)?;
        let guid = &request.path.guid;
        api.space(guid).await?;
        let query = &request.query;
        let list = list_query!(query, order_by: None, depth: None);
        let path = format!("/v2/spaces/{guid}/events");
        Ok(ListSpaceEventsResponse::Ok(
            api.list_events_of(Some(guid), &list, &path).await?,
        ))
    })
    .await
}

/// `GET /v2/spaces/{guid}/{relation}`: an empty page, spaceport keeps no users, apps or routes there.
pub(super) async fn list_relation<S: CloudFoundryStore>(
    api: &CloudFoundry<S>,
    who: Identity,
    request: ListSpaceRelationRequest,
) -> ListSpaceRelationResponse {
    rt::answer(async {
        gate(&who, Access::Read)?;
        let ListSpaceRelationPath { guid, relation } = &request.path;
        api.space(guid).await?;
        let query = &request.query;
        let list = list_query!(query, order_by: None, depth: query.inline_relations_depth);
        let path = format!("/v2/spaces/{guid}/{}", relation.as_str());
        Ok(ListSpaceRelationResponse::Ok(empty_list(&list, &path)))
    })
    .await
}
