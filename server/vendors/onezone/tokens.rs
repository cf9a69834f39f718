//! Who a Onezone caller is and what its tokens say: a provider authenticates with a token header (the same token
//! is always the same provider), and a space-creation token is a macaroon whose identifier names the space's
//! owner (lenient mode) or one of the fixtures' tokens (strict mode).

use base64::{
    Engine,
    engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig, general_purpose::URL_SAFE_NO_PAD},
};
use sha2::{Digest, Sha256};

use super::{
    AuthMode, Onezone,
    errors::{Denied, Invalid, error, invalid_token},
};
use crate::{
    generated::onezone::Scheme,
    rt::Credentials,
    store::{OnezoneStore, SpaceToken},
};

/// Base64url, padded or not.
const TOKEN_ENCODING: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// The identifier of a macaroon-shaped token: base64url text that decodes to the `identifier ` and `signature `
/// packets. `None` if the token does not have that shape.
pub fn macaroon_identifier(token: &str) -> Option<String> {
    let well_formed = !token.is_empty()
        && token
            .trim_end_matches('=')
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !well_formed {
        return None;
    }
    let bytes = TOKEN_ENCODING.decode(token).ok()?;
    let find = |needle: &[u8]| bytes.windows(needle.len()).position(|w| w == needle);
    find(b"signature ")?;
    let start = find(b"identifier ")? + b"identifier ".len();
    let identifier: Vec<u8> = bytes[start..].iter().take_while(|b| **b != b'\n').copied().collect();
    let identifier = String::from_utf8(identifier).ok()?;
    (!identifier.is_empty()).then_some(identifier)
}

/// A provider's id: the same token always names the same provider.
pub fn provider_id(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    URL_SAFE_NO_PAD.encode(digest).chars().take(43).collect()
}

impl<S: OnezoneStore> Onezone<S> {
    /// The calling provider's id; 403 for HTTP basic (a user, not a provider), 401 for a token strict mode does
    /// not know.
    pub(super) async fn provider(&self, credentials: &Credentials<Scheme>) -> Result<String, Denied> {
        if credentials.scheme == Scheme::Basic {
            return Err(Denied::Refused(error(
                "forbidden",
                "Only a provider may perform this operation.",
            )));
        }
        if self.auth == AuthMode::Strict {
            let known = self
                .store
                .is_provider_token(&credentials.secret)
                .await
                .map_err(|failure| Denied::Failed(failure.into()))?;
            if !known {
                return Err(Denied::Unauthenticated(invalid_token()));
            }
        }
        Ok(provider_id(&credentials.secret))
    }

    /// The owner a space-creation token names, and the single-use token to use up with the space; 400 for a token
    /// that does not validate.
    pub(super) async fn owner(&self, token: &str) -> Result<(String, Option<String>), Invalid> {
        match self.auth {
            AuthMode::Lenient => macaroon_identifier(token)
                .map(|owner| (owner, None))
                .ok_or_else(|| Invalid::BadRequest(invalid_token())),
            AuthMode::Strict => match self.store.space_token(token).await? {
                Some(SpaceToken {
                    single_use: true,
                    used: true,
                    ..
                })
                | None => Err(Invalid::BadRequest(invalid_token())),
                Some(known) => Ok((known.user, known.single_use.then(|| token.to_owned()))),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The API docs' example space-creation token.
    const SEED_TOKEN: &str = "JKAxNWxvY2F0aW9uIG9uZXpvbmUKMDAzYmlkZW50aWZpZXIgOEhmSEFSSGdrbHFCa1pWSTRsNk1CVHZTU3Z0OThwcHA2OTQ4czhRN1NPawowMDFhY2lkIHRpbWUgPCAxNDk2MTQwMTQ0CjAwMmZzaWduYXR1cmUg88OIBmav38YI0Z2-dw-fvrZ3XP-J0HjCN0taT3_WungK";

    #[test]
    fn the_docs_token_is_a_macaroon_naming_its_identifier() {
        assert_eq!(
            macaroon_identifier(SEED_TOKEN).as_deref(),
            Some("8HfHARHgklqBkZVI4l6MBTvSSvt98ppp6948s8Q7SOk")
        );
    }

    #[test]
    fn other_strings_are_not_tokens() {
        for token in ["", "abc", "invalid", "not a token", "aWRlbnRpZmllciB4"] {
            assert_eq!(macaroon_identifier(token), None, "{token}");
        }
    }

    #[test]
    fn a_provider_id_is_43_stable_characters() {
        assert_eq!(provider_id("p1"), provider_id("p1"));
        assert_ne!(provider_id("p1"), provider_id("p2"));
        assert_eq!(provider_id("p1").len(), 43);
    }
}
