//! Ed25519 keys, their fingerprints, and the files they travel in.
//!
//! - A [`SigningKey`] is made from a 32-byte seed that the caller draws from the platform's
//!   secure randomness (the CLI uses `getrandom`, the browser `crypto.getRandomValues`). The
//!   library never reads a random source, so every key in a test is reproducible.
//! - A [`VerifyingKey`] is the public half. Verification always uses ed25519-dalek's
//!   `verify_strict`, which refuses non-canonical signatures and small-order keys, the raw
//!   material of known Ed25519 forgeries; such keys are also refused when read.
//! - A [`Fingerprint`] is SHA-256 of the 32-byte public key, shown as 16 groups of 4 hex
//!   digits for people to compare.
//! - A [`PublicKeyFile`] is the small text file a CRO sends its sponsor outside the export,
//!   and a [`PrivateKeyBackup`] the file a CRO keeps to restore its key. Both formats are
//!   described on their types.
//!
//! # Examples
//!
//! ```
//! use croqual::attest::keys::{PublicKeyFile, SigningKey};
//!
//! let key = SigningKey::from_seed([7; 32]);
//! let file = PublicKeyFile::new("Example CRO GmbH", key.verifying_key()).expect("valid name");
//! let text = file.to_text();
//! assert!(text.starts_with("croqual public key v1\n"));
//! assert_eq!(PublicKeyFile::parse(&text), Ok(file));
//! ```
//!
//! # Limitations
//!
//! - Seeds and backup texts that croqual makes are wiped from memory when dropped (`zeroize`).
//!   Copies it cannot reach are not: the caller's seed array, the text of a backup file the
//!   caller read, and whatever the browser keeps of an uploaded file.
//! - Backups are not encrypted: the file is as secret as the key. Keeping it in a password
//!   manager or on an encrypted drive is left to the person, and the file says so.

mod files;
mod fingerprint;

pub use files::{KeyFileError, KeyFileKind, PrivateKeyBackup, PublicKeyFile};
pub use fingerprint::{Fingerprint, FingerprintParseError};

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::Signer as _;
use zeroize::{Zeroize as _, Zeroizing};

/// An Ed25519 private key. Its seed is wiped from memory when it is dropped.
#[derive(Clone)]
pub struct SigningKey {
    inner: ed25519_dalek::SigningKey,
}

impl SigningKey {
    /// The key whose RFC 8032 secret is `seed`.
    ///
    /// The seed must come from a secure random source; croqual's own copy is wiped.
    pub fn from_seed(seed: [u8; 32]) -> SigningKey {
        let mut seed = seed;
        let inner = ed25519_dalek::SigningKey::from_bytes(&seed);
        seed.zeroize();
        SigningKey { inner }
    }

    /// The public half.
    pub fn verifying_key(&self) -> VerifyingKey {
        VerifyingKey(self.inner.verifying_key())
    }

    /// The fingerprint of the public half.
    pub fn fingerprint(&self) -> Fingerprint {
        self.verifying_key().fingerprint()
    }

    /// The Ed25519 signature of `message` (deterministic, RFC 8032).
    pub fn sign(&self, message: &[u8]) -> Signature {
        Signature(self.inner.sign(message).to_bytes())
    }

    /// A copy of the seed, wiped when dropped, for the backup file.
    pub(crate) fn seed(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.inner.to_bytes())
    }
}

impl fmt::Debug for SigningKey {
    /// Shows the fingerprint only: a private key never reaches a log.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SigningKey({})", self.fingerprint())
    }
}

/// An Ed25519 public key that is a valid curve point of large order.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct VerifyingKey(ed25519_dalek::VerifyingKey);

impl VerifyingKey {
    /// Reads a 32-byte encoded public key.
    ///
    /// # Errors
    ///
    /// [`KeyError::NotACurvePoint`] when the bytes encode no point, [`KeyError::WeakKey`] when
    /// the point has small order: any signature "verifies" under such a key with a lax
    /// verifier, so no genuine key is one.
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<VerifyingKey, KeyError> {
        let key =
            ed25519_dalek::VerifyingKey::from_bytes(bytes).map_err(|_| KeyError::NotACurvePoint)?;
        if key.is_weak() {
            return Err(KeyError::WeakKey);
        }
        Ok(VerifyingKey(key))
    }

    /// Reads a public key written in standard base64 (with padding).
    ///
    /// # Errors
    ///
    /// When the text is not base64 of 32 bytes, or as for [`VerifyingKey::from_bytes`].
    pub fn from_base64(text: &str) -> Result<VerifyingKey, KeyError> {
        let bytes: [u8; 32] = decode_base64(text, "public key")?;
        VerifyingKey::from_bytes(&bytes)
    }

    /// The 32 bytes.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// The 32 bytes in standard base64, as written in files.
    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.0.as_bytes())
    }

    /// SHA-256 of the 32 bytes.
    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint::of_public_key(self.0.as_bytes())
    }

    /// Checks `signature` on `message` with ed25519-dalek's `verify_strict`.
    ///
    /// # Errors
    ///
    /// [`KeyError::BadSignature`] when it does not verify.
    pub fn verify_strict(&self, message: &[u8], signature: &Signature) -> Result<(), KeyError> {
        let signature = ed25519_dalek::Signature::from_bytes(&signature.0);
        self.0
            .verify_strict(message, &signature)
            .map_err(|_| KeyError::BadSignature)
    }
}

impl fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VerifyingKey({})", self.fingerprint())
    }
}

/// A 64-byte Ed25519 signature.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Signature([u8; 64]);

impl Signature {
    /// Wraps 64 bytes.
    pub fn from_bytes(bytes: [u8; 64]) -> Signature {
        Signature(bytes)
    }

    /// Reads a signature from a slice that must be 64 bytes long.
    ///
    /// # Errors
    ///
    /// [`KeyError::WrongLength`] for any other length.
    pub fn from_slice(bytes: &[u8]) -> Result<Signature, KeyError> {
        let bytes = <[u8; 64]>::try_from(bytes).map_err(|_| KeyError::WrongLength {
            what: "signature",
            expected: 64,
            found: bytes.len(),
        })?;
        Ok(Signature(bytes))
    }

    /// Reads a signature written in standard base64 (with padding).
    ///
    /// # Errors
    ///
    /// When the text is not base64 of 64 bytes.
    pub fn from_base64(text: &str) -> Result<Signature, KeyError> {
        decode_base64(text, "signature").map(Signature)
    }

    /// The 64 bytes.
    pub fn to_bytes(&self) -> [u8; 64] {
        self.0
    }

    /// The 64 bytes in standard base64.
    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.0)
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signature({})", self.to_base64())
    }
}

/// Why a key or a signature is unusable.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// Text that is not standard base64.
    #[error("the {what} is not valid base64: {reason}")]
    NotBase64 {
        /// What was being read: "public key", "signature" or "seed".
        what: &'static str,
        /// The decoder's explanation.
        reason: String,
    },
    /// The decoded bytes have the wrong length.
    #[error("the {what} is {found} bytes long; an Ed25519 {what} is {expected}")]
    WrongLength {
        /// What was being read.
        what: &'static str,
        /// The length it must have.
        expected: usize,
        /// The length it has.
        found: usize,
    },
    /// 32 bytes that encode no point on the curve.
    #[error("the public key is not a valid Ed25519 point")]
    NotACurvePoint,
    /// A small-order point.
    #[error("the public key is a small-order point, which no genuine key is")]
    WeakKey,
    /// A signature that does not verify.
    #[error("the signature does not verify")]
    BadSignature,
}

/// Decodes standard base64 (canonical padding required) into exactly `N` bytes.
fn decode_base64<const N: usize>(text: &str, what: &'static str) -> Result<[u8; N], KeyError> {
    let bytes = Zeroizing::new(STANDARD.decode(text).map_err(|error| KeyError::NotBase64 {
        what,
        reason: error.to_string(),
    })?);
    <[u8; N]>::try_from(bytes.as_slice()).map_err(|_| KeyError::WrongLength {
        what,
        expected: N,
        found: bytes.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_under_its_key_and_not_under_another() {
        let key = SigningKey::from_seed([1; 32]);
        let other = SigningKey::from_seed([2; 32]);
        let signature = key.sign(b"message");
        assert_eq!(
            key.verifying_key().verify_strict(b"message", &signature),
            Ok(())
        );
        assert_eq!(
            other.verifying_key().verify_strict(b"message", &signature),
            Err(KeyError::BadSignature)
        );
    }

    #[test]
    fn a_small_order_public_key_is_refused() {
        // The identity point, encoded: y = 1.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        assert_eq!(VerifyingKey::from_bytes(&identity), Err(KeyError::WeakKey));
    }

    #[test]
    fn base64_of_the_wrong_length_is_named() {
        assert_eq!(
            Signature::from_base64("AAAA")
                .expect_err("should be refused")
                .to_string(),
            "the signature is 3 bytes long; an Ed25519 signature is 64"
        );
        assert!(VerifyingKey::from_base64("not base64!").is_err());
    }

    #[test]
    fn debug_output_shows_the_fingerprint_and_never_the_seed() {
        let key = SigningKey::from_seed([9; 32]);
        let shown = format!("{key:?}");
        assert!(shown.contains(&key.fingerprint().to_string()));
        assert!(!shown.contains("9, 9"));
    }
}
