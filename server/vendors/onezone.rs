//! Onedata Onezone (REST API v3, the 3.0.0 line): implements the generated [`OnezoneApi`] against the [`Store`]:
//! providers create and support spaces for users, each provider sees only what it supports, and every error is
//! `{error, error_description}`.

use std::sync::Arc;

use actix_web::HttpResponse;
use base64::{
    Engine,
    engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig, general_purpose::URL_SAFE_NO_PAD},
};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::{
    generated::onezone::{
        self as api, CreateProviderSpaceRequest, CreateProviderSpaceResponse, Error, GetSpaceRequest, GetSpaceResponse,
        GetSupportedSpaceRequest, GetSupportedSpaceResponse, GetSupportedSpacesRequest, GetSupportedSpacesResponse,
        OnezoneApi, Operation, RemoveSpaceSupportRequest, RemoveSpaceSupportResponse, Space, SpaceIds,
        SupportSpaceRequest, SupportSpaceResponse,
    },
    rt::{self, RejectionKind, Rule, Violation},
    sources::Sources,
    store::{OnezoneSpace, Store, StoreError},
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

fn error(id: &str, description: impl Into<String>) -> Error {
    Error {
        error: id.to_owned(),
        error_description: description.into(),
    }
}

fn invalid_token() -> Error {
    error("invalid_token", "Provided token could not be validated.")
}

fn not_found() -> Error {
    error("not_found", "The space was not found.")
}

fn server_error(failure: &StoreError) -> Error {
    tracing::error!(%failure, "the store failed");
    error("internal_server_error", "The store could not answer.")
}

/// The value `WWW-Authenticate` carries on every 401, as the real server sent it.
const CHALLENGE: &str = "error=invalid_token";

/// Base64url, padded or not.
const TOKEN_ENCODING: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// The identifier of a macaroon-shaped token: base64url text that decodes to the `identifier ` and `signature `
/// packets. `None` if the token does not have that shape.
pub fn macaroon_identifier(token: &str) -> Option<String> {
    let well_formed = !token.is_empty()
        && token
            .trim_end_matches('=')
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !well_formed {
        return None;
    }
    let bytes = TOKEN_ENCODING.decode(token).ok()?;
    let find = |needle: &[u8]| bytes.windows(needle.len()).position(|w| w == needle);
    find(b"signature ")?;
    let start = find(b"identifier ")? + b"identifier ".len();
    let identifier: Vec<u8> = bytes[start..].iter().take_while(|b| **b != b'\n').copied().collect();
    let identifier = String::from_utf8(identifier).ok()?;
    (!identifier.is_empty()).then_some(identifier)
}

/// A provider's id: the same token always names the same provider.
pub fn provider_id(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    URL_SAFE_NO_PAD.encode(digest).chars().take(43).collect()
}

/// What a caller may be.
enum Caller {
    /// A provider, by id.
    Provider(String),
    /// 401.
    Unauthenticated(Error),
    /// 403.
    Refused(Error),
    /// 500.
    Failed(Error),
}

/// Answers an operation's 401, 403 or 500 for a caller that is no provider, or goes on with the provider id.
macro_rules! provider {
    ($self:ident, $credentials:expr, $response:ident) => {
        match $self.caller($credentials).await {
            Caller::Provider(id) => id,
            Caller::Unauthenticated(error) => {
                return $response::Unauthorized {
                    www_authenticate: CHALLENGE.to_owned(),
                    body: error,
                };
            }
            Caller::Refused(error) => return $response::Forbidden(error),
            Caller::Failed(error) => return $response::InternalServerError(error),
        }
    };
}

/// How a violated rule reads in this API's messages: `missing required key: 'size'`,
/// `invalid 'size' value: '0'`.
fn describe(violation: &Violation) -> String {
    let key = violation.field.split(['.', '[']).next().unwrap_or(&violation.field);
    match (&violation.rule, &violation.value) {
        (Rule::Missing, _) => format!("missing required key: '{key}'"),
        (_, Some(Value::String(text))) => format!("invalid '{key}' value: '{text}'"),
        (_, Some(other)) => format!("invalid '{key}' value: '{other}'"),
        (_, None) => format!("invalid '{key}' value"),
    }
}

impl<S: Store> Onezone<S> {
    /// The API over `store`, taking ids from `sources`.
    pub fn new(store: Arc<S>, sources: Arc<Sources>, auth: AuthMode) -> Self {
        Self { store, sources, auth }
    }

    async fn caller(&self, credentials: &rt::Credentials<api::Scheme>) -> Caller {
        if credentials.scheme == api::Scheme::Basic {
            return Caller::Refused(error("forbidden", "Only a provider may perform this operation."));
        }
        if self.auth == AuthMode::Strict {
            match self.store.is_provider_token(&credentials.secret).await {
                Ok(true) => {}
                Ok(false) => return Caller::Unauthenticated(invalid_token()),
                Err(failure) => return Caller::Failed(server_error(&failure)),
            }
        }
        Caller::Provider(provider_id(&credentials.secret))
    }

    /// A new space id: 43 base64url characters from the app's id source.
    fn space_id(&self) -> String {
        let first = self.sources.ids.uuid();
        let second = self.sources.ids.uuid();
        let bytes: Vec<u8> = first.as_bytes().iter().chain(second.as_bytes()).copied().collect();
        URL_SAFE_NO_PAD.encode(bytes).chars().take(43).collect()
    }

    /// The owner a space-creation token names, and the token to use up, or the 400 to answer.
    async fn owner(&self, token: &str) -> Result<Result<(String, Option<String>), Error>, StoreError> {
        match self.auth {
            AuthMode::Lenient => Ok(macaroon_identifier(token)
                .map(|owner| (owner, None))
                .ok_or_else(invalid_token)),
            AuthMode::Strict => Ok(match self.store.space_token(token).await? {
                Some(known) if known.single_use && known.used => Err(invalid_token()),
                Some(known) => Ok((known.user, known.single_use.then(|| token.to_owned()))),
                None => Err(invalid_token()),
            }),
        }
    }

    async fn supported(&self, id: &str, provider: &str) -> Result<Option<OnezoneSpace>, StoreError> {
        match self.store.onezone_space(id).await {
            Ok(space) => Ok(space.supports.contains_key(provider).then_some(space)),
            Err(StoreError::NotFound { .. }) => Ok(None),
            Err(failure) => Err(failure),
        }
    }
}

fn space_body(space: &OnezoneSpace) -> Space {
    Space {
        space_id: space.id.clone(),
        name: space.name.clone(),
        providers_supports: space.supports.iter().map(|(k, v)| (k.clone(), *v)).collect(),
    }
}

impl<S: Store> OnezoneApi for Onezone<S> {
    async fn create_provider_space(&self, request: CreateProviderSpaceRequest) -> CreateProviderSpaceResponse {
        use CreateProviderSpaceResponse as R;
        let provider = provider!(self, &request.credentials, R);
        let body = request.body;
        let (owner, consume) = match self.owner(&body.token).await {
            Ok(Ok(found)) => found,
            Ok(Err(error)) => return R::BadRequest(error),
            Err(failure) => return R::InternalServerError(server_error(&failure)),
        };
        let space = OnezoneSpace {
            id: self.space_id(),
            name: body.name,
            owner,
            supports: [(provider, body.size.0)].into_iter().collect(),
        };
        match self.store.create_onezone_space(space, consume).await {
            Ok(space) => R::Created {
                location: format!("/spaces/{}", space.id),
            },
            Err(StoreError::Conflict { .. } | StoreError::NotFound { .. }) => R::BadRequest(invalid_token()),
            Err(failure) => R::InternalServerError(server_error(&failure)),
        }
    }

    async fn get_supported_spaces(&self, request: GetSupportedSpacesRequest) -> GetSupportedSpacesResponse {
        use GetSupportedSpacesResponse as R;
        let provider = provider!(self, &request.credentials, R);
        match self.store.onezone_spaces().await {
            Ok(spaces) => R::Ok(SpaceIds {
                spaces: spaces
                    .into_iter()
                    .filter(|s| s.supports.contains_key(&provider))
                    .map(|s| s.id)
                    .collect(),
            }),
            Err(failure) => R::InternalServerError(server_error(&failure)),
        }
    }

    async fn support_space(&self, request: SupportSpaceRequest) -> SupportSpaceResponse {
        use SupportSpaceResponse as R;
        let provider = provider!(self, &request.credentials, R);
        let Some(id) = macaroon_identifier(&request.body.token) else {
            return R::BadRequest(invalid_token());
        };
        match self
            .store
            .support_onezone_space(&id, &provider, request.body.size.0)
            .await
        {
            Ok(space) => R::Created {
                location: format!("/provider/spaces/{}", space.id),
            },
            Err(StoreError::NotFound { .. }) => R::BadRequest(invalid_token()),
            Err(failure) => R::InternalServerError(server_error(&failure)),
        }
    }

    async fn get_supported_space(&self, request: GetSupportedSpaceRequest) -> GetSupportedSpaceResponse {
        use GetSupportedSpaceResponse as R;
        let provider = provider!(self, &request.credentials, R);
        match self.supported(&request.path.sid, &provider).await {
            Ok(Some(space)) => R::Ok(space_body(&space)),
            Ok(None) => R::NotFound(not_found()),
            Err(failure) => R::InternalServerError(server_error(&failure)),
        }
    }

    async fn remove_space_support(&self, request: RemoveSpaceSupportRequest) -> RemoveSpaceSupportResponse {
        use RemoveSpaceSupportResponse as R;
        let provider = provider!(self, &request.credentials, R);
        match self.store.remove_onezone_support(&request.path.sid, &provider).await {
            Ok(()) => R::Accepted,
            Err(StoreError::NotFound { .. }) => R::NotFound(not_found()),
            Err(failure) => R::InternalServerError(server_error(&failure)),
        }
    }

    async fn get_space(&self, request: GetSpaceRequest) -> GetSpaceResponse {
        use GetSpaceResponse as R;
        let provider = provider!(self, &request.credentials, R);
        match self.store.onezone_space(&request.path.id).await {
            Ok(space) if space.supports.contains_key(&provider) => R::Ok(space_body(&space)),
            Ok(_) => R::Forbidden(error("forbidden", "The provider does not support this space.")),
            Err(StoreError::NotFound { .. }) => R::NotFound(not_found()),
            Err(failure) => R::InternalServerError(server_error(&failure)),
        }
    }

    fn reject(&self, rejection: rt::Rejection<Operation>) -> HttpResponse {
        let json = api::JSON_MEDIA_TYPE;
        match &rejection.kind {
            RejectionKind::NotFound => {
                rt::respond_with_body(404, Vec::new(), json, &error("not_found", "Unknown path."))
            }
            RejectionKind::MethodNotAllowed { allow } => rt::respond_with_body(
                405,
                vec![("Allow", allow.join(", "))],
                json,
                &error("method_not_allowed", format!("Allowed methods: {}", allow.join(", "))),
            ),
            RejectionKind::MissingCredentials => rt::respond_with_body(
                401,
                vec![("WWW-Authenticate", CHALLENGE.to_owned())],
                json,
                &error("invalid_token", "Authentication required."),
            ),
            RejectionKind::UnsupportedMediaType => rt::respond_with_body(
                400,
                Vec::new(),
                json,
                &error("invalid_request", "unsupported content type"),
            ),
            RejectionKind::BodyTooLarge { limit } => rt::respond_with_body(
                400,
                Vec::new(),
                json,
                &error("invalid_request", format!("the body exceeds {limit} bytes")),
            ),
            RejectionKind::EmptyBody | RejectionKind::MalformedBody { .. } => {
                rt::respond_with_body(400, Vec::new(), json, &error("invalid_request", "malformed JSON data"))
            }
            RejectionKind::Invalid { violations, .. } => {
                let description = violations
                    .first()
                    .map_or_else(|| "invalid request".to_owned(), describe);
                rt::respond_with_body(400, Vec::new(), json, &error("invalid_request", description))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The API docs' example space-creation token.
    const SEED_TOKEN: &str = "JKAxNWxvY2F0aW9uIG9uZXpvbmUKMDAzYmlkZW50aWZpZXIgOEhmSEFSSGdrbHFCa1pWSTRsNk1CVHZTU3Z0OThwcHA2OTQ4czhRN1NPawowMDFhY2lkIHRpbWUgPCAxNDk2MTQwMTQ0CjAwMmZzaWduYXR1cmUg88OIBmav38YI0Z2-dw-fvrZ3XP-J0HjCN0taT3_WungK";

    #[test]
    fn the_docs_token_is_a_macaroon_naming_its_identifier() {
        assert_eq!(
            macaroon_identifier(SEED_TOKEN).as_deref(),
            Some("8HfHARHgklqBkZVI4l6MBTvSSvt98ppp6948s8Q7SOk")
        );
    }

    #[test]
    fn other_strings_are_not_tokens() {
        for token in ["", "abc", "invalid", "not a token", "aWRlbnRpZmllciB4"] {
            assert_eq!(macaroon_identifier(token), None, "{token}");
        }
    }

    #[test]
    fn a_provider_id_is_43_stable_characters() {
        assert_eq!(provider_id("p1"), provider_id("p1"));
        assert_ne!(provider_id("p1"), provider_id("p2"));
        assert_eq!(provider_id("p1").len(), 43);
    }
}
