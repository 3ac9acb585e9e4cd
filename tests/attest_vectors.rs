//! Third-party known-answer vectors, run through croqual's own reader, canonicaliser and key
//! types: RFC 8032 §7.1, Wycheproof Ed25519, the dalek TESTVECTORS, RFC 8785 reference data
//! and JSONTestSuite. Each test prints its pass count (`cargo test -- --nocapture`).

#[path = "support/shared.rs"]
mod shared;

use std::panic::{AssertUnwindSafe, catch_unwind};

use croqual::attest::canonical::canonical_value;
use croqual::attest::json::{self, JsonError};
use croqual::attest::keys::{Signature, SigningKey, VerifyingKey};
use serde_json::Value;

use shared::{hex, vectors};

fn read_json(relative: &str) -> Value {
    let path = vectors(relative);
    json::read(&shared::read(&path))
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
        .value
}

fn text<'a>(value: &'a Value, field: &str) -> &'a str {
    value[field]
        .as_str()
        .unwrap_or_else(|| panic!("{field} is not a string in {value}"))
}

fn seed(bytes: &[u8]) -> [u8; 32] {
    bytes[..32].try_into().expect("at least 32 bytes")
}

/// Whether `signature` on `message` verifies under `public_key` the way croqual checks it:
/// the key must be a valid large-order point, the signature 64 bytes, and `verify_strict`
/// must accept.
fn croqual_accepts(public_key: &[u8], message: &[u8], signature: &[u8]) -> bool {
    let Ok(public_key) = <[u8; 32]>::try_from(public_key) else {
        return false;
    };
    let Ok(key) = VerifyingKey::from_bytes(&public_key) else {
        return false;
    };
    let Ok(signature) = Signature::from_slice(signature) else {
        return false;
    };
    key.verify_strict(message, &signature).is_ok()
}

#[test]
fn rfc_8032_section_7_1_signatures_are_reproduced_byte_for_byte() {
    let file = read_json("rfc8032/ed25519_section_7_1.json");
    let vectors = file["vectors"].as_array().expect("vectors");
    let mut passed = 0;
    for vector in vectors {
        let name = text(vector, "name");
        let key = SigningKey::from_seed(seed(&hex(text(vector, "secret_key"))));
        let public_key = hex(text(vector, "public_key"));
        let message = hex(text(vector, "message"));
        let expected = hex(text(vector, "signature"));

        assert_eq!(
            key.verifying_key().to_bytes().to_vec(),
            public_key,
            "{name}"
        );
        let signature = key.sign(&message);
        assert_eq!(signature.to_bytes().to_vec(), expected, "{name}");
        assert!(croqual_accepts(&public_key, &message, &expected), "{name}");
        passed += 1;
    }
    println!("RFC 8032 §7.1: {passed}/{} passed", vectors.len());
    assert_eq!(passed, 4);
}

#[test]
fn every_wycheproof_ed25519_verdict_is_reproduced() {
    let file = read_json("wycheproof/ed25519_test.json");
    let mut total = 0;
    let mut passed = 0;
    let mut mismatches = Vec::new();
    for group in file["testGroups"].as_array().expect("testGroups") {
        let public_key = hex(text(&group["publicKey"], "pk"));
        for case in group["tests"].as_array().expect("tests") {
            total += 1;
            let expected_valid = match text(case, "result") {
                "valid" => true,
                "invalid" => false,
                other => panic!("unexpected result {other}"),
            };
            let accepted = croqual_accepts(
                &public_key,
                &hex(text(case, "msg")),
                &hex(text(case, "sig")),
            );
            if accepted == expected_valid {
                passed += 1;
            } else {
                mismatches.push(case["tcId"].clone());
            }
        }
    }
    println!("Wycheproof Ed25519: {passed}/{total} passed");
    assert_eq!(
        file["numberOfTests"],
        Value::from(total),
        "the file's own count"
    );
    assert!(mismatches.is_empty(), "tcIds that differ: {mismatches:?}");
    assert_eq!(total, 151);
}

#[test]
fn every_dalek_test_vector_signs_byte_for_byte_and_verifies() {
    let path = vectors("ed25519-dalek/TESTVECTORS");
    let text = String::from_utf8(shared::read(&path)).expect("ASCII file");
    let mut passed = 0;
    let mut total = 0;
    for (number, line) in text.lines().filter(|line| !line.is_empty()).enumerate() {
        total += 1;
        let fields: Vec<&str> = line.split(':').collect();
        assert_eq!(fields.len(), 5, "line {}", number + 1);
        let secret_and_public = hex(fields[0]);
        let public_key = hex(fields[1]);
        let message = hex(fields[2]);
        let signature = &hex(fields[3])[..64];

        let key = SigningKey::from_seed(seed(&secret_and_public));
        assert_eq!(
            key.verifying_key().to_bytes().to_vec(),
            public_key,
            "line {}",
            number + 1
        );
        assert_eq!(
            key.sign(&message).to_bytes().to_vec(),
            signature,
            "line {}",
            number + 1
        );
        assert!(
            croqual_accepts(&public_key, &message, signature),
            "line {}",
            number + 1
        );
        passed += 1;
    }
    println!("dalek TESTVECTORS: {passed}/{total} passed");
    assert_eq!(passed, 128);
}

#[test]
fn rfc_8785_reference_cases_canonicalise_byte_for_byte() {
    let mut names: Vec<String> = std::fs::read_dir(vectors("jcs/input"))
        .expect("jcs inputs")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    let mut passed = 0;
    for name in &names {
        let input = shared::read(&vectors(&format!("jcs/input/{name}")));
        let expected = shared::read(&vectors(&format!("jcs/output/{name}")));
        let expected_hex = String::from_utf8(shared::read(&vectors(&format!(
            "jcs/outhex/{}",
            name.replace(".json", ".txt")
        ))))
        .expect("ASCII hex");

        let value = json::read(&input)
            .unwrap_or_else(|error| panic!("{name}: {error}"))
            .value;
        let canonical = canonical_value(&value).unwrap_or_else(|error| panic!("{name}: {error}"));
        assert_eq!(
            String::from_utf8_lossy(&canonical),
            String::from_utf8_lossy(&expected),
            "{name}"
        );
        assert_eq!(canonical, hex(&expected_hex), "{name} (outhex)");
        passed += 1;
    }
    println!("RFC 8785 reference data: {passed}/{} passed", names.len());
    assert_eq!(passed, 6);
}

/// The JSONTestSuite files whose names start with `prefix`, with their bytes.
fn suite(prefix: &str) -> Vec<(String, Vec<u8>)> {
    let directory = vectors("jsontestsuite/test_parsing");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&directory)
        .expect("test_parsing")
        .map(|entry| entry.expect("entry").path())
        .filter_map(|path| {
            let name = path.file_name()?.to_string_lossy().into_owned();
            name.starts_with(prefix)
                .then(|| (name, shared::read(&path)))
        })
        .collect();
    files.sort();
    files
}

/// Reads without letting a panic escape, so that a panicking case is reported by name.
fn read_catching(bytes: &[u8]) -> Result<Result<Value, JsonError>, ()> {
    catch_unwind(AssertUnwindSafe(|| {
        json::read(bytes).map(|document| document.value)
    }))
    .map_err(|_| ())
}

/// RFC 8259 lets an object repeat a key, so JSONTestSuite lists these as "must accept";
/// croqual refuses them on purpose, since a reader that keeps the last one lets a signed
/// "rejected" display as "accepted".
const DUPLICATE_KEY_FILES: [&str; 2] = [
    "y_object_duplicated_key.json",
    "y_object_duplicated_key_and_value.json",
];

#[test]
fn every_json_test_suite_file_that_must_be_accepted_is_accepted() {
    let files = suite("y_");
    let mut accepted = 0;
    let mut refused_as_duplicates = Vec::new();
    let mut failures = Vec::new();
    for (name, bytes) in &files {
        match read_catching(bytes) {
            Ok(Ok(_)) => accepted += 1,
            Ok(Err(JsonError::DuplicateKey { .. })) if DUPLICATE_KEY_FILES.contains(&&**name) => {
                // The grammar accepted the document; only the duplicate-key rule refused it.
                // A grammar-only reader agrees that it is JSON.
                assert!(serde_json::from_slice::<Value>(bytes).is_ok(), "{name}");
                accepted += 1;
                refused_as_duplicates.push(name.clone());
            }
            Ok(Err(error)) => failures.push(format!("{name}: {error}")),
            Err(()) => failures.push(format!("{name}: panicked")),
        }
    }
    println!(
        "JSONTestSuite y_: {accepted}/{} accepted by the grammar ({} of them then refused by the duplicate-key rule: {})",
        files.len(),
        refused_as_duplicates.len(),
        refused_as_duplicates.join(", ")
    );
    assert!(failures.is_empty(), "{failures:#?}");
    assert_eq!(refused_as_duplicates.len(), DUPLICATE_KEY_FILES.len());
    assert_eq!(accepted, 95);
}

#[test]
fn every_json_test_suite_file_that_must_be_rejected_is_rejected_with_a_message() {
    let files = suite("n_");
    let mut rejected = 0;
    let mut failures = Vec::new();
    for (name, bytes) in &files {
        match read_catching(bytes) {
            Ok(Err(error)) if !error.to_string().is_empty() => rejected += 1,
            Ok(Err(_)) => failures.push(format!("{name}: empty message")),
            Ok(Ok(value)) => failures.push(format!("{name}: accepted as {value}")),
            Err(()) => failures.push(format!("{name}: panicked")),
        }
    }
    println!("JSONTestSuite n_: {rejected}/{} rejected", files.len());
    assert!(failures.is_empty(), "{failures:#?}");
    assert_eq!(rejected, 188);
}

#[test]
fn no_json_test_suite_file_left_to_the_implementation_makes_the_reader_panic() {
    let files = suite("i_");
    let mut accepted = Vec::new();
    let mut rejected = 0;
    let mut panicked = Vec::new();
    for (name, bytes) in &files {
        match read_catching(bytes) {
            Ok(Ok(_)) => accepted.push(name.clone()),
            Ok(Err(_)) => rejected += 1,
            Err(()) => panicked.push(name.clone()),
        }
    }
    println!(
        "JSONTestSuite i_: {}/{} without panic ({} accepted: {}; {rejected} rejected)",
        files.len() - panicked.len(),
        files.len(),
        accepted.len(),
        accepted.join(", ")
    );
    assert!(panicked.is_empty(), "{panicked:?}");
    assert_eq!(files.len(), 35);
}
