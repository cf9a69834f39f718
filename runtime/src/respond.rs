//! Response writing: the status, the headers a response variant carries, and its body as JSON or Rails XML in
//! the media type the spec declares.

use actix_web::{HttpResponse, HttpResponseBuilder, http::StatusCode};
use serde::Serialize;

use crate::{
    shape::Shape,
    xml::{self, XmlStyle},
};

/// A header a response carries: its name on the wire and its value.
pub type Header = (&'static str, String);

/// A response builder with the status and headers set.
fn builder(code: u16, headers: Vec<Header>) -> HttpResponseBuilder {
    let mut response = HttpResponse::build(StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR));
    for (name, value) in headers {
        response.insert_header((name, value));
    }
    response
}

/// A response with headers and no body.
pub fn respond(code: u16, headers: Vec<Header>) -> HttpResponse {
    builder(code, headers).finish()
}

/// A response with headers and a JSON body of the given media type.
pub fn respond_with_body<T: Serialize>(code: u16, headers: Vec<Header>, media: &'static str, body: &T) -> HttpResponse {
    match serde_json::to_vec(body) {
        Ok(bytes) => builder(code, headers).content_type(media).body(bytes),
        Err(error) => {
            tracing::error!(%error, "a generated model did not serialize");
            HttpResponse::InternalServerError().finish()
        }
    }
}

/// A response with headers and an XML body (`body` rendered in `style`, its leaves typed by `shape`).
pub fn respond_with_xml<T: Serialize>(
    code: u16,
    headers: Vec<Header>,
    media: &'static str,
    body: &T,
    style: XmlStyle,
    shape: &Shape,
) -> HttpResponse {
    match serde_json::to_value(body) {
        Ok(value) => builder(code, headers)
            .content_type(media)
            .body(xml::render(&value, style, shape)),
        Err(error) => {
            tracing::error!(%error, "a generated model did not serialize");
            HttpResponse::InternalServerError().finish()
        }
    }
}
