//! The rules of the portable client view: JSON request bodies, no XML, and a description that says so.

use serde_json::Value;

use super::{
    View,
    document::{Pointer, definitions, object_mut},
};

const JSON: &str = "application/json";

/// Whether `media_type` is an XML one.
fn is_xml(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or(media_type).trim();
    essence == "application/xml" || essence == "text/xml" || essence.ends_with("+xml")
}

/// [`super::Rule::JsonRequestBodies`].
pub fn json_request_bodies(document: &mut Value, record: &mut impl FnMut(Pointer)) {
    for body in definitions(document, "requestBodies", "requestBody", false) {
        let content_at = body.at("content");
        let Some(content) = object_mut(document, &content_at) else {
            continue;
        };
        if !content.contains_key(JSON) || content.len() == 1 {
            continue;
        }
        let others: Vec<String> = content.keys().filter(|media| *media != JSON).cloned().collect();
        for media in others {
            content.shift_remove(&media);
            record(content_at.at(&media));
        }
    }
}

/// [`super::Rule::NoXml`].
pub fn no_xml(document: &mut Value, record: &mut impl FnMut(Pointer)) {
    for response in definitions(document, "responses", "responses", true) {
        let content_at = response.at("content");
        let Some(content) = object_mut(document, &content_at) else {
            continue;
        };
        let xml: Vec<String> = content.keys().filter(|media| is_xml(media)).cloned().collect();
        for media in xml {
            content.shift_remove(&media);
            record(content_at.at(&media));
        }
    }
}

/// [`super::Rule::Described`]: a paragraph ahead of the full spec's description.
pub fn describe(document: &mut Value, view: View, record: &mut impl FnMut(Pointer)) {
    let Some(info) = document.get_mut("info").and_then(Value::as_object_mut) else {
        return;
    };
    let rules: String = view
        .rules()
        .iter()
        .map(|rule| format!("\n- {}", rule.summary()))
        .collect();
    let paragraph = format!(
        "This is the **{} view** of the spec, for client generators, derived from the full spec \
         (`/openapi/<api>.json`) by these rules:{rules}\n\n",
        view.suffix()
    );
    let full = info.get("description").and_then(Value::as_str).unwrap_or_default();
    info.insert("description".to_owned(), Value::String(format!("{paragraph}{full}")));
    record(Pointer::to(["info", "description"]));
}
