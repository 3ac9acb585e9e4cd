//! The shared cases C01, C02, C03, C05 and C06, rebuilt as croqual submissions: the example
//! submission, changed the way each case describes, signed with the cases' TEST-ONLY key and
//! verified through `verify_submission` with that key pinned for VND-0001.

#[path = "support/example.rs"]
mod example;
#[path = "support/shared.rs"]
mod shared;

use croqual::assessment::{EvidenceRef, MAX_EVIDENCE_SIZE};
use croqual::attest::Digest;
use croqual::attest::canonical::{CanonicalError, canonical_bytes};
use croqual::attest::envelope::{EnvelopeError, TrustStore, Vendor, Verification};
use croqual::attest::json::{self, JsonError, Notice};
use croqual::export::{
    PackLibrary, Submission, SubmissionParts, SubmissionReport, Verdict, sign_submission,
    verify_submission,
};
use croqual::pack::default_bank;
use serde_json::{Value, json};

use shared::{cases, test_only_case_key};

fn trust() -> TrustStore {
    let mut trust = TrustStore::new();
    trust
        .pin(
            test_only_case_key().fingerprint(),
            Vendor {
                id: "VND-0001".into(),
                name: "Example CRO GmbH".into(),
            },
        )
        .expect("a new pin");
    trust
}

fn build(parts: SubmissionParts) -> Submission {
    Submission::build(parts, default_bank()).expect("a valid submission")
}

fn file_of(submission: &Submission) -> String {
    sign_submission(submission, &test_only_case_key())
        .expect("signable")
        .to_json()
}

fn verify(bytes: &[u8]) -> SubmissionReport {
    verify_submission(bytes, &trust(), &PackLibrary::new())
}

fn canonical_payload(file: &str) -> String {
    let report = verify(file.as_bytes());
    let document = report.verification.document().expect("verified");
    String::from_utf8(document.canonical_payload().to_vec()).expect("UTF-8")
}

fn case_json(name: &str) -> Value {
    json::read(&shared::read(&cases(name)))
        .expect("a strict JSON case file")
        .value
}

#[test]
fn c01_a_submission_carries_integers_and_decimal_strings_only() {
    let mut parts = example::parts(0);
    let largest = EvidenceRef::new("largest-safe.bin", MAX_EVIDENCE_SIZE, Digest::of(b"big"))
        .expect("the largest safe size");
    let gov = "GOV-01".parse().expect("an id");
    let answer = parts
        .answers
        .remove(&gov)
        .expect("GOV-01")
        .with_evidence(largest);
    parts.answers.insert(gov, answer);
    let file = file_of(&build(parts));
    assert_eq!(verify(file.as_bytes()).verdict(), Verdict::Trusted);

    let canonical = canonical_payload(&file);
    for expected in [
        r#""overall":"84.9""#,
        r#""weight":5"#,
        r#""tier":2"#,
        r#""revision":1"#,
        r#""size":482133"#,
        r#""size":9007199254740991"#,
        r#""threshold":80"#,
    ] {
        assert!(canonical.contains(expected), "{expected}");
    }
}

#[test]
fn c01_the_unsafe_integer_9007199254740993_is_refused_on_read() {
    let file = file_of(&build(example::parts(0)));
    assert!(file.contains(r#""size": 482133"#));
    let changed = file.replace(r#""size": 482133"#, r#""size": 9007199254740993"#);
    let report = verify(changed.as_bytes());
    let Verification::Malformed(EnvelopeError::Json(JsonError::UnsafeInteger {
        literal,
        path,
        ..
    })) = &report.verification
    else {
        panic!("expected an unsafe integer: {}", report.verification);
    };
    assert_eq!(literal, "9007199254740993");
    assert_eq!(path.to_string(), "$.payload.answers[0].evidence[0].size");
    assert_eq!(report.verdict(), Verdict::Unusable);
}

#[test]
fn c01_a_float_where_the_format_has_an_integer_is_refused_even_when_signed() {
    let submission = build(example::parts(0));
    let mut payload = serde_json::to_value(&submission).expect("serialises");
    payload["answers"][0]["evidence"][0]["size"] = json!(482133.5);
    let file = croqual::attest::envelope::sign(&payload, &test_only_case_key())
        .expect("a float can be signed by the generic envelope")
        .to_json();
    let report = verify(file.as_bytes());
    assert_eq!(
        report.verification.to_string(),
        "malformed: the payload does not have the expected shape: $.answers[0].evidence[0].size: invalid type: floating point `482133.5`, expected u64"
    );
}

#[test]
fn c02_pack_and_claim_weights_are_integers_so_the_f32_hazard_cannot_arise() {
    let case = case_json("C02_f32_weights.json");
    let widened = case["canonical_if_f32_widened_to_f64"]
        .as_str()
        .expect("a string");
    assert!(widened.contains("0.550000011920929"));

    let pack = canonical_bytes(&default_bank().document()).expect("canonical");
    let pack: Value = serde_json::from_slice(&pack).expect("JSON");
    for domain in pack["domains"].as_array().expect("domains") {
        assert!(domain["weight"].is_u64(), "{domain}");
    }
    for question in pack["questions"].as_array().expect("questions") {
        assert!(question["weight"].is_u64(), "{}", question["id"]);
    }

    let canonical = canonical_payload(&file_of(&build(example::parts(0))));
    assert!(!canonical.contains("0.55"));
    let claim: Value = serde_json::from_str(&canonical).expect("JSON");
    for domain in claim["claim"]["domains"].as_array().expect("domains") {
        assert!(domain["weight"].is_u64());
        assert!(domain["score"].is_string() || domain["score"].is_null());
    }

    // And a single-precision float never reaches a signature.
    assert!(matches!(
        canonical_bytes(&json_with_f32()),
        Err(CanonicalError::SinglePrecisionFloat { .. })
    ));
}

fn json_with_f32() -> std::collections::BTreeMap<&'static str, f32> {
    [("AC", 0.55_f32), ("BC", 0.1), ("IR", 0.35)]
        .into_iter()
        .collect()
}

#[test]
fn c03_comments_and_evidence_names_with_the_escape_set_and_astral_characters_canonicalise_byte_exactly()
 {
    let case = case_json("C03_utf16_key_order_signed.json");
    let expected =
        String::from_utf8(shared::read(&cases("C03_expected_canonical.txt"))).expect("UTF-8");
    let escape_set = case["signed_payload"]["escape_set"]
        .as_object()
        .expect("the escape set");
    let names = case["signed_payload"]["evidence_index"]
        .as_object()
        .expect("the evidence index");

    let mut parts = example::parts(0);
    let ids: Vec<_> = parts.answers.keys().cloned().collect();
    for ((key, text), id) in escape_set.iter().zip(&ids) {
        let text = text.as_str().expect("a string");
        let answer = parts
            .answers
            .remove(id)
            .expect("an answer")
            .with_comment(text);
        parts.answers.insert(id.clone(), answer);
        let jcs = String::from_utf8(canonical_bytes(&text).expect("canonical")).expect("UTF-8");
        assert!(expected.contains(&format!("\"{key}\":{jcs}")), "{key}");
    }
    let last = ids.last().expect("answers").clone();
    let mut answer = parts.answers.remove(&last).expect("an answer");
    for (index, name) in names.keys().enumerate() {
        let evidence = EvidenceRef::new(name, index as u64 + 1, Digest::of(name.as_bytes()))
            .expect("a valid name");
        answer = answer.with_evidence(evidence);
    }
    parts.answers.insert(last, answer);

    let file = file_of(&build(parts));
    let report = verify(file.as_bytes());
    assert_eq!(
        report.verdict(),
        Verdict::Trusted,
        "{}",
        report.verification
    );
    let canonical = canonical_payload(&file);
    for text in escape_set.values() {
        let jcs = String::from_utf8(canonical_bytes(text).expect("canonical")).expect("UTF-8");
        assert!(
            canonical.contains(&format!("\"comment\":{jcs}")),
            "comment {jcs}"
        );
    }
    // DEL, U+0080, U+2028 and U+2029 are written raw, never escaped.
    for raw in ['\u{7f}', '\u{80}', '\u{2028}', '\u{2029}'] {
        assert!(canonical.contains(raw), "U+{:04X}", u32::from(raw));
    }
    for name in names.keys() {
        // Names are stored NFC-normalised; U+FB33 is a composition exclusion and becomes
        // U+05D3 U+05BC, the others are already NFC.
        let stored = croqual::text::nfc(name);
        assert!(
            canonical.contains(&format!("\"name\":\"{stored}\"")),
            "{name}"
        );
    }
}

fn multi_line_example() -> String {
    let mut parts = example::parts(0);
    let gov = "GOV-01".parse().expect("an id");
    let answer = parts
        .answers
        .remove(&gov)
        .expect("GOV-01")
        .with_comment("Policy approved by the board.\nNext review due in January.");
    parts.answers.insert(gov, answer);
    file_of(&build(parts))
}

#[test]
fn c05_the_export_pretty_printed_with_crlf_or_reindented_with_tabs_verifies() {
    let file = multi_line_example();
    let crlf = file.replace('\n', "\r\n");
    let tabs: String = file
        .lines()
        .map(|line| {
            let indent = line.len() - line.trim_start_matches(' ').len();
            format!(
                "{}{}\n",
                "\t".repeat(indent / 2),
                line.trim_start_matches(' ')
            )
        })
        .collect::<String>()
        + "\n";
    for variant in [crlf, tabs] {
        let report = verify(variant.as_bytes());
        assert_eq!(
            report.verdict(),
            Verdict::Trusted,
            "{}",
            report.verification
        );
    }
}

#[test]
fn c05_a_newline_changed_to_crlf_inside_a_comment_fails() {
    let file = multi_line_example();
    let original = r"Policy approved by the board.\nNext review";
    assert!(file.contains(original));
    let changed = file.replace(original, r"Policy approved by the board.\r\nNext review");
    let report = verify(changed.as_bytes());
    assert!(
        matches!(report.verification, Verification::SignatureInvalid { .. }),
        "{}",
        report.verification
    );
    assert_eq!(report.verdict(), Verdict::Failed);
}

#[test]
fn c06_the_example_with_a_utf8_byte_order_mark_verifies_with_a_notice() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(file_of(&build(example::parts(0))).as_bytes());
    let report = verify(&bytes);
    assert_eq!(report.verdict(), Verdict::Trusted);
    assert_eq!(
        report.submission.expect("verified").notices,
        [Notice::ByteOrderMarkRemoved]
    );
}

#[test]
fn c06_the_example_saved_as_utf16le_is_refused_with_save_as_utf8() {
    let file = file_of(&build(example::parts(0))).replace('\n', "\r\n");
    let mut bytes = vec![0xFF, 0xFE];
    for unit in file.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let report = verify(&bytes);
    assert_eq!(
        report.verification.to_string(),
        "malformed: the file is saved as UTF-16 (little-endian): save the file as UTF-8 and try again"
    );
    assert_eq!(report.verdict(), Verdict::Unusable);
}
