//! The record as the app stores it: versioned JSON, checked on load.

use serde::{Deserialize, Serialize};

use super::record::VendorState;
use super::{AuditEvent, AuditTrail, ChainBreak, VendorId, VendorRecord};
use crate::attest::json::{self, Limits};

/// The version of the vendor record format this croqual writes and reads.
pub const SCHEMA: u64 = 1;

/// A record read back, with what the checks found. The record is the one its trail says,
/// breaks included; nothing was repaired.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadedRecord {
    /// The record, as its trail replays.
    pub record: VendorRecord,
    /// What the checks found.
    pub integrity: Integrity,
}

/// What loading found about a record's trail and facts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Integrity {
    /// The audit chain: intact, or its first break.
    pub chain: Result<(), ChainBreak>,
    /// The stored facts that differ from what the trail replays to: edited outside croqual.
    /// `"vendor"` when the stored facts do not even read. The record loaded holds the trail's
    /// facts; the app should keep the stored text aside before saving over it.
    pub differing_fields: Vec<&'static str>,
}

impl Integrity {
    /// Whether the chain is intact and the facts agree with it.
    pub fn is_intact(&self) -> bool {
        self.chain.is_ok() && self.differing_fields.is_empty()
    }
}

/// Why a stored record could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SnapshotError {
    /// Not strict JSON.
    #[error("the stored vendor record is not valid JSON: {reason}")]
    Json {
        /// What the reader found.
        reason: String,
    },
    /// No `schema` number at the top.
    #[error("the stored value is not a croqual vendor record: it has no schema version")]
    NoSchema,
    /// A schema version this croqual does not read.
    #[error(
        "vendor record schema version {version} is not supported: this croqual reads version 1 only{hint}",
        hint = if *.version > SCHEMA { ", and the record was written by a newer croqual" } else { "" }
    )]
    UnsupportedSchema {
        /// The version found.
        version: u64,
    },
    /// A version 1 record that does not have version 1's shape.
    #[error("the stored vendor record does not match schema version 1: {reason}")]
    Shape {
        /// What serde found, naming the field.
        reason: String,
    },
}

impl VendorRecord {
    /// The record as JSON: `{"schema": 1, "id": …, "vendor": {…}, "trail": […]}`.
    pub fn to_json(&self) -> String {
        let (id, state, trail) = self.parts();
        let file = FileRef {
            schema: SCHEMA,
            id,
            vendor: state,
            trail,
        };
        serde_json::to_string(&file)
            .expect("invariant: a vendor record serialises: string keys, no floats")
    }

    /// Reads a record written by [`VendorRecord::to_json`], replays its trail and checks it.
    ///
    /// # Errors
    ///
    /// [`SnapshotError`] when the text is not JSON, not a vendor record, of another schema
    /// version, or its id or trail are not of version 1's shape. A broken chain or edited
    /// facts are not errors: they are reported in [`LoadedRecord::integrity`].
    pub fn from_json(text: &str) -> Result<LoadedRecord, SnapshotError> {
        let value =
            json::parse_str(text, &Limits::default()).map_err(|error| SnapshotError::Json {
                reason: error.to_string(),
            })?;
        let Some(version) = value.get("schema") else {
            return Err(SnapshotError::NoSchema);
        };
        let Some(version) = version.as_u64() else {
            return Err(SnapshotError::NoSchema);
        };
        if version != SCHEMA {
            return Err(SnapshotError::UnsupportedSchema { version });
        }
        let file: File = serde_json::from_value(value).map_err(|error| SnapshotError::Shape {
            reason: error.to_string(),
        })?;

        let record = VendorRecord::replay(file.id, file.trail);
        let (id, replayed, trail) = record.parts();
        let mut differing_fields = Vec::new();
        // The id is stored outside the chain; the creation entry vouches for it.
        if let Some(AuditEvent::VendorCreated { vendor, .. }) =
            trail.entries().first().map(|entry| &entry.event)
            && vendor != id
        {
            differing_fields.push("id");
        }
        // The trail prevails: facts that no longer even read are reported, not fatal.
        match serde_json::from_value::<VendorState>(file.vendor) {
            Ok(stored) => differing_fields.extend(replayed.differences(&stored)),
            Err(_) => differing_fields.push("vendor"),
        }
        let integrity = Integrity {
            chain: record.first_break(),
            differing_fields,
        };
        Ok(LoadedRecord { record, integrity })
    }
}

#[derive(Serialize)]
struct FileRef<'a> {
    schema: u64,
    id: &'a VendorId,
    vendor: &'a VendorState,
    trail: &'a AuditTrail,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    // Checked before the rest is read.
    #[serde(rename = "schema")]
    _schema: u64,
    id: VendorId,
    vendor: serde_json::Value,
    trail: AuditTrail,
}
