//! Request bodies: the media types codegen can parse, one object schema for all of them, and the `x-spaceport-`
//! extensions that say how a vendor's server reads them.

use openapiv3::{ReferenceOr, RequestBody, SchemaKind as OaKind, Type as OaType};
use serde_json::Value;

use super::{Lowering, bool_extension, forms::FORM, type_name};
use crate::{error::Pointer, model::Body};

/// The body limit when a request body declares no `x-spaceport-max-bytes`.
pub const DEFAULT_MAX_BODY_BYTES: u64 = 1024 * 1024;

/// The media types a request body may declare.
const REQUEST_MEDIA: &[&str] = &["application/json", "application/xml", FORM];

impl<'a> Lowering<'a> {
    /// The operation's request body.
    pub(super) fn body(&mut self, pointer: &Pointer, body: &'a ReferenceOr<RequestBody>) -> Option<Body> {
        let body = self.resolve_body(pointer, body)?;
        let mut rust: Option<String> = None;
        let mut media = Vec::new();
        for (media_type, content) in &body.content {
            let at = pointer.at("content").at(media_type);
            if !REQUEST_MEDIA.contains(&media_type.as_str()) {
                self.errors.push(
                    &at,
                    format!(
                        "request media type `{media_type}` is not supported (supported: {})",
                        REQUEST_MEDIA.join(", ")
                    ),
                );
                continue;
            }
            let name = match &content.schema {
                Some(ReferenceOr::Reference { reference }) => self.ref_name(&at.at("schema"), reference, "schemas"),
                _ => {
                    self.errors.push(
                        &at.at("schema"),
                        "a request body schema must be a $ref to an object schema",
                    );
                    None
                }
            };
            let Some(name) = name else { continue };
            let is_object = self
                .component_schema(name)
                .is_some_and(|s| matches!(s.schema_kind, OaKind::Type(OaType::Object(_))));
            if !is_object {
                self.errors
                    .push(&at.at("schema"), format!("`{name}` is not an object component schema"));
                continue;
            }
            let component = name;
            let name = match self.strings_of(name) {
                Some(model) if media_type != "application/json" => type_name(model),
                Some(_) => {
                    self.errors.push(
                        &at.at("schema"),
                        format!(
                            "`{component}` gives a model's strings (`x-spaceport-strings-of`); JSON sends the model"
                        ),
                    );
                    continue;
                }
                None => type_name(name),
            };
            match &rust {
                Some(existing) if *existing != name => self.errors.push(
                    &at.at("schema"),
                    format!("every media type of a body must use one schema; found `{existing}` and `{name}`"),
                ),
                _ => rust = Some(name),
            }
            if media_type == FORM {
                self.form_encoding(&at, component, content);
            }
            media.push(media_type.clone());
        }
        let max_bytes = match body.extensions.get("x-spaceport-max-bytes") {
            None => DEFAULT_MAX_BODY_BYTES,
            Some(value) => value.as_u64().unwrap_or_else(|| {
                self.errors
                    .push(&pointer.at("x-spaceport-max-bytes"), "must be a positive integer");
                DEFAULT_MAX_BODY_BYTES
            }),
        };
        let wrapper = match body.extensions.get("x-spaceport-wrapper") {
            None => None,
            Some(Value::String(name)) => Some(name.clone()),
            Some(_) => {
                self.errors.push(&pointer.at("x-spaceport-wrapper"), "must be a string");
                None
            }
        };
        Some(Body {
            required: body.required,
            rust: rust?,
            media,
            ignore_content_type: bool_extension(&body.extensions, "x-spaceport-ignore-content-type"),
            max_bytes,
            wrapper,
            query_params: bool_extension(&body.extensions, "x-spaceport-query-params"),
        })
    }
}
