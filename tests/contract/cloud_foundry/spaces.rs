//! `POST /v2/spaces`: the seed request, every rule a new space must meet, and the auth rules of a create.

use actix_web::test::TestRequest;
use serde_json::{Value, json};
use spaceport::generated::cloud_foundry::SpaceResource;

use super::{READ_ONLY_TOKEN, SEED_BODY, assert_cf_error, assert_cf_headers, create, seed_request};
use crate::support::{SEED_ORG, all_events, app_with, assert_shape, send, settings};

#[actix_web::test]
async fn the_seed_request_replays_verbatim_with_201_and_the_last_organization_guid() {
    let (state, app) = app_with(settings()).await;

    let reply = send(&app, seed_request()).await;

    assert_eq!(reply.status, 201, "{}", String::from_utf8_lossy(&reply.bytes));
    assert_cf_headers(&reply);
    let body = reply.json();
    assert_shape::<SpaceResource>(&body);
    let guid = body["metadata"]["guid"].as_str().expect("a guid").to_owned();
    let url = format!("/v2/spaces/{guid}");
    assert_eq!(reply.header("location"), Some(url.as_str()));
    assert_eq!(body["metadata"]["url"], Value::from(url.clone()));
    assert_eq!(body["metadata"]["created_at"], json!("2026-01-02T03:04:05Z"));
    assert_eq!(body["metadata"]["updated_at"], Value::Null);
    let entity = &body["entity"];
    assert_eq!(entity["name"], json!("development"));
    assert_eq!(entity["organization_guid"], json!(SEED_ORG));
    assert_eq!(entity["is_default"], json!(false));
    assert_eq!(entity["allow_ssh"], json!(true));
    assert_eq!(
        entity["organization_url"],
        json!(format!("/v2/organizations/{SEED_ORG}"))
    );
    for rel in [
        "developers",
        "managers",
        "auditors",
        "apps",
        "domains",
        "service_instances",
        "app_events",
        "events",
    ] {
        assert_eq!(entity[format!("{rel}_url")], json!(format!("{url}/{rel}")), "{rel}_url");
    }
    assert!(
        entity.get("isolation_segment_url").is_none(),
        "empty to-one links are left out"
    );
    let events = all_events(&*state.store).await;
    let event = events.last().expect("an audit event");
    assert_eq!(event.kind, "audit.space.create");
    assert_eq!(event.actor, "uaa-id-40");
    assert_eq!(event.actor_name, "email-40@somedomain.com");
    assert_eq!(event.actee, guid);
    assert_eq!(event.organization_guid, SEED_ORG);
    assert_eq!(
        event.metadata,
        json!({"request": {"name": "development", "organization_guid": SEED_ORG, "allow_ssh": true}})
    );
}

#[actix_web::test]
async fn the_seed_path_with_a_trailing_slash_also_creates() {
    let (_, app) = app_with(settings()).await;

    let reply = send(&app, seed_request().uri("/v2/spaces/")).await;

    assert_eq!(reply.status, 201);
    assert_cf_headers(&reply);
}

#[actix_web::test]
async fn create_space_answers_the_same_bytes_in_deterministic_mode() {
    let (_, first) = app_with(settings()).await;
    let (_, second) = app_with(settings()).await;

    let a = send(&first, seed_request()).await;
    let b = send(&second, seed_request()).await;

    assert_eq!(a.status, 201);
    assert_eq!(a.bytes, b.bytes);
    assert_eq!(a.header("location"), b.header("location"));
    assert_eq!(a.header("x-vcap-request-id"), b.header("x-vcap-request-id"));
}

#[actix_web::test]
async fn create_space_rejects_a_name_taken_in_the_org_ignoring_case_with_40002() {
    let (_, app) = app_with(settings()).await;
    let first = send(
        &app,
        create(format!(r#"{{"name":"Dev","organization_guid":"{SEED_ORG}"}}"#)),
    )
    .await;

    let second = send(
        &app,
        create(format!(r#"{{"name":"  dEV ","organization_guid":"{SEED_ORG}"}}"#)),
    )
    .await;

    assert_eq!(first.status, 201);
    assert_cf_error(
        &second,
        400,
        "SpaceNameTaken",
        40002,
        "The app space name is taken:   dEV ",
    );
}

#[actix_web::test]
async fn create_space_strips_the_name() {
    let (_, app) = app_with(settings()).await;

    let reply = send(
        &app,
        create(format!(r#"{{"name":"  prod  ","organization_guid":"{SEED_ORG}"}}"#)),
    )
    .await;

    assert_eq!(reply.status, 201);
    assert_eq!(reply.json()["entity"]["name"], json!("prod"));
}

#[actix_web::test]
async fn create_space_treats_null_as_absent_and_ignores_unknown_keys() {
    let (_, app) = app_with(settings()).await;
    let body = format!(r#"{{"name":"n","organization_guid":"{SEED_ORG}","allow_ssh":null,"bogus":[1]}}"#);

    let reply = send(&app, create(body)).await;

    assert_eq!(reply.status, 201);
    assert_eq!(reply.json()["entity"]["allow_ssh"], json!(true));
}

#[actix_web::test]
async fn create_space_keeps_allow_ssh_false() {
    let (_, app) = app_with(settings()).await;
    let body = format!(r#"{{"name":"n","organization_guid":"{SEED_ORG}","allow_ssh":false}}"#);

    let reply = send(&app, create(body)).await;

    assert_eq!(reply.status, 201);
    assert_eq!(reply.json()["entity"]["allow_ssh"], json!(false));
}

#[actix_web::test]
async fn create_space_without_credentials_is_401_not_authenticated() {
    let (_, app) = app_with(settings()).await;

    let reply = send(&app, TestRequest::post().uri("/v2/spaces").set_payload(SEED_BODY)).await;

    assert_cf_error(&reply, 401, "NotAuthenticated", 10002, "Authentication error");
}

#[actix_web::test]
async fn create_space_with_a_basic_scheme_is_401_not_authenticated() {
    let (_, app) = app_with(settings()).await;
    let request = TestRequest::post()
        .uri("/v2/spaces")
        .insert_header(("Authorization", "Basic Y2Y6"))
        .set_payload(SEED_BODY);

    let reply = send(&app, request).await;

    assert_cf_error(&reply, 401, "NotAuthenticated", 10002, "Authentication error");
}

#[actix_web::test]
async fn create_space_with_an_undecodable_token_is_401_invalid_auth_token() {
    let (_, app) = app_with(settings()).await;
    let request = TestRequest::post()
        .uri("/v2/spaces")
        .insert_header(("Authorization", "Bearer not-a-jwt"))
        .set_payload(SEED_BODY);

    let reply = send(&app, request).await;

    assert_cf_error(&reply, 401, "InvalidAuthToken", 1000, "Invalid Auth Token");
}

#[actix_web::test]
async fn create_space_with_a_read_only_token_is_403_not_authorized() {
    let (state, app) = app_with(settings()).await;
    let request = create(format!(r#"{{"name":"n","organization_guid":"{SEED_ORG}"}}"#))
        .insert_header(("Authorization", format!("Bearer {READ_ONLY_TOKEN}")));

    let reply = send(&app, request).await;

    assert_cf_error(
        &reply,
        403,
        "NotAuthorized",
        10003,
        "You are not authorized to perform the requested action",
    );
    assert!(all_events(&*state.store).await.is_empty(), "nothing is stored");
}

#[actix_web::test]
async fn create_space_with_malformed_json_is_400_message_parse_error() {
    let (_, app) = app_with(settings()).await;

    let reply = send(&app, create(r#"{"name":"#)).await;

    assert_cf_error(
        &reply,
        400,
        "MessageParseError",
        1001,
        "Request invalid due to parse error: invalid JSON",
    );
}

#[actix_web::test]
async fn create_space_with_an_empty_body_is_400_decoded_json_cannot_be_nil() {
    let (_, app) = app_with(settings()).await;

    let reply = send(&app, create("")).await;

    assert_cf_error(
        &reply,
        400,
        "MessageParseError",
        1001,
        "Request invalid due to parse error: Decoded JSON cannot be nil",
    );
}

#[actix_web::test]
async fn create_space_with_a_json_array_is_400_invalid_request_body() {
    let (_, app) = app_with(settings()).await;

    let reply = send(&app, create("[]")).await;

    assert_cf_error(
        &reply,
        400,
        "MessageParseError",
        1001,
        "Request invalid due to parse error: invalid request body",
    );
}

#[actix_web::test]
async fn create_space_names_every_wrong_or_missing_field_in_order() {
    let (_, app) = app_with(settings()).await;

    let reply = send(&app, create(r#"{"name":5,"organization_guid":null,"allow_ssh":"yes"}"#)).await;

    assert_cf_error(
        &reply,
        400,
        "MessageParseError",
        1001,
        "Request invalid due to parse error: Field: name, Error: Expected instance of String, given an instance of Integer, \
         Field: organization_guid, Error: Missing field organization_guid, \
         Field: allow_ssh, Error: Expected instance of true or false, given an instance of String",
    );
}

#[actix_web::test]
async fn create_space_with_a_name_over_255_characters_is_400_space_invalid() {
    let (state, app) = app_with(settings()).await;
    let name = "x".repeat(256);

    let reply = send(
        &app,
        create(format!(r#"{{"name":"{name}","organization_guid":"{SEED_ORG}"}}"#)),
    )
    .await;

    assert_cf_error(
        &reply,
        400,
        "SpaceInvalid",
        40001,
        "The app space info is invalid: name format",
    );
    assert!(all_events(&*state.store).await.is_empty(), "nothing is stored");
}

#[actix_web::test]
async fn create_space_with_a_blank_name_is_400_name_presence() {
    let (_, app) = app_with(settings()).await;

    let reply = send(
        &app,
        create(format!(r#"{{"name":"   ","organization_guid":"{SEED_ORG}"}}"#)),
    )
    .await;

    assert_cf_error(
        &reply,
        400,
        "SpaceInvalid",
        40001,
        "The app space info is invalid: name presence",
    );
}

#[actix_web::test]
async fn create_space_with_a_control_character_is_400_name_format() {
    let (_, app) = app_with(settings()).await;

    let reply = send(
        &app,
        create(format!(r#"{{"name":"a\u001bb","organization_guid":"{SEED_ORG}"}}"#)),
    )
    .await;

    assert_cf_error(
        &reply,
        400,
        "SpaceInvalid",
        40001,
        "The app space info is invalid: name format",
    );
}

#[actix_web::test]
async fn create_space_in_an_unknown_org_is_400_invalid_relation() {
    let (_, app) = app_with(settings()).await;

    let reply = send(&app, create(r#"{"name":"n","organization_guid":"guid-e6a9f1c9"}"#)).await;

    assert_cf_error(
        &reply,
        400,
        "InvalidRelation",
        1002,
        "Could not find Organization with guid: guid-e6a9f1c9",
    );
}

#[actix_web::test]
async fn create_space_with_an_unknown_developer_is_400_invalid_relation() {
    let (_, app) = app_with(settings()).await;
    let body = format!(r#"{{"name":"n","organization_guid":"{SEED_ORG}","developer_guids":["u-1"]}}"#);

    let reply = send(&app, create(body)).await;

    assert_cf_error(
        &reply,
        400,
        "InvalidRelation",
        1002,
        "Could not find VCAP::CloudController::User with guid: u-1",
    );
}

#[actix_web::test]
async fn create_space_over_the_body_limit_is_400_and_stores_nothing() {
    let (state, app) = app_with(settings()).await;
    let body = format!(
        r#"{{"name":"{}","organization_guid":"{SEED_ORG}"}}"#,
        "x".repeat(2 * 1024 * 1024)
    );

    let reply = send(&app, create(body)).await;

    assert_cf_error(
        &reply,
        400,
        "MessageParseError",
        1001,
        "Request invalid due to parse error: the body exceeds 1048576 bytes",
    );
    assert!(all_events(&*state.store).await.is_empty());
}

#[actix_web::test]
async fn an_incoming_request_id_is_echoed_before_a_new_one() {
    let (_, app) = app_with(settings()).await;

    let reply = send(&app, seed_request().insert_header(("X-VCAP-Request-ID", "trace/42"))).await;

    let id = reply.header("x-vcap-request-id").expect("a request id");
    assert!(id.starts_with("trace42::"), "{id}");
    assert_eq!(id.len(), "trace42::".len() + 36);
}

#[actix_web::test]
async fn an_unknown_path_is_404_cf_not_found() {
    let (_, app) = app_with(settings()).await;

    let reply = send(&app, TestRequest::get().uri("/v2/nothing")).await;

    assert_cf_error(&reply, 404, "NotFound", 10000, "Unknown request");
}

#[actix_web::test]
async fn a_known_path_with_a_wrong_method_is_404_cf_not_found_as_on_the_real_server() {
    let (_, app) = app_with(settings()).await;

    let reply = send(&app, TestRequest::patch().uri("/v2/spaces")).await;

    assert_cf_error(&reply, 404, "NotFound", 10000, "Unknown request");
}

#[actix_web::test]
async fn create_space_with_a_token_without_cloud_controller_scopes_is_403_insufficient_scope() {
    let (_, app) = app_with(settings()).await;
    let request = create(format!(r#"{{"name":"n","organization_guid":"{SEED_ORG}"}}"#))
        .insert_header(("Authorization", format!("Bearer {}", super::NO_SCOPE_TOKEN)));

    let reply = send(&app, request).await;

    assert_cf_error(
        &reply,
        403,
        "InsufficientScope",
        10007,
        "Your token lacks the necessary scopes to access this resource.",
    );
}

#[actix_web::test]
async fn a_read_only_caller_sending_a_taken_name_gets_400_as_the_real_server_validates_first() {
    let (_, app) = app_with(settings()).await;
    super::make_space(&app, "taken").await;
    let request = create(format!(r#"{{"name":"taken","organization_guid":"{SEED_ORG}"}}"#))
        .insert_header(("Authorization", format!("Bearer {READ_ONLY_TOKEN}")));

    let reply = send(&app, request).await;

    assert_cf_error(
        &reply,
        400,
        "SpaceNameTaken",
        40002,
        "The app space name is taken: taken",
    );
}
