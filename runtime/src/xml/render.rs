//! Writing Rails `to_xml`: a model (rendered as JSON first) with dashed element names and `type`/`nil`
//! attributes from its shape, or Rails' `<errors>` list of full messages.

use quick_xml::escape::partial_escape;
use serde_json::Value;

use super::XmlStyle;
use crate::shape::Shape;

const PROLOG: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// `wiki_name` → `wiki-name`.
fn dasherize(name: &str) -> String {
    name.replace('_', "-")
}

/// Rails' `humanize`: `wiki_name` → `Wiki name`.
fn humanize(name: &str) -> String {
    let spaced = name.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn type_of(shape: &Shape) -> Option<&'static str> {
    match shape {
        Shape::Integer | Shape::IntegerIn(_) | Shape::IntegerOrDigitString { .. } => Some("integer"),
        Shape::Boolean => Some("boolean"),
        Shape::DateTime => Some("datetime"),
        Shape::Date => Some("date"),
        Shape::Number => Some("float"),
        Shape::Array(_) | Shape::YamlList => Some("array"),
        _ => None,
    }
}

/// The shape of an object's or a map's entry `name`.
fn field_shape<'s>(shape: &'s Shape, name: &str) -> Option<&'s Shape> {
    match shape {
        Shape::Object { fields, .. } => fields.iter().find(|f| f.name == name).map(|f| f.shape),
        Shape::Map(value) => Some(value),
        _ => None,
    }
}

fn element(out: &mut String, depth: usize, name: &str, value: &Value, shape: Option<&Shape>) {
    let indent = "  ".repeat(depth);
    let tag = dasherize(name);
    match value {
        Value::Null => out.push_str(&format!("{indent}<{tag} nil=\"true\"></{tag}>\n")),
        Value::Object(entries) => {
            out.push_str(&format!("{indent}<{tag}>\n"));
            for (key, child) in entries {
                element(out, depth + 1, key, child, shape.and_then(|s| field_shape(s, key)));
            }
            out.push_str(&format!("{indent}</{tag}>\n"));
        }
        Value::Array(items) => {
            out.push_str(&format!("{indent}<{tag} type=\"array\">\n"));
            let item_shape = match shape {
                Some(Shape::Array(item)) => Some(*item),
                _ => None,
            };
            for item in items {
                element(out, depth + 1, name, item, item_shape);
            }
            out.push_str(&format!("{indent}</{tag}>\n"));
        }
        scalar => {
            let text = match scalar {
                Value::String(s) => partial_escape(s.as_str()).into_owned(),
                other => other.to_string(),
            };
            match shape.and_then(type_of) {
                Some(kind) => out.push_str(&format!("{indent}<{tag} type=\"{kind}\">{text}</{tag}>\n")),
                None => out.push_str(&format!("{indent}<{tag}>{text}</{tag}>\n")),
            }
        }
    }
}

/// Writes `value` (a model rendered as JSON) in `style`, typing leaves from `shape`.
pub fn render(value: &Value, style: XmlStyle, shape: &Shape) -> String {
    let mut out = String::from(PROLOG);
    match (style, value) {
        (XmlStyle::Rails { root, item: Some(item) }, Value::Array(items)) => {
            let item_shape = match shape {
                Shape::Array(inner) => Some(*inner),
                _ => None,
            };
            out.push_str(&format!("<{} type=\"array\">\n", dasherize(root)));
            for entry in items {
                element(&mut out, 1, item, entry, item_shape);
            }
            out.push_str(&format!("</{}>\n", dasherize(root)));
        }
        (XmlStyle::Rails { root, .. }, value) => element(&mut out, 0, root, value, Some(shape)),
        (XmlStyle::RailsErrors, value) => {
            out.push_str("<errors>\n");
            for (field, messages) in value.as_object().into_iter().flatten() {
                for message in messages.as_array().into_iter().flatten().filter_map(Value::as_str) {
                    let full = if field == "base" {
                        humanize(message)
                    } else {
                        format!("{} {message}", humanize(field))
                    };
                    out.push_str(&format!("  <error>{}</error>\n", partial_escape(full.as_str())));
                }
            }
            out.push_str("</errors>\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::shape::FieldShape;

    const SPACE: Shape = Shape::Object {
        fields: &[
            FieldShape::required("status", &Shape::Integer),
            FieldShape::required("banner", &Shape::String).nullable(),
            FieldShape::required("name", &Shape::String),
            FieldShape::required("approved", &Shape::Boolean),
            FieldShape::required("created_at", &Shape::DateTime),
        ],
        deny_unknown: false,
    };

    #[test]
    fn objects_render_as_rails_to_xml() {
        let value = json!({"status": 1, "banner": null, "name": "R&D <x>", "approved": false,
            "created_at": "2012-09-07T13:40:09Z"});

        let xml = render(
            &value,
            XmlStyle::Rails {
                root: "space",
                item: None,
            },
            &SPACE,
        );

        assert_eq!(
            xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<space>\n  <status type=\"integer\">1</status>\n  \
             <banner nil=\"true\"></banner>\n  <name>R&amp;D &lt;x&gt;</name>\n  \
             <approved type=\"boolean\">false</approved>\n  \
             <created-at type=\"datetime\">2012-09-07T13:40:09Z</created-at>\n</space>\n"
        );
    }

    #[test]
    fn errors_render_as_full_messages() {
        let value = json!({"name": ["can't be blank"], "wiki_name": ["has already been taken"]});

        let xml = render(&value, XmlStyle::RailsErrors, &Shape::AnyObject);

        assert_eq!(
            xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<errors>\n  <error>Name can't be blank</error>\n  \
             <error>Wiki name has already been taken</error>\n</errors>\n"
        );
    }
}
