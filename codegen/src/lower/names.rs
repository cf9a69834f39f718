//! Rust names for wire names: snake_case fields and methods, PascalCase types and variants, reason-phrase
//! response variants. A clash between two wire names is reported by the caller, never resolved silently.
//!
//! One name is reserved: [`RUNTIME_ALIAS`], under which a generated module imports the runtime. No generated name
//! can take it (types are PascalCase, fields and methods snake_case without a trailing `_` unless they are
//! keywords, and `rt` is none), and lowering refuses a type that would anyway.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// The name a generated module imports `::spaceport_runtime` under (`use ::spaceport_runtime as rt_;`), so its
/// paths read `rt_::Shape` rather than `::spaceport_runtime::Shape`.
pub const RUNTIME_ALIAS: &str = "rt_";

/// Rust keywords that get a trailing underscore when a wire name would produce them.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "box", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "yield",
];

/// The snake_case Rust name for a wire name: non-identifier characters become `_`, a leading digit gets `_`, and a
/// keyword gets a trailing `_` (`type` → `type_`).
pub fn field_name(wire: &str) -> String {
    let cleaned: String = wire
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let mut name = cleaned.to_snake_case();
    if name.is_empty() {
        name.push_str("field");
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// The PascalCase Rust name for a schema name, operation id or enum value.
pub fn type_name(wire: &str) -> String {
    let cleaned: String = wire
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let mut name = cleaned.to_upper_camel_case();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if name == "Self" {
        name.push('_');
    }
    name
}

/// Every status `http::StatusCode` (the one actix-web uses) has a constant for, with that constant's name.
const STATUS_CONSTANTS: &[(u16, &str)] = &[
    (100, "CONTINUE"),
    (101, "SWITCHING_PROTOCOLS"),
    (102, "PROCESSING"),
    (200, "OK"),
    (201, "CREATED"),
    (202, "ACCEPTED"),
    (203, "NON_AUTHORITATIVE_INFORMATION"),
    (204, "NO_CONTENT"),
    (205, "RESET_CONTENT"),
    (206, "PARTIAL_CONTENT"),
    (207, "MULTI_STATUS"),
    (208, "ALREADY_REPORTED"),
    (226, "IM_USED"),
    (300, "MULTIPLE_CHOICES"),
    (301, "MOVED_PERMANENTLY"),
    (302, "FOUND"),
    (303, "SEE_OTHER"),
    (304, "NOT_MODIFIED"),
    (305, "USE_PROXY"),
    (307, "TEMPORARY_REDIRECT"),
    (308, "PERMANENT_REDIRECT"),
    (400, "BAD_REQUEST"),
    (401, "UNAUTHORIZED"),
    (402, "PAYMENT_REQUIRED"),
    (403, "FORBIDDEN"),
    (404, "NOT_FOUND"),
    (405, "METHOD_NOT_ALLOWED"),
    (406, "NOT_ACCEPTABLE"),
    (407, "PROXY_AUTHENTICATION_REQUIRED"),
    (408, "REQUEST_TIMEOUT"),
    (409, "CONFLICT"),
    (410, "GONE"),
    (411, "LENGTH_REQUIRED"),
    (412, "PRECONDITION_FAILED"),
    (413, "PAYLOAD_TOO_LARGE"),
    (414, "URI_TOO_LONG"),
    (415, "UNSUPPORTED_MEDIA_TYPE"),
    (416, "RANGE_NOT_SATISFIABLE"),
    (417, "EXPECTATION_FAILED"),
    (418, "IM_A_TEAPOT"),
    (421, "MISDIRECTED_REQUEST"),
    (422, "UNPROCESSABLE_ENTITY"),
    (423, "LOCKED"),
    (424, "FAILED_DEPENDENCY"),
    (426, "UPGRADE_REQUIRED"),
    (428, "PRECONDITION_REQUIRED"),
    (429, "TOO_MANY_REQUESTS"),
    (431, "REQUEST_HEADER_FIELDS_TOO_LARGE"),
    (451, "UNAVAILABLE_FOR_LEGAL_REASONS"),
    (500, "INTERNAL_SERVER_ERROR"),
    (501, "NOT_IMPLEMENTED"),
    (502, "BAD_GATEWAY"),
    (503, "SERVICE_UNAVAILABLE"),
    (504, "GATEWAY_TIMEOUT"),
    (505, "HTTP_VERSION_NOT_SUPPORTED"),
    (506, "VARIANT_ALSO_NEGOTIATES"),
    (507, "INSUFFICIENT_STORAGE"),
    (508, "LOOP_DETECTED"),
    (510, "NOT_EXTENDED"),
    (511, "NETWORK_AUTHENTICATION_REQUIRED"),
];

/// The `http::StatusCode` constant for a status (`201` → `CREATED`), if it has one.
pub fn status_constant(status: u16) -> Option<&'static str> {
    STATUS_CONSTANTS
        .iter()
        .find(|(code, _)| *code == status)
        .map(|(_, constant)| *constant)
}

/// The response variant for a status: its reason phrase in PascalCase (the name of its `StatusCode` constant:
/// `UNPROCESSABLE_ENTITY` → `UnprocessableEntity`), or `StatusNNN` for a status without one.
pub fn variant_name(status: u16) -> String {
    match status_constant(status) {
        Some(constant) => constant.to_upper_camel_case(),
        None => format!("Status{status}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_become_rust_names() {
        assert_eq!(field_name("organization_guid"), "organization_guid");
        assert_eq!(field_name("spaceId"), "space_id");
        assert_eq!(field_name("results-per-page"), "results_per_page");
        assert_eq!(field_name("type"), "type_");
        assert_eq!(field_name("2fa"), "_2fa");
        assert_eq!(type_name("createSpace"), "CreateSpace");
        assert_eq!(type_name("cloud_controller.admin"), "CloudControllerAdmin");
        assert_eq!(type_name("1"), "V1");
        assert_eq!(variant_name(422), "UnprocessableEntity");
        assert_eq!(variant_name(299), "Status299");
        assert_eq!(variant_name(200), "Ok");
        assert_eq!(variant_name(203), "NonAuthoritativeInformation");
        assert_eq!(status_constant(422), Some("UNPROCESSABLE_ENTITY"));
        assert_eq!(status_constant(299), None);
    }

    #[test]
    fn no_wire_name_becomes_the_runtime_alias() {
        for wire in ["rt_", "rt", "Rt_", "RT_", "rt__"] {
            assert_ne!(field_name(wire), RUNTIME_ALIAS, "{wire}");
            assert_ne!(type_name(wire), RUNTIME_ALIAS, "{wire}");
        }
    }
}
