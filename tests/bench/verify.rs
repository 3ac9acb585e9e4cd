//! Verifying 1,000 typical submissions the way a sponsor does, against the floor.
//!
//! - Floor: raw Ed25519 `verify_strict` over the canonical payload bytes (known in advance),
//!   plus `serde_json::from_slice` of the same file bytes: the least any verifier must do.
//! - Full: `export::verify_submission` on the file bytes: strict UTF-8, the strict reader
//!   (duplicate keys, exact integers, depth), the envelope checks, RFC 8785
//!   canonicalisation, `verify_strict`, the trust-store lookup, the strict typed read of the
//!   payload (read, then written back and compared), the vendor check, and the recomputation
//!   with `assessment::evaluate` on the default bank, compared field by field with the claim.
//!
//! The submissions are the checked-in example's variants: the default bank, about 200
//! answers with realistic comments, two certificates, corrective actions; each variant has
//! its own assessment id, comments and some values.
//!
//! Budget: the full path within 3× the floor. Run with `cargo bench --bench verify`. It
//! reports figures and never fails: timings move with the load of a shared machine.

#[path = "../support/example.rs"]
mod example;

use std::hint::black_box;
use std::time::{Duration, Instant};

use croqual::attest::envelope::{self, TrustStore, Vendor, Verification};
use croqual::attest::json;
use croqual::export::{
    PackLibrary, SUBMISSION_FORMAT, Submission, Verdict, sign_submission, verify_submission,
};
use croqual::pack::default_bank;
use serde_json::Value;

const DOCUMENTS: usize = 1000;
const ROUNDS: usize = 5;
const BUDGET: f64 = 3.0;

/// One input: the file's bytes, and what the floor needs precomputed.
struct Sample {
    file: Vec<u8>,
    canonical: Vec<u8>,
    public_key: ed25519_dalek::VerifyingKey,
    signature: ed25519_dalek::Signature,
    answers: usize,
}

fn main() {
    let key = example::example_key();
    let mut trust = TrustStore::new();
    trust
        .pin(
            key.fingerprint(),
            Vendor {
                id: "VND-0001".into(),
                name: "Example CRO GmbH".into(),
            },
        )
        .expect("a new pin");
    let packs = PackLibrary::new();

    let samples: Vec<Sample> = (0..DOCUMENTS)
        .map(|variant| sample(variant, &key))
        .collect();
    let total_bytes: usize = samples.iter().map(|sample| sample.file.len()).sum();
    let total_answers: usize = samples.iter().map(|sample| sample.answers).sum();
    println!(
        "{DOCUMENTS} submissions for the default bank, {:.0} answers and {:.1} KiB each on average",
        total_answers as f64 / DOCUMENTS as f64,
        total_bytes as f64 / DOCUMENTS as f64 / 1024.0
    );

    // Interleaved rounds, best of each, so that load from other processes hits all alike.
    let mut floor = Duration::MAX;
    let mut full = Duration::MAX;
    let mut envelope_only = Duration::MAX;
    let mut reading = Duration::MAX;
    let mut recomputing = Duration::MAX;
    let payloads: Vec<Value> = samples
        .iter()
        .map(|sample| payload_of(&sample.file))
        .collect();
    let submissions: Vec<Submission> = payloads
        .iter()
        .map(|payload| serde_json::from_value(payload.clone()).expect("a submission"))
        .collect();
    for _ in 0..ROUNDS {
        floor = floor.min(time(|| floor_pass(&samples)));
        full = full.min(time(|| full_pass(&samples, &trust, &packs)));
        envelope_only = envelope_only.min(time(|| envelope_pass(&samples, &trust)));
        reading = reading.min(time(|| read_pass(&samples)));
        recomputing = recomputing.min(time(|| recompute_pass(&submissions, &packs)));
    }

    let ratio = full.as_secs_f64() / floor.as_secs_f64();
    println!(
        "floor (verify_strict + serde_json parse):       {:>7.1} ms",
        ms(floor)
    );
    println!(
        "full  (verify_submission, recompute included):  {:>7.1} ms",
        ms(full)
    );
    println!(
        "  of which: envelope (strict read, canonicalise, verify) {:.1} ms, strict read alone {:.1} ms, recomputation {:.1} ms",
        ms(envelope_only),
        ms(reading),
        ms(recomputing)
    );
    println!("ratio full / floor: {ratio:.2} (budget {BUDGET:.1})");
    if ratio > BUDGET {
        println!("over budget: the full path should stay within {BUDGET:.1}x of the floor");
    } else {
        println!("within budget");
    }
}

fn sample(variant: usize, key: &croqual::attest::keys::SigningKey) -> Sample {
    let submission =
        Submission::build(example::parts(variant), default_bank()).expect("a valid submission");
    let document = sign_submission(&submission, key).expect("signable");
    let public_key = ed25519_dalek::VerifyingKey::from_bytes(&document.public_key().to_bytes())
        .expect("a valid key");
    Sample {
        file: document.to_json().into_bytes(),
        canonical: document.canonical_payload().to_vec(),
        public_key,
        signature: ed25519_dalek::Signature::from_bytes(&document.signature().to_bytes()),
        answers: submission.answers.len(),
    }
}

fn floor_pass(samples: &[Sample]) {
    for sample in samples {
        let parsed: Value = serde_json::from_slice(&sample.file).expect("valid JSON");
        black_box(&parsed);
        sample
            .public_key
            .verify_strict(&sample.canonical, &sample.signature)
            .expect("valid signature");
    }
}

fn full_pass(samples: &[Sample], trust: &TrustStore, packs: &PackLibrary) {
    for sample in samples {
        let report = verify_submission(&sample.file, trust, packs);
        assert_eq!(
            report.verdict(),
            Verdict::Trusted,
            "{}",
            report.verification
        );
        black_box(&report);
    }
}

fn envelope_pass(samples: &[Sample], trust: &TrustStore) {
    for sample in samples {
        let verification = envelope::verify(&sample.file, &SUBMISSION_FORMAT, trust);
        assert!(matches!(verification, Verification::VerifiedPinned { .. }));
        black_box(&verification);
    }
}

fn read_pass(samples: &[Sample]) {
    for sample in samples {
        black_box(json::read(&sample.file).expect("valid JSON"));
    }
}

fn recompute_pass(submissions: &[Submission], packs: &PackLibrary) {
    for submission in submissions {
        black_box(submission.recompute(packs).expect("usable answers"));
    }
}

fn payload_of(file: &[u8]) -> Value {
    let mut document = json::read(file).expect("valid JSON").value;
    document["payload"].take()
}

fn time(pass: impl FnOnce()) -> Duration {
    let start = Instant::now();
    pass();
    start.elapsed()
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
