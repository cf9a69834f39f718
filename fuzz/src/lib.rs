//! The harness every fuzz target shares: one production app over the default fixtures per fuzzing thread, and a
//! call that sends it one request and checks what no client's request may cause: a panic (libFuzzer reports it) or
//! a 5xx (the in-memory store never fails, so a 5xx would be spaceport's own fault), but for the documented 503 of
//! a tenant beyond `--max-tenants`.

use std::cell::RefCell;

use actix_http::Request;
use actix_service::{ServiceExt, boxed::BoxService};
use actix_web::{
    body::BoxBody,
    dev::ServiceResponse,
    rt::SystemRunner,
    test::{self, TestRequest},
};
use spaceport::app::{self, AppState, Settings};

/// The app, and the runtime it runs on.
struct Harness {
    runtime: SystemRunner,
    app: BoxService<Request, ServiceResponse<BoxBody>, actix_web::Error>,
}

impl Harness {
    fn new() -> Self {
        let runtime = actix_web::rt::System::new();
        let app = runtime.block_on(async {
            let state = AppState::new(Settings::default())
                .await
                .expect("the default fixtures load");
            let app = test::init_service(app::app(state)).await;
            actix_service::boxed::service(app.map(ServiceResponse::map_into_boxed_body))
        });
        Self { runtime, app }
    }
}

thread_local! {
    // Leaked, never dropped: dropping the runtime at exit, after the thread's other locals are gone, would panic.
    static HARNESS: &'static RefCell<Option<Harness>> = Box::leak(Box::new(RefCell::new(None)));
}

/// Sends `request` to the app (made on first use) and reads the whole answer; panics on a 5xx.
pub fn call(request: TestRequest) {
    HARNESS.with(|harness| {
        let mut harness = harness.borrow_mut();
        let Harness { runtime, app } = harness.get_or_insert_with(Harness::new);
        runtime.block_on(async {
            let response = test::call_service(&*app, request.to_request()).await;
            let status = response.status();
            let body = test::read_body(response).await;
            // The one 5xx a client may cause: the documented 503 once `--max-tenants` tenants are alive.
            let tenant_limit = status.as_u16() == 503 && body.starts_with(br#"{"error":"tenant_unavailable""#);
            assert!(
                !status.is_server_error() || tenant_limit,
                "{status} for a client's request: {}",
                String::from_utf8_lossy(&body)
            );
        });
    });
}

/// `POST uri` with `auth`, `content_type` and `body`, through [`call`].
pub fn post(uri: &str, auth: (&str, &str), content_type: &str, body: &[u8]) {
    call(
        TestRequest::post()
            .uri(uri)
            .insert_header(auth)
            .insert_header(("Content-Type", content_type))
            .set_payload(body.to_vec()),
    );
}

/// The default fixtures' static CF token, as `Authorization`.
pub const CF_AUTH: (&str, &str) = ("Authorization", "bearer spaceport-admin-token");
/// Credentials Assembla accepts in lenient mode.
pub const ASSEMBLA_AUTH: (&str, &str) = ("Authorization", "Bearer fuzz");
/// The default fixtures' Onezone provider token.
pub const ONEZONE_AUTH: (&str, &str) = ("X-Auth-Token", "spaceport-provider-token");
