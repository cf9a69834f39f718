//! Shape checks: a parsed value against the shape its spec declares, every broken rule reported with its field,
//! and the normalisation of the forms a shape accepts beside its own (digit strings, YAML list dumps) before serde
//! reads the value.

use serde_json::Value;

use crate::{
    rejection::{Rule, Violation, top_level},
    shape::{JsonType, Shape},
};

/// Checks `value` against `shape`, appending every broken rule to `out`; `at` is the value's path.
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
pub(crate) fn digit_string(raw: &str) -> Option<i64> {
    let digits = !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit()) && !raw.starts_with('0');
    if digits { raw.parse().ok() } else { None }
}

/// Rewrites the digit strings of `IntegerOrDigitString` values into JSON integers and YAML list dumps into
/// arrays, after [`check`] accepted them, so serde reads one form.
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

/// `at.key`, or `key` at the root.
pub(crate) fn join(at: &str, key: &str) -> String {
    if at.is_empty() {
        key.to_owned()
    } else {
        format!("{at}.{key}")
    }
}

/// Orders violations as the shape declares their fields (stable for several on one field).
pub(crate) fn sort_by_field(violations: &mut [Violation], shape: &Shape) {
    let order = |v: &Violation| {
        shape
            .fields()
            .iter()
            .position(|f| f.name == top_level(&v.field))
            .unwrap_or(usize::MAX)
    };
    violations.sort_by_key(order);
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
