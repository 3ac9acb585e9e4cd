//! The sponsor's pins: which key fingerprints belong to which vendor.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::attest::keys::Fingerprint;

/// A vendor (a CRO) as the sponsor knows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vendor {
    /// The sponsor's identifier for the vendor, such as "VND-0001".
    pub id: String,
    /// The vendor's name as the sponsor records it.
    pub name: String,
}

/// The keys a sponsor trusts, each pinned for one vendor.
///
/// Trust is only ever what the sponsor put here: a signature that verifies under a key not in
/// the store is reported as valid but unpinned, never as verified. A vendor may have several
/// keys (while it rotates them); a key belongs to one vendor.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustStore {
    pins: BTreeMap<Fingerprint, Vendor>,
}

impl TrustStore {
    /// A store that trusts nothing.
    pub fn new() -> TrustStore {
        TrustStore::default()
    }

    /// Pins the key with `fingerprint` for `vendor`. Pinning it again for the same vendor id
    /// updates the vendor's name.
    ///
    /// # Errors
    ///
    /// [`TrustError::PinnedForAnotherVendor`] when the key is already pinned for a vendor with
    /// another id: one key speaking for two vendors would make "verified" ambiguous.
    pub fn pin(&mut self, fingerprint: Fingerprint, vendor: Vendor) -> Result<(), TrustError> {
        if let Some(existing) = self.pins.get(&fingerprint)
            && existing.id != vendor.id
        {
            return Err(TrustError::PinnedForAnotherVendor {
                fingerprint,
                vendor_id: existing.id.clone(),
            });
        }
        self.pins.insert(fingerprint, vendor);
        Ok(())
    }

    /// Removes a pin, returning the vendor it was pinned for.
    pub fn unpin(&mut self, fingerprint: &Fingerprint) -> Option<Vendor> {
        self.pins.remove(fingerprint)
    }

    /// The vendor a key is pinned for.
    pub fn vendor(&self, fingerprint: &Fingerprint) -> Option<&Vendor> {
        self.pins.get(fingerprint)
    }

    /// Every pin, by fingerprint.
    pub fn pins(&self) -> impl Iterator<Item = (&Fingerprint, &Vendor)> {
        self.pins.iter()
    }

    /// The number of pinned keys.
    pub fn len(&self) -> usize {
        self.pins.len()
    }

    /// Whether no key is pinned.
    pub fn is_empty(&self) -> bool {
        self.pins.is_empty()
    }
}

/// Why a pin was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TrustError {
    /// The key already speaks for another vendor.
    #[error("the key {fingerprint} is already pinned for vendor {vendor_id}")]
    PinnedForAnotherVendor {
        /// The key.
        fingerprint: Fingerprint,
        /// The vendor it is pinned for.
        vendor_id: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vendor(id: &str, name: &str) -> Vendor {
        Vendor {
            id: id.into(),
            name: name.into(),
        }
    }

    #[test]
    fn a_key_cannot_be_pinned_for_two_vendors() {
        let fingerprint = Fingerprint::of_public_key(&[1; 32]);
        let mut store = TrustStore::new();
        assert_eq!(store.pin(fingerprint, vendor("VND-1", "One")), Ok(()));
        assert_eq!(store.pin(fingerprint, vendor("VND-1", "One GmbH")), Ok(()));
        assert_eq!(
            store.pin(fingerprint, vendor("VND-2", "Two")),
            Err(TrustError::PinnedForAnotherVendor {
                fingerprint,
                vendor_id: "VND-1".into()
            })
        );
        assert_eq!(
            store.vendor(&fingerprint).map(|v| v.name.as_str()),
            Some("One GmbH")
        );
    }
}
