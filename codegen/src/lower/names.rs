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

/// The response variant for a status: its reason phrase in PascalCase, or `StatusNNN`.
pub fn variant_name(status: u16) -> String {
    let phrase = match status {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        206 => "PartialContent",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        415 => "UnsupportedMediaType",
        422 => "UnprocessableEntity",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => return format!("Status{status}"),
    };
    phrase.to_owned()
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
    }

    #[test]
    fn no_wire_name_becomes_the_runtime_alias() {
        for wire in ["rt_", "rt", "Rt_", "RT_", "rt__"] {
            assert_ne!(field_name(wire), RUNTIME_ALIAS, "{wire}");
            assert_ne!(type_name(wire), RUNTIME_ALIAS, "{wire}");
        }
    }
}
