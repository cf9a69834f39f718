//! `specs/paths.yaml`: a path parameter with a pattern, AND-ed credentials, a wrong method, an empty 404, and an
//! optional body read as JSON whatever its `Content-Type`.

#[allow(
    dead_code,
    reason = "the whole generated API is compiled; these tests use the part they exercise"
)]
mod api {
    include!("../output/paths.rs");
}

use actix_web::{HttpResponse, test::TestRequest, web};
use std::convert::Infallible;

use api::{GetThingRequest, GetThingResponse, Operation, PathsApi, Problem, PutThingRequest, PutThingResponse, Scheme};
use serde_json::{Value, json};
use spaceport_runtime::{Credentials, Rejection};

use crate::{init, keyed, rejected, send};

struct Paths;

impl PathsApi for Paths {
    type Caller = Credentials<Scheme>;
    type Denied = Infallible;

    async fn authenticate(&self, _: Operation, credentials: Credentials<Scheme>) -> Result<Self::Caller, Infallible> {
        Ok(credentials)
    }

    async fn get_thing(&self, caller: Credentials<Scheme>, request: GetThingRequest) -> GetThingResponse {
        if request.path.id == "t1" {
            GetThingResponse::Ok(Problem {
                message: format!("one, for {:?}", caller.scheme),
            })
        } else {
            GetThingResponse::NotFound
        }
    }

    async fn put_thing(&self, _: Credentials<Scheme>, request: PutThingRequest) -> PutThingResponse {
        match request.body {
            Some(_) => PutThingResponse::NoContent,
            None => PutThingResponse::NotFound,
        }
    }

    fn reject(&self, rejection: Rejection<Operation>) -> HttpResponse {
        rejected(rejection, Operation::id, api::JSON_MEDIA_TYPE)
    }
}

#[actix_web::test]
async fn credentials_path_and_method_rejections_name_their_operation_and_kind() {
    let app = init(|config| api::configure(config, web::Data::new(Paths))).await;

    let half_a_key = send(&app, TestRequest::get().uri("/things/t1").insert_header(("X-Key", "k"))).await;
    let bad_path = send(&app, keyed(TestRequest::get().uri("/things/UPPER"))).await;
    let wrong_method = send(&app, keyed(TestRequest::delete().uri("/things/t1"))).await;

    let by_key = send(&app, keyed(TestRequest::get().uri("/things/t1"))).await;
    let by_token = send(
        &app,
        TestRequest::get()
            .uri("/things/t1")
            .insert_header(("Authorization", "Bearer tk")),
    )
    .await;

    let kind = |reply: &crate::Reply| (reply.json()["operation"].clone(), reply.json()["kind"].clone());
    assert_eq!(
        by_key.json(),
        json!({"message": "one, for Key"}),
        "the first requirement met names the caller"
    );
    assert_eq!(by_token.json(), json!({"message": "one, for Token"}));
    assert_eq!(kind(&half_a_key), (json!("getThing"), json!("MissingCredentials")));
    assert_eq!(kind(&bad_path), (json!("getThing"), json!("Path id:Pattern")));
    assert_eq!(
        kind(&wrong_method),
        (Value::Null, json!("MethodNotAllowed { allow: [\"GET\", \"PUT\"] }"))
    );
}

#[actix_web::test]
async fn an_optional_body_is_read_as_json_whatever_its_type_and_a_missing_thing_is_an_empty_404() {
    let app = init(|config| api::configure(config, web::Data::new(Paths))).await;

    let put = send(
        &app,
        keyed(TestRequest::put().uri("/things/t1"))
            .insert_header(("Content-Type", "text/plain"))
            .set_payload(r#"{"name": "n"}"#),
    )
    .await;
    let put_nothing = send(&app, keyed(TestRequest::put().uri("/things/t1"))).await;
    let missing = send(&app, keyed(TestRequest::get().uri("/things/t2.json"))).await;

    assert_eq!(
        put.status, 204,
        "the body is JSON whatever Content-Type says: {}",
        put.text
    );
    assert_eq!(put_nothing.status, 404, "no body is none");
    assert_eq!((missing.status, missing.text.as_str()), (404, ""));
}

#[test]
fn the_api_owns_the_first_segments_of_its_patterns_under_every_base_path_and_suffix() {
    let owned = ["/things", "/things/x/y", "/api/v1/things/7.json", "/api", "/things.xml"];
    let others = ["/", "/thing", "/v2/things", "/apis"];

    assert!(owned.iter().all(|path| api::owns(path)), "{owned:?}");
    assert!(!others.iter().any(|path| api::owns(path)), "{others:?}");
}
