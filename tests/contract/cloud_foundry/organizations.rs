//! `/v2/organizations`: create, read, update, delete, and an organization's spaces.

use actix_web::test::TestRequest;
use serde_json::json;
use spaceport::generated::cloud_foundry::{OrganizationList, OrganizationResource, SpaceList};

use super::{READ_ONLY_TOKEN, assert_cf_error, assert_cf_ok, authed, make_organization, make_space};
use crate::support::{SEED_ORG, all_events, all_spaces, app_with, send, settings};

fn post(body: &str) -> TestRequest {
    authed(TestRequest::post().uri("/v2/organizations")).set_payload(body.to_owned())
}

#[actix_web::test]
async fn create_organization_answers_201_with_location_and_records_an_event() {
    let (state, app) = app_with(settings()).await;

    let reply = send(&app, post(r#"{"name":" acme "}"#)).await;

    let body = assert_cf_ok::<OrganizationResource>(&reply, 201);
    let guid = body["metadata"]["guid"].as_str().expect("a guid");
    assert_eq!(
        reply.header("location"),
        Some(format!("/v2/organizations/{guid}").as_str())
    );
    assert_eq!(body["entity"]["name"], json!("acme"));
    assert_eq!(body["entity"]["status"], json!("active"));
    assert_eq!(body["entity"]["billing_enabled"], json!(false));
    assert_eq!(
        body["entity"]["spaces_url"],
        json!(format!("/v2/organizations/{guid}/spaces"))
    );
    let events = all_events(&*state.store).await;
    let event = events.last().expect("an event");
    assert_eq!(event.kind, "audit.organization.create");
    assert_eq!(event.actee, guid);
    assert_eq!(event.actor, "uaa-id-40");
}

#[actix_web::test]
async fn create_organization_with_a_taken_name_ignoring_case_is_400_30002() {
    let (_, app) = app_with(settings()).await;
    make_organization(&app, "Acme").await;

    let reply = send(&app, post(r#"{"name":"aCME"}"#)).await;

    assert_cf_error(
        &reply,
        400,
        "OrganizationNameTaken",
        30002,
        "The organization name is taken: aCME",
    );
}

#[actix_web::test]
async fn create_organization_with_a_blank_name_is_400_organization_invalid() {
    let (_, app) = app_with(settings()).await;

    let reply = send(&app, post(r#"{"name":"  "}"#)).await;

    assert_cf_error(
        &reply,
        400,
        "OrganizationInvalid",
        30001,
        "The organization info is invalid: name presence",
    );
}

#[actix_web::test]
async fn create_organization_with_an_over_long_name_is_400_organization_invalid() {
    let (_, app) = app_with(settings()).await;

    let reply = send(&app, post(&format!(r#"{{"name":"{}"}}"#, "o".repeat(256)))).await;

    assert_cf_error(
        &reply,
        400,
        "OrganizationInvalid",
        30001,
        "The organization info is invalid: name format",
    );
}

#[actix_web::test]
async fn create_organization_without_a_name_is_400_message_parse_error() {
    let (_, app) = app_with(settings()).await;

    let reply = send(&app, post(r#"{"status":"active"}"#)).await;

    assert_cf_error(
        &reply,
        400,
        "MessageParseError",
        1001,
        "Request invalid due to parse error: Field: name, Error: Missing field name",
    );
}

#[actix_web::test]
async fn create_organization_with_an_unknown_status_is_400() {
    let (_, app) = app_with(settings()).await;

    let reply = send(&app, post(r#"{"name":"x","status":"gone"}"#)).await;

    assert_cf_error(
        &reply,
        400,
        "MessageParseError",
        1001,
        "Request invalid due to parse error: Field: status, Error: Invalid value",
    );
}

#[actix_web::test]
async fn create_organization_by_a_non_admin_is_403_not_authorized() {
    let (_, app) = app_with(settings()).await;
    let request = post(r#"{"name":"x"}"#).insert_header(("Authorization", format!("bearer {READ_ONLY_TOKEN}")));

    let reply = send(&app, request).await;

    assert_cf_error(
        &reply,
        403,
        "NotAuthorized",
        10003,
        "You are not authorized to perform the requested action",
    );
}

#[actix_web::test]
async fn create_organization_without_credentials_is_401() {
    let (_, app) = app_with(settings()).await;

    let reply = send(
        &app,
        TestRequest::post()
            .uri("/v2/organizations")
            .set_payload(r#"{"name":"x"}"#),
    )
    .await;

    assert_cf_error(&reply, 401, "NotAuthenticated", 10002, "Authentication error");
}

#[actix_web::test]
async fn get_organization_returns_the_fixture_organization() {
    let (_, app) = app_with(settings()).await;

    let reply = send(
        &app,
        authed(TestRequest::get().uri(&format!("/v2/organizations/{SEED_ORG}"))),
    )
    .await;

    let body = assert_cf_ok::<OrganizationResource>(&reply, 200);
    assert_eq!(body["metadata"]["guid"], json!(SEED_ORG));
    assert_eq!(body["entity"]["name"], json!("docs-example-org"));
}

#[actix_web::test]
async fn get_organization_of_an_unknown_guid_is_404_30003() {
    let (_, app) = app_with(settings()).await;

    let reply = send(&app, authed(TestRequest::get().uri("/v2/organizations/nope"))).await;

    assert_cf_error(
        &reply,
        404,
        "OrganizationNotFound",
        30003,
        "The organization could not be found: nope",
    );
}

#[actix_web::test]
async fn update_organization_answers_201_with_the_changes() {
    let (_, app) = app_with(settings()).await;
    let guid = make_organization(&app, "before").await;
    let request = authed(TestRequest::put().uri(&format!("/v2/organizations/{guid}")))
        .set_payload(r#"{"name":"after","status":"suspended","billing_enabled":true}"#);

    let reply = send(&app, request).await;

    let body = assert_cf_ok::<OrganizationResource>(&reply, 201);
    assert_eq!(body["entity"]["name"], json!("after"));
    assert_eq!(body["entity"]["status"], json!("suspended"));
    assert_eq!(body["entity"]["billing_enabled"], json!(true));
    assert_eq!(body["metadata"]["updated_at"], json!("2026-01-02T03:04:05Z"));
}

#[actix_web::test]
async fn update_organization_to_a_taken_name_is_400_30002() {
    let (_, app) = app_with(settings()).await;
    make_organization(&app, "one").await;
    let guid = make_organization(&app, "two").await;
    let request = authed(TestRequest::put().uri(&format!("/v2/organizations/{guid}"))).set_payload(r#"{"name":"ONE"}"#);

    let reply = send(&app, request).await;

    assert_cf_error(
        &reply,
        400,
        "OrganizationNameTaken",
        30002,
        "The organization name is taken: ONE",
    );
}

#[actix_web::test]
async fn update_organization_of_an_unknown_guid_is_404() {
    let (_, app) = app_with(settings()).await;
    let request = authed(TestRequest::put().uri("/v2/organizations/nope")).set_payload(r#"{"name":"x"}"#);

    let reply = send(&app, request).await;

    assert_cf_error(
        &reply,
        404,
        "OrganizationNotFound",
        30003,
        "The organization could not be found: nope",
    );
}

#[actix_web::test]
async fn update_organization_by_a_read_only_caller_is_403() {
    let (_, app) = app_with(settings()).await;
    let request = TestRequest::put()
        .uri(&format!("/v2/organizations/{SEED_ORG}"))
        .insert_header(("Authorization", format!("bearer {READ_ONLY_TOKEN}")))
        .set_payload(r#"{"name":"x"}"#);

    let reply = send(&app, request).await;

    assert_eq!(reply.status, 403);
}

#[actix_web::test]
async fn update_organization_with_an_unknown_quota_is_400_invalid_relation() {
    let (_, app) = app_with(settings()).await;
    let request = authed(TestRequest::put().uri(&format!("/v2/organizations/{SEED_ORG}")))
        .set_payload(r#"{"quota_definition_guid":"q"}"#);

    let reply = send(&app, request).await;

    assert_cf_error(
        &reply,
        400,
        "InvalidRelation",
        1002,
        "Could not find QuotaDefinition with guid: q",
    );
}

#[actix_web::test]
async fn delete_organization_with_spaces_needs_recursive() {
    let (state, app) = app_with(settings()).await;
    make_space(&app, "inside").await;
    let path = format!("/v2/organizations/{SEED_ORG}");

    let refused = send(&app, authed(TestRequest::delete().uri(&path))).await;
    let deleted = send(
        &app,
        authed(TestRequest::delete().uri(&format!("{path}?recursive=true"))),
    )
    .await;

    assert_cf_error(
        &refused,
        400,
        "AssociationNotEmpty",
        10006,
        "Please delete the spaces associations for your organizations.",
    );
    assert_eq!(deleted.status, 204);
    assert!(all_spaces(&*state.store).await.is_empty(), "its spaces went with it");
    let after = send(&app, authed(TestRequest::get().uri(&path))).await;
    assert_eq!(after.status, 404);
}

#[actix_web::test]
async fn delete_organization_with_async_answers_202_and_a_job() {
    let (_, app) = app_with(settings()).await;
    let guid = make_organization(&app, "gone").await;

    let reply = send(
        &app,
        authed(TestRequest::delete().uri(&format!("/v2/organizations/{guid}?async=true"))),
    )
    .await;

    let body = assert_cf_ok::<spaceport::generated::cloud_foundry::JobResource>(&reply, 202);
    assert_eq!(body["entity"]["status"], json!("finished"));
}

#[actix_web::test]
async fn delete_organization_of_an_unknown_guid_is_404() {
    let (_, app) = app_with(settings()).await;

    let reply = send(&app, authed(TestRequest::delete().uri("/v2/organizations/nope"))).await;

    assert_cf_error(
        &reply,
        404,
        "OrganizationNotFound",
        30003,
        "The organization could not be found: nope",
    );
}

#[actix_web::test]
async fn delete_organization_by_a_read_only_caller_is_403() {
    let (_, app) = app_with(settings()).await;
    let request = TestRequest::delete()
        .uri(&format!("/v2/organizations/{SEED_ORG}"))
        .insert_header(("Authorization", format!("bearer {READ_ONLY_TOKEN}")));

    let reply = send(&app, request).await;

    assert_eq!(reply.status, 403);
}

#[actix_web::test]
async fn list_organizations_filters_by_name_ignoring_case() {
    let (_, app) = app_with(settings()).await;
    make_organization(&app, "Alpha").await;
    make_organization(&app, "beta").await;

    let reply = send(&app, authed(TestRequest::get().uri("/v2/organizations?q=name:alpha"))).await;

    let body = assert_cf_ok::<OrganizationList>(&reply, 200);
    assert_eq!(body["total_results"], json!(1));
    assert_eq!(body["resources"][0]["entity"]["name"], json!("Alpha"));
}

#[actix_web::test]
async fn list_organizations_filters_by_the_spaces_they_hold() {
    let (_, app) = app_with(settings()).await;
    let other = make_organization(&app, "other").await;
    make_organization(&app, "empty").await;
    let seed_space = make_space(&app, "dev").await;
    let body = format!(r#"{{"name":"dev","organization_guid":"{other}"}}"#);
    let other_space = send(&app, super::create(body)).await.json()["metadata"]["guid"]
        .as_str()
        .expect("a guid")
        .to_owned();

    let one = format!("/v2/organizations?q=space_guid:{other_space}");
    let one = send(&app, authed(TestRequest::get().uri(&one))).await;
    let both = format!("/v2/organizations?q=space_guid%20IN%20{seed_space},{other_space}");
    let both = send(&app, authed(TestRequest::get().uri(&both))).await;
    let unknown = send(
        &app,
        authed(TestRequest::get().uri("/v2/organizations?q=space_guid:nope")),
    )
    .await;

    let guids = |body: &serde_json::Value| -> Vec<String> {
        body["resources"]
            .as_array()
            .expect("resources")
            .iter()
            .map(|r| r["metadata"]["guid"].as_str().expect("a guid").to_owned())
            .collect()
    };
    assert_eq!(guids(&assert_cf_ok::<OrganizationList>(&one, 200)), vec![other.clone()]);
    assert_eq!(
        guids(&assert_cf_ok::<OrganizationList>(&both, 200)),
        [SEED_ORG.to_owned(), other]
    );
    assert_eq!(
        assert_cf_ok::<OrganizationList>(&unknown, 200)["total_results"],
        json!(0)
    );
}

#[actix_web::test]
async fn list_organizations_without_credentials_is_401_and_with_a_bad_filter_400() {
    let (_, app) = app_with(settings()).await;

    let anonymous = send(&app, TestRequest::get().uri("/v2/organizations")).await;
    let bad = send(&app, authed(TestRequest::get().uri("/v2/organizations?q=color:red"))).await;
    let scopeless = send(
        &app,
        TestRequest::get()
            .uri("/v2/organizations")
            .insert_header(("Authorization", format!("bearer {}", super::NO_SCOPE_TOKEN))),
    )
    .await;

    assert_cf_error(&anonymous, 401, "NotAuthenticated", 10002, "Authentication error");
    assert_cf_error(
        &bad,
        400,
        "BadQueryParameter",
        10005,
        "The query parameter is invalid: color",
    );
    assert_eq!(scopeless.status, 403);
}

#[actix_web::test]
async fn an_organizations_spaces_are_listed_and_only_those() {
    let (_, app) = app_with(settings()).await;
    make_space(&app, "mine").await;
    let other = make_organization(&app, "other").await;
    let body = format!(r#"{{"name":"theirs","organization_guid":"{other}"}}"#);
    assert_eq!(send(&app, super::create(body)).await.status, 201);

    let reply = send(
        &app,
        authed(TestRequest::get().uri(&format!("/v2/organizations/{SEED_ORG}/spaces"))),
    )
    .await;

    let body = assert_cf_ok::<SpaceList>(&reply, 200);
    assert_eq!(body["total_results"], json!(1));
    assert_eq!(body["resources"][0]["entity"]["name"], json!("mine"));
}

#[actix_web::test]
async fn the_spaces_of_an_unknown_organization_are_404() {
    let (_, app) = app_with(settings()).await;

    let reply = send(&app, authed(TestRequest::get().uri("/v2/organizations/nope/spaces"))).await;

    assert_cf_error(
        &reply,
        404,
        "OrganizationNotFound",
        30003,
        "The organization could not be found: nope",
    );
}

#[actix_web::test]
async fn organization_spaces_reject_a_bad_filter_and_missing_credentials() {
    let (_, app) = app_with(settings()).await;
    let path = format!("/v2/organizations/{SEED_ORG}/spaces");

    let bad = send(&app, authed(TestRequest::get().uri(&format!("{path}?q=size%3E3")))).await;
    let anonymous = send(&app, TestRequest::get().uri(&path)).await;

    assert_cf_error(
        &bad,
        400,
        "BadQueryParameter",
        10005,
        "The query parameter is invalid: size",
    );
    assert_eq!(anonymous.status, 401);
}
