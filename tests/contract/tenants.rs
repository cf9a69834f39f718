//! Tenants: every API under `/t/{tenant}`, each tenant a world of its own made from the fixtures on first use,
//! relative links as the API writes them and absolute ones with the tenant's prefix, and a limit on live tenants.

use actix_web::test::TestRequest;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use futures_util::future::join_all;
use serde_json::{Value, json};
use spaceport::app::AppState;

use crate::support::{SEED_ORG, SEED_TOKEN, all_spaces, app_with, send, serve, settings};

fn bearer(request: TestRequest) -> TestRequest {
    request.insert_header(("Authorization", format!("bearer {SEED_TOKEN}")))
}

#[actix_web::test]
async fn two_tenants_creating_one_name_at_once_each_get_their_own_space() {
    let state = AppState::new(settings()).await.expect("the fixtures load");
    let (address, handle) = serve(&state);
    let client = awc::Client::default();
    let body = format!(r#"{{"name":"shared","organization_guid":"{SEED_ORG}"}}"#);

    let replies = join_all((0..16).map(|i| {
        let tenant = if i % 2 == 0 { "alpha" } else { "beta" };
        client
            .post(format!("http://{address}/t/{tenant}/v2/spaces"))
            .insert_header(("Authorization", format!("bearer {SEED_TOKEN}")))
            .send_body(body.clone())
    }))
    .await;
    let mut lists = Vec::new();
    for tenant in ["alpha", "beta"] {
        let mut reply = client
            .get(format!("http://{address}/t/{tenant}/v2/spaces"))
            .insert_header(("Authorization", format!("bearer {SEED_TOKEN}")))
            .send()
            .await
            .expect("an answer");
        let list: Value = reply.json().await.expect("JSON");
        lists.push(list);
    }
    handle.stop(true).await;

    let statuses: Vec<u16> = replies
        .iter()
        .map(|r| r.as_ref().expect("an answer").status().as_u16())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        2,
        "one 201 per tenant: {statuses:?}"
    );
    assert_eq!(statuses.iter().filter(|s| **s == 400).count(), 14, "{statuses:?}");
    for list in &lists {
        assert_eq!(list["total_results"], json!(1));
        assert_eq!(list["resources"][0]["entity"]["name"], json!("shared"));
    }
    assert_ne!(
        lists[0]["resources"][0]["metadata"]["guid"], lists[1]["resources"][0]["metadata"]["guid"],
        "each tenant sees only its own"
    );
    assert!(
        all_spaces(&*state.store).await.is_empty(),
        "the root world is untouched"
    );
}

#[actix_web::test]
async fn relative_links_stay_as_the_api_writes_them_and_absolute_ones_carry_the_prefix() {
    let (_, app) = app_with(settings()).await;

    let root = send(&app, TestRequest::get().uri("/t/team/")).await;
    let info = send(&app, TestRequest::get().uri("/t/team/v2/info")).await;
    let token = send(
        &app,
        TestRequest::post()
            .uri("/t/team/oauth/token")
            .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
            .set_payload("grant_type=password&username=admin&password=admin"),
    )
    .await;
    let body = format!(r#"{{"name":"dev","organization_guid":"{SEED_ORG}"}}"#);
    let space = send(
        &app,
        bearer(TestRequest::post().uri("/t/team/v2/spaces")).set_payload(body),
    )
    .await;
    let page = send(
        &app,
        bearer(TestRequest::get().uri("/t/team/v2/spaces?results-per-page=1")),
    )
    .await;
    let assembla = send(
        &app,
        TestRequest::post()
            .uri("/t/team/v1/spaces.json")
            .insert_header(("Authorization", "Bearer t"))
            .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
            .set_payload("space[name]=dsa"),
    )
    .await;
    let onezone = send(
        &app,
        TestRequest::get()
            .uri("/t/team/api/v3/onezone/provider/spaces")
            .insert_header(("X-Auth-Token", "p")),
    )
    .await;

    let base = "http://spaceport.test/t/team";
    assert_eq!(root.status, 200);
    assert_eq!(
        root.json()["links"]["cloud_controller_v2"]["href"],
        json!(format!("{base}/v2"))
    );
    assert_eq!(info.json()["token_endpoint"], json!(base));
    let access = token.json()["access_token"].as_str().expect("a token").to_owned();
    let payload = access.split('.').nth(1).expect("a payload");
    let claims: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).expect("base64url")).expect("JSON");
    assert_eq!(claims["iss"], json!(format!("{base}/oauth/token")));
    assert_eq!(space.status, 201);
    let guid = space.json()["metadata"]["guid"].as_str().expect("a guid").to_owned();
    assert_eq!(space.header("location"), Some(format!("/v2/spaces/{guid}").as_str()));
    assert_eq!(space.json()["metadata"]["url"], json!(format!("/v2/spaces/{guid}")));
    assert_eq!(page.json()["total_results"], json!(1));
    assert_eq!(assembla.status, 201);
    assert!(
        assembla
            .header("location")
            .is_some_and(|l| l.starts_with(&format!("{base}/v1/spaces/"))),
        "{:?}",
        assembla.header("location")
    );
    assert_eq!((onezone.status, onezone.json()), (200, json!({"spaces": []})));
}

#[actix_web::test]
async fn a_tenant_beyond_the_limit_is_503_while_every_tenant_is_busy_and_a_bad_name_is_no_tenant() {
    let (state, app) = app_with(settings()).await;
    let limit = state.tenants().limit();

    for i in 0..limit {
        let reply = send(&app, bearer(TestRequest::get().uri(&format!("/t/team-{i}/v2/spaces")))).await;
        assert_eq!(reply.status, 200);
    }
    // Each tenant held as a request in flight holds it: busy, none can make room.
    let mut busy = Vec::new();
    for i in 0..limit {
        busy.push(state.world(Some(&format!("team-{i}"))).await.expect("a live tenant"));
    }
    let beyond = send(&app, bearer(TestRequest::get().uri("/t/one-too-many/v2/spaces"))).await;
    let again = send(&app, bearer(TestRequest::get().uri("/t/team-0/v2/spaces"))).await;
    let bad_name = send(&app, bearer(TestRequest::get().uri("/t/a.b/v2/spaces"))).await;

    assert_eq!(beyond.status, 503);
    assert_eq!(beyond.header("content-type"), Some("application/json"));
    assert_eq!(
        beyond.json(),
        json!({"error": "tenant_unavailable", "message": format!(
            "spaceport serves at most {limit} tenants at once (--max-tenants); delete one \
             (DELETE /__spaceport/tenants/{{tenant}}) or start it with a higher --max-tenants"
        )})
    );
    assert_eq!(again.status, 200, "a live tenant is still served");
    assert_eq!(bad_name.status, 404);
    assert_eq!(bad_name.json()["error_code"], json!("CF-NotFound"));
    assert_eq!(state.tenants().names().len(), limit);
}

#[actix_web::test]
async fn a_control_read_filter_or_delete_naming_an_unknown_tenant_is_404_and_makes_none() {
    let (state, app) = app_with(settings()).await;

    for request in [
        TestRequest::get().uri("/__spaceport/state?tenant=ghost"),
        TestRequest::get().uri("/__spaceport/requests?tenant=ghost"),
        TestRequest::get().uri("/__spaceport/requests/count?tenant=ghost"),
        TestRequest::get().uri("/__spaceport/requests/wait?tenant=ghost&timeout_ms=0"),
        TestRequest::delete().uri("/__spaceport/requests?tenant=ghost"),
    ] {
        let reply = send(&app, request).await;

        assert_eq!(reply.status, 404);
        assert_eq!(reply.header("content-type"), Some("application/json"));
        assert_eq!(reply.json()["error"], "unknown_tenant", "{}", reply.json());
    }
    assert!(state.tenants().names().is_empty(), "{:?}", state.tenants().names());
}

#[actix_web::test]
async fn a_tenant_is_made_by_put_deleted_all_at_once_and_counted_in_the_metrics() {
    let (state, app) = app_with(settings()).await;

    let made = send(&app, TestRequest::put().uri("/__spaceport/tenants/red")).await;
    let again = send(&app, TestRequest::put().uri("/__spaceport/tenants/red")).await;
    let waited = send(
        &app,
        TestRequest::get().uri("/__spaceport/requests/wait?tenant=red&timeout_ms=0"),
    )
    .await;
    send(&app, bearer(TestRequest::get().uri("/t/green/v2/spaces"))).await;
    let metrics = send(&app, TestRequest::get().uri("/metrics")).await;
    let names = state.tenants().names();
    let deleted = send(&app, TestRequest::delete().uri("/__spaceport/tenants")).await;
    let listed = send(&app, TestRequest::get().uri("/__spaceport/tenants")).await;
    let metrics_after = send(&app, TestRequest::get().uri("/metrics")).await;

    assert_eq!((made.status, made.bytes.len()), (201, 0));
    assert_eq!((again.status, again.bytes.len()), (204, 0));
    assert_eq!((waited.status, waited.json()), (408, json!({"requests": []})));
    assert_eq!(names, ["green", "red"]);
    let text = String::from_utf8_lossy(&metrics.bytes).into_owned();
    assert!(text.lines().any(|line| line == "spaceport_tenants 2"), "{text}");
    assert_eq!((deleted.status, deleted.bytes.len()), (204, 0));
    assert_eq!(listed.json(), json!({"tenants": [], "limit": state.tenants().limit()}));
    let text = String::from_utf8_lossy(&metrics_after.bytes).into_owned();
    assert!(text.lines().any(|line| line == "spaceport_tenants 0"), "{text}");
}

#[actix_web::test]
async fn at_the_limit_the_least_recently_used_idle_tenant_makes_room() {
    let (state, app) = app_with(settings()).await;
    let limit = state.tenants().limit();
    for i in 0..limit {
        send(&app, bearer(TestRequest::get().uri(&format!("/t/team-{i}/v2/spaces")))).await;
    }
    send(&app, bearer(TestRequest::get().uri("/t/team-0/v2/spaces"))).await;

    let newcomer = send(&app, bearer(TestRequest::get().uri("/t/newcomer/v2/spaces"))).await;

    assert_eq!(newcomer.status, 200);
    let mut expected: Vec<String> = (0..limit).filter(|i| *i != 1).map(|i| format!("team-{i}")).collect();
    expected.push("newcomer".to_owned());
    expected.sort();
    assert_eq!(state.tenants().names(), expected, "team-1 was used least recently");
}

#[actix_web::test]
async fn a_tenant_unused_for_tenant_idle_is_forgotten() {
    let (state, app) = app_with(spaceport::app::Settings {
        tenant_idle: Some(std::time::Duration::from_millis(200)),
        ..settings()
    })
    .await;
    send(&app, bearer(TestRequest::get().uri("/t/brief/v2/spaces"))).await;
    let while_fresh = state.tenants().names();

    actix_web::rt::time::sleep(std::time::Duration::from_millis(400)).await;
    let listed = send(&app, TestRequest::get().uri("/__spaceport/tenants")).await;

    assert_eq!(while_fresh, ["brief"]);
    assert_eq!(listed.json()["tenants"], json!([]));
}
