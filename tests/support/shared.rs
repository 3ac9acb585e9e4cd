//! Helpers shared by test files: where the checked-in data, the shared vectors and cases
//! are, hex, and the public test-only key of the shared cases.

// Each test binary includes this file and uses a different part of it.
#![allow(dead_code)]

use std::path::PathBuf;

use croqual::attest::keys::{SigningKey, VerifyingKey};

/// `tests/data/<relative>` from the package root.
pub fn data(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(relative)
}

/// `tests/data/shared/vectors/<relative>` from the package root.
pub fn vectors(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/shared/vectors")
        .join(relative)
}

/// `tests/data/shared/cases/<relative>` from the package root.
pub fn cases(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/shared/cases")
        .join(relative)
}

/// The bytes of a file, failing the test with its path when it cannot be read.
pub fn read(path: &PathBuf) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

/// The bytes of a hex string; whitespace between digits is ignored.
pub fn hex(text: &str) -> Vec<u8> {
    let digits: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    assert!(
        digits.len().is_multiple_of(2),
        "odd number of hex digits in {text:?}"
    );
    digits
        .chunks(2)
        .map(|pair| {
            let pair = std::str::from_utf8(pair).expect("hex digits are ASCII");
            u8::from_str_radix(pair, 16).unwrap_or_else(|_| panic!("{pair:?} is not hex"))
        })
        .collect()
}

/// The shared cases' deterministic TEST-ONLY key, whose seed is public on purpose.
pub fn test_only_case_key() -> SigningKey {
    let seed = std::fs::read_to_string(cases("_keys/TEST_ONLY_ed25519_seed.hex"))
        .expect("the shared test seed");
    let seed: [u8; 32] = hex(seed.trim()).try_into().expect("a 32-byte seed");
    SigningKey::from_seed(seed)
}

/// The public half of [`test_only_case_key`], as the shared cases publish it.
pub fn test_only_case_public_key() -> VerifyingKey {
    let text = std::fs::read_to_string(cases("_keys/TEST_ONLY_ed25519_public.b64"))
        .expect("the shared test public key");
    VerifyingKey::from_base64(text.trim()).expect("a valid public key")
}
