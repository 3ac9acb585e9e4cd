//! The service provider's workspace: the assessments a CRO keeps in its browser, as they are
//! saved, merged between tabs, migrated from older versions and backed up to a file.
//!
//! One [`AssessmentRecord`] is one self-assessment for one sponsor or service. The app stores
//! each under a key of its own, as the JSON of [`AssessmentRecord::to_json`], and reads it
//! back with [`read_record`], which also migrates the versions croqual wrote before.
//!
//! Two tabs may edit the same assessment. Every answer carries the time it was given, and
//! every other part of the record the time it was last edited, so [`merge`] keeps the newer
//! of each and loses neither tab's work. Clearing an answer leaves a dated tombstone for the
//! same reason.
//!
//! # Versions
//!
//! | schema | written by | read as |
//! |---|---|---|
//! | none | early drafts: a flat object of question id → `"yes"` / `"partial"` / `"no"` / `"na"` | migrated to the default bank; answers to questions it lacks are kept and listed as ignored |
//! | 1 | croqual 0.1 | as is |
//!
//! A newer schema is refused with its number, and the app keeps the stored value untouched.
//!
//! # Limitations
//!
//! - Merging is per answer and per section (identity, service, tiering, certificates, pack,
//!   plans): two tabs editing different fields of the same section at the same moment keep
//!   the later section whole.
//! - Timestamps come from each tab's clock; a tab whose clock runs far behind loses ties it
//!   should win.

mod backup;
mod record;

pub use backup::{Backup, BackupError, BackupPack};
pub use record::{
    AssessmentRecord, ExportedRevision, PackSource, Plan, ReceivedDecision, SCHEMA, Section,
    SnapshotError, is_early_draft, merge, read_record, salvage,
};
