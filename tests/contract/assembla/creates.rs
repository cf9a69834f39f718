//! Creates: the seed's XML and JSON requests, the request encodings and their precedence, format negotiation,
//! Rails' validation errors, and bodies that must store nothing.

use actix_web::test::TestRequest;
use serde_json::{Value, json};
use spaceport::{
    generated::assembla::Space,
    store::{AssemblaStore, Window},
};

use super::*;
use crate::support::{app_with, assert_shape, send, settings};

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
async fn a_form_list_arrives_as_the_repeated_key_or_in_rails_brackets_wrapped_or_not() {
    let (_, app) = app_with(settings()).await;
    let forms = [
        "name=a&tabs_order=wiki&tabs_order=tickets",
        "name=a&tabs_order[]=wiki&tabs_order[]=tickets",
        "space[name]=a&space[tabs_order]=wiki&space[tabs_order]=tickets",
        "space[name]=a&space[tabs_order][]=wiki&space[tabs_order][]=tickets",
    ];

    for form in forms {
        let reply = send(&app, post("/v1/spaces.json", "application/x-www-form-urlencoded", form)).await;

        assert_eq!(reply.status, 201, "{form}: {}", String::from_utf8_lossy(&reply.bytes));
        assert_eq!(
            reply.header("content-type"),
            Some("application/json; charset=utf-8"),
            "{form}"
        );
        assert_eq!(reply.json()["tabs_order"], json!("--- \n- wiki\n- tickets\n"), "{form}");
    }
    let one = send(
        &app,
        post(
            "/v1/spaces.json",
            "application/x-www-form-urlencoded",
            "name=a&tabs_order=wiki",
        ),
    )
    .await;
    assert_eq!(one.status, 201, "{}", String::from_utf8_lossy(&one.bytes));
    assert_eq!(one.json()["tabs_order"], json!("--- \n- wiki\n"));
    // A field that is no list still takes the last of a repeated key, as Rails does.
    let last = send(
        &app,
        post("/v1/spaces.json", "application/x-www-form-urlencoded", "name=a&name=b"),
    )
    .await;
    assert_eq!(last.status, 201, "{}", String::from_utf8_lossy(&last.bytes));
    assert_eq!(last.json()["name"], json!("b"));
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
        // A body that parses, but to no object of parameters.
        (
            "application/json",
            "[null, null]".to_owned(),
            "request body could not be parsed",
        ),
        (
            "application/json",
            r#""x""#.to_owned(),
            "request body could not be parsed",
        ),
        (
            "application/xml",
            "<space>true</space>".to_owned(),
            "request body could not be parsed",
        ),
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
    let created = send(&app, post("/v1/spaces.json", "application/json", r#"{"name": "kept"}"#))
        .await
        .json();
    // An update may have no body, but one that names XML sends a document, which has a root element.
    let bodies = [
        ("application/json", "[null, null]"),
        ("application/json", "5"),
        ("application/json", "null"),
        ("application/xml", ""),
    ];
    for (content_type, body) in bodies {
        let path = format!("/v1/spaces/{}.json", created["id"].as_str().unwrap_or_default());
        let reply = send(
            &app,
            post(&path, content_type, body).method(actix_web::http::Method::PUT),
        )
        .await;

        assert_errors(&reply, json!({"base": ["request body could not be parsed"]}));
    }
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
