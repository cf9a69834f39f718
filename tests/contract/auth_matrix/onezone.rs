//! Onezone in strict mode: only the fixtures' provider token is a provider. Provider tokens do not expire; the
//! docs' space token, whose caveat expired in 2017, sent as a provider token stands for the expired credential.
//! A user's HTTP basic credentials are a user, not a provider: 403.

use actix_web::http::Method;
use serde_json::json;
use spaceport::{generated::onezone::Operation, vendors::onezone::AuthMode};

use super::{Call, Credential, Refusal, Row, check};
use crate::{
    onezone::token_naming,
    support::{ONEZONE_SEED_TOKEN, app_with, send, settings},
};

fn row(operation: Operation, space: &str) -> Row {
    let operation_id = operation.id();
    let size_not_integer = || (400, "size".into());
    let not_found = || (404, r#""error":"not_found""#.into());
    match operation {
        Operation::CreateProviderSpace => Row::Guarded {
            operation: operation_id,
            valid: Call::new(Method::POST, "/provider/spaces")
                .json(json!({"name": "another", "token": ONEZONE_SEED_TOKEN, "size": 1024}).to_string()),
            invalid: Call::new(Method::POST, "/provider/spaces")
                .json(json!({"name": "another", "token": ONEZONE_SEED_TOKEN, "size": "big"}).to_string()),
            ok: 201,
            refused: size_not_integer(),
        },
        Operation::GetSupportedSpaces => Row::Guarded {
            operation: operation_id,
            valid: Call::get("/provider/spaces"),
            invalid: Call::get("/provider/spaces").json(r#"{"size": "big"}"#),
            ok: 200,
            refused: (200, space.into()),
        },
        Operation::SupportSpace => Row::Guarded {
            operation: operation_id,
            valid: Call::new(Method::POST, "/provider/spaces/support")
                .json(json!({"token": token_naming(space), "size": 1024}).to_string()),
            invalid: Call::new(Method::POST, "/provider/spaces/support")
                .json(json!({"token": token_naming(space), "size": "big"}).to_string()),
            ok: 201,
            refused: size_not_integer(),
        },
        Operation::GetSupportedSpace => Row::Guarded {
            operation: operation_id,
            valid: Call::get(format!("/provider/spaces/{space}")),
            invalid: Call::get("/provider/spaces/no-such-space"),
            ok: 200,
            refused: not_found(),
        },
        Operation::RemoveSpaceSupport => Row::Guarded {
            operation: operation_id,
            valid: Call::new(Method::DELETE, format!("/provider/spaces/{space}")),
            invalid: Call::new(Method::DELETE, "/provider/spaces/no-such-space"),
            ok: 202,
            refused: not_found(),
        },
        Operation::GetSpace => Row::Guarded {
            operation: operation_id,
            valid: Call::get(format!("/spaces/{space}")),
            invalid: Call::get("/spaces/no-such-space"),
            ok: 200,
            refused: not_found(),
        },
    }
}

#[actix_web::test]
async fn every_onezone_operation_verifies_the_provider_before_it_reads_the_request() {
    let error = |status, description: &str, challenge| {
        Refusal::new(
            status,
            json!({"error": if status == 403 { "forbidden" } else { "invalid_token" }, "error_description": description}),
            challenge,
        )
    };
    let required = error(401, "Authentication required.", Some("error=invalid_token"));
    let invalid = error(
        401,
        "Provided token could not be validated.",
        Some("error=invalid_token"),
    );
    let refused = [
        (Credential::new("no credentials", &[]), required.clone()),
        (
            Credential::new("the wrong scheme", &[("Authorization", "Digest username=\"p\"")]),
            required,
        ),
        (
            Credential::new("a garbage token", &[("X-Auth-Token", "garbage")]),
            invalid.clone(),
        ),
        (
            Credential::new("an expired token", &[("X-Auth-Token", ONEZONE_SEED_TOKEN)]),
            invalid.clone(),
        ),
        (
            Credential::new(
                "Cloud Foundry's token",
                &[("Authorization", "Bearer spaceport-admin-token")],
            ),
            invalid,
        ),
        (
            Credential::new("a user's basic credentials", &[("Authorization", "Basic dXNlcjpwYXNz")]),
            error(403, "Only a provider may perform this operation.", None),
        ),
    ];
    let right = Credential::new(
        "the fixtures' provider token",
        &[("X-Auth-Token", "spaceport-provider-token")],
    );

    for &operation in Operation::ALL {
        let mut settings = settings();
        settings.onezone_auth = AuthMode::Strict;
        let (_, app) = app_with(settings).await;
        let created = send(
            &app,
            Call::new(Method::POST, "/provider/spaces")
                .json(json!({"name": "matrix", "token": ONEZONE_SEED_TOKEN, "size": 1024}).to_string())
                .request(&right),
        )
        .await;
        assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.bytes));
        let location = created.header("location").expect("a Location").to_owned();
        let space = location.trim_start_matches("/spaces/").to_owned();
        check(&app, &row(operation, &space), &refused, &right).await;
    }
}
