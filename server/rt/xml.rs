//! Rails-style XML, as Rails' `to_xml` writes it and its XML params parser reads it: dashed element names,
//! `type="integer|boolean|datetime|date|array"` attributes and `nil="true"` for nulls. Reading goes through
//! quick-xml's pull parser: no DTDs, no entities beyond XML's own, a depth limit.

use quick_xml::{
    Reader,
    escape::{partial_escape, resolve_predefined_entity},
    events::{BytesStart, Event},
};
use serde_json::{Map, Value};

use super::Shape;

/// How a body is written as XML, as the spec's `x-spaceport-xml` says.
#[derive(Debug, Clone, Copy)]
pub enum XmlStyle {
    /// Rails `to_xml`: a `root` element, or for a list a `root type="array"` holding `item` elements.
    Rails {
        /// The root element.
        root: &'static str,
        /// For a list, each item's element.
        item: Option<&'static str>,
    },
    /// `<errors><error>Humanized field message</error></errors>` from a field-to-messages map.
    RailsErrors,
}

const PROLOG: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// Nesting deeper than this is refused rather than followed.
const MAX_DEPTH: usize = 32;

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

fn field_shape<'s>(shape: &'s Shape, name: &str) -> Option<&'s Shape> {
    match shape {
        Shape::Object { fields, .. } => fields.iter().find(|f| f.name == name).map(|f| f.shape),
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

/// Why an XML body was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XmlError {
    /// Not well-formed, or not UTF-8.
    #[error("the XML is not well formed")]
    Malformed,
    /// A DOCTYPE (DTDs and their entities are never processed).
    #[error("DOCTYPE declarations are not accepted")]
    Doctype,
    /// The root element is not the expected one.
    #[error("the root element is `{0}`")]
    WrongRoot(String),
    /// Deeper than the limit.
    #[error("the XML nests deeper than {MAX_DEPTH} levels")]
    TooDeep,
}

struct Parsed {
    name: String,
    value: Value,
}

fn attribute(start: &BytesStart<'_>, key: &str) -> Result<Option<String>, XmlError> {
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|_| XmlError::Malformed)?;
        if attribute.key.as_ref() == key {
            let value = attribute
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|_| XmlError::Malformed)?;
            return Ok(Some(value.into_owned()));
        }
    }
    Ok(None)
}

fn name_of(start: &BytesStart<'_>) -> Result<String, XmlError> {
    Ok(start.name().as_ref().to_owned())
}

/// A leaf's value from its text and attributes: `nil="true"` and an untyped empty element are null, typed
/// integers and booleans are converted, everything else stays a string (coerced later by the shape).
fn leaf(text: String, kind: Option<&str>, nil: bool) -> Value {
    if nil {
        return Value::Null;
    }
    match kind {
        Some("integer") => text
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or(Value::String(text)),
        Some("boolean") => match text.trim() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(text),
        },
        Some("array") => Value::Array(Vec::new()),
        None if text.is_empty() => Value::Null,
        _ => Value::String(text),
    }
}

/// Reads the element whose start tag was just read, up to its end tag.
fn read_element(reader: &mut Reader<&[u8]>, start: &BytesStart<'_>, depth: usize) -> Result<Parsed, XmlError> {
    if depth > MAX_DEPTH {
        return Err(XmlError::TooDeep);
    }
    let name = name_of(start)?;
    let kind = attribute(start, "type")?;
    let nil = attribute(start, "nil")?.as_deref() == Some("true");
    let mut text = String::new();
    let mut children: Vec<Parsed> = Vec::new();
    loop {
        match reader.read_event().map_err(|_| XmlError::Malformed)? {
            Event::Start(child) => {
                let child = child.into_owned();
                children.push(read_element(reader, &child, depth + 1)?);
            }
            Event::Empty(child) => {
                let child_kind = attribute(&child, "type")?;
                let child_nil = attribute(&child, "nil")?.as_deref() == Some("true");
                children.push(Parsed {
                    name: name_of(&child)?,
                    value: leaf(String::new(), child_kind.as_deref(), child_nil),
                });
            }
            Event::Text(chunk) => text.push_str(&chunk.xml10_content()),
            Event::CData(chunk) => text.push_str(&chunk.xml10_content()),
            Event::GeneralRef(reference) => {
                if reference.is_char_ref() {
                    match reference.resolve_char_ref() {
                        Ok(Some(c)) => text.push(c),
                        _ => return Err(XmlError::Malformed),
                    }
                } else {
                    let entity = reference.xml10_content();
                    text.push_str(resolve_predefined_entity(&entity).ok_or(XmlError::Malformed)?);
                }
            }
            Event::End(_) => break,
            Event::Comment(_) | Event::PI(_) => {}
            Event::DocType(_) => return Err(XmlError::Doctype),
            Event::Decl(_) | Event::Eof => return Err(XmlError::Malformed),
        }
    }
    let value = if kind.as_deref() == Some("array") {
        Value::Array(children.into_iter().map(|child| child.value).collect())
    } else if !children.is_empty() {
        let mut object = Map::new();
        for child in children {
            object.insert(child.name.replace('-', "_"), child.value);
        }
        Value::Object(object)
    } else {
        leaf(text, kind.as_deref(), nil)
    };
    Ok(Parsed { name, value })
}

/// Parses a Rails XML document whose root must be `root` (when given) into a JSON object of its children.
pub fn parse(bytes: &[u8], root: Option<&str>) -> Result<Value, XmlError> {
    let text = std::str::from_utf8(bytes).map_err(|_| XmlError::Malformed)?;
    let mut reader = Reader::from_str(text);
    loop {
        match reader.read_event().map_err(|_| XmlError::Malformed)? {
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) => {}
            Event::Text(chunk) if chunk.xml10_content().trim().is_empty() => {}
            Event::DocType(_) => return Err(XmlError::Doctype),
            Event::Start(start) => {
                let start = start.into_owned();
                let parsed = read_element(&mut reader, &start, 1)?;
                if root.is_some_and(|root| root != parsed.name) {
                    return Err(XmlError::WrongRoot(parsed.name));
                }
                // Only whitespace, comments and processing instructions may follow the root.
                loop {
                    match reader.read_event().map_err(|_| XmlError::Malformed)? {
                        Event::Eof => break,
                        Event::Comment(_) | Event::PI(_) => {}
                        Event::Text(chunk) if chunk.xml10_content().trim().is_empty() => {}
                        _ => return Err(XmlError::Malformed),
                    }
                }
                return Ok(match parsed.value {
                    Value::Object(object) => Value::Object(object),
                    // `<space></space>` or `<space/>`: no parameters.
                    _ => Value::Object(Map::new()),
                });
            }
            Event::Empty(start) => {
                let name = name_of(&start)?;
                if root.is_some_and(|root| root != name) {
                    return Err(XmlError::WrongRoot(name));
                }
                return Ok(Value::Object(Map::new()));
            }
            _ => return Err(XmlError::Malformed),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::rt::FieldShape;

    const SPACE: Shape = Shape::Object {
        fields: &[
            FieldShape {
                name: "status",
                shape: &Shape::Integer,
                required: true,
                nullable: false,
            },
            FieldShape {
                name: "banner",
                shape: &Shape::String,
                required: true,
                nullable: true,
            },
            FieldShape {
                name: "name",
                shape: &Shape::String,
                required: true,
                nullable: false,
            },
            FieldShape {
                name: "approved",
                shape: &Shape::Boolean,
                required: true,
                nullable: false,
            },
            FieldShape {
                name: "created_at",
                shape: &Shape::DateTime,
                required: true,
                nullable: false,
            },
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

    #[test]
    fn rails_xml_parses_into_parameters() {
        let xml = "<?xml version=\"1.0\"?>\n<space>\n  <name>R&amp;D &#233;</name>\n  \
                   <team-permissions type=\"integer\">2</team-permissions>\n  <banner nil=\"true\"/>\n  \
                   <description></description>\n  <tabs-order type=\"array\"><tabs-order>wiki</tabs-order>\
                   </tabs-order>\n</space>";

        let value = parse(xml.as_bytes(), Some("space")).expect("parses");

        assert_eq!(
            value,
            json!({"name": "R&D é", "team_permissions": 2, "banner": null, "description": null,
                "tabs_order": ["wiki"]})
        );
    }

    #[test]
    fn hostile_or_broken_xml_is_refused() {
        let cases: &[(&str, XmlError)] = &[
            ("<space><name>x</space>", XmlError::Malformed),
            ("<space><name>x</name>", XmlError::Malformed),
            (
                "<!DOCTYPE space [<!ENTITY x \"y\">]><space><name>&x;</name></space>",
                XmlError::Doctype,
            ),
            ("<space><name>&x;</name></space>", XmlError::Malformed),
            ("<other><name>x</name></other>", XmlError::WrongRoot("other".into())),
            ("<space></space><space></space>", XmlError::Malformed),
            ("plain text", XmlError::Malformed),
        ];
        for (xml, expected) in cases {
            assert_eq!(parse(xml.as_bytes(), Some("space")).as_ref(), Err(expected), "{xml}");
        }
        let deep = format!("<space>{}{}</space>", "<a>".repeat(100), "</a>".repeat(100));
        assert_eq!(parse(deep.as_bytes(), Some("space")), Err(XmlError::TooDeep));
    }
}
