//! `GET /metrics` on a real server: requests by API, operation and status, the latency histogram, open
//! connections, and the root world's records, in Prometheus' text format.

use spaceport::testing::TestServer;

use crate::support::{SEED_ORG, settings};

/// The value of the sample whose name and labels are `series` (as the text format writes them).
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

#[actix_web::test]
async fn metrics_count_requests_by_api_operation_and_status_and_the_stored_records() {
    let server = TestServer::start_with(settings()).expect("the server starts");
    let client = awc::Client::default();
    let url = |path: &str| format!("{}{path}", server.url());
    let scrape = || async {
        let mut reply = client.get(url("/metrics")).send().await.expect("answers");
        let body = reply.body().await.expect("a body").to_vec();
        (reply, String::from_utf8(body).expect("UTF-8"))
    };
    let (_, before) = scrape().await;
    let created = client
        .post(url("/v2/spaces"))
        .insert_header(("Authorization", "bearer spaceport-admin-token"))
        .send_body(format!(r#"{{"name":"counted","organization_guid":"{SEED_ORG}"}}"#))
        .await
        .expect("answers");
    let missing = client
        .get(url("/v2/spaces/no-such-guid"))
        .insert_header(("Authorization", "bearer spaceport-admin-token"))
        .send()
        .await
        .expect("answers");
    let unrouted = client.get(url("/v1/nowhere.json")).send().await.expect("answers");
    let tenant = client
        .get(url("/t/metrics-test/v1/spaces.json"))
        .insert_header(("Authorization", "Bearer t"))
        .send()
        .await
        .expect("answers");

    let (scraped, text) = scrape().await;

    assert_eq!(
        (
            created.status().as_u16(),
            missing.status().as_u16(),
            unrouted.status().as_u16()
        ),
        (201, 404, 404)
    );
    assert_eq!(tenant.status().as_u16(), 204);
    assert_eq!(scraped.status().as_u16(), 200);
    assert_eq!(
        scraped.headers().get("content-type").and_then(|v| v.to_str().ok()),
        Some("text/plain; version=0.0.4; charset=utf-8")
    );
    let count = |series: &str| sample(&text, series);
    assert_eq!(
        count(r#"spaceport_requests_total{api="cloud_foundry",operation="createSpace",status="201"}"#),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        count(r#"spaceport_requests_total{api="cloud_foundry",operation="getSpace",status="404"}"#),
        Some(1.0)
    );
    assert_eq!(
        count(r#"spaceport_requests_total{api="assembla",operation="none",status="404"}"#),
        Some(1.0)
    );
    assert_eq!(
        count(r#"spaceport_requests_total{api="assembla",operation="listSpaces",status="204"}"#),
        Some(1.0),
        "a tenant's request counts under its API"
    );
    assert_eq!(
        count(r#"spaceport_request_duration_seconds_count{api="cloud_foundry"}"#),
        Some(2.0)
    );
    assert_eq!(
        count(r#"spaceport_request_duration_seconds_bucket{api="cloud_foundry",le="+Inf"}"#),
        Some(2.0)
    );
    assert!(count("spaceport_connections").is_some_and(|open| open >= 1.0), "{text}");
    for kind in ["spaces", "events"] {
        let series = format!(r#"spaceport_records{{api="cloud_foundry",kind="{kind}"}}"#);
        let grown = count(&series)
            .zip(sample(&before, &series))
            .map(|(after, before)| after - before);
        assert_eq!(grown, Some(1.0), "{kind}: {text}");
    }
    assert_eq!(
        count(r#"spaceport_records{api="assembla",kind="spaces"}"#),
        Some(0.0),
        "the tenant's records are not the root's"
    );
}
