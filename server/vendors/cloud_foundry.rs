//! Cloud Foundry Cloud Controller v2: implements the generated [`CloudFoundryApi`] against the [`Store`], maps
//! rejections and store errors into CF's `{description, error_code, code}` envelope (UAA's `{error,
//! error_description}` on the token endpoint), and adds the headers every CF response carries.

mod auth;
mod hs256;
mod query;

use std::{collections::BTreeSet, sync::Arc};

use actix_web::{
    Error, HttpResponse,
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
    http::header::{HeaderName, HeaderValue},
    middleware::Next,
};
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value, json};

pub use self::auth::{Access, AuthMode, Identity};
use self::{
    auth::{ACCESS_SECONDS, Claims, Keys, REFRESH_SECONDS, Refusal},
    query::{Filter, Page, Paging, parse_filters},
};
use crate::{
    fixtures::DEFAULT_QUOTA_GUID,
    generated::cloud_foundry::{
        self as api, CfError, CloudFoundryApi, CreateOrganizationRequest, CreateOrganizationResponse,
        CreateSpaceRequest, CreateSpaceResponse, CreateTokenRequest, CreateTokenResponse, DeleteOrganizationRequest,
        DeleteOrganizationResponse, DeleteSpaceRequest, DeleteSpaceResponse, EventEntity, EventList, EventResource,
        GetEventRequest, GetEventResponse, GetInfoRequest, GetInfoResponse, GetJobRequest, GetJobResponse,
        GetOrganizationRequest, GetOrganizationResponse, GetQuotaDefinitionRequest, GetQuotaDefinitionResponse,
        GetRootResponse, GetSpaceRequest, GetSpaceResponse, GrantType, Info, JobEntity, JobMetadata, JobResource, Link,
        ListEventsRequest, ListEventsResponse, ListOrganizationRelationPath, ListOrganizationRelationRequest,
        ListOrganizationRelationResponse, ListOrganizationSpacesRequest, ListOrganizationSpacesResponse,
        ListOrganizationsRequest, ListOrganizationsResponse, ListQuotaDefinitionsRequest, ListQuotaDefinitionsResponse,
        ListSpaceEventsRequest, ListSpaceEventsResponse, ListSpaceRelationPath, ListSpaceRelationRequest,
        ListSpaceRelationResponse, ListSpacesRequest, ListSpacesResponse, OAuthError, Operation, OrderBy,
        OrderDirection, OrganizationEntity, OrganizationList, OrganizationResource, OrganizationStatus,
        QuotaDefinitionEntity, QuotaDefinitionList, QuotaDefinitionResource, RelatedList, ResourceMetadata, Root,
        RootLinks, Scheme, SpaceEntity, SpaceList, SpaceResource, Token, UpdateOrganizationRequest,
        UpdateOrganizationResponse, UpdateSpaceRequest, UpdateSpaceResponse,
    },
    rt::{self, JsonType, Location, RejectionKind, Rule, Violation},
    sources::Sources,
    store::{
        Comparison, Event, EventAttribute, EventCondition, EventSelection, Job, Organization, OrganizationChanges,
        Space, SpaceAttribute, SpaceChanges, SpaceCondition, SpaceOrder, SpaceSelection, Store, StoreError,
        TimeCondition, User,
    },
};

/// The v2 API version spaceport reports.
pub const API_VERSION: &str = "2.293.0";

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

fn organization_invalid(detail: &str) -> CfError {
    error(
        "OrganizationInvalid",
        30001,
        format!("The organization info is invalid: {detail}"),
    )
}

fn bad_query(detail: &str) -> CfError {
    error(
        "BadQueryParameter",
        10005,
        format!("The query parameter is invalid: {detail}"),
    )
}

fn space_not_found(guid: &str) -> CfError {
    error(
        "SpaceNotFound",
        40004,
        format!("The app space could not be found: {guid}"),
    )
}

fn organization_not_found(guid: &str) -> CfError {
    error(
        "OrganizationNotFound",
        30003,
        format!("The organization could not be found: {guid}"),
    )
}

fn unknown_user(guid: &str) -> CfError {
    invalid_relation(format!("Could not find VCAP::CloudController::User with guid: {guid}"))
}

fn oauth_error(error: &str, description: impl Into<String>) -> OAuthError {
    OAuthError {
        error: error.to_owned(),
        error_description: description.into(),
    }
}

/// The 403 for a caller whose scopes do not allow an operation.
fn refusal_error(refusal: Refusal) -> CfError {
    match refusal {
        Refusal::InsufficientScope => error(
            "InsufficientScope",
            10007,
            "Your token lacks the necessary scopes to access this resource.",
        ),
        Refusal::NotAuthorized => error(
            "NotAuthorized",
            10003,
            "You are not authorized to perform the requested action",
        ),
    }
}

/// A store that could not answer: CF's `ServerError`, logged with its cause.
fn server_error(failure: &StoreError) -> CfError {
    tracing::error!(%failure, "the store failed");
    error("ServerError", 10001, "Server error")
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
fn invalid_body(operation: Option<Operation>, violations: &[Violation]) -> CfError {
    let constraint = violations
        .iter()
        .find(|v| matches!(v.rule, Rule::Length { .. } | Rule::Pattern));
    if let Some(violation) = constraint {
        let detail = format!("{} format", top_field(violation));
        return match operation {
            Some(Operation::CreateOrganization | Operation::UpdateOrganization) => organization_invalid(&detail),
            _ => space_invalid(&detail),
        };
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

/// The CF answer to a query parameter that broke the spec's rules.
fn invalid_query(violations: &[Violation]) -> CfError {
    let Some(violation) = violations.first() else {
        return bad_query("");
    };
    let name = violation.field.replace('-', "_");
    let detail = match (&violation.rule, violation.field.as_str()) {
        (
            Rule::Range {
                max: Some(max),
                above: true,
                ..
            },
            _,
        ) => format!("{name} must be <= {max}"),
        (Rule::Range { min: Some(min), .. }, _) => format!("{name} must be >= {min}"),
        (Rule::NotInEnum, "order-direction") => format!("{name} must be 'asc' or 'desc'"),
        (Rule::NotInEnum, "order-by") => format!("{name} must be 'id' or 'name'"),
        (
            Rule::Type {
                expected: JsonType::Boolean,
                ..
            },
            _,
        ) => format!("{name} must be true or false"),
        (Rule::Type { .. }, _) => format!("{name} must be an integer"),
        _ => name,
    };
    bad_query(&detail)
}

/// Answers an operation's 401 or 403 from a failed gate, or goes on with the identity.
macro_rules! gate {
    ($self:ident, $credentials:expr, $access:expr, $response:ident) => {
        match $self.gate($credentials, $access).await {
            Ok(identity) => identity,
            Err(Gate::Unauthenticated(error)) => return $response::Unauthorized(error),
            Err(Gate::Refused(error)) => return $response::Forbidden(error),
            Err(Gate::Failed(error)) => return $response::InternalServerError(error),
        }
    };
}

/// Answers an operation's 500 from a store failure, or goes on with the value.
macro_rules! stored {
    ($result:expr, $response:ident) => {
        match $result {
            Ok(value) => value,
            Err(failure) => return $response::InternalServerError(server_error(&failure)),
        }
    };
}

/// The record a store read found; otherwise the operation's 404 with `$missing`, or its 500.
macro_rules! found {
    ($result:expr, $response:ident, $missing:expr) => {
        match $result {
            Ok(value) => value,
            Err(StoreError::NotFound { .. }) => return $response::NotFound($missing),
            Err(failure) => return $response::InternalServerError(server_error(&failure)),
        }
    };
}

/// Why a caller did not get through.
enum Gate {
    /// 401: no identity.
    Unauthenticated(CfError),
    /// 403: an identity without the right.
    Refused(CfError),
    /// 500: the store failed.
    Failed(CfError),
}

/// A list query's common parameters, from whichever generated query struct carried them.
struct ListQuery<'q> {
    q: &'q [String],
    page: Option<i64>,
    per_page: Option<i64>,
    direction: Option<OrderDirection>,
    order_by: Option<OrderBy>,
    depth: Option<i64>,
}

impl ListQuery<'_> {
    fn paging(&self) -> Paging {
        Paging {
            page: self.page.unwrap_or(1),
            per_page: self.per_page.unwrap_or(50),
            descending: self.direction == Some(OrderDirection::Desc),
            order_by: self.order_by.map(|o| o.as_str().to_owned()),
            depth: self.depth,
            q: self.q.to_vec(),
        }
    }
}

/// The list parameters of a generated query struct; those without `order-by` or `inline-relations-depth` name
/// what stands in for them.
macro_rules! list_query {
    ($query:expr) => {
        list_query!($query, order_by: $query.order_by, depth: $query.inline_relations_depth)
    };
    ($query:expr, order_by: $order_by:expr, depth: $depth:expr) => {
        ListQuery {
            q: $query.q.as_deref().unwrap_or_default(),
            page: $query.page,
            per_page: $query.results_per_page,
            direction: $query.order_direction,
            order_by: $order_by,
            depth: $depth,
        }
    };
}

/// The store conditions for a space list's `q` filters.
fn space_conditions(filters: Vec<Filter>) -> Vec<SpaceCondition> {
    filters
        .into_iter()
        .map(|filter| SpaceCondition {
            attribute: match filter.key.as_str() {
                "name" => SpaceAttribute::Name,
                "organization_guid" => SpaceAttribute::OrganizationGuid,
                "isolation_segment_guid" => SpaceAttribute::IsolationSegmentGuid,
                // spaceport keeps no developers or apps, so these filters match nothing.
                _ => SpaceAttribute::Unkept,
            },
            comparison: filter.op,
            operands: filter.values,
        })
        .collect()
}

const SPACE_FILTERS: &[&str] = &[
    "name",
    "organization_guid",
    "developer_guid",
    "app_guid",
    "isolation_segment_guid",
];

fn space_list(page: Page<Space>) -> SpaceList {
    SpaceList {
        total_results: page.total_results,
        total_pages: page.total_pages,
        prev_url: page.prev_url,
        next_url: page.next_url,
        resources: page.resources.iter().map(space_resource).collect(),
    }
}

/// The deployment's default organization quota, which every organization is attached to, with a stock
/// deployment's limits: 10 GB of memory, 100 service instances, 1000 routes, no reserved route ports, the rest
/// unlimited (-1).
fn default_quota(created_at: DateTime<Utc>) -> QuotaDefinitionResource {
    QuotaDefinitionResource {
        metadata: ResourceMetadata {
            guid: DEFAULT_QUOTA_GUID.to_owned(),
            url: format!("/v2/quota_definitions/{DEFAULT_QUOTA_GUID}"),
            created_at: timestamp(created_at),
            updated_at: None,
        },
        entity: QuotaDefinitionEntity {
            name: "default".to_owned(),
            non_basic_services_allowed: true,
            total_services: 100,
            total_routes: 1000,
            total_private_domains: -1,
            memory_limit: 10240,
            trial_db_allowed: false,
            instance_memory_limit: -1,
            app_instance_limit: -1,
            app_task_limit: -1,
            total_service_keys: -1,
            total_reserved_route_ports: 0,
        },
    }
}

/// An empty page of a collection spaceport keeps nothing in, with the paging links the real server writes.
fn empty_list(list: &ListQuery<'_>, path: &str) -> RelatedList {
    let page = list.paging().page_of::<Map<String, Value>>(0, Vec::new(), path);
    RelatedList {
        total_results: page.total_results,
        total_pages: page.total_pages,
        prev_url: page.prev_url,
        next_url: page.next_url,
        resources: page.resources,
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

fn organization_status(status: &str) -> OrganizationStatus {
    if status == "suspended" {
        OrganizationStatus::Suspended
    } else {
        OrganizationStatus::Active
    }
}

fn status_text(status: OrganizationStatus) -> &'static str {
    match status {
        OrganizationStatus::Active => "active",
        OrganizationStatus::Suspended => "suspended",
    }
}

/// An organization in the v2 envelope.
pub fn organization_resource(organization: &Organization) -> OrganizationResource {
    let url = format!("/v2/organizations/{}", organization.guid);
    let link = |rel: &str| format!("{url}/{rel}");
    OrganizationResource {
        metadata: ResourceMetadata {
            guid: organization.guid.clone(),
            url: url.clone(),
            created_at: timestamp(organization.created_at),
            updated_at: organization.updated_at.map(timestamp),
        },
        entity: OrganizationEntity {
            name: organization.name.clone(),
            billing_enabled: organization.billing_enabled,
            quota_definition_guid: organization.quota_definition_guid.clone(),
            status: organization_status(&organization.status),
            default_isolation_segment_guid: None,
            quota_definition_url: format!("/v2/quota_definitions/{}", organization.quota_definition_guid),
            spaces_url: link("spaces"),
            domains_url: link("domains"),
            private_domains_url: link("private_domains"),
            users_url: link("users"),
            managers_url: link("managers"),
            billing_managers_url: link("billing_managers"),
            auditors_url: link("auditors"),
            app_events_url: link("app_events"),
            space_quota_definitions_url: link("space_quota_definitions"),
        },
    }
}

fn event_resource(event: &Event) -> EventResource {
    EventResource {
        metadata: ResourceMetadata {
            guid: event.guid.clone(),
            url: format!("/v2/events/{}", event.guid),
            created_at: timestamp(event.timestamp),
            updated_at: None,
        },
        entity: EventEntity {
            type_: event.kind.clone(),
            actor: event.actor.clone(),
            actor_type: event.actor_type.clone(),
            actor_name: event.actor_name.clone(),
            actor_username: event.actor_username.clone(),
            actee: event.actee.clone(),
            actee_type: event.actee_type.clone(),
            actee_name: event.actee_name.clone(),
            timestamp: timestamp(event.timestamp),
            metadata: event.metadata.as_object().cloned().unwrap_or_default(),
            space_guid: event.space_guid.clone(),
            organization_guid: event.organization_guid.clone(),
        },
    }
}

fn job_resource(job: &Job) -> JobResource {
    JobResource {
        metadata: JobMetadata {
            guid: job.guid.clone(),
            created_at: timestamp(job.created_at),
            url: format!("/v2/jobs/{}", job.guid),
        },
        entity: JobEntity {
            guid: job.guid.clone(),
            status: "finished".to_owned(),
        },
    }
}

/// A name as CF saves it (stripped), or the detail of its `*Invalid` error.
fn clean_name(name: &str) -> Result<String, &'static str> {
    let name = name.trim();
    if name.is_empty() {
        Err("name presence")
    } else if name.chars().any(char::is_control) {
        Err("name format")
    } else {
        Ok(name.to_owned())
    }
}

/// The first guid in any of these relation lists: spaceport keeps no users, so each is unknown.
fn first_user<'a>(lists: &[&'a Option<Option<Vec<String>>>]) -> Option<&'a String> {
    lists.iter().find_map(|list| list.as_ref()?.as_ref()?.first())
}

/// The accepted request fields of a write, for the audit event's `metadata.request`.
fn request_metadata(fields: impl IntoIterator<Item = (&'static str, Value)>) -> Value {
    let request: Map<String, Value> = fields
        .into_iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    json!({ "request": request })
}

impl<S: Store> CloudFoundry<S> {
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

    /// The identity a bearer token names: a fixtures token, or a JWT (decoded in lenient mode, verified in
    /// strict mode).
    pub async fn authenticate(
        &self,
        credentials: &rt::Credentials<Scheme>,
    ) -> Result<Result<Identity, CfError>, StoreError> {
        if let Some(user) = self.store.user_for_token(&credentials.secret).await? {
            return Ok(Ok(identity_of(&user)));
        }
        let claims = match self.auth {
            AuthMode::Lenient => Keys::decode_unverified(&credentials.secret),
            AuthMode::Strict => self.keys.verify(&credentials.secret, self.sources.clock.now()),
        };
        Ok(claims
            .filter(|c| c.token_use.as_deref() != Some("refresh"))
            .and_then(Claims::identity)
            .ok_or_else(|| error("InvalidAuthToken", 1000, "Invalid Auth Token")))
    }

    async fn gate(&self, credentials: &rt::Credentials<Scheme>, access: Access) -> Result<Identity, Gate> {
        let identity = self
            .authenticate(credentials)
            .await
            .map_err(|failure| Gate::Failed(server_error(&failure)))?
            .map_err(Gate::Unauthenticated)?;
        identity
            .allow(access)
            .map_err(|refusal| Gate::Refused(refusal_error(refusal)))?;
        Ok(identity)
    }

    #[allow(
        clippy::too_many_arguments,
        reason = "an audit event has this many facts, all from the caller"
    )]
    fn event(
        &self,
        kind: &str,
        who: &Identity,
        actee: &str,
        actee_type: &str,
        actee_name: &str,
        space_guid: &str,
        organization_guid: &str,
        metadata: Value,
    ) -> Event {
        Event {
            guid: self.sources.ids.uuid().to_string(),
            kind: kind.to_owned(),
            actor: who.id.clone(),
            actor_type: "user".to_owned(),
            actor_name: who.email.clone(),
            actor_username: who.user_name.clone(),
            actee: actee.to_owned(),
            actee_type: actee_type.to_owned(),
            actee_name: actee_name.to_owned(),
            timestamp: self.sources.clock.now(),
            metadata,
            space_guid: space_guid.to_owned(),
            organization_guid: organization_guid.to_owned(),
        }
    }

    fn space_event(&self, kind: &str, who: &Identity, space: &Space, metadata: Value) -> Event {
        self.event(
            kind,
            who,
            &space.guid,
            "space",
            &space.name,
            &space.guid,
            &space.organization_guid,
            metadata,
        )
    }

    fn organization_event(&self, kind: &str, who: &Identity, organization: &Organization, metadata: Value) -> Event {
        self.event(
            kind,
            who,
            &organization.guid,
            "organization",
            &organization.name,
            "",
            &organization.guid,
            metadata,
        )
    }

    fn job(&self) -> Job {
        Job {
            guid: self.sources.ids.uuid().to_string(),
            created_at: self.sources.clock.now(),
        }
    }

    /// Lists spaces for `GET /v2/spaces` and `GET /v2/organizations/{guid}/spaces`.
    async fn list_spaces_of(
        &self,
        organization: Option<&str>,
        query: &ListQuery<'_>,
        path: &str,
    ) -> Result<Result<SpaceList, CfError>, StoreError> {
        let filters = match parse_filters(query.q, SPACE_FILTERS) {
            Ok(filters) => filters,
            Err(key) => return Ok(Err(bad_query(&key))),
        };
        let paging = query.paging();
        let (offset, limit) = paging.window();
        let selection = SpaceSelection {
            organization: organization.map(str::to_owned),
            conditions: space_conditions(filters),
            order: match query.order_by {
                Some(OrderBy::Name) => SpaceOrder::Name,
                Some(OrderBy::Id) | None => SpaceOrder::Creation,
            },
            descending: paging.descending,
            offset,
            limit,
        };
        let slice = self.store.select_spaces(&selection).await?;
        Ok(Ok(space_list(paging.page_of(slice.total, slice.items, path))))
    }

    /// Lists audit events for `GET /v2/events` and (with `space`) `GET /v2/spaces/{guid}/events`.
    async fn list_events_of(
        &self,
        space: Option<&str>,
        list: &ListQuery<'_>,
        path: &str,
    ) -> Result<Result<EventList, CfError>, StoreError> {
        let allowed = ["timestamp", "type", "actee", "space_guid", "organization_guid"];
        let filters = match parse_filters(list.q, &allowed) {
            Ok(filters) => filters,
            Err(key) => return Ok(Err(bad_query(&key))),
        };
        let mut selection = EventSelection::default();
        if let Some(guid) = space {
            selection.conditions.push(EventCondition {
                attribute: EventAttribute::SpaceGuid,
                comparison: Comparison::Eq,
                operands: vec![guid.to_owned()],
            });
        }
        for filter in filters {
            let attribute = match filter.key.as_str() {
                "type" => EventAttribute::Kind,
                "actee" => EventAttribute::Actee,
                "space_guid" => EventAttribute::SpaceGuid,
                "organization_guid" => EventAttribute::OrganizationGuid,
                "timestamp" => {
                    let instants: Result<Vec<DateTime<Utc>>, _> = filter
                        .values
                        .iter()
                        .map(|v| DateTime::parse_from_rfc3339(v).map(|t| t.with_timezone(&Utc)))
                        .collect();
                    match instants {
                        Ok(instants) => selection.times.push(TimeCondition {
                            comparison: filter.op,
                            instants,
                        }),
                        Err(_) => return Ok(Err(bad_query("timestamp"))),
                    }
                    continue;
                }
                // `parse_filters` admits only the keys above.
                _ => continue,
            };
            selection.conditions.push(EventCondition {
                attribute,
                comparison: filter.op,
                operands: filter.values,
            });
        }
        let paging = list.paging();
        (selection.offset, selection.limit) = paging.window();
        selection.descending = paging.descending;
        let slice = self.store.select_events(&selection).await?;
        let page = paging.page_of(slice.total, slice.items, path);
        Ok(Ok(EventList {
            total_results: page.total_results,
            total_pages: page.total_pages,
            prev_url: page.prev_url,
            next_url: page.next_url,
            resources: page.resources.iter().map(event_resource).collect(),
        }))
    }

    fn token_pair(&self, user: &User, scopes: Vec<String>) -> Option<Token> {
        let now = self.sources.clock.now().timestamp();
        let jti = self.sources.ids.uuid().simple().to_string();
        let base = Claims {
            user_id: Some(user.guid.clone()),
            user_name: Some(user.username.clone()),
            email: Some(user.email.clone()),
            client_id: Some("cf".to_owned()),
            scope: scopes.clone(),
            aud: vec!["cloud_controller".to_owned(), "openid".to_owned()],
            iss: Some(format!("{}/oauth/token", self.public_url)),
            iat: Some(now),
            ..Claims::default()
        };
        let access = Claims {
            jti: Some(jti.clone()),
            exp: Some(now + ACCESS_SECONDS),
            token_use: Some("access".to_owned()),
            ..base.clone()
        };
        let refresh = Claims {
            jti: Some(format!("{jti}-r")),
            exp: Some(now + REFRESH_SECONDS),
            token_use: Some("refresh".to_owned()),
            ..base
        };
        Some(Token {
            access_token: self.keys.sign(&access)?,
            token_type: "bearer".to_owned(),
            refresh_token: self.keys.sign(&refresh)?,
            expires_in: ACCESS_SECONDS,
            scope: scopes.join(" "),
            jti,
        })
    }
}

fn identity_of(user: &User) -> Identity {
    Identity {
        id: user.guid.clone(),
        email: user.email.clone(),
        user_name: user.username.clone(),
        scopes: user.scopes.clone(),
    }
}

/// The scopes a token gets: what the user has, narrowed to `requested` when that names any.
fn granted_scopes(user: &User, requested: Option<&str>) -> Vec<String> {
    let requested: Vec<&str> = requested.unwrap_or_default().split_whitespace().collect();
    user.scopes
        .iter()
        .filter(|s| requested.is_empty() || requested.contains(&s.as_str()))
        .cloned()
        .collect()
}

impl<S: Store> CloudFoundryApi for CloudFoundry<S> {
    async fn get_root(&self, _request: api::GetRootRequest) -> GetRootResponse {
        let link = |href: String| Link { href, meta: None };
        let mut v2 = link(format!("{}/v2", self.public_url));
        v2.meta = Some(
            json!({ "version": API_VERSION })
                .as_object()
                .cloned()
                .unwrap_or_default(),
        );
        GetRootResponse::Ok(Root {
            links: RootLinks {
                self_: link(self.public_url.clone()),
                cloud_controller_v2: v2,
                login: link(self.public_url.clone()),
                uaa: link(self.public_url.clone()),
            },
        })
    }

    async fn get_info(&self, request: GetInfoRequest) -> GetInfoResponse {
        let user = match &request.credentials {
            Some(credentials) => match self.authenticate(credentials).await {
                Ok(Ok(identity)) => Some(identity.id),
                _ => None,
            },
            None => None,
        };
        GetInfoResponse::Ok(Info {
            name: "spaceport".to_owned(),
            build: env!("CARGO_PKG_VERSION").to_owned(),
            support: "https://github.com/spaceport".to_owned(),
            version: 2,
            description: "Cloud Foundry Cloud Controller v2, emulated by spaceport".to_owned(),
            authorization_endpoint: self.public_url.clone(),
            token_endpoint: self.public_url.clone(),
            min_cli_version: None,
            min_recommended_cli_version: None,
            app_ssh_endpoint: None,
            app_ssh_host_key_fingerprint: None,
            app_ssh_oauth_client: None,
            doppler_logging_endpoint: None,
            api_version: API_VERSION.to_owned(),
            osbapi_version: "2.15".to_owned(),
            user,
        })
    }

    async fn create_token(&self, request: CreateTokenRequest) -> CreateTokenResponse {
        use CreateTokenResponse as R;
        let body = request.body;
        let user = match body.grant_type {
            GrantType::Password => {
                let (Some(username), Some(password)) = (&body.username, &body.password) else {
                    return R::BadRequest(oauth_error("invalid_request", "Missing username or password"));
                };
                match self.store.user_by_name(username).await {
                    Ok(Some(user)) if user.password == *password => user,
                    Ok(_) => return R::Unauthorized(oauth_error("unauthorized", "Bad credentials")),
                    Err(failure) => {
                        tracing::error!(%failure, "the store failed");
                        return R::InternalServerError(oauth_error("server_error", "Internal Server Error"));
                    }
                }
            }
            GrantType::RefreshToken => {
                let Some(token) = &body.refresh_token else {
                    return R::BadRequest(oauth_error("invalid_request", "Missing refresh_token"));
                };
                let invalid = || R::Unauthorized(oauth_error("invalid_token", "Invalid refresh token"));
                let Some(claims) = self.keys.verify(token, self.sources.clock.now()) else {
                    return invalid();
                };
                if claims.token_use.as_deref() != Some("refresh") {
                    return invalid();
                }
                match self.store.user(claims.user_id.as_deref().unwrap_or_default()).await {
                    Ok(Some(user)) => user,
                    Ok(None) => return invalid(),
                    Err(failure) => {
                        tracing::error!(%failure, "the store failed");
                        return R::InternalServerError(oauth_error("server_error", "Internal Server Error"));
                    }
                }
            }
        };
        let scopes = granted_scopes(&user, body.scope.as_deref());
        match self.token_pair(&user, scopes) {
            Some(token) => R::Ok(token),
            None => R::InternalServerError(oauth_error("server_error", "Internal Server Error")),
        }
    }

    async fn list_organizations(&self, request: ListOrganizationsRequest) -> ListOrganizationsResponse {
        use ListOrganizationsResponse as R;
        gate!(self, &request.credentials, Access::Read, R);
        let query = &request.query;
        let list = list_query!(query);
        let allowed = [
            "name",
            "status",
            "space_guid",
            "user_guid",
            "manager_guid",
            "billing_manager_guid",
            "auditor_guid",
        ];
        let filters = match parse_filters(list.q, &allowed) {
            Ok(filters) => filters,
            Err(key) => return R::BadRequest(bad_query(&key)),
        };
        // Per `space_guid` filter, the organizations holding a space it names.
        let mut holders = Vec::with_capacity(filters.len());
        for filter in &filters {
            if filter.key != "space_guid" {
                holders.push(BTreeSet::new());
                continue;
            }
            let named = SpaceSelection {
                conditions: vec![SpaceCondition {
                    attribute: SpaceAttribute::Guid,
                    comparison: filter.op,
                    operands: filter.values.clone(),
                }],
                limit: usize::MAX,
                ..SpaceSelection::default()
            };
            let spaces = stored!(self.store.select_spaces(&named).await, R).items;
            holders.push(spaces.into_iter().map(|s| s.organization_guid).collect::<BTreeSet<_>>());
        }
        let organizations = stored!(self.store.organizations().await, R);
        let mut selected: Vec<Organization> = organizations
            .into_iter()
            .filter(|org| {
                filters.iter().zip(&holders).all(|(f, holders)| match f.key.as_str() {
                    "name" => f.matches(Some(&org.name), true),
                    "status" => f.matches(Some(&org.status), false),
                    "space_guid" => holders.contains(&org.guid),
                    // spaceport keeps no org roles, so user filters match nothing.
                    _ => false,
                })
            })
            .collect();
        if list.order_by == Some(OrderBy::Name) {
            selected.sort_by_key(|org| org.name.to_lowercase());
        }
        let page = list.paging().apply(selected, "/v2/organizations");
        R::Ok(OrganizationList {
            total_results: page.total_results,
            total_pages: page.total_pages,
            prev_url: page.prev_url,
            next_url: page.next_url,
            resources: page.resources.iter().map(organization_resource).collect(),
        })
    }

    async fn create_organization(&self, request: CreateOrganizationRequest) -> CreateOrganizationResponse {
        use CreateOrganizationResponse as R;
        let who = gate!(self, &request.credentials, Access::Write, R);
        let body = request.body;
        if let Some(quota) = body
            .quota_definition_guid
            .clone()
            .flatten()
            .filter(|q| *q != DEFAULT_QUOTA_GUID)
        {
            return R::BadRequest(invalid_relation(format!(
                "Could not find QuotaDefinition with guid: {quota}"
            )));
        }
        let users = [
            &body.user_guids,
            &body.manager_guids,
            &body.billing_manager_guids,
            &body.auditor_guids,
        ];
        if let Some(user) = first_user(&users) {
            return R::BadRequest(unknown_user(user));
        }
        let name = match clean_name(&body.name) {
            Ok(name) => name,
            Err(detail) => return R::BadRequest(organization_invalid(detail)),
        };
        if who.allow(Access::Admin).is_err() {
            // A writer who is no admin has scopes, just not this right: NotAuthorized, not InsufficientScope.
            return R::Forbidden(refusal_error(Refusal::NotAuthorized));
        }
        let organization = Organization {
            guid: self.sources.ids.uuid().to_string(),
            name,
            status: status_text(body.status.unwrap_or(OrganizationStatus::Active)).to_owned(),
            billing_enabled: body.billing_enabled.flatten().unwrap_or(false),
            quota_definition_guid: DEFAULT_QUOTA_GUID.to_owned(),
            created_at: self.sources.clock.now(),
            updated_at: None,
        };
        let metadata = request_metadata([
            ("name", json!(organization.name)),
            ("status", json!(organization.status)),
            ("billing_enabled", json!(organization.billing_enabled)),
        ]);
        let event = self.organization_event("audit.organization.create", &who, &organization, metadata);
        match self.store.create_organization(organization, Some(event)).await {
            Ok(organization) => {
                let body = organization_resource(&organization);
                R::Created {
                    location: body.metadata.url.clone(),
                    body,
                }
            }
            Err(StoreError::Conflict { .. }) => R::BadRequest(error(
                "OrganizationNameTaken",
                30002,
                format!("The organization name is taken: {}", body.name),
            )),
            Err(failure) => R::InternalServerError(server_error(&failure)),
        }
    }

    async fn get_organization(&self, request: GetOrganizationRequest) -> GetOrganizationResponse {
        use GetOrganizationResponse as R;
        gate!(self, &request.credentials, Access::Read, R);
        match self.store.organization(&request.path.guid).await {
            Ok(organization) => R::Ok(organization_resource(&organization)),
            Err(StoreError::NotFound { .. }) => R::NotFound(organization_not_found(&request.path.guid)),
            Err(failure) => R::InternalServerError(server_error(&failure)),
        }
    }

    async fn update_organization(&self, request: UpdateOrganizationRequest) -> UpdateOrganizationResponse {
        use UpdateOrganizationResponse as R;
        let who = gate!(self, &request.credentials, Access::Write, R);
        let guid = &request.path.guid;
        let current = found!(self.store.organization(guid).await, R, organization_not_found(guid));
        let body = request.body;
        if let Some(quota) = body
            .quota_definition_guid
            .clone()
            .flatten()
            .filter(|q| *q != DEFAULT_QUOTA_GUID)
        {
            return R::BadRequest(invalid_relation(format!(
                "Could not find QuotaDefinition with guid: {quota}"
            )));
        }
        let name = match body.name.clone().flatten().as_deref().map(clean_name).transpose() {
            Ok(name) => name,
            Err(detail) => return R::BadRequest(organization_invalid(detail)),
        };
        let changes = OrganizationChanges {
            name: name.clone(),
            status: body.status.map(|s| status_text(s).to_owned()),
            billing_enabled: body.billing_enabled.flatten(),
        };
        let metadata = request_metadata([
            ("name", json!(changes.name)),
            ("status", json!(changes.status)),
            ("billing_enabled", json!(changes.billing_enabled)),
        ]);
        let renamed = Organization {
            name: name.unwrap_or_else(|| current.name.clone()),
            ..current
        };
        let event = self.organization_event("audit.organization.update", &who, &renamed, metadata);
        match self
            .store
            .update_organization(guid, changes, self.sources.clock.now(), event)
            .await
        {
            Ok(organization) => R::Created(organization_resource(&organization)),
            Err(StoreError::Conflict { key, .. }) => R::BadRequest(error(
                "OrganizationNameTaken",
                30002,
                format!("The organization name is taken: {key}"),
            )),
            Err(StoreError::NotFound { .. }) => R::NotFound(organization_not_found(guid)),
            Err(failure) => R::InternalServerError(server_error(&failure)),
        }
    }

    async fn delete_organization(&self, request: DeleteOrganizationRequest) -> DeleteOrganizationResponse {
        use DeleteOrganizationResponse as R;
        let who = gate!(self, &request.credentials, Access::Admin, R);
        let guid = &request.path.guid;
        let organization = found!(self.store.organization(guid).await, R, organization_not_found(guid));
        let recursive = request.query.recursive.unwrap_or(false);
        let metadata = request_metadata([("recursive", json!(recursive))]);
        let event = self.organization_event("audit.organization.delete-request", &who, &organization, metadata);
        match self.store.delete_organization(guid, recursive, event).await {
            Ok(()) if request.query.async_ == Some(true) => {
                let job = stored!(self.store.create_job(self.job()).await, R);
                R::Accepted(job_resource(&job))
            }
            Ok(()) => R::NoContent,
            Err(StoreError::NotEmpty { .. }) => R::BadRequest(error(
                "AssociationNotEmpty",
                10006,
                "Please delete the spaces associations for your organizations.",
            )),
            Err(StoreError::NotFound { .. }) => R::NotFound(organization_not_found(guid)),
            Err(failure) => R::InternalServerError(server_error(&failure)),
        }
    }

    async fn list_organization_spaces(&self, request: ListOrganizationSpacesRequest) -> ListOrganizationSpacesResponse {
        use ListOrganizationSpacesResponse as R;
        gate!(self, &request.credentials, Access::Read, R);
        let guid = &request.path.guid;
        found!(self.store.organization(guid).await, R, organization_not_found(guid));
        let query = &request.query;
        let list = list_query!(query);
        let path = format!("/v2/organizations/{guid}/spaces");
        match self.list_spaces_of(Some(guid), &list, &path).await {
            Ok(Ok(spaces)) => R::Ok(spaces),
            Ok(Err(error)) => R::BadRequest(error),
            Err(failure) => R::InternalServerError(server_error(&failure)),
        }
    }

    async fn list_spaces(&self, request: ListSpacesRequest) -> ListSpacesResponse {
        use ListSpacesResponse as R;
        gate!(self, &request.credentials, Access::Read, R);
        let query = &request.query;
        let list = list_query!(query);
        match self.list_spaces_of(None, &list, "/v2/spaces").await {
            Ok(Ok(spaces)) => R::Ok(spaces),
            Ok(Err(error)) => R::BadRequest(error),
            Err(failure) => R::InternalServerError(server_error(&failure)),
        }
    }

    async fn create_space(&self, request: CreateSpaceRequest) -> CreateSpaceResponse {
        use CreateSpaceResponse as R;
        let who = match self.authenticate(&request.credentials).await {
            Ok(Ok(who)) => who,
            Ok(Err(error)) => return R::Unauthorized(error),
            Err(failure) => return R::InternalServerError(server_error(&failure)),
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
            Err(failure) => return R::InternalServerError(server_error(&failure)),
        }
        if let Some(user) = first_user(&[&body.developer_guids, &body.manager_guids, &body.auditor_guids]) {
            return R::BadRequest(unknown_user(user));
        }
        if let Some(group) = body
            .security_group_guids
            .as_ref()
            .and_then(Option::as_ref)
            .and_then(|l| l.first())
        {
            return R::BadRequest(invalid_relation(format!(
                "Could not find VCAP::CloudController::SecurityGroup with guid: {group}"
            )));
        }
        if let Some(Some(quota)) = &body.space_quota_definition_guid {
            return R::BadRequest(invalid_relation(format!(
                "Could not find SpaceQuotaDefinition with guid: {quota}"
            )));
        }
        if let Some(Some(segment)) = &body.isolation_segment_guid {
            return R::BadRequest(invalid_relation(format!(
                "Could not find IsolationSegmentModel with guid: {segment}"
            )));
        }
        let name = match clean_name(&body.name) {
            Ok(name) => name,
            Err(detail) => return R::BadRequest(space_invalid(detail)),
        };
        // The real server checks rights after validating, inside the transaction: a duplicate name from a
        // caller without rights is still 400 SpaceNameTaken. The store call below keeps that order.
        let refusal = who.allow(Access::Write).err();
        let space = Space {
            guid: self.sources.ids.uuid().to_string(),
            name,
            organization_guid: body.organization_guid.clone(),
            allow_ssh: body.allow_ssh.flatten().unwrap_or(true),
            isolation_segment_guid: None,
            space_quota_definition_guid: None,
            created_at: self.sources.clock.now(),
            updated_at: None,
        };
        if let Some(refusal) = refusal {
            let same_name = SpaceSelection {
                organization: Some(space.organization_guid.clone()),
                conditions: vec![SpaceCondition {
                    attribute: SpaceAttribute::Name,
                    comparison: Comparison::Eq,
                    operands: vec![space.name.clone()],
                }],
                ..SpaceSelection::default()
            };
            if stored!(self.store.select_spaces(&same_name).await, R).total == 0 {
                return R::Forbidden(refusal_error(refusal));
            }
            return R::BadRequest(error(
                "SpaceNameTaken",
                40002,
                format!("The app space name is taken: {}", body.name),
            ));
        }
        let metadata = request_metadata([
            ("name", json!(space.name)),
            ("organization_guid", json!(space.organization_guid)),
            ("allow_ssh", json!(space.allow_ssh)),
        ]);
        let event = self.space_event("audit.space.create", &who, &space, metadata);
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
            Err(failure) => R::InternalServerError(server_error(&failure)),
        }
    }

    async fn get_space(&self, request: GetSpaceRequest) -> GetSpaceResponse {
        use GetSpaceResponse as R;
        gate!(self, &request.credentials, Access::Read, R);
        match self.store.space(&request.path.guid).await {
            Ok(space) => R::Ok(space_resource(&space)),
            Err(StoreError::NotFound { .. }) => R::NotFound(space_not_found(&request.path.guid)),
            Err(failure) => R::InternalServerError(server_error(&failure)),
        }
    }

    async fn update_space(&self, request: UpdateSpaceRequest) -> UpdateSpaceResponse {
        use UpdateSpaceResponse as R;
        let who = gate!(self, &request.credentials, Access::Write, R);
        let guid = &request.path.guid;
        let current = found!(self.store.space(guid).await, R, space_not_found(guid));
        let body = request.body;
        if body
            .organization_guid
            .clone()
            .flatten()
            .is_some_and(|org| org != current.organization_guid)
        {
            return R::BadRequest(error("OrganizationAlreadySet", 30007, "Cannot change organization"));
        }
        if let Some(user) = first_user(&[&body.developer_guids, &body.manager_guids, &body.auditor_guids]) {
            return R::BadRequest(unknown_user(user));
        }
        if let Some(group) = body
            .security_group_guids
            .as_ref()
            .and_then(Option::as_ref)
            .and_then(|l| l.first())
        {
            return R::BadRequest(invalid_relation(format!(
                "Could not find VCAP::CloudController::SecurityGroup with guid: {group}"
            )));
        }
        if let Some(Some(segment)) = &body.isolation_segment_guid {
            return R::BadRequest(invalid_relation(format!(
                "Could not find IsolationSegmentModel with guid: {segment}"
            )));
        }
        let name = match body.name.clone().flatten().as_deref().map(clean_name).transpose() {
            Ok(name) => name,
            Err(detail) => return R::BadRequest(space_invalid(detail)),
        };
        let changes = SpaceChanges {
            name: name.clone(),
            allow_ssh: body.allow_ssh.flatten(),
        };
        let metadata = request_metadata([("name", json!(changes.name)), ("allow_ssh", json!(changes.allow_ssh))]);
        let renamed = Space {
            name: name.unwrap_or_else(|| current.name.clone()),
            ..current
        };
        let event = self.space_event("audit.space.update", &who, &renamed, metadata);
        match self
            .store
            .update_space(guid, changes, self.sources.clock.now(), event)
            .await
        {
            Ok(space) => R::Created(space_resource(&space)),
            Err(StoreError::Conflict { .. }) => R::BadRequest(error(
                "SpaceNameTaken",
                40002,
                format!(
                    "The app space name is taken: {}",
                    body.name.flatten().unwrap_or_default()
                ),
            )),
            Err(StoreError::NotFound { .. }) => R::NotFound(space_not_found(guid)),
            Err(failure) => R::InternalServerError(server_error(&failure)),
        }
    }

    async fn delete_space(&self, request: DeleteSpaceRequest) -> DeleteSpaceResponse {
        use DeleteSpaceResponse as R;
        let who = gate!(self, &request.credentials, Access::Write, R);
        let guid = &request.path.guid;
        let space = found!(self.store.space(guid).await, R, space_not_found(guid));
        let recursive = request.query.recursive.unwrap_or(false);
        let metadata = request_metadata([("recursive", json!(recursive))]);
        let event = self.space_event("audit.space.delete-request", &who, &space, metadata);
        match self.store.delete_space(guid, event).await {
            Ok(()) if request.query.async_ == Some(true) => {
                let job = stored!(self.store.create_job(self.job()).await, R);
                R::Accepted(job_resource(&job))
            }
            Ok(()) => R::NoContent,
            Err(StoreError::NotFound { .. }) => R::NotFound(space_not_found(guid)),
            Err(failure) => R::InternalServerError(server_error(&failure)),
        }
    }

    async fn get_job(&self, request: GetJobRequest) -> GetJobResponse {
        use GetJobResponse as R;
        gate!(self, &request.credentials, Access::Read, R);
        match self.store.job(&request.path.guid).await {
            Ok(job) => R::Ok(job_resource(&job)),
            Err(StoreError::NotFound { .. }) => R::NotFound(error("ResourceNotFound", 10010, "Job not found")),
            Err(failure) => R::InternalServerError(server_error(&failure)),
        }
    }

    async fn list_quota_definitions(&self, request: ListQuotaDefinitionsRequest) -> ListQuotaDefinitionsResponse {
        use ListQuotaDefinitionsResponse as R;
        gate!(self, &request.credentials, Access::Read, R);
        let query = &request.query;
        let list = list_query!(query, order_by: None, depth: None);
        let filters = match parse_filters(list.q, &["name"]) {
            Ok(filters) => filters,
            Err(key) => return R::BadRequest(bad_query(&key)),
        };
        let quotas: Vec<&QuotaDefinitionResource> = [&self.quota]
            .into_iter()
            .filter(|quota| filters.iter().all(|f| f.matches(Some(&quota.entity.name), false)))
            .collect();
        let page = list.paging().apply(quotas, "/v2/quota_definitions");
        R::Ok(QuotaDefinitionList {
            total_results: page.total_results,
            total_pages: page.total_pages,
            prev_url: page.prev_url,
            next_url: page.next_url,
            resources: page.resources.into_iter().cloned().collect(),
        })
    }

    async fn get_quota_definition(&self, request: GetQuotaDefinitionRequest) -> GetQuotaDefinitionResponse {
        use GetQuotaDefinitionResponse as R;
        gate!(self, &request.credentials, Access::Read, R);
        let guid = &request.path.guid;
        if *guid == self.quota.metadata.guid {
            R::Ok(self.quota.clone())
        } else {
            R::NotFound(error(
                "QuotaDefinitionNotFound",
                240001,
                format!("Quota Definition could not be found: {guid}"),
            ))
        }
    }

    async fn list_space_events(&self, request: ListSpaceEventsRequest) -> ListSpaceEventsResponse {
        use ListSpaceEventsResponse as R;
        gate!(self, &request.credentials, Access::Read, R);
        let guid = &request.path.guid;
        found!(self.store.space(guid).await, R, space_not_found(guid));
        let query = &request.query;
        let list = list_query!(query, order_by: None, depth: None);
        match self
            .list_events_of(Some(guid), &list, &format!("/v2/spaces/{guid}/events"))
            .await
        {
            Ok(Ok(events)) => R::Ok(events),
            Ok(Err(error)) => R::BadRequest(error),
            Err(failure) => R::InternalServerError(server_error(&failure)),
        }
    }

    async fn list_space_relation(&self, request: ListSpaceRelationRequest) -> ListSpaceRelationResponse {
        use ListSpaceRelationResponse as R;
        gate!(self, &request.credentials, Access::Read, R);
        let ListSpaceRelationPath { guid, relation } = &request.path;
        found!(self.store.space(guid).await, R, space_not_found(guid));
        let query = &request.query;
        let list = list_query!(query, order_by: None, depth: query.inline_relations_depth);
        R::Ok(empty_list(&list, &format!("/v2/spaces/{guid}/{}", relation.as_str())))
    }

    async fn list_organization_relation(
        &self,
        request: ListOrganizationRelationRequest,
    ) -> ListOrganizationRelationResponse {
        use ListOrganizationRelationResponse as R;
        gate!(self, &request.credentials, Access::Read, R);
        let ListOrganizationRelationPath { guid, relation } = &request.path;
        found!(self.store.organization(guid).await, R, organization_not_found(guid));
        let query = &request.query;
        let list = list_query!(query, order_by: None, depth: query.inline_relations_depth);
        R::Ok(empty_list(
            &list,
            &format!("/v2/organizations/{guid}/{}", relation.as_str()),
        ))
    }

    async fn list_events(&self, request: ListEventsRequest) -> ListEventsResponse {
        use ListEventsResponse as R;
        gate!(self, &request.credentials, Access::Read, R);
        let query = &request.query;
        let list = list_query!(query, order_by: None, depth: None);
        match self.list_events_of(None, &list, "/v2/events").await {
            Ok(Ok(events)) => R::Ok(events),
            Ok(Err(error)) => R::BadRequest(error),
            Err(failure) => R::InternalServerError(server_error(&failure)),
        }
    }

    async fn get_event(&self, request: GetEventRequest) -> GetEventResponse {
        use GetEventResponse as R;
        gate!(self, &request.credentials, Access::Read, R);
        match self.store.event(&request.path.guid).await {
            Ok(event) => R::Ok(event_resource(&event)),
            Err(StoreError::NotFound { .. }) => R::NotFound(error(
                "EventNotFound",
                230002,
                format!("Event could not be found: {}", request.path.guid),
            )),
            Err(failure) => R::InternalServerError(server_error(&failure)),
        }
    }

    fn reject(&self, rejection: rt::Rejection<Operation>) -> HttpResponse {
        if rejection.operation == Some(Operation::CreateToken) {
            let body = match &rejection.kind {
                RejectionKind::Invalid { violations, .. } => match violations.first() {
                    Some(v) if v.field == "grant_type" && v.rule == Rule::NotInEnum => {
                        oauth_error("unsupported_grant_type", "Unsupported grant type")
                    }
                    Some(v) if v.field == "grant_type" => oauth_error("invalid_request", "Missing grant type"),
                    Some(v) => oauth_error("invalid_request", format!("Invalid parameter: {}", top_field(v))),
                    None => oauth_error("invalid_request", "Invalid request"),
                },
                RejectionKind::BodyTooLarge { limit } => {
                    oauth_error("invalid_request", format!("The body exceeds {limit} bytes"))
                }
                _ => oauth_error("invalid_request", "Missing grant type"),
            };
            return rt::respond_with_body(400, Vec::new(), api::JSON_MEDIA_TYPE, &body);
        }
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
            } => (400, invalid_body(rejection.operation, violations)),
            // A path segment outside its enum is a route the real server does not have.
            RejectionKind::Invalid {
                location: Location::Path,
                ..
            } => (404, error("NotFound", 10000, "Unknown request")),
            RejectionKind::Invalid { violations, .. } => (400, invalid_query(violations)),
        };
        rt::respond_with_body(status, Vec::new(), api::JSON_MEDIA_TYPE, &body)
    }
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
/// server does, when `applies` (the path is Cloud Foundry's).
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

    #[test]
    fn a_page_size_over_the_maximum_names_the_bound() {
        let violation = Violation {
            field: "results-per-page".into(),
            rule: Rule::Range {
                min: Some(1.0),
                max: Some(100.0),
                above: true,
            },
            value: Some(Value::from(101)),
        };

        assert_eq!(
            invalid_query(&[violation]).description,
            "The query parameter is invalid: results_per_page must be <= 100"
        );
    }
}
