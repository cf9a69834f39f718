//! What a request carries to the glue besides its parts: the response format (a format suffix on the path,
//! `/v1/spaces.xml`, pins it, else `Accept` decides, else JSON), the route's methods, and the API instance that
//! serves it.

use actix_web::{HttpMessage, HttpRequest, http::header, web};

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

/// The API instance serving a request: the one a middleware put in its extensions (a tenant's), else the one the
/// route was registered with.
pub fn chosen<A: 'static>(http: &HttpRequest, registered: web::Data<A>) -> web::Data<A> {
    http.extensions().get::<web::Data<A>>().cloned().unwrap_or(registered)
}

/// The methods of the resource this request matched (empty when none matched).
pub fn allowed(http: &HttpRequest) -> &'static [&'static str] {
    http.app_data::<Allow>().map_or(&[], |allow| allow.0)
}
