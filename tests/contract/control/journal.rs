//! The request journal: what it records, in which order, with which credentials masked, and its filters.

use actix_web::test::TestRequest;
use serde_json::{Value, json};

use super::{assert_problem, entries, get};
use crate::support::{ONEZONE_SEED_TOKEN, SEED_ORG, app_with, send, settings};

/// The five requests of the journal test, each carrying its API's credentials.
fn password_grant() -> TestRequest {
    TestRequest::post()
        .uri("/oauth/token")
        .insert_header(("Authorization", "Basic Y2Y6"))
        .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
        .set_payload("grant_type=password&username=admin&password=admin")
}

#[actix_web::test]
async fn five_requests_are_journaled_in_order_the_unknown_one_with_near_misses_every_credential_masked() {
    let (_, app) = app_with(settings()).await;

    let login = send(&app, password_grant()).await;
    assert_eq!(login.status, 200);
    let access_token = login.json()["access_token"].as_str().expect("a token").to_owned();
    let refresh_token = login.json()["refresh_token"].as_str().expect("a token").to_owned();
    let spaces = TestRequest::get()
        .uri("/v2/spaces?q=name:dev")
        .insert_header(("Authorization", format!("bearer {access_token}")))
        .insert_header(("Cookie", "session=s3cr3t-cookie"));
    assert_eq!(send(&app, spaces).await.status, 200);
    let onezone = TestRequest::post()
        .uri("/api/v3/onezone/provider/spaces")
        .insert_header(("X-Auth-Token", "provider-secret-1"))
        .insert_header(("Content-Type", "application/json"))
        .set_payload(format!(
            r#"{{"name": "Journaled", "token": "{ONEZONE_SEED_TOKEN}", "size": 150}}"#
        ));
    assert_eq!(send(&app, onezone).await.status, 201);
    let assembla = TestRequest::post()
        .uri("/v1/spaces.json")
        .insert_header(("X-Api-Key", "asm-key-secret"))
        .insert_header(("X-Api-Secret", "asm-secret-secret"))
        .insert_header(("Content-Type", "application/json"))
        .set_payload(r#"{"space": {"name": "journaled"}}"#);
    assert_eq!(send(&app, assembla).await.status, 201);
    let unknown = TestRequest::get()
        .uri("/v2/spacez")
        .insert_header(("Authorization", format!("bearer {access_token}")));
    assert_eq!(send(&app, unknown).await.status, 404);

    let reply = send(&app, get("/__spaceport/requests")).await;
    let journal = entries(&reply);

    let summary: Vec<Value> = journal
        .iter()
        .map(|e| {
            json!([
                e["seq"],
                e["api"],
                e["operation"],
                e["method"],
                e["path"],
                e["query"],
                e["status"]
            ])
        })
        .collect();
    assert_eq!(
        summary,
        [
            json!([1, "cloud_foundry", "createToken", "POST", "/oauth/token", "", 200]),
            json!([2, "cloud_foundry", "listSpaces", "GET", "/v2/spaces", "q=name:dev", 200]),
            json!([
                3,
                "onezone",
                "createProviderSpace",
                "POST",
                "/api/v3/onezone/provider/spaces",
                "",
                201
            ]),
            json!([4, "assembla", "createSpace", "POST", "/v1/spaces.json", "", 201]),
            json!([5, "cloud_foundry", null, "GET", "/v2/spacez", "", 404]),
        ]
    );
    let unknown = &journal[4];
    assert!(
        unknown["near_misses"]
            .as_array()
            .expect("a list")
            .contains(&json!({"operation": "listSpaces", "method": "GET", "path": "/v2/spaces", "reason": "segment"})),
        "{unknown}"
    );
    assert_eq!(
        unknown["response_body"],
        r#"{"description":"Unknown request","error_code":"CF-NotFound","code":10000}"#
    );
    assert!(journal[..4].iter().all(|e| e["near_misses"] == json!([])));

    assert_eq!(journal[0]["headers"]["authorization"], "Basic ***");
    assert_eq!(journal[0]["body"], "grant_type=password&username=admin&password=***");
    let token: Value = serde_json::from_str(journal[0]["response_body"].as_str().expect("text")).expect("JSON");
    assert_eq!(
        (&token["access_token"], &token["refresh_token"], &token["token_type"]),
        (&json!("***"), &json!("***"), &json!("bearer"))
    );
    assert_eq!(journal[1]["headers"]["authorization"], "bearer ***");
    assert_eq!(journal[1]["headers"]["cookie"], "***");
    assert_eq!(journal[2]["headers"]["x-auth-token"], "***");
    assert_eq!(
        journal[2]["body"],
        r#"{"name": "Journaled", "token": "***", "size": 150}"#
    );
    assert_eq!(journal[3]["headers"]["x-api-key"], "***");
    assert_eq!(journal[3]["headers"]["x-api-secret"], "***");
    assert_eq!(journal[3]["body"], r#"{"space": {"name": "journaled"}}"#);
    assert_eq!(journal[4]["headers"]["authorization"], "bearer ***");
    let text = reply.json().to_string();
    for secret in [
        &access_token,
        &refresh_token,
        ONEZONE_SEED_TOKEN,
        "provider-secret-1",
        "asm-key-secret",
        "asm-secret-secret",
        "s3cr3t-cookie",
        "Y2Y6",
    ] {
        assert!(!text.contains(secret), "{secret} leaked into the journal");
    }
    for entry in &journal {
        assert_eq!(entry["time"], "2026-01-02T03:04:05.000Z");
        assert!(entry["duration_ms"].as_f64().is_some_and(|ms| ms >= 0.0));
        assert_eq!(entry["body_truncated"], false);
        if !entry["response_body"].is_null() {
            let media = entry["response_headers"]["content-type"].as_str();
            assert!(media.is_some_and(|t| t.starts_with("application/")), "{entry}");
        }
    }
}

#[actix_web::test]
async fn filters_limit_count_and_clear_act_on_the_entries() {
    let (_, app) = app_with(settings()).await;
    for path in ["/v2/info", "/v2/spacez", "/v1/spaces.json", "/v2/info"] {
        send(&app, get(path)).await;
    }

    let seqs = |reply: &crate::support::Reply| -> Vec<i64> {
        entries(reply)
            .iter()
            .map(|e| e["seq"].as_i64().expect("a number"))
            .collect()
    };
    assert_eq!(
        seqs(&send(&app, get("/__spaceport/requests?operation=getInfo")).await),
        [1, 4]
    );
    assert_eq!(
        seqs(&send(&app, get("/__spaceport/requests?unmatched=true")).await),
        [2]
    );
    assert_eq!(
        seqs(&send(&app, get("/__spaceport/requests?api=assembla&method=get")).await),
        [3]
    );
    assert_eq!(seqs(&send(&app, get("/__spaceport/requests?status=404")).await), [2]);
    assert_eq!(
        seqs(&send(&app, get("/__spaceport/requests?since=1&limit=2")).await),
        [2, 3]
    );
    let count = send(&app, get("/__spaceport/requests/count?api=cloud_foundry")).await;
    assert_eq!((count.status, count.json()), (200, json!({"count": 3})));
    assert_problem(
        &send(&app, get("/__spaceport/requests?api=github")).await,
        400,
        "invalid_request",
        None,
    );
    assert_problem(
        &send(&app, get("/__spaceport/requests?limit=0")).await,
        400,
        "invalid_request",
        None,
    );

    let cleared = send(&app, TestRequest::delete().uri("/__spaceport/requests")).await;
    assert_eq!((cleared.status, cleared.bytes.len()), (204, 0));
    assert_eq!(
        send(&app, get("/__spaceport/requests/count")).await.json(),
        json!({"count": 0})
    );
    send(&app, get("/v2/info")).await;
    assert_eq!(
        seqs(&send(&app, get("/__spaceport/requests")).await),
        [5],
        "numbering goes on after a clear"
    );
}

#[actix_web::test]
async fn control_requests_are_not_journaled_and_size_zero_journals_nothing() {
    let (_, app) = app_with(settings()).await;
    send(&app, get("/__spaceport/state")).await;
    send(&app, get("/healthz")).await;
    assert_eq!(
        send(&app, get("/__spaceport/requests/count")).await.json(),
        json!({"count": 0})
    );

    let (_, off) = app_with(spaceport::app::Settings {
        journal_size: 0,
        ..settings()
    })
    .await;
    assert_eq!(send(&off, get("/v2/info")).await.status, 200);
    assert_eq!(
        send(&off, get("/__spaceport/requests")).await.json(),
        json!({"requests": []})
    );
}

#[actix_web::test]
async fn bodies_are_kept_up_to_64_kib_and_bytes_that_are_not_utf8_as_base64() {
    let (_, app) = app_with(settings()).await;
    let long_name = "n".repeat(100 * 1024);
    let big = TestRequest::post()
        .uri("/v2/spaces")
        .insert_header(("Authorization", format!("bearer {}", crate::support::SEED_TOKEN)))
        .insert_header(("Content-Type", "application/json"))
        .set_payload(format!(r#"{{"name":"{long_name}","organization_guid":"{SEED_ORG}"}}"#));
    send(&app, big).await;
    let binary = TestRequest::post()
        .uri("/v1/spaces.json")
        .insert_header(("Content-Type", "application/octet-stream"))
        .set_payload(&b"\xFF\xFE\x00"[..]);
    send(&app, binary).await;

    let journal = entries(&send(&app, get("/__spaceport/requests")).await);
    let body = journal[0]["body"].as_str().expect("text");
    assert_eq!(
        (body.len(), &journal[0]["body_truncated"], &journal[0]["body_encoding"]),
        (64 * 1024, &json!(true), &json!("utf-8"))
    );
    assert!(body.starts_with(r#"{"name":"nnn"#));
    assert_eq!(
        (&journal[1]["body"], &journal[1]["body_encoding"]),
        (&json!("//4A"), &json!("base64"))
    );
}

#[actix_web::test]
async fn since_is_read_up_to_its_documented_maximum_and_refused_past_it_naming_the_parameter() {
    let (_, app) = app_with(settings()).await;
    send(&app, get("/v2/info")).await;

    let largest = send(&app, get("/__spaceport/requests?since=9223372036854775807")).await;
    let past = send(&app, get("/__spaceport/requests?since=9223372036854775808")).await;
    let far_past = send(&app, get("/__spaceport/requests?since=60644352307791953920")).await;

    let spec = spaceport::specs::SPECS
        .iter()
        .find(|spec| spec.stem == "control")
        .and_then(|spec| spec.document().ok())
        .expect("the control spec");
    let schema = &spec["components"]["parameters"]["Since"]["schema"];
    assert_eq!(
        (&schema["format"], &schema["maximum"]),
        (&json!("int64"), &json!(i64::MAX)),
        "the spec says where since ends"
    );
    assert_eq!((largest.status, largest.json()), (200, json!({"requests": []})));
    for reply in [&past, &far_past] {
        assert_problem(reply, 400, "invalid_request", None);
        let message = reply.json()["message"].as_str().unwrap_or_default().to_owned();
        assert!(message.contains("since"), "{message}");
    }
}

#[actix_web::test]
async fn proxy_credentials_and_the_headers_mask_header_names_are_masked_in_the_journal() {
    let (_, app) = app_with(spaceport::app::Settings {
        mask_headers: vec!["x-team-secret".to_owned()],
        ..settings()
    })
    .await;
    let request = get("/v2/info")
        .insert_header(("Proxy-Authorization", "Basic dXNlcjpwYXNz"))
        .insert_header(("X-Team-Secret", "s3cret"))
        .insert_header(("X-Request-Id", "r-1"));

    send(&app, request).await;
    let journal = send(&app, get("/__spaceport/requests")).await;

    let headers = &journal.json()["requests"][0]["headers"];
    assert_eq!(headers["proxy-authorization"], "Basic ***", "{headers}");
    assert_eq!(headers["x-team-secret"], "***", "{headers}");
    assert_eq!(headers["x-request-id"], "r-1", "{headers}");
}
