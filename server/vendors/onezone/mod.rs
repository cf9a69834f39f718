//! Onedata Onezone (REST API v3, the 3.0.0 line): implements the generated [`OnezoneApi`] over an
//! [`OnezoneStore`]. Providers create and support spaces for users, each provider sees only what it supports, and
//! every error is `{error, error_description}`.
//!
//! `tokens` says who is calling and what a space token names, `spaces` serves the operations, `errors` holds the
//! bodies and typed failures, `rejections` words what the glue refused. The trait impl below is the table from
//! each operation to the function that serves it.

mod errors;
mod rejections;
mod spaces;
mod tokens;

use std::sync::Arc;

use actix_web::HttpResponse;

use self::errors::Denied;
pub use self::tokens::{macaroon_identifier, provider_id};
use crate::{
    generated::onezone::{
        CreateProviderSpaceRequest, CreateProviderSpaceResponse, GetSpaceRequest, GetSpaceResponse,
        GetSupportedSpaceRequest, GetSupportedSpaceResponse, GetSupportedSpacesRequest, GetSupportedSpacesResponse,
        OnezoneApi, Operation, RemoveSpaceSupportRequest, RemoveSpaceSupportResponse, Scheme, SupportSpaceRequest,
        SupportSpaceResponse,
    },
    rt::{Credentials, Rejection},
    sources::Sources,
    store::OnezoneStore,
};

/// How provider and space tokens are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMode {
    /// Any non-blank provider token is a provider; any macaroon-shaped space token is accepted.
    Lenient,
    /// Only the fixtures' provider tokens and space tokens are accepted (single-use ones once).
    Strict,
}

/// The Onezone API over a store.
#[derive(Debug)]
pub struct Onezone<S> {
    store: Arc<S>,
    sources: Arc<Sources>,
    auth: AuthMode,
}

impl<S> Onezone<S> {
    /// The API over `store`, taking ids from `sources`.
    pub fn new(store: Arc<S>, sources: Arc<Sources>, auth: AuthMode) -> Self {
        Self { store, sources, auth }
    }
}

impl<S: OnezoneStore> OnezoneApi for Onezone<S> {
    /// The calling provider's id.
    type Caller = String;
    type Denied = Denied;

    async fn authenticate(&self, _operation: Operation, credentials: Credentials<Scheme>) -> Result<String, Denied> {
        self.provider(&credentials).await
    }

    async fn create_provider_space(
        &self,
        provider: String,
        request: CreateProviderSpaceRequest,
    ) -> CreateProviderSpaceResponse {
        spaces::create(self, provider, request).await
    }

    async fn get_supported_spaces(
        &self,
        provider: String,
        request: GetSupportedSpacesRequest,
    ) -> GetSupportedSpacesResponse {
        spaces::list_supported(self, provider, request).await
    }

    async fn support_space(&self, provider: String, request: SupportSpaceRequest) -> SupportSpaceResponse {
        spaces::support(self, provider, request).await
    }

    async fn get_supported_space(
        &self,
        provider: String,
        request: GetSupportedSpaceRequest,
    ) -> GetSupportedSpaceResponse {
        spaces::get_supported(self, provider, request).await
    }

    async fn remove_space_support(
        &self,
        provider: String,
        request: RemoveSpaceSupportRequest,
    ) -> RemoveSpaceSupportResponse {
        spaces::remove_support(self, provider, request).await
    }

    async fn get_space(&self, provider: String, request: GetSpaceRequest) -> GetSpaceResponse {
        spaces::get(self, provider, request).await
    }

    fn reject(&self, rejection: Rejection<Operation>) -> HttpResponse {
        rejections::reject(rejection)
    }
}
