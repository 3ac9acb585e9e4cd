//! The sponsor's workspace as it is saved: each vendor's workflow record, and the signed
//! files a reviewer still needs.
//!
//! A [`VendorFile`] is what the browser app stores under one key per vendor: the
//! [`VendorRecord`] (the facts and the audit trail, as [`VendorRecord::to_json`] writes it)
//! plus a few signed documents kept as they were verified:
//!
//! - the submissions received last and before it (the evaluation reads the current one, and
//!   the changes between revisions need both);
//! - a verified submission *held* until the vendor reaches the cybersecurity assessment step
//!   (a file may arrive while identification or the service qualification is still open);
//! - the sponsor's signed decisions, so they can be downloaded again.
//!
//! ```json
//! {
//!   "format": "croqual-sponsor-vendor", "format_version": 1,
//!   "record": { "schema": 1, "id": "VND-0001", "vendor": {}, "trail": [] },
//!   "held": null,
//!   "submissions": [{ "digest": "sha256:…", "signed": { "payload": {}, "signature": {} } }],
//!   "decisions": []
//! }
//! ```
//!
//! The kept documents are never trusted as stored: the app verifies them again, signature
//! and recomputation, each time it shows them. The record is checked on load as
//! [`VendorRecord::from_json`] does, and what the check found comes back beside it.
//!
//! # Limitations
//!
//! - Only the current and the previous submission's signed files are kept: browser storage
//!   holds about 5 MB per site, and a submission is 50–100 kB. Older revisions stay in the
//!   record and its audit trail (digest, revision, scores, outcome) but their answers can no
//!   longer be read here; import the file again to review it, which is recognised by its
//!   digest and changes nothing.
//! - Two tabs that change the same vendor at the same moment each append to the audit trail;
//!   a hash chain cannot interleave them, so [`VendorFile::merge`] keeps the stored trail and
//!   reports the other as diverged, for the app to keep aside and say so.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::attest::Digest;
use crate::attest::envelope::{ALGORITHM, CANONICALIZATION, SignedDocument};
use crate::attest::json::{self, Limits};
use crate::workflow::{Integrity, SnapshotError, VendorRecord};

/// The format id of a stored vendor.
pub const VENDOR_FILE_FORMAT: &str = "croqual-sponsor-vendor";
/// The version this croqual writes and reads.
pub const VENDOR_FILE_VERSION: u64 = 1;

/// How many received submissions keep their signed file: the current one and the one before.
pub const KEPT_SUBMISSIONS: usize = 2;

/// One vendor as the sponsor's browser stores it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VendorFile {
    /// The workflow record: facts and audit trail.
    pub record: VendorRecord,
    held: Option<KeptDocument>,
    submissions: Vec<KeptDocument>,
    decisions: Vec<KeptDocument>,
}

/// A signed document kept as verified: its digest and the envelope as compact JSON text.
///
/// Kept as text rather than as a parsed value: a bulk import keeps a thousand of these and
/// only a few are ever looked into, one at a time, by a person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeptDocument {
    /// The document's digest (of its canonical payload).
    pub digest: Digest,
    /// The envelope, `{"payload", "signature"}`, written in place when stored.
    #[serde(with = "json_text")]
    signed: String,
}

impl KeptDocument {
    /// Keeps a verified document, written compactly: whitespace never mattered to its
    /// signature, and storage is scarce.
    pub fn of(document: &SignedDocument) -> KeptDocument {
        let signature = serde_json::json!({
            "algorithm": ALGORITHM,
            "canonicalization": CANONICALIZATION,
            "fingerprint": document.fingerprint(),
            "public_key": document.public_key().to_base64(),
            "value": document.signature().to_base64(),
        });
        // The canonical payload is compact JSON already, with its members in order: it goes
        // in as it is, which costs a copy where writing the parsed payload costs a walk.
        let payload = std::str::from_utf8(document.canonical_payload())
            .map(str::to_owned)
            .unwrap_or_else(|_| document.payload().to_string());
        KeptDocument {
            digest: document.digest(),
            signed: format!("{{\"payload\":{payload},\"signature\":{signature}}}"),
        }
    }

    /// The envelope, parsed.
    pub fn signed(&self) -> Value {
        // The text was written from a value, or read from one.
        serde_json::from_str(&self.signed).unwrap_or(Value::Null)
    }

    /// The signed payload, parsed.
    pub fn payload(&self) -> Option<Value> {
        match self.signed() {
            Value::Object(mut envelope) => envelope.remove("payload"),
            _ => None,
        }
    }

    /// The file's bytes, for verifying it again.
    pub fn bytes(&self) -> Vec<u8> {
        self.signed.as_bytes().to_vec()
    }
}

/// Stores a JSON text in place, and reads any JSON value back as its compact text.
mod json_text {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use serde_json::Value;
    use serde_json::value::RawValue;

    pub fn serialize<S: Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
        match RawValue::from_string(text.to_owned()) {
            Ok(raw) => raw.serialize(serializer),
            Err(error) => Err(serde::ser::Error::custom(error)),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Ok(value.to_string())
    }
}

/// A stored vendor read back, with what the record's checks found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadedVendorFile {
    /// The vendor.
    pub file: VendorFile,
    /// The audit chain and the stored facts, as [`VendorRecord::from_json`] checked them.
    pub integrity: Integrity,
}

/// Why a stored vendor could not be read at all. The app keeps such a value aside untouched.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum VendorFileError {
    /// Nothing stored, or only whitespace.
    #[error("the stored vendor is empty")]
    Empty,
    /// Not strict JSON.
    #[error("the stored vendor is not valid JSON: {reason}")]
    Json {
        /// What the reader found.
        reason: String,
    },
    /// JSON, but not a stored croqual vendor.
    #[error("the stored value is not a croqual vendor: {reason}")]
    NotAVendor {
        /// What is missing or wrong.
        reason: String,
    },
    /// A version this croqual does not read.
    #[error(
        "the stored vendor is format version {version}, and this croqual reads version {VENDOR_FILE_VERSION}{hint}",
        hint = if *.version > VENDOR_FILE_VERSION { ": it was written by a newer croqual" } else { "" }
    )]
    UnsupportedVersion {
        /// The version found.
        version: u64,
    },
    /// The workflow record inside does not read.
    #[error(transparent)]
    Record(#[from] SnapshotError),
    /// The kept documents do not have their shape.
    #[error("the stored vendor's kept files do not read: {reason}")]
    Documents {
        /// serde's description.
        reason: String,
    },
}

/// What [`VendorFile::merge`] did with another tab's copy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Merged {
    /// Both copies hold the same record and files.
    Same,
    /// The other copy is ahead, or holds files this one lacks: it is taken, with this
    /// copy's files added. `write_back` says whether the result differs from the other
    /// copy, so that it should be stored again.
    Theirs {
        /// Whether the merged vendor must be written back.
        write_back: bool,
    },
    /// This copy is ahead of the other one: it is kept and must be written back.
    Mine,
    /// Both copies added different entries to the trail: the other copy (the one stored)
    /// is taken, with this copy's files added, and this copy's record must be kept aside.
    Diverged,
}

impl VendorFile {
    /// A vendor with no kept file.
    pub fn new(record: VendorRecord) -> VendorFile {
        VendorFile {
            record,
            held: None,
            submissions: Vec::new(),
            decisions: Vec::new(),
        }
    }

    /// The verified submission held until the cybersecurity assessment step.
    pub fn held(&self) -> Option<&KeptDocument> {
        self.held.as_ref()
    }

    /// Holds a verified submission until the vendor reaches the cybersecurity assessment
    /// step, replacing the one held before; returns that one.
    pub fn hold(&mut self, document: KeptDocument) -> Option<KeptDocument> {
        self.held.replace(document)
    }

    /// Lets go of the held submission.
    pub fn release_held(&mut self) -> Option<KeptDocument> {
        self.held.take()
    }

    /// The signed file of a received submission, when it is still kept.
    pub fn submission(&self, digest: &Digest) -> Option<&KeptDocument> {
        self.submissions
            .iter()
            .find(|document| document.digest == *digest)
    }

    /// The received submissions whose signed files are kept, oldest first.
    pub fn submissions(&self) -> &[KeptDocument] {
        &self.submissions
    }

    /// Keeps the signed file of a submission the record received, and lets go of files
    /// the record no longer needs (see [`VendorFile::prune`]).
    pub fn keep_submission(&mut self, document: KeptDocument) {
        if self.submission(&document.digest).is_none() {
            self.submissions.push(document);
        }
        self.prune();
    }

    /// The sponsor's signed decisions, oldest first.
    pub fn decisions(&self) -> &[KeptDocument] {
        &self.decisions
    }

    /// Keeps a signed decision.
    pub fn keep_decision(&mut self, document: KeptDocument) {
        if !self
            .decisions
            .iter()
            .any(|kept| kept.digest == document.digest)
        {
            self.decisions.push(document);
        }
    }

    /// Keeps only the files of the last [`KEPT_SUBMISSIONS`] submissions the record
    /// received, in the record's order, and drops a held file the record has received since.
    pub fn prune(&mut self) {
        let received: Vec<Digest> = self
            .record
            .submissions()
            .iter()
            .map(|received| received.submission.digest)
            .collect();
        let recent = &received[received.len().saturating_sub(KEPT_SUBMISSIONS)..];
        self.submissions
            .retain(|document| recent.contains(&document.digest));
        self.submissions
            .sort_by_key(|document| recent.iter().position(|digest| *digest == document.digest));
        if self
            .held
            .as_ref()
            .is_some_and(|held| received.contains(&held.digest))
        {
            self.held = None;
        }
    }

    /// The stored text.
    pub fn to_json(&self) -> String {
        // The record's own text goes in as it is, rather than read back into a value first:
        // a record with hundreds of submissions is saved often during a bulk import.
        let record =
            RawValue::from_string(self.record.to_json()).expect("invariant: a record writes JSON");
        let stored = Stored {
            format: VENDOR_FILE_FORMAT,
            format_version: VENDOR_FILE_VERSION,
            record: &record,
            held: &self.held,
            submissions: &self.submissions,
            decisions: &self.decisions,
        };
        serde_json::to_string(&stored).expect("invariant: kept documents serialise")
    }

    /// Reads a stored vendor. A bare workflow record, as [`VendorRecord::to_json`] writes
    /// it, reads as a vendor with no kept file.
    ///
    /// # Errors
    ///
    /// [`VendorFileError`] when the text is empty, not JSON, not a stored vendor, of another
    /// version, or when its record or kept files do not read. A broken audit chain is no
    /// error: it is reported in [`LoadedVendorFile::integrity`].
    pub fn from_json(text: &str) -> Result<LoadedVendorFile, VendorFileError> {
        if text.trim().is_empty() {
            return Err(VendorFileError::Empty);
        }
        let value =
            json::parse_str(text, &Limits::default()).map_err(|error| VendorFileError::Json {
                reason: error.to_string(),
            })?;
        let Value::Object(mut object) = value else {
            return Err(VendorFileError::NotAVendor {
                reason: "it is not a JSON object".to_owned(),
            });
        };
        if !object.contains_key("format") && object.contains_key("trail") {
            let loaded = VendorRecord::from_json(text)?;
            return Ok(LoadedVendorFile {
                file: VendorFile::new(loaded.record),
                integrity: loaded.integrity,
            });
        }
        match object.get("format").and_then(Value::as_str) {
            Some(VENDOR_FILE_FORMAT) => {}
            Some(other) => {
                return Err(VendorFileError::NotAVendor {
                    reason: format!("its format is {other:?}"),
                });
            }
            None => {
                return Err(VendorFileError::NotAVendor {
                    reason: "it has no \"format\"".to_owned(),
                });
            }
        }
        match object.get("format_version").and_then(Value::as_u64) {
            Some(VENDOR_FILE_VERSION) => {}
            Some(version) => return Err(VendorFileError::UnsupportedVersion { version }),
            None => {
                return Err(VendorFileError::NotAVendor {
                    reason: "it has no \"format_version\" number".to_owned(),
                });
            }
        }
        let Some(record) = object.remove("record") else {
            return Err(VendorFileError::NotAVendor {
                reason: "it has no \"record\"".to_owned(),
            });
        };
        let loaded = VendorRecord::from_json(&record.to_string())?;
        let documents = |object: &mut Map<String, Value>, field: &str| {
            object
                .remove(field)
                .map(serde_json::from_value::<Vec<KeptDocument>>)
                .transpose()
                .map(Option::unwrap_or_default)
                .map_err(|error| VendorFileError::Documents {
                    reason: format!("{field}: {error}"),
                })
        };
        let submissions = documents(&mut object, "submissions")?;
        let decisions = documents(&mut object, "decisions")?;
        let held =
            match object.remove("held") {
                None | Some(Value::Null) => None,
                Some(held) => Some(serde_json::from_value::<KeptDocument>(held).map_err(
                    |error| VendorFileError::Documents {
                        reason: format!("held: {error}"),
                    },
                )?),
            };
        Ok(LoadedVendorFile {
            file: VendorFile {
                record: loaded.record,
                held,
                submissions,
                decisions,
            },
            integrity: loaded.integrity,
        })
    }

    /// Merges this copy with `theirs`, another tab's copy of the same vendor as it was just
    /// stored: the copy whose audit trail extends the other's is taken, and the files both
    /// keep are kept. See [`Merged`].
    pub fn merge(&self, theirs: &VendorFile) -> (VendorFile, Merged) {
        let chain = |file: &VendorFile| -> Vec<Digest> {
            file.record
                .trail()
                .entries()
                .iter()
                .map(|entry| entry.digest)
                .collect()
        };
        let (mine_chain, their_chain) = (chain(self), chain(theirs));
        let extends = |longer: &[Digest], shorter: &[Digest]| longer.starts_with(shorter);
        // The same trail, or theirs goes further: theirs is the base.
        let (base, other, kind) = if extends(&their_chain, &mine_chain) {
            (theirs, self, None)
        } else if extends(&mine_chain, &their_chain) {
            (self, theirs, Some(Merged::Mine))
        } else {
            (theirs, self, Some(Merged::Diverged))
        };
        let mut merged = base.clone();
        for document in &other.submissions {
            if merged.submission(&document.digest).is_none() {
                merged.submissions.push(document.clone());
            }
        }
        for document in &other.decisions {
            merged.keep_decision(document.clone());
        }
        if merged.held.is_none() {
            merged.held = other.held.clone();
        }
        merged.prune();
        let kind = match kind {
            Some(kind) => kind,
            None if merged == *self && merged == *theirs => Merged::Same,
            None => Merged::Theirs {
                write_back: merged != *theirs,
            },
        };
        (merged, kind)
    }
}

/// A vendor as stored: the record's text, then the kept documents.
#[derive(Serialize)]
struct Stored<'a> {
    format: &'static str,
    format_version: u64,
    record: &'a RawValue,
    held: &'a Option<KeptDocument>,
    submissions: &'a [KeptDocument],
    decisions: &'a [KeptDocument],
}
