//! Runtime support for the generated glue: credential lookup, parameter and body parsing, shape checks that name
//! the failing field and rule, and response writing.
//!
//! Every failure before a handler becomes a [`Rejection`], which the vendor's `reject` renders in its own
//! envelope. Nothing here echoes a serde or validator `Display` to a client: those can repeat the input.

use std::fmt;

use actix_web::{
    HttpRequest, HttpResponse,
    http::{StatusCode, header},
    web,
};
use serde::{Deserialize, Deserializer, Serialize, de::DeserializeOwned};
use serde_json::{Map, Value};
use validator::{Validate, ValidationErrors, ValidationErrorsKind};

pub mod xml;

pub use xml::{XmlError, XmlStyle};

/// The JSON-level shape of a generated type, as the spec declares it; checked before serde sees the value so a
/// rejection can name the field and the rule.
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

/// Where a failing value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A path parameter.
    Path,
    /// A query parameter.
    Query,
    /// A header parameter.
    Header,
    /// The request body.
    Body,
}

/// The rule a value broke.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// A required field or parameter is absent.
    Missing,
    /// `null` where the spec does not allow it.
    Null,
    /// The wrong JSON type.
    Type {
        /// What the spec declares.
        expected: JsonType,
        /// What came.
        given: JsonType,
    },
    /// A string outside its enum.
    NotInEnum,
    /// A property `additionalProperties: false` does not allow.
    Unknown,
    /// `minLength`/`maxLength` (or items).
    Length {
        /// The lower bound, if any.
        min: Option<u64>,
        /// The upper bound, if any.
        max: Option<u64>,
    },
    /// `minimum`/`maximum`.
    Range {
        /// The lower bound, if any.
        min: Option<f64>,
        /// The upper bound, if any.
        max: Option<f64>,
        /// Whether the value was above the upper bound (else below the lower).
        above: bool,
    },
    /// `pattern`.
    Pattern,
    /// A value serde could not convert although its shape matched (e.g. an integer out of range).
    Unconvertible,
}

/// One broken rule at one place: `field` is a dotted path (`metadata.guid`, `guids[2]`), empty for the root.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// Where.
    pub field: String,
    /// Which rule.
    pub rule: Rule,
    /// The offending value, for vendors whose messages quote it; `None` when it is missing.
    pub value: Option<Value>,
}

impl Violation {
    fn new(field: impl Into<String>, rule: Rule, value: Option<&Value>) -> Self {
        Self {
            field: field.into(),
            rule,
            value: value.cloned(),
        }
    }
}

/// What failed before the handler ran.
#[derive(Debug, Clone, PartialEq)]
pub enum RejectionKind {
    /// No route matches the path.
    NotFound,
    /// The path is known, the method is not.
    MethodNotAllowed {
        /// The methods the path serves.
        allow: &'static [&'static str],
    },
    /// None of the operation's security schemes found credentials.
    MissingCredentials,
    /// The `Content-Type` is none of the declared media types.
    UnsupportedMediaType,
    /// The body is larger than the operation's limit.
    BodyTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// A required body is empty.
    EmptyBody,
    /// The body does not parse as its media type.
    MalformedBody {
        /// The media type it was parsed as.
        media: &'static str,
    },
    /// Values parsed but broke the spec's rules.
    Invalid {
        /// Where the values came from.
        location: Location,
        /// Every broken rule, in field order.
        violations: Vec<Violation>,
    },
}

/// A failure before the handler, with the operation it happened in (none for unknown routes and wrong methods).
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    /// The `operationId`, when a route matched.
    pub operation: Option<&'static str>,
    /// The response format the request asked for (a path suffix or `Accept`).
    pub format: Format,
    /// What failed.
    pub kind: RejectionKind,
}

/// Where a security scheme finds its credential.
#[derive(Debug, Clone, Copy)]
pub enum CredentialSource {
    /// `Authorization: <scheme> <credential>`, the scheme word matched case-insensitively.
    Authorization(&'static str),
    /// The whole value of a header.
    Header(&'static str),
}

/// A security scheme of the spec, as the glue checks it.
#[derive(Debug, Clone, Copy)]
pub struct SchemeSpec {
    /// The scheme's name under `components.securitySchemes`.
    pub name: &'static str,
    /// Where its credential is.
    pub source: CredentialSource,
}

/// Credentials found for one security requirement. The handler decides whether they are any good.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The name in the spec of the requirement's first scheme.
    pub scheme: &'static str,
    /// That scheme's credential (a token, a key), without the scheme word.
    pub secret: String,
    /// The credentials of the requirement's other schemes, in order (`X-Api-Secret` after `X-Api-Key`).
    pub more: Vec<String>,
}

/// A response format, picked by a path suffix or the `Accept` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// JSON, the default.
    #[default]
    Json,
    /// XML.
    Xml,
}

/// The format a suffixed route (`/v1/spaces.xml`) pins.
#[derive(Debug, Clone, Copy)]
pub struct SuffixFormat(pub Format);

/// The response format of a request: its path suffix, else an `Accept` that names XML ahead of JSON, else JSON.
pub fn negotiate(http: &HttpRequest) -> Format {
    if let Some(SuffixFormat(format)) = http.app_data::<SuffixFormat>() {
        return *format;
    }
    let accept = http
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    match (accept.find("xml"), accept.find("json")) {
        (Some(xml), Some(json)) if xml < json => Format::Xml,
        (Some(_), None) => Format::Xml,
        _ => Format::Json,
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("scheme", &self.scheme)
            .field("secret", &"<redacted>")
            .field("more", &self.more.len())
            .finish()
    }
}

/// The methods a resource serves, attached to it so a wrong method can list them.
#[derive(Debug, Clone, Copy)]
pub struct Allow(pub &'static [&'static str]);

/// How an operation's body is read.
#[derive(Debug, Clone, Copy)]
pub struct BodySpec {
    /// The declared media types, in spec order.
    pub media: &'static [&'static str],
    /// Parse as `media[0]` whatever `Content-Type` says.
    pub ignore_content_type: bool,
    /// The size limit in bytes.
    pub max_bytes: usize,
    /// The name the parameters sit under (`space`), if any.
    pub wrapper: Option<&'static str>,
    /// Whether URL query parameters are read too, under the body's.
    pub query_params: bool,
}

/// The credentials of the first requirement whose every scheme finds one.
pub fn credentials(http: &HttpRequest, requirements: &[&[SchemeSpec]]) -> Option<Credentials> {
    requirements.iter().find_map(|all| {
        let mut values = all
            .iter()
            .map(|scheme| credential(http, scheme))
            .collect::<Option<Vec<String>>>()?
            .into_iter();
        Some(Credentials {
            scheme: all.first()?.name,
            secret: values.next()?,
            more: values.collect(),
        })
    })
}

fn credential(http: &HttpRequest, scheme: &SchemeSpec) -> Option<String> {
    {
        let secret = match scheme.source {
            CredentialSource::Authorization(word) => {
                let value = http.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
                let (given, secret) = value.trim().split_once(' ')?;
                if !given.eq_ignore_ascii_case(word) {
                    return None;
                }
                secret.trim()
            }
            CredentialSource::Header(name) => http.headers().get(name)?.to_str().ok()?.trim(),
        };
        (!secret.is_empty()).then(|| secret.to_owned())
    }
}

/// Deserializes a required, nullable field: present, and either `null` or a value.
pub fn nullable<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer)
}

fn object_fields(shape: &Shape) -> &'static [FieldShape] {
    match shape {
        Shape::Object { fields, .. } => fields,
        _ => &[],
    }
}

/// Reads the path parameters into `T`.
pub fn path<T: Described + DeserializeOwned + Validate>(http: &HttpRequest) -> Result<T, RejectionKind> {
    let info = http.match_info();
    let value = coerce_params(&T::SHAPE, Location::Path, |name| {
        info.get(name).map(|v| vec![v.to_owned()]).unwrap_or_default()
    })?;
    finish(value, &T::SHAPE, Location::Path)
}

/// Reads the query parameters into `T`: a repeated array parameter collects every value, a repeated scalar keeps
/// the last.
pub fn query<T: Described + DeserializeOwned + Validate>(http: &HttpRequest) -> Result<T, RejectionKind> {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(http.query_string().as_bytes())
        .into_owned()
        .collect();
    let value = coerce_params(&T::SHAPE, Location::Query, |name| {
        pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    })?;
    finish(value, &T::SHAPE, Location::Query)
}

/// Reads the header parameters into `T`.
pub fn headers<T: Described + DeserializeOwned + Validate>(http: &HttpRequest) -> Result<T, RejectionKind> {
    let value = coerce_params(&T::SHAPE, Location::Header, |name| {
        http.headers()
            .get_all(name)
            .filter_map(|v| v.to_str().ok().map(str::to_owned))
            .collect()
    })?;
    finish(value, &T::SHAPE, Location::Header)
}

/// Builds a JSON object from string values, converting each to its declared scalar type.
fn coerce_params(
    shape: &Shape,
    location: Location,
    lookup: impl Fn(&str) -> Vec<String>,
) -> Result<Value, RejectionKind> {
    let mut object = Map::new();
    let mut violations = Vec::new();
    for field in object_fields(shape) {
        let values = lookup(field.name);
        if values.is_empty() {
            if field.required {
                violations.push(Violation::new(field.name, Rule::Missing, None));
            }
            continue;
        }
        let coerced = match field.shape {
            Shape::Array(item) => values
                .iter()
                .map(|v| coerce_scalar(item, v))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array),
            scalar => values.last().map_or(Ok(Value::Null), |v| coerce_scalar(scalar, v)),
        };
        match coerced {
            Ok(value) => {
                object.insert(field.name.to_owned(), value);
            }
            Err(rule) => {
                let raw = values.last().cloned().map(Value::String);
                violations.push(Violation::new(field.name, rule, raw.as_ref()));
            }
        }
    }
    if violations.is_empty() {
        Ok(Value::Object(object))
    } else {
        Err(RejectionKind::Invalid { location, violations })
    }
}

fn coerce_scalar(shape: &Shape, raw: &str) -> Result<Value, Rule> {
    let wrong = |expected| Rule::Type {
        expected,
        given: JsonType::String,
    };
    match shape {
        Shape::String | Shape::DateTime | Shape::Date => Ok(Value::String(raw.to_owned())),
        Shape::IntegerIn(values) => match raw.parse::<i64>() {
            Ok(n) if values.contains(&n) => Ok(Value::from(n)),
            _ => Err(Rule::NotInEnum),
        },
        Shape::Enum(values) if values.contains(&raw) => Ok(Value::String(raw.to_owned())),
        Shape::Enum(_) => Err(Rule::NotInEnum),
        Shape::Integer => raw
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| wrong(JsonType::Integer)),
        Shape::Number => raw
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| wrong(JsonType::Number)),
        Shape::Boolean => match raw {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(wrong(JsonType::Boolean)),
        },
        Shape::IntegerOrDigitString { .. } => digit_string(raw)
            .map(Value::from)
            .ok_or_else(|| wrong(JsonType::Integer)),
        Shape::Array(_) | Shape::YamlList => Err(wrong(JsonType::Array)),
        Shape::AnyObject | Shape::Map(_) | Shape::Object { .. } => Err(wrong(JsonType::Object)),
    }
}

/// Checks `value` against `shape`, appending every broken rule to `out`.
pub fn check(value: &Value, shape: &Shape, at: &str, out: &mut Vec<Violation>) {
    let given = JsonType::of(value);
    let mismatch = |expected| Violation::new(at, Rule::Type { expected, given }, Some(value));
    match (shape, value) {
        (Shape::String | Shape::DateTime | Shape::Date, Value::String(_))
        | (Shape::Boolean, Value::Bool(_))
        | (Shape::Number, Value::Number(_))
        | (Shape::AnyObject, Value::Object(_)) => {}
        (Shape::Integer, Value::Number(_)) if given == JsonType::Integer => {}
        (Shape::Integer, _) => out.push(mismatch(JsonType::Integer)),
        (Shape::String | Shape::DateTime | Shape::Date, _) => out.push(mismatch(JsonType::String)),
        (Shape::IntegerIn(values), Value::Number(n)) if given == JsonType::Integer => {
            if !n.as_i64().is_some_and(|n| values.contains(&n)) {
                out.push(Violation::new(at, Rule::NotInEnum, Some(value)));
            }
        }
        (Shape::IntegerIn(_), _) => out.push(mismatch(JsonType::Integer)),
        (Shape::Boolean, _) => out.push(mismatch(JsonType::Boolean)),
        (Shape::Number, _) => out.push(mismatch(JsonType::Number)),
        (Shape::Enum(values), Value::String(s)) => {
            if !values.contains(&s.as_str()) {
                out.push(Violation::new(at, Rule::NotInEnum, Some(value)));
            }
        }
        (Shape::IntegerOrDigitString { minimum }, Value::Number(_) | Value::String(_)) => {
            let number = match value {
                Value::String(s) => digit_string(s),
                other => other.as_i64().filter(|_| given == JsonType::Integer),
            };
            match number {
                None => out.push(mismatch(JsonType::Integer)),
                Some(n) if minimum.is_some_and(|m| n < m) => out.push(Violation::new(
                    at,
                    Rule::Range {
                        min: minimum.map(|m| m as f64),
                        max: None,
                        above: false,
                    },
                    Some(value),
                )),
                Some(_) => {}
            }
        }
        (Shape::IntegerOrDigitString { .. }, _) => out.push(mismatch(JsonType::Integer)),
        (Shape::Enum(_), _) => out.push(mismatch(JsonType::String)),
        (Shape::Array(item), Value::Array(items)) => {
            for (index, element) in items.iter().enumerate() {
                check(element, item, &format!("{at}[{index}]"), out);
            }
        }
        (Shape::Array(_), _) => out.push(mismatch(JsonType::Array)),
        (Shape::YamlList, Value::Array(items)) => {
            for (index, element) in items.iter().enumerate() {
                check(element, &Shape::String, &format!("{at}[{index}]"), out);
            }
        }
        (Shape::YamlList, Value::String(text)) if yaml_list(text).is_some() => {}
        (Shape::YamlList, _) => out.push(mismatch(JsonType::Array)),
        (Shape::Map(item), Value::Object(entries)) => {
            for (key, element) in entries {
                check(element, item, &join(at, key), out);
            }
        }
        (Shape::Object { fields, deny_unknown }, Value::Object(entries)) => {
            for field in *fields {
                let path = join(at, field.name);
                match entries.get(field.name) {
                    None if field.required => out.push(Violation::new(path, Rule::Missing, None)),
                    None => {}
                    Some(Value::Null) if field.nullable => {}
                    Some(Value::Null) => out.push(Violation::new(path, Rule::Null, Some(&Value::Null))),
                    Some(element) => check(element, field.shape, &path, out),
                }
            }
            if *deny_unknown {
                for (key, element) in entries {
                    if !fields.iter().any(|f| f.name == key) {
                        out.push(Violation::new(join(at, key), Rule::Unknown, Some(element)));
                    }
                }
            }
        }
        (Shape::AnyObject | Shape::Map(_) | Shape::Object { .. }, _) => out.push(mismatch(JsonType::Object)),
    }
}

/// The items of a YAML list dump as Rails writes one (`--- \n- a\n- b\n`, or `--- []\n`); `None` otherwise.
pub fn yaml_list(text: &str) -> Option<Vec<String>> {
    let rest = text.strip_prefix("---")?;
    if rest.trim() == "[]" {
        return Some(Vec::new());
    }
    let mut lines = rest.lines();
    if !lines.next()?.trim().is_empty() {
        return None;
    }
    lines
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.strip_prefix("- ").map(str::to_owned))
        .collect()
}

/// A decimal string without a leading zero that fits `i64`, as a number.
fn digit_string(raw: &str) -> Option<i64> {
    let digits = !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit()) && !raw.starts_with('0');
    if digits { raw.parse().ok() } else { None }
}

/// Rewrites the digit strings of `IntegerOrDigitString` values into JSON integers, after [`check`] accepted them,
/// so serde reads one form.
pub fn normalize(value: &mut Value, shape: &Shape) {
    match (shape, value) {
        (Shape::IntegerOrDigitString { .. }, value @ Value::String(_)) => {
            if let Some(n) = value.as_str().and_then(digit_string) {
                *value = Value::from(n);
            }
        }
        (Shape::Array(item), Value::Array(items)) => items.iter_mut().for_each(|v| normalize(v, item)),
        (Shape::YamlList, value @ Value::String(_)) => {
            if let Some(items) = value.as_str().and_then(yaml_list) {
                *value = Value::Array(items.into_iter().map(Value::String).collect());
            }
        }
        (Shape::Map(item), Value::Object(entries)) => entries.values_mut().for_each(|v| normalize(v, item)),
        (Shape::Object { fields, .. }, Value::Object(entries)) => {
            for field in *fields {
                if let Some(v) = entries.get_mut(field.name) {
                    normalize(v, field.shape);
                }
            }
        }
        _ => {}
    }
}

fn join(at: &str, key: &str) -> String {
    if at.is_empty() {
        key.to_owned()
    } else {
        format!("{at}.{key}")
    }
}

/// The top-level field a violation path names (`tabs[2]` → `tabs`, `a.b` → `a`).
fn top_level(field: &str) -> &str {
    field.split(['.', '[']).next().unwrap_or(field)
}

/// Orders violations as the shape declares their fields (stable for several on one field).
fn sort_by_field(violations: &mut [Violation], shape: &Shape) {
    let order = |v: &Violation| {
        object_fields(shape)
            .iter()
            .position(|f| f.name == top_level(&v.field))
            .unwrap_or(usize::MAX)
    };
    violations.sort_by_key(order);
}

/// Converts a checked value into `T` and runs its validator constraints.
fn finish<T: DeserializeOwned + Validate>(value: Value, shape: &Shape, location: Location) -> Result<T, RejectionKind> {
    let typed: T = serde_json::from_value(value).map_err(|error| {
        tracing::debug!(%error, ?location, "a value that passed the shape check did not convert");
        RejectionKind::Invalid {
            location,
            violations: vec![Violation::new("", Rule::Unconvertible, None)],
        }
    })?;
    match typed.validate() {
        Ok(()) => Ok(typed),
        Err(errors) => {
            let mut violations = Vec::new();
            collect(&errors, "", &mut violations);
            sort_by_field(&mut violations, shape);
            Err(RejectionKind::Invalid { location, violations })
        }
    }
}

fn collect(errors: &ValidationErrors, at: &str, out: &mut Vec<Violation>) {
    for (field, kind) in errors.errors() {
        let path = join(at, field);
        match kind {
            ValidationErrorsKind::Field(list) => {
                for error in list {
                    let number = |key: &str| error.params.get(key).and_then(Value::as_f64);
                    let rule = match error.code.as_ref() {
                        "length" => Rule::Length {
                            min: number("min").map(|n| n as u64),
                            max: number("max").map(|n| n as u64),
                        },
                        "range" => Rule::Range {
                            min: number("min"),
                            max: number("max"),
                            above: matches!((number("value"), number("max")), (Some(v), Some(m)) if v > m),
                        },
                        "regex" => Rule::Pattern,
                        _ => Rule::Unconvertible,
                    };
                    out.push(Violation::new(path.clone(), rule, error.params.get("value")));
                }
            }
            ValidationErrorsKind::Struct(nested) => collect(nested, &path, out),
            ValidationErrorsKind::List(items) => {
                for (index, nested) in items {
                    collect(nested, &format!("{path}[{index}]"), out);
                }
            }
        }
    }
}

/// Reads, parses, shape-checks and validates a body. `Ok(None)` when there is nothing to read (an empty body, and
/// no query parameters where the spec reads them).
pub async fn body<T: Described + DeserializeOwned + Validate>(
    http: &HttpRequest,
    payload: web::Payload,
    spec: &BodySpec,
) -> Result<Option<T>, RejectionKind> {
    let too_large = RejectionKind::BodyTooLarge { limit: spec.max_bytes };
    let declared = http
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > spec.max_bytes) {
        return Err(too_large);
    }
    let bytes = match payload.to_bytes_limited(spec.max_bytes).await {
        Ok(Ok(bytes)) => bytes,
        Err(_) => return Err(too_large),
        Ok(Err(error)) => {
            tracing::debug!(%error, "the request body could not be read");
            return Err(RejectionKind::MalformedBody {
                media: spec.media.first().copied().unwrap_or("application/octet-stream"),
            });
        }
    };
    let media = media_type(http, spec)?;
    let mut value = if bytes.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        Some(parse_body(&bytes, media, spec, &T::SHAPE)?)
    };
    if spec.query_params
        && let Some(wrapper) = spec.wrapper
    {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(http.query_string().as_bytes())
            .into_owned()
            .collect();
        let mut merged = wrapped_pairs(&pairs, wrapper).map_err(|()| RejectionKind::MalformedBody {
            media: "application/x-www-form-urlencoded",
        })?;
        coerce_strings(&mut merged, &T::SHAPE);
        if let Value::Object(query) = &mut merged
            && (!query.is_empty() || value.is_some())
        {
            if let Some(Value::Object(body)) = value {
                query.extend(body);
            }
            value = Some(merged);
        }
    }
    let Some(value) = value else {
        return Ok(None);
    };
    let mut violations = Vec::new();
    check(&value, &T::SHAPE, "", &mut violations);
    if !violations.is_empty() {
        // Report every broken rule at once: validate what passed the shape check too.
        if let Value::Object(mut rest) = value {
            rest.retain(|key, _| !violations.iter().any(|v| top_level(&v.field) == key));
            let mut rest = Value::Object(rest);
            normalize(&mut rest, &T::SHAPE);
            if let Err(RejectionKind::Invalid { violations: more, .. }) = finish::<T>(rest, &T::SHAPE, Location::Body) {
                violations.extend(more.into_iter().filter(|v| !v.field.is_empty()));
            }
        }
        sort_by_field(&mut violations, &T::SHAPE);
        return Err(RejectionKind::Invalid {
            location: Location::Body,
            violations,
        });
    }
    let mut value = value;
    normalize(&mut value, &T::SHAPE);
    finish(value, &T::SHAPE, Location::Body).map(Some)
}

/// Parses a non-empty body as `media`, unwrapping the spec's wrapper.
fn parse_body(bytes: &[u8], media: &'static str, spec: &BodySpec, shape: &Shape) -> Result<Value, RejectionKind> {
    let malformed = RejectionKind::MalformedBody { media };
    match media {
        "application/x-www-form-urlencoded" => {
            let pairs: Vec<(String, String)> = form_urlencoded::parse(bytes).into_owned().collect();
            match spec.wrapper {
                Some(wrapper) => {
                    let mut value = wrapped_pairs(&pairs, wrapper).map_err(|()| malformed)?;
                    coerce_strings(&mut value, shape);
                    Ok(value)
                }
                None => coerce_params(shape, Location::Body, |name| {
                    pairs
                        .iter()
                        .filter(|(k, _)| k == name)
                        .map(|(_, v)| v.clone())
                        .collect()
                }),
            }
        }
        "application/xml" => {
            let mut value = xml::parse(bytes, spec.wrapper).map_err(|error| {
                tracing::debug!(%error, "the request body is not acceptable XML");
                malformed
            })?;
            coerce_strings(&mut value, shape);
            Ok(value)
        }
        _ => {
            let value = serde_json::from_slice::<Value>(bytes).map_err(|error| {
                tracing::debug!(%error, "the request body is not JSON");
                RejectionKind::MalformedBody { media }
            })?;
            Ok(match (spec.wrapper, value) {
                (Some(wrapper), Value::Object(mut object)) if object.get(wrapper).is_some_and(Value::is_object) => {
                    object.remove(wrapper).unwrap_or_default()
                }
                (_, value) => value,
            })
        }
    }
}

/// Rails' nested parameters from form pairs under `wrapper`: `space[name]=x` and `space[tabs][]=a`. Other keys are
/// ignored; `space[]=x`, deeper nesting, and a key that is both a value and a list are malformed. When no key
/// sits under the wrapper, the pairs are read unwrapped (`name=x`, `tabs[]=a`), as unwrapped JSON is.
fn wrapped_pairs(pairs: &[(String, String)], wrapper: &str) -> Result<Value, ()> {
    let under: Vec<(&str, &str)> = pairs
        .iter()
        .filter_map(|(key, value)| {
            let rest = key.strip_prefix(wrapper)?;
            (rest.is_empty() || rest.starts_with('[')).then_some((rest, value.as_str()))
        })
        .collect();
    let mut object = Map::new();
    if under.is_empty() {
        for (key, value) in pairs {
            let (name, tail) = match key.split_once('[') {
                Some((name, rest)) => (name, format!("[{rest}")),
                None => (key.as_str(), String::new()),
            };
            // Unwrapped, unknown or odd keys are ignored like any unknown parameter.
            if tail.is_empty() || tail == "[]" {
                let _ = insert_param(&mut object, name, &tail, value);
            }
        }
        return Ok(Value::Object(object));
    }
    for (rest, value) in under {
        // `space=x`: the wrapper itself given a value.
        let inner = rest.strip_prefix('[').ok_or(())?;
        let (name, tail) = inner.split_once(']').ok_or(())?;
        insert_param(&mut object, name, tail, value)?;
    }
    Ok(Value::Object(object))
}

/// Adds `name` (`tail` empty) or `name[]` (`tail` `[]`) to `object`.
fn insert_param(object: &mut Map<String, Value>, name: &str, tail: &str, value: &str) -> Result<(), ()> {
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !valid {
        return Err(());
    }
    let item = Value::String(value.to_owned());
    match (tail, object.get_mut(name)) {
        ("", None | Some(Value::String(_))) => {
            object.insert(name.to_owned(), item);
        }
        ("[]", None) => {
            object.insert(name.to_owned(), Value::Array(vec![item]));
        }
        ("[]", Some(Value::Array(items))) => items.push(item),
        _ => return Err(()),
    }
    Ok(())
}

/// Types the strings a form or untyped XML sends by the shape of their field: integers and booleans (`true`,
/// `false`, `1`, `0`) are converted, an empty string for a nullable field is null, and so is `null` for a
/// nullable field that is no string. What does not convert stays a
/// string, for the shape check to report.
fn coerce_strings(value: &mut Value, shape: &Shape) {
    let (Value::Object(entries), Shape::Object { fields, .. }) = (value, shape) else {
        return;
    };
    for field in *fields {
        let Some(entry) = entries.get_mut(field.name) else {
            continue;
        };
        let coerce = |text: &str, shape: &Shape| -> Option<Value> {
            match shape {
                Shape::Integer | Shape::IntegerIn(_) => text.trim().parse::<i64>().ok().map(Value::from),
                Shape::Number => text
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number),
                Shape::Boolean => match text.trim() {
                    "true" | "1" => Some(Value::Bool(true)),
                    "false" | "0" => Some(Value::Bool(false)),
                    _ => None,
                },
                _ => None,
            }
        };
        match (&*entry, field.shape) {
            (Value::String(text), _) if text.is_empty() && field.nullable => *entry = Value::Null,
            // A form cannot say null; `null` for a nullable field that is no string is read as null.
            (Value::String(text), shape) if text == "null" && field.nullable && !matches!(shape, Shape::String) => {
                *entry = Value::Null;
            }
            (Value::String(text), shape) => {
                if let Some(typed) = coerce(text, shape) {
                    *entry = typed;
                }
            }
            (Value::Array(_), Shape::Array(item)) => {
                if let Value::Array(items) = entry {
                    for element in items.iter_mut() {
                        if let Some(typed) = element.as_str().and_then(|t| coerce(t, item)) {
                            *element = typed;
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// The declared media type this request's body is parsed as. Without a `Content-Type`, a body with a wrapper
/// is a form (Rails reads `curl -d` bodies so); `text/xml` counts as `application/xml`.
fn media_type(http: &HttpRequest, spec: &BodySpec) -> Result<&'static str, RejectionKind> {
    let first = spec.media.first().copied().ok_or(RejectionKind::UnsupportedMediaType)?;
    if spec.ignore_content_type {
        return Ok(first);
    }
    let Some(content_type) = http.headers().get(header::CONTENT_TYPE) else {
        let form = "application/x-www-form-urlencoded";
        return Ok(if spec.wrapper.is_some() && spec.media.contains(&form) {
            form
        } else {
            first
        });
    };
    let essence = content_type
        .to_str()
        .ok()
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .ok_or(RejectionKind::UnsupportedMediaType)?;
    let essence = if essence == "text/xml" {
        "application/xml".to_owned()
    } else {
        essence
    };
    spec.media
        .iter()
        .copied()
        .find(|m| *m == essence)
        .ok_or(RejectionKind::UnsupportedMediaType)
}

fn status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// A response builder with the status and headers set.
fn builder(code: u16, headers: Vec<(&'static str, String)>) -> actix_web::HttpResponseBuilder {
    let mut response = HttpResponse::build(status(code));
    for (name, value) in headers {
        response.insert_header((name, value));
    }
    response
}

/// A response with headers and no body.
pub fn respond(code: u16, headers: Vec<(&'static str, String)>) -> HttpResponse {
    builder(code, headers).finish()
}

/// A response with headers and an XML body (`value` rendered in `style`, typed by `shape`).
pub fn respond_with_xml<T: Serialize>(
    code: u16,
    headers: Vec<(&'static str, String)>,
    media: &'static str,
    body: &T,
    style: XmlStyle,
    shape: &Shape,
) -> HttpResponse {
    match serde_json::to_value(body) {
        Ok(value) => builder(code, headers)
            .content_type(media)
            .body(xml::render(&value, style, shape)),
        Err(error) => {
            tracing::error!(%error, "a generated model did not serialize");
            HttpResponse::InternalServerError().finish()
        }
    }
}

/// A response with headers and a JSON body of the given media type.
pub fn respond_with_body<T: Serialize>(
    code: u16,
    headers: Vec<(&'static str, String)>,
    media: &'static str,
    body: &T,
) -> HttpResponse {
    match serde_json::to_vec(body) {
        Ok(bytes) => builder(code, headers).content_type(media).body(bytes),
        Err(error) => {
            tracing::error!(%error, "a generated model did not serialize");
            HttpResponse::InternalServerError().finish()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_list_dumps_read_as_lists() {
        assert_eq!(
            yaml_list("--- \n- wiki\n- tickets\n"),
            Some(vec!["wiki".to_owned(), "tickets".to_owned()])
        );
        assert_eq!(yaml_list("--- []\n"), Some(Vec::new()));
        assert_eq!(yaml_list("wiki"), None);
        assert_eq!(yaml_list("--- \nwiki\n"), None);
    }
}
