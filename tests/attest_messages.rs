//! Snapshots of the text people see: error messages, the four verification results, notices,
//! and the three file formats. A change here is a change to what a CRO or a sponsor reads.

use croqual::attest::envelope::{self, Format, TrustStore, Vendor};
use croqual::attest::json::{self, Notice};
use croqual::attest::keys::{PrivateKeyBackup, PublicKeyFile, SigningKey};
use serde_json::{Value, json};

const SUBMISSION: Format = Format::new("croqual-submission", 1);

/// Fingerprint of `SigningKey::from_seed([7; 32])`.
const FINGERPRINT: &str =
    "FE81 2C12 F3AB 4CE6 AC5D B69A C352 F906 CB1B 11EF 43FB 33E2 52EF 7FF5 5226 3889";
/// Fingerprint of `SigningKey::from_seed([8; 32])`.
const OTHER_FINGERPRINT: &str =
    "5C29 B78F 10A3 5A49 A623 1D08 EE84 0A04 BCC3 A37A 4F9D 46DF 327D EC56 B8A9 B7C9";
/// Public key of `SigningKey::from_seed([7; 32])`.
const PUBLIC_KEY: &str = "6kpsY+KcUgq+9VB7Ey7F+ZVHdq6+vnuSQh7qaRRG0iw=";

fn key() -> SigningKey {
    SigningKey::from_seed([7; 32])
}

fn json_error(bytes: &[u8]) -> String {
    json::read(bytes).expect_err("refused").to_string()
}

fn verified(bytes: &[u8], trust: &TrustStore) -> String {
    envelope::verify(bytes, &SUBMISSION, trust).to_string()
}

fn envelope_with(payload: Value, signature: Value) -> Vec<u8> {
    json!({"payload": payload, "signature": signature})
        .to_string()
        .into_bytes()
}

fn submission() -> Value {
    json!({"format": "croqual-submission", "format_version": 1})
}

#[test]
fn reader_errors_read_as_sentences_that_name_the_place() {
    let cases: [(&[u8], &str); 16] = [
        (b"", "empty file"),
        (b"  \r\n", "empty file"),
        (b"\xEF\xBB\xBF", "empty file"),
        (
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
            "not a JSON file (looks like a PNG image)",
        ),
        (b"%PDF-1.4", "not a JSON file (looks like a PDF document)"),
        (
            b"PK\x03\x04",
            "not a JSON file (looks like a ZIP archive, such as an Excel or Word file)",
        ),
        (
            b"\xFF\xFE{\x00}\x00",
            "the file is saved as UTF-16 (little-endian): save the file as UTF-8 and try again",
        ),
        (
            b"\x00{\x00}",
            "the file is saved as UTF-16 (big-endian): save the file as UTF-8 and try again",
        ),
        (
            b"{\"name\": \"Soci\xe9t\xe9\"}",
            "not UTF-8 at byte 14 (0xe9, line 1, column 15): save the file as UTF-8; croqual reads UTF-8 only and does not guess another encoding",
        ),
        (
            b"{\"result\": {\"outcome\": \"rejected\",\n  \"outcome\": \"accepted\"}}",
            "duplicate key \"outcome\" in the object at $.result (line 2, column 3)",
        ),
        (
            b"{\"count\": 9007199254740993}",
            "integer 9007199254740993 at $.count (line 1, column 11) is beyond ±(2^53−1) and cannot be read exactly",
        ),
        (
            b"[1e400]",
            "number 1e400 at $[0] (line 1, column 2) is out of range for a 64-bit float",
        ),
        (
            b"{\"a\": [1,]}",
            "invalid JSON at line 1, column 10: trailing comma before the closing bracket",
        ),
        (
            b"{\"a\" 1}",
            "invalid JSON at line 1, column 6: expected ':' after the key, found '1'",
        ),
        (
            b"\"a\tb\"",
            "invalid JSON at line 1, column 3: control character U+0009 inside a string must be written as an escape",
        ),
        (
            b"{\"answers\": [{\"comment\": \"cut",
            "incomplete JSON: the file ends inside a string (no closing '\"') at line 1, column 30",
        ),
    ];
    for (bytes, expected) in cases {
        assert_eq!(
            json_error(bytes),
            expected,
            "{:?}",
            String::from_utf8_lossy(bytes)
        );
    }

    let deep = "[".repeat(65);
    assert_eq!(
        json_error(deep.as_bytes()),
        format!(
            "nested deeper than 64 levels at ${} (line 1, column 65)",
            "[0]".repeat(64)
        )
    );
}

#[test]
fn a_removed_byte_order_mark_is_explained() {
    assert_eq!(
        Notice::ByteOrderMarkRemoved.to_string(),
        "the file started with a UTF-8 byte-order mark (EF BB BF); it was removed before reading"
    );
}

#[test]
fn the_four_verification_results_say_no_more_than_is_known() {
    let document = envelope::sign(
        &json!({"format": "croqual-submission", "format_version": 1, "x": 1}),
        &key(),
    )
    .expect("signable");
    let file = document.to_json();
    let mut trust = TrustStore::new();

    assert_eq!(
        verified(b"[1]", &trust),
        "malformed: the file holds an array, not a signed croqual document (an object with \"payload\" and \"signature\")"
    );
    assert_eq!(
        verified(file.replace("\"x\": 1", "\"x\": 2").as_bytes(), &trust),
        "signature does not verify: the content was changed after signing, or not signed by the key FE81 2C12 F3AB 4CE6"
    );
    assert_eq!(
        verified(file.as_bytes(), &trust),
        format!(
            "valid signature under a key nobody pinned: {FINGERPRINT}; confirm this fingerprint with its owner, by a channel you already know, before trusting it"
        )
    );
    trust
        .pin(
            key().fingerprint(),
            Vendor {
                id: "VND-0001".into(),
                name: "Example CRO GmbH".into(),
            },
        )
        .expect("a new pin");
    assert_eq!(
        verified(file.as_bytes(), &trust),
        "verified: signed with the pinned key of Example CRO GmbH (VND-0001)"
    );
}

#[test]
fn malformed_envelopes_name_what_is_wrong() {
    let trust = TrustStore::new();
    let good_block = json!({
        "algorithm": "Ed25519",
        "canonicalization": "RFC8785",
        "fingerprint": FINGERPRINT,
        "public_key": PUBLIC_KEY,
        "value": "AAAA",
    });
    let with_block = |field: &str, value: Value| {
        let mut block = good_block.clone();
        block[field] = value;
        envelope_with(submission(), block)
    };
    let cases: Vec<(Vec<u8>, String)> = vec![
        (
            br#"{"signed_payload": {}, "signature": {}}"#.to_vec(),
            "missing field \"payload\" at $".into(),
        ),
        (
            json!({"payload": submission(), "signature": good_block, "extra": 1})
                .to_string()
                .into_bytes(),
            "unknown field \"extra\" at $".into(),
        ),
        (
            envelope_with(json!({"format": "croqual-decision", "format_version": 1}), json!({})),
            "the payload's format is \"croqual-decision\", but \"croqual-submission\" was expected here".into(),
        ),
        (
            envelope_with(json!({"format": "croqual-submission", "format_version": 2}), json!({})),
            "this croqual-submission file is version 2, and this croqual reads up to version 1: update croqual to read it".into(),
        ),
        (
            envelope_with(json!({"format": "croqual-submission", "format_version": 0}), json!({})),
            "$.payload.format_version must be a positive integer, found 0".into(),
        ),
        (
            envelope_with(json!({"format_version": 1}), json!({})),
            "missing field \"format\" at $.payload".into(),
        ),
        (
            with_block("algorithm", json!("RSA")),
            "signature algorithm \"RSA\" is not supported; croqual uses \"Ed25519\"".into(),
        ),
        (
            with_block("canonicalization", json!("JCS")),
            "canonicalization \"JCS\" is not supported; croqual uses \"RFC8785\"".into(),
        ),
        (
            with_block("fingerprint", json!(OTHER_FINGERPRINT)),
            format!(
                "$.signature.fingerprint ({OTHER_FINGERPRINT}) is not the fingerprint of $.signature.public_key ({FINGERPRINT})"
            ),
        ),
        (
            with_block("value", json!("AAAA")),
            "$.signature.value: the signature is 3 bytes long; an Ed25519 signature is 64".into(),
        ),
        (
            with_block("value", json!(5)),
            "$.signature.value must be a string, found a number".into(),
        ),
        (
            with_block("key_id", json!("test-key-1")),
            "unknown field \"key_id\" at $.signature".into(),
        ),
    ];
    for (bytes, expected) in cases {
        assert_eq!(
            verified(&bytes, &trust),
            format!("malformed: {expected}"),
            "{}",
            String::from_utf8_lossy(&bytes)
        );
    }
}

#[test]
fn key_file_errors_say_what_to_do() {
    let text = PublicKeyFile::new("Example CRO GmbH", key().verifying_key())
        .expect("valid name")
        .to_text();
    let error = |text: &str| PublicKeyFile::parse(text).expect_err("refused").to_string();

    assert_eq!(
        error(&text.replace(FINGERPRINT, OTHER_FINGERPRINT)),
        format!(
            "the fingerprint in the file ({OTHER_FINGERPRINT}) does not match its key ({FINGERPRINT}): the file was changed or damaged; ask its owner for a new copy"
        )
    );
    assert_eq!(
        error(&text.replace("v1", "v2")),
        "this croqual public key file is format version 2, and this croqual reads version 1: update croqual"
    );
    assert_eq!(
        error("-----BEGIN PUBLIC KEY-----\n"),
        "not a croqual public key file: the first line should be \"croqual public key v1\", found \"-----BEGIN PUBLIC KEY-----\""
    );
    assert_eq!(
        error(&text.replace("name: Example CRO GmbH\n", "")),
        "the field \"name\" is missing"
    );
    assert_eq!(
        error(&text.replace("name:", "nom:")),
        "line 2: unknown field \"nom\""
    );
    assert_eq!(
        error(&text.replace("name: Example CRO GmbH\n", "name: A\nname: B\n")),
        "line 3: the field \"name\" appears a second time"
    );
    assert_eq!(
        error(&text.replace(PUBLIC_KEY, "AAAA")),
        "line 4: the public key is 3 bytes long; an Ed25519 public key is 32"
    );
    let backup = PrivateKeyBackup::new("Example CRO GmbH", key())
        .expect("valid name")
        .to_text();
    assert_eq!(
        error(&backup),
        "this is a private key backup, not a public key file: keep it secret, and send or import the .pub file instead"
    );
    assert_eq!(
        PrivateKeyBackup::parse(&text)
            .expect_err("refused")
            .to_string(),
        "this is a public key file; a private key backup starts with \"croqual private key backup v1\""
    );
    assert_eq!(
        PublicKeyFile::from_bytes(b"\xFF\xFEc\x00r\x00")
            .expect_err("refused")
            .to_string(),
        "the file is saved as UTF-16 (little-endian): save the file as UTF-8 and try again"
    );
}

#[test]
fn the_three_file_formats_are_written_exactly_so() {
    let document = envelope::sign(
        &json!({"format": "croqual-submission", "format_version": 1, "score": "72.5"}),
        &key(),
    )
    .expect("signable");
    assert_eq!(
        document.to_json(),
        format!(
            r#"{{
  "payload": {{
    "format": "croqual-submission",
    "format_version": 1,
    "score": "72.5"
  }},
  "signature": {{
    "algorithm": "Ed25519",
    "canonicalization": "RFC8785",
    "fingerprint": "{FINGERPRINT}",
    "public_key": "{PUBLIC_KEY}",
    "value": "{}"
  }}
}}
"#,
            document.signature().to_base64()
        )
    );
    assert_eq!(
        document.digest().to_string(),
        format!(
            "sha256:{}",
            croqual::attest::Digest::of(
                br#"{"format":"croqual-submission","format_version":1,"score":"72.5"}"#
            )
            .to_hex()
        )
    );

    assert_eq!(
        PublicKeyFile::new("Example CRO GmbH", key().verifying_key())
            .expect("valid name")
            .to_text(),
        format!(
            "croqual public key v1\nname: Example CRO GmbH\nfingerprint: {FINGERPRINT}\nkey: {PUBLIC_KEY}\n"
        )
    );
    assert_eq!(
        PrivateKeyBackup::new("Example CRO GmbH", key())
            .expect("valid name")
            .to_text()
            .as_str(),
        format!(
            "croqual private key backup v1\n\
             # SECRET. This file is the private key \"Example CRO GmbH\".\n\
             # Anyone who has it can sign qualification results in your name.\n\
             # Keep it offline or in a password manager; never email it or send it to a sponsor.\n\
             # Sponsors need the public key file (.pub) instead.\n\
             name: Example CRO GmbH\n\
             fingerprint: {FINGERPRINT}\n\
             seed: BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\n"
        )
    );
}

#[test]
fn signing_refusals_name_the_offending_value() {
    let refusal = |payload: &Value| {
        envelope::sign(payload, &key())
            .expect_err("refused")
            .to_string()
    };
    assert_eq!(
        refusal(&json!({"format_version": 1})),
        "the payload cannot be signed: missing field \"format\" at $.payload"
    );
    assert_eq!(
        refusal(&json!([1])),
        "the payload cannot be signed: $.payload must be an object, found an array"
    );
    assert_eq!(
        envelope::sign(&vec![f64::NAN], &key())
            .expect_err("refused")
            .to_string(),
        "the payload cannot be signed: NaN at $[0] is not a finite number and has no canonical JSON form"
    );
}
