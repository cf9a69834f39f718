//! The lowered model: what the emit stage sees of a spec, with every `$ref` resolved and every Rust name chosen.
//!
//! Nothing here refers to openapiv3; the emit stage builds tokens from these types alone.

/// One spec, lowered.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// The spec's file stem (`cloud_foundry`); names the module.
    pub stem: String,
    /// The trait's name (`CloudFoundryApi`).
    pub trait_name: String,
    /// The spec file name, quoted in the generated header.
    pub file: String,
    /// `info.title`.
    pub title: String,
    /// Appended to every response media type (`x-spaceport-media-type-parameters`), e.g. `;charset=utf-8`.
    pub media_type_parameters: String,
    /// Named component schemas, in spec order.
    pub schemas: Vec<Schema>,
    /// The security schemes operations name, in `components.securitySchemes` order.
    pub schemes: Vec<SecurityScheme>,
    /// The root `security`, which operations without their own inherit.
    pub security: Option<Security>,
    /// Operations, in spec order (paths, then methods in openapiv3's order).
    pub operations: Vec<Operation>,
    /// The route table: one entry per path and pattern family, in spec order.
    pub resources: Vec<Resource>,
    /// The literal first segment (`/v2`) of every pattern in `resources` (`""` for one that starts with a
    /// parameter): the paths the generated `owns` claims, so an unknown one is answered by this API.
    pub path_prefixes: Vec<String>,
    /// The path of every relative `servers` URL (empty for `/`): every path is served under each.
    pub base_paths: Vec<String>,
    /// The format suffixes (`json`, `xml`) every path also answers with.
    pub format_suffixes: Vec<String>,
}

/// A named component schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    /// The Rust type name.
    pub rust: String,
    /// The name under `components.schemas`.
    pub wire: String,
    /// `description`, for the doc comment.
    pub doc: Option<String>,
    /// What it is.
    pub kind: SchemaKind,
}

/// The kinds of named schema codegen supports.
#[derive(Debug, Clone, PartialEq)]
pub enum SchemaKind {
    /// An object with named properties.
    Object {
        /// The properties, in spec order.
        fields: Vec<Field>,
        /// `additionalProperties: false`.
        deny_unknown: bool,
    },
    /// A string with an `enum`.
    StringEnum {
        /// The allowed values, in spec order, with their variant names.
        variants: Vec<(String, String)>,
    },
    /// `type: array`: a list of one type.
    Array {
        /// The item type.
        item: Type,
    },
    /// `type: object` with only `additionalProperties: <schema>`: a map from names to one type, in insertion order.
    Map {
        /// The value type.
        value: Type,
    },
    /// `anyOf: [{type: integer, minimum}, {type: string, pattern: '^[1-9][0-9]*$'}]`: a whole number sent as a JSON
    /// integer or as a decimal string without a leading zero (Onezone's `size`).
    IntegerOrDigitString {
        /// The integer branch's `minimum`.
        minimum: Option<i64>,
    },
}

/// A property of an object schema, or a parameter (parameters lower to fields of a parameters struct).
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The name on the wire.
    pub wire: String,
    /// The Rust field name.
    pub rust: String,
    /// `description`, for the doc comment.
    pub doc: Option<String>,
    /// The value's type.
    pub ty: Type,
    /// Listed in `required`.
    pub required: bool,
    /// `nullable: true`.
    pub nullable: bool,
    /// Constraints, for validator attributes.
    pub constraints: Constraints,
}

/// The type of a value.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    /// `type: string`, with its `format` if any.
    String(Option<String>),
    /// `type: integer`.
    Integer,
    /// `type: number`.
    Number,
    /// `type: boolean`.
    Boolean,
    /// `type: array`.
    Array(Box<Type>),
    /// `type: object` with `additionalProperties: <schema>` and no properties.
    Map(Box<Type>),
    /// An object with no constraints at all: any JSON object.
    AnyObject,
    /// A `$ref` to a named schema: its Rust name and whether it is a struct.
    Named {
        /// The Rust type name.
        rust: String,
        /// True for objects with properties (validated with `nested`), false for enums, maps, arrays and numbers.
        object: bool,
    },
}

/// The validation keywords codegen turns into `validator` attributes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// `minLength` or `minItems`.
    pub min_length: Option<u64>,
    /// `maxLength` or `maxItems`.
    pub max_length: Option<u64>,
    /// `minimum`.
    pub minimum: Option<i64>,
    /// `maximum`.
    pub maximum: Option<i64>,
    /// `pattern`, already checked to compile.
    pub pattern: Option<String>,
    /// An integer `enum`: the allowed values.
    pub one_of: Vec<i64>,
    /// `x-spaceport-yaml-list` on an array of strings: its YAML list dump (`"--- \n- a\n"`) is accepted too.
    pub yaml_list: bool,
}

impl Constraints {
    /// True when no attribute is needed.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// One operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The `operationId`.
    pub id: String,
    /// The snake_case method name.
    pub method_name: String,
    /// The PascalCase stem of its request and response types, and its `Operation` variant.
    pub type_stem: String,
    /// Upper-case HTTP method.
    pub http_method: String,
    /// The path template (`/v2/spaces/{guid}`).
    pub path: String,
    /// `summary`, then `description`.
    pub doc: Vec<String>,
    /// Path parameters.
    pub path_params: Vec<Field>,
    /// Query parameters.
    pub query_params: Vec<Field>,
    /// Header parameters.
    pub header_params: Vec<Field>,
    /// The request body, if any.
    pub body: Option<Body>,
    /// Security requirements (its own, or the root's).
    pub security: Security,
    /// Documented responses, in spec order.
    pub responses: Vec<Response>,
}

/// How callers authenticate to an operation.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Security {
    /// Accepted requirements, each the `Scheme` variants it needs together; any one requirement suffices.
    pub requirements: Vec<Vec<String>>,
    /// True when the requirement list also holds `{}`: credentials are optional.
    pub optional: bool,
    /// True when the operation declares no `security` of its own and takes the root's.
    pub inherited: bool,
}

impl Security {
    /// True when the operation reads credentials at all.
    pub fn applies(&self) -> bool {
        !self.requirements.is_empty()
    }

    /// True when the operation cannot be served without credentials: the glue has them verified (the trait's
    /// `authenticate`) before it reads the rest of the request.
    pub fn required(&self) -> bool {
        self.applies() && !self.optional
    }
}

/// A security scheme as the glue checks it.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// The name under `components.securitySchemes`.
    pub name: String,
    /// Its `Scheme` variant.
    pub variant: String,
    /// Where the credential comes from.
    pub kind: SchemeKind,
}

/// The credential sources codegen supports.
#[derive(Debug, Clone, PartialEq)]
pub enum SchemeKind {
    /// `Authorization: <scheme> <credentials>` (`type: http`); the scheme is matched case-insensitively.
    Http(String),
    /// `type: apiKey, in: header`.
    HeaderKey(String),
}

/// One entry of the route table: a path's patterns (under every base path, with their trailing-slash variants, or with one
/// format suffix) and the operations it serves.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// The spec's path template.
    pub path: String,
    /// The patterns, in `{name}` syntax.
    pub patterns: Vec<String>,
    /// The response format a format suffix pins, for suffixed patterns.
    pub format: Option<ResponseFormat>,
    /// The indexes in [`Api::operations`] of the operations at this path, in spec order.
    pub operations: Vec<usize>,
}

/// A response format a path suffix can pin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseFormat {
    /// `application/json`.
    Json,
    /// `application/xml`.
    Xml,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// `required: true`.
    pub required: bool,
    /// The Rust type every media type deserializes into.
    pub rust: String,
    /// The declared media types, in spec order.
    pub media: Vec<String>,
    /// `x-spaceport-ignore-content-type`: parse as the first media type whatever `Content-Type` says.
    pub ignore_content_type: bool,
    /// `x-spaceport-max-bytes`, else the default limit.
    pub max_bytes: u64,
    /// `x-spaceport-wrapper`: the parameters sit under this name (`{"space": {...}}`, `space[name]=`, `<space>`).
    pub wrapper: Option<String>,
    /// `x-spaceport-query-params`: URL query parameters are read too, under the body's.
    pub query_params: bool,
}

/// One documented response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The status code, three digits.
    pub status: u16,
    /// Its `http::StatusCode` constant (`CREATED`), if it has one.
    pub constant: Option<String>,
    /// The enum variant name (`Created`).
    pub variant: String,
    /// `description`.
    pub doc: String,
    /// Response headers the handler supplies, in spec order.
    pub headers: Vec<ResponseHeader>,
    /// The body's Rust type (one for every media type), if any.
    pub body: Option<String>,
    /// The body's media types, in spec order: the first is the default.
    pub media: Vec<ResponseMedia>,
}

/// One media type a response body can be written in.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseMedia {
    /// `application/json` or `application/xml`.
    pub media: String,
    /// For XML, `x-spaceport-xml`: how the body is written.
    pub xml: Option<XmlStyle>,
}

/// How a body is written as XML (`x-spaceport-xml`).
#[derive(Debug, Clone, PartialEq)]
pub enum XmlStyle {
    /// Rails `to_xml`: `root` element (and `item` children for a list), dashed names, `type`/`nil` attributes.
    Rails {
        /// The root element.
        root: String,
        /// For a list, each item's element.
        item: Option<String>,
    },
    /// Rails' errors: `<errors><error>Humanized field message</error></errors>` from a field-to-messages map.
    RailsErrors,
}

/// A response header the handler supplies.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    /// The header name on the wire.
    pub wire: String,
    /// The Rust field name.
    pub rust: String,
    /// `description`.
    pub doc: Option<String>,
}
