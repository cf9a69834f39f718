//! `specs/security.yaml`: beside a root requirement of AND-ed keys or a token, an operation open to all
//! (`security: []`) and one whose credentials are optional (`{}` among its requirements).

#[allow(
    dead_code,
    reason = "the whole generated API is compiled; these tests use the part they exercise"
)]
mod api {
    include!("../output/security.rs");
}

use actix_web::{HttpResponse, test::TestRequest, web};
use api::{
    Counts, GetCountsRequest, GetCountsResponse, Operation, Problem, Scheme, SecurityApi, WhoAmIRequest, WhoAmIResponse,
};
use serde_json::json;
use spaceport_runtime::Rejection;

use crate::{init, rejected, send};

struct Security;

impl SecurityApi for Security {
    async fn get_counts(&self, _: GetCountsRequest) -> GetCountsResponse {
        GetCountsResponse::Ok(Counts([("z".to_owned(), 1), ("a".to_owned(), 2)].into_iter().collect()))
    }

    async fn who_am_i(&self, request: WhoAmIRequest) -> WhoAmIResponse {
        let message = match request.credentials {
            Some(credentials) if credentials.scheme == Scheme::Token => format!("token {}", credentials.secret),
            _ => "anonymous".to_owned(),
        };
        WhoAmIResponse::Ok(Problem { message })
    }

    fn reject(&self, rejection: Rejection<Operation>) -> HttpResponse {
        rejected(rejection, Operation::id, api::JSON_MEDIA_TYPE)
    }
}

#[actix_web::test]
async fn open_operations_and_optional_credentials() {
    let app = init(|config| api::configure(config, web::Data::new(Security))).await;

    let counts = send(&app, TestRequest::get().uri("/counts/")).await;
    let anonymous = send(&app, TestRequest::get().uri("/whoami")).await;
    let known = send(
        &app,
        TestRequest::get()
            .uri("/whoami")
            .insert_header(("Authorization", "bearer abc")),
    )
    .await;

    assert_eq!(counts.text, r#"{"z":1,"a":2}"#);
    assert_eq!(anonymous.json(), json!({"message": "anonymous"}));
    assert_eq!(known.json(), json!({"message": "token abc"}));
}
