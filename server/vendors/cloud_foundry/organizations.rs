//! Organizations: list, create (admin), get, update, delete (admin; recursive or not, at once or as a job), and the
//! collections behind an organization's links.

use serde_json::json;

use super::{
    CloudFoundry,
    audit::{Actee, request_metadata},
    auth::{Access, Identity, Refusal},
    caller::gate,
    errors::{
        BadRequest, Missing, NotFound, ServerError, Stored, error, organization_invalid, organization_name_taken,
        organization_not_found, refusal_error,
    },
    fields::{clean_name, default_quota_only, given, no_users},
    lists::{empty_list, list_query},
    resources::{organization_resource, status_text},
};
use crate::{
    generated::cloud_foundry::{
        CreateOrganizationRequest, CreateOrganizationResponse, DeleteOrganizationRequest, DeleteOrganizationResponse,
        GetOrganizationRequest, GetOrganizationResponse, ListOrganizationRelationPath, ListOrganizationRelationRequest,
        ListOrganizationRelationResponse, ListOrganizationSpacesRequest, ListOrganizationSpacesResponse,
        ListOrganizationsRequest, ListOrganizationsResponse, OrganizationStatus, UpdateOrganizationRequest,
        UpdateOrganizationResponse,
    },
    rt,
    snapshot::DEFAULT_QUOTA_GUID,
    store::{
        CloudFoundryStore, Name, StoreError,
        cloud_foundry::{Organization, OrganizationChanges},
    },
};

impl<S: CloudFoundryStore> CloudFoundry<S> {
    /// The organization a path names, or 404 `OrganizationNotFound`.
    async fn organization(&self, guid: &str) -> Result<Organization, Missing> {
        self.store
            .organization(guid)
            .await
            .or_missing(|| organization_not_found(guid))
    }
}

/// `GET /v2/organizations`.
pub(super) async fn list<S: CloudFoundryStore>(
    api: &CloudFoundry<S>,
    who: Identity,
    request: ListOrganizationsRequest,
) -> ListOrganizationsResponse {
    rt::answer(async {
        gate(&who, Access::Read)?;
        let query = &request.query;
        let organizations = api.list_organizations_of(&list_query!(query)).await?;
        Ok(ListOrganizationsResponse::Ok(organizations))
    })
    .await
}

/// `POST /v2/organizations`.
pub(super) async fn create<S: CloudFoundryStore>(
    api: &CloudFoundry<S>,
    who: Identity,
    request: CreateOrganizationRequest,
) -> CreateOrganizationResponse {
    use CreateOrganizationResponse as R;
    rt::answer(async {
        gate(&who, Access::Write)?;
        let body = request.body;
        default_quota_only(given(body.quota_definition_guid).as_ref())?;
        no_users(&[
            &body.user_guids,
            &body.manager_guids,
            &body.billing_manager_guids,
            &body.auditor_guids,
        ])?;
        let name = clean_name(&body.name).map_err(|detail| BadRequest(organization_invalid(detail)))?;
        if who.allow(Access::Admin).is_err() {
            // A writer who is no admin has scopes, just not this right: NotAuthorized, not InsufficientScope.
            return Err(R::Forbidden(refusal_error(Refusal::NotAuthorized)));
        }
        let organization = Organization {
            guid: api.sources.ids.uuid().to_string(),
            name: Name::new(name),
            status: status_text(body.status.unwrap_or(OrganizationStatus::Active)).to_owned(),
            billing_enabled: given(body.billing_enabled).unwrap_or(false),
            quota_definition_guid: DEFAULT_QUOTA_GUID.to_owned(),
            created_at: api.sources.clock.now(),
            updated_at: None,
        };
        let metadata = request_metadata([
            ("name", json!(organization.name.as_str())),
            ("status", json!(organization.status)),
            ("billing_enabled", json!(organization.billing_enabled)),
        ]);
        let event = api.audit(
            "audit.organization.create",
            &who,
            Actee::Organization(&organization),
            metadata,
        );
        let organization = api
            .store
            .create_organization(organization, Some(event))
            .await
            .map_err(|failure| match failure {
                StoreError::Conflict { .. } => R::from(BadRequest(organization_name_taken(&body.name))),
                failure => R::from(ServerError::from(failure)),
            })?;
        let body = organization_resource(&organization);
        Ok(R::Created {
            location: body.metadata.url.clone(),
            body,
        })
    })
    .await
}

/// `GET /v2/organizations/{guid}`.
pub(super) async fn get<S: CloudFoundryStore>(
    api: &CloudFoundry<S>,
    who: Identity,
    request: GetOrganizationRequest,
) -> GetOrganizationResponse {
    rt::answer(async {
        gate(&who, Access::Read)?;
        let guid = &request.path.guid;
        let organization = api.organization(guid).await?;
        Ok(GetOrganizationResponse::Ok(organization_resource(&organization)))
    })
    .await
}

/// `PUT /v2/organizations/{guid}`.
pub(super) async fn update<S: CloudFoundryStore>(
    api: &CloudFoundry<S>,
    who: Identity,
    request: UpdateOrganizationRequest,
) -> UpdateOrganizationResponse {
    use UpdateOrganizationResponse as R;
    rt::answer(async {
        gate(&who, Access::Write)?;
        let guid = &request.path.guid;
        let current = api.organization(guid).await?;
        let body = request.body;
        default_quota_only(given(body.quota_definition_guid).as_ref())?;
        let name = given(body.name)
            .as_deref()
            .map(clean_name)
            .transpose()
            .map_err(|detail| BadRequest(organization_invalid(detail)))?;
        let changes = OrganizationChanges {
            name: name.clone().map(Name::new),
            status: body.status.map(|s| status_text(s).to_owned()),
            billing_enabled: given(body.billing_enabled),
        };
        let metadata = request_metadata([
            ("name", json!(name)),
            ("status", json!(changes.status)),
            ("billing_enabled", json!(changes.billing_enabled)),
        ]);
        let renamed = Organization {
            name: changes.name.clone().unwrap_or_else(|| current.name.clone()),
            ..current
        };
        let event = api.audit(
            "audit.organization.update",
            &who,
            Actee::Organization(&renamed),
            metadata,
        );
        let organization = api
            .store
            .update_organization(guid, changes, api.sources.clock.now(), event)
            .await
            .map_err(|failure| match failure {
                StoreError::Conflict { key, .. } => R::from(BadRequest(organization_name_taken(&key))),
                StoreError::NotFound { .. } => R::from(NotFound(organization_not_found(guid))),
                failure => R::from(ServerError::from(failure)),
            })?;
        Ok(R::Created(organization_resource(&organization)))
    })
    .await
}

/// `DELETE /v2/organizations/{guid}`.
pub(super) async fn delete<S: CloudFoundryStore>(
    api: &CloudFoundry<S>,
    who: Identity,
    request: DeleteOrganizationRequest,
) -> DeleteOrganizationResponse {
    use DeleteOrganizationResponse as R;
    rt::answer(async {
        gate(&who, Access::Admin)?;
        let guid = &request.path.guid;
        let organization = api.organization(guid).await?;
        let recursive = request.query.recursive.unwrap_or(false);
        let metadata = request_metadata([("recursive", json!(recursive))]);
        let event = api.audit(
            "audit.organization.delete-request",
            &who,
            Actee::Organization(&organization),
            metadata,
        );
        api.store
            .delete_organization(guid, recursive, event)
            .await
            .map_err(|failure| match failure {
                StoreError::NotEmpty { .. } => R::from(BadRequest(error(
                    "AssociationNotEmpty",
                    10006,
                    "Please delete the spaces associations for your organizations.",
                ))),
                StoreError::NotFound { .. } => R::from(NotFound(organization_not_found(guid))),
                failure => R::from(ServerError::from(failure)),
            })?;
        if request.query.async_ != Some(true) {
            return Ok(R::NoContent);
        }
        Ok(R::Accepted(api.finished_job().await?))
    })
    .await
}

/// `GET /v2/organizations/{guid}/spaces`.
pub(super) async fn list_spaces<S: CloudFoundryStore>(
    api: &CloudFoundry<S>,
    who: Identity,
    request: ListOrganizationSpacesRequest,
) -> ListOrganizationSpacesResponse {
    rt::answer(async {
        gate(&who, Access::Read)?;
        let guid = &request.path.guid;
        api.organization(guid).await?;
        let query = &request.query;
        let path = format!("/v2/organizations/{guid}/spaces");
        let spaces = api.list_spaces_of(Some(guid), &list_query!(query), &path).await?;
        Ok(ListOrganizationSpacesResponse::Ok(spaces))
    })
    .await
}

/// `GET /v2/organizations/{guid}/{relation}`: an empty page, spaceport keeps no users, domains or quotas there.
pub(super) async fn list_relation<S: CloudFoundryStore>(
    api: &CloudFoundry<S>,
    who: Identity,
    request: ListOrganizationRelationRequest,
) -> ListOrganizationRelationResponse {
    rt::answer(async {
        gate(&who, Access::Read)?;
        let ListOrganizationRelationPath { guid, relation } = &request.path;
        api.organization(guid).await?;
        let query = &request.query;
        let list = list_query!(query, order_by: None, depth: query.inline_relations_depth);
        let path = format!("/v2/organizations/{guid}/{}", relation.as_str());
        Ok(ListOrganizationRelationResponse::Ok(empty_list(&list, &path)))
    })
    .await
}
