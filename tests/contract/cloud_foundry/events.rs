//! `/v2/events`: the audit trail writes leave, with its filters.

use actix_web::test::TestRequest;
use serde_json::json;
use spaceport::generated::cloud_foundry::{EventList, EventResource};

use super::{assert_cf_error, assert_cf_ok, authed, make_space, seed_request};
use crate::support::{SEED_ORG, app_with, send, settings};

#[actix_web::test]
async fn the_seed_create_is_listed_as_an_audit_space_create_by_its_actor() {
    let (_, app) = app_with(settings()).await;
    let created = send(&app, seed_request()).await;
    let space = created.json()["metadata"]["guid"].clone();

    let reply = send(
        &app,
        authed(TestRequest::get().uri("/v2/events?q=type:audit.space.create")),
    )
    .await;

    let body = assert_cf_ok::<EventList>(&reply, 200);
    assert_eq!(body["total_results"], json!(1));
    let event = &body["resources"][0];
    let entity = &event["entity"];
    assert_eq!(entity["type"], json!("audit.space.create"));
    assert_eq!(entity["actor"], json!("uaa-id-40"));
    assert_eq!(entity["actor_type"], json!("user"));
    assert_eq!(entity["actor_name"], json!("email-40@somedomain.com"));
    assert_eq!(entity["actee"], space);
    assert_eq!(entity["actee_type"], json!("space"));
    assert_eq!(entity["actee_name"], json!("development"));
    assert_eq!(entity["space_guid"], space);
    assert_eq!(entity["organization_guid"], json!(SEED_ORG));
    assert_eq!(entity["timestamp"], json!("2026-01-02T03:04:05Z"));
    assert_eq!(
        entity["metadata"],
        json!({"request": {"name": "development", "organization_guid": SEED_ORG, "allow_ssh": true}})
    );
    let url = event["metadata"]["url"].as_str().expect("an event url");
    let one = send(&app, authed(TestRequest::get().uri(url))).await;
    assert_eq!(assert_cf_ok::<EventResource>(&one, 200), *event);
}

#[actix_web::test]
async fn events_filter_by_actee_type_list_and_timestamp() {
    let (_, app) = app_with(settings()).await;
    let first = make_space(&app, "one").await;
    make_space(&app, "two").await;

    for (query, expected) in [
        (format!("q=actee:{first}"), 1),
        ("q=type%20IN%20audit.space.create,audit.space.update".to_owned(), 2),
        ("q=type:audit.space.delete-request".to_owned(), 0),
        ("q=timestamp%3E%3D2026-01-01T00:00:00Z".to_owned(), 2),
        ("q=timestamp%3C2026-01-01T00:00:00Z".to_owned(), 0),
        (format!("q=organization_guid:{SEED_ORG}"), 2),
    ] {
        let reply = send(&app, authed(TestRequest::get().uri(&format!("/v2/events?{query}")))).await;

        let body = assert_cf_ok::<EventList>(&reply, 200);
        assert_eq!(body["total_results"], json!(expected), "{query}");
    }
}

#[actix_web::test]
async fn events_page_newest_first_when_descending() {
    let (_, app) = app_with(settings()).await;
    let mut spaces = Vec::new();
    for name in ["one", "two", "three"] {
        spaces.push(make_space(&app, name).await);
    }
    let actees = |body: &serde_json::Value| -> Vec<String> {
        body["resources"]
            .as_array()
            .expect("resources")
            .iter()
            .map(|r| r["entity"]["actee"].as_str().expect("an actee").to_owned())
            .collect()
    };

    let first = "/v2/events?order-direction=desc&results-per-page=2";
    let first = send(&app, authed(TestRequest::get().uri(first))).await;
    let first = assert_cf_ok::<EventList>(&first, 200);
    let next = first["next_url"].as_str().expect("a second page").to_owned();
    let second = send(&app, authed(TestRequest::get().uri(&next))).await;
    let second = assert_cf_ok::<EventList>(&second, 200);

    assert_eq!(
        (first["total_results"].clone(), first["total_pages"].clone()),
        (json!(3), json!(2))
    );
    assert_eq!(actees(&first), [spaces[2].clone(), spaces[1].clone()]);
    assert_eq!(next, "/v2/events?order-direction=desc&page=2&results-per-page=2");
    assert_eq!(actees(&second), [spaces[0].clone()]);
    assert_eq!(second["next_url"], json!(null));
}

#[actix_web::test]
async fn a_bad_event_filter_is_400() {
    let (_, app) = app_with(settings()).await;

    let key = send(&app, authed(TestRequest::get().uri("/v2/events?q=name:x"))).await;
    let time = send(
        &app,
        authed(TestRequest::get().uri("/v2/events?q=timestamp%3Eyesterday")),
    )
    .await;

    assert_cf_error(
        &key,
        400,
        "BadQueryParameter",
        10005,
        "The query parameter is invalid: name",
    );
    assert_cf_error(
        &time,
        400,
        "BadQueryParameter",
        10005,
        "The query parameter is invalid: timestamp",
    );
}

#[actix_web::test]
async fn events_need_credentials_and_a_scope() {
    let (_, app) = app_with(settings()).await;

    let list = send(&app, TestRequest::get().uri("/v2/events")).await;
    let one = send(&app, TestRequest::get().uri("/v2/events/x")).await;
    let scopeless = send(
        &app,
        TestRequest::get()
            .uri("/v2/events/x")
            .insert_header(("Authorization", format!("bearer {}", super::NO_SCOPE_TOKEN))),
    )
    .await;
    let list_scopeless = send(
        &app,
        TestRequest::get()
            .uri("/v2/events")
            .insert_header(("Authorization", format!("bearer {}", super::NO_SCOPE_TOKEN))),
    )
    .await;

    assert_eq!(
        (list.status, one.status, scopeless.status, list_scopeless.status),
        (401, 401, 403, 403)
    );
}

#[actix_web::test]
async fn an_unknown_event_is_404_event_not_found() {
    let (_, app) = app_with(settings()).await;

    let reply = send(&app, authed(TestRequest::get().uri("/v2/events/nope"))).await;

    assert_cf_error(&reply, 404, "EventNotFound", 230002, "Event could not be found: nope");
}
