//! Two spaceport processes on one PostgreSQL database serve one world: what one creates the other reads and lists,
//! and a 16-way race for one name, split across both, has exactly one winner, for each rule the database holds (a
//! CF space name in its organization, a CF organization name, an Assembla wiki name), with one audit event.
//!
//! Needs a database: `SPACEPORT_TEST_DATABASE_URL` names it, and CI's `postgres` step runs this with `--ignored`.
//! The test resets the world first, so the database may hold an earlier run's.

mod process;

use std::{sync::Barrier, thread};

use process::{ORG, send, start};
use serde_json::Value;

/// How many clients race for each name.
const RACERS: usize = 16;

/// `RACERS` clients, alternating between `bases`, each sending `body` to `path` at once; their statuses and
/// bodies.
fn race(bases: &[String; 2], path: &str, content_type: &str, body: &str) -> Vec<(u16, Value)> {
    let start = Barrier::new(RACERS);
    thread::scope(|scope| {
        let racers: Vec<_> = (0..RACERS)
            .map(|i| {
                let (start, base) = (&start, &bases[i % 2]);
                scope.spawn(move || {
                    start.wait();
                    send(base, "POST", path, content_type, body).expect("an answer")
                })
            })
            .collect();
        racers.into_iter().map(|racer| racer.join().expect("a racer")).collect()
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
