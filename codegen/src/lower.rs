//! Check and lower: resolve every `$ref`, pick every Rust name, reject what codegen does not support, and turn an
//! `openapiv3::OpenAPI` into the [`crate::model`] types. Every problem is collected with its JSON pointer.

use std::collections::BTreeMap;

use heck::{ToSnakeCase, ToUpperCamelCase};
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, RequestBody,
    Response as OaResponse, Schema as OaSchema, SchemaKind as OaKind, SecurityRequirement, StatusCode, Type as OaType,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use crate::error::{ErrorStore, Pointer};
use crate::model::{
    Api, Body, Constraints, Field, Operation, Response, ResponseHeader, ResponseMedia, Schema, SchemaKind, SchemeKind,
    Security, SecurityScheme, Type, XmlStyle,
};

/// The body limit when a request body declares no `x-spaceport-max-bytes`.
pub const DEFAULT_MAX_BODY_BYTES: u64 = 1024 * 1024;

/// The media types a request body may declare.
const REQUEST_MEDIA: &[&str] = &[
    "application/json",
    "application/xml",
    "application/x-www-form-urlencoded",
];

/// The media types a response body may declare.
const RESPONSE_MEDIA: &[&str] = &["application/json", "application/xml"];

/// Rust keywords that get a trailing underscore when a wire name would produce them.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "box", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "yield",
];

/// Lowers one parsed spec. `file` names it in problems and in the generated header.
pub fn lower(file: &str, stem: &str, spec: &OpenAPI) -> Result<Api, crate::Error> {
    let mut lowering = Lowering {
        spec,
        errors: ErrorStore::new(file),
    };
    let api = lowering.api(file, stem);
    lowering.errors.finish(api)
}

struct Lowering<'a> {
    spec: &'a OpenAPI,
    errors: ErrorStore,
}

/// A schema position: a reference to a named schema or an inline schema.
enum Node<'a> {
    Ref(&'a str),
    Item(&'a OaSchema),
}

impl<'a> From<&'a ReferenceOr<OaSchema>> for Node<'a> {
    fn from(value: &'a ReferenceOr<OaSchema>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(item) => Node::Item(item),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<OaSchema>>> for Node<'a> {
    fn from(value: &'a ReferenceOr<Box<OaSchema>>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(item) => Node::Item(item),
        }
    }
}

/// The snake_case Rust name for a wire name: non-identifier characters become `_`, a leading digit gets `_`, and a
/// keyword gets a trailing `_` (`type` → `type_`).
pub fn field_name(wire: &str) -> String {
    let cleaned: String = wire
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let mut name = cleaned.to_snake_case();
    if name.is_empty() {
        name.push_str("field");
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// The PascalCase Rust name for a schema name, operation id or enum value.
pub fn type_name(wire: &str) -> String {
    let cleaned: String = wire
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let mut name = cleaned.to_upper_camel_case();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if name == "Self" {
        name.push('_');
    }
    name
}

/// The response variant for a status: its reason phrase in PascalCase, or `StatusNNN`.
pub fn variant_name(status: u16) -> String {
    let phrase = match status {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        206 => "PartialContent",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        415 => "UnsupportedMediaType",
        422 => "UnprocessableEntity",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        501 => "NotImplemented",
        503 => "ServiceUnavailable",
        _ => return format!("Status{status}"),
    };
    phrase.to_owned()
}

/// Checks that no two wire names in one scope become the same Rust name. The documented rule: a clash is an error
/// naming both wire names, to be fixed in the spec.
fn check_unique<'n>(
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

fn bool_extension(extensions: &IndexMap<String, Value>, key: &str) -> bool {
    extensions.get(key).and_then(Value::as_bool).unwrap_or(false)
}

impl<'a> Lowering<'a> {
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
        let operations = self.operations();
        let mut methods: Vec<(&str, &str)> = operations
            .iter()
            .map(|op| (op.id.as_str(), op.method_name.as_str()))
            .collect();
        methods.push(("(reserved)", "reject"));
        check_unique(&mut self.errors, &root.at("paths"), "operationIds", methods);
        let mut types: Vec<(&str, &str)> = schemas.iter().map(|s| (s.wire.as_str(), s.rust.as_str())).collect();
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
        let base_paths = self.base_paths();
        let format_suffixes = self.format_suffixes();
        Api {
            base_paths,
            format_suffixes,
            stem: stem.to_owned(),
            trait_name: format!("{}Api", type_name(stem)),
            file: file.to_owned(),
            title: self.spec.info.title.clone(),
            media_type_parameters,
            trailing_slash: bool_extension(&self.spec.extensions, "x-spaceport-trailing-slash"),
            schemas,
            operations,
        }
    }

    /// `x-spaceport-format-suffixes: {json: application/json, xml: application/xml}`.
    fn format_suffixes(&mut self) -> Vec<(String, String)> {
        let pointer = Pointer::root().at("x-spaceport-format-suffixes");
        match self.spec.extensions.get("x-spaceport-format-suffixes") {
            None => Vec::new(),
            Some(Value::Object(map)) => map
                .iter()
                .filter_map(|(suffix, media)| match media.as_str() {
                    Some(media) if RESPONSE_MEDIA.contains(&media) => Some((suffix.clone(), media.to_owned())),
                    _ => {
                        self.errors.push(
                            &pointer.at(suffix),
                            format!("must name a response media type ({})", RESPONSE_MEDIA.join(", ")),
                        );
                        None
                    }
                })
                .collect(),
            Some(_) => {
                self.errors.push(&pointer, "must map suffixes to media types");
                Vec::new()
            }
        }
    }

    /// The paths of the `servers` URLs; each must be relative (`/api/v3/onezone`, `/`).
    fn base_paths(&mut self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (index, server) in self.spec.servers.iter().enumerate() {
            if !server.url.starts_with('/') {
                self.errors.push(
                    &Pointer::root().at("servers").at(index).at("url"),
                    "server URLs must be relative paths (`/`, `/api/v3/onezone`)",
                );
                continue;
            }
            let base = server.url.trim_end_matches('/').to_owned();
            if !out.contains(&base) {
                out.push(base);
            }
        }
        if out.is_empty() {
            out.push(String::new());
        }
        out
    }

    fn component_schema(&self, name: &str) -> Option<&'a OaSchema> {
        self.spec
            .components
            .as_ref()
            .and_then(|c| c.schemas.get(name))
            .and_then(ReferenceOr::as_item)
    }

    /// Resolves `#/components/<section>/<name>` to `<name>`.
    fn ref_name<'r>(&mut self, pointer: &Pointer, reference: &'r str, section: &str) -> Option<&'r str> {
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

    fn schemas(&mut self) -> Vec<Schema> {
        let Some(components) = self.spec.components.as_ref() else {
            return Vec::new();
        };
        let base = Pointer::root().at("components").at("schemas");
        let mut out = Vec::new();
        for (name, schema) in &components.schemas {
            let pointer = base.at(name);
            let ReferenceOr::Item(schema) = schema else {
                self.errors
                    .push(&pointer, "a component schema must be defined inline, not as a $ref");
                continue;
            };
            if let Some(kind) = self.named_kind(&pointer, schema) {
                out.push(Schema {
                    rust: type_name(name),
                    wire: name.clone(),
                    doc: schema.schema_data.description.clone(),
                    kind,
                });
            }
        }
        out
    }

    fn named_kind(&mut self, pointer: &Pointer, schema: &OaSchema) -> Option<SchemaKind> {
        match &schema.schema_kind {
            OaKind::Type(OaType::Object(object))
                if object.properties.is_empty()
                    && matches!(object.additional_properties, Some(AdditionalProperties::Schema(_))) =>
            {
                let Some(AdditionalProperties::Schema(value)) = &object.additional_properties else {
                    return None;
                };
                let node: Node<'_> = match value.as_ref() {
                    ReferenceOr::Reference { reference } => Node::Ref(reference),
                    ReferenceOr::Item(item) => Node::Item(item),
                };
                let (value, _, _, _) = self.value_type(&pointer.at("additionalProperties"), node)?;
                Some(SchemaKind::Map { value })
            }
            OaKind::Type(OaType::Array(_)) => {
                let (ty, constraints, _, _) = self.value_type(pointer, Node::Item(schema))?;
                if !constraints.is_empty() {
                    self.errors
                        .push(pointer, "constraints on a named array schema are not supported");
                }
                match ty {
                    Type::Array(item) => Some(SchemaKind::Array { item: *item }),
                    _ => None,
                }
            }
            OaKind::Type(OaType::Object(object)) => {
                let mut fields = Vec::new();
                for required in &object.required {
                    if !object.properties.contains_key(required) {
                        self.errors.push(
                            &pointer.at("required"),
                            format!("`{required}` is required but is not a property"),
                        );
                    }
                }
                for (wire, property) in &object.properties {
                    let at = pointer.at("properties").at(wire);
                    if let Some(field) = self.field(&at, wire, property.into(), object.required.contains(wire)) {
                        fields.push(field);
                    }
                }
                check_unique(
                    &mut self.errors,
                    &pointer.at("properties"),
                    "properties",
                    fields.iter().map(|f| (f.wire.as_str(), f.rust.as_str())),
                );
                let deny_unknown = match &object.additional_properties {
                    None | Some(AdditionalProperties::Any(true)) => false,
                    Some(AdditionalProperties::Any(false)) => true,
                    Some(AdditionalProperties::Schema(_)) => {
                        self.errors.push(
                            &pointer.at("additionalProperties"),
                            "a schema here is only supported on objects without properties (maps)",
                        );
                        false
                    }
                };
                Some(SchemaKind::Object { fields, deny_unknown })
            }
            OaKind::Type(OaType::String(string)) if !string.enumeration.is_empty() => {
                let mut variants = Vec::new();
                for (index, value) in string.enumeration.iter().enumerate() {
                    match value {
                        Some(value) => variants.push((value.clone(), type_name(value))),
                        None => self
                            .errors
                            .push(&pointer.at("enum").at(index), "null is not supported in an enum"),
                    }
                }
                check_unique(
                    &mut self.errors,
                    &pointer.at("enum"),
                    "enum values",
                    variants.iter().map(|(wire, rust)| (wire.as_str(), rust.as_str())),
                );
                Some(SchemaKind::StringEnum { variants })
            }
            OaKind::AnyOf { any_of } => self.integer_or_digit_string(pointer, any_of),
            _ => {
                self.errors.push(
                    pointer,
                    "a component schema must be an object, a string enum, or an integer-or-digit-string anyOf",
                );
                None
            }
        }
    }

    /// The one `anyOf` codegen supports: an integer (with an optional `minimum`) or a string of decimal digits
    /// without a leading zero, in that order.
    fn integer_or_digit_string(&mut self, pointer: &Pointer, any_of: &[ReferenceOr<OaSchema>]) -> Option<SchemaKind> {
        let branches: Vec<&OaKind> = any_of
            .iter()
            .filter_map(ReferenceOr::as_item)
            .map(|schema| &schema.schema_kind)
            .collect();
        match branches.as_slice() {
            [
                OaKind::Type(OaType::Integer(integer)),
                OaKind::Type(OaType::String(string)),
            ] if any_of.len() == 2
                && integer.maximum.is_none()
                && !integer.exclusive_minimum
                && string.pattern.as_deref() == Some("^[1-9][0-9]*$") =>
            {
                Some(SchemaKind::IntegerOrDigitString {
                    minimum: integer.minimum,
                })
            }
            _ => {
                self.errors.push(
                    &pointer.at("anyOf"),
                    "the only anyOf supported is [{type: integer, minimum}, {type: string, pattern: '^[1-9][0-9]*$'}]",
                );
                None
            }
        }
    }

    fn field(&mut self, pointer: &Pointer, wire: &str, node: Node<'_>, required: bool) -> Option<Field> {
        let (ty, constraints, nullable, doc) = self.value_type(pointer, node)?;
        Some(Field {
            wire: wire.to_owned(),
            rust: field_name(wire),
            doc,
            ty,
            required,
            nullable,
            constraints,
        })
    }

    /// Lowers a property, item or parameter schema to a type, its constraints, `nullable` and its description.
    fn value_type(&mut self, pointer: &Pointer, node: Node<'_>) -> Option<(Type, Constraints, bool, Option<String>)> {
        let schema = match node {
            Node::Ref(reference) => {
                let name = self.ref_name(pointer, reference, "schemas")?;
                let object = match self.component_schema(name) {
                    Some(schema) => matches!(schema.schema_kind, OaKind::Type(OaType::Object(_))),
                    None => {
                        self.errors
                            .push(pointer, format!("`{reference}` names no component schema"));
                        return None;
                    }
                };
                let ty = Type::Named {
                    rust: type_name(name),
                    object,
                };
                return Some((ty, Constraints::default(), false, None));
            }
            Node::Item(schema) => schema,
        };
        let data = &schema.schema_data;
        let mut constraints = Constraints::default();
        let ty = match &schema.schema_kind {
            OaKind::Type(OaType::String(string)) => {
                if !string.enumeration.is_empty() {
                    self.errors.push(
                        pointer,
                        "inline enums are not supported: move the enum to components.schemas and $ref it",
                    );
                    return None;
                }
                if let Some(pattern) = &string.pattern {
                    if let Err(error) = regex::Regex::new(pattern) {
                        self.errors.push(
                            &pointer.at("pattern"),
                            format!("pattern does not compile as a Rust regex: {error}"),
                        );
                    }
                    constraints.pattern = Some(pattern.clone());
                }
                constraints.min_length = string.min_length.map(|n| n as u64);
                constraints.max_length = string.max_length.map(|n| n as u64);
                let format = match &string.format {
                    VariantOrUnknownOrEmpty::Item(format) => serde_json::to_value(format)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned)),
                    VariantOrUnknownOrEmpty::Unknown(format) => Some(format.clone()),
                    VariantOrUnknownOrEmpty::Empty => None,
                };
                Type::String(format)
            }
            OaKind::Type(OaType::Integer(integer)) => {
                if integer.exclusive_minimum || integer.exclusive_maximum || integer.multiple_of.is_some() {
                    self.errors.push(
                        pointer,
                        "exclusiveMinimum, exclusiveMaximum and multipleOf are not supported; use minimum/maximum",
                    );
                }
                constraints.one_of = integer.enumeration.iter().flatten().copied().collect();
                constraints.minimum = integer.minimum;
                constraints.maximum = integer.maximum;
                Type::Integer
            }
            OaKind::Type(OaType::Number(number)) => {
                if number.minimum.is_some() || number.maximum.is_some() || number.multiple_of.is_some() {
                    self.errors.push(
                        pointer,
                        "constraints on `type: number` are not supported; use an integer",
                    );
                }
                Type::Number
            }
            OaKind::Type(OaType::Boolean(_)) => Type::Boolean,
            OaKind::Type(OaType::Array(array)) => {
                let Some(items) = &array.items else {
                    self.errors.push(pointer, "an array needs `items`");
                    return None;
                };
                let (item, item_constraints, item_nullable, _) = self.value_type(&pointer.at("items"), items.into())?;
                if !item_constraints.is_empty() || item_nullable {
                    self.errors.push(
                        &pointer.at("items"),
                        "constraints or nullable on array items are not supported",
                    );
                }
                constraints.min_length = array.min_items.map(|n| n as u64);
                constraints.max_length = array.max_items.map(|n| n as u64);
                constraints.yaml_list = bool_extension(&data.extensions, "x-spaceport-yaml-list");
                if constraints.yaml_list && item != Type::String(None) {
                    self.errors.push(
                        &pointer.at("x-spaceport-yaml-list"),
                        "only an array of plain strings can be a YAML list",
                    );
                }
                Type::Array(Box::new(item))
            }
            OaKind::Type(OaType::Object(object)) => {
                if !object.properties.is_empty() {
                    self.errors.push(
                        pointer,
                        "inline objects with properties are not supported: move it to components.schemas and $ref it",
                    );
                    return None;
                }
                match &object.additional_properties {
                    Some(AdditionalProperties::Schema(value)) => {
                        let value_node: Node<'_> = match value.as_ref() {
                            ReferenceOr::Reference { reference } => Node::Ref(reference),
                            ReferenceOr::Item(item) => Node::Item(item),
                        };
                        let (value, value_constraints, _, _) =
                            self.value_type(&pointer.at("additionalProperties"), value_node)?;
                        if !value_constraints.is_empty() {
                            self.errors.push(
                                &pointer.at("additionalProperties"),
                                "constraints on map values are not supported",
                            );
                        }
                        Type::Map(Box::new(value))
                    }
                    _ => Type::AnyObject,
                }
            }
            _ => {
                self.errors.push(
                    pointer,
                    "only string, integer, number, boolean, array and object schemas are supported here",
                );
                return None;
            }
        };
        Some((ty, constraints, data.nullable, data.description.clone()))
    }

    fn operations(&mut self) -> Vec<Operation> {
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
                if let Some(op) = self.operation(&pointer, path, method, &item.parameters, operation) {
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
    ) -> Option<Operation> {
        let Some(id) = operation.operation_id.clone() else {
            self.errors.push(pointer, "every operation needs an operationId");
            return None;
        };
        let mut path_params = Vec::new();
        let mut query_params = Vec::new();
        let mut header_params = Vec::new();
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
            let Some(field) = self.field(&at.at("schema"), &data.name, schema.into(), data.required) else {
                continue;
            };
            let field = Field {
                doc: data.description.clone().or(field.doc),
                ..field
            };
            match parameter {
                Parameter::Path { .. } => path_params.push(field),
                Parameter::Query { .. } => query_params.push(field),
                Parameter::Header { .. } => {
                    let lower = data.name.to_ascii_lowercase();
                    if ["authorization", "content-type", "accept"].contains(&lower.as_str()) {
                        self.errors.push(
                            &at,
                            format!(
                                "header parameter `{}` is ignored by OpenAPI; use securitySchemes or content",
                                data.name
                            ),
                        );
                        continue;
                    }
                    header_params.push(field);
                }
                Parameter::Cookie { .. } => self.errors.push(&at, "cookie parameters are not supported"),
            }
        }
        for (what, params) in [
            ("path", &path_params),
            ("query", &query_params),
            ("header", &header_params),
        ] {
            check_unique(
                &mut self.errors,
                &pointer.at("parameters"),
                &format!("{what} parameters"),
                params.iter().map(|f| (f.wire.as_str(), f.rust.as_str())),
            );
        }
        self.check_template(pointer, path, &path_params);
        let body = match &operation.request_body {
            Some(body) => self.body(&pointer.at("requestBody"), body),
            None => None,
        };
        let security = self.security(pointer, operation.security.as_ref());
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
            path_params,
            query_params,
            header_params,
            body,
            security,
            responses,
        })
    }

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

    fn resolve_parameter(&mut self, pointer: &Pointer, parameter: &'a ReferenceOr<Parameter>) -> Option<&'a Parameter> {
        match parameter {
            ReferenceOr::Item(parameter) => Some(parameter),
            ReferenceOr::Reference { reference } => {
                let name = self.ref_name(pointer, reference, "parameters")?;
                let found = self
                    .spec
                    .components
                    .as_ref()
                    .and_then(|c| c.parameters.get(name))
                    .and_then(ReferenceOr::as_item);
                if found.is_none() {
                    self.errors
                        .push(pointer, format!("`{reference}` names no inline component parameter"));
                }
                found
            }
        }
    }

    fn body(&mut self, pointer: &Pointer, body: &'a ReferenceOr<RequestBody>) -> Option<Body> {
        let body = match body {
            ReferenceOr::Item(body) => body,
            ReferenceOr::Reference { reference } => {
                let name = self.ref_name(pointer, reference, "requestBodies")?;
                let Some(body) = self
                    .spec
                    .components
                    .as_ref()
                    .and_then(|c| c.request_bodies.get(name))
                    .and_then(ReferenceOr::as_item)
                else {
                    self.errors
                        .push(pointer, format!("`{reference}` names no inline component request body"));
                    return None;
                };
                body
            }
        };
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
            let name = type_name(name);
            match &rust {
                Some(existing) if *existing != name => self.errors.push(
                    &at.at("schema"),
                    format!("every media type of a body must use one schema; found `{existing}` and `{name}`"),
                ),
                _ => rust = Some(name),
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

    fn security(&mut self, pointer: &Pointer, own: Option<&Vec<SecurityRequirement>>) -> Security {
        let requirements = own.or(self.spec.security.as_ref());
        let mut security = Security::default();
        let Some(requirements) = requirements else {
            return security;
        };
        if requirements.is_empty() {
            return security;
        }
        for (index, requirement) in requirements.iter().enumerate() {
            let at = pointer.at("security").at(index);
            if requirement.is_empty() {
                security.optional = true;
                continue;
            }
            let mut all = Vec::new();
            for name in requirement.keys() {
                if let Some(kind) = self.scheme(&at, name) {
                    all.push(SecurityScheme {
                        name: name.clone(),
                        kind,
                    });
                }
            }
            security.schemes.push(all);
        }
        security
    }

    fn scheme(&mut self, pointer: &Pointer, name: &str) -> Option<SchemeKind> {
        let scheme = self
            .spec
            .components
            .as_ref()
            .and_then(|c| c.security_schemes.get(name))
            .and_then(ReferenceOr::as_item);
        match scheme {
            Some(openapiv3::SecurityScheme::HTTP { scheme, .. }) => Some(SchemeKind::Http(scheme.to_ascii_lowercase())),
            Some(openapiv3::SecurityScheme::APIKey {
                location: openapiv3::APIKeyLocation::Header,
                name,
                ..
            }) => Some(SchemeKind::HeaderKey(name.clone())),
            Some(_) => {
                self.errors.push(
                    pointer,
                    format!("security scheme `{name}`: only http and header apiKey are supported"),
                );
                None
            }
            None => {
                self.errors.push(
                    pointer,
                    format!("security scheme `{name}` is not defined inline in components"),
                );
                None
            }
        }
    }

    fn responses(&mut self, pointer: &Pointer, operation: &'a openapiv3::Operation) -> Vec<Response> {
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
    fn xml_style(&mut self, pointer: &Pointer, content: &openapiv3::MediaType) -> Option<XmlStyle> {
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

    fn resolve_response(&mut self, pointer: &Pointer, response: &'a ReferenceOr<OaResponse>) -> Option<&'a OaResponse> {
        match response {
            ReferenceOr::Item(response) => Some(response),
            ReferenceOr::Reference { reference } => {
                let name = self.ref_name(pointer, reference, "responses")?;
                let found = self
                    .spec
                    .components
                    .as_ref()
                    .and_then(|c| c.responses.get(name))
                    .and_then(ReferenceOr::as_item);
                if found.is_none() {
                    self.errors
                        .push(pointer, format!("`{reference}` names no inline component response"));
                }
                found
            }
        }
    }
}
