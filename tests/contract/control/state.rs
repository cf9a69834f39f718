//! Reset and state: a world back to its fixtures, read whole, and replaced whole (losslessly, or not at all).

use actix_web::test::TestRequest;
use serde_json::{Value, json};

use super::{assert_problem, document, get, put_state};
use crate::support::{ONEZONE_SEED_TOKEN, SEED_ORG, SEED_TOKEN, app_with, send, settings};

fn cf_create(name: &str) -> TestRequest {
    TestRequest::post()
        .uri("/v2/spaces")
        .insert_header(("Authorization", format!("bearer {SEED_TOKEN}")))
        .insert_header(("Content-Type", "application/json"))
        .set_payload(format!(r#"{{"name":"{name}","organization_guid":"{SEED_ORG}"}}"#))
}

fn onezone_create(name: &str) -> TestRequest {
    TestRequest::post()
        .uri("/provider/spaces")
        .insert_header(("X-Auth-Token", "provider-1"))
        .insert_header(("Content-Type", "application/json"))
        .set_payload(format!(
            r#"{{"name": "{name}", "token": "{ONEZONE_SEED_TOKEN}", "size": 150}}"#
        ))
}

fn assembla_create(name: &str) -> TestRequest {
    TestRequest::post()
        .uri("/v1/spaces.json")
        .insert_header(("X-Api-Key", "k"))
        .insert_header(("X-Api-Secret", "s"))
        .insert_header(("Content-Type", "application/json"))
        .set_payload(format!(r#"{{"space": {{"name": "{name}"}}}}"#))
}

/// The reads that show each API's records, as a client sees them.
fn reads() -> [TestRequest; 4] {
    [
        TestRequest::get()
            .uri("/v2/spaces")
            .insert_header(("Authorization", format!("bearer {SEED_TOKEN}"))),
        TestRequest::get()
            .uri("/v2/events")
            .insert_header(("Authorization", format!("bearer {SEED_TOKEN}"))),
        TestRequest::get()
            .uri("/provider/spaces")
            .insert_header(("X-Auth-Token", "provider-1")),
        TestRequest::get()
            .uri("/v1/spaces.json")
            .insert_header(("X-Api-Key", "k"))
            .insert_header(("X-Api-Secret", "s")),
    ]
}

fn count(document: &Value, api: &str, records: &str) -> usize {
    document[api][records].as_array().map_or(0, Vec::len)
}

#[actix_web::test]
async fn get_then_put_on_a_fresh_server_gives_the_same_state_and_the_same_answers() {
    let (_, used) = app_with(settings()).await;
    assert_eq!(send(&used, cf_create("dev")).await.status, 201);
    assert_eq!(send(&used, onezone_create("Lab")).await.status, 201);
    assert_eq!(send(&used, assembla_create("Team")).await.status, 201);
    let exported = document(&send(&used, get("/__spaceport/state")).await);
    assert_eq!(
        [
            count(&exported, "cloud_foundry", "spaces"),
            count(&exported, "cloud_foundry", "events"),
            count(&exported, "onezone", "spaces"),
            count(&exported, "assembla", "spaces")
        ],
        [1, 1, 1, 1]
    );

    let (_, fresh) = app_with(settings()).await;
    let put = send(&fresh, put_state("", &exported)).await;
    assert_eq!(
        (put.status, put.bytes.len()),
        (204, 0),
        "{}",
        String::from_utf8_lossy(&put.bytes)
    );

    assert_eq!(document(&send(&fresh, get("/__spaceport/state")).await), exported);
    for (a, b) in reads().into_iter().zip(reads()) {
        let (a, b) = (send(&used, a).await, send(&fresh, b).await);
        assert_eq!(a.status, 200);
        assert_eq!(
            (a.status, a.header("content-type"), a.json()),
            (b.status, b.header("content-type"), b.json())
        );
    }
}

#[actix_web::test]
async fn a_bad_document_is_400_naming_its_pointer_and_nothing_changes() {
    let (_, app) = app_with(settings()).await;
    send(&app, cf_create("dev")).await;
    let before = document(&send(&app, get("/__spaceport/state")).await);
    let org = json!({"guid": "o-1", "name": "one"});
    let cases = [
        (
            json!({"cloud_foundry": {"organizations": [{"guid": "o-1", "name": 5}]}}),
            "invalid_request",
            "/cloud_foundry/organizations/0/name",
        ),
        (
            json!({"cloud_foundry": {"organizations": [org, {"guid": "o-2", "name": "ONE"}]}}),
            "invalid_state",
            "/cloud_foundry/organizations/1/name",
        ),
        (
            json!({"cloud_foundry": {"organizations": [org], "spaces": [{"guid": "s", "name": "x", "organization_guid": "nope"}]}}),
            "invalid_state",
            "/cloud_foundry/spaces/0/organization_guid",
        ),
        (
            json!({"onezone": {"spaces": [{"id": "a", "name": "A", "owner": "u"}, {"id": "a", "name": "B", "owner": "u"}]}}),
            "invalid_state",
            "/onezone/spaces/1/id",
        ),
        (
            json!({"assembla": {"spaces": [{"id": "x", "name": "X", "created_at": "yesterday"}]}}),
            "invalid_state",
            "/assembla/spaces/0/created_at",
        ),
    ];
    for (bad, error, pointer) in cases {
        assert_problem(&send(&app, put_state("", &bad)).await, 400, error, Some(pointer));
    }
    let malformed = put_state("", &json!(null)).set_payload("{not json");
    assert_problem(&send(&app, malformed).await, 400, "invalid_request", Some(""));

    assert_eq!(document(&send(&app, get("/__spaceport/state")).await), before);
}

#[actix_web::test]
async fn reset_puts_every_api_back_to_the_fixtures_and_empties_the_journal() {
    let (_, app) = app_with(settings()).await;
    let initial = document(&send(&app, get("/__spaceport/state")).await);
    send(&app, cf_create("dev")).await;
    send(&app, onezone_create("Lab")).await;
    send(&app, assembla_create("Team")).await;
    assert_ne!(document(&send(&app, get("/__spaceport/state")).await), initial);

    let reset = send(&app, TestRequest::post().uri("/__spaceport/reset")).await;

    assert_eq!((reset.status, reset.bytes.len()), (204, 0));
    assert_eq!(document(&send(&app, get("/__spaceport/state")).await), initial);
    assert_eq!(
        send(&app, get("/__spaceport/requests/count")).await.json(),
        json!({"count": 0})
    );
    assert_eq!(send(&app, cf_create("dev")).await.status, 201, "the name is free again");
}

#[actix_web::test]
async fn reset_of_one_api_leaves_the_others_and_their_journal() {
    let (_, app) = app_with(settings()).await;
    let initial = document(&send(&app, get("/__spaceport/state")).await);
    send(&app, cf_create("dev")).await;
    send(&app, onezone_create("Lab")).await;
    send(&app, assembla_create("Team")).await;

    for (api, key) in [("onezone", "onezone"), ("assembla", "assembla")] {
        let reset = send(&app, TestRequest::post().uri(&format!("/__spaceport/reset?api={api}"))).await;
        assert_eq!((reset.status, reset.bytes.len()), (204, 0));
        let now = document(&send(&app, get("/__spaceport/state")).await);
        assert_eq!(now[key], initial[key]);
        assert_eq!(count(&now, "cloud_foundry", "spaces"), 1);
    }
    let left = send(&app, get("/__spaceport/requests")).await.json();
    let apis: Vec<&Value> = left["requests"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|e| &e["api"])
        .collect();
    assert_eq!(apis, [&json!("cloud_foundry")]);
    assert_problem(
        &send(&app, TestRequest::post().uri("/__spaceport/reset?api=github")).await,
        400,
        "invalid_request",
        None,
    );
}

#[actix_web::test]
async fn state_and_journal_are_per_tenant_through_the_tenant_parameter() {
    let (state, app) = app_with(settings()).await;
    let created = send(&app, cf_create("dev").uri("/t/blue/v2/spaces")).await;
    assert_eq!(created.status, 201);

    let blue = document(&send(&app, get("/__spaceport/state?tenant=blue")).await);
    let root = document(&send(&app, get("/__spaceport/state")).await);
    assert_eq!(
        (
            count(&blue, "cloud_foundry", "spaces"),
            count(&root, "cloud_foundry", "spaces")
        ),
        (1, 0)
    );
    let journal = send(&app, get("/__spaceport/requests?tenant=blue")).await.json();
    assert_eq!(journal["requests"][0]["path"], "/t/blue/v2/spaces");
    assert_eq!(journal["requests"][0]["operation"], "createSpace");
    assert_eq!(
        send(&app, get("/__spaceport/requests/count")).await.json(),
        json!({"count": 0})
    );
    let tenants = send(&app, get("/__spaceport/tenants")).await;
    assert_eq!(
        (tenants.status, tenants.json()),
        (200, json!({"tenants": ["blue"], "limit": 4}))
    );
    let under = send(&app, get("/t/blue/__spaceport/state")).await;
    assert_problem(&under, 404, "not_found", None);
    assert_problem(
        &send(&app, get("/__spaceport/state?tenant=a.b")).await,
        400,
        "invalid_request",
        None,
    );

    let deleted = send(&app, TestRequest::delete().uri("/__spaceport/tenants/blue")).await;
    assert_eq!((deleted.status, deleted.bytes.len()), (204, 0));
    assert!(state.tenants().names().is_empty());
    assert_problem(
        &send(&app, TestRequest::delete().uri("/__spaceport/tenants/blue")).await,
        404,
        "not_found",
        None,
    );
    assert_problem(
        &send(&app, get("/__spaceport/state?tenant=blue")).await,
        404,
        "unknown_tenant",
        None,
    );
    let made = send(&app, TestRequest::put().uri("/__spaceport/tenants/blue")).await;
    assert_eq!((made.status, made.bytes.len()), (201, 0));
    let again = document(&send(&app, get("/__spaceport/state?tenant=blue")).await);
    assert_eq!(
        count(&again, "cloud_foundry", "spaces"),
        0,
        "a deleted tenant starts again from the fixtures"
    );
}

#[actix_web::test]
async fn an_unknown_control_path_is_a_problem_404_like_every_control_answer() {
    let (_, app) = app_with(settings()).await;

    for path in ["/__spaceport/nope", "/__spaceport/requests/42", "/__spaceport/"] {
        let reply = send(&app, get(path)).await;

        assert_problem(&reply, 404, "not_found", None);
    }
}
