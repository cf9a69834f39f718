//! Rails-style parameters: form pairs nested under a wrapper (`space[name]=x`, `space[tabs][]=a`), and the typing
//! of the strings forms and untyped XML send by the shape of their field.

use serde_json::{Map, Value};

use crate::shape::Shape;

/// Rails' nested parameters from form pairs under `wrapper`: `space[name]=x` and `space[tabs][]=a`. Other keys are
/// ignored; `space[]=x`, deeper nesting, and a key that is both a value and a list are malformed. When no key
/// sits under the wrapper, the pairs are read unwrapped (`name=x`, `tabs[]=a`), as unwrapped JSON is. A list
/// field of `shape` (the spec declares its encoding `style: form, explode: true`) also takes the standard form
/// encoding, its key repeated without brackets (`tabs=a&tabs=b`, or `tabs=a` for one item).
pub(crate) fn wrapped_pairs(pairs: &[(String, String)], wrapper: &str, shape: &Shape) -> Result<Value, ()> {
    let list = |name: &str| {
        shape
            .fields()
            .iter()
            .any(|field| field.name == name && matches!(field.shape, Shape::Array(_) | Shape::YamlList))
    };
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
                let _ = insert_param(&mut object, name, &tail, value, list(name));
            }
        }
        return Ok(Value::Object(object));
    }
    for (rest, value) in under {
        // `space=x`: the wrapper itself given a value.
        let inner = rest.strip_prefix('[').ok_or(())?;
        let (name, tail) = inner.split_once(']').ok_or(())?;
        insert_param(&mut object, name, tail, value, list(name))?;
    }
    Ok(Value::Object(object))
}

/// Adds `name` (`tail` empty) or `name[]` (`tail` `[]`) to `object`; to a `list` field, both add an item.
fn insert_param(object: &mut Map<String, Value>, name: &str, tail: &str, value: &str, list: bool) -> Result<(), ()> {
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !valid {
        return Err(());
    }
    let item = Value::String(value.to_owned());
    let tail = if list && tail.is_empty() { "[]" } else { tail };
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

/// Types the strings a form or untyped XML sends by the shape of their field: integers (`-12`) and booleans
/// (`true`, `false`, `1`, `0`) are converted, an empty string for a nullable field is null, and so is `null` for a
/// nullable field that is no string. What does not convert stays a string, for the shape check to report.
pub(crate) fn coerce_strings(value: &mut Value, shape: &Shape) {
    let (Value::Object(entries), Shape::Object { fields, .. }) = (value, shape) else {
        return;
    };
    for field in *fields {
        let Some(entry) = entries.get_mut(field.name) else {
            continue;
        };
        match (&*entry, field.shape) {
            (Value::String(text), _) if text.is_empty() && field.nullable => *entry = Value::Null,
            // A form cannot say null; `null` for a nullable field that is no string is read as null.
            (Value::String(text), shape) if text == "null" && field.nullable && !matches!(shape, Shape::String) => {
                *entry = Value::Null;
            }
            (Value::String(text), shape) => {
                if let Some(typed) = typed(text, shape) {
                    *entry = typed;
                }
            }
            (Value::Array(_), Shape::Array(item)) => {
                if let Value::Array(items) = entry {
                    for element in items.iter_mut() {
                        if let Some(typed) = element.as_str().and_then(|t| typed(t, item)) {
                            *element = typed;
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// `text` as the scalar `shape` declares, when it reads as one: an integer is decimal digits with an optional `-`,
/// a boolean `true`, `false`, `1` or `0`, exactly (no spaces, no `+`), as the spec's form schemas declare them.
fn typed(text: &str, shape: &Shape) -> Option<Value> {
    match shape {
        Shape::Integer | Shape::IntegerIn(_) => {
            let digits = text.strip_prefix('-').unwrap_or(text);
            let decimal = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
            decimal.then(|| text.parse::<i64>().ok()).flatten().map(Value::from)
        }
        Shape::Number => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number),
        Shape::Boolean => match text {
            "true" | "1" => Some(Value::Bool(true)),
            "false" | "0" => Some(Value::Bool(false)),
            _ => None,
        },
        _ => None,
    }
}
