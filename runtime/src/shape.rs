//! The JSON-level shape of every generated type, as the spec declares it. The glue checks values against it
//! before serde sees them, so a rejection can name the field and the rule; XML rendering reads it for the
//! `type` attributes.

use std::fmt;

use serde_json::Value;

/// The shape of a value.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// A string.
    String,
    /// A string holding an RFC 3339 date-time (typed `datetime` in Rails XML).
    DateTime,
    /// A string holding a date (typed `date` in Rails XML).
    Date,
    /// An integer from this list (an integer `enum`).
    IntegerIn(&'static [i64]),
    /// A list of strings, or its YAML dump (`"--- \n- wiki\n- tickets\n"`), as Rails serializes list columns.
    YamlList,
    /// An integer that fits `i64`.
    Integer,
    /// Any number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// Any object.
    AnyObject,
    /// An array of one shape.
    Array(&'static Shape),
    /// An object whose values all have one shape.
    Map(&'static Shape),
    /// One of these strings.
    Enum(&'static [&'static str]),
    /// A whole number sent as a JSON integer or as a decimal string without a leading zero; read as an integer.
    IntegerOrDigitString {
        /// The smallest allowed value.
        minimum: Option<i64>,
    },
    /// An object with declared properties.
    Object {
        /// The properties, in spec order.
        fields: &'static [FieldShape],
        /// `additionalProperties: false`.
        deny_unknown: bool,
    },
}

impl Shape {
    /// The declared properties of an object shape; none for other shapes.
    pub fn fields(&self) -> &'static [FieldShape] {
        match self {
            Self::Object { fields, .. } => fields,
            _ => &[],
        }
    }
}

/// A declared property of an object shape.
#[derive(Debug, Clone, Copy)]
pub struct FieldShape {
    /// The name on the wire.
    pub name: &'static str,
    /// The value's shape.
    pub shape: &'static Shape,
    /// Listed in `required`.
    pub required: bool,
    /// `nullable: true`.
    pub nullable: bool,
}

impl FieldShape {
    /// A property listed in `required`, not nullable.
    pub const fn required(name: &'static str, shape: &'static Shape) -> Self {
        Self {
            name,
            shape,
            required: true,
            nullable: false,
        }
    }

    /// A property not listed in `required`, not nullable.
    pub const fn optional(name: &'static str, shape: &'static Shape) -> Self {
        Self {
            name,
            shape,
            required: false,
            nullable: false,
        }
    }

    /// The same property with `nullable: true`.
    #[must_use]
    pub const fn nullable(self) -> Self {
        Self { nullable: true, ..self }
    }
}

/// Implemented by every generated model and parameter struct.
pub trait Described {
    /// The type's shape.
    const SHAPE: Shape;
}

/// The JSON type of a value, as rejections report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonType {
    /// `null`
    Null,
    /// `true`/`false`
    Boolean,
    /// a whole number
    Integer,
    /// a number with a fraction or exponent
    Number,
    /// a string
    String,
    /// an array
    Array,
    /// an object
    Object,
}

impl JsonType {
    /// The JSON type of `value`.
    pub fn of(value: &Value) -> Self {
        match value {
            Value::Null => Self::Null,
            Value::Bool(_) => Self::Boolean,
            Value::Number(n) if n.is_i64() || n.is_u64() => Self::Integer,
            Value::Number(_) => Self::Number,
            Value::String(_) => Self::String,
            Value::Array(_) => Self::Array,
            Value::Object(_) => Self::Object,
        }
    }
}

impl fmt::Display for JsonType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Null => "null",
            Self::Boolean => "boolean",
            Self::Integer => "integer",
            Self::Number => "number",
            Self::String => "string",
            Self::Array => "array",
            Self::Object => "object",
        })
    }
}
