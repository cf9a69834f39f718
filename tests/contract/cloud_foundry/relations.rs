//! The collections behind the `*_url` links of spaces and organizations: a space's events, and the empty
//! collections of what spaceport keeps none of (users in roles, apps, routes, domains, ...), and the default
//! organization quota.

use actix_web::test::TestRequest;
use serde_json::{Value, json};
use spaceport::generated::cloud_foundry::{
    EventList, OrganizationResource, QuotaDefinitionList, QuotaDefinitionResource, RelatedList, SpaceList,
};

use super::{assert_cf_error, assert_cf_ok, authed, make_organization, make_space};
use crate::support::{SEED_ORG, app_with, send, settings};

/// The entity's `*_url` links, by key.
fn links(resource: &Value) -> Vec<(String, String)> {
    resource["entity"]
        .as_object()
        .expect("an entity")
        .iter()
        .filter(|(key, value)| key.ends_with("_url") && value.is_string())
        .map(|(key, value)| (key.clone(), value.as_str().unwrap_or_default().to_owned()))
        .collect()
}

/// A first page of nothing.
fn empty_page() -> Value {
    json!({"total_results": 0, "total_pages": 1, "prev_url": null, "next_url": null, "resources": []})
}

#[actix_web::test]
async fn every_link_of_a_space_answers() {
    let (_, app) = app_with(settings()).await;
    let guid = make_space(&app, "linked").await;
    let space = send(&app, authed(TestRequest::get().uri(&format!("/v2/spaces/{guid}")))).await;
    let links = links(&space.json());
    assert_eq!(links.len(), 12, "{links:?}");

    for (key, url) in links {
        let reply = send(&app, authed(TestRequest::get().uri(&url))).await;

        match key.as_str() {
            "organization_url" => {
                let body = assert_cf_ok::<OrganizationResource>(&reply, 200);
                assert_eq!(body["metadata"]["guid"], json!(SEED_ORG));
            }
            "events_url" => {
                let body = assert_cf_ok::<EventList>(&reply, 200);
                assert_eq!(body["total_results"], json!(1), "{url}");
                assert_eq!(body["resources"][0]["entity"]["type"], json!("audit.space.create"));
                assert_eq!(body["resources"][0]["entity"]["actee"], json!(guid));
            }
            _ => assert_eq!(assert_cf_ok::<RelatedList>(&reply, 200), empty_page(), "{key}: {url}"),
        }
    }
}

#[actix_web::test]
async fn every_link_of_an_organization_answers() {
    let (_, app) = app_with(settings()).await;
    let guid = make_organization(&app, "linked").await;
    let uri = format!("/v2/organizations/{guid}");
    let organization = send(&app, authed(TestRequest::get().uri(&uri))).await;
    let links = links(&organization.json());
    assert_eq!(links.len(), 10, "{links:?}");

    for (key, url) in links {
        let reply = send(&app, authed(TestRequest::get().uri(&url))).await;

        match key.as_str() {
            "spaces_url" => assert_eq!(assert_cf_ok::<SpaceList>(&reply, 200)["total_results"], json!(0)),
            "quota_definition_url" => {
                let body = assert_cf_ok::<QuotaDefinitionResource>(&reply, 200);
                assert_eq!(body["entity"]["name"], json!("default"));
            }
            _ => assert_eq!(assert_cf_ok::<RelatedList>(&reply, 200), empty_page(), "{key}: {url}"),
        }
    }
}

#[actix_web::test]
async fn an_empty_collection_links_back_from_a_page_past_its_end() {
    let (_, app) = app_with(settings()).await;
    let guid = make_space(&app, "paged").await;

    let uri = format!("/v2/spaces/{guid}/developers?page=3&results-per-page=10&order-direction=desc");
    let reply = send(&app, authed(TestRequest::get().uri(&uri))).await;

    let body = assert_cf_ok::<RelatedList>(&reply, 200);
    assert_eq!(
        body,
        json!({
            "total_results": 0,
            "total_pages": 1,
            "prev_url": format!("/v2/spaces/{guid}/developers?order-direction=desc&page=1&results-per-page=10"),
            "next_url": null,
            "resources": []
        })
    );
}

#[actix_web::test]
async fn a_space_lists_only_its_own_events_with_the_event_filters() {
    let (_, app) = app_with(settings()).await;
    let mine = make_space(&app, "mine").await;
    make_space(&app, "theirs").await;
    let rename = authed(TestRequest::put().uri(&format!("/v2/spaces/{mine}"))).set_payload(r#"{"name":"ours"}"#);
    assert_eq!(send(&app, rename).await.status, 201);

    let all = send(
        &app,
        authed(TestRequest::get().uri(&format!("/v2/spaces/{mine}/events"))),
    )
    .await;
    let updates = format!("/v2/spaces/{mine}/events?q=type:audit.space.update");
    let updates = send(&app, authed(TestRequest::get().uri(&updates))).await;
    let bad = format!("/v2/spaces/{mine}/events?q=color:red");
    let bad = send(&app, authed(TestRequest::get().uri(&bad))).await;

    let all = assert_cf_ok::<EventList>(&all, 200);
    let kinds: Vec<&Value> = all["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .map(|r| &r["entity"]["type"])
        .collect();
    assert_eq!(kinds, [&json!("audit.space.create"), &json!("audit.space.update")]);
    assert_eq!(assert_cf_ok::<EventList>(&updates, 200)["total_results"], json!(1));
    assert_cf_error(
        &bad,
        400,
        "BadQueryParameter",
        10005,
        "The query parameter is invalid: color",
    );
}

#[actix_web::test]
async fn unknown_parents_and_relations_are_404() {
    let (_, app) = app_with(settings()).await;
    let guid = make_space(&app, "known").await;

    let no_space = send(&app, authed(TestRequest::get().uri("/v2/spaces/nope/developers"))).await;
    let no_space_events = send(&app, authed(TestRequest::get().uri("/v2/spaces/nope/events"))).await;
    let no_org = send(&app, authed(TestRequest::get().uri("/v2/organizations/nope/users"))).await;
    let no_relation = format!("/v2/spaces/{guid}/pets");
    let no_relation = send(&app, authed(TestRequest::get().uri(&no_relation))).await;
    let wrong_method = format!("/v2/spaces/{guid}/developers");
    let wrong_method = send(&app, authed(TestRequest::post().uri(&wrong_method))).await;

    let space_not_found = "The app space could not be found: nope";
    assert_cf_error(&no_space, 404, "SpaceNotFound", 40004, space_not_found);
    assert_cf_error(&no_space_events, 404, "SpaceNotFound", 40004, space_not_found);
    let org_not_found = "The organization could not be found: nope";
    assert_cf_error(&no_org, 404, "OrganizationNotFound", 30003, org_not_found);
    assert_cf_error(&no_relation, 404, "NotFound", 10000, "Unknown request");
    assert_cf_error(&wrong_method, 404, "NotFound", 10000, "Unknown request");
}

#[actix_web::test]
async fn collection_paging_parameters_are_checked_like_every_list() {
    let (_, app) = app_with(settings()).await;
    let guid = make_space(&app, "checked").await;

    for uri in [
        format!("/v2/spaces/{guid}/routes?results-per-page=101"),
        format!("/v2/organizations/{SEED_ORG}/domains?results-per-page=101"),
    ] {
        let reply = send(&app, authed(TestRequest::get().uri(&uri))).await;

        assert_cf_error(
            &reply,
            400,
            "BadQueryParameter",
            10005,
            "The query parameter is invalid: results_per_page must be <= 100",
        );
    }
}

#[actix_web::test]
async fn the_default_quota_is_listed_and_read_with_a_stock_deployments_limits() {
    let (_, app) = app_with(settings()).await;
    let uri = format!("/v2/organizations/{SEED_ORG}");
    let organization = send(&app, authed(TestRequest::get().uri(&uri))).await;
    let quota_guid = organization.json()["entity"]["quota_definition_guid"].clone();

    let list = send(&app, authed(TestRequest::get().uri("/v2/quota_definitions"))).await;
    let named = send(
        &app,
        authed(TestRequest::get().uri("/v2/quota_definitions?q=name:default")),
    )
    .await;
    let other = send(
        &app,
        authed(TestRequest::get().uri("/v2/quota_definitions?q=name:gold")),
    )
    .await;
    let bad = send(
        &app,
        authed(TestRequest::get().uri("/v2/quota_definitions?q=memory_limit:1")),
    )
    .await;
    let unknown = send(&app, authed(TestRequest::get().uri("/v2/quota_definitions/nope"))).await;

    let list = assert_cf_ok::<QuotaDefinitionList>(&list, 200);
    assert_eq!(list["total_results"], json!(1));
    let quota = &list["resources"][0];
    assert_eq!(quota["metadata"]["guid"], quota_guid);
    let url = format!("/v2/quota_definitions/{}", quota_guid.as_str().unwrap_or_default());
    assert_eq!(quota["metadata"]["url"], json!(url));
    assert_eq!(
        quota["entity"],
        json!({
            "name": "default",
            "non_basic_services_allowed": true,
            "total_services": 100,
            "total_routes": 1000,
            "total_private_domains": -1,
            "memory_limit": 10240,
            "trial_db_allowed": false,
            "instance_memory_limit": -1,
            "app_instance_limit": -1,
            "app_task_limit": -1,
            "total_service_keys": -1,
            "total_reserved_route_ports": 0
        })
    );
    assert_eq!(
        assert_cf_ok::<QuotaDefinitionList>(&named, 200)["total_results"],
        json!(1)
    );
    assert_eq!(
        assert_cf_ok::<QuotaDefinitionList>(&other, 200)["total_results"],
        json!(0)
    );
    assert_cf_error(
        &bad,
        400,
        "BadQueryParameter",
        10005,
        "The query parameter is invalid: memory_limit",
    );
    assert_cf_error(
        &unknown,
        404,
        "QuotaDefinitionNotFound",
        240001,
        "Quota Definition could not be found: nope",
    );
}
