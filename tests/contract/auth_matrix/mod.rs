//! The auth matrix: every operation of every spec, sent with each kind of credential a caller may get wrong (none,
//! the wrong scheme, garbage, an expired one, another API's) and with the right one, each with a valid and an
//! invalid request. A refused caller gets the vendor's documented 401 (or 403) whatever its request got wrong:
//! the answers to its valid and its invalid request are the same bytes, and nothing is stored. The right
//! credential gets the operation's answer, with the validation detail an invalid request earns.
//!
//! Each vendor's file builds one [`Row`] per operation through an exhaustive `match` on its `Operation` enum, so
//! an operation added to a spec does not compile until the matrix covers it. Every vendor runs in strict mode.

mod assembla;
mod cloud_foundry;
mod onezone;

use actix_web::{
    body::MessageBody,
    dev::{Service, ServiceResponse},
    http::Method,
    test::TestRequest,
};
use serde_json::Value;

use crate::support::{Reply, send};

/// One request, without credentials.
#[derive(Debug, Clone)]
pub(crate) struct Call {
    method: Method,
    uri: String,
    content_type: Option<&'static str>,
    body: String,
}

impl Call {
    /// A request without a body.
    pub(crate) fn new(method: Method, uri: impl Into<String>) -> Self {
        Self {
            method,
            uri: uri.into(),
            content_type: None,
            body: String::new(),
        }
    }

    /// A `GET`.
    pub(crate) fn get(uri: impl Into<String>) -> Self {
        Self::new(Method::GET, uri)
    }

    /// The same request with a body of `content_type`.
    pub(crate) fn body(self, content_type: &'static str, body: impl Into<String>) -> Self {
        Self {
            content_type: Some(content_type),
            body: body.into(),
            ..self
        }
    }

    /// The same request with a JSON body.
    pub(crate) fn json(self, body: impl Into<String>) -> Self {
        self.body("application/json", body)
    }

    /// The request, carrying `credential`.
    pub(crate) fn request(&self, credential: &Credential) -> TestRequest {
        let mut request = TestRequest::default()
            .method(self.method.clone())
            .uri(&self.uri)
            .set_payload(self.body.clone());
        if let Some(content_type) = self.content_type {
            request = request.insert_header(("Content-Type", content_type));
        }
        for (name, value) in &credential.headers {
            request = request.insert_header((*name, value.clone()));
        }
        request
    }
}

/// A credential a caller sends: the headers that carry it, and what the matrix calls it.
#[derive(Debug, Clone)]
pub(crate) struct Credential {
    name: &'static str,
    headers: Vec<(&'static str, String)>,
}

impl Credential {
    /// `headers` carry the credential called `name`.
    pub(crate) fn new(name: &'static str, headers: &[(&'static str, &str)]) -> Self {
        Self {
            name,
            headers: headers.iter().map(|(n, v)| (*n, (*v).to_owned())).collect(),
        }
    }
}

/// What a refused credential is answered with, whatever the request.
#[derive(Debug, Clone)]
pub(crate) struct Refusal {
    status: u16,
    body: Value,
    challenge: Option<&'static str>,
}

impl Refusal {
    /// `status` with the JSON `body` and the `WWW-Authenticate` value `challenge`.
    pub(crate) fn new(status: u16, body: Value, challenge: Option<&'static str>) -> Self {
        Self {
            status,
            body,
            challenge,
        }
    }
}

/// One operation as the matrix sends it.
#[derive(Debug)]
pub(crate) enum Row {
    /// An operation that requires credentials.
    Guarded {
        /// Its `operationId`.
        operation: &'static str,
        /// A request the right credential gets `ok` for.
        valid: Call,
        /// The same request made invalid (its body, else its query; a junk body where it reads neither).
        invalid: Call,
        /// The status `valid` gets.
        ok: u16,
        /// The status `invalid` gets, and a piece of the body that names what is wrong.
        refused: (u16, String),
    },
    /// An operation whose credentials are optional or that takes none: whatever the caller sends instead of the
    /// right credential, it answers as to a caller who sent nothing.
    Open {
        /// Its `operationId`.
        operation: &'static str,
        /// The request (one whose answer carries no fresh id, so that two answers compare).
        call: Call,
        /// The status it gets.
        status: u16,
    },
}

fn describe(reply: &Reply) -> String {
    format!("{} {}", reply.status, String::from_utf8_lossy(&reply.bytes))
}

/// The whole state, exported by the control API.
async fn state(
    app: &impl Service<actix_http::Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error>,
) -> Vec<u8> {
    let reply = send(app, TestRequest::get().uri("/__spaceport/state")).await;
    assert_eq!(reply.status, 200, "{}", describe(&reply));
    reply.bytes
}

/// Checks one row on `app`: every refused credential against both requests, then the right one.
pub(crate) async fn check(
    app: &impl Service<actix_http::Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error>,
    row: &Row,
    refused: &[(Credential, Refusal)],
    right: &Credential,
) {
    match row {
        Row::Guarded {
            operation,
            valid,
            invalid,
            ok,
            refused: (invalid_status, detail),
        } => {
            let before = state(app).await;
            for (credential, refusal) in refused {
                let what = format!("{operation} with {}", credential.name);
                let to_valid = send(app, valid.request(credential)).await;
                let to_invalid = send(app, invalid.request(credential)).await;

                assert_eq!(to_valid.status, refusal.status, "{what}: {}", describe(&to_valid));
                assert_eq!(
                    to_valid
                        .header("content-type")
                        .map(|t| t.starts_with("application/json")),
                    Some(true),
                    "{what}"
                );
                assert_eq!(to_valid.json(), refusal.body, "{what}");
                assert_eq!(to_valid.header("www-authenticate"), refusal.challenge, "{what}");
                assert_eq!(
                    (to_invalid.status, &to_invalid.bytes),
                    (to_valid.status, &to_valid.bytes),
                    "{what}: an invalid request is refused exactly like a valid one"
                );
            }
            assert!(
                state(app).await == before,
                "{operation}: a refused caller changed the state"
            );

            let to_invalid = send(app, invalid.request(right)).await;
            assert_eq!(
                to_invalid.status,
                *invalid_status,
                "{operation}: {}",
                describe(&to_invalid)
            );
            assert!(
                String::from_utf8_lossy(&to_invalid.bytes).contains(detail.as_str()),
                "{operation}: the answer names what is wrong ({detail}): {}",
                describe(&to_invalid)
            );
            let to_valid = send(app, valid.request(right)).await;
            assert_eq!(to_valid.status, *ok, "{operation}: {}", describe(&to_valid));
        }
        Row::Open {
            operation,
            call,
            status,
        } => {
            let nothing = Credential::new("nothing", &[]);
            let anonymous = send(app, call.request(&nothing)).await;
            assert_eq!(anonymous.status, *status, "{operation}: {}", describe(&anonymous));
            for (credential, _) in refused {
                let reply = send(app, call.request(credential)).await;
                assert_eq!(
                    (reply.status, reply.json()),
                    (anonymous.status, anonymous.json()),
                    "{operation} with {}: answered as to a caller who sent nothing",
                    credential.name
                );
            }
        }
    }
}
