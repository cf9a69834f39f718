//! Bytes that are not UTF-8 are refused wherever a value is read (a form body, raw or percent-encoded; a query
//! string; a path; JSON; XML), in the API's own envelope, and nothing is stored: never replaced by U+FFFD.

use actix_web::test::TestRequest;
use serde_json::json;

use crate::support::{SEED_ORG, all_spaces, app_with, send, settings};

const ASSEMBLA_BEARER: (&str, &str) = ("Authorization", "Bearer t");
const CF_BEARER: (&str, &str) = ("Authorization", "bearer spaceport-admin-token");

fn assembla_post(uri: &str, content_type: &str, body: &'static [u8]) -> TestRequest {
    TestRequest::post()
        .uri(uri)
        .insert_header(ASSEMBLA_BEARER)
        .insert_header(("Content-Type", content_type))
        .set_payload(body)
}

#[actix_web::test]
async fn assembla_refuses_forms_and_queries_that_are_not_utf8_with_400_and_stores_nothing() {
    let (_, app) = app_with(settings()).await;
    let form = "application/x-www-form-urlencoded";
    let cases = [
        assembla_post("/v1/spaces.json", form, b"space[name]=x-%FF%FE"),
        assembla_post("/v1/spaces.json", form, b"space[name]=x-\xFF\xFE"),
        assembla_post("/v1/spaces.json", form, b"space[n%C3ame]=x"),
        TestRequest::post()
            .uri("/v1/spaces.json?space[name]=%FF")
            .insert_header(ASSEMBLA_BEARER),
    ];
    for request in cases {
        let reply = send(&app, request).await;

        assert_eq!(reply.status, 400, "{:?}", String::from_utf8_lossy(&reply.bytes));
        assert_eq!(reply.header("content-type"), Some("application/json; charset=utf-8"));
        assert_eq!(reply.json(), json!({"base": ["invalid %-encoding"]}));
    }
    let xml = send(
        &app,
        assembla_post(
            "/v1/spaces.xml",
            "application/xml",
            b"<space><name>x-\xFF</name></space>",
        ),
    )
    .await;
    let list = send(
        &app,
        TestRequest::get().uri("/v1/spaces.json").insert_header(ASSEMBLA_BEARER),
    )
    .await;

    assert_eq!(xml.status, 422);
    assert_eq!(xml.header("content-type"), Some("application/xml; charset=utf-8"));
    let text = String::from_utf8_lossy(&xml.bytes);
    assert!(
        text.contains("<error>Request body could not be parsed</error>"),
        "{text}"
    );
    // No space at all: the list is the empty 204.
    assert_eq!((list.status, list.bytes.len()), (204, 0));
}

#[actix_web::test]
async fn a_path_that_is_not_utf8_names_no_resource() {
    let (_, app) = app_with(settings()).await;

    let cf = send(
        &app,
        TestRequest::get().uri("/v2/spaces/%FF%FE").insert_header(CF_BEARER),
    )
    .await;
    let assembla = send(
        &app,
        TestRequest::get()
            .uri("/v1/spaces/%FF.json")
            .insert_header(ASSEMBLA_BEARER),
    )
    .await;

    assert_eq!(cf.status, 404);
    assert_eq!(cf.json()["error_code"], "CF-NotFound");
    assert_eq!((assembla.status, assembla.bytes.len()), (404, 0));
}

#[actix_web::test]
async fn cloud_foundry_refuses_a_query_or_a_body_that_is_not_utf8() {
    let (state, app) = app_with(settings()).await;
    let before = all_spaces(&*state.store).await.len();

    let query = send(
        &app,
        TestRequest::get().uri("/v2/spaces?q=name:%FF").insert_header(CF_BEARER),
    )
    .await;
    let mut body = br#"{"name":"x-"#.to_vec();
    body.extend_from_slice(b"\xFF\xFE");
    body.extend_from_slice(format!(r#"","organization_guid":"{SEED_ORG}"}}"#).as_bytes());
    let created = send(
        &app,
        TestRequest::post()
            .uri("/v2/spaces")
            .insert_header(CF_BEARER)
            .set_payload(body),
    )
    .await;
    let token = send(
        &app,
        TestRequest::post()
            .uri("/oauth/token")
            .insert_header(("Authorization", "Basic Y2Y6"))
            .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
            .set_payload(&b"grant_type=password&username=adm%FFin&password=admin"[..]),
    )
    .await;

    assert_eq!(query.status, 400);
    assert_eq!(query.json()["error_code"], "CF-BadQueryParameter");
    assert_eq!(query.json()["code"], 10005);
    assert_eq!(created.status, 400);
    assert_eq!(created.json()["error_code"], "CF-MessageParseError");
    assert_eq!(token.status, 400);
    assert_eq!(
        token.json(),
        json!({"error": "invalid_request", "error_description": "Invalid parameter encoding"})
    );
    assert_eq!(all_spaces(&*state.store).await.len(), before);
}

#[actix_web::test]
async fn onezone_refuses_a_body_that_is_not_utf8() {
    let (_, app) = app_with(settings()).await;

    let reply = send(
        &app,
        TestRequest::post()
            .uri("/provider/spaces")
            .insert_header(("X-Auth-Token", "spaceport-provider-token"))
            .insert_header(("Content-Type", "application/json"))
            .set_payload(&b"{\"name\":\"x-\xFF\",\"size\":1,\"token\":\"t\"}"[..]),
    )
    .await;

    assert_eq!(reply.status, 400);
    assert_eq!(reply.json()["error"], "invalid_request");
}
