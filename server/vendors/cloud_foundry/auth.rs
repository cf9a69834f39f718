//! Cloud Foundry identities: decoding (lenient) or verifying (strict) bearer JWTs, static fixture tokens, the
//! scope rules for reads and writes, and issuing UAA-style token pairs on login.

use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

/// How bearer tokens are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMode {
    /// Any well-formed JWT whose payload names a `user_id` or `client_id`; signature and expiry are not checked,
    /// so the API docs' expired example token works.
    Lenient,
    /// The HS256 signature (with the configured key) and expiry are verified.
    Strict,
}

/// What an identity may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Read anything.
    Read,
    /// Create, update and delete.
    Write,
    /// Administer (create or delete organizations).
    Admin,
}

/// Why a caller may not do something: the CF error to answer with 403.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No `cloud_controller.*` scope at all: `CF-InsufficientScope` (10007).
    InsufficientScope,
    /// A scope that does not allow this: `CF-NotAuthorized` (10003).
    NotAuthorized,
}

/// The caller a token names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// `user_id`, or `client_id` for a client token.
    pub id: String,
    /// `email`, or empty.
    pub email: String,
    /// `user_name`, or empty.
    pub user_name: String,
    /// The `scope` claim.
    pub scopes: Vec<String>,
}

const ADMIN: &str = "cloud_controller.admin";

impl Identity {
    fn has(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }

    /// Checks the scope rules: reads need any Cloud Controller scope, writes `admin` or `write`, and
    /// administration `admin`.
    pub fn allow(&self, access: Access) -> Result<(), Refusal> {
        let readers = [
            ADMIN,
            "cloud_controller.write",
            "cloud_controller.read",
            "cloud_controller.admin_read_only",
            "cloud_controller.global_auditor",
        ];
        if !readers.iter().any(|s| self.has(s)) {
            return Err(Refusal::InsufficientScope);
        }
        let allowed = match access {
            Access::Read => true,
            Access::Write => self.has(ADMIN) || self.has("cloud_controller.write"),
            Access::Admin => self.has(ADMIN),
        };
        if allowed { Ok(()) } else { Err(Refusal::NotAuthorized) }
    }
}

/// The claims spaceport reads and writes. Unknown claims are ignored on read.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Claims {
    /// Token id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jti: Option<String>,
    /// The user's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// The user's login name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// The user's email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The OAuth client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// Granted scopes.
    #[serde(default)]
    pub scope: Vec<String>,
    /// Audiences.
    #[serde(default)]
    pub aud: Vec<String>,
    /// Issuer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
    /// Issued at (seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat: Option<i64>,
    /// Expires at (seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exp: Option<i64>,
    /// `access` or `refresh`; spaceport's own tokens say which they are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_use: Option<String>,
}

impl Claims {
    /// The identity these claims name, if they name one.
    pub fn identity(self) -> Option<Identity> {
        let id = self.user_id.or(self.client_id).filter(|id| !id.is_empty())?;
        Some(Identity {
            id,
            email: self.email.unwrap_or_default(),
            user_name: self.user_name.unwrap_or_default(),
            scopes: self.scope,
        })
    }
}

/// Access tokens live 12 hours, as UAA's for the `cf` client.
pub const ACCESS_SECONDS: i64 = 43_199;
/// Refresh tokens live 30 days.
pub const REFRESH_SECONDS: i64 = 30 * 24 * 3600;

/// Signs and checks tokens with one HS256 key.
#[derive(Clone)]
pub struct Keys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys(<redacted>)")
    }
}

impl Keys {
    /// Keys from a shared secret.
    pub fn new(secret: &[u8]) -> Self {
        super::hs256::install();
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
        }
    }

    /// Decodes `token` without checking its signature or expiry.
    pub fn decode_unverified(token: &str) -> Option<Claims> {
        jsonwebtoken::dangerous::insecure_decode_claims(token).ok()
    }

    /// Verifies `token`'s signature and expiry at `now`.
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Option<Claims> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.validate_aud = false;
        validation.validate_exp = false;
        validation.required_spec_claims.clear();
        let claims = jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .ok()?
            .claims;
        // Expiry is checked against the app's clock, so a fixed-clock run stays reproducible.
        (claims.exp? > now.timestamp()).then_some(claims)
    }

    /// Signs `claims`.
    pub fn sign(&self, claims: &Claims) -> Result<String, jsonwebtoken::errors::Error> {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(scopes: &[&str]) -> Identity {
        Identity {
            id: "u".into(),
            email: String::new(),
            user_name: String::new(),
            scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    #[test]
    fn scopes_decide_reads_writes_and_administration() {
        assert_eq!(with(&["openid"]).allow(Access::Read), Err(Refusal::InsufficientScope));
        assert_eq!(with(&["cloud_controller.read"]).allow(Access::Read), Ok(()));
        assert_eq!(
            with(&["cloud_controller.read"]).allow(Access::Write),
            Err(Refusal::NotAuthorized)
        );
        assert_eq!(with(&["cloud_controller.write"]).allow(Access::Write), Ok(()));
        assert_eq!(
            with(&["cloud_controller.write"]).allow(Access::Admin),
            Err(Refusal::NotAuthorized)
        );
        assert_eq!(with(&[ADMIN]).allow(Access::Admin), Ok(()));
    }

    #[test]
    fn signed_tokens_verify_until_they_expire() {
        let keys = Keys::new(b"k");
        let now = DateTime::from_timestamp(1_000, 0).expect("valid");
        let claims = Claims {
            user_id: Some("u".into()),
            exp: Some(2_000),
            ..Claims::default()
        };
        let token = keys.sign(&claims).expect("signs");

        assert!(keys.verify(&token, now).is_some());
        assert!(
            keys.verify(&token, DateTime::from_timestamp(2_000, 0).expect("valid"))
                .is_none()
        );
        assert!(Keys::new(b"other").verify(&token, now).is_none());
        assert_eq!(
            Keys::decode_unverified(&token).and_then(Claims::identity).map(|i| i.id),
            Some("u".to_owned())
        );
    }
}
