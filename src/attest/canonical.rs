//! RFC 8785 (JCS) canonical JSON.
//!
//! PROVISIONAL: a thin wrapper over serde_json_canonicalizer; the guarded version that refuses
//! NaN, infinities and unsafe integers replaces it.

use serde::Serialize;

/// Why a value has no canonical form.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CanonicalError {
    /// The value could not be serialised.
    #[error("cannot write canonical JSON: {0}")]
    Serialize(String),
}

/// The RFC 8785 canonical bytes of `value`.
///
/// # Errors
///
/// When `value` has no canonical JSON form.
pub fn canonical_bytes<T: Serialize>(value: &T) -> Result<Vec<u8>, CanonicalError> {
    serde_json_canonicalizer::to_vec(value)
        .map_err(|error| CanonicalError::Serialize(error.to_string()))
}
