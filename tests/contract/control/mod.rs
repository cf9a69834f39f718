//! The control API: the request journal, reset and state, waits, and tenants through `?tenant=`.

mod journal;
mod state;
mod wait;

use actix_web::test::TestRequest;
use serde_json::Value;
use spaceport::generated::control::{Journal, Problem, State};

use crate::support::{Reply, assert_shape};

/// `GET /__spaceport/requests?{query}`: asserts a 200 in the spec's shape and hands back the entries.
pub fn entries(reply: &Reply) -> Vec<Value> {
    assert_eq!(reply.status, 200, "{}", String::from_utf8_lossy(&reply.bytes));
    assert_eq!(reply.header("content-type"), Some("application/json"));
    let body = reply.json();
    assert_shape::<Journal>(&body);
    body["requests"].as_array().expect("a list").clone()
}

/// A `GET /__spaceport/state` reply's document, asserted 200 and in the spec's shape.
pub fn document(reply: &Reply) -> Value {
    assert_eq!(reply.status, 200, "{}", String::from_utf8_lossy(&reply.bytes));
    assert_eq!(reply.header("content-type"), Some("application/json"));
    let body = reply.json();
    assert_shape::<State>(&body);
    body
}

/// Asserts a control API problem: the status, the error id, and the pointer (absent for `None`).
pub fn assert_problem(reply: &Reply, status: u16, error: &str, pointer: Option<&str>) {
    assert_eq!(reply.status, status, "{}", String::from_utf8_lossy(&reply.bytes));
    assert_eq!(reply.header("content-type"), Some("application/json"));
    let body = reply.json();
    assert_shape::<Problem>(&body);
    assert_eq!(body["error"], error, "{body}");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    assert_eq!(body.get("pointer").and_then(Value::as_str), pointer, "{body}");
}

/// `GET path`.
pub fn get(path: &str) -> TestRequest {
    TestRequest::get().uri(path)
}

/// `PUT /__spaceport/state{query}` with `document`.
pub fn put_state(query: &str, document: &Value) -> TestRequest {
    TestRequest::put()
        .uri(&format!("/__spaceport/state{query}"))
        .insert_header(("Content-Type", "application/json"))
        .set_payload(document.to_string())
}
