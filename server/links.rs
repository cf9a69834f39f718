//! Where absolute links point: the base URL a client reached the server at. With `--public-url` it is that URL;
//! without it, the request's own `Host` (and, with `--trust-forwarded`, `X-Forwarded-Proto` and
//! `X-Forwarded-Host`, as a proxy in front sets them), so a client on another machine is sent back to the address
//! it used, not to the server's loopback. The front door keeps what a request says of where it was sent, and the
//! vendor code that writes a link (`GET /`, `/v2/info`, a token's `iss`, Assembla's `Location`) works the base out
//! from it for the request it serves; a tenant's prefix is part of it.

use std::future::Future;

use actix_web::http::{
    Uri,
    header::{HOST, HeaderMap, HeaderValue},
    uri::Authority,
};

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
    /// Where the request being served was sent.
    static REACHED: Reached;
}

/// Where a request was sent, as far as links care: its `Host`, the forwarded headers when they are trusted, as
/// sent (cheap to keep: the base is worked out only when a link is written), and its tenant.
#[derive(Debug, Clone)]
pub struct Reached {
    host: Option<HeaderValue>,
    proto: Option<HeaderValue>,
    forwarded_host: Option<HeaderValue>,
    tenant: Option<String>,
}

impl Reached {
    /// The base URL of this request's absolute links, its tenant's prefix included; `None` when the request
    /// names no usable host.
    fn base(&self) -> Option<String> {
        let base = base_of(
            text(self.host.as_ref()),
            text(self.proto.as_ref()),
            text(self.forwarded_host.as_ref()),
        )?;
        Some(match &self.tenant {
            Some(tenant) => format!("{base}/t/{tenant}"),
            None => base,
        })
    }
}

impl LinkBase {
    /// What links need to know of a request with `headers` under `tenant`; `None` when links use the configured
    /// URL.
    pub fn reached(self, headers: &HeaderMap, tenant: Option<&str>) -> Option<Reached> {
        let LinkBase::FromRequest { trust_forwarded } = self else {
            return None;
        };
        let forwarded = |name: &str| trust_forwarded.then(|| headers.get(name).cloned()).flatten();
        Some(Reached {
            host: headers.get(HOST).cloned(),
            proto: forwarded("x-forwarded-proto"),
            forwarded_host: forwarded("x-forwarded-host"),
            tenant: tenant.map(str::to_owned),
        })
    }
}

/// The base a request names: `X-Forwarded-Proto`/`-Host` (given only when trusted; a chain's first value), else
/// `Host`.
fn base_of(host: Option<&str>, proto: Option<&str>, forwarded_host: Option<&str>) -> Option<String> {
    // A proxy chain appends: the first value is what the client sent.
    fn first(value: Option<&str>) -> Option<&str> {
        value.and_then(|value| value.split(',').next()).map(str::trim)
    }
    let scheme = match first(proto) {
        Some(proto) if proto.eq_ignore_ascii_case("https") => "https",
        _ => "http",
    };
    let host = first(forwarded_host)
        .filter(|host| authority(host))
        .or_else(|| host.filter(|host| authority(host)))?;
    Some(format!("{scheme}://{host}"))
}

/// A header's value as text, if it is.
fn text(value: Option<&HeaderValue>) -> Option<&str> {
    value.and_then(|value| value.to_str().ok())
}

/// Whether `host` is a bare `host[:port]` that may stand in a link (no user info, path or stray bytes).
fn authority(host: &str) -> bool {
    !host.is_empty()
        && !host.contains('@')
        && host.parse::<Authority>().is_ok_and(|parsed| parsed.as_str() == host)
        && format!("http://{host}/").parse::<Uri>().is_ok()
}

/// Runs `serve` with links written for where `reached` says the request was sent.
pub async fn with_reached<F: Future>(reached: Reached, serve: F) -> F::Output {
    REACHED.scope(reached, serve).await
}

/// The base of the absolute links of the request being served, when the front door knows where it was sent and
/// it names a usable host; else `configured`.
pub fn base_or(configured: &str) -> String {
    REACHED
        .try_with(Reached::base)
        .ok()
        .flatten()
        .unwrap_or_else(|| configured.to_owned())
}

#[cfg(test)]
mod tests {
    use actix_web::http::header::{HeaderName, HeaderValue};

    use super::*;

    /// The base, without a tenant prefix, a request with `headers` names under `links`.
    fn base(links: LinkBase, headers: &HeaderMap) -> Option<String> {
        links.reached(headers, None).and_then(|reached| reached.base())
    }

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

        assert_eq!(base(LinkBase::Configured, &sent), None);
        assert_eq!(base(wary, &sent).as_deref(), Some("http://spaceport.example:8080"));
        assert_eq!(base(trusting, &sent).as_deref(), Some("https://api.example"));
        assert_eq!(base(wary, &headers(&[])), None);
    }

    #[test]
    fn a_host_that_is_no_bare_authority_is_not_used() {
        let wary = LinkBase::FromRequest { trust_forwarded: false };

        for host in ["evil@example.org", "example.org/path", "exa mple", "example.org?x", ""] {
            let mut sent = HeaderMap::new();
            if let Ok(value) = HeaderValue::from_str(host) {
                sent.insert(HeaderName::from_static("host"), value);
            }
            assert_eq!(base(wary, &sent), None, "{host:?}");
        }
        assert_eq!(
            base(wary, &headers(&[("host", "[::1]:9000")])).as_deref(),
            Some("http://[::1]:9000")
        );
    }
}
