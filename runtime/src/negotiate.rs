//! Response format negotiation: a format suffix on the path (`/v1/spaces.xml`) pins the format, else `Accept`
//! decides, else JSON. The glue attaches what a route knows (its suffix, its methods) as resource data.

use actix_web::{HttpRequest, http::header};

/// A response format, picked by a path suffix or the `Accept` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// JSON, the default.
    #[default]
    Json,
    /// XML.
    Xml,
}

/// The format a suffixed route (`/v1/spaces.xml`) pins.
#[derive(Debug, Clone, Copy)]
pub struct SuffixFormat(pub Format);

/// The methods a resource serves, attached to it so a wrong method can list them.
#[derive(Debug, Clone, Copy)]
pub struct Allow(pub &'static [&'static str]);

/// The response format of a request: its path suffix, else an `Accept` that names XML ahead of JSON, else JSON.
pub fn negotiate(http: &HttpRequest) -> Format {
    if let Some(SuffixFormat(format)) = http.app_data::<SuffixFormat>() {
        return *format;
    }
    let accept = http
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    match (accept.find("xml"), accept.find("json")) {
        (Some(xml), Some(json)) if xml < json => Format::Xml,
        (Some(_), None) => Format::Xml,
        _ => Format::Json,
    }
}

/// The methods of the resource this request matched (empty when none matched).
pub fn allowed(http: &HttpRequest) -> &'static [&'static str] {
    http.app_data::<Allow>().map_or(&[], |allow| allow.0)
}
