//! Cloud Foundry Cloud Controller v2: implements the generated [`CloudFoundryApi`] against the [`Store`], maps
//! rejections and store errors into CF's `{description, error_code, code}` envelope, and adds the headers every
//! CF response carries.

use std::sync::Arc;

use actix_web::{
    Error, HttpResponse,
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
    http::header::{HeaderName, HeaderValue},
    middleware::Next,
};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::{
    generated::cloud_foundry::{
        self as api, CfError, CloudFoundryApi, CreateSpaceRequest, CreateSpaceResponse, ResourceMetadata, SpaceEntity,
        SpaceResource,
    },
    rt::{self, Credentials, JsonType, Location, Rejection, RejectionKind, Rule, Violation},
    sources::Sources,
    store::{Event, Space, Store, StoreError},
};

/// How bearer tokens are checked.
#[derive(Debug, Clone)]
pub enum AuthMode {
    /// Any well-formed JWT whose payload names a `user_id` or `client_id`; signature and expiry are not checked,
    /// so the API docs' expired example token works.
    Lenient,
    /// HS256 signature and expiry are verified with this key.
    Strict {
        /// The shared HS256 key.
        key: Vec<u8>,
    },
}

/// The caller a token names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// `user_id`, or `client_id` for a client token.
    pub id: String,
    /// `email`, or empty.
    pub email: String,
    /// `user_name`, or empty.
    pub user_name: String,
    /// The `scope` claim.
    pub scopes: Vec<String>,
}

impl Identity {
    fn may_write(&self) -> bool {
        self.scopes
            .iter()
            .any(|s| s == "cloud_controller.admin" || s == "cloud_controller.write")
    }
}

#[derive(Debug, Deserialize)]
struct Claims {
    user_id: Option<String>,
    client_id: Option<String>,
    email: Option<String>,
    user_name: Option<String>,
    #[serde(default)]
    scope: Vec<String>,
}

/// The Cloud Foundry API over a store.
#[derive(Debug)]
pub struct CloudFoundry<S> {
    store: Arc<S>,
    sources: Arc<Sources>,
    auth: AuthMode,
}

fn error(name: &str, code: i64, description: impl Into<String>) -> CfError {
    CfError {
        description: description.into(),
        error_code: format!("CF-{name}"),
        code,
    }
}

fn parse_error(detail: &str) -> CfError {
    error(
        "MessageParseError",
        1001,
        format!("Request invalid due to parse error: {detail}"),
    )
}

fn invalid_relation(description: String) -> CfError {
    error("InvalidRelation", 1002, description)
}

fn space_invalid(detail: &str) -> CfError {
    error(
        "SpaceInvalid",
        40001,
        format!("The app space info is invalid: {detail}"),
    )
}

fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The Ruby class name the real server prints for a JSON type.
fn ruby_class(json: JsonType) -> &'static str {
    match json {
        JsonType::Null => "NilClass",
        JsonType::Boolean => "true or false",
        JsonType::Integer => "Integer",
        JsonType::Number => "Float",
        JsonType::String => "String",
        JsonType::Array => "Array",
        JsonType::Object => "Hash",
    }
}

/// The top-level field a violation is about (`developer_guids[1]` → `developer_guids`).
fn top_field(violation: &Violation) -> &str {
    violation.field.split(['.', '[']).next().unwrap_or(&violation.field)
}

/// The CF answer to a body that parsed but broke the spec's rules.
fn invalid_body(violations: &[Violation]) -> CfError {
    let constraint = violations
        .iter()
        .find(|v| matches!(v.rule, Rule::Length { .. } | Rule::Pattern));
    if let Some(violation) = constraint {
        return space_invalid(&format!("{} format", top_field(violation)));
    }
    if violations.iter().any(|v| v.field.is_empty()) {
        return parse_error("invalid request body");
    }
    let details: Vec<String> = violations
        .iter()
        .map(|v| {
            let field = top_field(v);
            let message = match &v.rule {
                Rule::Missing | Rule::Null => format!("Missing field {field}"),
                Rule::Type { expected, given } => format!(
                    "Expected instance of {}, given an instance of {}",
                    ruby_class(*expected),
                    ruby_class(*given)
                ),
                Rule::NotInEnum => "Invalid value".to_owned(),
                Rule::Unknown => "Unknown field".to_owned(),
                Rule::Length { .. } | Rule::Range { .. } | Rule::Pattern | Rule::Unconvertible => {
                    "Invalid value".to_owned()
                }
            };
            format!("Field: {field}, Error: {message}")
        })
        .collect();
    parse_error(&details.join(", "))
}

impl<S: Store> CloudFoundry<S> {
    /// The API over `store`, taking ids and time from `sources`.
    pub fn new(store: Arc<S>, sources: Arc<Sources>, auth: AuthMode) -> Self {
        Self { store, sources, auth }
    }

    /// Decodes (lenient) or verifies (strict) a bearer token.
    pub fn authenticate(&self, credentials: &Credentials) -> Result<Identity, CfError> {
        let invalid = || error("InvalidAuthToken", 1000, "Invalid Auth Token");
        let claims: Claims = match &self.auth {
            AuthMode::Lenient => {
                jsonwebtoken::dangerous::insecure_decode_claims(&credentials.secret).map_err(|_| invalid())?
            }
            AuthMode::Strict { key } => {
                let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
                validation.validate_aud = false;
                validation.required_spec_claims = ["exp".to_owned()].into_iter().collect();
                jsonwebtoken::decode::<Claims>(
                    &credentials.secret,
                    &jsonwebtoken::DecodingKey::from_secret(key),
                    &validation,
                )
                .map_err(|_| invalid())?
                .claims
            }
        };
        let id = claims
            .user_id
            .or(claims.client_id)
            .filter(|id| !id.is_empty())
            .ok_or_else(invalid)?;
        Ok(Identity {
            id,
            email: claims.email.unwrap_or_default(),
            user_name: claims.user_name.unwrap_or_default(),
            scopes: claims.scope,
        })
    }

    fn event(&self, kind: &str, who: &Identity, space: &Space, metadata: Value) -> Event {
        Event {
            guid: self.sources.ids.uuid().to_string(),
            kind: kind.to_owned(),
            actor: who.id.clone(),
            actor_type: "user".to_owned(),
            actor_name: who.email.clone(),
            actor_username: who.user_name.clone(),
            actee: space.guid.clone(),
            actee_type: "space".to_owned(),
            actee_name: space.name.clone(),
            timestamp: self.sources.clock.now(),
            metadata,
            space_guid: space.guid.clone(),
            organization_guid: space.organization_guid.clone(),
        }
    }
}

/// A space in the v2 envelope.
pub fn space_resource(space: &Space) -> SpaceResource {
    let url = format!("/v2/spaces/{}", space.guid);
    let link = |rel: &str| format!("{url}/{rel}");
    SpaceResource {
        metadata: ResourceMetadata {
            guid: space.guid.clone(),
            url: url.clone(),
            created_at: timestamp(space.created_at),
            updated_at: space.updated_at.map(timestamp),
        },
        entity: SpaceEntity {
            name: space.name.clone(),
            organization_guid: space.organization_guid.clone(),
            is_default: false,
            space_quota_definition_guid: space.space_quota_definition_guid.clone(),
            isolation_segment_guid: space.isolation_segment_guid.clone(),
            allow_ssh: space.allow_ssh,
            organization_url: format!("/v2/organizations/{}", space.organization_guid),
            isolation_segment_url: space
                .isolation_segment_guid
                .as_ref()
                .map(|g| format!("/v3/isolation_segments/{g}")),
            space_quota_definition_url: space
                .space_quota_definition_guid
                .as_ref()
                .map(|g| format!("/v2/space_quota_definitions/{g}")),
            developers_url: link("developers"),
            managers_url: link("managers"),
            auditors_url: link("auditors"),
            apps_url: link("apps"),
            routes_url: link("routes"),
            domains_url: link("domains"),
            service_instances_url: link("service_instances"),
            app_events_url: link("app_events"),
            events_url: link("events"),
            security_groups_url: link("security_groups"),
            staging_security_groups_url: link("staging_security_groups"),
        },
    }
}

impl<S: Store> CloudFoundryApi for CloudFoundry<S> {
    async fn create_space(&self, request: CreateSpaceRequest) -> CreateSpaceResponse {
        use CreateSpaceResponse as R;
        let who = match self.authenticate(&request.credentials) {
            Ok(who) => who,
            Err(error) => return R::Unauthorized(error),
        };
        let body = request.body;
        match self.store.organization(&body.organization_guid).await {
            Ok(_) => {}
            Err(StoreError::NotFound { .. }) => {
                return R::BadRequest(invalid_relation(format!(
                    "Could not find Organization with guid: {}",
                    body.organization_guid
                )));
            }
            Err(other) => return R::BadRequest(store_failure(&other)),
        }
        let users = [&body.developer_guids, &body.manager_guids, &body.auditor_guids];
        if let Some(user) = users.iter().find_map(|list| list.as_ref().and_then(|l| l.first())) {
            // spaceport keeps no users yet, so every user guid is unknown.
            return R::BadRequest(invalid_relation(format!(
                "Could not find VCAP::CloudController::User with guid: {user}"
            )));
        }
        if let Some(group) = body.security_group_guids.as_ref().and_then(|l| l.first()) {
            return R::BadRequest(invalid_relation(format!(
                "Could not find VCAP::CloudController::SecurityGroup with guid: {group}"
            )));
        }
        if let Some(quota) = &body.space_quota_definition_guid {
            return R::BadRequest(invalid_relation(format!(
                "Could not find SpaceQuotaDefinition with guid: {quota}"
            )));
        }
        if let Some(segment) = &body.isolation_segment_guid {
            return R::BadRequest(invalid_relation(format!(
                "Could not find IsolationSegmentModel with guid: {segment}"
            )));
        }
        let name = body.name.trim();
        if name.is_empty() {
            return R::BadRequest(space_invalid("name presence"));
        }
        if name.chars().any(char::is_control) {
            return R::BadRequest(space_invalid("name format"));
        }
        if !who.may_write() {
            return R::Forbidden(error(
                "InsufficientScope",
                10007,
                "Your token lacks the necessary scopes to access this resource.",
            ));
        }
        let space = Space {
            guid: self.sources.ids.uuid().to_string(),
            name: name.to_owned(),
            organization_guid: body.organization_guid.clone(),
            allow_ssh: body.allow_ssh.unwrap_or(true),
            isolation_segment_guid: None,
            space_quota_definition_guid: None,
            created_at: self.sources.clock.now(),
            updated_at: None,
        };
        let mut accepted = Map::new();
        accepted.insert("name".into(), json!(space.name));
        accepted.insert("organization_guid".into(), json!(space.organization_guid));
        accepted.insert("allow_ssh".into(), json!(space.allow_ssh));
        let event = self.event("audit.space.create", &who, &space, json!({ "request": accepted }));
        match self.store.create_space(space, event).await {
            Ok(space) => {
                let body = space_resource(&space);
                R::Created {
                    location: body.metadata.url.clone(),
                    body,
                }
            }
            Err(StoreError::Conflict { .. }) => R::BadRequest(error(
                "SpaceNameTaken",
                40002,
                format!("The app space name is taken: {}", body.name),
            )),
            Err(StoreError::NotFound { .. }) => R::BadRequest(invalid_relation(format!(
                "Could not find Organization with guid: {}",
                body.organization_guid
            ))),
            Err(other) => R::BadRequest(store_failure(&other)),
        }
    }

    fn reject(&self, rejection: Rejection) -> HttpResponse {
        let (status, body) = match &rejection.kind {
            RejectionKind::NotFound | RejectionKind::MethodNotAllowed { .. } => {
                (404, error("NotFound", 10000, "Unknown request"))
            }
            RejectionKind::MissingCredentials => (401, error("NotAuthenticated", 10002, "Authentication error")),
            RejectionKind::UnsupportedMediaType => (
                400,
                error(
                    "InvalidContentType",
                    1003,
                    "Invalid content type, expected: application/json",
                ),
            ),
            RejectionKind::BodyTooLarge { limit } => (400, parse_error(&format!("the body exceeds {limit} bytes"))),
            RejectionKind::EmptyBody => (400, parse_error("Decoded JSON cannot be nil")),
            RejectionKind::MalformedBody { .. } => (400, parse_error("invalid JSON")),
            RejectionKind::Invalid {
                location: Location::Body,
                violations,
            } => (400, invalid_body(violations)),
            RejectionKind::Invalid { violations, .. } => {
                let field = violations.first().map_or("", top_field);
                (
                    400,
                    error(
                        "BadQueryParameter",
                        10005,
                        format!("The query parameter is invalid: {field}"),
                    ),
                )
            }
        };
        rt::respond_with_body(status, Vec::new(), api::JSON_MEDIA_TYPE, &body)
    }
}

/// A store that could not answer: CF's `ServerError`, logged with its cause.
fn store_failure(failure: &StoreError) -> CfError {
    tracing::error!(%failure, "the store failed");
    error("ServerError", 10001, "Server error")
}

/// The `X-VCAP-Request-ID` for a response: the caller's id (cleaned to `[A-Za-z0-9_-]`, at most 255 characters)
/// followed by `::` and a new id, or the new id alone.
pub fn request_id(incoming: Option<&str>, new: &str) -> String {
    let cleaned: String = incoming
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .take(255)
        .collect();
    if cleaned.is_empty() {
        new.to_owned()
    } else {
        format!("{cleaned}::{new}")
    }
}

/// Middleware adding `X-VCAP-Request-ID` and `X-Content-Type-Options: nosniff` to every response, as the real
/// server does.
pub async fn headers(
    sources: Arc<Sources>,
    applies: bool,
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    if !applies {
        return next.call(request).await;
    }
    let incoming = ["x-vcap-request-id", "x-request-id"]
        .iter()
        .find_map(|name| request.headers().get(*name).and_then(|v| v.to_str().ok()))
        .map(str::to_owned);
    let id = request_id(incoming.as_deref(), &sources.ids.uuid().to_string());
    let mut response = next.call(request).await?;
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&id) {
        headers.insert(HeaderName::from_static("x-vcap-request-id"), value);
    }
    headers.insert(
        HeaderName::from_static("x-content-type-options"),
        HeaderValue::from_static("nosniff"),
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_incoming_request_id_is_cleaned_and_prefixed() {
        assert_eq!(request_id(Some("abc 12/3"), "new"), "abc123::new");
        assert_eq!(request_id(None, "new"), "new");
        assert_eq!(request_id(Some("%%%"), "new"), "new");
    }
}
