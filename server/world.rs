//! Worlds: one store and the three APIs over it. The root world answers at the server's root; each tenant's world
//! answers under `/t/{tenant}`, with links written for that prefix. Every world is made from one [`Blueprint`]:
//! the settings all share and the fixtures each starts from.

use std::{fmt, sync::Arc};

use actix_web::{
    FromRequest, HttpRequest, HttpResponse,
    dev::{ServiceRequest, ServiceResponse},
    web,
};
use chrono::{DateTime, Utc};

use crate::{
    generated::{
        assembla,
        control::{ApiName, State},
        onezone,
    },
    journal::{Journal, mask::Maskers},
    links::LinkBase,
    rt::{BodyTimeout, HeaderLimit},
    snapshot::{self, Invalid, WorldRecords},
    sources::Sources,
    store::{Store, StoreError},
    vendors::{
        assembla::{self as asm, Assembla},
        cloud_foundry::{self as cf, CloudFoundry},
        onezone::{self as oz, Onezone},
    },
};

/// How every world is made.
#[derive(Debug)]
pub struct Blueprint {
    /// The Cloud Foundry settings; its public URL is the server's base URL.
    pub cloud_foundry: cf::Config,
    /// How Onezone tokens are checked.
    pub onezone_auth: oz::AuthMode,
    /// Whether Assembla accepts only the stored credentials.
    pub assembla_strict: bool,
    /// What each world starts from and a reset puts back: the fixtures' records, read once at start-up.
    pub origin: WorldRecords,
    /// How many requests each world's journal keeps (0: none).
    pub journal_size: usize,
    /// How long a request body may take to arrive.
    pub body_timeout: BodyTimeout,
    /// How many bytes a request's target and headers may take.
    pub header_limit: HeaderLimit,
    /// Where absolute links point (the Cloud Foundry settings' public URL is the configured base).
    pub link_base: LinkBase,
    /// How each API's requests are masked in the journals (its credentials and `--mask-header`'s headers).
    pub maskers: Maskers,
}

/// Why a state document could not replace a world's records.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// It breaks a rule (nothing changed).
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// The store could not answer.
    #[error("the store could not answer")]
    Store(#[from] StoreError),
}

/// One world: a store and the APIs over it.
pub struct World<S> {
    /// The tenant it belongs to; `None` for the root world.
    pub tenant: Option<String>,
    /// The store.
    pub store: Arc<S>,
    /// The Cloud Foundry API.
    pub cloud_foundry: web::Data<CloudFoundry<S>>,
    /// The Onezone API.
    pub onezone: web::Data<Onezone<S>>,
    /// The Assembla API.
    pub assembla: web::Data<Assembla<S>>,
    /// The requests it served.
    pub journal: Journal,
}

impl<S> fmt::Debug for World<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("World")
            .field("tenant", &self.tenant)
            .finish_non_exhaustive()
    }
}

impl<S: Store> World<S> {
    /// The world of `tenant` (the root's for `None`) over `store`: its absolute links carry the tenant's prefix.
    pub fn new(store: Arc<S>, sources: &Arc<Sources>, blueprint: &Blueprint, tenant: Option<String>) -> Self {
        let base = blueprint.cloud_foundry.public_url.trim_end_matches('/');
        let public_url = match &tenant {
            Some(name) => format!("{base}/t/{name}"),
            None => base.to_owned(),
        };
        let cloud_foundry = cf::Config {
            public_url: public_url.clone(),
            ..blueprint.cloud_foundry.clone()
        };
        let assembla = asm::Config {
            strict: blueprint.assembla_strict,
            public_url,
        };
        Self {
            tenant,
            cloud_foundry: web::Data::new(CloudFoundry::new(store.clone(), sources.clone(), cloud_foundry)),
            onezone: web::Data::new(Onezone::new(store.clone(), sources.clone(), blueprint.onezone_auth)),
            assembla: web::Data::new(Assembla::new(store.clone(), sources.clone(), assembla)),
            store,
            journal: Journal::new(blueprint.journal_size),
        }
    }

    /// Puts every API (or the one named) back to `origin`, the fixtures' records, and forgets its journal
    /// entries (of that API).
    pub async fn reset(&self, origin: &WorldRecords, api: Option<ApiName>) -> Result<(), StoreError> {
        snapshot::replace_where(&*self.store, origin, |one| api.is_none_or(|wanted| wanted == one)).await?;
        self.journal.clear(api);
        Ok(())
    }

    /// Every record, as a state document.
    pub async fn state(&self) -> Result<State, StoreError> {
        Ok(snapshot::export(&snapshot::read(&*self.store).await?))
    }

    /// Replaces every record with `document`'s once the whole document is found valid (absent times are `now`);
    /// an invalid one changes nothing.
    pub async fn replace_state(&self, document: &State, now: DateTime<Utc>) -> Result<(), StateError> {
        let records = snapshot::import(document, now)?;
        Ok(snapshot::replace_where(&*self.store, &records, |_| true).await?)
    }

    /// Serves `request` by `api`, this world's instance of it, through that API's generated glue (Cloud Foundry's
    /// with the headers every Cloud Controller answer carries).
    pub async fn dispatch(&self, api: ApiName, request: ServiceRequest) -> ServiceResponse {
        match api {
            ApiName::CloudFoundry => {
                hand(request, |http, payload| {
                    cf::serve(self.cloud_foundry.clone(), http, payload)
                })
                .await
            }
            ApiName::Onezone => {
                hand(request, |http, payload| {
                    onezone::dispatch(self.onezone.clone(), http, payload)
                })
                .await
            }
            ApiName::Assembla => {
                hand(request, |http, payload| {
                    assembla::dispatch(self.assembla.clone(), http, payload)
                })
                .await
            }
        }
    }
}

/// Hands `request` to `dispatch` as generated glue takes it (the request and its payload) and wraps the answer.
/// The dispatch future is boxed: a generated one is large (every operation's state machine), and unboxed it would
/// make every future around it (journal, front door, logger, actix's dispatcher) as large, each copied as it is
/// moved; on the heap it is allocated once.
pub async fn hand<F: Future<Output = HttpResponse>>(
    request: ServiceRequest,
    dispatch: impl FnOnce(HttpRequest, web::Payload) -> F,
) -> ServiceResponse {
    let (http, mut payload) = request.into_parts();
    let response = match web::Payload::from_request(&http, &mut payload).await {
        Ok(payload) => Box::pin(dispatch(http.clone(), payload)).await,
        Err(error) => error.error_response(),
    };
    ServiceResponse::new(http, response)
}
