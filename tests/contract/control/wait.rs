//! Waiting for requests: answered as soon as enough match, 408 with what matched at the timeout.

use std::time::{Duration, Instant};

use serde_json::json;

use super::{assert_problem, entries, get};
use crate::support::{Reply, app_with, send, serve, settings};

async fn fetch(client: &awc::Client, url: &str) -> Reply {
    let mut response = client.get(url).send().await.expect("the server answers");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response.body().await.expect("a body").to_vec();
    Reply { status, headers, bytes }
}

#[actix_web::test]
async fn a_wait_answers_once_the_awaited_request_arrives() {
    let (state, _) = app_with(settings()).await;
    let (address, server) = serve(&state);
    let base = format!("http://{address}");
    let client = awc::Client::builder().timeout(Duration::from_secs(30)).finish();

    let wait_url = format!("{base}/__spaceport/requests/wait?operation=getInfo&count=2&timeout_ms=20000");
    let waiting = fetch(&client, &wait_url);
    let sender = async {
        for _ in 0..2 {
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
            assert_eq!(fetch(&client, &format!("{base}/v2/info")).await.status, 200);
        }
    };
    let started = Instant::now();
    let (reply, ()) = futures_util::future::join(waiting, sender).await;

    assert!(
        started.elapsed() < Duration::from_secs(20),
        "it answered before its timeout"
    );
    let waited = entries(&reply);
    assert_eq!(
        waited.iter().map(|e| &e["operation"]).collect::<Vec<_>>(),
        [&json!("getInfo"), &json!("getInfo")]
    );
    server.stop(true).await;
}

#[actix_web::test]
async fn a_wait_that_times_out_is_408_with_what_matched() {
    let (_, app) = app_with(settings()).await;
    send(&app, get("/v2/info")).await;

    let reply = send(
        &app,
        get("/__spaceport/requests/wait?operation=getInfo&count=2&timeout_ms=50"),
    )
    .await;
    let none = send(
        &app,
        get("/__spaceport/requests/wait?operation=createSpace&timeout_ms=0"),
    )
    .await;
    let after = send(&app, get("/__spaceport/requests/wait?since=1&timeout_ms=0")).await;

    assert_eq!(reply.status, 408);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_eq!(reply.json()["requests"].as_array().map(Vec::len), Some(1));
    assert_eq!((none.status, none.json()), (408, json!({"requests": []})));
    assert_eq!(after.status, 408, "since skips what was there");
    assert_problem(
        &send(&app, get("/__spaceport/requests/wait?timeout_ms=60001")).await,
        400,
        "invalid_request",
        None,
    );
    assert_problem(
        &send(&app, get("/__spaceport/requests/wait?count=0")).await,
        400,
        "invalid_request",
        None,
    );
}
