//! Operations: their ids and names, the parameters shared by a path item and their own (by location), and the
//! path template each path parameter must appear in.

use openapiv3::{ArrayType, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, Type};

use super::{Lowering, bool_extension, check_unique, field_name, refs::Node, type_name};
use crate::{
    error::Pointer,
    model::{Field, Operation, Security, SecurityScheme},
};

/// Headers OpenAPI itself ignores as parameters: they are described by `securitySchemes` and `content`.
const IGNORED_HEADERS: &[&str] = &["authorization", "content-type", "accept"];

/// An operation's parameters by location.
#[derive(Default)]
struct Parameters {
    path: Vec<Field>,
    query: Vec<Field>,
    header: Vec<Field>,
}

impl<'a> Lowering<'a> {
    /// Every operation, in spec order.
    pub(super) fn operations(&mut self, schemes: &[SecurityScheme], root: Option<&Security>) -> Vec<Operation> {
        let mut out = Vec::new();
        let paths = Pointer::root().at("paths");
        let spec = self.spec;
        for (path, item) in spec.paths.iter() {
            let item_pointer = paths.at(path);
            let ReferenceOr::Item(item) = item else {
                self.errors.push(&item_pointer, "path items must be inline");
                continue;
            };
            for (method, operation) in item.iter() {
                let pointer = item_pointer.at(method);
                if let Some(op) = self.operation(&pointer, path, method, &item.parameters, operation, (schemes, root)) {
                    out.push(op);
                }
            }
        }
        out
    }

    fn operation(
        &mut self,
        pointer: &Pointer,
        path: &str,
        method: &str,
        shared: &'a [ReferenceOr<Parameter>],
        operation: &'a openapiv3::Operation,
        (schemes, root): (&[SecurityScheme], Option<&Security>),
    ) -> Option<Operation> {
        let Some(id) = operation.operation_id.clone() else {
            self.errors.push(pointer, "every operation needs an operationId");
            return None;
        };
        let parameters = self.parameters(pointer, path, shared, operation);
        self.check_template(pointer, path, &parameters.path);
        let body = match &operation.request_body {
            Some(body) => self.body(&pointer.at("requestBody"), body),
            None => None,
        };
        let security = self.operation_security(pointer, operation.security.as_ref(), schemes, root);
        let responses = self.responses(&pointer.at("responses"), operation);
        let doc = operation
            .summary
            .iter()
            .chain(operation.description.iter())
            .cloned()
            .collect();
        Some(Operation {
            method_name: field_name(&id),
            type_stem: type_name(&id),
            id,
            http_method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            doc,
            path_params: parameters.path,
            query_params: parameters.query,
            header_params: parameters.header,
            body,
            security,
            responses,
        })
    }

    /// The path item's parameters, then the operation's, sorted by location.
    fn parameters(
        &mut self,
        pointer: &Pointer,
        path: &str,
        shared: &'a [ReferenceOr<Parameter>],
        operation: &'a openapiv3::Operation,
    ) -> Parameters {
        let mut out = Parameters::default();
        let all = shared
            .iter()
            .enumerate()
            .map(|(i, p)| (Pointer::root().at("paths").at(path).at("parameters").at(i), p))
            .chain(
                operation
                    .parameters
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (pointer.at("parameters").at(i), p)),
            );
        for (at, parameter) in all {
            let Some(parameter) = self.resolve_parameter(&at, parameter) else {
                continue;
            };
            let data = parameter.parameter_data_ref();
            let ParameterSchemaOrContent::Schema(schema) = &data.format else {
                self.errors.push(&at, "parameters must use `schema`, not `content`");
                continue;
            };
            // `x-spaceport-handler-checks-items`: the items' `pattern` documents a grammar the handler checks itself,
            // to answer in the vendor's words (Cloud Foundry's `q` names the offending key); the glue leaves it.
            let handled = bool_extension(&data.extensions, HANDLER_CHECKS_ITEMS);
            let unchecked = handled.then(|| self.without_item_pattern(&at, schema)).flatten();
            let node = unchecked.as_ref().map_or_else(|| schema.into(), Node::from);
            let Some(field) = self.field(&at.at("schema"), &data.name, node, data.required) else {
                continue;
            };
            let field = Field {
                doc: data.description.clone().or(field.doc),
                ..field
            };
            match parameter {
                Parameter::Path { .. } => out.path.push(field),
                Parameter::Query { .. } => out.query.push(field),
                Parameter::Header { .. } if IGNORED_HEADERS.contains(&data.name.to_ascii_lowercase().as_str()) => {
                    self.errors.push(
                        &at,
                        format!(
                            "header parameter `{}` is ignored by OpenAPI; use securitySchemes or content",
                            data.name
                        ),
                    );
                }
                Parameter::Header { .. } => out.header.push(field),
                Parameter::Cookie { .. } => self.errors.push(&at, "cookie parameters are not supported"),
            }
        }
        for (what, params) in [("path", &out.path), ("query", &out.query), ("header", &out.header)] {
            check_unique(
                &mut self.errors,
                &pointer.at("parameters"),
                &format!("{what} parameters"),
                params.iter().map(|f| (f.wire.as_str(), f.rust.as_str())),
            );
        }
        out
    }

    /// Every `{name}` of the template has a required path parameter, and every path parameter is in it.
    fn check_template(&mut self, pointer: &Pointer, path: &str, params: &[Field]) {
        let names: Vec<&str> = path
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect();
        for name in &names {
            if !params.iter().any(|p| p.wire == *name) {
                self.errors.push(
                    pointer,
                    format!("path template names `{{{name}}}` but no path parameter declares it"),
                );
            }
        }
        for param in params {
            if !names.contains(&param.wire.as_str()) {
                self.errors.push(
                    pointer,
                    format!("path parameter `{}` is not in the path template", param.wire),
                );
            }
            if !param.required {
                self.errors
                    .push(pointer, format!("path parameter `{}` must be required", param.wire));
            }
        }
    }
}

/// The parameter extension that leaves an array's item `pattern` to the handler.
const HANDLER_CHECKS_ITEMS: &str = "x-spaceport-handler-checks-items";

impl Lowering<'_> {
    /// `schema`, an array of strings with a `pattern`, without that pattern (which must compile); `None`, and a
    /// problem, for any other schema.
    fn without_item_pattern(&mut self, at: &Pointer, schema: &ReferenceOr<Schema>) -> Option<ReferenceOr<Schema>> {
        let mut schema = schema.clone();
        let pattern = match &mut schema {
            ReferenceOr::Item(Schema {
                schema_kind:
                    SchemaKind::Type(Type::Array(ArrayType {
                        items: Some(ReferenceOr::Item(item)),
                        ..
                    })),
                ..
            }) => match &mut item.schema_kind {
                SchemaKind::Type(Type::String(string)) => string.pattern.take(),
                _ => None,
            },
            _ => None,
        };
        match pattern {
            Some(pattern) => {
                self.check_pattern(&at.at("schema").at("items").at("pattern"), &pattern);
                Some(schema)
            }
            None => {
                self.errors.push(
                    &at.at(HANDLER_CHECKS_ITEMS),
                    "only an array of strings whose items have a `pattern` can leave it to the handler",
                );
                None
            }
        }
    }
}
