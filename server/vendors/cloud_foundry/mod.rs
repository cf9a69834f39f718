//! Cloud Foundry Cloud Controller v2: implements the generated [`CloudFoundryApi`] over a [`CloudFoundryStore`].
//!
//! One file per concern: `discovery` and `login` (UAA's token endpoint), `organizations`, `spaces`, `events` (and
//! jobs), `quotas`, the list plumbing (`lists`, `query`), `audit` events, who is calling (`caller`, `auth`,
//! `hs256`), request `fields`, `resources` (the v2 envelope), `errors` (bodies and the typed failures handlers
//! answer with), `rejections` (what the glue refused, in CF's words) and the `middleware` adding CF's headers.
//! The trait impl below is the table from each operation to the function that serves it.

mod audit;
mod auth;
mod caller;
mod discovery;
mod errors;
mod events;
mod fields;
mod hs256;
mod lists;
mod login;
mod organizations;
mod query;
mod quotas;
mod rejections;
mod resources;
mod serve;
mod spaces;

use std::sync::Arc;

use actix_web::HttpResponse;

use self::{auth::Keys, resources::default_quota};
pub use self::{
    auth::{Access, AuthMode, Identity},
    discovery::API_VERSION,
    errors::Denied,
    serve::{request_id, serve},
};
use crate::{
    generated::cloud_foundry::{
        CloudFoundryApi, CreateOrganizationRequest, CreateOrganizationResponse, CreateSpaceRequest,
        CreateSpaceResponse, CreateTokenRequest, CreateTokenResponse, DeleteOrganizationRequest,
        DeleteOrganizationResponse, DeleteSpaceRequest, DeleteSpaceResponse, GetEventRequest, GetEventResponse,
        GetInfoRequest, GetInfoResponse, GetJobRequest, GetJobResponse, GetOrganizationRequest,
        GetOrganizationResponse, GetQuotaDefinitionRequest, GetQuotaDefinitionResponse, GetRootRequest,
        GetRootResponse, GetSpaceRequest, GetSpaceResponse, ListEventsRequest, ListEventsResponse,
        ListOrganizationRelationRequest, ListOrganizationRelationResponse, ListOrganizationSpacesRequest,
        ListOrganizationSpacesResponse, ListOrganizationsRequest, ListOrganizationsResponse,
        ListQuotaDefinitionsRequest, ListQuotaDefinitionsResponse, ListSpaceEventsRequest, ListSpaceEventsResponse,
        ListSpaceRelationRequest, ListSpaceRelationResponse, ListSpacesRequest, ListSpacesResponse, Operation,
        QuotaDefinitionResource, Scheme, UpdateOrganizationRequest, UpdateOrganizationResponse, UpdateSpaceRequest,
        UpdateSpaceResponse,
    },
    rt::{Credentials, Rejection},
    sources::Sources,
    store::CloudFoundryStore,
};

/// How the Cloud Foundry API is set up.
#[derive(Debug, Clone)]
pub struct Config {
    /// How bearer tokens are checked.
    pub auth: AuthMode,
    /// The HS256 key tokens are signed (and, in strict mode, verified) with.
    pub token_key: Vec<u8>,
    /// The URL clients reach this server at, for the absolute links of `GET /` and `GET /v2/info`.
    pub public_url: String,
}

/// The Cloud Foundry API over a store.
#[derive(Debug)]
pub struct CloudFoundry<S> {
    store: Arc<S>,
    sources: Arc<Sources>,
    auth: AuthMode,
    keys: Keys,
    public_url: String,
    /// The default quota, which the deployment had from its start.
    quota: QuotaDefinitionResource,
}

impl<S> CloudFoundry<S> {
    /// The API over `store`, taking ids and time from `sources`.
    pub fn new(store: Arc<S>, sources: Arc<Sources>, config: Config) -> Self {
        let quota = default_quota(sources.clock.now());
        Self {
            store,
            sources,
            auth: config.auth,
            keys: Keys::new(&config.token_key),
            public_url: config.public_url.trim_end_matches('/').to_owned(),
            quota,
        }
    }
}

impl<S: CloudFoundryStore> CloudFoundryApi for CloudFoundry<S> {
    type Caller = Identity;
    type Denied = Denied;

    async fn authenticate(&self, _operation: Operation, credentials: Credentials<Scheme>) -> Result<Identity, Denied> {
        self.identify(&credentials).await
    }

    async fn get_root(&self, _request: GetRootRequest) -> GetRootResponse {
        discovery::get_root(self)
    }

    async fn get_info(&self, request: GetInfoRequest) -> GetInfoResponse {
        discovery::get_info(self, request).await
    }

    async fn create_token(&self, request: CreateTokenRequest) -> CreateTokenResponse {
        login::create_token(self, request).await
    }

    async fn list_organizations(&self, who: Identity, request: ListOrganizationsRequest) -> ListOrganizationsResponse {
        organizations::list(self, who, request).await
    }

    async fn create_organization(
        &self,
        who: Identity,
        request: CreateOrganizationRequest,
    ) -> CreateOrganizationResponse {
        organizations::create(self, who, request).await
    }

    async fn get_organization(&self, who: Identity, request: GetOrganizationRequest) -> GetOrganizationResponse {
        organizations::get(self, who, request).await
    }

    async fn update_organization(
        &self,
        who: Identity,
        request: UpdateOrganizationRequest,
    ) -> UpdateOrganizationResponse {
        organizations::update(self, who, request).await
    }

    async fn delete_organization(
        &self,
        who: Identity,
        request: DeleteOrganizationRequest,
    ) -> DeleteOrganizationResponse {
        organizations::delete(self, who, request).await
    }

    async fn list_organization_spaces(
        &self,
        who: Identity,
        request: ListOrganizationSpacesRequest,
    ) -> ListOrganizationSpacesResponse {
        organizations::list_spaces(self, who, request).await
    }

    async fn list_organization_relation(
        &self,
        who: Identity,
        request: ListOrganizationRelationRequest,
    ) -> ListOrganizationRelationResponse {
        organizations::list_relation(self, who, request).await
    }

    async fn list_spaces(&self, who: Identity, request: ListSpacesRequest) -> ListSpacesResponse {
        spaces::list(self, who, request).await
    }

    async fn create_space(&self, who: Identity, request: CreateSpaceRequest) -> CreateSpaceResponse {
        spaces::create(self, who, request).await
    }

    async fn get_space(&self, who: Identity, request: GetSpaceRequest) -> GetSpaceResponse {
        spaces::get(self, who, request).await
    }

    async fn update_space(&self, who: Identity, request: UpdateSpaceRequest) -> UpdateSpaceResponse {
        spaces::update(self, who, request).await
    }

    async fn delete_space(&self, who: Identity, request: DeleteSpaceRequest) -> DeleteSpaceResponse {
        spaces::delete(self, who, request).await
    }

    async fn list_space_events(&self, who: Identity, request: ListSpaceEventsRequest) -> ListSpaceEventsResponse {
        spaces::list_events(self, who, request).await
    }

    async fn list_space_relation(&self, who: Identity, request: ListSpaceRelationRequest) -> ListSpaceRelationResponse {
        spaces::list_relation(self, who, request).await
    }

    async fn get_job(&self, who: Identity, request: GetJobRequest) -> GetJobResponse {
        events::get_job(self, who, request).await
    }

    async fn list_quota_definitions(
        &self,
        who: Identity,
        request: ListQuotaDefinitionsRequest,
    ) -> ListQuotaDefinitionsResponse {
        quotas::list(self, who, request).await
    }

    async fn get_quota_definition(
        &self,
        who: Identity,
        request: GetQuotaDefinitionRequest,
    ) -> GetQuotaDefinitionResponse {
        quotas::get(self, who, request).await
    }

    async fn list_events(&self, who: Identity, request: ListEventsRequest) -> ListEventsResponse {
        events::list(self, who, request).await
    }

    async fn get_event(&self, who: Identity, request: GetEventRequest) -> GetEventResponse {
        events::get(self, who, request).await
    }

    fn reject(&self, rejection: Rejection<Operation>) -> HttpResponse {
        rejections::reject(rejection)
    }
}
