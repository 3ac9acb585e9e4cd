//! Verifying 1,000 typical signed documents: croqual's full path against the floor.
//!
//! - Floor: raw Ed25519 `verify_strict` over the canonical payload bytes (known in advance),
//!   plus `serde_json::from_slice` of the same file bytes: the least any verifier must do.
//! - Full: `envelope::verify` on the file bytes: strict UTF-8, the strict reader (duplicate
//!   keys, exact integers, depth), the envelope checks, RFC 8785 canonicalisation, the
//!   signature, and the trust-store lookup.
//!
//! Budget: the full path within 3× the floor. Run with `cargo bench --bench verify`. It reports
//! figures and never fails: timings move with the load of a shared machine.

use std::hint::black_box;
use std::time::{Duration, Instant};

use croqual::attest::canonical::canonical_value;
use croqual::attest::envelope::{self, Format, TrustStore, Vendor, Verification};
use croqual::attest::json;
use croqual::attest::keys::SigningKey;
use serde_json::{Value, json};

const DOCUMENTS: usize = 1000;
const ANSWERS: usize = 300;
const ROUNDS: usize = 5;
const BUDGET: f64 = 3.0;
const FORMAT: Format = Format::new("croqual-bench", 1);

/// One input: the file's bytes, and what the floor needs precomputed.
struct Sample {
    file: Vec<u8>,
    canonical: Vec<u8>,
    public_key: ed25519_dalek::VerifyingKey,
    signature: ed25519_dalek::Signature,
}

fn main() {
    let key = SigningKey::from_seed([0x5A; 32]);
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

    let samples: Vec<Sample> = (0..DOCUMENTS).map(|index| sample(index, &key)).collect();
    let total_bytes: usize = samples.iter().map(|sample| sample.file.len()).sum();
    println!(
        "{DOCUMENTS} documents of {ANSWERS} answers, {:.1} KiB each on average",
        total_bytes as f64 / DOCUMENTS as f64 / 1024.0
    );

    // Interleaved rounds, best of each, so that load from other processes hits both alike.
    let mut floor = Duration::MAX;
    let mut full = Duration::MAX;
    let mut reading = Duration::MAX;
    let mut canonicalising = Duration::MAX;
    let parsed: Vec<Value> = samples
        .iter()
        .map(|sample| payload_of(&sample.file))
        .collect();
    for _ in 0..ROUNDS {
        floor = floor.min(time(|| floor_pass(&samples)));
        full = full.min(time(|| full_pass(&samples, &trust)));
        reading = reading.min(time(|| read_pass(&samples)));
        canonicalising = canonicalising.min(time(|| canonical_pass(&parsed)));
    }

    let ratio = full.as_secs_f64() / floor.as_secs_f64();
    println!(
        "floor (verify_strict + serde_json parse): {:>8.1} ms",
        ms(floor)
    );
    println!(
        "full  (strict read + canonicalise + verify): {:>5.1} ms",
        ms(full)
    );
    println!(
        "  of which strict read {:.1} ms, canonicalisation {:.1} ms",
        ms(reading),
        ms(canonicalising)
    );
    println!("ratio full / floor: {ratio:.2} (budget {BUDGET:.1})");
    if ratio > BUDGET {
        println!("over budget: the full path should stay within {BUDGET:.1}x of the floor");
    }
}

fn sample(index: usize, key: &SigningKey) -> Sample {
    let document = envelope::sign(&payload(index), key).expect("signable payload");
    let public_key = ed25519_dalek::VerifyingKey::from_bytes(&document.public_key().to_bytes())
        .expect("a valid key");
    Sample {
        file: document.to_json().into_bytes(),
        canonical: document.canonical_payload().to_vec(),
        public_key,
        signature: ed25519_dalek::Signature::from_bytes(&document.signature().to_bytes()),
    }
}

/// A submission-like payload: about 300 answers of about 150 bytes each.
fn payload(index: usize) -> Value {
    let values = ["yes", "partial", "no", "na"];
    let answers: Vec<Value> = (0..ANSWERS)
        .map(|question| {
            json!({
                "question": format!("Q-{question:03}"),
                "value": values[(index + question) % values.len()],
                "comment": format!(
                    "Reviewed for submission {index}: control {question} is documented, owned and tested yearly."
                ),
                "answered_at": "2025-04-01T09:30:00Z",
            })
        })
        .collect();
    json!({
        "format": FORMAT.id,
        "format_version": 1,
        "assessment": {"id": format!("ASM-2025-{index:04}"), "revision": 1},
        "vendor": {"id": "VND-0001", "name": "Example CRO GmbH", "country": "DE"},
        "answers": answers,
        "score": "72.5",
        "outcome": "accepted_with_corrective_actions",
    })
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

fn full_pass(samples: &[Sample], trust: &TrustStore) {
    for sample in samples {
        let verification = envelope::verify(&sample.file, &FORMAT, trust);
        assert!(
            matches!(verification, Verification::VerifiedPinned { .. }),
            "{verification}"
        );
        black_box(&verification);
    }
}

fn read_pass(samples: &[Sample]) {
    for sample in samples {
        black_box(json::read(&sample.file).expect("valid JSON"));
    }
}

fn canonical_pass(payloads: &[Value]) {
    for payload in payloads {
        black_box(canonical_value(payload).expect("canonical"));
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
