//! Credential lookup: which of an operation's security requirements the request carries credentials for. Whether
//! they are any good is the handler's call; the glue only finds them.

use std::fmt;

use actix_web::{HttpRequest, http::header};

use crate::rejection::RejectionKind;

/// Where a security scheme finds its credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialSource {
    /// `Authorization: <scheme> <credential>`, the scheme word matched case-insensitively.
    Authorization(&'static str),
    /// The whole value of a header.
    Header(&'static str),
}

/// A security scheme of a spec: implemented by each API's generated `Scheme` enum.
pub trait SecurityScheme: Copy + fmt::Debug + Send + Sync + 'static {
    /// Where the scheme's credential is.
    fn source(self) -> CredentialSource;
}

/// Credentials found for one security requirement.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials<S> {
    /// The requirement's first scheme.
    pub scheme: S,
    /// That scheme's credential (a token, a key), without the scheme word.
    pub secret: String,
    /// The credentials of the requirement's other schemes, in order (`X-Api-Secret` after `X-Api-Key`).
    pub more: Vec<String>,
}

impl<S: fmt::Debug> fmt::Debug for Credentials<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("scheme", &self.scheme)
            .field("secret", &"<redacted>")
            .field("more", &self.more.len())
            .finish()
    }
}

/// The credentials of the first requirement (a list of schemes that must all be present) whose every scheme finds
/// one.
pub fn credentials<S: SecurityScheme>(http: &HttpRequest, requirements: &[&[S]]) -> Option<Credentials<S>> {
    requirements.iter().find_map(|all| {
        let mut values = all
            .iter()
            .map(|scheme| credential(http, scheme.source()))
            .collect::<Option<Vec<String>>>()?
            .into_iter();
        Some(Credentials {
            scheme: *all.first()?,
            secret: values.next()?,
            more: values.collect(),
        })
    })
}

/// The credentials of an operation that requires them: [`credentials`], or the rejection of a request that sent
/// none of its requirements.
///
/// # Errors
/// [`RejectionKind::MissingCredentials`] when no requirement finds every one of its credentials.
pub fn required_credentials<S: SecurityScheme>(
    http: &HttpRequest,
    requirements: &[&[S]],
) -> Result<Credentials<S>, RejectionKind> {
    credentials(http, requirements).ok_or(RejectionKind::MissingCredentials)
}

fn credential(http: &HttpRequest, source: CredentialSource) -> Option<String> {
    let secret = match source {
        CredentialSource::Authorization(word) => {
            let value = http.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
            let (given, secret) = value.trim().split_once(' ')?;
            if !given.eq_ignore_ascii_case(word) {
                return None;
            }
            secret.trim()
        }
        CredentialSource::Header(name) => http.headers().get(name)?.to_str().ok()?.trim(),
    };
    (!secret.is_empty()).then(|| secret.to_owned())
}
