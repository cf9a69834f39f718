//! What a request carries to the glue besides its parts: the response format (a format suffix on the path,
//! `/v1/spaces.xml`, pins it, else `Accept` decides, else JSON) and the API instance that serves it.

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

/// The API instance serving a request: the one a middleware put in its extensions (a tenant's), else the one the
/// route was registered with.
pub fn chosen<A: 'static>(http: &HttpRequest, registered: web::Data<A>) -> web::Data<A> {
    http.extensions().get::<web::Data<A>>().cloned().unwrap_or(registered)
}
