//! What fails before a handler runs. The glue turns every such failure into a [`Rejection`], which the vendor's
//! `reject` renders in its own envelope; nothing here holds a serde, validator or quick-xml `Display`, because
//! those can repeat the input.

use serde_json::Value;

use crate::{arrival::BodyTimeout, negotiate::Format, shape::JsonType};

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
    pub(crate) fn new(field: impl Into<String>, rule: Rule, value: Option<&Value>) -> Self {
        Self {
            field: field.into(),
            rule,
            value: value.cloned(),
        }
    }

    /// The top-level field the violation is about (`tabs[2]` → `tabs`, `a.b` → `a`).
    pub fn top_field(&self) -> &str {
        top_level(&self.field)
    }
}

/// The top-level field a violation path names (`tabs[2]` → `tabs`, `a.b` → `a`).
pub(crate) fn top_level(field: &str) -> &str {
    field.split(['.', '[']).next().unwrap_or(field)
}

/// What failed before the handler ran.
#[derive(Debug, Clone, PartialEq)]
pub enum RejectionKind {
    /// No route matches the path.
    NotFound,
    /// The request's target and headers take more than the limit.
    HeadersTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The path is known, the method is not.
    MethodNotAllowed {
        /// The methods the path serves.
        allow: &'static [&'static str],
    },
    /// None of the operation's security requirements found credentials.
    MissingCredentials,
    /// The `Content-Type` is none of the declared media types.
    UnsupportedMediaType,
    /// The body is larger than the operation's limit.
    BodyTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The body did not arrive within its time limit; the answer closes the connection.
    BodyTimeout {
        /// The limit it broke.
        timeout: BodyTimeout,
    },
    /// A required body is empty.
    EmptyBody,
    /// The body does not parse as its media type.
    MalformedBody {
        /// The media type it was parsed as.
        media: &'static str,
    },
    /// A form or query key or value is not UTF-8 once percent-decoded.
    NotUtf8 {
        /// Where it was.
        location: Location,
    },
    /// Values parsed but broke the spec's rules.
    Invalid {
        /// Where the values came from.
        location: Location,
        /// Every broken rule, in field order.
        violations: Vec<Violation>,
    },
}

/// A failure before the handler, with the operation it happened in: `O` is the API's generated `Operation` enum,
/// and `operation` is `None` for unknown routes and wrong methods.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection<O> {
    /// The operation, when a route matched.
    pub operation: Option<O>,
    /// The response format the request asked for (a path suffix or `Accept`).
    pub format: Format,
    /// What failed.
    pub kind: RejectionKind,
}

impl<O> Rejection<O> {
    /// The rejection of a request routed to `operation`, answered in `format`.
    pub fn of(operation: O, format: Format, kind: RejectionKind) -> Self {
        Self {
            operation: Some(operation),
            format,
            kind,
        }
    }
}
