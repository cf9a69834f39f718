//! The committed output of every test spec (`../output/`), compiled on its own against the runtime, and served:
//! each module implements the spec's trait and drives the generated glue through actix, so what codegen emits is
//! proven to build and to route, read, validate, reject and write as the spec says, outside the server.

mod everything;
mod routes;
mod tiny;

use actix_web::{
    body::MessageBody,
    dev::{Service, ServiceResponse},
    test,
};
use serde_json::Value;

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
