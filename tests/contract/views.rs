//! The client views: served beside each spec, different from it only where a documented rule says so, and shaped
//! as their generators need (checked here independently of the code that derives them).

use actix_web::test::TestRequest;
use serde_json::{Value, json};
use spaceport::{
    specs::SPECS,
    views::{self, Rule, View},
};

use crate::support::{app_with, send, settings};

/// Every pointer where `a` and `b` differ: a key on one side only, or unequal leaves.
fn differences(a: &Value, b: &Value, at: &views::Pointer, found: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (key, value) in x {
                match y.get(key) {
                    Some(other) => differences(value, other, &at.at(key), found),
                    None => found.push(at.at(key).to_string()),
                }
            }
            found.extend(
                y.keys()
                    .filter(|key| !x.contains_key(*key))
                    .map(|key| at.at(key).to_string()),
            );
        }
        _ if a != b => found.push(at.to_string()),
        _ => {}
    }
}

/// The differences between `full` and `view` that no change of `derived` accounts for.
fn unexplained(full: &Value, view: &Value, derived: &views::Derived) -> Vec<String> {
    let mut found = Vec::new();
    differences(full, view, &views::Pointer::default(), &mut found);
    found.retain(|pointer| !derived.changes.iter().any(|change| change.pointer.covers(pointer)));
    found
}

#[actix_web::test]
async fn every_view_is_served_and_differs_from_its_spec_only_where_a_rule_of_its_own_changed_it() {
    let (_, app) = app_with(settings()).await;
    for spec in SPECS {
        let full = spec.document().expect("valid YAML");
        for view in View::ALL {
            let derived = views::derive(&full, view);
            let uri = format!("/openapi/{}.{}.json", spec.stem, view.suffix());

            let reply = send(&app, TestRequest::get().uri(&uri)).await;

            assert_eq!(reply.status, 200, "{uri}");
            assert_eq!(reply.header("content-type"), Some("application/json"), "{uri}");
            assert_eq!(reply.json(), derived.document, "{uri}");
            assert_eq!(
                unexplained(&full, &derived.document, &derived),
                Vec::<String>::new(),
                "{uri}"
            );
            assert!(derived.changes.iter().all(|change| change.rule.in_view(view)), "{uri}");
            let description = derived.document["info"]["description"].as_str().unwrap_or_default();
            for rule in view.rules() {
                assert!(description.contains(rule.summary()), "{uri} does not state {rule:?}");
            }
        }
    }
}

#[test]
fn a_difference_no_rule_made_is_caught() {
    let full = SPECS[1].document().expect("valid YAML");
    let mut derived = views::derive(&full, View::Client);
    derived.document["paths"]["/v1/spaces"]["get"]["summary"] = json!("changed by hand");

    let found = unexplained(&full, &derived.document, &derived);

    assert_eq!(found, vec!["/paths/~1v1~1spaces/get/summary".to_owned()]);
}

/// `value`, or what its local `$ref` points to in `document`.
fn resolved(document: &Value, value: &Value) -> Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => document.pointer(&reference[1..]).cloned().unwrap_or(Value::Null),
        None => value.clone(),
    }
}

/// The media types of every request body and response of `document`, resolved, with where they sit.
fn media_types(document: &Value) -> Vec<(String, &'static str, Vec<String>)> {
    let resolve = |value: &Value| resolved(document, value);
    let keys = |value: &Value| -> Vec<String> {
        value["content"]
            .as_object()
            .map(|c| c.keys().cloned().collect())
            .unwrap_or_default()
    };
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().into_iter().flatten() {
        for (method, operation) in item.as_object().into_iter().flatten() {
            let Some(id) = operation.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            if let Some(body) = operation.get("requestBody") {
                found.push((format!("{method} {path} {id}"), "request", keys(&resolve(body))));
            }
            for (status, response) in operation["responses"].as_object().into_iter().flatten() {
                let class = if status.starts_with('2') { "success" } else { "error" };
                found.push((
                    format!("{method} {path} {id} {status}"),
                    class,
                    keys(&resolve(response)),
                ));
            }
        }
    }
    found
}

#[test]
fn the_client_views_send_json_where_json_is_accepted_and_never_mention_xml() {
    for spec in SPECS {
        let full = spec.document().expect("valid YAML");
        let view = views::derive(&full, View::Client).document;
        let before = media_types(&full);

        let after = media_types(&view);

        assert_eq!(
            before.len(),
            after.len(),
            "{}: no request or response is dropped",
            spec.stem
        );
        for ((at, class, old), (_, _, new)) in before.iter().zip(&after) {
            assert!(new.iter().all(|media| !media.contains("xml")), "{}: {at}", spec.stem);
            if *class == "request" && old.iter().any(|media| media == "application/json") {
                assert_eq!(new, &["application/json"], "{}: {at}", spec.stem);
            } else {
                let kept: Vec<&String> = old.iter().filter(|media| !media.contains("xml")).collect();
                assert_eq!(new.iter().collect::<Vec<_>>(), kept, "{}: {at}", spec.stem);
            }
        }
    }
}

/// How progenitor sees a response's content: `application/json` with its schema, some other content, or none.
fn kind(document: &Value, at: &str) -> Value {
    let response = resolved(document, document.pointer(at).unwrap_or(&Value::Null));
    match response["content"].as_object() {
        Some(content) if content.contains_key("application/json") => content["application/json"]["schema"].clone(),
        Some(content) if !content.is_empty() => json!("raw"),
        _ => json!("none"),
    }
}

#[test]
fn the_progenitor_views_have_one_success_type_and_one_error_type_per_operation() {
    for spec in SPECS {
        let view = views::derive(&spec.document().expect("valid YAML"), View::Progenitor).document;
        for (path, item) in view["paths"].as_object().into_iter().flatten() {
            for (method, operation) in item.as_object().into_iter().flatten() {
                let Some(responses) = operation.get("responses").and_then(Value::as_object) else {
                    continue;
                };
                for success in [true, false] {
                    let mut kinds: Vec<Value> = Vec::new();
                    for status in responses.keys().filter(|status| status.starts_with('2') == success) {
                        let at = views::Pointer::to(["paths", path.as_str(), method.as_str(), "responses", status]);
                        let found = kind(&view, at.as_str());
                        if !kinds.contains(&found) {
                            kinds.push(found);
                        }
                    }
                    assert!(kinds.len() <= 1, "{}: {method} {path}: {kinds:?}", spec.stem);
                }
            }
        }
    }
}

#[test]
fn the_readme_lists_every_rule_as_the_views_state_it() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/generating-clients.md"))
        .expect("docs/generating-clients.md");
    let marker = "<!-- client view rules: kept equal to server/views by tests/contract/views.rs -->\n";
    let listed = readme
        .split_once(marker)
        .map(|(_, rest)| rest.split("\n\n").next().unwrap_or_default())
        .unwrap_or_else(|| panic!("docs/generating-clients.md has no `{marker}`"));

    let expected: Vec<String> = Rule::ALL
        .iter()
        .map(|rule| {
            let views: Vec<&str> = View::ALL
                .iter()
                .filter(|view| rule.in_view(**view))
                .map(|view| view.suffix())
                .collect();
            format!("- ({}) {}", views.join(", "), rule.summary())
        })
        .collect();

    assert_eq!(listed.lines().collect::<Vec<_>>(), expected);
}
