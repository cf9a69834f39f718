//! `$ref` resolution: every reference must point into `#/components/<section>/` at an inline definition, and a
//! dangling one is a problem at the pointer of the reference.

use indexmap::IndexMap;
use openapiv3::{Components, Parameter, ReferenceOr, RequestBody, Response, Schema};

use super::Lowering;
use crate::error::Pointer;

/// A schema position: a reference to a named schema or an inline schema.
pub(crate) enum Node<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for Node<'a> {
    fn from(value: &'a ReferenceOr<Schema>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(item) => Node::Item(item),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for Node<'a> {
    fn from(value: &'a ReferenceOr<Box<Schema>>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(item) => Node::Item(item),
        }
    }
}

impl<'a> Lowering<'a> {
    /// The inline component schema called `name`.
    pub(crate) fn component_schema(&self, name: &str) -> Option<&'a Schema> {
        self.spec
            .components
            .as_ref()
            .and_then(|c| c.schemas.get(name))
            .and_then(ReferenceOr::as_item)
    }

    /// Resolves `#/components/<section>/<name>` to `<name>`.
    pub(crate) fn ref_name<'r>(&mut self, pointer: &Pointer, reference: &'r str, section: &str) -> Option<&'r str> {
        let prefix = format!("#/components/{section}/");
        match reference.strip_prefix(&prefix) {
            Some(name) => Some(name),
            None => {
                self.errors
                    .push(pointer, format!("`{reference}` is not a reference into {prefix}"));
                None
            }
        }
    }

    /// A parameter, inline or from `components.parameters`.
    pub(crate) fn resolve_parameter(
        &mut self,
        pointer: &Pointer,
        parameter: &'a ReferenceOr<Parameter>,
    ) -> Option<&'a Parameter> {
        self.resolve(pointer, parameter, "parameters", "parameter", |c| &c.parameters)
    }

    /// A request body, inline or from `components.requestBodies`.
    pub(crate) fn resolve_body(
        &mut self,
        pointer: &Pointer,
        body: &'a ReferenceOr<RequestBody>,
    ) -> Option<&'a RequestBody> {
        self.resolve(pointer, body, "requestBodies", "request body", |c| &c.request_bodies)
    }

    /// A response, inline or from `components.responses`.
    pub(crate) fn resolve_response(
        &mut self,
        pointer: &Pointer,
        response: &'a ReferenceOr<Response>,
    ) -> Option<&'a Response> {
        self.resolve(pointer, response, "responses", "response", |c| &c.responses)
    }

    /// An item, inline or an inline definition in `components.<section>`.
    fn resolve<T>(
        &mut self,
        pointer: &Pointer,
        item: &'a ReferenceOr<T>,
        section: &str,
        what: &str,
        definitions: impl FnOnce(&'a Components) -> &'a IndexMap<String, ReferenceOr<T>>,
    ) -> Option<&'a T> {
        let reference = match item {
            ReferenceOr::Item(item) => return Some(item),
            ReferenceOr::Reference { reference } => reference,
        };
        let name = self.ref_name(pointer, reference, section)?;
        let found = self
            .spec
            .components
            .as_ref()
            .map(definitions)
            .and_then(|definitions| definitions.get(name))
            .and_then(ReferenceOr::as_item);
        if found.is_none() {
            self.errors
                .push(pointer, format!("`{reference}` names no inline component {what}"));
        }
        found
    }
}
