//! Absolute links point where the client reached the server: without a configured public URL, at the request's
//! `Host` (a tenant's prefix kept), at `X-Forwarded-Proto`/`-Host` only when they are trusted; with one, always
//! at it.

use actix_web::test::TestRequest;
use serde_json::Value;
use spaceport::{app::Settings, links::LinkBase};

use crate::support::{app_with, send, settings};

fn from_request(trust_forwarded: bool) -> Settings {
    Settings {
        link_base: LinkBase::FromRequest { trust_forwarded },
        ..settings()
    }
}

/// A request with `Host: cf.example:9000` and a proxy's forwarded headers.
fn sent(path: &str) -> TestRequest {
    TestRequest::get()
        .uri(path)
        .insert_header(("Host", "cf.example:9000"))
        .insert_header(("X-Forwarded-Proto", "https"))
        .insert_header(("X-Forwarded-Host", "api.example"))
}

fn links(reply: &Value) -> Vec<&str> {
    let info = [&reply["authorization_endpoint"], &reply["token_endpoint"]];
    let root = ["self", "cloud_controller_v2", "login", "uaa"].map(|name| &reply["links"][name]["href"]);
    info.into_iter().chain(root).filter_map(Value::as_str).collect()
}

#[actix_web::test]
async fn without_a_public_url_links_name_the_host_the_request_was_sent_to() {
    let (_, app) = app_with(from_request(false)).await;

    let info = send(&app, sent("/v2/info")).await;
    let root = send(&app, sent("/")).await;

    assert_eq!((info.status, root.status), (200, 200));
    assert_eq!(
        links(&info.json()),
        ["http://cf.example:9000", "http://cf.example:9000"]
    );
    assert_eq!(
        links(&root.json()),
        [
            "http://cf.example:9000",
            "http://cf.example:9000/v2",
            "http://cf.example:9000",
            "http://cf.example:9000"
        ]
    );
}

#[actix_web::test]
async fn forwarded_headers_name_the_base_only_when_trusted() {
    let (_, app) = app_with(from_request(true)).await;

    let info = send(&app, sent("/v2/info")).await;

    assert_eq!(info.status, 200);
    assert_eq!(links(&info.json()), ["https://api.example", "https://api.example"]);
}

#[actix_web::test]
async fn a_tenant_s_links_keep_its_prefix_on_the_request_s_host() {
    let (_, app) = app_with(from_request(false)).await;

    let info = send(&app, sent("/t/acme/v2/info")).await;
    let created = send(
        &app,
        TestRequest::post()
            .uri("/t/acme/v1/spaces.json")
            .insert_header(("Host", "asm.example"))
            .insert_header(("Authorization", "Bearer _token"))
            .insert_header(("Content-Type", "application/json"))
            .set_payload(r#"{"space":{"name":"linked"}}"#),
    )
    .await;

    assert_eq!(
        links(&info.json()),
        ["http://cf.example:9000/t/acme", "http://cf.example:9000/t/acme"]
    );
    assert_eq!(created.status, 201);
    let location = created.header("location").expect("a Location");
    assert!(
        location.starts_with("http://asm.example/t/acme/v1/spaces/"),
        "{location}"
    );
}

#[actix_web::test]
async fn a_configured_public_url_names_every_link_whatever_the_host() {
    let (_, app) = app_with(settings()).await;

    let info = send(&app, sent("/v2/info")).await;

    assert_eq!(info.status, 200);
    assert_eq!(links(&info.json()), ["http://spaceport.test", "http://spaceport.test"]);
}
