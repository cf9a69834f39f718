//! Onezone: the seed's create, the `size` and token forms, every documented status, and the two-provider
//! isolation matrix.

use actix_web::test::TestRequest;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use serde_json::{Value, json};
use spaceport::{
    app::Settings,
    generated::onezone::{Error, Operation, Space, SpaceIds},
    vendors::onezone::{AuthMode, provider_id},
};

use crate::support::{
    ONEZONE_SEED_TOKEN as SEED_TOKEN, Reply, all_onezone_spaces, app_with, assert_shape, send, settings,
};

/// The seed's request body, verbatim.
fn seed_body() -> String {
    format!(r#"{{"name" : "My Private space", "token" : "{SEED_TOKEN}", "size" : 150}}"#)
}

fn create(provider: &str, body: impl Into<String>) -> TestRequest {
    TestRequest::post()
        .uri("/provider/spaces")
        .insert_header(("X-Auth-Token", provider.to_owned()))
        .insert_header(("Content-Type", "application/json"))
        .set_payload(body.into())
}

fn get(provider: &str, path: &str) -> TestRequest {
    TestRequest::get()
        .uri(path)
        .insert_header(("X-Auth-Token", provider.to_owned()))
}

/// A macaroon-shaped token whose identifier is `identifier` (spaceport's support tokens name the space).
/// A macaroon-shaped token whose identifier is `identifier`.
pub(crate) fn token_naming(identifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!(
        "0015location onezone\n0030identifier {identifier}\n002fsignature xyz\n"
    ))
}

fn assert_error(reply: &Reply, status: u16, error: &str, description: &str) {
    assert_eq!(reply.status, status, "{}", String::from_utf8_lossy(&reply.bytes));
    assert_eq!(reply.header("content-type"), Some("application/json"));
    let body = reply.json();
    assert_shape::<Error>(&body);
    assert_eq!(body, json!({"error": error, "error_description": description}));
}

fn space_of(reply: &Reply) -> Value {
    assert_eq!(reply.status, 200, "{}", String::from_utf8_lossy(&reply.bytes));
    assert_eq!(reply.header("content-type"), Some("application/json"));
    let body = reply.json();
    assert_shape::<Space>(&body);
    body
}

/// Creates a space as `provider` and returns its id.
async fn make_space(
    app: &impl actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
    >,
    provider: &str,
) -> String {
    let reply = send(app, create(provider, seed_body())).await;
    assert_eq!(reply.status, 201, "{}", String::from_utf8_lossy(&reply.bytes));
    reply
        .header("location")
        .and_then(|l| l.strip_prefix("/spaces/"))
        .expect("a /spaces/ location")
        .to_owned()
}

#[actix_web::test]
async fn the_seed_request_creates_a_space_whose_location_resolves_to_it() {
    let (_, app) = app_with(settings()).await;

    let reply = send(
        &app,
        create("provider-1", seed_body()).uri("/api/v3/onezone/provider/spaces"),
    )
    .await;

    assert_eq!(reply.status, 201);
    assert!(reply.bytes.is_empty(), "an empty body");
    let location = reply.header("location").expect("a location").to_owned();
    let id = location.strip_prefix("/spaces/").expect("exactly /spaces/{id}");
    assert_eq!(id.len(), 43);
    assert!(id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    let bare = space_of(&send(&app, get("provider-1", &location)).await);
    let based = space_of(&send(&app, get("provider-1", &format!("/api/v3/onezone{location}"))).await);
    let expected = json!({
        "spaceId": id,
        "name": "My Private space",
        "providersSupports": {provider_id("provider-1"): 150}
    });
    assert_eq!(bare, expected);
    assert_eq!(based, expected);
}

#[actix_web::test]
async fn size_accepts_a_digit_string_and_rejects_every_other_form() {
    let (state, app) = app_with(settings()).await;

    let accepted = send(
        &app,
        create("p", format!(r#"{{"name":"n","token":"{SEED_TOKEN}","size":"1024"}}"#)),
    )
    .await;
    let location = accepted.header("location").expect("a location").to_owned();
    assert_eq!(accepted.status, 201);
    assert_eq!(
        space_of(&send(&app, get("p", &location)).await)["providersSupports"],
        json!({provider_id("p"): 1024})
    );
    for (size, shown) in [
        ("0", "0"),
        ("-5", "-5"),
        ("1.5", "1.5"),
        (r#""abc""#, "abc"),
        (r#""012""#, "012"),
        (r#""0""#, "0"),
        ("true", "true"),
        ("null", "null"),
        ("[1]", "[1]"),
        // Numbers no machine type holds are echoed with the digits sent, not as a float's rounding.
        ("18446744073709551616", "18446744073709551616"),
        ("-9223372036854775809", "-9223372036854775809"),
        ("1.50", "1.50"),
    ] {
        let body = format!(r#"{{"name":"n","token":"{SEED_TOKEN}","size":{size}}}"#);

        let reply = send(&app, create("p", body)).await;

        assert_error(
            &reply,
            400,
            "invalid_request",
            &format!("invalid 'size' value: '{shown}'"),
        );
    }
    assert_eq!(
        all_onezone_spaces(&*state.store).await.len(),
        1,
        "nothing stored by a failure"
    );
}

#[actix_web::test]
async fn missing_keys_are_reported_in_order_name_token_size() {
    let (_, app) = app_with(settings()).await;

    for (body, key) in [
        (format!(r#"{{"token":"{SEED_TOKEN}","size":150}}"#), "name"),
        (r#"{"size":150}"#.to_owned(), "name"),
        (r#"{"name":"n","size":150}"#.to_owned(), "token"),
        (format!(r#"{{"name":"n","token":"{SEED_TOKEN}"}}"#), "size"),
    ] {
        let reply = send(&app, create("p", body)).await;

        assert_error(
            &reply,
            400,
            "invalid_request",
            &format!("missing required key: '{key}'"),
        );
    }
}

#[actix_web::test]
async fn a_wrong_name_malformed_json_and_a_bad_token_are_400() {
    let (state, app) = app_with(settings()).await;

    let blank = send(
        &app,
        create("p", format!(r#"{{"name":"  ","token":"{SEED_TOKEN}","size":1}}"#)),
    )
    .await;
    let number = send(
        &app,
        create("p", format!(r#"{{"name":5,"token":"{SEED_TOKEN}","size":1}}"#)),
    )
    .await;
    let malformed = send(&app, create("p", r#"{"name":"#)).await;
    let empty = send(&app, create("p", "")).await;
    let token = send(&app, create("p", r#"{"name":"n","token":"abc","size":1}"#)).await;

    assert_error(&blank, 400, "invalid_request", "invalid 'name' value: '  '");
    assert_error(&number, 400, "invalid_request", "invalid 'name' value: '5'");
    assert_error(&malformed, 400, "invalid_request", "malformed JSON data");
    assert_error(&empty, 400, "invalid_request", "malformed JSON data");
    assert_error(&token, 400, "invalid_token", "Provided token could not be validated.");
    assert!(all_onezone_spaces(&*state.store).await.is_empty(), "nothing is stored");
}

#[actix_web::test]
async fn a_form_body_creates_too() {
    let (_, app) = app_with(settings()).await;
    let body = format!("name=Form+space&token={SEED_TOKEN}&size=42");
    let request = TestRequest::post()
        .uri("/provider/spaces")
        .insert_header(("X-Auth-Token", "p"))
        .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
        .set_payload(body);

    let reply = send(&app, request).await;

    assert_eq!(reply.status, 201, "{}", String::from_utf8_lossy(&reply.bytes));
    let location = reply.header("location").expect("a location").to_owned();
    let space = space_of(&send(&app, get("p", &location)).await);
    assert_eq!(space["name"], json!("Form space"));
    assert_eq!(space["providersSupports"], json!({provider_id("p"): 42}));
}

#[actix_web::test]
async fn the_three_token_headers_name_the_same_provider() {
    let (_, app) = app_with(settings()).await;
    let id = make_space(&app, "shared").await;
    let path = format!("/provider/spaces/{id}");

    let macaroon = send(
        &app,
        TestRequest::get().uri(&path).insert_header(("macaroon", "shared")),
    )
    .await;
    let bearer = send(
        &app,
        TestRequest::get()
            .uri(&path)
            .insert_header(("Authorization", "Bearer shared")),
    )
    .await;

    assert_eq!(space_of(&macaroon)["spaceId"], json!(id));
    assert_eq!(space_of(&bearer)["spaceId"], json!(id));
}

#[actix_web::test]
async fn without_credentials_every_operation_is_401_with_a_challenge() {
    let (_, app) = app_with(settings()).await;
    let aliased = (Operation::GetSpace, "/api/v3/onezone/spaces/x");
    for (operation, path) in every_operation().chain([aliased]) {
        let method = operation.method();
        let request = TestRequest::default()
            .method(method.parse().expect("a method"))
            .uri(path)
            .insert_header(("X-Auth-Token", "   "))
            .set_payload(seed_body());

        let reply = send(&app, request).await;

        assert_error(&reply, 401, "invalid_token", "Authentication required.");
        assert_eq!(
            reply.header("www-authenticate"),
            Some("error=invalid_token"),
            "{method} {path}"
        );
    }
}

#[actix_web::test]
async fn a_user_is_403_on_every_provider_endpoint() {
    let (_, app) = app_with(settings()).await;
    for (operation, path) in every_operation() {
        let request = TestRequest::default()
            .method(operation.method().parse().expect("a method"))
            .uri(path)
            .insert_header(("Authorization", "Basic dXNlcjpwYXNz"))
            .insert_header(("Content-Type", "application/json"))
            .set_payload(seed_body());

        let reply = send(&app, request).await;

        assert_error(&reply, 403, "forbidden", "Only a provider may perform this operation.");
    }
}

/// A path each operation is tried at. The match is exhaustive, so an operation added to the spec does not compile
/// here until it names one.
fn tried_at(operation: Operation) -> &'static str {
    match operation {
        Operation::GetSupportedSpaces | Operation::CreateProviderSpace => "/provider/spaces",
        Operation::SupportSpace => "/provider/spaces/support",
        Operation::GetSupportedSpace | Operation::RemoveSpaceSupport => "/provider/spaces/x",
        Operation::GetSpace => "/spaces/x",
    }
}

/// Every operation with the path it is tried at, in spec order.
fn every_operation() -> impl Iterator<Item = (Operation, &'static str)> {
    Operation::ALL.iter().map(|&operation| (operation, tried_at(operation)))
}

#[actix_web::test]
async fn providers_see_only_the_spaces_they_support() {
    let (_, app) = app_with(settings()).await;
    let mine = make_space(&app, "alpha").await;
    let theirs = make_space(&app, "beta").await;

    let alpha_list = send(&app, get("alpha", "/provider/spaces")).await;
    let beta_on_mine = send(&app, get("beta", &format!("/provider/spaces/{mine}"))).await;
    let beta_on_mine_by_id = send(&app, get("beta", &format!("/spaces/{mine}"))).await;
    let beta_deletes_mine = send(
        &app,
        TestRequest::delete()
            .uri(&format!("/provider/spaces/{mine}"))
            .insert_header(("X-Auth-Token", "beta")),
    )
    .await;
    let unknown = send(&app, get("alpha", "/provider/spaces/nope")).await;
    let unknown_by_id = send(&app, get("alpha", "/spaces/nope")).await;

    assert_eq!(alpha_list.status, 200);
    let ids = alpha_list.json();
    assert_shape::<SpaceIds>(&ids);
    assert_eq!(ids, json!({"spaces": [mine.clone()]}));
    assert!(!ids.to_string().contains(&theirs));
    assert_error(&beta_on_mine, 404, "not_found", "The space was not found.");
    assert_error(
        &beta_on_mine_by_id,
        403,
        "forbidden",
        "The provider does not support this space.",
    );
    assert_error(&beta_deletes_mine, 404, "not_found", "The space was not found.");
    assert_error(&unknown, 404, "not_found", "The space was not found.");
    assert_error(&unknown_by_id, 404, "not_found", "The space was not found.");
    assert_eq!(
        space_of(&send(&app, get("alpha", &format!("/spaces/{mine}"))).await)["spaceId"],
        json!(mine)
    );
}

#[actix_web::test]
async fn removing_support_answers_202_and_the_space_goes_on_existing() {
    let (state, app) = app_with(settings()).await;
    let id = make_space(&app, "alpha").await;
    let delete = || {
        TestRequest::delete()
            .uri(&format!("/api/v3/onezone/provider/spaces/{id}"))
            .insert_header(("X-Auth-Token", "alpha"))
    };

    let first = send(&app, delete()).await;
    let second = send(&app, delete()).await;

    assert_eq!(first.status, 202);
    assert!(first.bytes.is_empty());
    assert_error(&second, 404, "not_found", "The space was not found.");
    assert_eq!(
        send(&app, get("alpha", "/provider/spaces")).await.json(),
        json!({"spaces": []})
    );
    assert_error(
        &send(&app, get("alpha", &format!("/provider/spaces/{id}"))).await,
        404,
        "not_found",
        "The space was not found.",
    );
    assert_eq!(send(&app, get("alpha", &format!("/spaces/{id}"))).await.status, 403);
    let spaces = all_onezone_spaces(&*state.store).await;
    assert_eq!(spaces.len(), 1, "the space still exists");
    assert_eq!(
        spaces[0].owner, "8HfHARHgklqBkZVI4l6MBTvSSvt98ppp6948s8Q7SOk",
        "owned by the token's user"
    );
}

#[actix_web::test]
async fn a_second_provider_supports_an_existing_space_with_a_support_token() {
    let (_, app) = app_with(settings()).await;
    let id = make_space(&app, "alpha").await;
    let request = TestRequest::post()
        .uri("/provider/spaces/support")
        .insert_header(("X-Auth-Token", "beta"))
        .insert_header(("Content-Type", "application/json"))
        .set_payload(format!(r#"{{"token":"{}","size":"2048"}}"#, token_naming(&id)));

    let reply = send(&app, request).await;
    let unknown = send(
        &app,
        TestRequest::post()
            .uri("/provider/spaces/support")
            .insert_header(("X-Auth-Token", "beta"))
            .insert_header(("Content-Type", "application/json"))
            .set_payload(format!(r#"{{"token":"{}","size":1}}"#, token_naming("nope"))),
    )
    .await;

    assert_eq!(reply.status, 201);
    assert_eq!(
        reply.header("location"),
        Some(format!("/provider/spaces/{id}").as_str())
    );
    let space = space_of(&send(&app, get("beta", &format!("/provider/spaces/{id}"))).await);
    assert_eq!(
        space["providersSupports"],
        json!({provider_id("alpha"): 150, provider_id("beta"): 2048})
    );
    assert_error(&unknown, 400, "invalid_token", "Provided token could not be validated.");
}

#[actix_web::test]
async fn providers_supports_are_listed_in_the_order_support_began_not_sorted() {
    let (_, app) = app_with(settings()).await;
    // A first provider whose id sorts after the second's, so a sorted map would put them the other way round.
    let first = (0..)
        .map(|i| format!("provider-{i}"))
        .find(|token| provider_id(token) > provider_id("second"))
        .expect("some token's id sorts after");
    let id = make_space(&app, &first).await;
    let support = TestRequest::post()
        .uri("/provider/spaces/support")
        .insert_header(("X-Auth-Token", "second"))
        .insert_header(("Content-Type", "application/json"))
        .set_payload(format!(r#"{{"token":"{}","size":1}}"#, token_naming(&id)));

    let supported = send(&app, support).await;
    let space = space_of(&send(&app, get(&first, &format!("/spaces/{id}"))).await);

    assert_eq!(supported.status, 201);
    let order: Vec<&String> = space["providersSupports"]
        .as_object()
        .expect("an object")
        .keys()
        .collect();
    assert_eq!(order, [&provider_id(&first), &provider_id("second")]);
}

#[actix_web::test]
async fn a_wrong_method_is_405_with_allow_and_an_unknown_path_404() {
    let (_, app) = app_with(settings()).await;

    let method = send(
        &app,
        TestRequest::patch()
            .uri("/provider/spaces")
            .insert_header(("X-Auth-Token", "p")),
    )
    .await;
    let path = send(&app, get("p", "/api/v3/onezone/nothing")).await;

    assert_error(&method, 405, "method_not_allowed", "Allowed methods: GET, POST");
    assert_eq!(method.header("allow"), Some("GET, POST"));
    assert_error(&path, 404, "not_found", "Unknown path.");
}

fn strict() -> Settings {
    let mut settings = settings();
    settings.onezone_auth = AuthMode::Strict;
    settings
}

#[actix_web::test]
async fn strict_mode_accepts_only_fixture_providers_and_space_tokens() {
    let (state, app) = app_with(strict()).await;

    let stranger = send(&app, create("made-up", seed_body())).await;
    let made_up_token = send(
        &app,
        create(
            "spaceport-provider-token",
            format!(r#"{{"name":"n","token":"{}","size":1}}"#, token_naming("someone")),
        ),
    )
    .await;
    let seed = send(&app, create("spaceport-provider-token", seed_body())).await;

    // The seed's 401 example, verbatim.
    assert_error(
        &stranger,
        401,
        "invalid_token",
        "Provided token could not be validated.",
    );
    assert_eq!(stranger.header("www-authenticate"), Some("error=invalid_token"));
    assert_error(
        &made_up_token,
        400,
        "invalid_token",
        "Provided token could not be validated.",
    );
    assert_eq!(seed.status, 201);
    assert_eq!(all_onezone_spaces(&*state.store).await.len(), 1);
}

#[actix_web::test]
async fn a_single_use_token_works_once() {
    let mut settings = strict();
    settings.fixtures = spaceport::fixtures::Fixtures::parse(&format!(
        "onezone:\n  providers: [{{token: p}}]\n  space_tokens: [{{token: {SEED_TOKEN}, user: u1, single_use: true}}]\n"
    ))
    .expect("fixtures parse");
    let (state, app) = app_with(settings).await;

    let first = send(&app, create("p", seed_body())).await;
    let second = send(&app, create("p", seed_body())).await;

    assert_eq!(first.status, 201);
    assert_error(&second, 400, "invalid_token", "Provided token could not be validated.");
    let spaces = all_onezone_spaces(&*state.store).await;
    assert_eq!(spaces.len(), 1);
    assert_eq!(spaces[0].owner, "u1");
}

#[actix_web::test]
async fn a_failing_store_gives_500_internal_server_error() {
    use spaceport::app::{self, AppState};

    let state = AppState::without_fixtures(crate::failing_store::FailingStore, settings()).expect("the fixtures parse");
    let app = actix_web::test::init_service(app::app(state)).await;
    for &operation in Operation::ALL {
        let request = match operation {
            Operation::CreateProviderSpace => create("p", seed_body()),
            Operation::GetSupportedSpaces => get("p", "/provider/spaces"),
            Operation::GetSupportedSpace => get("p", "/provider/spaces/x"),
            Operation::GetSpace => get("p", "/spaces/x"),
            Operation::RemoveSpaceSupport => TestRequest::delete()
                .uri("/provider/spaces/x")
                .insert_header(("X-Auth-Token", "p")),
            Operation::SupportSpace => {
                create("p", format!(r#"{{"token":"{}","size":1}}"#, token_naming("x"))).uri("/provider/spaces/support")
            }
        };
        let reply = send(&app, request).await;

        assert_error(&reply, 500, "internal_server_error", "The store could not answer.");
    }
}
