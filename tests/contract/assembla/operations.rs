//! The other operations: list, update, delete and copy, credentials in both modes, unknown routes, and a store
//! that cannot answer.

use actix_web::test::TestRequest;
use serde_json::Value;
use serde_json::json;
use spaceport::generated::assembla::{AuthError, Operation, ServerError, Space, SpaceList};

use super::*;
use crate::support::{app_with, assert_shape, send, settings};

#[actix_web::test]
async fn the_list_is_204_when_empty_then_an_array_in_creation_order() {
    let (_, app) = app_with(settings()).await;

    let empty = send(&app, get("/v1/spaces.json")).await;
    for name in ["one", "two", "three"] {
        let body = format!("space[name]={name}");
        created_id(&send(&app, post("/v1/spaces", "application/x-www-form-urlencoded", body)).await);
    }
    let list = send(&app, get("/v1/spaces.json")).await;
    let page = send(&app, get("/v1/spaces.json?per_page=2&page=2")).await;
    let xml = send(&app, get("/v1/spaces.xml")).await;

    assert_eq!(empty.status, 204);
    assert!(empty.bytes.is_empty());
    assert_eq!(list.status, 200);
    let body = list.json();
    assert_shape::<SpaceList>(&body);
    let names: Vec<&str> = body
        .as_array()
        .expect("an array")
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(names, ["one", "two", "three"]);
    assert_eq!(page.json().as_array().map(Vec::len), Some(1));
    let text = String::from_utf8_lossy(&xml.bytes);
    assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<spaces type=\"array\">\n  <space>\n"));
    assert_eq!(text.matches("<space>").count(), 3);
}

#[actix_web::test]
async fn putting_the_whole_object_back_updates_it_with_204() {
    let (_, app) = app_with(settings()).await;
    let id = created_id(
        &send(
            &app,
            post(
                "/v1/spaces.json",
                "application/json",
                r#"{"name":"dsa","tabs_order":["wiki","tickets"]}"#,
            ),
        )
        .await,
    );
    let mut object = send(&app, get(&format!("/v1/spaces/{id}.json"))).await.json();
    object["name"] = json!("renamed");
    object["description"] = json!("now described");
    object["is_manager"] = json!(false);

    let reply = send(
        &app,
        TestRequest::put()
            .uri(&format!("/v1/spaces/{id}"))
            .insert_header(BEARER)
            .insert_header(("Content-Type", "application/json"))
            .set_payload(object.to_string()),
    )
    .await;
    let after = send(&app, get(&format!("/v1/spaces/{id}.json"))).await.json();

    assert_eq!(reply.status, 204);
    assert!(reply.bytes.is_empty());
    assert_eq!(after["name"], json!("renamed"));
    assert_eq!(after["description"], json!("now described"));
    assert_eq!(after["is_manager"], json!(true), "read-only keys are ignored");
    assert_eq!(
        after["tabs_order"],
        json!("--- \n- wiki\n- tickets\n"),
        "the YAML dump is accepted back"
    );
}

#[actix_web::test]
async fn update_reports_422_and_404() {
    let (_, app) = app_with(settings()).await;
    let id = created_id(&send(&app, seed_request("/v1/spaces.json")).await);
    let put = |path: String, body: &str| {
        TestRequest::put()
            .uri(&path)
            .insert_header(BEARER)
            .insert_header(("Content-Type", "application/xml"))
            .set_payload(body.to_owned())
    };

    let invalid = send(
        &app,
        put(
            format!("/v1/spaces/{id}.json"),
            "<space><status type=\"integer\">9</status></space>",
        ),
    )
    .await;
    let unknown = send(
        &app,
        put("/v1/spaces/nope.json".to_owned(), "<space><name>x</name></space>"),
    )
    .await;

    assert_errors(&invalid, json!({"status": ["is not included in the list"]}));
    assert_eq!(unknown.status, 404);
    assert!(unknown.bytes.is_empty());
}

#[actix_web::test]
async fn delete_tolerates_an_empty_json_body_and_then_the_space_is_gone() {
    let (_, app) = app_with(settings()).await;
    let id = created_id(&send(&app, seed_request("/v1/spaces.json")).await);
    let delete = || {
        TestRequest::delete()
            .uri(&format!("/v1/spaces/{id}.json"))
            .insert_header(BEARER)
            .insert_header(("Content-Type", "application/json"))
    };

    let first = send(&app, delete()).await;
    let second = send(&app, delete()).await;
    let show = send(&app, get(&format!("/v1/spaces/{id}"))).await;

    assert_eq!(first.status, 204);
    assert_eq!((second.status, show.status), (404, 404));
    assert!(show.bytes.is_empty());
}

#[actix_web::test]
async fn copy_makes_a_new_space_from_the_source() {
    let (_, app) = app_with(settings()).await;
    let source = created_id(
        &send(
            &app,
            post(
                "/v1/spaces.json",
                "application/json",
                r#"{"name":"src","team_permissions":3,"style":"s"}"#,
            ),
        )
        .await,
    );

    let reply = send(
        &app,
        post(
            &format!("/v1/spaces/{source}/copy.json"),
            "application/json",
            r#"{"name":"copy"}"#,
        ),
    )
    .await;
    let missing_name = send(
        &app,
        post(&format!("/v1/spaces/{source}/copy.json"), "application/json", "{}"),
    )
    .await;
    let unknown = send(
        &app,
        post("/v1/spaces/nope/copy.json", "application/json", r#"{"name":"x"}"#),
    )
    .await;

    let id = created_id(&reply);
    let body = reply.json();
    assert_ne!(id, source);
    assert_eq!(body["name"], json!("copy"));
    assert_eq!(body["wiki_name"], json!(id));
    assert_eq!(body["team_permissions"], json!(3));
    assert_eq!(body["style"], json!("s"));
    assert_errors(&missing_name, json!({"name": ["can't be blank"]}));
    assert_eq!(unknown.status, 404);
}

#[actix_web::test]
async fn credentials_are_a_bearer_token_or_a_key_with_its_secret() {
    let (_, app) = app_with(settings()).await;
    let anonymous = send(&app, TestRequest::get().uri("/v1/spaces.json")).await;
    let key_only = send(
        &app,
        TestRequest::get()
            .uri("/v1/spaces.json")
            .insert_header(("X-Api-Key", "k")),
    )
    .await;
    let key_and_secret = send(
        &app,
        TestRequest::get()
            .uri("/v1/spaces.json")
            .insert_header(("X-Api-Key", "k"))
            .insert_header(("X-Api-Secret", "s")),
    )
    .await;

    for reply in [&anonymous, &key_only] {
        assert_eq!(reply.status, 401);
        assert_eq!(reply.header("www-authenticate"), Some("Bearer"));
        let body = reply.json();
        assert_shape::<AuthError>(&body);
        assert_eq!(body["error"], json!("invalid_token"));
    }
    assert_eq!(key_and_secret.status, 204);
}

#[actix_web::test]
async fn strict_mode_accepts_only_the_fixtures_credentials() {
    let mut settings = settings();
    settings.assembla_strict = true;
    let (_, app) = app_with(settings).await;
    let list = |name: &'static str, value: &'static str| {
        TestRequest::get().uri("/v1/spaces.json").insert_header((name, value))
    };

    let stranger = send(&app, list("Authorization", "Bearer made-up")).await;
    let token = send(&app, list("Authorization", "Bearer spaceport-assembla-token")).await;
    let key = send(
        &app,
        list("X-Api-Key", "spaceport-key").insert_header(("X-Api-Secret", "spaceport-secret")),
    )
    .await;
    let wrong_secret = send(
        &app,
        list("X-Api-Key", "spaceport-key").insert_header(("X-Api-Secret", "nope")),
    )
    .await;

    assert_eq!(stranger.status, 401);
    assert_eq!(stranger.header("www-authenticate"), Some("Bearer"));
    assert_eq!((token.status, key.status, wrong_secret.status), (204, 204, 401));
}

#[actix_web::test]
async fn unknown_routes_and_methods_are_empty_404s() {
    let (_, app) = app_with(settings()).await;

    let route = send(&app, get("/v1/nothing.json")).await;
    let method = send(&app, TestRequest::patch().uri("/v1/spaces.json").insert_header(BEARER)).await;
    let suffix = send(&app, get("/v1/spaces.yaml")).await;

    for reply in [route, method, suffix] {
        assert_eq!(reply.status, 404);
        assert!(reply.bytes.is_empty());
    }
}

#[actix_web::test]
async fn an_id_stops_at_a_dot_so_the_suffix_after_it_picks_the_format_and_any_other_dot_is_no_path() {
    let (_, app) = app_with(settings()).await;
    let id = created_id(
        &send(
            &app,
            post("/v1/spaces.json", "application/json", r#"{"space": {"name": "d"}}"#),
        )
        .await,
    );

    let json = send(&app, get(&format!("/v1/spaces/{id}.json"))).await;
    let xml = send(&app, get(&format!("/v1/spaces/{id}.xml"))).await;
    let bare = send(&app, get(&format!("/v1/spaces/{id}"))).await;
    let dotted = send(&app, get(&format!("/v1/spaces/{id}.v2.json"))).await;
    let other = send(&app, get(&format!("/v1/spaces/{id}.txt"))).await;

    assert_eq!((json.status, xml.status, bare.status), (200, 200, 200));
    assert_eq!(json.header("content-type"), Some("application/json; charset=utf-8"));
    assert_eq!(json.json()["id"], id.as_str());
    assert_eq!(xml.header("content-type"), Some("application/xml; charset=utf-8"));
    assert!(String::from_utf8_lossy(&xml.bytes).contains(&format!("<id>{id}</id>")));
    assert_eq!(bare.json()["id"], id.as_str());
    for reply in [dotted, other] {
        assert_eq!(reply.status, 404);
        assert!(reply.bytes.is_empty());
    }
}

#[actix_web::test]
async fn null_clears_a_field_that_may_be_empty_and_absent_keeps_it() {
    let (_, app) = app_with(settings()).await;
    let json = "application/json";
    let create = |description: &str| {
        post(
            "/v1/spaces.json",
            json,
            format!(r#"{{"space": {{"name": "n", "description": "{description}", "banner_text": "b"}}}}"#),
        )
    };
    let put = |id: &str, content_type: &str, body: &str| {
        TestRequest::put()
            .uri(&format!("/v1/spaces/{id}"))
            .insert_header(BEARER)
            .insert_header(("Content-Type", content_type.to_owned()))
            .set_payload(body.to_owned())
    };
    let read = |id: &str| get(&format!("/v1/spaces/{id}.json"));
    let by_json = created_id(&send(&app, create("from JSON")).await);
    let by_xml = created_id(&send(&app, create("from XML")).await);
    let by_form = created_id(&send(&app, create("from a form")).await);

    let cleared = [
        send(&app, put(&by_json, json, r#"{"space": {"description": null}}"#)).await,
        send(
            &app,
            put(
                &by_xml,
                "application/xml",
                r#"<space><description nil="true"/></space>"#,
            ),
        )
        .await,
        send(
            &app,
            put(&by_form, "application/x-www-form-urlencoded", "space[description]="),
        )
        .await,
    ];
    let kept = send(&app, put(&by_json, json, r#"{"space": {"name": "renamed"}}"#)).await;

    for reply in &cleared {
        assert_eq!(reply.status, 204, "{}", String::from_utf8_lossy(&reply.bytes));
        assert!(reply.bytes.is_empty());
    }
    assert_eq!(kept.status, 204);
    for id in [&by_json, &by_xml, &by_form] {
        let space = send(&app, read(id)).await;
        assert_eq!(space.status, 200);
        let body = space.json();
        assert_shape::<Space>(&body);
        assert_eq!(body["description"], Value::Null, "{id}: null cleared it");
        assert_eq!(body["banner_text"], json!("b"), "{id}: an absent field is kept");
    }
    assert_eq!(send(&app, read(&by_json)).await.json()["name"], json!("renamed"));
}

#[actix_web::test]
async fn a_failing_store_gives_500_with_rails_public_exception_body_in_either_format() {
    use spaceport::app::{self, AppState};

    let state = AppState::without_fixtures(crate::failing_store::FailingStore, settings()).expect("the fixtures parse");
    let app = actix_web::test::init_service(app::app(state)).await;
    let form = "application/x-www-form-urlencoded";
    let request = |operation: Operation, suffix: &str| match operation {
        Operation::ListSpaces => get(&format!("/v1/spaces{suffix}")),
        Operation::CreateSpace => post(&format!("/v1/spaces{suffix}"), form, "space[name]=n"),
        Operation::GetSpace => get(&format!("/v1/spaces/x{suffix}")),
        Operation::UpdateSpace => TestRequest::put()
            .uri(&format!("/v1/spaces/x{suffix}"))
            .insert_header(BEARER)
            .insert_header(("Content-Type", form))
            .set_payload("space[name]=n"),
        Operation::DeleteSpace => TestRequest::delete()
            .uri(&format!("/v1/spaces/x{suffix}"))
            .insert_header(BEARER),
        Operation::CopySpace => post(&format!("/v1/spaces/x/copy{suffix}"), form, "space[name]=n"),
    };
    let requests = |suffix: &'static str| Operation::ALL.iter().map(move |&operation| request(operation, suffix));

    for request in requests(".json") {
        let reply = send(&app, request).await;

        assert_eq!(reply.status, 500, "{}", String::from_utf8_lossy(&reply.bytes));
        assert_eq!(reply.header("content-type"), Some("application/json; charset=utf-8"));
        assert_shape::<ServerError>(&reply.json());
        assert_eq!(reply.json(), json!({"status": 500, "error": "Internal Server Error"}));
    }
    for request in requests(".xml") {
        let reply = send(&app, request).await;

        assert_eq!(reply.status, 500);
        assert_eq!(reply.header("content-type"), Some("application/xml; charset=utf-8"));
        assert_eq!(
            String::from_utf8_lossy(&reply.bytes),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<hash>\n  <status type=\"integer\">500</status>\n  \
             <error>Internal Server Error</error>\n</hash>\n"
        );
    }
}
