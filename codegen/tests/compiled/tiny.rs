//! `specs/tiny.yaml`: a path parameter, a header API key, a validated JSON body, 204 or 422.

#[allow(
    dead_code,
    reason = "the whole generated API is compiled; these tests use the part they exercise"
)]
mod api {
    include!("../output/tiny.rs");
}

use actix_web::{App, HttpResponse, test::TestRequest, web};
use api::{Operation, Problem, PutThingRequest, PutThingResponse, Scheme, TinyApi};
use spaceport_runtime::{Credentials, Failure, Rejection, RejectionKind, Reply, Rule, StatusCode};

use crate::send;

struct Tiny;

/// A key `Tiny` does not know.
struct UnknownKey;

impl Failure<PutThingResponse> for UnknownKey {
    fn respond(self) -> PutThingResponse {
        PutThingResponse::Unauthorized(Problem {
            message: "unknown key".to_owned(),
        })
    }
}

impl TinyApi for Tiny {
    type Caller = String;
    type Denied = UnknownKey;

    async fn authenticate(&self, _: Operation, credentials: Credentials<Scheme>) -> Result<String, UnknownKey> {
        if credentials.secret == "k" {
            Ok(credentials.secret)
        } else {
            Err(UnknownKey)
        }
    }

    async fn put_thing(&self, key: String, request: PutThingRequest) -> PutThingResponse {
        if request.body.name == "taken" {
            return PutThingResponse::UnprocessableEntity(Problem {
                message: format!("{} is taken (asked by {key})", request.path.id),
            });
        }
        PutThingResponse::NoContent
    }

    fn reject(&self, rejection: Rejection<Operation>) -> HttpResponse {
        let status = match rejection.kind {
            RejectionKind::MissingCredentials => StatusCode::UNAUTHORIZED,
            RejectionKind::Invalid { violations, .. } if violations.iter().any(|v| v.rule == Rule::Pattern) => {
                StatusCode::IM_A_TEAPOT
            }
            _ => StatusCode::BAD_REQUEST,
        };
        Reply(status).empty(&[])
    }
}

#[actix_web::test]
async fn a_tiny_spec_serves_204_422_and_its_rejections() {
    let app =
        actix_web::test::init_service(App::new().configure(|config| api::configure(config, web::Data::new(Tiny))))
            .await;
    let put_as = |key: &str, body: &str| {
        TestRequest::put()
            .uri("/things/t1")
            .insert_header(("X-Api-Key", key.to_owned()))
            .insert_header(("Content-Type", "application/json"))
            .set_payload(body.to_owned())
    };
    let put = |body: &str| put_as("k", body);

    let stored = send(&app, put(r#"{"name": "n", "size": 2}"#)).await;
    let taken = send(&app, put(r#"{"name": "taken"}"#)).await;
    let anonymous = send(&app, TestRequest::put().uri("/things/t1").set_payload("{}")).await;
    let bad_type = send(&app, put(r#"{"name": "n", "type": "UPPER"}"#)).await;
    let too_small = send(&app, put(r#"{"name": "n", "size": 0}"#)).await;
    let stranger = send(&app, put_as("other", r#"{"name": ""}"#)).await;

    assert_eq!((stored.status, stored.text.as_str()), (204, ""));
    assert_eq!(taken.status, 422);
    assert_eq!(taken.content_type.as_deref(), Some("application/json"));
    assert_eq!(taken.json(), serde_json::json!({"message": "t1 is taken (asked by k)"}));
    assert_eq!(anonymous.status, 401);
    assert_eq!(bad_type.status, 418, "the pattern of `type` is checked");
    assert_eq!(too_small.status, 400);
    assert_eq!(
        (stranger.status, stranger.json()),
        (401, serde_json::json!({"message": "unknown key"})),
        "an unknown key is refused before its invalid body is read"
    );
}
