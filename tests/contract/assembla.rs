//! Assembla: the seed's XML and JSON creates, the three request encodings, every operation and status, Rails
//! errors in both formats, hostile bodies, and the XML/JSON round trip as a property.

use actix_web::test::TestRequest;
use proptest::prelude::*;
use serde_json::{Map, Value, json};
use spaceport::{
    generated::assembla::{AuthError, Space, SpaceList, ValidationErrors},
    rt::xml,
    store::{AssemblaStore, Window},
};

use crate::support::{Reply, app_with, assert_shape, send, settings};

const BEARER: (&str, &str) = ("Authorization", "Bearer _token");

/// The seed's XML response, verbatim: the element names and their `type`/`nil` attributes are the contract.
const SEED_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<space>
  <banner-height nil="true"></banner-height>
  <status type="integer">1</status>
  <updated-at type="datetime">2012-09-07T13:40:09Z</updated-at>
  <banner nil="true"></banner>
  <team-tab-role type="integer">0</team-tab-role>
  <last-payer-changed-at nil="true"></last-payer-changed-at>
  <created-at type="datetime">2012-09-07T13:40:09Z</created-at>
  <approved type="boolean">false</approved>
  <tabs-order nil="true"></tabs-order>
  <team-permissions type="integer">2</team-permissions>
  <is-manager type="boolean">true</is-manager>
  <is-commercial type="boolean">true</is-commercial>
  <share-permissions type="boolean">true</share-permissions>
  <restricted type="boolean">false</restricted>
  <banner-text nil="true"></banner-text>
  <can-join type="boolean">false</can-join>
  <wiki-format nil="true"></wiki-format>
  <name>dsa</name>
  <wiki-name>ck61ce-per4yFfadbNA33N</wiki-name>
  <public-permissions type="integer">1</public-permissions>
  <is-volunteer type="boolean">false</is-volunteer>
  <can-apply type="boolean">true</can-apply>
  <id>ck61ce-per4yFfadbNA33N</id>
  <description nil="true"></description>
  <default-showpage>Wiki</default-showpage>
  <parent-id>brlpYIz2Sr4zBIadbNA33N</parent-id>
  <style nil="true"></style>
  <watcher-permissions type="integer">1</watcher-permissions>
  <restricted-date nil="true"></restricted-date>
  <commercial-from type="datetime">2012-09-07T13:40:09Z</commercial-from>
  <banner-link nil="true"></banner-link>
</space>
"#;

/// The seed's JSON response, verbatim.
const SEED_JSON: &str = r#"{"banner_height":null,"status":1,"updated_at":"2012-09-07T13:36:35Z","banner":null,"team_tab_role":0,"last_payer_changed_at":null,"created_at":"2012-09-07T13:36:35Z","approved":false,"tabs_order":null,"team_permissions":2,"is_manager":true,"is_commercial":true,"share_permissions":true,"restricted":false,"banner_text":null,"can_join":false,"wiki_format":null,"name":"dsa","wiki_name":"ak-3c2-per4yFfadbNA33N","public_permissions":1,"is_volunteer":false,"can_apply":true,"id":"ak-3c2-per4yFfadbNA33N","description":null,"default_showpage":"Wiki","parent_id":"brlpYIz2Sr4zBIadbNA33N","style":null,"watcher_permissions":1,"restricted_date":null,"commercial_from":"2012-09-07T13:36:35Z","banner_link":null}"#;

/// `curl -d "space[name]=dsa"` as the seed sends it.
fn seed_request(path: &str) -> TestRequest {
    TestRequest::post()
        .uri(path)
        .insert_header(BEARER)
        .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
        .set_payload("space[name]=dsa")
}

/// Each line's element name and its `type`/`nil` attribute, the values left out.
fn skeleton(xml: &str) -> Vec<(String, String)> {
    xml.lines()
        .filter_map(|line| {
            let line = line.trim();
            let tag = line.strip_prefix('<')?.split('>').next()?;
            if tag.starts_with('?') || tag.starts_with('/') {
                return None;
            }
            let mut parts = tag.splitn(2, ' ');
            let name = parts.next()?.to_owned();
            Some((name, parts.next().unwrap_or_default().to_owned()))
        })
        .collect()
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn created_id(reply: &Reply) -> String {
    assert_eq!(reply.status, 201, "{}", String::from_utf8_lossy(&reply.bytes));
    let location = reply.header("location").expect("a location");
    location
        .strip_prefix("http://spaceport.test/v1/spaces/")
        .expect("an absolute URL without a suffix")
        .to_owned()
}

fn assert_errors(reply: &Reply, expected: Value) {
    assert_eq!(reply.status, 422, "{}", String::from_utf8_lossy(&reply.bytes));
    assert_eq!(reply.header("content-type"), Some("application/json; charset=utf-8"));
    let body = reply.json();
    assert_shape::<ValidationErrors>(&body);
    assert_eq!(body, expected);
}

fn post(path: &str, content_type: &str, body: impl Into<String>) -> TestRequest {
    TestRequest::post()
        .uri(path)
        .insert_header(BEARER)
        .insert_header(("Content-Type", content_type.to_owned()))
        .set_payload(body.into())
}

fn get(path: &str) -> TestRequest {
    TestRequest::get().uri(path).insert_header(BEARER)
}

#[actix_web::test]
async fn the_seed_xml_request_answers_every_field_with_the_seeds_types() {
    let (_, app) = app_with(settings()).await;

    let reply = send(&app, seed_request("/v1/spaces.xml")).await;

    let id = created_id(&reply);
    assert_eq!(id.len(), 22);
    assert_eq!(reply.header("content-type"), Some("application/xml; charset=utf-8"));
    let text = String::from_utf8(reply.bytes.clone()).expect("UTF-8");
    assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<space>\n"));
    assert_eq!(skeleton(&text), skeleton(SEED_XML));
    assert!(text.contains("<name>dsa</name>"));
    assert!(text.contains(&format!("<wiki-name>{id}</wiki-name>")));
    assert!(text.contains("<parent-id>brlpYIz2Sr4zBIadbNA33N</parent-id>"));
    let again = send(&app, get(&format!("/v1/spaces/{id}.xml"))).await;
    assert_eq!(again.status, 200);
    assert_eq!(again.bytes, reply.bytes, "the Location returns the same space");
}

#[actix_web::test]
async fn the_seed_json_request_answers_every_field_with_the_seeds_types() {
    let (_, app) = app_with(settings()).await;

    let reply = send(&app, seed_request("/v1/spaces.json")).await;

    let id = created_id(&reply);
    assert_eq!(reply.header("content-type"), Some("application/json; charset=utf-8"));
    let body = reply.json();
    assert_shape::<Space>(&body);
    let seed: Value = serde_json::from_str(SEED_JSON).expect("the seed is JSON");
    let keys = |v: &Value| -> Vec<(String, &'static str)> {
        v.as_object()
            .expect("an object")
            .iter()
            .map(|(k, v)| (k.clone(), json_kind(v)))
            .collect()
    };
    assert_eq!(keys(&body), keys(&seed), "the same keys, in order, with the same types");
    assert_eq!(body["name"], json!("dsa"));
    assert_eq!(body["id"], json!(id));
    assert_eq!(body["wiki_name"], json!(id));
    let location = reply
        .header("location")
        .expect("a location")
        .replace("http://spaceport.test", "");
    let again = send(&app, get(&location)).await;
    assert_eq!(again.json(), body);
}

#[actix_web::test]
async fn bodies_arrive_wrapped_unwrapped_as_xml_and_as_query_strings() {
    let (_, app) = app_with(settings()).await;
    let cases = [
        post("/v1/spaces", "application/json", r#"{"space":{"name":"wrapped"}}"#),
        post(
            "/v1/spaces",
            "application/json; charset=utf-8",
            r#"{"name":"unwrapped"}"#,
        ),
        post("/v1/spaces", "application/xml", "<space><name>xml</name></space>"),
        post(
            "/v1/spaces",
            "text/xml",
            "<?xml version=\"1.0\"?><space><name>text xml</name></space>",
        ),
        post(
            "/v1/spaces",
            "application/x-www-form-urlencoded",
            "space%5Bname%5D=upper",
        ),
        post(
            "/v1/spaces",
            "application/x-www-form-urlencoded",
            "space%5bname%5d=lower",
        ),
        TestRequest::post()
            .uri("/v1/spaces?space[name]=query")
            .insert_header(BEARER),
        TestRequest::post()
            .uri("/v1/spaces.json")
            .insert_header(BEARER)
            .set_payload("space[name]=no%20content%20type"),
    ];
    let names = [
        "wrapped",
        "unwrapped",
        "xml",
        "text xml",
        "upper",
        "lower",
        "query",
        "no content type",
    ];
    for (request, name) in cases.into_iter().zip(names) {
        let reply = send(&app, request).await;

        assert_eq!(reply.status, 201, "{name}: {}", String::from_utf8_lossy(&reply.bytes));
        assert_eq!(reply.json()["name"], json!(name));
    }
}

#[actix_web::test]
async fn the_body_wins_over_the_query_string_and_fields_are_typed() {
    let (_, app) = app_with(settings()).await;
    let request = post(
        "/v1/spaces.json?space[name]=query&space[status]=2",
        "application/x-www-form-urlencoded",
        "space[name]=body&space[team_permissions]=3&space[can_join]=1&space[tabs_order][]=wiki&space[tabs_order][]=tickets&space[description]=",
    );

    let reply = send(&app, request).await;

    let body = reply.json();
    assert_eq!(reply.status, 201);
    assert_eq!(body["name"], json!("body"));
    assert_eq!(body["status"], json!(2));
    assert_eq!(body["team_permissions"], json!(3));
    assert_eq!(body["can_join"], json!(true));
    assert_eq!(body["description"], Value::Null);
    assert_eq!(body["tabs_order"], json!("--- \n- wiki\n- tickets\n"));
}

#[actix_web::test]
async fn without_a_suffix_accept_picks_xml() {
    let (_, app) = app_with(settings()).await;

    let reply = send(
        &app,
        seed_request("/v1/spaces").insert_header(("Accept", "application/xml, */*")),
    )
    .await;
    let plain = send(&app, seed_request("/v1/spaces").insert_header(("Accept", "*/*"))).await;

    assert_eq!(reply.header("content-type"), Some("application/xml; charset=utf-8"));
    assert_eq!(plain.header("content-type"), Some("application/json; charset=utf-8"));
}

#[actix_web::test]
async fn validation_errors_are_rails_hashes_in_json_and_full_messages_in_xml() {
    let (state, app) = app_with(settings()).await;
    let body = r#"{"space":{"name":" ","team_permissions":7,"wiki_name":"bad name!"}}"#;

    let json = send(&app, post("/v1/spaces.json", "application/json", body)).await;
    let xml = send(&app, post("/v1/spaces.xml", "application/json", body)).await;
    let blank = send(
        &app,
        post("/v1/spaces.json", "application/json", r#"{"space":{"name":"  "}}"#),
    )
    .await;
    let missing = send(
        &app,
        post("/v1/spaces.json", "application/json", r#"{"space":{"status":1}}"#),
    )
    .await;

    assert_errors(
        &json,
        json!({"name": ["can't be blank"], "wiki_name": ["is invalid"], "team_permissions": ["is not included in the list"]}),
    );
    assert_eq!(xml.status, 422);
    assert_eq!(xml.header("content-type"), Some("application/xml; charset=utf-8"));
    assert_eq!(
        String::from_utf8_lossy(&xml.bytes),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<errors>\n  <error>Name can't be blank</error>\n  \
         <error>Wiki name is invalid</error>\n  <error>Team permissions is not included in the list</error>\n</errors>\n"
    );
    assert_errors(&blank, json!({"name": ["can't be blank"]}));
    assert_errors(&missing, json!({"name": ["can't be blank"]}));
    assert!(
        state
            .store
            .select_assembla_spaces(Window::ALL)
            .await
            .expect("spaces")
            .total
            == 0,
        "nothing is stored"
    );
}

#[actix_web::test]
async fn a_taken_wiki_name_is_422() {
    let (_, app) = app_with(settings()).await;
    let first = send(
        &app,
        post(
            "/v1/spaces.json",
            "application/json",
            r#"{"name":"a","wiki_name":"api-test"}"#,
        ),
    )
    .await;
    let id = created_id(&first);

    let by_wiki = send(
        &app,
        post(
            "/v1/spaces.json",
            "application/json",
            r#"{"name":"b","wiki_name":"api-test"}"#,
        ),
    )
    .await;
    let by_id = send(
        &app,
        post(
            "/v1/spaces.json",
            "application/json",
            format!(r#"{{"name":"c","wiki_name":"{id}"}}"#),
        ),
    )
    .await;

    assert_errors(&by_wiki, json!({"wiki_name": ["has already been taken"]}));
    assert_errors(&by_id, json!({"wiki_name": ["has already been taken"]}));
    assert_eq!(
        send(&app, get("/v1/spaces/api-test.json")).await.json()["id"],
        json!(id)
    );
}

#[actix_web::test]
async fn hostile_and_malformed_bodies_get_422_and_store_nothing() {
    let (state, app) = app_with(settings()).await;
    let huge = format!("<space><name>{}</name></space>", "x".repeat(10 * 1024 * 1024));
    let cases = [
        (
            "application/xml",
            "<space><name>x</space>".to_owned(),
            "request body could not be parsed",
        ),
        (
            "application/xml",
            "<!DOCTYPE space [<!ENTITY e \"x\">]><space><name>&e;</name></space>".to_owned(),
            "request body could not be parsed",
        ),
        (
            "application/xml",
            "<project><name>x</name></project>".to_owned(),
            "request body could not be parsed",
        ),
        ("application/xml", huge, "request body is larger than 1048576 bytes"),
        (
            "application/json",
            r#"{"space":"#.to_owned(),
            "request body could not be parsed",
        ),
        (
            "application/x-www-form-urlencoded",
            "space[]=x".to_owned(),
            "request body could not be parsed",
        ),
        (
            "application/x-www-form-urlencoded",
            "space[name]=a&space[name][]=b".to_owned(),
            "request body could not be parsed",
        ),
        (
            "application/x-www-form-urlencoded",
            "space[name][x]=a".to_owned(),
            "request body could not be parsed",
        ),
        ("text/plain", "name=x".to_owned(), "request body could not be parsed"),
    ];
    for (content_type, body, message) in cases {
        let reply = send(&app, post("/v1/spaces.json", content_type, body)).await;

        assert_errors(&reply, json!({"base": [message]}));
    }
    let xml = send(&app, post("/v1/spaces.xml", "application/xml", "<space>")).await;
    assert_eq!(xml.status, 422);
    assert!(String::from_utf8_lossy(&xml.bytes).contains("<error>Request body could not be parsed</error>"));
    assert!(
        state
            .store
            .select_assembla_spaces(Window::ALL)
            .await
            .expect("spaces")
            .total
            == 0
    );
}

#[actix_web::test]
async fn unknown_keys_are_ignored_as_rails_ignores_them() {
    let (_, app) = app_with(settings()).await;

    let reply = send(
        &app,
        post(
            "/v1/spaces.json",
            "application/xml",
            "<space><name>n</name><unknown-thing>1</unknown-thing><id>forged</id></space>",
        ),
    )
    .await;

    assert_ne!(reply.json()["id"], json!("forged"));
}

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

/// Text XML 1.0 can carry as is: no control characters (a carriage return would be normalised away).
fn xml_text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9 &<>\"'éü日本語€_.-]{1,24}").expect("a valid regex")
}

fn escape(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn a_space_created_in_either_format_reads_back_identically_in_the_other(
        name in xml_text().prop_filter("not blank", |n| !n.trim().is_empty()),
        description in proptest::option::of(xml_text()),
        style in proptest::option::of(xml_text()),
        team_permissions in prop::sample::select(vec![1_i64, 2, 3]),
        public_permissions in prop::sample::select(vec![0_i64, 1]),
        share_permissions in any::<bool>(),
        banner_height in proptest::option::of(0_i64..5000),
    ) {
        actix_web::rt::System::new().block_on(async {
            let (_, app) = app_with(settings()).await;
            let mut fields = Map::new();
            fields.insert("name".into(), json!(name));
            fields.insert("description".into(), json!(description));
            fields.insert("style".into(), json!(style));
            fields.insert("team_permissions".into(), json!(team_permissions));
            fields.insert("public_permissions".into(), json!(public_permissions));
            fields.insert("share_permissions".into(), json!(share_permissions));
            fields.insert("banner_height".into(), json!(banner_height));

            // XML in, JSON out.
            let text = |v: &Option<String>| match v {
                Some(v) => format!(">{}", escape(v)),
                None => " nil=\"true\">".to_owned(),
            };
            let height = match banner_height {
                Some(h) => format!(" type=\"integer\">{h}"),
                None => " nil=\"true\">".to_owned(),
            };
            let xml_body = format!(
                "<space><name>{}</name><description{}</description><style{}</style>\
                 <team-permissions type=\"integer\">{team_permissions}</team-permissions>\
                 <public-permissions>{public_permissions}</public-permissions>\
                 <share-permissions type=\"boolean\">{share_permissions}</share-permissions>\
                 <banner-height{height}</banner-height></space>",
                escape(&name), text(&description), text(&style)
            );
            let created = send(&app, post("/v1/spaces.xml", "application/xml", xml_body)).await;
            let id = created_id(&created);
            let as_json = send(&app, get(&format!("/v1/spaces/{id}.json"))).await.json();
            for (key, value) in &fields {
                assert_eq!(&as_json[key], value, "XML in, JSON out: {key}");
            }

            // JSON in, XML out.
            let created = send(&app, post("/v1/spaces.json", "application/json", Value::Object(fields.clone()).to_string())).await;
            let id = created_id(&created);
            let as_xml = send(&app, get(&format!("/v1/spaces/{id}.xml"))).await;
            let parsed = xml::parse(&as_xml.bytes, Some("space")).expect("the XML parses");
            for (key, value) in &fields {
                assert_eq!(&parsed[key], value, "JSON in, XML out: {key}");
            }
        });
    }
}
