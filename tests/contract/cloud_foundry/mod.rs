//! Cloud Foundry v2: every documented status of every operation, and every rejection kind, in CF's envelope.

mod concurrency;
mod discovery;
mod events;
mod failures;
mod lists;
mod organizations;
mod q_grammar;
mod relations;
mod space_changes;
mod spaces;

use actix_web::{
    body::MessageBody,
    dev::{Service, ServiceResponse},
    test::TestRequest,
};
use serde_json::Value;
use spaceport::generated::cloud_foundry::{CfError, Operation};

use crate::support::{Reply, SEED_ORG, SEED_TOKEN, assert_shape, send};

/// The seed's body, verbatim: `organization_guid` appears twice and the last value wins.
pub const SEED_BODY: &str = r#"{"name":"development","organization_guid":"guid-e6a9f1c9-e2dd-43b7-888b-dd04ad8fd826","organization_guid":"c8412aa5-d3c0-4f4d-803e-c90b12a0c352"}"#;

/// A token with only `cloud_controller.read` (unsigned: lenient mode does not check signatures).
pub const READ_ONLY_TOKEN: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoicmVhZGVyIiwic2NvcGUiOlsiY2xvdWRfY29udHJvbGxlci5yZWFkIl19.c2lnbmF0dXJl";

/// A token with no Cloud Controller scope at all (`scope: ["openid"]`, unsigned).
pub const NO_SCOPE_TOKEN: &str =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoibm9ib2R5Iiwic2NvcGUiOlsib3BlbmlkIl19.c2lnbmF0dXJl";

/// The seed's request: bearer token, form content type, JSON body, empty cookie, `Host: example.org`.
pub fn seed_request() -> TestRequest {
    TestRequest::post()
        .uri("/v2/spaces")
        .insert_header(("Authorization", format!("bearer {SEED_TOKEN}")))
        .insert_header(("Host", "example.org"))
        .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
        .insert_header(("Cookie", ""))
        .set_payload(SEED_BODY)
}

/// An authenticated request (the seed's admin token).
pub fn authed(request: TestRequest) -> TestRequest {
    request.insert_header(("Authorization", format!("bearer {SEED_TOKEN}")))
}

/// `POST /v2/spaces` with the seed's token and this body.
pub fn create(body: impl Into<String>) -> TestRequest {
    authed(TestRequest::post().uri("/v2/spaces")).set_payload(body.into())
}

/// Every CF response carries these headers.
pub fn assert_cf_headers(reply: &Reply) {
    assert_eq!(reply.header("content-type"), Some("application/json;charset=utf-8"));
    assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
    let id = reply.header("x-vcap-request-id").expect("a request id");
    assert!(!id.is_empty());
}

/// Asserts a successful CF reply: status, headers, and a body of the spec's shape for `T`; returns the body.
pub fn assert_cf_ok<T: spaceport::rt::Described>(reply: &Reply, status: u16) -> Value {
    assert_eq!(reply.status, status, "{}", String::from_utf8_lossy(&reply.bytes));
    assert_cf_headers(reply);
    let body = reply.json();
    assert_shape::<T>(&body);
    body
}

/// Asserts a CF error: status, headers, the exact envelope with keys in CF's order.
pub fn assert_cf_error(reply: &Reply, status: u16, name: &str, code: i64, description: &str) {
    assert_eq!(reply.status, status, "{}", String::from_utf8_lossy(&reply.bytes));
    assert_cf_headers(reply);
    let expected = format!(
        "{{\"description\":{},\"error_code\":\"CF-{name}\",\"code\":{code}}}",
        Value::from(description)
    );
    assert_eq!(String::from_utf8_lossy(&reply.bytes), expected);
    assert_shape::<CfError>(&reply.json());
}

/// Creates a space in the seed's organization and returns its guid.
pub async fn make_space(
    app: &impl Service<actix_http::Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error>,
    name: &str,
) -> String {
    let reply = send(
        app,
        create(format!(r#"{{"name":"{name}","organization_guid":"{SEED_ORG}"}}"#)),
    )
    .await;
    assert_eq!(reply.status, 201, "{}", String::from_utf8_lossy(&reply.bytes));
    reply.json()["metadata"]["guid"].as_str().expect("a guid").to_owned()
}

/// Creates an organization and returns its guid.
pub async fn make_organization(
    app: &impl Service<actix_http::Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error>,
    name: &str,
) -> String {
    let request = authed(TestRequest::post().uri("/v2/organizations")).set_payload(format!(r#"{{"name":"{name}"}}"#));
    let reply = send(app, request).await;
    assert_eq!(reply.status, 201, "{}", String::from_utf8_lossy(&reply.bytes));
    reply.json()["metadata"]["guid"].as_str().expect("a guid").to_owned()
}

/// The request each operation that needs a token (so reads the store) is tried with: a path and a body it
/// accepts; `None` for the operations open to anyone. The match is exhaustive, so an operation added to the spec
/// does not compile here until it says which it is.
pub fn gated(operation: Operation) -> Option<(&'static str, &'static str)> {
    match operation {
        Operation::GetRoot | Operation::GetInfo | Operation::CreateToken => None,
        Operation::ListOrganizations => Some(("/v2/organizations", "")),
        Operation::CreateOrganization => Some(("/v2/organizations", r#"{"name":"n"}"#)),
        Operation::GetOrganization => Some(("/v2/organizations/o", "")),
        Operation::UpdateOrganization => Some(("/v2/organizations/o", "{}")),
        Operation::DeleteOrganization => Some(("/v2/organizations/o", "")),
        Operation::ListOrganizationSpaces => Some(("/v2/organizations/o/spaces", "")),
        Operation::ListOrganizationRelation => Some(("/v2/organizations/o/users", "")),
        Operation::ListSpaces => Some(("/v2/spaces", "")),
        Operation::CreateSpace => Some(("/v2/spaces", r#"{"name":"n","organization_guid":"o"}"#)),
        Operation::GetSpace => Some(("/v2/spaces/s", "")),
        Operation::UpdateSpace => Some(("/v2/spaces/s", "{}")),
        Operation::DeleteSpace => Some(("/v2/spaces/s", "")),
        Operation::ListSpaceEvents => Some(("/v2/spaces/s/events", "")),
        Operation::ListSpaceRelation => Some(("/v2/spaces/s/developers", "")),
        Operation::ListQuotaDefinitions => Some(("/v2/quota_definitions", "")),
        Operation::GetQuotaDefinition => Some(("/v2/quota_definitions/q", "")),
        Operation::GetJob => Some(("/v2/jobs/j", "")),
        Operation::ListEvents => Some(("/v2/events", "")),
        Operation::GetEvent => Some(("/v2/events/e", "")),
    }
}

/// A gated operation and the request it is tried with.
pub struct Gated {
    pub operation: Operation,
    pub path: &'static str,
    pub body: &'static str,
}

impl Gated {
    /// The request: the operation's method, the path and the body, no credentials.
    pub fn request(&self) -> TestRequest {
        let method = self
            .operation
            .method()
            .parse()
            .expect("the spec's methods are HTTP methods");
        TestRequest::default()
            .method(method)
            .uri(self.path)
            .set_payload(self.body)
    }
}

/// Every gated operation, in spec order.
pub fn every_gated() -> impl Iterator<Item = Gated> {
    Operation::ALL
        .iter()
        .filter_map(|&operation| gated(operation).map(|(path, body)| Gated { operation, path, body }))
}
