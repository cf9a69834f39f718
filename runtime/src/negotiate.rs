//! The response format a request asks for: a format suffix on the path
//! (`/v1/spaces.xml`) pins it, else `Accept` decides, else JSON.

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

/// The response format of a request: the one its path suffix pins (`suffix`, from the route), else an `Accept`
/// that names XML ahead of JSON, else JSON.
pub fn negotiate(http: &HttpRequest, suffix: Option<Format>) -> Format {
    if let Some(format) = suffix {
        return format;
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
