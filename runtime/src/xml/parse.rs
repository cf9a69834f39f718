//! Reading Rails XML parameters with quick-xml's pull parser: no DTDs, no entities beyond XML's own, a depth
//! limit; typed leaves are converted, untyped ones stay strings for the shape to type.

use quick_xml::{
    Reader,
    escape::resolve_predefined_entity,
    events::{BytesStart, Event},
};
use serde_json::{Map, Value, map::Entry};

/// Nesting deeper than this is refused rather than followed.
const MAX_DEPTH: usize = 32;

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
        // Rails' `Hash.from_xml`: a child repeated under one name is the list of its values.
        let mut object = Map::new();
        for child in children {
            match object.entry(child.name.replace('-', "_")) {
                Entry::Vacant(slot) => {
                    slot.insert(child.value);
                }
                Entry::Occupied(mut slot) => match slot.get_mut() {
                    Value::Array(items) => items.push(child.value),
                    first => *first = Value::Array(vec![first.take(), child.value]),
                },
            }
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
                return match parsed.value {
                    Value::Object(object) => Ok(Value::Object(object)),
                    // `<space></space>` or `<space/>`: no parameters.
                    Value::Null => Ok(Value::Object(Map::new())),
                    Value::String(text) if text.trim().is_empty() => Ok(Value::Object(Map::new())),
                    // `<space>true</space>`: a value where the parameters belong.
                    _ => Err(XmlError::Malformed),
                };
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
    fn hostile_or_broken_xml_is_refused_and_edge_shapes_read_as_rails_reads_them() {
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
            ("<space>true</space>", XmlError::Malformed),
        ];
        for (xml, expected) in cases {
            assert_eq!(parse(xml.as_bytes(), Some("space")).as_ref(), Err(expected), "{xml}");
        }
        for empty in ["<space/>", "<space></space>", "<space>\n  </space>"] {
            assert_eq!(parse(empty.as_bytes(), Some("space")), Ok(json!({})), "{empty}");
        }
        let repeated = "<space><tabs>a</tabs><tabs>b</tabs><tabs>c</tabs><name>x</name></space>";
        assert_eq!(
            parse(repeated.as_bytes(), Some("space")),
            Ok(json!({"tabs": ["a", "b", "c"], "name": "x"})),
            "a repeated child is the list of its values, as Rails' Hash.from_xml reads it"
        );
        let deep = format!("<space>{}{}</space>", "<a>".repeat(100), "</a>".repeat(100));
        assert_eq!(parse(deep.as_bytes(), Some("space")), Err(XmlError::TooDeep));
    }
}
