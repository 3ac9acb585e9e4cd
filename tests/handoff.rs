//! A report handed from a worker to the page reads back as the report the page would have
//! made itself, with the page's pins.

#[path = "support/example.rs"]
mod example;

use croqual::attest::envelope::{TrustStore, Vendor, Verification};
use croqual::export::handoff::{handoff, resume, retrust};
use croqual::export::{
    PackLibrary, Submission, SubmissionReport, VendorCheck, sign_submission, verify_submission,
};
use croqual::pack::default_bank;

fn signed_file(variant: usize, bom: bool) -> Vec<u8> {
    let submission =
        Submission::build(example::parts(variant), default_bank()).expect("a valid submission");
    let text = sign_submission(&submission, &example::example_key())
        .expect("signable")
        .to_json();
    let mut bytes = if bom {
        vec![0xEF, 0xBB, 0xBF]
    } else {
        Vec::new()
    };
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

fn pinned() -> TrustStore {
    let mut trust = TrustStore::new();
    trust
        .pin(
            example::example_key().fingerprint(),
            Vendor {
                id: "VND-0001".into(),
                name: example::EXAMPLE_KEY_NAME.into(),
            },
        )
        .expect("a new pin");
    trust
}

/// Everything a reader looks at in a report, compared field by field.
fn assert_same(resumed: &SubmissionReport, direct: &SubmissionReport) {
    let (Some(resumed_doc), Some(direct_doc)) = (
        resumed.verification.document(),
        direct.verification.document(),
    ) else {
        panic!("both reports hold a document");
    };
    assert_eq!(resumed_doc, direct_doc);
    assert_eq!(
        resumed.verification.is_verified_pinned(),
        direct.verification.is_verified_pinned()
    );
    assert_eq!(resumed.verification.vendor(), direct.verification.vendor());
    let (Some(resumed), Some(direct)) = (&resumed.submission, &direct.submission) else {
        panic!("both reports hold a submission");
    };
    assert_eq!(resumed.submission, direct.submission);
    assert_eq!(resumed.digest, direct.digest);
    assert_eq!(resumed.fingerprint, direct.fingerprint);
    assert_eq!(resumed.notices, direct.notices);
    assert_eq!(resumed.vendor, direct.vendor);
    assert_eq!(resumed.recomputation.claim(), direct.recomputation.claim());
    assert_eq!(
        resumed.recomputation.mismatches(),
        direct.recomputation.mismatches()
    );
    // The evaluation stays with the worker: the reader has the claim it gives.
    assert!(resumed.recomputation.evaluation().is_none());
    assert!(direct.recomputation.evaluation().is_some());
}

#[test]
fn a_handed_over_report_reads_back_as_the_direct_one() {
    let packs = PackLibrary::new();
    let trust = pinned();
    for (variant, bom) in [(0, false), (3, true)] {
        let file = signed_file(variant, bom);
        let direct = verify_submission(&file, &trust, &packs);
        // A worker has no pins: the reader's decide.
        let worker = verify_submission(&file, &TrustStore::new(), &packs);
        let bytes = handoff(&worker).expect("a verified, recomputed submission");
        let resumed = resume(&bytes, &trust).expect("what handoff wrote");
        assert_same(&resumed, &direct);
        assert!(resumed.verification.is_verified_pinned());
    }
}

#[test]
fn the_readers_pins_decide_who_signed() {
    let packs = PackLibrary::new();
    let file = signed_file(1, false);
    let worker = verify_submission(&file, &pinned(), &packs);
    let bytes = handoff(&worker).expect("handed over");

    let unpinned = resume(&bytes, &TrustStore::new()).expect("resumed");
    assert!(matches!(
        unpinned.verification,
        Verification::ValidUnpinnedKey { .. }
    ));
    assert_same(
        &unpinned,
        &verify_submission(&file, &TrustStore::new(), &packs),
    );

    // The name of a pinned vendor under another key is a key change, pinned or not when the
    // worker looked.
    let mut other = TrustStore::new();
    other
        .pin(
            croqual::attest::keys::SigningKey::from_seed([9; 32]).fingerprint(),
            Vendor {
                id: "VND-0002".into(),
                name: example::EXAMPLE_KEY_NAME.into(),
            },
        )
        .expect("a new pin");
    let resumed = resume(&bytes, &other).expect("resumed");
    assert!(matches!(
        resumed.submission.as_ref().map(|s| &s.vendor),
        Some(VendorCheck::AnotherKey { .. })
    ));
}

#[test]
fn nothing_is_handed_over_unless_verified_and_recomputed() {
    let packs = PackLibrary::new();
    let mut tampered = signed_file(2, false);
    let at = tampered
        .windows(7)
        .position(|w| w == b"\"tier\":")
        .or_else(|| tampered.windows(6).position(|w| w == b"\"tier\""))
        .expect("a tier field");
    // A changed value after signing: the signature no longer verifies.
    let digit = tampered[at..]
        .iter()
        .position(u8::is_ascii_digit)
        .expect("a digit")
        + at;
    tampered[digit] = if tampered[digit] == b'1' { b'2' } else { b'1' };
    let report = verify_submission(&tampered, &TrustStore::new(), &packs);
    assert!(matches!(
        report.verification,
        Verification::SignatureInvalid { .. }
    ));
    assert!(handoff(&report).is_none());

    let malformed = verify_submission(b"{\"payload\": 1}", &TrustStore::new(), &packs);
    assert!(handoff(&malformed).is_none());
}

#[test]
fn bytes_that_handoff_did_not_write_resume_to_nothing() {
    let trust = TrustStore::new();
    let bytes = handoff(&verify_submission(
        &signed_file(0, false),
        &trust,
        &PackLibrary::new(),
    ))
    .expect("handed over");
    assert!(resume(&[], &trust).is_none());
    assert!(resume(&bytes[..3], &trust).is_none());
    assert!(resume(&bytes[..bytes.len() / 2], &trust).is_none());
    let mut long_header = bytes.clone();
    long_header[..4].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(resume(&long_header, &trust).is_none());
}

#[test]
fn a_report_made_before_a_pin_takes_the_pin() {
    let packs = PackLibrary::new();
    let file = signed_file(4, false);
    let early = verify_submission(&file, &TrustStore::new(), &packs);
    assert!(matches!(
        early.verification,
        Verification::ValidUnpinnedKey { .. }
    ));
    let trust = pinned();
    let later = retrust(early, &trust);
    let direct = verify_submission(&file, &trust, &packs);
    assert!(later.verification.is_verified_pinned());
    assert_eq!(
        later.submission.as_ref().map(|s| &s.vendor),
        direct.submission.as_ref().map(|s| &s.vendor)
    );
    // And back: a pin removed since counts as well.
    let unpinned = retrust(later, &TrustStore::new());
    assert!(!unpinned.verification.is_verified_pinned());

    let bad = verify_submission(b"not json", &trust, &packs);
    assert!(matches!(
        retrust(bad, &trust).verification,
        Verification::Malformed(_)
    ));
}
