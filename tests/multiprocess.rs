//! Two spaceport processes on one PostgreSQL database serve one world: what one creates the other reads and lists,
//! and a 16-way race for one name, split across both, has exactly one winner, for each rule the database holds (a
//! CF space name in its organization, a CF organization name, an Assembla wiki name), with one audit event. And
//! several processes started at once on an empty database all start, the fixtures stored once.
//!
//! Needs a database: `SPACEPORT_TEST_DATABASE_URL` names it, and CI's `postgres` step runs this with `--ignored`.
//! The first test resets the world first, so the database may hold an earlier run's; the second makes a database
//! of its own and drops it.

mod process;

use std::{sync::Barrier, thread};

use process::{ORG, send, start};
use serde_json::Value;

/// How many clients race for each name.
const RACERS: usize = 16;

/// `run(0)` … `run(threads - 1)`, each on a thread of its own, released together by a barrier; their results in
/// order.
fn at_once<T: Send>(threads: usize, run: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let start = Barrier::new(threads);
    thread::scope(|scope| {
        let runners: Vec<_> = (0..threads)
            .map(|i| {
                let (start, run) = (&start, &run);
                scope.spawn(move || {
                    start.wait();
                    run(i)
                })
            })
            .collect();
        runners
            .into_iter()
            .map(|runner| runner.join().expect("a runner"))
            .collect()
    })
}

/// `RACERS` clients, alternating between `bases`, each sending `body` to `path` at once; their statuses and
/// bodies.
fn race(bases: &[String; 2], path: &str, content_type: &str, body: &str) -> Vec<(u16, Value)> {
    at_once(RACERS, |i| {
        send(&bases[i % 2], "POST", path, content_type, body).expect("an answer")
    })
}

/// The one winner of `replies` (a 201) and the losers' answers, each asserted to be `lost`'s status and `code`.
fn one_winner(replies: &[(u16, Value)], lost: u16, check: impl Fn(&Value)) -> Value {
    let winners: Vec<&Value> = replies
        .iter()
        .filter(|(status, _)| *status == 201)
        .map(|(_, body)| body)
        .collect();
    assert_eq!(winners.len(), 1, "exactly one winner: {replies:?}");
    for (status, body) in replies.iter().filter(|(status, _)| *status != 201) {
        assert_eq!(*status, lost, "{body}");
        check(body);
    }
    winners[0].clone()
}

#[test]
#[ignore = "needs PostgreSQL: SPACEPORT_TEST_DATABASE_URL; CI's postgres step runs it"]
fn two_processes_on_one_database_serve_one_world() {
    let url = std::env::var("SPACEPORT_TEST_DATABASE_URL").expect("SPACEPORT_TEST_DATABASE_URL names a database");
    let (mut first, a) = start(&["--database-url", &url]);
    let (mut second, b) = start(&["--database-url", &url]);
    let json = "application/json";
    assert_eq!(
        send(&a, "POST", "/__spaceport/reset", json, "").map(|(s, _)| s),
        Some(204)
    );

    let body = format!(r#"{{"name":"shared","organization_guid":"{ORG}"}}"#);
    let (status, created) = send(&a, "POST", "/v2/spaces", json, &body).expect("created through one");
    assert_eq!(status, 201, "{created}");
    let guid = created["metadata"]["guid"].as_str().expect("a guid");
    let (status, read) = send(&b, "GET", &format!("/v2/spaces/{guid}"), json, "").expect("read through the other");
    assert_eq!((status, &read["entity"]["name"]), (200, &Value::from("shared")));
    let (status, listed) = send(&b, "GET", "/v2/spaces?q=name:shared", json, "").expect("listed");
    assert_eq!((status, &listed["total_results"]), (200, &Value::from(1)));
    assert_eq!(listed["resources"][0]["metadata"]["guid"], Value::from(guid));

    let bases = [a.clone(), b.clone()];
    let space = format!(r#"{{"name":"Race","organization_guid":"{ORG}"}}"#);
    let won = one_winner(&race(&bases, "/v2/spaces", json, &space), 400, |body| {
        assert_eq!(
            (&body["error_code"], &body["code"]),
            (&Value::from("CF-SpaceNameTaken"), &Value::from(40002))
        );
    });
    let winner = won["metadata"]["guid"].as_str().expect("a guid");
    let (_, events) = send(&b, "GET", "/v2/events?q=type:audit.space.create", json, "").expect("events");
    let for_race: Vec<&Value> = events["resources"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|event| event["entity"]["actee_name"] == "Race")
        .collect();
    assert_eq!(for_race.len(), 1, "one audit event for the one space: {events}");
    assert_eq!(for_race[0]["entity"]["actee"], Value::from(winner));

    one_winner(
        &race(&bases, "/v2/organizations", json, r#"{"name":"race-org"}"#),
        400,
        |body| {
            assert_eq!(body["error_code"], Value::from("CF-OrganizationNameTaken"));
        },
    );

    let form = "application/x-www-form-urlencoded";
    let wiki = "space[name]=racing&space[wiki_name]=race-wiki";
    let won = one_winner(&race(&bases, "/v1/spaces.json", form, wiki), 422, |body| {
        assert_eq!(body["wiki_name"][0], Value::from("has already been taken"), "{body}");
    });
    let (status, by_wiki) = send(&a, "GET", "/v1/spaces/race-wiki.json", json, "").expect("read by wiki name");
    assert_eq!((status, &by_wiki["id"]), (200, &won["id"]));

    for child in [&mut first, &mut second] {
        child.kill().expect("stopped");
        let _ = child.wait();
    }
}

/// How many processes start at once on an empty database.
const STARTERS: usize = 4;

/// Runs each statement of `statements` on its own (`CREATE` and `DROP DATABASE` refuse a transaction) on the
/// database `url` names, on a runtime of its own.
fn on_database(url: &str, statements: &[&str]) {
    actix_web::rt::System::new().block_on(async {
        let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
            .await
            .expect("the database answers");
        actix_web::rt::spawn(connection);
        for statement in statements {
            client.batch_execute(statement).await.expect("the statement runs");
        }
    });
}

#[test]
#[ignore = "needs PostgreSQL: SPACEPORT_TEST_DATABASE_URL; CI's postgres step runs it"]
fn processes_started_at_once_on_an_empty_database_store_the_fixtures_once() {
    let url = std::env::var("SPACEPORT_TEST_DATABASE_URL").expect("SPACEPORT_TEST_DATABASE_URL names a database");
    let (server, _) = url.rsplit_once('/').expect("a URL with a database name");
    let name = format!("spaceport_starts_{}", std::process::id());
    on_database(
        &url,
        &[
            &format!("DROP DATABASE IF EXISTS {name}"),
            &format!("CREATE DATABASE {name}"),
        ],
    );
    let empty = format!("{server}/{name}");

    let mut started = at_once(STARTERS, |_| start(&["--database-url", empty.as_str()]));
    let json = "application/json";
    let (status, organizations) = send(&started[0].1, "GET", "/v2/organizations", json, "").expect("listed");
    let (_, state) = send(&started[STARTERS - 1].1, "GET", "/__spaceport/state", json, "").expect("exported");
    for (child, _) in &mut started {
        child.kill().expect("stopped");
        let _ = child.wait();
    }
    on_database(&url, &[&format!("DROP DATABASE {name} WITH (FORCE)")]);

    assert_eq!(
        (status, &organizations["total_results"]),
        (200, &Value::from(1)),
        "{organizations}"
    );
    assert_eq!(organizations["resources"][0]["metadata"]["guid"], Value::from(ORG));
    assert_eq!(
        state["cloud_foundry"]["users"].as_array().map(Vec::len),
        Some(2),
        "{state}"
    );
    assert_eq!(
        state["onezone"]["providers"].as_array().map(Vec::len),
        Some(1),
        "{state}"
    );
    assert_eq!(
        state["assembla"]["api_keys"].as_array().map(Vec::len),
        Some(1),
        "{state}"
    );
}
