//! `GET /v2/spaces`: the pagination envelope, `q` filters in every form clients send, ordering and the
//! query-parameter errors.

use actix_web::test::TestRequest;
use serde_json::{Value, json};
use spaceport::generated::cloud_foundry::SpaceList;

use super::{assert_cf_error, assert_cf_ok, authed, make_organization, make_space};
use crate::support::{SEED_ORG, app_with, send, settings};

fn names(body: &Value) -> Vec<String> {
    body["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .map(|r| r["entity"]["name"].as_str().expect("a name").to_owned())
        .collect()
}

#[actix_web::test]
async fn an_empty_list_has_one_page() {
    let (_, app) = app_with(settings()).await;

    let reply = send(&app, authed(TestRequest::get().uri("/v2/spaces"))).await;

    let body = assert_cf_ok::<SpaceList>(&reply, 200);
    assert_eq!(
        body,
        json!({"total_results": 0, "total_pages": 1, "prev_url": null, "next_url": null, "resources": []})
    );
}

#[actix_web::test]
async fn pages_link_to_each_other_and_the_links_work_verbatim() {
    let (_, app) = app_with(settings()).await;
    for name in ["a", "b", "c"] {
        make_space(&app, name).await;
    }

    let first = send(&app, authed(TestRequest::get().uri("/v2/spaces?results-per-page=2"))).await;
    let first = assert_cf_ok::<SpaceList>(&first, 200);
    let next = first["next_url"].as_str().expect("a next page").to_owned();
    let second = send(&app, authed(TestRequest::get().uri(&next))).await;
    let second = assert_cf_ok::<SpaceList>(&second, 200);

    assert_eq!(
        (first["total_results"].clone(), first["total_pages"].clone()),
        (json!(3), json!(2))
    );
    assert_eq!(names(&first), ["a", "b"]);
    assert_eq!(first["prev_url"], Value::Null);
    assert_eq!(next, "/v2/spaces?order-direction=asc&page=2&results-per-page=2");
    assert_eq!(names(&second), ["c"]);
    assert_eq!(second["next_url"], Value::Null);
    assert_eq!(
        second["prev_url"],
        json!("/v2/spaces?order-direction=asc&page=1&results-per-page=2")
    );
}

#[actix_web::test]
async fn a_page_past_the_end_is_empty_with_the_totals() {
    let (_, app) = app_with(settings()).await;
    make_space(&app, "a").await;

    let reply = send(&app, authed(TestRequest::get().uri("/v2/spaces?page=5"))).await;

    let body = assert_cf_ok::<SpaceList>(&reply, 200);
    assert_eq!(body["total_results"], json!(1));
    assert_eq!(body["resources"], json!([]));
}

#[actix_web::test]
async fn q_filters_work_raw_percent_encoded_repeated_and_joined() {
    let (_, app) = app_with(settings()).await;
    make_space(&app, "Dev").await;
    make_space(&app, "prod").await;
    let other = make_organization(&app, "other").await;
    let body = format!(r#"{{"name":"dev","organization_guid":"{other}"}}"#);
    assert_eq!(send(&app, super::create(body)).await.status, 201);

    for (query, expected) in [
        ("q=name:dev".to_owned(), vec!["Dev", "dev"]),
        ("q=name%3ADEV".to_owned(), vec!["Dev", "dev"]),
        (format!("q=name:dev&q=organization_guid:{SEED_ORG}"), vec!["Dev"]),
        (format!("q=name:dev;organization_guid%3A{SEED_ORG}"), vec!["Dev"]),
        ("q=name%20IN%20prod,nothing".to_owned(), vec!["prod"]),
        (format!("q=organization_guid:{other}"), vec!["dev"]),
        ("q=developer_guid:u-1".to_owned(), vec![]),
    ] {
        let reply = send(&app, authed(TestRequest::get().uri(&format!("/v2/spaces?{query}")))).await;

        let body = assert_cf_ok::<SpaceList>(&reply, 200);
        assert_eq!(names(&body), expected, "{query}");
    }
}

#[actix_web::test]
async fn filters_are_kept_in_page_links_with_the_colon_raw() {
    let (_, app) = app_with(settings()).await;
    make_space(&app, "a1").await;
    make_space(&app, "a2").await;

    let reply = send(
        &app,
        authed(TestRequest::get().uri(&format!(
            "/v2/spaces?q=organization_guid%3A{SEED_ORG}&results-per-page=1&order-by=name&inline-relations-depth=1"
        ))),
    )
    .await;

    let body = assert_cf_ok::<SpaceList>(&reply, 200);
    assert_eq!(
        body["next_url"],
        json!(format!(
            "/v2/spaces?inline-relations-depth=1&order-by=name&order-direction=asc&page=2&q=organization_guid:{SEED_ORG}&results-per-page=1"
        ))
    );
}

#[actix_web::test]
async fn order_direction_and_order_by_sort_the_list() {
    let (_, app) = app_with(settings()).await;
    for name in ["b", "C", "a"] {
        make_space(&app, name).await;
    }

    let desc = send(&app, authed(TestRequest::get().uri("/v2/spaces?order-direction=desc"))).await;
    let by_name = send(&app, authed(TestRequest::get().uri("/v2/spaces?order-by=name"))).await;

    assert_eq!(names(&assert_cf_ok::<SpaceList>(&desc, 200)), ["a", "C", "b"]);
    assert_eq!(names(&assert_cf_ok::<SpaceList>(&by_name, 200)), ["a", "b", "C"]);
}

#[actix_web::test]
async fn bad_query_parameters_are_400_bad_query_parameter() {
    let (_, app) = app_with(settings()).await;

    for (query, description) in [
        ("results-per-page=101", "results_per_page must be <= 100"),
        ("results-per-page=0", "results_per_page must be >= 1"),
        ("page=abc", "page must be an integer"),
        ("page=0", "page must be >= 1"),
        ("order-direction=sideways", "order_direction must be 'asc' or 'desc'"),
        ("order-by=size", "order_by must be 'id' or 'name'"),
        ("inline-relations-depth=4", "inline_relations_depth must be <= 3"),
        ("q=foo:bar", "foo"),
        ("q=nameonly", "nameonly"),
    ] {
        let reply = send(&app, authed(TestRequest::get().uri(&format!("/v2/spaces?{query}")))).await;

        assert_cf_error(
            &reply,
            400,
            "BadQueryParameter",
            10005,
            &format!("The query parameter is invalid: {description}"),
        );
    }
}

#[actix_web::test]
async fn list_spaces_needs_credentials_and_a_cloud_controller_scope() {
    let (_, app) = app_with(settings()).await;

    let anonymous = send(&app, TestRequest::get().uri("/v2/spaces")).await;
    let scopeless = send(
        &app,
        TestRequest::get()
            .uri("/v2/spaces")
            .insert_header(("Authorization", format!("bearer {}", super::NO_SCOPE_TOKEN))),
    )
    .await;
    let reader = send(
        &app,
        TestRequest::get()
            .uri("/v2/spaces")
            .insert_header(("Authorization", format!("bearer {}", super::READ_ONLY_TOKEN))),
    )
    .await;

    assert_cf_error(&anonymous, 401, "NotAuthenticated", 10002, "Authentication error");
    assert_cf_error(
        &scopeless,
        403,
        "InsufficientScope",
        10007,
        "Your token lacks the necessary scopes to access this resource.",
    );
    assert_eq!(reader.status, 200);
}
