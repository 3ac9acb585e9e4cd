//! The shared cases C01, C02, C03, C05, C06 and B01, each checked twice where it is a signed
//! file:
//!
//! 1. in the cases' neutral placeholder envelope (`signed_payload`, `public_key_b64`,
//!    `value_b64`), through a small adapter that reads the file with croqual's strict reader,
//!    canonicalises `signed_payload` and verifies with the shared TEST-ONLY key;
//! 2. rebuilt in croqual's own envelope by renaming the placeholder's fields in the original
//!    bytes (so whitespace, line endings and byte-order marks stay as they are), then verified
//!    with `envelope::verify` against a trust store that pins the test key for VND-0001. The
//!    signature value carries over unchanged, because both envelopes sign the same canonical
//!    payload bytes.

#[path = "support/shared.rs"]
mod shared;

use std::collections::BTreeMap;

use croqual::attest::canonical::{CanonicalError, canonical_bytes, canonical_value};
use croqual::attest::envelope::{self, EnvelopeError, Format, TrustStore, Vendor, Verification};
use croqual::attest::json::{self, JsonError, Notice, TextEncoding};
use croqual::attest::keys::Signature;
use serde_json::{Value, json};

use shared::{cases, test_only_case_key, test_only_case_public_key};

/// The placeholder format id the cases' payloads carry.
const CASE_FORMAT: Format = Format::new("cro-sa-export", 1);

fn case_bytes(name: &str) -> Vec<u8> {
    shared::read(&cases(name))
}

fn case_text(name: &str) -> String {
    String::from_utf8(case_bytes(name)).expect("UTF-8 case file")
}

/// What the adapter concluded about a placeholder-envelope file.
#[derive(Debug, PartialEq)]
enum PlaceholderResult {
    Verifies { notices: Vec<Notice> },
    DoesNotVerify,
    Unreadable(JsonError),
}

/// Verifies a file in the cases' placeholder envelope with the shared test key.
fn verify_placeholder(bytes: &[u8]) -> PlaceholderResult {
    let document = match json::read(bytes) {
        Ok(document) => document,
        Err(error) => return PlaceholderResult::Unreadable(error),
    };
    let value = &document.value;
    let signature = &value["signature"];
    assert_eq!(signature["algorithm"], "Ed25519");
    assert_eq!(signature["canonicalization"], "RFC8785-JCS");
    let key = test_only_case_public_key();
    assert_eq!(signature["public_key_b64"], key.to_base64().as_str());

    let canonical = canonical_value(&value["signed_payload"]).expect("canonical payload");
    let signature = Signature::from_base64(signature["value_b64"].as_str().expect("value_b64"))
        .expect("64-byte signature");
    match key.verify_strict(&canonical, &signature) {
        Ok(()) => PlaceholderResult::Verifies {
            notices: document.notices,
        },
        Err(_) => PlaceholderResult::DoesNotVerify,
    }
}

/// The same file in croqual's envelope, by renaming fields in place.
fn rebuilt_in_croqual_format(bytes: &[u8]) -> Vec<u8> {
    let fingerprint = test_only_case_public_key().fingerprint().to_string();
    let (bom, text) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (&b"\xEF\xBB\xBF"[..], rest),
        None => (&b""[..], bytes),
    };
    let text = std::str::from_utf8(text).expect("UTF-8 case file");
    let renamed = [
        ("\"signed_payload\"", "\"payload\"".to_owned()),
        ("\"RFC8785-JCS\"", "\"RFC8785\"".to_owned()),
        (
            "\"key_id\": \"test-key-1\"",
            format!("\"fingerprint\": \"{fingerprint}\""),
        ),
        ("\"public_key_b64\"", "\"public_key\"".to_owned()),
        ("\"value_b64\"", "\"value\"".to_owned()),
    ]
    .iter()
    .fold(text.to_owned(), |text, (from, to)| {
        assert_eq!(text.matches(from).count(), 1, "{from} once in the case");
        text.replace(from, to)
    });
    [bom, renamed.as_bytes()].concat()
}

fn pinned_test_key() -> TrustStore {
    let mut trust = TrustStore::new();
    trust
        .pin(
            test_only_case_public_key().fingerprint(),
            Vendor {
                id: "VND-0001".into(),
                name: "Example CRO GmbH".into(),
            },
        )
        .expect("a new pin");
    trust
}

fn verify_in_croqual_format(name: &str) -> Verification {
    let bytes = rebuilt_in_croqual_format(&case_bytes(name));
    envelope::verify(&bytes, &CASE_FORMAT, &pinned_test_key())
}

fn assert_verified_pinned(name: &str) -> Verification {
    let verification = verify_in_croqual_format(name);
    assert!(verification.is_verified_pinned(), "{name}: {verification}");
    assert_eq!(
        verification.vendor().map(|vendor| vendor.id.as_str()),
        Some("VND-0001")
    );
    verification
}

fn expected_fragment(name: &str) -> String {
    case_text(name).trim_end_matches('\n').to_owned()
}

#[test]
fn c01_the_numbers_export_verifies_and_its_numbers_canonicalise_as_expected() {
    let bytes = case_bytes("C01_numbers_signed.json");
    assert_eq!(
        verify_placeholder(&bytes),
        PlaceholderResult::Verifies { notices: vec![] }
    );
    assert_verified_pinned("C01_numbers_signed.json");

    let value = json::read(&bytes).expect("valid JSON").value;
    let fragment = canonical_value(&value["signed_payload"]["result"]["numbers_under_test"])
        .expect("canonical");
    assert_eq!(
        String::from_utf8(fragment).expect("UTF-8"),
        expected_fragment("C01_numbers_expected_canonical.txt")
    );
}

#[test]
fn c01_the_same_payload_signed_by_croqual_gives_the_cases_signature() {
    // Ed25519 is deterministic, so signing the same canonical bytes with the same key must
    // give the very signature the case file carries.
    let value = json::read(&case_bytes("C01_numbers_signed.json"))
        .expect("valid JSON")
        .value;
    let document =
        envelope::sign(&value["signed_payload"], &test_only_case_key()).expect("signable");
    assert_eq!(
        document.signature().to_base64(),
        value["signature"]["value_b64"].as_str().expect("value_b64")
    );
    let verification = envelope::verify(
        document.to_json().as_bytes(),
        &CASE_FORMAT,
        &pinned_test_key(),
    );
    assert!(verification.is_verified_pinned(), "{verification}");
}

#[test]
fn c01_an_integer_above_2_to_the_53_is_refused_on_import_and_on_export() {
    let error = json::read(&case_bytes("C01_numbers_unsafe_int.json")).expect_err("refused");
    assert_eq!(
        error.to_string(),
        "integer 9007199254740993 at $.signed_payload_fragment.count (line 1, column 37) is beyond ±(2^53−1) and cannot be read exactly"
    );

    let export = canonical_bytes(&json!({"count": 9007199254740993_u64})).expect_err("refused");
    assert!(
        matches!(export, CanonicalError::UnsafeInteger { .. }),
        "{export}"
    );
}

#[test]
fn c02_weights_canonicalise_from_f64_as_entered_and_f32_is_refused() {
    let case = json::read(&case_bytes("C02_f32_weights.json"))
        .expect("valid JSON")
        .value;
    let expected_f64 = case["canonical_if_f64_or_decimal"].as_str().expect("text");
    let widened_f32 = case["canonical_if_f32_widened_to_f64"]
        .as_str()
        .expect("text");

    let as_f64 = BTreeMap::from([("AC", 0.55_f64), ("BC", 0.1), ("IR", 0.35)]);
    assert_eq!(
        canonical_bytes(&as_f64).expect("canonical"),
        expected_f64.as_bytes()
    );
    let as_read = canonical_value(&case["domain_weights_as_entered"]).expect("canonical");
    assert_eq!(as_read, expected_f64.as_bytes());

    // The unguarded writer shows the hazard; the guard refuses f32 outright.
    let as_f32 = BTreeMap::from([("AC", 0.55_f32), ("BC", 0.1), ("IR", 0.35)]);
    assert_eq!(
        serde_json_canonicalizer::to_vec(&as_f32).expect("writes"),
        widened_f32.as_bytes()
    );
    assert!(matches!(
        canonical_bytes(&as_f32),
        Err(CanonicalError::SinglePrecisionFloat { .. })
    ));
}

#[test]
fn c03_keys_sort_by_utf16_code_units_and_the_escape_set_is_byte_exact() {
    let bytes = case_bytes("C03_utf16_key_order_signed.json");
    assert_eq!(
        verify_placeholder(&bytes),
        PlaceholderResult::Verifies { notices: vec![] }
    );
    assert_verified_pinned("C03_utf16_key_order_signed.json");

    let payload = json::read(&bytes).expect("valid JSON").value["signed_payload"].clone();
    let fragment = json!({
        "evidence_index": payload["evidence_index"],
        "escape_set": payload["escape_set"],
    });
    assert_eq!(
        String::from_utf8(canonical_value(&fragment).expect("canonical")).expect("UTF-8"),
        expected_fragment("C03_expected_canonical.txt")
    );
}

#[test]
fn c05_pretty_printed_crlf_and_tab_reindented_exports_verify() {
    for name in [
        "C05_crlf_pretty_signed.json",
        "C05_reindented_tabs_signed.json",
    ] {
        assert_eq!(
            verify_placeholder(&case_bytes(name)),
            PlaceholderResult::Verifies { notices: vec![] },
            "{name}"
        );
        assert_verified_pinned(name);
    }
}

#[test]
fn c05_a_newline_changed_inside_a_comment_fails_verification() {
    let name = "C05_string_newline_changed_signed.json";
    assert_eq!(
        verify_placeholder(&case_bytes(name)),
        PlaceholderResult::DoesNotVerify
    );
    let verification = verify_in_croqual_format(name);
    assert_eq!(
        verification,
        Verification::SignatureInvalid {
            fingerprint: test_only_case_public_key().fingerprint()
        }
    );
}

#[test]
fn c06_a_utf8_byte_order_mark_is_removed_with_a_notice_and_the_export_verifies() {
    let name = "C06_utf8_bom_signed.json";
    assert_eq!(
        verify_placeholder(&case_bytes(name)),
        PlaceholderResult::Verifies {
            notices: vec![Notice::ByteOrderMarkRemoved]
        }
    );
    let verification = assert_verified_pinned(name);
    let document = verification.document().expect("verified document");
    assert_eq!(document.notices(), [Notice::ByteOrderMarkRemoved]);
}

#[test]
fn c06_a_utf16_export_is_refused_with_save_as_utf8_and_never_a_parse_error() {
    let bytes = case_bytes("C06_utf16le_bom_signed.json");
    let PlaceholderResult::Unreadable(error) = verify_placeholder(&bytes) else {
        panic!("UTF-16 must not be read");
    };
    assert_eq!(
        error,
        JsonError::WrongEncoding {
            encoding: TextEncoding::Utf16Le
        }
    );
    assert!(
        error.to_string().contains("save the file as UTF-8"),
        "{error}"
    );

    let verification = envelope::verify(&bytes, &CASE_FORMAT, &pinned_test_key());
    assert_eq!(
        verification,
        Verification::Malformed(EnvelopeError::Json(error))
    );
}

#[test]
fn b01_each_broken_import_gets_its_own_message_and_the_next_import_works() {
    let expectations = [
        ("B01_empty.json", "empty file".to_owned()),
        (
            "B01_invalid_utf8.json",
            "not UTF-8 at byte 41 (0xe9, line 1, column 42): save the file as UTF-8; croqual reads UTF-8 only and does not guess another encoding".to_owned(),
        ),
        (
            "B01_png_named_json.json",
            "not a JSON file (looks like a PNG image)".to_owned(),
        ),
        (
            "B01_truncated_signed.json",
            "incomplete JSON: the file ends inside a string (no closing '\"') at line 37, column 28"
                .to_owned(),
        ),
    ];
    for (name, expected) in expectations {
        let error = json::read(&case_bytes(name)).expect_err("refused");
        assert_eq!(error.to_string(), expected, "{name}");
        let verification = envelope::verify(&case_bytes(name), &CASE_FORMAT, &pinned_test_key());
        assert_eq!(verification.to_string(), format!("malformed: {expected}"));

        // Nothing is left over from a failed import.
        assert_verified_pinned("C05_crlf_pretty_signed.json");
    }
}

#[test]
fn every_verdict_in_expected_json_is_reproduced() {
    let expected = json::read(&case_bytes("expected.json"))
        .expect("valid JSON")
        .value;
    let files = expected["files"].as_object().expect("files");
    let mut checked = 0;
    for (name, verdict) in files {
        let bytes = case_bytes(name);
        let result = verify_placeholder_or_read(name, &bytes);
        let signature = verdict["signature"].as_str().unwrap_or("");
        let import = verdict["import"]
            .as_str()
            .or(verdict["import_or_export"].as_str())
            .unwrap_or("");
        if signature.starts_with("valid") {
            assert!(
                matches!(result, PlaceholderResult::Verifies { .. }),
                "{name}: {result:?}"
            );
        } else if signature.starts_with("invalid") {
            assert_eq!(result, PlaceholderResult::DoesNotVerify, "{name}");
        } else {
            assert!(
                import.starts_with("error")
                    || import.starts_with("reject")
                    || import.contains("UTF-8"),
                "{name}: unexpected verdict {verdict}"
            );
            assert!(
                matches!(result, PlaceholderResult::Unreadable(_)),
                "{name}: {result:?}"
            );
        }
        if import.starts_with("accept with notice") {
            assert_eq!(
                result,
                PlaceholderResult::Verifies {
                    notices: vec![Notice::ByteOrderMarkRemoved]
                }
            );
        }
        checked += 1;
    }
    println!(
        "expected.json: {checked}/{} verdicts reproduced",
        files.len()
    );
    assert_eq!(checked, 12);
}

/// Files that are not signed (the unsafe-integer fragment) are only read.
fn verify_placeholder_or_read(name: &str, bytes: &[u8]) -> PlaceholderResult {
    match json::read(bytes) {
        Err(error) => PlaceholderResult::Unreadable(error),
        Ok(document) if document.value.get("signature").is_none() => {
            panic!("{name} has no signature and was read: {:?}", document.value)
        }
        Ok(_) => verify_placeholder(bytes),
    }
}

#[test]
fn the_rebuilt_files_are_croqual_envelopes_that_differ_only_in_field_names() {
    let original = case_bytes("C05_crlf_pretty_signed.json");
    let rebuilt = rebuilt_in_croqual_format(&original);
    let value: Value = json::read(&rebuilt).expect("valid JSON").value;
    let signature = value["signature"].as_object().expect("signature block");
    let fields: Vec<&str> = signature.keys().map(String::as_str).collect();
    assert_eq!(
        fields,
        [
            "algorithm",
            "canonicalization",
            "fingerprint",
            "public_key",
            "value"
        ]
    );
    assert_eq!(
        json::read(&original).expect("valid JSON").value["signed_payload"],
        value["payload"]
    );
}
