//! Component schemas and the inline schemas of properties, items and parameters: objects, string enums,
//! arrays, maps and the integer-or-digit-string `anyOf`, with the constraints `validator` enforces.

use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema as OaSchema, SchemaKind as OaKind, Type as OaType,
    VariantOrUnknownOrEmpty,
};

use super::{Lowering, bool_extension, check_unique, field_name, refs::Node, type_name};
use crate::{
    error::Pointer,
    model::{Constraints, Field, Schema, SchemaKind, Type},
};

/// Whether a named schema lowers to a struct with properties (validated with `nested`), not a map, an array, an
/// enum or a number.
fn is_struct(schema: &OaSchema) -> bool {
    match &schema.schema_kind {
        OaKind::Type(OaType::Object(object)) => {
            !(object.properties.is_empty()
                && matches!(object.additional_properties, Some(AdditionalProperties::Schema(_))))
        }
        _ => false,
    }
}

/// What a value schema lowers to: its type, its constraints, `nullable`, and its description.
pub(crate) type ValueType = (Type, Constraints, bool, Option<String>);

impl Lowering<'_> {
    /// Every component schema, in spec order.
    pub(super) fn schemas(&mut self) -> Vec<Schema> {
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
            if self.strings_of(name).is_some() {
                self.check_strings_schema(&pointer, name);
                continue;
            }
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
                let node = Node::from(value.as_ref());
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

    pub(crate) fn field(&mut self, pointer: &Pointer, wire: &str, node: Node<'_>, required: bool) -> Option<Field> {
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

    /// Every `pattern` compiles during generation, so a bad one fails the build rather than a request.
    pub(crate) fn check_pattern(&mut self, at: &Pointer, pattern: &str) {
        if let Err(error) = regex::Regex::new(pattern) {
            self.errors
                .push(at, format!("pattern does not compile as a Rust regex: {error}"));
        }
    }

    /// Lowers a property, item or parameter schema to a type, its constraints, `nullable` and its description.
    pub(crate) fn value_type(&mut self, pointer: &Pointer, node: Node<'_>) -> Option<ValueType> {
        let schema = match node {
            Node::Ref(reference) => {
                let name = self.ref_name(pointer, reference, "schemas")?;
                let object = match self.component_schema(name) {
                    Some(schema) => is_struct(schema),
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
                    self.check_pattern(&pointer.at("pattern"), pattern);
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
                // OAS 3.0.3 clarifies `nullable`: an enum admits null only when it lists it, so that is how
                // generators learn that a client may send null.
                let lists_null = integer.enumeration.contains(&None);
                if !integer.enumeration.is_empty() && lists_null != data.nullable {
                    self.errors.push(
                        &pointer.at("enum"),
                        if data.nullable {
                            "a nullable enum must list null among its values"
                        } else {
                            "null in an enum needs `nullable: true`"
                        },
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
                        let value_node = Node::from(value.as_ref());
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
}
