//! Assembla API v1: implements the generated [`AssemblaApi`] over an [`AssemblaStore`]. Spaces are created,
//! shown, updated, deleted and copied in JSON or Rails XML; validation errors are Rails' errors hash (422), an
//! unknown space is an empty 404.
//!
//! `spaces` serves the operations, `params` applies a request's writable fields, `render` shows a space,
//! `errors` holds Rails' bodies and the typed failures, `rejections` answers what the glue refused. The trait
//! impl below is the table from each operation to the function that serves it.

mod errors;
mod params;
mod rejections;
mod render;
mod spaces;

use std::sync::Arc;

use actix_web::HttpResponse;

use self::errors::Denied;
pub use self::render::space_body;
use crate::{
    generated::assembla::{
        AssemblaApi, CopySpaceRequest, CopySpaceResponse, CreateSpaceRequest, CreateSpaceResponse, DeleteSpaceRequest,
        DeleteSpaceResponse, GetSpaceRequest, GetSpaceResponse, ListSpacesRequest, ListSpacesResponse, Operation,
        Scheme, UpdateSpaceRequest, UpdateSpaceResponse,
    },
    rt::{Credentials, Rejection},
    sources::Sources,
    store::AssemblaStore,
};

/// How the Assembla API is set up.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Only the store's credentials (else any non-empty ones).
    pub strict: bool,
    /// The URL clients reach this server at, for `Location`.
    pub public_url: String,
}

/// The Assembla API over a store.
#[derive(Debug)]
pub struct Assembla<S> {
    store: Arc<S>,
    sources: Arc<Sources>,
    config: Config,
}

impl<S> Assembla<S> {
    /// The API over `store`, taking ids and time from `sources`.
    pub fn new(store: Arc<S>, sources: Arc<Sources>, config: Config) -> Self {
        let config = Config {
            public_url: config.public_url.trim_end_matches('/').to_owned(),
            ..config
        };
        Self { store, sources, config }
    }
}

impl<S: AssemblaStore> Assembla<S> {
    /// Whether the credentials are accepted: any non-empty ones in lenient mode, the store's (the fixtures') in
    /// strict mode.
    async fn accept(&self, credentials: &Credentials<Scheme>) -> Result<(), Denied> {
        if !self.config.strict {
            return Ok(());
        }
        let accepted = match credentials.scheme {
            Scheme::Bearer => self.store.is_assembla_token(&credentials.secret).await?,
            Scheme::ApiKey | Scheme::ApiSecret => {
                let secret = self.store.assembla_api_secret(&credentials.secret).await?;
                secret.is_some() && secret.as_ref() == credentials.more.first()
            }
        };
        if accepted { Ok(()) } else { Err(Denied::Unauthenticated) }
    }
}

impl<S: AssemblaStore> AssemblaApi for Assembla<S> {
    /// An accepted caller: Assembla's answers do not depend on who asks.
    type Caller = ();
    type Denied = Denied;

    async fn authenticate(&self, _operation: Operation, credentials: Credentials<Scheme>) -> Result<(), Denied> {
        self.accept(&credentials).await
    }

    async fn list_spaces(&self, (): (), request: ListSpacesRequest) -> ListSpacesResponse {
        spaces::list(self, request).await
    }

    async fn create_space(&self, (): (), request: CreateSpaceRequest) -> CreateSpaceResponse {
        spaces::create(self, request).await
    }

    async fn get_space(&self, (): (), request: GetSpaceRequest) -> GetSpaceResponse {
        spaces::get(self, request).await
    }

    async fn update_space(&self, (): (), request: UpdateSpaceRequest) -> UpdateSpaceResponse {
        spaces::update(self, request).await
    }

    async fn delete_space(&self, (): (), request: DeleteSpaceRequest) -> DeleteSpaceResponse {
        spaces::delete(self, request).await
    }

    async fn copy_space(&self, (): (), request: CopySpaceRequest) -> CopySpaceResponse {
        spaces::copy(self, request).await
    }

    fn reject(&self, rejection: Rejection<Operation>) -> HttpResponse {
        rejections::reject(rejection)
    }
}
