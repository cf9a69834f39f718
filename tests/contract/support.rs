//! Shared helpers: a deterministic app, requests, and assertions on responses.

use actix_web::{
    body::MessageBody,
    dev::{Service, ServiceResponse},
    http::header::HeaderMap,
    test,
};
use chrono::{TimeZone, Utc};
use serde_json::Value;
use spaceport::{
    app::{self, AppState, Settings},
    fixtures::Fixtures,
    rt::{self, Described},
    sources::Sources,
    store::{
        CloudFoundryStore, OnezoneSelection, OnezoneSpace, OnezoneStore, Storage,
        cloud_foundry::{Event, EventSelection, Space, SpaceSelection},
    },
    vendors::cloud_foundry::{self, AuthMode},
};

/// The seed's bearer token: HS256, `user_id` `uaa-id-40`, scope `cloud_controller.admin`, expired in 2014.
pub const SEED_TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjoidWFhLWlkLTQwIiwiZW1haWwiOiJlbWFpbC00MEBzb21lZG9tYWluLmNvbSIsInNjb3BlIjpbImNsb3VkX2NvbnRyb2xsZXIuYWRtaW4iXSwiYXVkIjpbImNsb3VkX2NvbnRyb2xsZXIiXSwiZXhwIjoxMzk3NDk5NTUwfQ._q3xyMRlwxGQ0W4BUO4YagDcklzbTeMFvJsOdyQOcgI";

/// The Onezone API docs' example space-creation token.
pub const ONEZONE_SEED_TOKEN: &str = "JKAxNWxvY2F0aW9uIG9uZXpvbmUKMDAzYmlkZW50aWZpZXIgOEhmSEFSSGdrbHFCa1pWSTRsNk1CVHZTU3Z0OThwcHA2OTQ4czhRN1NPawowMDFhY2lkIHRpbWUgPCAxNDk2MTQwMTQ0CjAwMmZzaWduYXR1cmUg88OIBmav38YI0Z2-dw-fvrZ3XP-J0HjCN0taT3_WungK";

/// The organization the seed creates its space in; the default fixtures hold it.
pub const SEED_ORG: &str = "c8412aa5-d3c0-4f4d-803e-c90b12a0c352";

/// The backend every app of the suite runs on: `SPACEPORT_TEST_STORE=embedded` runs the whole suite on the
/// embedded durable store (a temporary folder per app), `postgres` on the PostgreSQL database
/// `SPACEPORT_TEST_DATABASE_URL` names (a schema of its own per app); unset, in memory.
pub fn storage() -> Storage {
    match std::env::var("SPACEPORT_TEST_STORE").as_deref() {
        Ok("embedded") => Storage::EmbeddedTemporary,
        Ok("postgres") => Storage::PostgresTemporary(
            std::env::var("SPACEPORT_TEST_DATABASE_URL").expect("SPACEPORT_TEST_DATABASE_URL names the database"),
        ),
        Ok("memory") | Err(_) => Storage::Memory,
        Ok(other) => panic!("SPACEPORT_TEST_STORE names no backend: {other} (memory, embedded, postgres)"),
    }
}

/// Settings for byte-reproducible runs: seeded ids, a fixed clock, the default fixtures, the suite's backend.
pub fn settings() -> Settings {
    Settings {
        sources: Sources::deterministic(
            1,
            Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5)
                .single()
                .expect("a valid instant"),
        ),
        cloud_foundry: cloud_foundry::Config {
            auth: AuthMode::Lenient,
            token_key: app::DEFAULT_TOKEN_KEY.as_bytes().to_vec(),
            public_url: "http://spaceport.test".to_owned(),
        },
        onezone_auth: spaceport::vendors::onezone::AuthMode::Lenient,
        assembla_strict: false,
        fixtures: Fixtures::parse(spaceport::fixtures::DEFAULT).expect("the default fixtures parse"),
        max_tenants: 4,
        journal_size: 100,
        body_timeout: rt::BodyTimeout::DEFAULT,
        header_limit: rt::HeaderLimit::DEFAULT,
        storage: storage(),
        ..Settings::default()
    }
}

/// The production app over fresh state.
pub async fn app_with(
    settings: Settings,
) -> (
    AppState,
    impl Service<actix_http::Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error>,
) {
    let state = AppState::new(settings).await.expect("the fixtures load");
    let service = test::init_service(app::app(state.clone())).await;
    (state, service)
}

/// A response, read whole.
#[derive(Debug)]
pub struct Reply {
    /// The status code.
    pub status: u16,
    /// The headers.
    pub headers: HeaderMap,
    /// The body bytes.
    pub bytes: Vec<u8>,
}

impl Reply {
    /// A header as a string, if present.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", String::from_utf8_lossy(&self.bytes)))
    }
}

/// Sends a request to the app and reads the whole response.
pub async fn send(
    service: &impl Service<actix_http::Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error>,
    request: test::TestRequest,
) -> Reply {
    let response = test::call_service(service, request.to_request()).await;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = test::read_body(response).await.to_vec();
    Reply { status, headers, bytes }
}

/// Asserts that `value` has the shape the spec declares for `T`.
pub fn assert_shape<T: Described>(value: &Value) {
    let mut violations = Vec::new();
    rt::check(value, &T::SHAPE, "", &mut violations);
    assert!(violations.is_empty(), "{value} breaks the spec: {violations:?}");
}

/// Every space in `store`, in creation order.
pub async fn all_spaces(store: &impl CloudFoundryStore) -> Vec<Space> {
    store
        .select_spaces(&SpaceSelection::default())
        .await
        .expect("the store answers")
        .items
}

/// Every audit event in `store`, oldest first.
pub async fn all_events(store: &impl CloudFoundryStore) -> Vec<Event> {
    store
        .select_events(&EventSelection::default())
        .await
        .expect("the store answers")
        .items
}

/// Every Onezone space in `store`, in creation order.
pub async fn all_onezone_spaces(store: &impl OnezoneStore) -> Vec<OnezoneSpace> {
    store
        .select_onezone_spaces(&OnezoneSelection::default())
        .await
        .expect("the store answers")
        .items
}

/// Serves the production app over `state` with 4 workers on a free loopback port.
pub fn serve(state: &AppState) -> (std::net::SocketAddr, actix_web::dev::ServerHandle) {
    let app_state = state.clone();
    let server = actix_web::HttpServer::new(move || app::app(app_state.clone()))
        .workers(4)
        .bind(("127.0.0.1", 0))
        .expect("a free port");
    let address = server.addrs()[0];
    let server = server.run();
    let handle = server.handle();
    actix_web::rt::spawn(server);
    (address, handle)
}
