//! croqual's domain: how a sponsor qualifies the cybersecurity of a contract research
//! organisation (CRO).
//!
//! This library is everything croqual knows about qualification, with no browser in it: the
//! browser app (`src/main.rs`) and the native `croqual` command both call it, and `cargo
//! test` exercises it on the host.
//!
//! - [`pack`]: questionnaire packs, their format, the embedded default bank and the import
//!   of OSCAL catalogs.
//! - [`assessment`]: answers, applicability, scoring, tiering, certificates, the assessment
//!   path, the outcome, corrective actions and risk acceptance, behind one
//!   [`assessment::evaluate`].
//! - [`attest`]: canonical JSON, digests and signatures.
//! - [`export`]: the signed submission and decision formats, and verifying a submission down
//!   to a recomputation of its score.
//! - [`organisation`]: who is qualified: the provider's identity, contact and service.
//! - [`provider`]: the provider's saved assessments, their versions, two-tab merge and backups.
//! - [`sponsor`]: the sponsor's saved vendors: each workflow record with the signed files a
//!   reviewer still needs, and two-tab merge.
//! - [`filename`]: safe names for downloaded files.
//! - [`text`]: Unicode normalisation of what people type and import.
//! - [`workflow`]: the sponsor's six qualification steps for each vendor, the follow-up until
//!   re-assessment, the register's views and the hash-chained audit trail.
//!
//! # Limitations
//!
//! - The domain never reads a clock or a random source: callers pass "today", timestamps and
//!   key seeds in, so every result can be reproduced.

#![warn(missing_docs, clippy::unwrap_used)]

pub mod assessment;
pub mod attest;
mod btree;
pub mod export;
pub mod filename;
pub mod organisation;
pub mod pack;
pub mod provider;
pub mod sponsor;
pub mod text;
pub mod workflow;

/// The version of croqual, as shown in the app's About panel and by `croqual --version`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
