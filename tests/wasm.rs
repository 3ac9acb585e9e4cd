//! The domain library inside a real browser: wasm-bindgen-test in headless Chromium.
//!
//! The native suites test every rule; these check that the same code gives the same bytes
//! and verdicts when compiled to WebAssembly, where there is no clock, no threads and no
//! file system, and floats and allocation behave as the browser has them.

#![cfg(target_arch = "wasm32")]

use croqual::attest::envelope::{TrustStore, Vendor};
use croqual::attest::keys::{PublicKeyFile, SigningKey};
use croqual::export::{PackLibrary, Recomputation, Verdict, verify_submission};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

#[path = "support/parity.rs"]
mod parity;

wasm_bindgen_test_configure!(run_in_browser);

const EXAMPLE: &[u8] = include_bytes!("data/example-export.json");
const EXAMPLE_KEY: &[u8] = include_bytes!("data/example-key.pub");

#[wasm_bindgen_test]
fn text_is_normalised_as_on_the_host() {
    parity::check_text();
}

#[wasm_bindgen_test]
fn digests_match_the_native_ones_in_the_browser() {
    let digest = croqual::attest::Digest::of(b"abc");
    assert_eq!(
        digest.to_string(),
        "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[wasm_bindgen_test]
fn the_checked_in_example_verifies_and_recomputes_in_the_browser() {
    let key = PublicKeyFile::from_bytes(EXAMPLE_KEY).expect("the example key file");
    let mut trust = TrustStore::new();
    trust
        .pin(
            key.fingerprint(),
            Vendor {
                id: "VND-0001".into(),
                name: key.name().to_owned(),
            },
        )
        .expect("pin");
    let report = verify_submission(EXAMPLE, &trust, &PackLibrary::new());
    assert_eq!(
        report.verdict(),
        Verdict::Trusted,
        "{}",
        report.verification
    );
    let verified = report.submission.expect("verified");
    // The same digest the native tests and the format documentation quote.
    assert_eq!(
        verified.digest.to_string(),
        "sha256:1905e173a3bbd8a5c4c27d8831709292e97f7c718e6e4a043c34306a779f471e"
    );
    match &verified.recomputation {
        Recomputation::Recomputed {
            mismatches, claim, ..
        } => {
            assert!(mismatches.is_empty(), "{mismatches:?}");
            assert_eq!(claim.overall_display(), "84.9 %");
        }
        other => panic!("not recomputed: {other:?}"),
    }
}

#[wasm_bindgen_test]
fn a_changed_byte_fails_verification_in_the_browser() {
    let text = String::from_utf8(EXAMPLE.to_vec()).expect("UTF-8");
    let tampered = text.replacen("\"kind\": \"no\"", "\"kind\": \"yes\"", 1);
    assert_ne!(text, tampered, "the example has a no to flip");
    let report = verify_submission(tampered.as_bytes(), &TrustStore::new(), &PackLibrary::new());
    assert_eq!(report.verdict(), Verdict::Failed);
}

#[wasm_bindgen_test]
fn signing_in_the_browser_gives_the_native_signature() {
    // RFC 8032 section 7.1, TEST 1: the empty message.
    let seed: [u8; 32] = [
        0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec, 0x2c,
        0xc4, 0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae,
        0x7f, 0x60,
    ];
    let signature = SigningKey::from_seed(seed).sign(b"");
    let hex: String = signature
        .to_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        hex,
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
    );
}

#[wasm_bindgen_test]
fn the_default_bank_evaluates_in_the_browser_as_natively() {
    // The native test `the_default_bank_scores_the_same_on_every_machine` checks the same.
    let evaluation = parity::evaluation();
    let (overall, outcome, actions) = parity::EXPECTED;
    assert_eq!(
        evaluation.score.overall.expect("a score").percent(),
        overall
    );
    assert_eq!(evaluation.outcome, outcome);
    assert_eq!(evaluation.corrective_actions.len(), actions);
    assert_eq!(evaluation.tier.tier.number(), 1);
}
