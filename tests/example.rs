//! The checked-in example: `tests/data/example-export.json`, signed with the TEST-ONLY key of
//! `tests/data/example-key.pub`, and the key's backup `tests/data/example-key.TEST-ONLY.key`.
//!
//! Regenerate all three with `cargo test --test example -- --ignored regenerate` after a
//! deliberate change of the format, the default bank or the example, then update the digest
//! quoted in the documentation of `croqual::export`.

#[path = "support/example.rs"]
mod example;

use std::path::PathBuf;

use croqual::attest::envelope::{TrustStore, Vendor, Verification};
use croqual::attest::keys::{PrivateKeyBackup, PublicKeyFile};
use croqual::export::{
    PackLibrary, Recomputation, Submission, Verdict, sign_submission, verify_submission,
};
use croqual::pack::default_bank;

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// The three files as croqual's code writes them now.
fn generated() -> (String, String, String) {
    let key = example::example_key();
    let submission = Submission::build(example::parts(0), default_bank()).expect("a valid example");
    let signed = sign_submission(&submission, &key).expect("signable");
    let backup = PrivateKeyBackup::new(example::EXAMPLE_KEY_NAME, key).expect("a valid name");
    // The warning goes after the header line, which a backup must start with.
    let text = backup.to_text();
    let (header, rest) = text.split_once('\n').expect("a header line");
    let private = format!(
        "{header}\n# TEST ONLY. This key's seed is public (SHA-256 of \"{}\"):\n# it signs the checked-in example and must never be trusted for anything else.\n{rest}",
        example::EXAMPLE_SEED_TEXT,
    );
    (signed.to_json(), backup.public_file().to_text(), private)
}

#[test]
#[ignore = "writes tests/data/example-*; run it on purpose"]
fn regenerate() {
    let (export, public, private) = generated();
    std::fs::write(data("example-export.json"), export).expect("written");
    std::fs::write(data("example-key.pub"), public).expect("written");
    std::fs::write(data("example-key.TEST-ONLY.key"), private).expect("written");
}

fn example_trust() -> TrustStore {
    let public = PublicKeyFile::from_bytes(&std::fs::read(data("example-key.pub")).expect("read"))
        .expect("a public key file");
    let mut trust = TrustStore::new();
    trust
        .pin(
            public.fingerprint(),
            Vendor {
                id: "VND-0001".into(),
                name: public.name().to_owned(),
            },
        )
        .expect("a new pin");
    trust
}

#[test]
fn the_example_verifies_under_its_pinned_key_and_its_claim_recomputes_exactly() {
    let bytes = std::fs::read(data("example-export.json")).expect("the example");
    let report = verify_submission(&bytes, &example_trust(), &PackLibrary::new());
    assert!(
        matches!(report.verification, Verification::VerifiedPinned { .. }),
        "{}",
        report.verification
    );
    let verified = report.submission.as_ref().expect("a verified submission");
    assert!(
        matches!(verified.recomputation, Recomputation::Recomputed { .. }),
        "{}",
        verified.recomputation
    );
    assert_eq!(report.mismatches(), &[]);
    assert_eq!(report.verdict(), Verdict::Trusted);
}

#[test]
fn the_checked_in_example_files_are_what_the_code_writes() {
    let (export, public, private) = generated();
    let read = |name: &str| std::fs::read_to_string(data(name)).expect("a checked-in file");
    assert_eq!(
        read("example-export.json"),
        export,
        "the example drifted: run `cargo test --test example -- --ignored regenerate`"
    );
    assert_eq!(read("example-key.pub"), public);
    assert_eq!(read("example-key.TEST-ONLY.key"), private);
}

#[test]
fn the_private_backup_restores_the_key_of_the_public_file() {
    let backup = PrivateKeyBackup::from_bytes(
        &std::fs::read(data("example-key.TEST-ONLY.key")).expect("read"),
    )
    .expect("a backup");
    let public = PublicKeyFile::from_bytes(&std::fs::read(data("example-key.pub")).expect("read"))
        .expect("a public key file");
    assert_eq!(backup.key().fingerprint(), public.fingerprint());
}

#[test]
fn the_documentation_quotes_the_example_fingerprint_and_digest() {
    let bytes = std::fs::read(data("example-export.json")).expect("the example");
    let report = verify_submission(&bytes, &example_trust(), &PackLibrary::new());
    let verified = report.submission.expect("verified");
    let docs =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/export.rs"))
            .expect("the module source");
    let claim = &verified.submission.claim;
    for quoted in [
        verified.fingerprint.to_string(),
        verified.digest.to_string(),
        format!("overall `{}`", claim.overall.as_deref().unwrap_or("null")),
        format!(
            "outcome `{}`",
            serde_json::to_value(claim.outcome)
                .expect("serialises")
                .as_str()
                .expect("a string")
        ),
    ] {
        assert!(
            docs.contains(&quoted),
            "src/export.rs should quote {quoted}"
        );
    }
}
