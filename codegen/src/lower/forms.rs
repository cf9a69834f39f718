//! Form and XML bodies: the strings they send for an object's fields. A strings schema (`x-spaceport-strings-of:
//! <Model>`) declares what a form or untyped Rails XML sends for each field of a model (booleans as `true`/`1`,
//! integers as digits), so generators and fuzzers know it; it is no model of its own, and the runtime types the
//! strings by the model's shape. Every array property of a form declares the repeated-key encoding.

use openapiv3::{MediaType, ObjectType, QueryStyle, ReferenceOr, Schema, SchemaKind as OaKind, Type as OaType};

use super::Lowering;
use crate::error::Pointer;

/// The form media type.
pub(crate) const FORM: &str = "application/x-www-form-urlencoded";

/// The extension that makes a component schema the strings of a model.
const STRINGS_OF: &str = "x-spaceport-strings-of";

/// The object type of `schema`, if it is an object.
fn object(schema: &Schema) -> Option<&ObjectType> {
    match &schema.schema_kind {
        OaKind::Type(OaType::Object(object)) => Some(object),
        _ => None,
    }
}

/// Whether `schema` is what a form or untyped XML can send: a string, an integer or a boolean (sent as text), an
/// array of strings, or an `anyOf` of those (a list, or its single item: `tabs=a` is both).
fn sends_text(schema: &Schema) -> bool {
    let scalar = |schema: &Schema| {
        matches!(
            schema.schema_kind,
            OaKind::Type(OaType::String(_) | OaType::Integer(_) | OaType::Boolean(_))
        )
    };
    match &schema.schema_kind {
        // An item of any schema: whatever it was, it is sent as text.
        OaKind::Type(OaType::Array(array)) => {
            matches!(&array.items, Some(ReferenceOr::Item(item)) if scalar(item) || matches!(item.schema_kind, OaKind::Any(_)))
        }
        OaKind::AnyOf { any_of } => any_of
            .iter()
            .all(|member| matches!(member, ReferenceOr::Item(s) if sends_text(s))),
        _ => scalar(schema),
    }
}

/// Whether `schema` is an array, or an `anyOf` with an array among its members.
fn is_list(schema: &Schema) -> bool {
    match &schema.schema_kind {
        OaKind::Type(OaType::Array(_)) => true,
        OaKind::AnyOf { any_of } => any_of.iter().any(
            |member| matches!(member, ReferenceOr::Item(s) if matches!(s.schema_kind, OaKind::Type(OaType::Array(_)))),
        ),
        _ => false,
    }
}

impl<'a> Lowering<'a> {
    /// The model the component schema `name` gives the strings of, if it is a strings schema.
    pub(crate) fn strings_of(&self, name: &str) -> Option<&'a str> {
        self.component_schema(name)?
            .schema_data
            .extensions
            .get(STRINGS_OF)?
            .as_str()
    }

    /// Checks the strings schema `name` at `pointer` against its model: the same properties in the same order, the
    /// same `required`, and every value one that text can say.
    pub(crate) fn check_strings_schema(&mut self, pointer: &Pointer, name: &str) {
        let Some(model) = self.strings_of(name) else {
            return;
        };
        let (Some(form), Some(target)) = (self.component_schema(name), self.component_schema(model)) else {
            self.errors
                .push(&pointer.at(STRINGS_OF), format!("`{model}` names no component schema"));
            return;
        };
        let (Some(object), Some(target)) = (object(form), object(target)) else {
            self.errors.push(
                pointer,
                format!("a strings schema and its model `{model}` must both be objects"),
            );
            return;
        };
        if !object.properties.keys().eq(target.properties.keys()) || object.required != target.required {
            self.errors.push(
                pointer,
                format!("a strings schema must have the properties and `required` of its model `{model}`, in order"),
            );
        }
        for (field, property) in &object.properties {
            if !matches!(property, ReferenceOr::Item(schema) if sends_text(schema)) {
                self.errors.push(
                    &pointer.at("properties").at(field),
                    "a strings schema declares what text can say: a string, an integer, a boolean, an array of those, or an `anyOf`",
                );
            }
        }
    }

    /// A form body's `encoding`: every array property of `schema` declares `style: form, explode: true` (the
    /// repeated key, `tabs=a&tabs=b`, which the runtime reads beside Rails' `tabs[]=a`), and nothing else is
    /// declared.
    pub(crate) fn form_encoding(&mut self, at: &Pointer, schema: &str, content: &MediaType) {
        let lists: Vec<&str> = self
            .component_schema(schema)
            .and_then(object)
            .into_iter()
            .flat_map(|object| &object.properties)
            .filter(|(_, property)| matches!(property, ReferenceOr::Item(p) if is_list(p)))
            .map(|(name, _)| name.as_str())
            .collect();
        for (property, encoding) in &content.encoding {
            let here = at.at("encoding").at(property);
            if !lists.contains(&property.as_str()) {
                self.errors
                    .push(&here, format!("`{property}` is no array property of `{schema}`"));
            } else if !matches!(encoding.style, Some(QueryStyle::Form)) || !encoding.explode {
                self.errors.push(
                    &here,
                    "only `style: form, explode: true` (the repeated key) is supported",
                );
            }
        }
        for list in lists {
            if !content.encoding.contains_key(list) {
                self.errors.push(
                    &at.at("encoding"),
                    format!("array property `{list}` needs an encoding: `style: form, explode: true`"),
                );
            }
        }
    }
}
