//! HS256 for jsonwebtoken through its `CryptoProvider` hook, with RustCrypto's `hmac` and `sha2`. HS256 is the
//! only algorithm spaceport signs and verifies, and this keeps RSA and elliptic-curve code (a third of a clean
//! release build) out of the binary.

use hmac::{Hmac, Mac};
use jsonwebtoken::{
    Algorithm, DecodingKey, EncodingKey,
    crypto::{CryptoProvider, JwtSigner, JwtVerifier, KeyUtils},
    errors::{ErrorKind, Result},
    signature::{self, Signer, Verifier},
};
use sha2::Sha256;

struct Hs256(Hmac<Sha256>);

impl Signer<Vec<u8>> for Hs256 {
    fn try_sign(&self, message: &[u8]) -> std::result::Result<Vec<u8>, signature::Error> {
        let mut mac = self.0.clone();
        mac.update(message);
        Ok(mac.finalize().into_bytes().to_vec())
    }
}

impl JwtSigner for Hs256 {
    fn algorithm(&self) -> Algorithm {
        Algorithm::HS256
    }
}

impl Verifier<Vec<u8>> for Hs256 {
    fn verify(&self, message: &[u8], signature: &Vec<u8>) -> std::result::Result<(), signature::Error> {
        let mut mac = self.0.clone();
        mac.update(message);
        mac.verify_slice(signature).map_err(signature::Error::from_source)
    }
}

impl JwtVerifier for Hs256 {
    fn algorithm(&self) -> Algorithm {
        Algorithm::HS256
    }
}

fn hs256(algorithm: Algorithm, key: &[u8]) -> Result<Hs256> {
    if algorithm != Algorithm::HS256 {
        return Err(ErrorKind::InvalidAlgorithm.into());
    }
    Hmac::<Sha256>::new_from_slice(key)
        .map(Hs256)
        .map_err(|_| ErrorKind::InvalidKeyFormat.into())
}

fn signer(algorithm: &Algorithm, key: &EncodingKey) -> Result<Box<dyn JwtSigner>> {
    Ok(Box::new(hs256(*algorithm, key.as_bytes())?))
}

fn verifier(algorithm: &Algorithm, key: &DecodingKey) -> Result<Box<dyn JwtVerifier>> {
    Ok(Box::new(hs256(*algorithm, key.try_get_as_bytes()?)?))
}

/// The provider: HS256 only, no JWK support.
static HS256_ONLY: CryptoProvider = CryptoProvider {
    signer_factory: signer,
    verifier_factory: verifier,
    key_utils: KeyUtils::new_unimplemented(),
};

/// Makes HS256 available to jsonwebtoken; later calls (another app in the same process) change nothing.
pub fn install() {
    // `Err` means a provider is already installed: this one, by an earlier app in the same process.
    let _ = HS256_ONLY.install_default();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_algorithms_are_refused() {
        install();
        let key = EncodingKey::from_secret(b"k");

        let refused = jsonwebtoken::encode(
            &jsonwebtoken::Header::new(Algorithm::HS512),
            &serde_json::json!({}),
            &key,
        );

        assert!(refused.is_err());
    }
}
