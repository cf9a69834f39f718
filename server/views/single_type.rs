//! The rules that leave each operation one success type and one error type, as progenitor requires
//! (progenitor#344): its responses are typed (`application/json`), raw (any other content) or empty, and all the
//! success answers of an operation, like all its error answers, must be of one kind and one schema.

use serde_json::{Map, Value, json};

use super::document::{Pointer, is_success, object_mut, operations, resolve};

/// Success or error answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// `2XX`.
    Success,
    /// Everything else.
    Error,
}

impl Class {
    fn holds(self, status: &str) -> bool {
        is_success(status) == (self == Class::Success)
    }

    fn suffix(self) -> &'static str {
        match self {
            Class::Success => "Success",
            Class::Error => "Error",
        }
    }
}

/// How a generator that takes one type per class sees a response.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    /// JSON, with this schema.
    Typed(Value),
    /// Some other content.
    Raw,
    /// No content.
    Empty,
}

/// One response of an operation: its status, where it sits in the operation, and what it resolves to.
struct Answer {
    status: String,
    at: Pointer,
    response: Value,
}

impl Answer {
    fn kind(&self) -> Kind {
        let content = self.response.get("content").and_then(Value::as_object);
        let json = content.and_then(|content| {
            content
                .iter()
                .find(|(media, _)| *media == "application/json" || media.starts_with("application/json;"))
        });
        match (content, json) {
            (_, Some((_, media))) => Typed(media.get("schema").cloned().unwrap_or(Value::Null)),
            (Some(content), None) if !content.is_empty() => Kind::Raw,
            _ => Kind::Empty,
        }
    }
}

use Kind::Typed;

/// The answers of the operation at `operation` in `class`, resolved.
fn answers(document: &Value, operation: &Pointer, class: Class) -> Vec<Answer> {
    let responses_at = operation.at("responses");
    let Some(responses) = document.pointer(responses_at.as_str()).and_then(Value::as_object) else {
        return Vec::new();
    };
    responses
        .iter()
        .filter(|(status, _)| class.holds(status))
        .map(|(status, response)| Answer {
            status: status.clone(),
            at: responses_at.at(status),
            response: resolve(document, response).clone(),
        })
        .collect()
}

/// Puts `response` (a resolved copy, changed) in place of the operation's answer at `at`.
fn replace(document: &mut Value, at: &Pointer, response: Value) {
    if let Some(slot) = document.pointer_mut(at.as_str()) {
        *slot = response;
    }
}

/// [`super::Rule::BodylessErrorsLeftOut`].
pub fn bodyless_errors(document: &mut Value, record: &mut impl FnMut(Pointer)) {
    for operation in operations(document) {
        let errors = answers(document, &operation, Class::Error);
        if !errors.iter().any(|answer| matches!(answer.kind(), Typed(_))) {
            continue;
        }
        let responses_at = operation.at("responses");
        for answer in errors.iter().filter(|answer| answer.kind() == Kind::Empty) {
            if let Some(responses) = object_mut(document, &responses_at) {
                responses.shift_remove(&answer.status);
                record(answer.at.clone());
            }
        }
    }
}

/// [`super::Rule::ErrorUnion`] and [`super::Rule::SuccessUnion`].
pub fn union(document: &mut Value, class: Class, record: &mut impl FnMut(Pointer)) {
    for operation in operations(document) {
        let typed: Vec<(Answer, Value)> = answers(document, &operation, class)
            .into_iter()
            .filter_map(|answer| match answer.kind() {
                Typed(schema) => Some((answer, schema)),
                _ => None,
            })
            .collect();
        let mut schemas: Vec<Value> = Vec::new();
        for (_, schema) in &typed {
            if !schemas.contains(schema) {
                schemas.push(schema.clone());
            }
        }
        if schemas.len() < 2 {
            continue;
        }
        let Some(id) = document
            .pointer(operation.at("operationId").as_str())
            .and_then(Value::as_str)
        else {
            continue;
        };
        let mut chars = id.chars();
        let capital: String = chars.next().into_iter().flat_map(char::to_uppercase).collect();
        let mut name = format!("{capital}{}{}", chars.as_str(), class.suffix());
        while document
            .pointer(Pointer::to(["components", "schemas", &name]).as_str())
            .is_some()
        {
            name.push('_');
        }
        let Some(components) = document
            .as_object_mut()
            .map(|root| root.entry("components").or_insert_with(|| json!({})))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        let defined = components.entry("schemas").or_insert_with(|| json!({}));
        if let Some(defined) = defined.as_object_mut() {
            defined.insert(name.clone(), json!({ "oneOf": schemas }));
        }
        record(Pointer::to(["components", "schemas", &name]));
        let reference = json!({ "$ref": format!("#/components/schemas/{name}") });
        for (answer, _) in typed {
            let mut response = answer.response;
            if let Some(media) = response
                .pointer_mut("/content/application~1json")
                .and_then(Value::as_object_mut)
            {
                media.insert("schema".to_owned(), reference.clone());
            }
            replace(document, &answer.at, response);
            record(answer.at);
        }
    }
}

/// The name of a `$ref`'d schema, for a description.
fn schema_name(schema: &Value) -> Option<&str> {
    schema.get("$ref")?.as_str()?.rsplit('/').next()
}

/// [`super::Rule::MixedSuccessAsBytes`].
pub fn mixed_success(document: &mut Value, record: &mut impl FnMut(Pointer)) {
    for operation in operations(document) {
        let success = answers(document, &operation, Class::Success);
        let kinds: Vec<Kind> = success.iter().map(Answer::kind).collect();
        let empty = kinds.contains(&Kind::Empty);
        if !empty || kinds.iter().all(|kind| *kind == Kind::Empty) {
            continue;
        }
        for (answer, kind) in success.into_iter().zip(kinds) {
            let mut response = match answer.response {
                Value::Object(map) => map,
                _ => Map::new(),
            };
            let what = match &kind {
                Typed(schema) => match schema_name(schema) {
                    Some(name) => format!("JSON, the `{name}` schema"),
                    None => "JSON, as the full spec declares it".to_owned(),
                },
                Kind::Raw => "as the full spec declares them".to_owned(),
                Kind::Empty => "none".to_owned(),
            };
            let description = response.get("description").and_then(Value::as_str).unwrap_or_default();
            let description = format!("{description} The body's bytes: {what}.")
                .trim_start()
                .to_owned();
            response.insert("description".to_owned(), Value::String(description));
            response.insert(
                "content".to_owned(),
                json!({ "application/octet-stream": { "schema": { "type": "string", "format": "binary" } } }),
            );
            replace(document, &answer.at, Value::Object(response));
            record(answer.at);
        }
    }
}
