//! Path, query and header parameters: string values converted to their declared scalar types, collected into a
//! JSON object, shape-checked, converted with serde and validated, every failure a [`RejectionKind::Invalid`].

use std::borrow::Cow;

use actix_web::HttpRequest;
use percent_encoding::percent_decode;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use validator::{Validate, ValidationErrors, ValidationErrorsKind};

use crate::{
    check::{digit_string, join, sort_by_field},
    rejection::{Location, RejectionKind, Rule, Violation},
    routes::PathParams,
    shape::{Described, JsonType, Shape},
};

/// Reads the path parameters the route matched into `T`.
pub fn path<T: Described + DeserializeOwned + Validate>(params: &PathParams) -> Result<T, RejectionKind> {
    let value = coerce_params(&T::SHAPE, Location::Path, |name| {
        params.get(name).map(|v| vec![v.to_owned()]).unwrap_or_default()
    })?;
    finish(value, &T::SHAPE, Location::Path)
}

/// Reads the query parameters into `T`: a repeated array parameter collects every value, a repeated scalar keeps
/// the last.
pub fn query<T: Described + DeserializeOwned + Validate>(http: &HttpRequest) -> Result<T, RejectionKind> {
    let pairs = form_pairs(http.query_string().as_bytes(), Location::Query)?;
    let value = coerce_params(&T::SHAPE, Location::Query, |name| values_of(&pairs, name))?;
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

/// The `key=value` pairs of a query string or form body (`application/x-www-form-urlencoded`: `&`-separated,
/// `+` for a space, percent-encoded). A key or value that does not decode to UTF-8 is refused, never replaced:
/// `NotUtf8` at `location`. (`form_urlencoded::parse` would put U+FFFD in its place.)
pub(crate) fn form_pairs(bytes: &[u8], location: Location) -> Result<Vec<(String, String)>, RejectionKind> {
    let decode = |part: &[u8]| {
        let spaced: Cow<'_, [u8]> = if part.contains(&b'+') {
            Cow::Owned(part.iter().map(|&b| if b == b'+' { b' ' } else { b }).collect())
        } else {
            Cow::Borrowed(part)
        };
        percent_decode(&spaced)
            .decode_utf8()
            .map(Cow::into_owned)
            .map_err(|_| RejectionKind::NotUtf8 { location })
    };
    bytes
        .split(|&b| b == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = match pair.iter().position(|&b| b == b'=') {
                Some(at) => (&pair[..at], &pair[at + 1..]),
                None => (pair, &pair[pair.len()..]),
            };
            Ok((decode(key)?, decode(value)?))
        })
        .collect()
}

/// Every value of `name` among `pairs`, in order.
pub(crate) fn values_of(pairs: &[(String, String)], name: &str) -> Vec<String> {
    pairs
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .collect()
}

/// Builds a JSON object from string values, converting each to its declared scalar type.
pub(crate) fn coerce_params(
    shape: &Shape,
    location: Location,
    lookup: impl Fn(&str) -> Vec<String>,
) -> Result<Value, RejectionKind> {
    let mut object = Map::new();
    let mut violations = Vec::new();
    for field in shape.fields() {
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

/// Converts a checked value into `T` and runs its validator constraints.
pub(crate) fn finish<T: DeserializeOwned + Validate>(
    value: Value,
    shape: &Shape,
    location: Location,
) -> Result<T, RejectionKind> {
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

/// The validator's errors as violations, with their paths.
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
