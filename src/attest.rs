//! Attestation: canonical JSON, digests, keys, signatures and the signed documents croqual
//! exchanges.
//!
//! - [`json`] reads every imported file: strict UTF-8, no duplicate keys, bounded size and
//!   depth, exact integers.
//! - [`canonical`] writes RFC 8785 canonical JSON, refusing values it would silently change.
//! - [`keys`] holds Ed25519 keys, their fingerprints and the public key and private key backup
//!   files.
//! - [`envelope`] signs payloads and verifies signed documents against the keys a sponsor
//!   pinned.
//!
//! # Limitations
//!
//! - Only Ed25519 and RFC 8785 are supported; the envelope names both so that another
//!   algorithm could be added under a new name without ambiguity.

pub mod canonical;
mod digest;
pub mod envelope;
pub mod json;
pub mod keys;
mod path;

pub use digest::{Digest, DigestParseError, Sha256Stream};
pub use path::{JsonPath, Segment};

/// The largest integer a 64-bit float holds exactly, and so the largest one RFC 8785 can write:
/// 2^53 − 1.
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;
