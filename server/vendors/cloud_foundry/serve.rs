//! Serving a Cloud Foundry request: the generated glue answers it, and every answer carries the headers every
//! Cloud Controller response carries: `X-VCAP-Request-ID` (a new id, after the caller's own when it sent one) and
//! `X-Content-Type-Options: nosniff`.

use actix_web::{
    HttpRequest, HttpResponse,
    http::header::{HeaderName, HeaderValue},
    web,
};

use super::CloudFoundry;
use crate::{generated::cloud_foundry::dispatch, store::CloudFoundryStore};

/// The `X-VCAP-Request-ID` for a response: the caller's id (cleaned to `[A-Za-z0-9_-]`, at most 255 characters)
/// followed by `::` and a new id, or the new id alone.
pub fn request_id(incoming: Option<&str>, new: &str) -> String {
    let cleaned: String = incoming
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .take(255)
        .collect();
    if cleaned.is_empty() {
        new.to_owned()
    } else {
        format!("{cleaned}::{new}")
    }
}

/// Serves `request` by `api` through the generated glue, with the Cloud Controller's response headers.
pub async fn serve<S: CloudFoundryStore>(
    api: web::Data<CloudFoundry<S>>,
    request: HttpRequest,
    payload: web::Payload,
) -> HttpResponse {
    let incoming = ["x-vcap-request-id", "x-request-id"]
        .iter()
        .find_map(|name| request.headers().get(*name).and_then(|v| v.to_str().ok()));
    let id = request_id(incoming, &api.sources.ids.uuid().to_string());
    let mut response = dispatch(api, request, payload).await;
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&id) {
        headers.insert(HeaderName::from_static("x-vcap-request-id"), value);
    }
    headers.insert(
        HeaderName::from_static("x-content-type-options"),
        HeaderValue::from_static("nosniff"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_incoming_request_id_is_cleaned_and_prefixed() {
        assert_eq!(request_id(Some("abc 12/3"), "new"), "abc123::new");
        assert_eq!(request_id(None, "new"), "new");
        assert_eq!(request_id(Some("%%%"), "new"), "new");
    }
}
