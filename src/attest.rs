//! Attestation: canonical JSON, digests, keys, signatures and the signed documents croqual
//! exchanges.

pub mod canonical;
mod digest;

pub use digest::{Digest, DigestParseError, Sha256Stream};
