//! Behaviour of signed documents: trust comes only from pins, identity is the canonical
//! payload, and what is signed always reads back.

use croqual::attest::Digest;
use croqual::attest::envelope::{
    self, EnvelopeError, Format, SignError, TrustStore, Vendor, Verification,
};
use croqual::attest::json::JsonError;
use croqual::attest::keys::{Fingerprint, SigningKey};
use serde::Deserialize;
use serde_json::{Value, json};

const DECISION: Format = Format::new("croqual-decision", 2);

fn cro_key() -> SigningKey {
    SigningKey::from_seed([0xC0; 32])
}

fn decision(outcome: &str) -> Value {
    json!({
        "format": "croqual-decision",
        "format_version": 1,
        "outcome": outcome,
        "decides_on": Digest::of(b"a submission").to_string(),
    })
}

fn pinned(fingerprint: Fingerprint) -> TrustStore {
    let mut trust = TrustStore::new();
    trust
        .pin(
            fingerprint,
            Vendor {
                id: "VND-0001".into(),
                name: "Example CRO GmbH".into(),
            },
        )
        .expect("a new pin");
    trust
}

#[test]
fn a_valid_signature_under_a_key_pinned_for_nobody_is_never_reported_as_verified() {
    let file = envelope::sign(&decision("accepted"), &cro_key())
        .expect("signable")
        .to_json();
    // The sponsor pinned another key for the vendor: the embedded key earns no trust.
    let trust = pinned(SigningKey::from_seed([0xEE; 32]).fingerprint());
    let verification = envelope::verify(file.as_bytes(), &DECISION, &trust);
    assert!(matches!(
        verification,
        Verification::ValidUnpinnedKey { fingerprint, .. } if fingerprint == cro_key().fingerprint()
    ));
    assert!(!verification.is_verified_pinned());
    assert_eq!(verification.vendor(), None);
}

#[test]
fn a_file_re_signed_by_an_attacker_with_an_embedded_key_is_unpinned_not_verified() {
    let original = envelope::sign(&decision("rejected"), &cro_key()).expect("signable");
    let forged = envelope::sign(&decision("accepted"), &SigningKey::from_seed([0xAA; 32]))
        .expect("signable");
    let trust = pinned(cro_key().fingerprint());

    assert!(
        envelope::verify(original.to_json().as_bytes(), &DECISION, &trust).is_verified_pinned()
    );
    let verification = envelope::verify(forged.to_json().as_bytes(), &DECISION, &trust);
    assert!(
        matches!(verification, Verification::ValidUnpinnedKey { .. }),
        "{verification}"
    );
}

#[test]
fn the_identity_is_the_digest_of_the_canonical_payload_whoever_signs_it() {
    let payload = decision("accepted");
    let by_one = envelope::sign(&payload, &cro_key()).expect("signable");
    let by_another = envelope::sign(&payload, &SigningKey::from_seed([1; 32])).expect("signable");
    let canonical = croqual::attest::canonical::canonical_value(&payload).expect("canonical");
    assert_eq!(by_one.digest(), Digest::of(&canonical));
    assert_eq!(by_one.digest(), by_another.digest());
    assert_eq!(by_one.canonical_payload(), canonical);
}

#[test]
fn every_version_up_to_the_newest_supported_is_read_and_newer_ones_are_named() {
    let key = cro_key();
    let trust = pinned(key.fingerprint());
    for version in [1_u64, 2] {
        let mut payload = decision("accepted");
        payload["format_version"] = json!(version);
        let file = envelope::sign(&payload, &key).expect("signable").to_json();
        let verification = envelope::verify(file.as_bytes(), &DECISION, &trust);
        assert_eq!(
            verification
                .document()
                .map(|document| document.format_version()),
            Some(version as u32)
        );
    }
    let mut payload = decision("accepted");
    payload["format_version"] = json!(9_000_000_000_u64);
    let file = envelope::sign(&payload, &key).expect_err("beyond any version");
    assert!(matches!(
        file,
        SignError::Shape(EnvelopeError::InvalidVersion { .. })
    ));

    let file = json!({"payload": {"format": "croqual-decision", "format_version": 9_000_000_000_u64}, "signature": {}});
    assert_eq!(
        envelope::verify(file.to_string().as_bytes(), &DECISION, &trust),
        Verification::Malformed(EnvelopeError::NewerVersion {
            format: "croqual-decision",
            found: 9_000_000_000,
            supported: 2
        })
    );
}

#[test]
fn a_payload_nested_deeper_than_the_reader_allows_is_not_signed() {
    let mut deep = json!("leaf");
    for _ in 0..70 {
        deep = json!([deep]);
    }
    let mut payload = decision("accepted");
    payload["evidence"] = deep;
    let error = envelope::sign(&payload, &cro_key()).expect_err("unreadable");
    assert!(
        matches!(
            error,
            SignError::Unreadable(EnvelopeError::Json(JsonError::TooDeep { .. }))
        ),
        "{error}"
    );
}

#[test]
fn a_typed_payload_is_read_after_verification() {
    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Decision {
        format: String,
        format_version: u32,
        outcome: String,
        decides_on: Digest,
    }

    let file = envelope::sign(&decision("accepted"), &cro_key())
        .expect("signable")
        .to_json();
    let verification =
        envelope::verify(file.as_bytes(), &DECISION, &pinned(cro_key().fingerprint()));
    let document = verification.document().expect("verified");
    let typed: Decision = document.payload_as().expect("a decision");
    assert_eq!(typed.outcome, "accepted");
    assert_eq!(typed.decides_on, Digest::of(b"a submission"));

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)] // only its refusal matters
    struct TooNarrow {
        format: String,
    }
    assert!(matches!(
        document.payload_as::<TooNarrow>(),
        Err(EnvelopeError::Payload { .. })
    ));
}

#[test]
fn reading_without_verifying_reveals_only_the_key_and_notices() {
    let file = envelope::sign(&decision("accepted"), &cro_key())
        .expect("signable")
        .to_json();
    let bytes = [b"\xEF\xBB\xBF".as_slice(), file.as_bytes()].concat();
    let unverified = envelope::read(&bytes, &DECISION).expect("well-formed");
    assert_eq!(unverified.fingerprint(), cro_key().fingerprint());
    assert_eq!(unverified.notices().len(), 1);
    assert!(unverified.verify(&TrustStore::new()).document().is_some());
}

#[test]
fn a_signature_block_moved_onto_another_payload_does_not_verify() {
    let accepted = envelope::sign(&decision("accepted"), &cro_key()).expect("signable");
    let rejected = envelope::sign(&decision("rejected"), &cro_key()).expect("signable");
    let mut spliced: Value = serde_json::from_str(&rejected.to_json()).expect("JSON");
    let accepted_file: Value = serde_json::from_str(&accepted.to_json()).expect("JSON");
    spliced["signature"] = accepted_file["signature"].clone();

    let verification = envelope::verify(
        spliced.to_string().as_bytes(),
        &DECISION,
        &pinned(cro_key().fingerprint()),
    );
    assert_eq!(
        verification,
        Verification::SignatureInvalid {
            fingerprint: cro_key().fingerprint()
        }
    );
}
