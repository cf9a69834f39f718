//! Check and lower: resolve every `$ref`, pick every Rust name, reject what codegen does not support, and turn an
//! `openapiv3::OpenAPI` into the [`crate::model`] types, route table included. Every problem is collected with
//! its JSON pointer; lowering goes on after one, so a broken spec reports everything at once.
//!
//! One file per part of the spec: [`names`] (the Rust names), `refs` (`$ref` resolution), `schemas`,
//! `operations` (with their parameters), `bodies`, `forms`, `security`, `responses` and `routes` (base paths, trailing
//! slashes and format suffixes resolved into actix patterns).

mod bodies;
mod forms;
pub mod names;
mod operations;
mod refs;
mod responses;
mod routes;
mod schemas;
mod security;

use std::collections::BTreeMap;

use indexmap::IndexMap;
use openapiv3::OpenAPI;
use serde_json::Value;

pub use self::{
    bodies::DEFAULT_MAX_BODY_BYTES,
    names::{field_name, type_name, variant_name},
};
use crate::{
    error::{ErrorStore, Pointer},
    model::Api,
};

/// Names the generated module declares beside the spec's types, which no schema or operation may take: its
/// enums and the runtime's alias ([`names::RUNTIME_ALIAS`]).
const RESERVED_TYPES: &[&str] = &["Operation", "Scheme", names::RUNTIME_ALIAS];

/// Lowers one parsed spec. `file` names it in problems and in the generated header.
pub fn lower(file: &str, stem: &str, spec: &OpenAPI) -> Result<Api, crate::Error> {
    let mut lowering = Lowering {
        spec,
        errors: ErrorStore::new(file),
    };
    let api = lowering.api(file, stem);
    lowering.errors.finish(api)
}

/// The state of one lowering: the spec and the problems found so far.
pub(crate) struct Lowering<'a> {
    pub(crate) spec: &'a OpenAPI,
    pub(crate) errors: ErrorStore,
}

/// Checks that no two wire names in one scope become the same Rust name. The documented rule: a clash is an error
/// naming both wire names, to be fixed in the spec.
pub(crate) fn check_unique<'n>(
    errors: &mut ErrorStore,
    pointer: &Pointer,
    what: &str,
    names: impl IntoIterator<Item = (&'n str, &'n str)>,
) {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for (wire, rust) in names {
        if let Some(first) = seen.insert(rust, wire) {
            errors.push(
                pointer,
                format!("{what} `{first}` and `{wire}` both become `{rust}` in Rust; rename one of them"),
            );
        }
    }
}

/// A boolean `x-` extension, false when absent.
pub(crate) fn bool_extension(extensions: &IndexMap<String, Value>, key: &str) -> bool {
    extensions.get(key).and_then(Value::as_bool).unwrap_or(false)
}

impl Lowering<'_> {
    fn api(&mut self, file: &str, stem: &str) -> Api {
        let root = Pointer::root();
        if !self.spec.openapi.starts_with("3.0.") {
            self.errors.push(
                &root.at("openapi"),
                format!("version {} is not 3.0.x", self.spec.openapi),
            );
        }
        let media_type_parameters = match self.spec.extensions.get("x-spaceport-media-type-parameters") {
            None => String::new(),
            Some(Value::String(parameters)) => parameters.clone(),
            Some(_) => {
                self.errors
                    .push(&root.at("x-spaceport-media-type-parameters"), "must be a string");
                String::new()
            }
        };
        let schemas = self.schemas();
        let schemes = self.schemes();
        let security = self.root_security(&schemes);
        let operations = self.operations(&schemes, security.as_ref());
        self.check_names(&schemas, &operations);
        let routes = self.routes(&operations);
        Api {
            stem: stem.to_owned(),
            trait_name: format!("{}Api", type_name(stem)),
            file: file.to_owned(),
            title: self.spec.info.title.clone(),
            media_type_parameters,
            schemas,
            schemes,
            security,
            operations,
            resources: routes.resources,
            path_prefixes: routes.prefixes,
            base_paths: routes.base_paths,
            format_suffixes: routes.suffixes,
        }
    }

    /// No two operations share a method name, and no two types (schemas, operation types, the generated enums)
    /// share a name.
    fn check_names(&mut self, schemas: &[crate::model::Schema], operations: &[crate::model::Operation]) {
        let root = Pointer::root();
        let mut methods: Vec<(&str, &str)> = operations
            .iter()
            .map(|op| (op.id.as_str(), op.method_name.as_str()))
            .collect();
        methods.push(("(reserved)", "reject"));
        check_unique(&mut self.errors, &root.at("paths"), "operationIds", methods);
        let mut types: Vec<(&str, &str)> = RESERVED_TYPES.iter().map(|name| ("(reserved)", *name)).collect();
        types.extend(schemas.iter().map(|s| (s.wire.as_str(), s.rust.as_str())));
        let stems: Vec<(String, String)> = operations
            .iter()
            .flat_map(|op| {
                ["Request", "Response", "Path", "Query", "Headers"]
                    .iter()
                    .map(|suffix| (op.id.clone(), format!("{}{suffix}", op.type_stem)))
                    .collect::<Vec<_>>()
            })
            .collect();
        types.extend(stems.iter().map(|(wire, rust)| (wire.as_str(), rust.as_str())));
        check_unique(&mut self.errors, &root.at("components").at("schemas"), "names", types);
    }
}

#[cfg(test)]
mod tests;
