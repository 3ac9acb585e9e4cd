//! The id a vendor has in the sponsor's register.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A vendor's id in the register ("VND-0001"): 1 to 64 ASCII letters, digits, '-', '_' or
/// '.', so that it fits in a storage key and a file name as is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct VendorId(String);

impl VendorId {
    /// The id, checked.
    ///
    /// # Errors
    ///
    /// When `text` is empty, longer than 64 bytes or holds another character.
    pub fn new(text: impl Into<String>) -> Result<VendorId, InvalidVendorId> {
        let text = text.into();
        let valid = (1..=64).contains(&text.len())
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        if valid {
            Ok(VendorId(text))
        } else {
            Err(InvalidVendorId {
                text: text.chars().take(80).collect(),
            })
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for VendorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for VendorId {
    type Err = InvalidVendorId;

    fn from_str(text: &str) -> Result<VendorId, InvalidVendorId> {
        VendorId::new(text)
    }
}

impl TryFrom<String> for VendorId {
    type Error = InvalidVendorId;

    fn try_from(text: String) -> Result<VendorId, InvalidVendorId> {
        VendorId::new(text)
    }
}

impl From<VendorId> for String {
    fn from(id: VendorId) -> String {
        id.0
    }
}

/// Why a text is not a vendor id.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("vendor id {text:?} is invalid: use 1 to 64 ascii letters, digits, '-', '_' or '.'")]
pub struct InvalidVendorId {
    text: String,
}
