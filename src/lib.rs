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
//!
//! # Limitations
//!
//! - The domain never reads a clock or a random source: callers pass "today", timestamps and
//!   key seeds in, so every result can be reproduced.

#![warn(missing_docs, clippy::unwrap_used)]

pub mod assessment;
pub mod attest;
pub mod export;
pub mod filename;
pub mod organisation;
pub mod pack;

/// The version of croqual, as shown in the app's About panel and by `croqual --version`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
