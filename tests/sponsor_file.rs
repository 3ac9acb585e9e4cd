//! The sponsor's stored vendor: the workflow record with the signed files kept for review,
//! read back strictly, pruned to what the review needs, and merged between two tabs.

#[path = "support/vendors.rs"]
mod vendors;

use croqual::assessment::Outcome;
use croqual::attest::Digest;
use croqual::attest::envelope;
use croqual::attest::keys::SigningKey;
use croqual::sponsor::{KeptDocument, Merged, VendorFile, VendorFileError};
use croqual::workflow::{Command, Stage};
use serde_json::{Value, json};
use vendors::*;

/// A small signed document standing in for submission `n`.
fn signed(n: u32) -> KeptDocument {
    let key = SigningKey::from_seed([3; 32]);
    let payload = json!({"format": "test-document", "format_version": 1, "n": n});
    KeptDocument::of(&envelope::sign(&payload, &key).expect("signable"))
}

/// A kept document whose digest is that of workflow submission `n`.
fn kept_for(n: u32) -> KeptDocument {
    let mut kept = signed(n);
    kept.digest = Digest::of(format!("submission {n}").as_bytes());
    kept
}

#[test]
fn a_stored_vendor_reads_back_as_it_was_written() {
    let mut file = VendorFile::new(vendor_at(Stage::Evaluation));
    file.keep_submission(kept_for(1));
    file.keep_decision(signed(90));
    file.hold(signed(2));

    let loaded = VendorFile::from_json(&file.to_json()).expect("readable");
    assert!(loaded.integrity.is_intact());
    assert_eq!(loaded.file, file);
}

#[test]
fn a_kept_document_verifies_again_from_its_bytes() {
    let key = SigningKey::from_seed([3; 32]);
    let payload = json!({"format": "test-document", "format_version": 1, "n": 1});
    let document = envelope::sign(&payload, &key).expect("signable");
    let kept = KeptDocument::of(&document);
    let format = envelope::Format::new("test-document", 1);
    let verified = envelope::verify(&kept.bytes(), &format, &envelope::TrustStore::new());
    assert_eq!(
        verified.document().map(|document| document.digest()),
        Some(document.digest())
    );
    // Kept compactly: no indentation.
    assert!(
        !String::from_utf8(kept.bytes())
            .expect("utf-8")
            .contains('\n')
    );
}

#[test]
fn only_the_current_and_previous_submissions_keep_their_files() {
    let mut record = vendor_at(Stage::Evaluation);
    let mut file = VendorFile::new(record.clone());
    file.keep_submission(kept_for(1));
    for n in 2..=3 {
        ok(
            &mut record,
            Command::ReceiveSubmission(submission(n, Outcome::Accepted)),
        );
        file.record = record.clone();
        file.keep_submission(kept_for(n));
    }
    let kept: Vec<Digest> = file.submissions().iter().map(|d| d.digest).collect();
    assert_eq!(kept, vec![kept_for(2).digest, kept_for(3).digest]);
}

#[test]
fn a_held_submission_is_let_go_once_the_record_received_it() {
    let mut record = vendor_at(Stage::CybersecurityAssessment);
    let mut file = VendorFile::new(record.clone());
    assert_eq!(file.hold(kept_for(1)), None);
    ok(
        &mut record,
        Command::ReceiveSubmission(submission(1, Outcome::Accepted)),
    );
    file.record = record;
    let held = file.release_held().expect("held");
    file.keep_submission(held);
    assert_eq!(file.held(), None);
    assert!(file.submission(&kept_for(1).digest).is_some());
}

#[test]
fn a_bare_workflow_record_reads_as_a_vendor_without_files() {
    let record = vendor_at(Stage::ServiceQualification);
    let loaded = VendorFile::from_json(&record.to_json()).expect("readable");
    assert_eq!(loaded.file, VendorFile::new(record));
}

#[test]
fn an_edited_trail_is_reported_beside_the_vendor_not_repaired() {
    let file = VendorFile::new(vendor_at(Stage::Evaluation));
    let mut stored: Value = serde_json::from_str(&file.to_json()).expect("json");
    stored["record"]["trail"][2]["why"] = json!("edited by hand");
    let loaded = VendorFile::from_json(&stored.to_string()).expect("still readable");
    let chain_break = loaded.integrity.chain.expect_err("a break");
    assert_eq!(chain_break.index, 2);
    assert_eq!(
        loaded.file.record.trail().entries()[2].why,
        "edited by hand"
    );
}

#[test]
fn values_that_are_no_stored_vendor_are_refused_with_their_reason() {
    let current = VendorFile::new(new_vendor()).to_json();
    let future = current.replace("\"format_version\":1", "\"format_version\":7");
    let cases = [
        ("", "the stored vendor is empty"),
        ("undefined", "the stored vendor is not valid JSON"),
        ("{\"format\": \"croqual-sponsor-vendor\"", "not valid JSON"),
        ("null", "not a croqual vendor: it is not a JSON object"),
        ("{\"GOV-01\": \"yes\"}", "it has no \"format\""),
        (
            future.as_str(),
            "format version 7, and this croqual reads version 1: it was written by a newer croqual",
        ),
        (
            "{\"format\": \"croqual-sponsor-vendor\", \"format_version\": 1, \"record\": 3}",
            "vendor record",
        ),
    ];
    for (text, expected) in cases {
        let error = VendorFile::from_json(text).expect_err(text);
        assert!(
            error.to_string().contains(expected),
            "{text:?}: {error} lacks {expected:?}"
        );
    }
    assert!(matches!(
        VendorFile::from_json("  "),
        Err(VendorFileError::Empty)
    ));
}

#[test]
fn the_tab_whose_trail_goes_further_wins_and_files_are_kept_from_both() {
    let behind = VendorFile::new(vendor_at(Stage::CybersecurityAssessment));
    let mut ahead = behind.clone();
    ok(
        &mut ahead.record,
        Command::ReceiveSubmission(submission(1, Outcome::Accepted)),
    );
    ahead.keep_submission(kept_for(1));
    let mut behind_with_decision = behind.clone();
    behind_with_decision.keep_decision(signed(90));

    let (merged, kind) = behind_with_decision.merge(&ahead);
    assert_eq!(kind, Merged::Theirs { write_back: true });
    assert_eq!(merged.record, ahead.record);
    assert_eq!(merged.decisions().len(), 1);
    assert_eq!(merged.submissions().len(), 1);

    let (merged, kind) = ahead.merge(&behind);
    assert_eq!(kind, Merged::Mine);
    assert_eq!(merged, ahead);

    assert_eq!(ahead.merge(&ahead), (ahead.clone(), Merged::Same));
}

#[test]
fn two_tabs_that_both_appended_are_reported_as_diverged() {
    let base = VendorFile::new(vendor_at(Stage::CybersecurityAssessment));
    let mut mine = base.clone();
    let mut theirs = base;
    ok(
        &mut mine.record,
        Command::ReceiveSubmission(submission(1, Outcome::Accepted)),
    );
    ok(
        &mut theirs.record,
        Command::ReceiveSubmission(submission(2, Outcome::Accepted)),
    );
    let (merged, kind) = mine.merge(&theirs);
    assert_eq!(kind, Merged::Diverged);
    assert_eq!(merged.record, theirs.record);
}
