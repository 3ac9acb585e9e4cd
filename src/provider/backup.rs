//! A backup of the whole provider workspace: every assessment and the packs they use, in one
//! JSON file the person keeps. The signing key is not in it: it has its own backup file,
//! kept apart because it is a secret.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::record::{AssessmentRecord, SnapshotError, read_record};
use crate::attest::Digest;
use crate::attest::json::{self, JsonError, Notice};
use crate::pack::{Pack, PackError};

const FORMAT: &str = "croqual-backup";
const FORMAT_VERSION: u64 = 1;

/// Everything a provider workspace holds but its key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Backup {
    /// When the backup was made.
    pub created_at: Timestamp,
    /// The assessments.
    pub assessments: Vec<AssessmentRecord>,
    /// The packs loaded from files that the assessments answer.
    pub packs: Vec<BackupPack>,
    /// What the reader noticed, such as a removed byte-order mark.
    pub notices: Vec<Notice>,
}

/// A pack carried in a backup, as its JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupPack {
    /// The pack's digest, checked against `json` on restore.
    pub digest: Digest,
    /// The pack.
    pub json: String,
}

/// Why a file is not a backup croqual can restore. Nothing is restored then.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BackupError {
    /// The file is not JSON croqual reads (empty, not UTF-8, binary, truncated…).
    #[error("{0}")]
    Json(#[from] JsonError),
    /// Another file croqual knows, or JSON that is not a backup.
    #[error("this is not a croqual backup: {what}")]
    NotABackup {
        /// What it is instead.
        what: String,
    },
    /// A newer croqual made it.
    #[error(
        "this backup was made by a newer croqual (backup version {version}; this version reads version {FORMAT_VERSION})"
    )]
    Newer {
        /// The version found.
        version: u64,
    },
    /// The backup's structure is damaged.
    #[error("this backup is damaged: {reason}")]
    Shape {
        /// What does not fit.
        reason: String,
    },
    /// One assessment in it cannot be read.
    #[error("assessment {index} in this backup cannot be read: {error}")]
    Assessment {
        /// Its position, from 1.
        index: usize,
        /// Why.
        error: SnapshotError,
    },
    /// A pack in it does not match its digest, or is not a valid pack.
    #[error("pack {digest} in this backup is damaged: {reason}")]
    Pack {
        /// The digest it claims.
        digest: Digest,
        /// Why.
        reason: String,
    },
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BackupFile {
    format: String,
    format_version: u64,
    created_at: Timestamp,
    assessments: Vec<Value>,
    #[serde(default)]
    packs: Vec<BackupPack>,
}

impl Backup {
    /// The backup file's text.
    pub fn to_json(&self) -> String {
        let file = BackupFile {
            format: FORMAT.to_owned(),
            format_version: FORMAT_VERSION,
            created_at: self.created_at,
            assessments: self
                .assessments
                .iter()
                .map(|record| serde_json::to_value(record).expect("a record serialises"))
                .collect(),
            packs: self.packs.clone(),
        };
        serde_json::to_string_pretty(&file).expect("a backup serialises")
    }

    /// Reads a backup file, checking every assessment and every pack in it.
    ///
    /// # Errors
    ///
    /// [`BackupError`] naming the first problem; nothing is half-read.
    pub fn read(bytes: &[u8], now: Timestamp) -> Result<Backup, BackupError> {
        // croqual's key files are text, not JSON: named rather than reported as bad JSON.
        let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if text.starts_with(b"croqual private key backup") {
            return Err(BackupError::NotABackup {
                what: "a private key backup (restore it under \"Sign and export\")".into(),
            });
        }
        if text.starts_with(b"croqual public key") {
            return Err(BackupError::NotABackup {
                what: "a public key file".into(),
            });
        }
        let document = json::read(bytes)?;
        let notices = document.notices.clone();
        // A signed document names its format inside its payload.
        let format = document
            .value
            .get("format")
            .and_then(Value::as_str)
            .or_else(|| {
                document
                    .value
                    .get("signature")
                    .and(document.value.pointer("/payload/format"))
                    .and_then(Value::as_str)
            });
        match format {
            Some(FORMAT) => {}
            Some("croqual-submission") => {
                return Err(BackupError::NotABackup {
                    what: "a signed submission (import it as a sponsor)".into(),
                });
            }
            Some("croqual-decision") => {
                return Err(BackupError::NotABackup {
                    what: "a sponsor's signed decision (import it under \"Sign and export\")"
                        .into(),
                });
            }
            Some("croqual-pack") => {
                return Err(BackupError::NotABackup {
                    what: "a questionnaire pack (load it in the questionnaire step)".into(),
                });
            }
            Some(other) => {
                return Err(BackupError::NotABackup {
                    what: format!("a file of format {other:?}"),
                });
            }
            None => {
                return Err(BackupError::NotABackup {
                    what: "a JSON file without a \"format\" field".into(),
                });
            }
        }
        if let Some(version) = document.value.get("format_version").and_then(Value::as_u64)
            && version > FORMAT_VERSION
        {
            return Err(BackupError::Newer { version });
        }
        let file: BackupFile = document.into_typed().map_err(|error| BackupError::Shape {
            reason: error.to_string(),
        })?;

        let mut assessments = Vec::with_capacity(file.assessments.len());
        for (index, value) in file.assessments.iter().enumerate() {
            let id = value
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or("restored");
            let record = read_record(id, &value.to_string(), now).map_err(|error| {
                BackupError::Assessment {
                    index: index + 1,
                    error,
                }
            })?;
            // Restoring merges by id: two entries with one id would silently become one.
            if let Some(earlier) = assessments
                .iter()
                .position(|other: &AssessmentRecord| other.id == record.id)
            {
                return Err(BackupError::Shape {
                    reason: format!(
                        "assessments {} and {} have the same id {:?}, so only one of them could be kept; restore a backup croqual made",
                        earlier + 1,
                        index + 1,
                        record.id
                    ),
                });
            }
            assessments.push(record);
        }
        for pack in &file.packs {
            let loaded =
                Pack::from_json(&pack.json).map_err(|error: PackError| BackupError::Pack {
                    digest: pack.digest,
                    reason: error.to_string(),
                })?;
            if loaded.digest() != pack.digest {
                return Err(BackupError::Pack {
                    digest: pack.digest,
                    reason: format!("its content has digest {}", loaded.digest()),
                });
            }
        }
        Ok(Backup {
            created_at: file.created_at,
            assessments,
            packs: file.packs,
            notices,
        })
    }
}
