//! Masking credentials before they reach the journal: the headers an API's security schemes read, cookies, and
//! its `format: password` fields in JSON bodies, form bodies and the query. Only the secret is replaced (by
//! `***`); every other byte is kept as sent, so a test can still compare what its client wrote.

use std::borrow::Cow;

use actix_web::http::header::HeaderMap;
use indexmap::IndexMap;
use memchr::memmem;
use regex::bytes::{Captures, Regex};
use spaceport_runtime::Surface;

use crate::generated::control::ApiName;

/// What stands for a masked secret.
pub const MASK: &str = "***";

/// Headers masked whatever the API: cookies carry sessions, and a proxy's credentials travel in
/// `Proxy-Authorization` (its scheme kept, as `Authorization`'s is).
const ALWAYS: [&str; 3] = ["cookie", "set-cookie", "proxy-authorization"];

/// Every vendor API's [`Masker`], built once per process: from each spec's surface and the headers
/// `--mask-header` names.
#[derive(Debug)]
pub struct Maskers([Masker; 3]);

impl Maskers {
    /// The maskers of the three vendor APIs, each also masking the headers `extra` names.
    pub fn new(extra: &[String]) -> Self {
        Self(super::APIS.map(|api| Masker::new(super::surface(api)).masking(extra)))
    }

    /// `api`'s masker.
    pub fn of(&self, api: ApiName) -> &Masker {
        &self.0[super::index(api)]
    }
}

/// How one API's credentials are masked, built once from its [`Surface`].
#[derive(Debug)]
pub struct Masker {
    headers: &'static [&'static str],
    /// Headers the command line names (`--mask-header`), lower-case.
    extra: Vec<String>,
    fields: &'static [&'static str],
    /// A JSON member whose name is a secret field: `"name" : value`, the value a string (or one cut short by
    /// truncation) or a scalar.
    json: Option<Regex>,
    /// Each secret field's name in quotes: a body holding none of them needs no regex search.
    quoted: Vec<memmem::Finder<'static>>,
}

impl Masker {
    /// The masker of `surface`'s API.
    pub fn new(surface: &Surface) -> Self {
        let json = (!surface.secret_fields.is_empty()).then(|| {
            let names: Vec<String> = surface.secret_fields.iter().map(|name| regex::escape(name)).collect();
            let pattern = format!(
                r#"(?P<key>"(?:{})"\s*:\s*)(?:"(?:[^"\\]|\\.)*(?:"|\\?$)|[^\s,\]}}]+)"#,
                names.join("|")
            );
            Regex::new(&pattern).expect("secret field names are escaped, so the pattern compiles")
        });
        let quoted = surface
            .secret_fields
            .iter()
            .map(|name| memmem::Finder::new(format!("\"{name}\"").as_bytes()).into_owned())
            .collect();
        Self {
            headers: surface.credential_headers,
            extra: Vec::new(),
            fields: surface.secret_fields,
            json,
            quoted,
        }
    }

    /// Masks the headers `names` names too (any case), whole.
    pub fn masking(self, names: &[String]) -> Self {
        Self {
            extra: names.iter().map(|name| name.to_ascii_lowercase()).collect(),
            ..self
        }
    }

    /// The headers as the journal shows them: lower-case names in order, repeated ones joined with `, `,
    /// credentials masked (`Authorization` keeps its scheme: `Bearer ***`).
    pub fn headers(&self, headers: &HeaderMap) -> IndexMap<String, String> {
        // One pass: every (name, value) sorted by name (stably, so a repeated header keeps its order), then runs of
        // one name joined.
        let mut pairs: Vec<(&str, &[u8])> = headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_bytes()))
            .collect();
        pairs.sort_by_key(|&(name, _)| name);
        let mut out: IndexMap<String, String> = IndexMap::with_capacity(pairs.len());
        for (name, value) in pairs {
            let masked =
                self.headers.contains(&name) || ALWAYS.contains(&name) || self.extra.iter().any(|extra| extra == name);
            let shown = match name {
                _ if !masked => visible(value),
                "authorization" | "proxy-authorization" => authorization(value),
                _ => MASK.to_owned(),
            };
            match out.get_mut(name) {
                Some(joined) => {
                    joined.push_str(", ");
                    joined.push_str(&shown);
                }
                None => {
                    out.insert(name.to_owned(), shown);
                }
            }
        }
        out
    }

    /// A query string or form body with the values of secret fields masked (a Rails-style `outer[field]` name
    /// counts by its innermost part).
    pub fn form<'b>(&self, form: &'b [u8]) -> Cow<'b, [u8]> {
        if self.fields.is_empty() || form.is_empty() {
            return Cow::Borrowed(form);
        }
        let mut changed = false;
        let pairs: Vec<Cow<'_, [u8]>> = form
            .split(|byte| *byte == b'&')
            .map(|pair| {
                let (name, value) = match pair.iter().position(|byte| *byte == b'=') {
                    Some(at) => (&pair[..at], Some(&pair[at + 1..])),
                    None => (pair, None),
                };
                let decoded: Vec<u8> = form_urlencoded::parse(name)
                    .next()
                    .map(|(key, _)| key.into_owned().into_bytes())
                    .unwrap_or_default();
                let innermost = innermost(&decoded);
                match value {
                    Some(_) if self.fields.iter().any(|field| field.as_bytes() == innermost) => {
                        changed = true;
                        let mut masked = name.to_vec();
                        masked.push(b'=');
                        masked.extend_from_slice(MASK.as_bytes());
                        Cow::Owned(masked)
                    }
                    _ => Cow::Borrowed(pair),
                }
            })
            .collect();
        if !changed {
            return Cow::Borrowed(form);
        }
        Cow::Owned(pairs.join(&b'&'))
    }

    /// A JSON document (or any text) with the values of secret members masked, wherever they are nested.
    pub fn json<'b>(&self, body: &'b [u8]) -> Cow<'b, [u8]> {
        match &self.json {
            Some(pattern) if self.quoted.iter().any(|name| name.find(body).is_some()) => {
                pattern.replace_all(body, |captures: &Captures<'_>| {
                    let mut masked = captures["key"].to_vec();
                    masked.extend_from_slice(format!("\"{MASK}\"").as_bytes());
                    masked
                })
            }
            _ => Cow::Borrowed(body),
        }
    }

    /// A body, masked as its media type says: JSON members always (a JSON body may come with any media type),
    /// form fields when it is a form or comes without one.
    pub fn body<'b>(&self, body: &'b [u8], content_type: Option<&str>) -> Cow<'b, [u8]> {
        let json = self.json(body);
        let form = content_type.is_none_or(|media| media.contains("x-www-form-urlencoded"));
        if !form {
            return json;
        }
        match json {
            Cow::Borrowed(body) => self.form(body),
            Cow::Owned(body) => Cow::Owned(self.form(&body).into_owned()),
        }
    }
}

/// The part of a form name in its last brackets (`space[token]` → `token`), or the whole name.
fn innermost(name: &[u8]) -> &[u8] {
    match (name.iter().rposition(|b| *b == b'['), name.last()) {
        (Some(open), Some(b']')) => &name[open + 1..name.len() - 1],
        _ => name,
    }
}

/// `Authorization` with its scheme kept and its credentials masked.
fn authorization(value: &[u8]) -> String {
    let text = visible(value);
    match text.split_once(' ') {
        Some((scheme, _)) if !scheme.is_empty() => format!("{scheme} {MASK}"),
        _ => MASK.to_owned(),
    }
}

/// A header value as text: UTF-8 as it is, any other byte as `\xNN`, so nothing is altered silently.
pub fn visible(value: &[u8]) -> String {
    let mut out = String::with_capacity(value.len());
    for chunk in value.utf8_chunks() {
        out.push_str(chunk.valid());
        for byte in chunk.invalid() {
            out.push_str(&format!("\\x{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use actix_web::http::header::{HeaderName, HeaderValue};

    use super::*;

    const SURFACE: Surface = Surface {
        base_paths: &[""],
        format_suffixes: &[],
        operations: Vec::new,
        credential_headers: &["authorization", "x-api-key"],
        secret_fields: &["password", "token"],
    };

    #[test]
    fn credential_headers_and_cookies_are_masked_the_scheme_kept() {
        let mut headers = HeaderMap::new();
        let mut add = |name: &'static str, value: &'static [u8]| {
            headers.append(
                HeaderName::from_static(name),
                HeaderValue::from_bytes(value).expect("a valid header value"),
            );
        };
        add("x-api-key", b"k1");
        add("authorization", b"Bearer abc.def");
        add("cookie", b"session=1");
        add("accept", b"application/json");
        add("accept", b"text/xml");
        add("x-odd", b"caf\xE9");

        let shown = Masker::new(&SURFACE).headers(&headers);

        let pairs: Vec<(&str, &str)> = shown.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            pairs,
            [
                ("accept", "application/json, text/xml"),
                ("authorization", "Bearer ***"),
                ("cookie", "***"),
                ("x-api-key", "***"),
                ("x-odd", "caf\\xE9"),
            ]
        );
    }

    #[test]
    fn a_proxy_s_credentials_and_the_headers_named_on_the_command_line_are_masked() {
        let mut headers = HeaderMap::new();
        for (name, value) in [
            ("proxy-authorization", "Basic dXNlcjpwYXNz"),
            ("x-team-secret", "s3cret"),
            ("x-request-id", "r-1"),
        ] {
            headers.append(HeaderName::from_static(name), HeaderValue::from_static(value));
        }

        let shown = Masker::new(&SURFACE)
            .masking(&["X-Team-Secret".to_owned()])
            .headers(&headers);

        let pairs: Vec<(&str, &str)> = shown.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            pairs,
            [
                ("proxy-authorization", "Basic ***"),
                ("x-request-id", "r-1"),
                ("x-team-secret", "***"),
            ]
        );
    }

    #[test]
    fn secret_fields_are_masked_in_json_forms_and_queries_the_rest_kept() {
        let masker = Masker::new(&SURFACE);
        let json = br#"{"name": "n", "token" : "a\"b", "nested": {"password":12}, "tokens": "keep"}"#;
        let form = b"grant_type=password&password=s%20cret&space%5Btoken%5D=t&username=u";

        assert_eq!(
            String::from_utf8_lossy(&masker.body(json, Some("application/json"))),
            r#"{"name": "n", "token" : "***", "nested": {"password":"***"}, "tokens": "keep"}"#
        );
        assert_eq!(
            String::from_utf8_lossy(&masker.body(form, Some("application/x-www-form-urlencoded"))),
            "grant_type=password&password=***&space%5Btoken%5D=***&username=u"
        );
        assert_eq!(masker.form(b"a=1&b"), Cow::Borrowed(&b"a=1&b"[..]));
        assert_eq!(
            masker.body(b"<x>token</x>", Some("application/xml")),
            Cow::Borrowed(&b"<x>token</x>"[..])
        );
    }
}
