//! `GET /`, `GET /v2/info`, `POST /oauth/token`, and the two auth modes.

use actix_web::test::TestRequest;
use chrono::{Duration, Utc};
use serde_json::{Value, json};
use spaceport::{
    generated::cloud_foundry::{Info, OAuthError, Root, SpaceList, Token},
    sources::Sources,
    vendors::cloud_foundry::AuthMode,
};

use super::{SEED_BODY, assert_cf_error, assert_cf_ok};
use crate::support::{Reply, SEED_TOKEN, app_with, assert_shape, send, settings};

fn login(body: &str) -> TestRequest {
    TestRequest::post()
        .uri("/oauth/token")
        .insert_header(("Authorization", "Basic Y2Y6"))
        .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
        .set_payload(body.to_owned())
}

fn assert_oauth_error(reply: &Reply, status: u16, error: &str, description: &str) {
    assert_eq!(reply.status, status, "{}", String::from_utf8_lossy(&reply.bytes));
    assert_eq!(reply.header("content-type"), Some("application/json;charset=utf-8"));
    let body = reply.json();
    assert_shape::<OAuthError>(&body);
    assert_eq!(body, json!({"error": error, "error_description": description}));
}

fn strict() -> spaceport::app::Settings {
    let mut settings = settings();
    settings.cloud_foundry.auth = AuthMode::Strict;
    settings
}

#[actix_web::test]
async fn the_root_links_to_v2_login_and_uaa_with_absolute_urls() {
    let (_, app) = app_with(settings()).await;

    let reply = send(&app, TestRequest::get().uri("/")).await;

    let body = assert_cf_ok::<Root>(&reply, 200);
    assert_eq!(
        body,
        json!({"links": {
            "self": {"href": "http://spaceport.test"},
            "cloud_controller_v2": {"href": "http://spaceport.test/v2", "meta": {"version": "2.293.0"}},
            "login": {"href": "http://spaceport.test"},
            "uaa": {"href": "http://spaceport.test"}
        }})
    );
}

#[actix_web::test]
async fn info_names_the_endpoints_and_the_caller_when_a_token_comes() {
    let (_, app) = app_with(settings()).await;

    let anonymous = send(&app, TestRequest::get().uri("/v2/info")).await;
    let known = send(
        &app,
        TestRequest::get()
            .uri("/v2/info")
            .insert_header(("Authorization", format!("bearer {SEED_TOKEN}"))),
    )
    .await;

    let body = assert_cf_ok::<Info>(&anonymous, 200);
    assert_eq!(body["authorization_endpoint"], json!("http://spaceport.test"));
    assert_eq!(body["token_endpoint"], json!("http://spaceport.test"));
    assert_eq!(body["api_version"], json!("2.293.0"));
    assert!(body.get("user").is_none());
    assert_eq!(assert_cf_ok::<Info>(&known, 200)["user"], json!("uaa-id-40"));
}

#[actix_web::test]
async fn a_password_login_gives_a_token_pair_that_works_in_strict_mode() {
    let (_, app) = app_with(strict()).await;

    let reply = send(&app, login("grant_type=password&username=admin&password=admin&scope=")).await;
    let token = assert_cf_ok::<Token>(&reply, 200);
    let access = token["access_token"].as_str().expect("an access token");
    let spaces = send(
        &app,
        TestRequest::get()
            .uri("/v2/spaces")
            .insert_header(("Authorization", format!("bearer {access}"))),
    )
    .await;

    assert_eq!(token["token_type"], json!("bearer"));
    assert_eq!(token["expires_in"], json!(43199));
    assert_eq!(
        token["scope"],
        json!("openid cloud_controller.admin cloud_controller.read cloud_controller.write")
    );
    assert!(token["refresh_token"].as_str().is_some_and(|r| !r.is_empty()));
    assert_cf_ok::<SpaceList>(&spaces, 200);
}

#[actix_web::test]
async fn a_refresh_grant_gives_a_new_pair_and_an_access_token_is_no_refresh_token() {
    let (_, app) = app_with(settings()).await;
    let first = send(&app, login("grant_type=password&username=admin&password=admin"))
        .await
        .json();
    let refresh = first["refresh_token"].as_str().expect("a refresh token");
    let access = first["access_token"].as_str().expect("an access token");

    let renewed = send(
        &app,
        login(&format!("grant_type=refresh_token&refresh_token={refresh}")),
    )
    .await;
    let misused = send(&app, login(&format!("grant_type=refresh_token&refresh_token={access}"))).await;
    let garbage = send(&app, login("grant_type=refresh_token&refresh_token=xyz")).await;
    let missing = send(&app, login("grant_type=refresh_token")).await;

    assert_cf_ok::<Token>(&renewed, 200);
    assert_oauth_error(&misused, 401, "invalid_token", "Invalid refresh token");
    assert_oauth_error(&garbage, 401, "invalid_token", "Invalid refresh token");
    assert_oauth_error(&missing, 400, "invalid_request", "Missing refresh_token");
}

#[actix_web::test]
async fn a_narrowed_scope_gives_only_those_scopes() {
    let (_, app) = app_with(settings()).await;

    let reply = send(
        &app,
        login("grant_type=password&username=admin&password=admin&scope=cloud_controller.read"),
    )
    .await;

    assert_eq!(
        assert_cf_ok::<Token>(&reply, 200)["scope"],
        json!("cloud_controller.read")
    );
}

#[actix_web::test]
async fn bad_credentials_and_bad_grants_get_uaa_errors() {
    let (_, app) = app_with(settings()).await;

    let wrong = send(&app, login("grant_type=password&username=admin&password=nope")).await;
    let nobody = send(&app, login("grant_type=password&username=ghost&password=x")).await;
    let incomplete = send(&app, login("grant_type=password&username=admin")).await;
    let unsupported = send(&app, login("grant_type=implicit")).await;
    let missing = send(&app, login("username=admin")).await;
    let empty = send(&app, login("")).await;

    assert_oauth_error(&wrong, 401, "unauthorized", "Bad credentials");
    assert_oauth_error(&nobody, 401, "unauthorized", "Bad credentials");
    assert_oauth_error(&incomplete, 400, "invalid_request", "Missing username or password");
    assert_oauth_error(&unsupported, 400, "unsupported_grant_type", "Unsupported grant type");
    assert_oauth_error(&missing, 400, "invalid_request", "Missing grant type");
    assert_oauth_error(&empty, 400, "invalid_request", "Missing grant type");
}

#[actix_web::test]
async fn strict_mode_refuses_the_docs_unsigned_expired_token_with_the_exact_body() {
    let (_, app) = app_with(strict()).await;
    let request = TestRequest::post()
        .uri("/v2/spaces")
        .insert_header(("Authorization", format!("bearer {SEED_TOKEN}")))
        .set_payload(SEED_BODY);

    let reply = send(&app, request).await;

    assert_cf_error(&reply, 401, "InvalidAuthToken", 1000, "Invalid Auth Token");
}

#[actix_web::test]
async fn strict_mode_refuses_an_expired_token_and_accepts_a_fixture_token() {
    let (_, issuer) = app_with(strict()).await;
    let token: Value = send(&issuer, login("grant_type=password&username=admin&password=admin"))
        .await
        .json();
    let access = token["access_token"].as_str().expect("an access token");
    let mut later = strict();
    later.sources = Sources::deterministic(2, Utc::now() + Duration::days(3650));
    let (_, app) = app_with(later).await;

    let expired = send(
        &app,
        TestRequest::get()
            .uri("/v2/spaces")
            .insert_header(("Authorization", format!("bearer {access}"))),
    )
    .await;
    let fixture = send(
        &app,
        TestRequest::get()
            .uri("/v2/spaces")
            .insert_header(("Authorization", "bearer spaceport-admin-token")),
    )
    .await;

    assert_cf_error(&expired, 401, "InvalidAuthToken", 1000, "Invalid Auth Token");
    assert_eq!(fixture.status, 200);
}

#[actix_web::test]
async fn the_auditor_fixture_may_read_but_not_write() {
    let (_, app) = app_with(strict()).await;
    let token: Value = send(&app, login("grant_type=password&username=auditor&password=auditor"))
        .await
        .json();
    let bearer = format!("bearer {}", token["access_token"].as_str().expect("an access token"));

    let read = send(
        &app,
        TestRequest::get()
            .uri("/v2/spaces")
            .insert_header(("Authorization", bearer.clone())),
    )
    .await;
    let write = send(
        &app,
        TestRequest::post()
            .uri("/v2/organizations")
            .insert_header(("Authorization", bearer))
            .set_payload(r#"{"name":"x"}"#),
    )
    .await;

    assert_eq!(read.status, 200);
    assert_cf_error(
        &write,
        403,
        "NotAuthorized",
        10003,
        "You are not authorized to perform the requested action",
    );
}

/// An admin access token issued by `app`'s password grant.
async fn admin_token(
    app: &impl actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
    >,
) -> String {
    let reply = send(app, login("grant_type=password&username=admin&password=admin")).await;
    let token = assert_cf_ok::<Token>(&reply, 200);
    token["access_token"].as_str().expect("an access token").to_owned()
}

/// `GET /v2/spaces` with `token`: its status.
async fn spaces_with(
    app: &impl actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
    >,
    token: &str,
) -> u16 {
    let request = TestRequest::get()
        .uri("/v2/spaces")
        .insert_header(("Authorization", format!("bearer {token}")));
    send(app, request).await.status
}

#[actix_web::test]
async fn strict_mode_without_a_key_signs_with_a_random_kept_key_and_refuses_the_public_default_key() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let kept = || spaceport::app::Settings {
        storage: spaceport::store::Storage::Embedded(folder.path().to_owned()),
        keep_cf_token_key: true,
        ..strict()
    };
    let (_, public) = app_with(settings()).await;
    let minted = admin_token(&public).await;

    let state = spaceport::app::AppState::new(kept()).await.expect("the state");
    let app = actix_web::test::init_service(spaceport::app::app(state)).await;
    let issued = admin_token(&app).await;
    let (issued_status, minted_status) = (spaces_with(&app, &issued).await, spaces_with(&app, &minted).await);
    drop(app);
    let restarted = spaceport::app::AppState::new(kept()).await.expect("the state again");
    let app = actix_web::test::init_service(spaceport::app::app(restarted)).await;
    let after_restart = spaces_with(&app, &issued).await;

    assert_eq!(issued_status, 200, "its own token verifies");
    assert_eq!(
        minted_status, 401,
        "a token signed with the public spaceport-dev-key does not"
    );
    assert_eq!(
        after_restart, 200,
        "the key is kept with the records, so a restart keeps the token valid"
    );
}
