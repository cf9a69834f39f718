//! The headers every Cloud Controller response carries: `X-VCAP-Request-ID` (a new id, after the caller's own
//! when it sent one) and `X-Content-Type-Options: nosniff`.

use std::sync::Arc;

use actix_web::{
    Error,
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
    http::header::{HeaderName, HeaderValue},
    middleware::Next,
};

use crate::sources::Sources;

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

/// Middleware adding `X-VCAP-Request-ID` and `X-Content-Type-Options: nosniff` to every response, as the real
/// server does, when `applies` (the path is Cloud Foundry's).
pub async fn headers(
    sources: Arc<Sources>,
    applies: bool,
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    if !applies {
        return next.call(request).await;
    }
    let incoming = ["x-vcap-request-id", "x-request-id"]
        .iter()
        .find_map(|name| request.headers().get(*name).and_then(|v| v.to_str().ok()))
        .map(str::to_owned);
    let id = request_id(incoming.as_deref(), &sources.ids.uuid().to_string());
    let mut response = next.call(request).await?;
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&id) {
        headers.insert(HeaderName::from_static("x-vcap-request-id"), value);
    }
    headers.insert(
        HeaderName::from_static("x-content-type-options"),
        HeaderValue::from_static("nosniff"),
    );
    Ok(response)
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
