//! Every generated model, rendered by schemars with its OpenAPI 3 settings, must equal its hand-written
//! `components.schemas` entry after normalisation: a serde or `Option` mistake in codegen changes what the server
//! accepts, and this is where it shows.

use schemars::generate::SchemaSettings;
use serde_json::{Map, Value};
use spaceport::{generated, specs::SPECS};

/// Keys that document rather than constrain; they are compared by the spec linters, not here.
const DOCUMENTATION: &[&str] = &[
    "title",
    "description",
    "example",
    "examples",
    "default",
    "xml",
    "$schema",
];

fn normalise(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for key in DOCUMENTATION {
                map.remove(*key);
            }
            // Vendor extensions tell codegen how to read the wire; they are not schema keywords.
            map.retain(|key, _| !key.starts_with("x-"));
            map.remove("components");
            // `additionalProperties: true` is JSON Schema's default; schemars writes it for free-form maps.
            if map.get("additionalProperties") == Some(&Value::Bool(true)) {
                map.remove("additionalProperties");
            }
            if let Some(Value::String(format)) = map.get("format")
                && ["int32", "int64", "uint", "uint32", "uint64", "float", "double"].contains(&format.as_str())
            {
                map.remove("format");
            }
            if let Some(Value::Array(required)) = map.get_mut("required") {
                required.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
            }
            for child in map.values_mut() {
                normalise(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(normalise),
        _ => {}
    }
}

fn drift_of(stem: &str, rendered: Vec<(&'static str, schemars::Schema)>) -> Vec<String> {
    let spec = SPECS.iter().find(|s| s.stem == stem).expect("the spec is embedded");
    let document = spec.document().expect("the embedded spec is valid YAML");
    let mut written = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_else(Map::new);
    // A form schema (`x-spaceport-strings-of`) says how a form sends a model's fields; it is no model of its own.
    written.retain(|_, schema| schema.get("x-spaceport-strings-of").is_none());
    let mut problems = Vec::new();
    assert_eq!(
        rendered.len(),
        written.len(),
        "{stem}: one generated model per component schema (form schemas aside)"
    );
    for (name, schema) in rendered {
        let mut generated = schema.to_value();
        normalise(&mut generated);
        let mut expected = written.get(name).cloned().unwrap_or(Value::Null);
        normalise(&mut expected);
        if generated != expected {
            problems.push(format!(
                "{stem}: {name}\n  spec:      {expected}\n  generated: {generated}"
            ));
        }
    }
    problems
}

#[test]
fn cloud_foundry_models_match_their_component_schemas() {
    let mut generator = SchemaSettings::openapi3().into_generator();
    let problems = drift_of(
        "cloud_foundry",
        generated::cloud_foundry::component_schemas(&mut generator),
    );
    assert!(problems.is_empty(), "schema drift:\n{}", problems.join("\n"));
}

#[test]
fn onezone_models_match_their_component_schemas() {
    let mut generator = SchemaSettings::openapi3().into_generator();
    let problems = drift_of("onezone", generated::onezone::component_schemas(&mut generator));
    assert!(problems.is_empty(), "schema drift:\n{}", problems.join("\n"));
}

#[test]
fn assembla_models_match_their_component_schemas() {
    let mut generator = SchemaSettings::openapi3().into_generator();
    let problems = drift_of("assembla", generated::assembla::component_schemas(&mut generator));
    assert!(problems.is_empty(), "schema drift:\n{}", problems.join("\n"));
}

#[test]
fn control_models_match_their_component_schemas() {
    let mut generator = SchemaSettings::openapi3().into_generator();
    let problems = drift_of("control", generated::control::component_schemas(&mut generator));
    assert!(problems.is_empty(), "schema drift:\n{}", problems.join("\n"));
}
