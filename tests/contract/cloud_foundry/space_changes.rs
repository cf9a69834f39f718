//! `/v2/spaces/{guid}`: read, update and delete, with their 401, 403 and 404.

use actix_web::test::TestRequest;
use serde_json::json;
use spaceport::generated::cloud_foundry::{Operation, SpaceResource};

use super::{READ_ONLY_TOKEN, assert_cf_error, seed_request};
use crate::support::{all_events, app_with, send, settings};

#[actix_web::test]
async fn get_space_returns_what_create_returned() {
    let (_, app) = app_with(settings()).await;
    let created = send(&app, seed_request()).await;
    let location = created.header("location").expect("a location").to_owned();

    let reply = send(&app, super::authed(TestRequest::get().uri(&location))).await;

    let body = super::assert_cf_ok::<SpaceResource>(&reply, 200);
    assert_eq!(body, created.json());
}

#[actix_web::test]
async fn get_space_of_an_unknown_guid_is_404_space_not_found() {
    let (_, app) = app_with(settings()).await;

    let reply = send(&app, super::authed(TestRequest::get().uri("/v2/spaces/nope"))).await;

    assert_cf_error(
        &reply,
        404,
        "SpaceNotFound",
        40004,
        "The app space could not be found: nope",
    );
}

#[actix_web::test]
async fn get_space_without_credentials_is_401() {
    let (_, app) = app_with(settings()).await;

    let reply = send(&app, TestRequest::get().uri("/v2/spaces/nope")).await;

    assert_cf_error(&reply, 401, "NotAuthenticated", 10002, "Authentication error");
}

#[actix_web::test]
async fn get_space_without_cloud_controller_scopes_is_403() {
    let (_, app) = app_with(settings()).await;
    let request = TestRequest::get()
        .uri("/v2/spaces/nope")
        .insert_header(("Authorization", format!("bearer {}", super::NO_SCOPE_TOKEN)));

    let reply = send(&app, request).await;

    assert_cf_error(
        &reply,
        403,
        "InsufficientScope",
        10007,
        "Your token lacks the necessary scopes to access this resource.",
    );
}

fn put(guid: &str, body: &str) -> TestRequest {
    super::authed(TestRequest::put().uri(&format!("/v2/spaces/{guid}"))).set_payload(body.to_owned())
}

#[actix_web::test]
async fn update_space_answers_201_with_the_new_name_and_an_updated_at() {
    let (state, app) = app_with(settings()).await;
    let guid = super::make_space(&app, "old").await;

    let reply = send(&app, put(&guid, r#"{"name":" new ","allow_ssh":false}"#)).await;

    let body = super::assert_cf_ok::<SpaceResource>(&reply, 201);
    assert_eq!(body["entity"]["name"], json!("new"));
    assert_eq!(body["entity"]["allow_ssh"], json!(false));
    assert_eq!(body["metadata"]["updated_at"], json!("2026-01-02T03:04:05Z"));
    let events = all_events(&*state.store).await;
    let event = events.last().expect("an event");
    assert_eq!(event.kind, "audit.space.update");
    assert_eq!(event.actee_name, "new");
    assert_eq!(event.metadata, json!({"request": {"name": "new", "allow_ssh": false}}));
}

#[actix_web::test]
async fn update_space_cannot_move_it_to_another_organization() {
    let (_, app) = app_with(settings()).await;
    let guid = super::make_space(&app, "s").await;

    let reply = send(&app, put(&guid, r#"{"organization_guid":"other"}"#)).await;

    assert_cf_error(
        &reply,
        400,
        "OrganizationAlreadySet",
        30007,
        "Cannot change organization",
    );
}

#[actix_web::test]
async fn update_space_to_a_taken_name_is_400_space_name_taken() {
    let (_, app) = app_with(settings()).await;
    super::make_space(&app, "a").await;
    let guid = super::make_space(&app, "b").await;

    let reply = send(&app, put(&guid, r#"{"name":"A"}"#)).await;

    assert_cf_error(&reply, 400, "SpaceNameTaken", 40002, "The app space name is taken: A");
}

#[actix_web::test]
async fn update_space_of_an_unknown_guid_is_404() {
    let (_, app) = app_with(settings()).await;

    let reply = send(&app, put("nope", r#"{"name":"x"}"#)).await;

    assert_cf_error(
        &reply,
        404,
        "SpaceNotFound",
        40004,
        "The app space could not be found: nope",
    );
}

#[actix_web::test]
async fn update_space_by_a_read_only_caller_is_403() {
    let (_, app) = app_with(settings()).await;
    let guid = super::make_space(&app, "s").await;
    let request = put(&guid, r#"{"name":"x"}"#).insert_header(("Authorization", format!("bearer {READ_ONLY_TOKEN}")));

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
async fn update_space_with_a_wrong_type_is_400_message_parse_error() {
    let (_, app) = app_with(settings()).await;
    let guid = super::make_space(&app, "s").await;

    let reply = send(&app, put(&guid, r#"{"allow_ssh":"no"}"#)).await;

    assert_cf_error(
        &reply,
        400,
        "MessageParseError",
        1001,
        "Request invalid due to parse error: Field: allow_ssh, Error: Expected instance of true or false, given an instance of String",
    );
}

#[actix_web::test]
async fn update_space_without_credentials_is_401() {
    let (_, app) = app_with(settings()).await;

    let reply = send(&app, TestRequest::put().uri("/v2/spaces/x").set_payload("{}")).await;

    assert_cf_error(&reply, 401, "NotAuthenticated", 10002, "Authentication error");
}

#[actix_web::test]
async fn delete_space_answers_204_and_the_space_is_gone() {
    let (state, app) = app_with(settings()).await;
    let guid = super::make_space(&app, "s").await;

    let reply = send(
        &app,
        super::authed(TestRequest::delete().uri(&format!("/v2/spaces/{guid}"))),
    )
    .await;
    let after = send(
        &app,
        super::authed(TestRequest::get().uri(&format!("/v2/spaces/{guid}"))),
    )
    .await;

    assert_eq!(reply.status, 204);
    assert!(reply.bytes.is_empty());
    assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(after.status, 404);
    let events = all_events(&*state.store).await;
    let event = events.last().expect("an event");
    assert_eq!(event.kind, "audit.space.delete-request");
    assert_eq!(event.metadata, json!({"request": {"recursive": false}}));
}

#[actix_web::test]
async fn delete_space_with_async_answers_202_and_a_finished_job() {
    let (_, app) = app_with(settings()).await;
    let guid = super::make_space(&app, "s").await;

    let reply = send(
        &app,
        super::authed(TestRequest::delete().uri(&format!("/v2/spaces/{guid}?async=true&recursive=true"))),
    )
    .await;

    let body = super::assert_cf_ok::<spaceport::generated::cloud_foundry::JobResource>(&reply, 202);
    let job_url = body["metadata"]["url"].as_str().expect("a job url").to_owned();
    let job = send(&app, super::authed(TestRequest::get().uri(&job_url))).await;
    let job = super::assert_cf_ok::<spaceport::generated::cloud_foundry::JobResource>(&job, 200);
    assert_eq!(job["entity"]["status"], json!("finished"));
    assert_eq!(job["entity"]["guid"], body["metadata"]["guid"]);
}

#[actix_web::test]
async fn an_unknown_job_is_404() {
    let (_, app) = app_with(settings()).await;

    let reply = send(&app, super::authed(TestRequest::get().uri("/v2/jobs/nope"))).await;

    assert_cf_error(&reply, 404, "ResourceNotFound", 10010, "Job not found");
}

#[actix_web::test]
async fn delete_space_of_an_unknown_guid_is_404() {
    let (_, app) = app_with(settings()).await;

    let reply = send(&app, super::authed(TestRequest::delete().uri("/v2/spaces/nope"))).await;

    assert_cf_error(
        &reply,
        404,
        "SpaceNotFound",
        40004,
        "The app space could not be found: nope",
    );
}

#[actix_web::test]
async fn delete_space_by_a_read_only_caller_is_403_and_keeps_it() {
    let (_, app) = app_with(settings()).await;
    let guid = super::make_space(&app, "s").await;
    let request = TestRequest::delete()
        .uri(&format!("/v2/spaces/{guid}"))
        .insert_header(("Authorization", format!("bearer {READ_ONLY_TOKEN}")));

    let reply = send(&app, request).await;
    let after = send(
        &app,
        super::authed(TestRequest::get().uri(&format!("/v2/spaces/{guid}"))),
    )
    .await;

    assert_eq!(reply.status, 403);
    assert_eq!(after.status, 200);
}

#[actix_web::test]
async fn delete_space_with_a_non_boolean_async_is_400_bad_query_parameter() {
    let (_, app) = app_with(settings()).await;

    let reply = send(
        &app,
        super::authed(TestRequest::delete().uri("/v2/spaces/x?async=maybe")),
    )
    .await;

    assert_cf_error(
        &reply,
        400,
        "BadQueryParameter",
        10005,
        "The query parameter is invalid: async must be true or false",
    );
}

#[actix_web::test]
async fn every_gated_operation_is_401_without_a_token_and_403_without_a_scope() {
    let (_, app) = app_with(settings()).await;
    for gated in super::every_gated() {
        let request = || gated.request();

        let anonymous = send(&app, request()).await;
        let scopeless = send(
            &app,
            request().insert_header(("Authorization", format!("bearer {}", super::NO_SCOPE_TOKEN))),
        )
        .await;
        let undecodable = send(&app, request().insert_header(("Authorization", "bearer x.y.z"))).await;

        assert_cf_error(&anonymous, 401, "NotAuthenticated", 10002, "Authentication error");
        assert_cf_error(&undecodable, 401, "InvalidAuthToken", 1000, "Invalid Auth Token");
        if gated.operation == Operation::CreateSpace {
            // createSpace validates first: the unknown organization is reported before the scope.
            assert_eq!(scopeless.status, 400, "{:?}", gated.operation);
        } else {
            assert_cf_error(
                &scopeless,
                403,
                "InsufficientScope",
                10007,
                "Your token lacks the necessary scopes to access this resource.",
            );
        }
    }
}
