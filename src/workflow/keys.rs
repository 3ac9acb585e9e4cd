//! The vendor's pinned signing key and the history of its replacements.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::attest::keys::Fingerprint;

/// The key a vendor's submissions must be signed with, and the keys it replaced.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PinnedKeys {
    /// The key pinned now; `None` until one is pinned.
    pub current: Option<PinnedKey>,
    /// Every replacement, oldest first.
    pub replacements: Vec<KeyReplacement>,
}

impl PinnedKeys {
    /// The fingerprint pinned now.
    pub fn fingerprint(&self) -> Option<Fingerprint> {
        self.current.as_ref().map(|key| key.fingerprint)
    }
}

/// A pinned key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PinnedKey {
    /// The key's fingerprint, in full.
    pub fingerprint: Fingerprint,
    /// How the sponsor obtained it.
    pub source: KeySource,
    /// Who pinned it, as they typed their name.
    pub pinned_by: String,
    /// When.
    pub pinned_at: Timestamp,
}

/// How a sponsor obtained the key it pins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeySource {
    /// From the public key file the vendor sent.
    PublicKeyFile,
    /// By confirming the full fingerprint with the vendor, for example read over the phone.
    ConfirmedFingerprint,
}

/// The explicit decision to replace a pinned key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyReplacement {
    /// The key that was pinned until then.
    pub replaced: PinnedKey,
    /// The key pinned instead.
    pub replacement: Fingerprint,
    /// Who decided, as they typed their name.
    pub decided_by: String,
    /// When.
    pub decided_at: Timestamp,
    /// Why.
    pub why: String,
}
