//! The spec's `q` patterns say what the server does: on every list that reads `q`, a value the pattern refuses is
//! 400 `CF-BadQueryParameter`, and (but for event timestamps, whose values the pattern leaves open) a value it
//! admits is 200. Values are drawn from the grammar's own tokens, so both sides come up often.

use actix_web::test::TestRequest;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use proptest::{
    collection::vec,
    sample::select,
    strategy::{Strategy, ValueTree},
    test_runner::TestRunner,
};
use regex::Regex;
use serde_json::Value;
use spaceport::specs::SPECS;

use super::authed;
use crate::support::{app_with, send, settings};

/// Each list that reads `q`, the parameter component that declares it, and whether the pattern is exact.
const LISTS: &[(&str, &str, bool)] = &[
    ("/v2/spaces", "QSpaces", true),
    ("/v2/organizations", "QOrganizations", true),
    ("/v2/quota_definitions", "QQuotaDefinitions", true),
    ("/v2/events", "QEvents", false),
];

/// The pattern of a `q` parameter component.
fn pattern(component: &str) -> Regex {
    let spec = SPECS.iter().find(|s| s.stem == "cloud_foundry").expect("the CF spec");
    let document = spec.document().expect("valid YAML");
    let at = format!("/components/parameters/{component}/schema/items/pattern");
    Regex::new(document.pointer(&at).and_then(Value::as_str).expect("a pattern")).expect("it compiles")
}

/// `count` values made of the grammar's tokens: keys (known and not), operators, separators and operands.
fn values(count: usize) -> Vec<String> {
    let tokens = select(vec![
        "name",
        "organization_guid",
        "status",
        "type",
        "timestamp",
        "color",
        ":",
        ">=",
        "<=",
        "<",
        ">",
        " IN ",
        "IN",
        ";",
        ";;",
        ",",
        "a",
        " ",
        "2020-01-01T00:00:00Z",
        "\u{16}",
        "é",
    ]);
    let strategy = vec(tokens, 0..7).prop_map(|parts| parts.concat());
    let mut runner = TestRunner::deterministic();
    (0..count)
        .map(|_| strategy.new_tree(&mut runner).expect("a value").current())
        .collect()
}

#[actix_web::test]
async fn every_q_value_the_pattern_refuses_is_400_and_every_one_it_admits_is_200() {
    let (_, app) = app_with(settings()).await;
    let values = values(400);
    for (path, component, exact) in LISTS {
        let pattern = pattern(component);
        let (mut admitted, mut refused) = (0, 0);
        for value in &values {
            let uri = format!("{path}?q={}", utf8_percent_encode(value, NON_ALPHANUMERIC));

            let reply = send(&app, authed(TestRequest::get().uri(&uri))).await;

            if pattern.is_match(value) {
                admitted += 1;
                if *exact {
                    assert_eq!(reply.status, 200, "{path} q={value:?} matches the pattern");
                }
            } else {
                refused += 1;
                assert_eq!(reply.status, 400, "{path} q={value:?} does not match the pattern");
                assert_eq!(reply.json()["error_code"], "CF-BadQueryParameter", "{path} q={value:?}");
            }
        }
        assert!(
            admitted > 40 && refused > 40,
            "{path}: {admitted} admitted, {refused} refused"
        );
    }
}
