//! Where absolute links point: the base URL a client reached the server at. With `--public-url` it is that URL;
//! without it, the request's own `Host` (and, with `--trust-forwarded`, `X-Forwarded-Proto` and
//! `X-Forwarded-Host`, as a proxy in front sets them), so a client on another machine is sent back to the address
//! it used, not to the server's loopback. The front door works the base out once per request and the vendor code
//! that writes links (`GET /`, `/v2/info`, a token's `iss`, Assembla's `Location`) reads it for the request it
//! serves; a tenant's prefix is part of it.

use std::future::Future;

use actix_web::http::{Uri, header::HeaderMap, uri::Authority};

/// How the base URL of absolute links is chosen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LinkBase {
    /// Always the configured public URL (`--public-url`, and apps built in-process).
    #[default]
    Configured,
    /// The request's `Host`, or the configured URL when it names none (an HTTP/1.0 request without one).
    FromRequest {
        /// Whether `X-Forwarded-Proto` and `X-Forwarded-Host` are believed.
        trust_forwarded: bool,
    },
}

tokio::task_local! {
    /// The base URL of the request being served, tenant prefix included.
    static BASE: String;
}

impl LinkBase {
    /// The base URL, without its tenant prefix, that a request with `headers` reached the server at; `None` when
    /// it is the configured one.
    pub fn of(self, headers: &HeaderMap) -> Option<String> {
        let LinkBase::FromRequest { trust_forwarded } = self else {
            return None;
        };
        let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
        let forwarded = |name: &str| {
            trust_forwarded
                .then(|| header(name))
                .flatten()
                // A proxy chain appends: the first value is what the client sent.
                .and_then(|value| value.split(',').next())
                .map(str::trim)
        };
        let scheme = match forwarded("x-forwarded-proto") {
            Some(proto) if proto.eq_ignore_ascii_case("https") => "https",
            _ => "http",
        };
        let host = forwarded("x-forwarded-host")
            .filter(|host| authority(host))
            .or_else(|| header("host").filter(|host| authority(host)))?;
        Some(format!("{scheme}://{host}"))
    }
}

/// Whether `host` is a bare `host[:port]` that may stand in a link (no user info, path or stray bytes).
fn authority(host: &str) -> bool {
    !host.is_empty()
        && !host.contains('@')
        && host.parse::<Authority>().is_ok_and(|parsed| parsed.as_str() == host)
        && format!("http://{host}/").parse::<Uri>().is_ok()
}

/// Runs `serve` with `base` as the base of its absolute links.
pub async fn with_base<F: Future>(base: String, serve: F) -> F::Output {
    BASE.scope(base, serve).await
}

/// The base of the absolute links of the request being served, if the front door set one; else `configured`.
pub fn base_or(configured: &str) -> String {
    BASE.try_with(Clone::clone).unwrap_or_else(|_| configured.to_owned())
}

#[cfg(test)]
mod tests {
    use actix_web::http::header::{HeaderName, HeaderValue};

    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(HeaderName::from_static(name), HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn the_host_names_the_base_and_forwarded_headers_only_when_trusted() {
        let sent = headers(&[
            ("host", "spaceport.example:8080"),
            ("x-forwarded-proto", "https"),
            ("x-forwarded-host", "api.example, proxy.internal"),
        ]);
        let trusting = LinkBase::FromRequest { trust_forwarded: true };
        let wary = LinkBase::FromRequest { trust_forwarded: false };

        assert_eq!(LinkBase::Configured.of(&sent), None);
        assert_eq!(wary.of(&sent).as_deref(), Some("http://spaceport.example:8080"));
        assert_eq!(trusting.of(&sent).as_deref(), Some("https://api.example"));
        assert_eq!(wary.of(&headers(&[])), None);
    }

    #[test]
    fn a_host_that_is_no_bare_authority_is_not_used() {
        let wary = LinkBase::FromRequest { trust_forwarded: false };

        for host in ["evil@example.org", "example.org/path", "exa mple", "example.org?x", ""] {
            let mut sent = HeaderMap::new();
            if let Ok(value) = HeaderValue::from_str(host) {
                sent.insert(HeaderName::from_static("host"), value);
            }
            assert_eq!(wary.of(&sent), None, "{host:?}");
        }
        assert_eq!(
            wary.of(&headers(&[("host", "[::1]:9000")])).as_deref(),
            Some("http://[::1]:9000")
        );
    }
}
