//! Responses: every documented status with its headers, its one body schema and the media types it is written
//! in, XML ones with the `x-spaceport-xml` style that says how.

use openapiv3::{MediaType, ReferenceOr, StatusCode};
use serde_json::Value;

use super::{Lowering, check_unique, field_name, names::status_constant, type_name, variant_name};
use crate::{
    error::Pointer,
    model::{Response, ResponseHeader, ResponseMedia, XmlStyle},
};

/// The media types a response body may declare.
pub(super) const RESPONSE_MEDIA: &[&str] = &["application/json", "application/xml"];

impl<'a> Lowering<'a> {
    /// The operation's documented responses, in spec order.
    pub(super) fn responses(&mut self, pointer: &Pointer, operation: &'a openapiv3::Operation) -> Vec<Response> {
        if operation.responses.default.is_some() {
            self.errors.push(
                &pointer.at("default"),
                "`default` responses are not supported; list each status",
            );
        }
        let mut out = Vec::new();
        for (status, response) in &operation.responses.responses {
            let at = pointer.at(status);
            let StatusCode::Code(code) = status else {
                self.errors
                    .push(&at, "status ranges are not supported; list each status");
                continue;
            };
            // openapiv3 reads only three-digit codes; the emitted `StatusCode` relies on it, so it is checked.
            if !(100..=999).contains(code) {
                self.errors.push(&at, "an HTTP status has three digits (100 to 999)");
                continue;
            }
            let Some(response) = self.resolve_response(&at, response) else {
                continue;
            };
            let mut headers = Vec::new();
            for (name, header) in &response.headers {
                let doc = match header {
                    ReferenceOr::Item(header) => header.description.clone(),
                    ReferenceOr::Reference { .. } => None,
                };
                headers.push(ResponseHeader {
                    wire: name.clone(),
                    rust: field_name(name),
                    doc,
                });
            }
            check_unique(
                &mut self.errors,
                &at.at("headers"),
                "headers",
                headers
                    .iter()
                    .map(|h| (h.wire.as_str(), h.rust.as_str()))
                    .chain([("(body)", "body")]),
            );
            let mut body: Option<String> = None;
            let mut media = Vec::new();
            for (media_type, content) in &response.content {
                let at_media = at.at("content").at(media_type);
                if !RESPONSE_MEDIA.contains(&media_type.as_str()) {
                    self.errors.push(
                        &at_media,
                        format!(
                            "response media type `{media_type}` is not supported ({})",
                            RESPONSE_MEDIA.join(", ")
                        ),
                    );
                    continue;
                }
                let name = match &content.schema {
                    Some(ReferenceOr::Reference { reference }) => self
                        .ref_name(&at_media.at("schema"), reference, "schemas")
                        .map(type_name),
                    _ => {
                        self.errors.push(
                            &at_media.at("schema"),
                            "a response schema must be a $ref to a component schema",
                        );
                        None
                    }
                };
                let Some(name) = name else { continue };
                match &body {
                    Some(existing) if *existing != name => self.errors.push(
                        &at_media.at("schema"),
                        format!("every media type of a response must use one schema; found `{existing}` and `{name}`"),
                    ),
                    _ => body = Some(name),
                }
                let xml = if media_type == "application/xml" {
                    self.xml_style(&at_media, content)
                } else {
                    None
                };
                media.push(ResponseMedia {
                    media: media_type.clone(),
                    xml,
                });
            }
            out.push(Response {
                status: *code,
                constant: status_constant(*code).map(str::to_owned),
                variant: variant_name(*code),
                doc: response.description.clone(),
                headers,
                body,
                media,
            });
        }
        if out.is_empty() {
            self.errors.push(pointer, "an operation needs at least one response");
        }
        out
    }

    /// `x-spaceport-xml` of an XML response: `{root, item?}` (Rails `to_xml`) or `{style: rails-errors}`.
    fn xml_style(&mut self, pointer: &Pointer, content: &MediaType) -> Option<XmlStyle> {
        let value = content.extensions.get("x-spaceport-xml");
        let text = |key: &str| {
            value
                .and_then(|v| v.get(key))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        match (text("style").as_deref(), text("root")) {
            (Some("rails-errors"), None) => Some(XmlStyle::RailsErrors),
            (None | Some("rails"), Some(root)) => Some(XmlStyle::Rails {
                root,
                item: text("item"),
            }),
            _ => {
                self.errors.push(
                    &pointer.at("x-spaceport-xml"),
                    "an XML response needs x-spaceport-xml: {root, item?} (Rails to_xml) or {style: rails-errors}",
                );
                None
            }
        }
    }
}
