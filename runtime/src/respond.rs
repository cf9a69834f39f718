//! Response writing: a [`Reply`] is a status, written with the headers a response variant carries and its body
//! as JSON or Rails XML in the media type the spec declares. The status is an `http::StatusCode` from the start
//! (codegen names its constant), so no number is turned into a status while a request is answered.

use actix_web::{HttpResponse, HttpResponseBuilder, http::StatusCode};
use serde::Serialize;

use crate::{
    shape::Described,
    xml::{self, XmlStyle},
};

/// A header a response carries: its name on the wire and its value.
pub type Header<'v> = (&'static str, &'v str);

/// The status `CODE`, for a documented status `StatusCode` has no constant for (codegen names the constant of
/// every other one). A code outside 100..=999 fails the build where this is instantiated.
pub fn status<const CODE: u16>() -> StatusCode {
    const { assert!(CODE >= 100 && CODE <= 999, "an HTTP status has three digits") };
    // Unreachable: every three-digit code is a valid `StatusCode`.
    StatusCode::from_u16(CODE).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// A response with this status, to be written with its headers and body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reply(pub StatusCode);

impl Reply {
    /// A response builder with the status and headers set.
    fn builder(self, headers: &[Header<'_>]) -> HttpResponseBuilder {
        let mut response = HttpResponse::build(self.0);
        for &(name, value) in headers {
            response.insert_header((name, value));
        }
        response
    }

    /// The response with `headers` and no body.
    pub fn empty(self, headers: &[Header<'_>]) -> HttpResponse {
        self.builder(headers).finish()
    }

    /// The response with `headers` and `body` in JSON, of media type `media`.
    pub fn json<T: Serialize>(self, headers: &[Header<'_>], media: &'static str, body: &T) -> HttpResponse {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.builder(headers).content_type(media).body(bytes),
            Err(error) => {
                tracing::error!(%error, "a generated model did not serialize");
                HttpResponse::InternalServerError().finish()
            }
        }
    }

    /// The response with `headers` and `body` rendered as XML in `style` (its leaves typed by `T`'s shape), of
    /// media type `media`.
    pub fn xml<T: Serialize + Described>(
        self,
        headers: &[Header<'_>],
        media: &'static str,
        body: &T,
        style: XmlStyle,
    ) -> HttpResponse {
        match serde_json::to_value(body) {
            Ok(value) => self
                .builder(headers)
                .content_type(media)
                .body(xml::render(&value, style, &T::SHAPE)),
            Err(error) => {
                tracing::error!(%error, "a generated model did not serialize");
                HttpResponse::InternalServerError().finish()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_without_a_constant_is_the_status_of_its_code() {
        assert_eq!(status::<299>().as_u16(), 299);
        assert_eq!(status::<201>(), StatusCode::CREATED);
    }
}
