//! Assembla in strict mode: only the fixtures' token, or key with its secret, is accepted. Assembla keys do not
//! expire; the nearest thing, a key sent with a secret it no longer has, stands for the expired credential.

use actix_web::http::Method;
use serde_json::json;
use spaceport::generated::assembla::Operation;

use super::{Call, Credential, Refusal, Row, check};
use crate::support::{app_with, send, settings};

fn row(operation: Operation, space: &str) -> Row {
    let operation_id = operation.id();
    let one = format!("/v1/spaces/{space}.json");
    let missing_name = || (422, r#""name":["can't be blank"]"#.into());
    match operation {
        Operation::ListSpaces => Row::Guarded {
            operation: operation_id,
            valid: Call::get("/v1/spaces.json"),
            invalid: Call::get("/v1/spaces.json?per_page=1001"),
            ok: 200,
            refused: (422, "per_page".into()),
        },
        Operation::CreateSpace => Row::Guarded {
            operation: operation_id,
            valid: Call::new(Method::POST, "/v1/spaces.json").json(r#"{"name": "another"}"#),
            invalid: Call::new(Method::POST, "/v1/spaces.json").json("{}"),
            ok: 201,
            refused: missing_name(),
        },
        Operation::GetSpace => Row::Guarded {
            operation: operation_id,
            valid: Call::get(&one),
            invalid: Call::get("/v1/spaces/no-such-space.json"),
            ok: 200,
            refused: (404, String::new()),
        },
        Operation::UpdateSpace => Row::Guarded {
            operation: operation_id,
            valid: Call::new(Method::PUT, &one).json(r#"{"name": "renamed"}"#),
            invalid: Call::new(Method::PUT, &one).json(r#"{"name": ""}"#),
            ok: 204,
            refused: missing_name(),
        },
        Operation::DeleteSpace => Row::Guarded {
            operation: operation_id,
            valid: Call::new(Method::DELETE, &one),
            invalid: Call::new(Method::DELETE, "/v1/spaces/no-such-space.json"),
            ok: 204,
            refused: (404, String::new()),
        },
        Operation::CopySpace => Row::Guarded {
            operation: operation_id,
            valid: Call::new(Method::POST, format!("/v1/spaces/{space}/copy.json")).json(r#"{"name": "copy"}"#),
            invalid: Call::new(Method::POST, format!("/v1/spaces/{space}/copy.json")).json("{}"),
            ok: 201,
            refused: missing_name(),
        },
    }
}

#[actix_web::test]
async fn every_assembla_operation_verifies_the_credentials_before_it_reads_the_request() {
    let unauthorized = Refusal::new(
        401,
        json!({"error": "invalid_token", "error_description": "The access token is missing or invalid."}),
        Some("Bearer"),
    );
    let refused = [
        Credential::new("no credentials", &[]),
        Credential::new(
            "the wrong scheme",
            &[("Authorization", "Basic c3BhY2Vwb3J0OnNwYWNlcG9ydA==")],
        ),
        Credential::new("a garbage token", &[("Authorization", "Bearer garbage")]),
        Credential::new(
            "a key with a stale secret",
            &[("X-Api-Key", "spaceport-key"), ("X-Api-Secret", "last-year's-secret")],
        ),
        Credential::new(
            "Cloud Foundry's token",
            &[("Authorization", "bearer spaceport-admin-token")],
        ),
        Credential::new(
            "Onezone's provider token",
            &[("X-Auth-Token", "spaceport-provider-token")],
        ),
    ]
    .map(|credential| (credential, unauthorized.clone()));
    let rights = [
        Credential::new(
            "the fixtures' token",
            &[("Authorization", "Bearer spaceport-assembla-token")],
        ),
        Credential::new(
            "the fixtures' key",
            &[("X-Api-Key", "spaceport-key"), ("X-Api-Secret", "spaceport-secret")],
        ),
    ];

    for &operation in Operation::ALL {
        for right in &rights {
            let mut settings = settings();
            settings.assembla_strict = true;
            let (_, app) = app_with(settings).await;
            let created = send(
                &app,
                Call::new(Method::POST, "/v1/spaces.json")
                    .json(r#"{"name": "matrix"}"#)
                    .request(right),
            )
            .await;
            assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.bytes));
            let space = created.json()["id"].as_str().expect("an id").to_owned();
            check(&app, &row(operation, &space), &refused, right).await;
        }
    }
}
