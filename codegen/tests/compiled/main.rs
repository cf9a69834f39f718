//! The committed output of every test spec (`../output/`), compiled on its own against the runtime, and served:
//! each module implements the spec's trait and drives the generated glue through actix, so what codegen emits is
//! proven to build and to route, read, validate, reject and write as the spec says, outside the server.

mod bodies;
mod listing;
mod paths;
mod routes;
mod security;
mod tiny;

use actix_web::{
    App, HttpResponse,
    body::MessageBody,
    dev::{Service, ServiceResponse},
    test, web,
};
use serde_json::{Value, json};
use spaceport_runtime::{Rejection, RejectionKind};

/// The app serving what `configure` registers.
pub async fn init(
    configure: impl FnOnce(&mut web::ServiceConfig),
) -> impl Service<actix_http::Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error> {
    test::init_service(App::new().configure(configure)).await
}

/// A rejection as the test APIs answer it: 400 `{"operation": <operationId or null>, "kind": <what failed>}`,
/// the violations of an invalid request listed as `Location field:Rule ...`.
pub fn rejected<O>(rejection: Rejection<O>, id: fn(O) -> &'static str, media: &'static str) -> HttpResponse {
    let kind = match &rejection.kind {
        RejectionKind::Invalid { location, violations } => {
            let fields: Vec<String> = violations.iter().map(|v| format!("{}:{:?}", v.field, v.rule)).collect();
            format!("{location:?} {}", fields.join(" "))
        }
        other => format!("{other:?}"),
    };
    let body = json!({"operation": rejection.operation.map(id), "kind": kind});
    spaceport_runtime::Reply(spaceport_runtime::StatusCode::BAD_REQUEST).json(&[], media, &body)
}

/// `request` with both halves of the AND-ed key requirement.
pub fn keyed(request: test::TestRequest) -> test::TestRequest {
    request.insert_header(("X-Key", "k")).insert_header(("X-Secret", "s"))
}

/// A response, read whole.
pub struct Reply {
    /// The status code.
    pub status: u16,
    /// `Content-Type`, if any.
    pub content_type: Option<String>,
    /// `Location`, if any.
    pub location: Option<String>,
    /// The body.
    pub text: String,
}

impl Reply {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }
}

/// Sends `request` to `service` and reads the whole response.
pub async fn send(
    service: &impl Service<actix_http::Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error>,
    request: test::TestRequest,
) -> Reply {
    let response = test::call_service(service, request.to_request()).await;
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let (status, content_type, location) = (response.status().as_u16(), header("content-type"), header("location"));
    let bytes = test::read_body(response).await;
    Reply {
        status,
        content_type,
        location,
        text: String::from_utf8(bytes.to_vec()).expect("UTF-8"),
    }
}
