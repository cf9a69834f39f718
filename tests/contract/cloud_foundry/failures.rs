//! The documented 500s: a store that cannot answer gives CF's `ServerError` (UAA's `server_error` on the token
//! endpoint), never a panic. The in-memory store never fails, so this drives the vendor with a store that does,
//! directly and through the production app.

use std::sync::Arc;

use serde_json::{Value, json};
use spaceport::{
    app::{self, AppState},
    generated::cloud_foundry::{
        CloudFoundryApi, CreateTokenRequest, GetSpacePath, GetSpaceRequest, GetSpaceResponse, GrantType,
        ListEventsQuery, ListEventsRequest, Operation, Scheme, TokenRequest,
    },
    rt::{Credentials, Failure},
    sources::Sources,
    vendors::cloud_foundry::{AuthMode, CloudFoundry, Config, Denied, Identity},
};

use super::every_gated;
use crate::{
    failing_store::FailingStore,
    support::{SEED_TOKEN, send, settings},
};

fn api() -> CloudFoundry<FailingStore> {
    CloudFoundry::new(
        Arc::new(FailingStore),
        Arc::new(Sources::system()),
        Config {
            auth: AuthMode::Lenient,
            token_key: b"k".to_vec(),
            public_url: "http://spaceport.test".to_owned(),
        },
    )
}

fn credentials() -> Credentials<Scheme> {
    Credentials {
        scheme: Scheme::Bearer,
        secret: crate::support::SEED_TOKEN.to_owned(),
        more: Vec::new(),
    }
}

async fn body_of(response: actix_web::HttpResponse) -> (u16, Option<String>, Value) {
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let bytes = actix_web::body::to_bytes(response.into_body()).await.expect("a body");
    (status, content_type, serde_json::from_slice(&bytes).expect("JSON"))
}

/// An admin, as `authenticate` would have verified one.
fn admin() -> Identity {
    Identity {
        id: "admin-guid".to_owned(),
        email: "admin@example.com".to_owned(),
        user_name: "admin".to_owned(),
        scopes: vec!["cloud_controller.admin".to_owned()],
    }
}

#[actix_web::test]
async fn a_store_failing_to_verify_credentials_gives_500_server_error() {
    let denied = match api().authenticate(Operation::GetSpace, credentials()).await {
        Ok(caller) => panic!("a failing store verified {caller:?}"),
        Err(denied) => denied,
    };

    let response = <Denied as Failure<GetSpaceResponse>>::respond(denied);
    let (status, content_type, body) = body_of(response.into_http(spaceport::rt::Format::Json)).await;

    assert_eq!(status, 500);
    assert_eq!(content_type.as_deref(), Some("application/json;charset=utf-8"));
    assert_eq!(
        body,
        json!({"description": "Server error", "error_code": "CF-ServerError", "code": 10001})
    );
}

#[actix_web::test]
async fn a_failing_store_gives_500_server_error_on_reads() {
    let request = GetSpaceRequest {
        path: GetSpacePath { guid: "x".into() },
    };

    let (status, content_type, body) = body_of(
        api()
            .get_space(admin(), request)
            .await
            .into_http(spaceport::rt::Format::Json),
    )
    .await;

    assert_eq!(status, 500);
    assert_eq!(content_type.as_deref(), Some("application/json;charset=utf-8"));
    assert_eq!(
        body,
        json!({"description": "Server error", "error_code": "CF-ServerError", "code": 10001})
    );
}

#[actix_web::test]
async fn a_failing_store_gives_500_on_lists() {
    let request = ListEventsRequest {
        query: ListEventsQuery {
            q: None,
            page: None,
            results_per_page: None,
            order_direction: None,
        },
    };

    let (status, _, body) = body_of(
        api()
            .list_events(admin(), request)
            .await
            .into_http(spaceport::rt::Format::Json),
    )
    .await;

    assert_eq!(status, 500);
    assert_eq!(body["error_code"], json!("CF-ServerError"));
}

#[actix_web::test]
async fn a_failing_store_gives_500_server_error_on_login() {
    let request = CreateTokenRequest {
        credentials: None,
        body: TokenRequest {
            grant_type: GrantType::Password,
            username: Some("admin".into()),
            password: Some("admin".into()),
            refresh_token: None,
            scope: None,
            client_id: None,
            client_secret: None,
        },
    };

    let (status, _, body) = body_of(api().create_token(request).await.into_http(spaceport::rt::Format::Json)).await;

    assert_eq!(status, 500);
    assert_eq!(
        body,
        json!({"error": "server_error", "error_description": "Internal Server Error"})
    );
}

#[actix_web::test]
async fn every_operation_that_reads_the_store_answers_500_when_it_fails() {
    let state = AppState::without_fixtures(FailingStore, settings()).expect("the fixtures parse");
    let app = actix_web::test::init_service(app::app(state)).await;
    for gated in every_gated() {
        let (method, path) = (gated.operation.method(), gated.path);
        let request = gated
            .request()
            .insert_header(("Authorization", format!("bearer {SEED_TOKEN}")));

        let reply = send(&app, request).await;

        assert_eq!(reply.status, 500, "{method} {path}");
        assert_eq!(reply.header("content-type"), Some("application/json;charset=utf-8"));
        assert_eq!(
            reply.json(),
            json!({"description": "Server error", "error_code": "CF-ServerError", "code": 10001}),
            "{method} {path}"
        );
    }
}
