//! Cloud Foundry in strict mode: a token's signature and expiry are verified before anything else of the request
//! is read. The expired token is one this server signed 13 hours earlier (tokens last 12).

use actix_web::{
    body::MessageBody,
    dev::{Service, ServiceResponse},
    http::Method,
    test::TestRequest,
};
use chrono::{Duration, TimeZone, Utc};
use serde_json::{Value, json};
use spaceport::{
    app::Settings, generated::cloud_foundry::Operation, snapshot::DEFAULT_QUOTA_GUID, sources::Sources,
    vendors::cloud_foundry::AuthMode,
};

use super::{Call, Credential, Refusal, Row, check};
use crate::support::{SEED_ORG, app_with, send, settings};

/// The instant the matrix runs at (the support settings' fixed clock).
fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5)
        .single()
        .expect("a valid instant")
}

fn strict_at(instant: chrono::DateTime<Utc>) -> Settings {
    let mut settings = settings();
    settings.sources = Sources::deterministic(1, instant);
    settings.cloud_foundry.auth = AuthMode::Strict;
    settings
}

/// An access token for the fixtures' admin, signed by `app`.
async fn login(
    app: &impl Service<actix_http::Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error>,
) -> String {
    let reply = send(
        app,
        TestRequest::post()
            .uri("/oauth/token")
            .insert_header(("Authorization", "Basic Y2Y6"))
            .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
            .set_payload("grant_type=password&username=admin&password=admin"),
    )
    .await;
    assert_eq!(reply.status, 200);
    reply.json()["access_token"].as_str().expect("a token").to_owned()
}

/// The guids the rows name: a space, an audit event, a job.
struct World {
    space: String,
    event: String,
    job: String,
}

async fn world(
    app: &impl Service<actix_http::Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error>,
    right: &Credential,
) -> World {
    let guid = |reply: crate::support::Reply| {
        assert!(reply.status < 300, "{}", String::from_utf8_lossy(&reply.bytes));
        reply.json()["metadata"]["guid"].as_str().expect("a guid").to_owned()
    };
    let space = |name: &str| {
        Call::new(Method::POST, "/v2/spaces").json(json!({"name": name, "organization_guid": SEED_ORG}).to_string())
    };
    let kept = guid(send(app, space("matrix").request(right)).await);
    let doomed = guid(send(app, space("doomed").request(right)).await);
    let job = guid(
        send(
            app,
            Call::new(Method::DELETE, format!("/v2/spaces/{doomed}?async=true")).request(right),
        )
        .await,
    );
    let events = send(app, Call::get("/v2/events").request(right)).await.json();
    let event = events["resources"][0]["metadata"]["guid"]
        .as_str()
        .expect("an event")
        .to_owned();
    World {
        space: kept,
        event,
        job,
    }
}

/// A list asked for and asked for a page size over the maximum.
fn list(operation: &'static str, uri: String) -> Row {
    Row::Guarded {
        operation,
        invalid: Call::get(format!("{uri}?results-per-page=101")),
        valid: Call::get(uri),
        ok: 200,
        refused: (400, "results_per_page must be <= 100".into()),
    }
}

/// A read of one record at `uri`, and of one that is not there (`unknown`), answered with `missing`.
fn read(operation: &'static str, uri: String, unknown: String, missing: &str) -> Row {
    Row::Guarded {
        operation,
        valid: Call::get(uri),
        invalid: Call::get(unknown),
        ok: 200,
        refused: (404, missing.into()),
    }
}

/// A write with a body, and the same with a name that is no string.
fn write(operation: &'static str, method: Method, uri: &str, body: Value, ok: u16) -> Row {
    Row::Guarded {
        operation,
        valid: Call::new(method.clone(), uri).json(body.to_string()),
        invalid: Call::new(method, uri).json(r#"{"name": 5}"#),
        ok,
        refused: (
            400,
            "Field: name, Error: Expected instance of String, given an instance of Integer".into(),
        ),
    }
}

/// A delete, and the same with an `async` that is no boolean.
fn delete(operation: &'static str, uri: String) -> Row {
    Row::Guarded {
        operation,
        invalid: Call::new(Method::DELETE, format!("{uri}?async=maybe")),
        valid: Call::new(Method::DELETE, format!("{uri}?recursive=true")),
        ok: 204,
        refused: (400, "async must be true or false".into()),
    }
}

fn row(operation: Operation, world: &World) -> Row {
    let id = operation.id();
    let org = format!("/v2/organizations/{SEED_ORG}");
    let space = format!("/v2/spaces/{}", world.space);
    match operation {
        Operation::GetRoot => Row::Open {
            operation: id,
            call: Call::get("/"),
            status: 200,
        },
        Operation::GetInfo => Row::Open {
            operation: id,
            call: Call::get("/v2/info"),
            status: 200,
        },
        Operation::CreateToken => Row::Open {
            operation: id,
            call: Call::new(Method::POST, "/oauth/token").body(
                "application/x-www-form-urlencoded",
                "grant_type=password&username=admin&password=no",
            ),
            status: 401,
        },
        Operation::ListOrganizations => list(id, "/v2/organizations".to_owned()),
        Operation::CreateOrganization => write(
            id,
            Method::POST,
            "/v2/organizations",
            json!({"name": "matrix-org"}),
            201,
        ),
        Operation::GetOrganization => read(
            id,
            org,
            "/v2/organizations/no-such-guid".to_owned(),
            "could not be found: no-such-guid",
        ),
        Operation::UpdateOrganization => write(id, Method::PUT, &org, json!({"name": "renamed-org"}), 201),
        Operation::DeleteOrganization => delete(id, org),
        Operation::ListOrganizationSpaces => list(id, format!("{org}/spaces")),
        Operation::ListOrganizationRelation => list(id, format!("{org}/users")),
        Operation::ListSpaces => list(id, "/v2/spaces".to_owned()),
        Operation::CreateSpace => write(
            id,
            Method::POST,
            "/v2/spaces",
            json!({"name": "another", "organization_guid": SEED_ORG}),
            201,
        ),
        Operation::GetSpace => read(
            id,
            space,
            "/v2/spaces/no-such-guid".to_owned(),
            "could not be found: no-such-guid",
        ),
        Operation::UpdateSpace => write(id, Method::PUT, &space, json!({"name": "renamed"}), 201),
        Operation::DeleteSpace => delete(id, space),
        Operation::ListSpaceEvents => list(id, format!("{space}/events")),
        Operation::ListSpaceRelation => list(id, format!("{space}/developers")),
        Operation::ListQuotaDefinitions => list(id, "/v2/quota_definitions".to_owned()),
        Operation::GetQuotaDefinition => read(
            id,
            format!("/v2/quota_definitions/{DEFAULT_QUOTA_GUID}"),
            "/v2/quota_definitions/no-such-guid".to_owned(),
            "could not be found: no-such-guid",
        ),
        Operation::GetJob => read(
            id,
            format!("/v2/jobs/{}", world.job),
            "/v2/jobs/no-such-guid".to_owned(),
            "Job not found",
        ),
        Operation::ListEvents => list(id, "/v2/events".to_owned()),
        Operation::GetEvent => read(
            id,
            format!("/v2/events/{}", world.event),
            "/v2/events/no-such-guid".to_owned(),
            "could not be found: no-such-guid",
        ),
    }
}

fn cf_error(code: u64, error_code: &str, description: &str) -> Value {
    json!({"code": code, "description": description, "error_code": format!("CF-{error_code}")})
}

#[actix_web::test]
async fn every_cloud_foundry_operation_verifies_the_token_before_it_reads_the_request() {
    let (_, past) = app_with(strict_at(now() - Duration::hours(13))).await;
    let expired = login(&past).await;
    let missing = Refusal::new(401, cf_error(10002, "NotAuthenticated", "Authentication error"), None);
    let invalid = Refusal::new(401, cf_error(1000, "InvalidAuthToken", "Invalid Auth Token"), None);
    let refused = [
        (Credential::new("no credentials", &[]), missing.clone()),
        (
            Credential::new("the wrong scheme", &[("Authorization", "Basic YWRtaW46YWRtaW4=")]),
            missing.clone(),
        ),
        (
            Credential::new("a garbage token", &[("Authorization", "bearer garbage")]),
            invalid.clone(),
        ),
        (
            Credential::new("an expired token", &[("Authorization", &format!("bearer {expired}"))]),
            invalid.clone(),
        ),
        (
            Credential::new(
                "Assembla's token",
                &[("Authorization", "Bearer spaceport-assembla-token")],
            ),
            invalid,
        ),
        (
            Credential::new(
                "Onezone's provider token",
                &[("X-Auth-Token", "spaceport-provider-token")],
            ),
            missing,
        ),
    ];

    for &operation in Operation::ALL {
        let (_, app) = app_with(strict_at(now())).await;
        let token = login(&app).await;
        let right = Credential::new("the admin's token", &[("Authorization", &format!("bearer {token}"))]);
        let world = world(&app, &right).await;
        check(&app, &row(operation, &world), &refused, &right).await;
    }
}
