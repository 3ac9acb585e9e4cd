//! A signing key as this browser stores it, on either side: the key under one storage key,
//! and a stored value that does not read as a key moved under another before anything
//! replaces it, so that it is never lost.

use croqual::attest::keys::PrivateKeyBackup;

use crate::app::persist::{self, Persistence};

/// Where one side keeps its signing key.
pub struct StoredKey {
    /// The storage key of the signing key.
    pub key: &'static str,
    /// Where a stored value that does not read is kept once another key replaces it.
    pub aside: &'static str,
}

impl StoredKey {
    /// The signing key, if one reads.
    pub fn read(&self) -> Option<PrivateKeyBackup> {
        let raw = persist::read(self.key)?;
        PrivateKeyBackup::parse(&raw).ok()
    }

    /// What is stored as the signing key when it does not read as one, and why.
    pub fn unreadable(&self) -> Option<(String, String)> {
        let raw = persist::read(self.key)?;
        let error = PrivateKeyBackup::parse(&raw).err()?;
        Some((raw, error.to_string()))
    }

    /// Stores `backup`, after setting aside a stored value that does not read.
    pub fn keep(&self, persistence: Persistence, backup: &PrivateKeyBackup) {
        self.set_aside(persistence);
        persistence.save(self.key, backup.to_text().to_string());
    }

    /// Moves a stored value that does not read to [`StoredKey::aside`].
    pub fn set_aside(&self, persistence: Persistence) {
        if let Some((raw, _)) = self.unreadable() {
            persistence.save(self.aside, raw);
            persistence.remove(self.key);
        }
    }
}
