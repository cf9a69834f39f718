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
use spaceport::{generated::cloud_foundry::Operation, specs::SPECS};

use super::authed;
use crate::support::{SEED_ORG, app_with, send, settings};

/// For an operation that reads `q`: the path it is tried at (`{org}` the seed's organization, `{space}` a space
/// made in it), the parameter component that declares `q`, and whether the pattern is exact. The match is exhaustive, so an operation added to the spec does not compile here
/// until it says whether it reads `q`.
fn reads_q(operation: Operation) -> Option<(&'static str, &'static str, bool)> {
    match operation {
        Operation::ListSpaces => Some(("/v2/spaces", "QSpaces", true)),
        Operation::ListOrganizations => Some(("/v2/organizations", "QOrganizations", true)),
        Operation::ListQuotaDefinitions => Some(("/v2/quota_definitions", "QQuotaDefinitions", true)),
        Operation::ListEvents => Some(("/v2/events", "QEvents", false)),
        Operation::ListOrganizationSpaces => Some(("/v2/organizations/{org}/spaces", "QSpaces", true)),
        Operation::ListSpaceEvents => Some(("/v2/spaces/{space}/events", "QEvents", false)),
        Operation::GetRoot
        | Operation::GetInfo
        | Operation::CreateToken
        | Operation::CreateOrganization
        | Operation::GetOrganization
        | Operation::UpdateOrganization
        | Operation::DeleteOrganization
        | Operation::ListOrganizationRelation
        | Operation::CreateSpace
        | Operation::GetSpace
        | Operation::UpdateSpace
        | Operation::DeleteSpace
        | Operation::ListSpaceRelation
        | Operation::GetQuotaDefinition
        | Operation::GetJob
        | Operation::GetEvent => None,
    }
}

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
    let space = super::make_space(&app, "q-grammar").await;
    for (template, component, exact) in Operation::ALL.iter().filter_map(|&operation| reads_q(operation)) {
        let path = template.replace("{org}", SEED_ORG).replace("{space}", &space);
        let pattern = pattern(component);
        let (mut admitted, mut refused) = (0, 0);
        for value in &values {
            let uri = format!("{path}?q={}", utf8_percent_encode(value, NON_ALPHANUMERIC));

            let reply = send(&app, authed(TestRequest::get().uri(&uri))).await;

            if pattern.is_match(value) {
                admitted += 1;
                if exact {
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
