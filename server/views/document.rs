//! Walking an OpenAPI document held as JSON: pointers, operations, request bodies, responses and `$ref`s.

use std::fmt;

use serde_json::{Map, Value};

/// A JSON pointer (RFC 6901), built segment by segment.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pointer(String);

impl Pointer {
    /// The pointer to `segments`, escaped.
    pub fn to<'a>(segments: impl IntoIterator<Item = &'a str>) -> Self {
        segments
            .into_iter()
            .fold(Pointer::default(), |pointer, segment| pointer.at(segment))
    }

    /// This pointer, one segment deeper.
    pub fn at(&self, segment: &str) -> Self {
        Pointer(format!("{}/{}", self.0, segment.replace('~', "~0").replace('/', "~1")))
    }

    /// The pointer as text (`/paths/~1v2~1spaces/post`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `other` is this pointer or lies under it.
    pub fn covers(&self, other: &str) -> bool {
        other == self.0
            || other
                .strip_prefix(self.0.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The HTTP methods a path item may hold operations under.
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The pointers of every operation, in document order.
pub fn operations(document: &Value) -> Vec<Pointer> {
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return Vec::new();
    };
    paths
        .iter()
        .flat_map(|(path, item)| {
            METHODS
                .iter()
                .filter(|method| item.get(**method).is_some())
                .map(move |method| Pointer::to(["paths", path.as_str(), method]))
        })
        .collect()
}

/// The objects a `$ref` may stand for, under `components/<kind>` and inline at each operation's `member`
/// (`requestBody`, or each entry of `responses`): their pointers, `$ref`s skipped.
pub fn definitions(document: &Value, kind: &str, member: &str, each: bool) -> Vec<Pointer> {
    let mut found = Vec::new();
    if let Some(map) = document
        .pointer(Pointer::to(["components", kind]).as_str())
        .and_then(Value::as_object)
    {
        found.extend(map.keys().map(|name| Pointer::to(["components", kind, name.as_str()])));
    }
    for operation in operations(document) {
        let at = operation.at(member);
        match document.pointer(at.as_str()) {
            Some(Value::Object(map)) if each => {
                found.extend(map.iter().filter(|(_, v)| !is_ref(v)).map(|(key, _)| at.at(key)));
            }
            Some(value) if !each && !is_ref(value) => found.push(at),
            _ => {}
        }
    }
    found
}

/// Whether `value` is a `$ref` object.
pub fn is_ref(value: &Value) -> bool {
    value.get("$ref").is_some()
}

/// `value`, or what its local `$ref` points to (one level: the specs never chain them).
pub fn resolve<'a>(document: &'a Value, value: &'a Value) -> &'a Value {
    value
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|reference| reference.strip_prefix('#'))
        .and_then(|pointer| document.pointer(pointer))
        .unwrap_or(value)
}

/// The object at `pointer`, if it is one.
pub fn object_mut<'a>(document: &'a mut Value, pointer: &Pointer) -> Option<&'a mut Map<String, Value>> {
    document.pointer_mut(pointer.as_str()).and_then(Value::as_object_mut)
}

/// Whether a response status (`200`, `2XX`) is a success.
pub fn is_success(status: &str) -> bool {
    status.starts_with('2')
}
