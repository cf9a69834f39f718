//! Who is calling: the identity a bearer token names (a fixtures token, or a JWT decoded in lenient mode and
//! verified in strict mode), and whether its scopes allow what it asks.

use super::{
    CloudFoundry,
    auth::{Access, AuthMode, Claims, Identity, Keys},
    errors::{Denied, error, refusal_error},
};
use crate::{
    generated::cloud_foundry::Scheme,
    rt::Credentials,
    store::{CloudFoundryStore, cloud_foundry::User},
};

/// The identity a user's tokens carry.
pub(super) fn identity_of(user: User) -> Identity {
    Identity {
        id: user.guid,
        email: user.email,
        user_name: user.username,
        scopes: user.scopes,
    }
}

impl<S: CloudFoundryStore> CloudFoundry<S> {
    /// The identity a bearer token names, or 401 code 1000 (the body real clients refresh on); a refresh token
    /// is no access token.
    pub(super) async fn identify(&self, credentials: &Credentials<Scheme>) -> Result<Identity, Denied> {
        let static_token = self
            .store
            .user_for_token(&credentials.secret)
            .await
            .map_err(|failure| Denied::Failed(failure.into()))?;
        if let Some(user) = static_token {
            return Ok(identity_of(user));
        }
        let claims = match self.auth {
            AuthMode::Lenient => Keys::decode_unverified(&credentials.secret),
            AuthMode::Strict => self.keys.verify(&credentials.secret, self.sources.clock.now()),
        };
        claims
            .filter(|c| c.token_use.as_deref() != Some("refresh"))
            .and_then(Claims::identity)
            .ok_or_else(|| Denied::Unauthenticated(error("InvalidAuthToken", 1000, "Invalid Auth Token")))
    }
}

/// Whether `who`'s scopes allow `access` (else 403).
pub(super) fn gate(who: &Identity, access: Access) -> Result<(), Denied> {
    who.allow(access)
        .map_err(|refusal| Denied::Refused(refusal_error(refusal)))
}
