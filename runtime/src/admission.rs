//! What a request must pass before it is routed: a head within the header limit (else 431 in the API's own
//! envelope), and a path whose percent-decoding is UTF-8 (else the API's 404: actix decodes the path lossily, and
//! such a path names no resource).

use actix_web::HttpRequest;
use percent_encoding::percent_decode;

use crate::{rejection::RejectionKind, routes::Unrouted};

/// The most bytes a request's target and headers may take, counted as sent (`name: value` and its line end per
/// header). The app registers one as app data; without it, the default. actix-http's own limit, which answers 431
/// without a body, is 128 KiB for the whole head, and 96 headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeaderLimit(pub usize);

impl HeaderLimit {
    /// 32 KiB, as nginx's default `large_client_header_buffers` (4 × 8 KiB).
    pub const DEFAULT: Self = Self(32 * 1024);
}

impl Default for HeaderLimit {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// The bytes the request's target and headers took on the wire.
fn head_bytes(http: &HttpRequest) -> usize {
    let target = http.uri().path_and_query().map_or(0, |target| target.as_str().len());
    http.headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .fold(target, usize::saturating_add)
}

/// The request's path as routing reads it (percent-decoded by actix), once the request is admitted.
pub fn admit(http: &HttpRequest) -> Result<&str, Unrouted> {
    let limit = http.app_data::<HeaderLimit>().copied().unwrap_or_default();
    if head_bytes(http) > limit.0 {
        return Err(Unrouted {
            suffix: None,
            kind: RejectionKind::HeadersTooLarge { limit: limit.0 },
        });
    }
    match percent_decode(http.path().as_bytes()).decode_utf8() {
        Ok(_) => Ok(http.match_info().as_str()),
        Err(_) => Err(Unrouted {
            suffix: None,
            kind: RejectionKind::NotFound,
        }),
    }
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    #[test]
    fn the_head_is_counted_as_sent_and_a_path_must_decode_to_utf8() {
        let request = TestRequest::get()
            .uri("/v2/spaces?q=a")
            .insert_header(("x-a", "12345"))
            .to_http_request();
        let large = TestRequest::get()
            .uri("/v2/spaces")
            .insert_header(("x-a", "y".repeat(HeaderLimit::DEFAULT.0)))
            .to_http_request();
        let not_utf8 = TestRequest::get().uri("/v2/spaces/%FF").to_http_request();

        assert_eq!(head_bytes(&request), "/v2/spaces?q=a".len() + "x-a: 12345\r\n".len());
        assert_eq!(admit(&request).ok(), Some("/v2/spaces"));
        assert_eq!(
            admit(&large).map_err(|miss| miss.kind),
            Err(RejectionKind::HeadersTooLarge {
                limit: HeaderLimit::DEFAULT.0
            })
        );
        assert_eq!(admit(&not_utf8).map_err(|miss| miss.kind), Err(RejectionKind::NotFound));
    }
}
