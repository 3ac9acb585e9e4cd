//! Submissions and decisions: build, sign, verify, recompute, and every way a file can lie.

#[path = "support/builders.rs"]
mod builders;
#[path = "support/example.rs"]
mod example;

use croqual::assessment::{ActionStatus, Outcome, QuestionState, RiskAcceptance, evaluate};
use croqual::attest::envelope::{EnvelopeError, TrustStore, Vendor, Verification};
use croqual::attest::keys::SigningKey;
use croqual::export::{
    DecidedSubmission, Decision, DecisionParts, ExportError, PackLibrary, PlannedAction,
    Recomputation, Sponsor, Submission, SubmissionParts, VendorCheck, Verdict, sign_decision,
    sign_submission, verify_decision, verify_submission,
};
use croqual::pack::default_bank;
use jiff::civil::date;
use serde_json::{Value, json};

use builders::{answer, document, pack, text, tier1_inputs};

/// A change made to a payload.
type Edit = Box<dyn FnOnce(&mut Value)>;

fn vendor(name: &str) -> Vendor {
    Vendor {
        id: "VND-0001".into(),
        name: name.into(),
    }
}

fn pinned(key: &SigningKey, name: &str) -> TrustStore {
    let mut trust = TrustStore::new();
    trust
        .pin(key.fingerprint(), vendor(name))
        .expect("a new pin");
    trust
}

fn example_submission() -> Submission {
    Submission::build(example::parts(0), default_bank()).expect("a valid example")
}

fn signed_file(submission: &Submission, key: &SigningKey) -> Vec<u8> {
    sign_submission(submission, key)
        .expect("signable")
        .to_json()
        .into_bytes()
}

/// The file with its payload changed by `edit`, keeping the original signature.
fn tampered(file: &[u8], edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut value: Value = serde_json::from_slice(file).expect("JSON");
    edit(&mut value["payload"]);
    serde_json::to_vec_pretty(&value).expect("serialises")
}

/// The payload changed by `edit`, then signed again with `key`.
fn resigned(submission: &Submission, key: &SigningKey, edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut payload = serde_json::to_value(submission).expect("serialises");
    edit(&mut payload);
    croqual::attest::envelope::sign(&payload, key)
        .expect("signable")
        .to_json()
        .into_bytes()
}

#[test]
fn a_built_submission_signs_verifies_under_its_pin_and_recomputes_to_its_claim() {
    let key = example::example_key();
    let submission = example_submission();
    let file = signed_file(&submission, &key);
    let report = verify_submission(
        &file,
        &pinned(&key, "Example CRO GmbH"),
        &PackLibrary::new(),
    );

    assert!(
        report.verification.is_verified_pinned(),
        "{}",
        report.verification
    );
    let verified = report.submission.as_ref().expect("verified");
    assert_eq!(verified.submission, submission);
    assert_eq!(verified.digest, submission.digest().expect("a digest"));
    assert_eq!(verified.fingerprint, key.fingerprint());
    assert!(matches!(verified.vendor, VendorCheck::Matches { .. }));
    assert_eq!(verified.recomputation.claim(), Some(&submission.claim));
    assert_eq!(report.mismatches(), &[]);
    assert_eq!(report.verdict(), Verdict::Trusted);
}

#[test]
fn changing_an_answer_a_score_or_the_outcome_after_signing_breaks_the_signature() {
    let key = example::example_key();
    let file = signed_file(&example_submission(), &key);
    let trust = pinned(&key, "Example CRO GmbH");
    let edits: [(&str, Edit); 4] = [
        (
            "answer value",
            Box::new(|p| p["answers"][3]["value"] = json!({"kind": "no"})),
        ),
        (
            "answer comment",
            Box::new(|p| p["answers"][0]["comment"] = json!("changed")),
        ),
        (
            "overall score",
            Box::new(|p| p["claim"]["overall"] = json!("99.0")),
        ),
        (
            "outcome",
            Box::new(|p| p["claim"]["outcome"] = json!("accepted")),
        ),
    ];
    for (what, edit) in edits {
        let report = verify_submission(&tampered(&file, edit), &trust, &PackLibrary::new());
        assert!(
            matches!(report.verification, Verification::SignatureInvalid { .. }),
            "{what}: {}",
            report.verification
        );
        assert!(report.submission.is_none(), "{what}: nothing is shown");
        assert_eq!(report.verdict(), Verdict::Failed, "{what}");
    }
}

#[test]
fn a_lying_claim_signed_with_the_right_key_verifies_but_every_difference_is_reported() {
    let key = example::example_key();
    let mut submission = example_submission();
    submission.claim.overall = Some("95.0".into());
    submission.claim.outcome = Outcome::Accepted;
    submission.claim.critical_failures.clear();
    let file = signed_file(&submission, &key);
    let report = verify_submission(
        &file,
        &pinned(&key, "Example CRO GmbH"),
        &PackLibrary::new(),
    );

    assert!(report.verification.is_verified_pinned());
    let fields: Vec<&str> = report
        .mismatches()
        .iter()
        .map(|m| m.field.as_str())
        .collect();
    assert_eq!(
        fields,
        ["claim.overall", "claim.outcome", "claim.critical_failures"]
    );
    assert_eq!(
        report.mismatches()[0].to_string(),
        "claim.overall: the submission says 95.0 %, the recomputation gives 84.9 %"
    );
    assert_eq!(report.verdict(), Verdict::Failed);
}

#[test]
fn a_lying_answer_state_is_reported() {
    let key = example::example_key();
    let mut submission = example_submission();
    let inactive = submission
        .answers
        .iter_mut()
        .find(|answer| answer.question.as_str() == "AI-04")
        .expect("the kept AI-04 answer");
    inactive.state = QuestionState::Active;
    inactive.scored = true;
    let report = verify_submission(
        &signed_file(&submission, &key),
        &pinned(&key, "Example CRO GmbH"),
        &PackLibrary::new(),
    );
    let shown: Vec<String> = report
        .mismatches()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        shown,
        [
            "answers.AI-04.state: the submission says active, the recomputation gives inapplicable",
            "answers.AI-04.scored: the submission says true, the recomputation gives false",
        ]
    );
}

#[test]
fn a_valid_signature_under_an_unpinned_key_is_shown_with_its_fingerprint_not_as_verified() {
    let key = example::example_key();
    let report = verify_submission(
        &signed_file(&example_submission(), &key),
        &TrustStore::new(),
        &PackLibrary::new(),
    );
    let Verification::ValidUnpinnedKey { fingerprint, .. } = &report.verification else {
        panic!("expected an unpinned key: {}", report.verification);
    };
    assert_eq!(*fingerprint, key.fingerprint());
    let verified = report.submission.as_ref().expect("the content is intact");
    assert_eq!(
        verified.vendor,
        VendorCheck::Unpinned {
            claimed: "Example CRO GmbH".into()
        }
    );
    assert_eq!(report.mismatches(), &[]);
    assert_eq!(report.verdict(), Verdict::UnpinnedKey);
}

#[test]
fn a_pinned_vendors_name_under_another_key_fails_rather_than_reading_as_unpinned() {
    let vendor_key = example::example_key();
    let mallory = SigningKey::from_seed([66; 32]);
    let report = verify_submission(
        &signed_file(&example_submission(), &mallory),
        &pinned(&vendor_key, "Example CRO GmbH"),
        &PackLibrary::new(),
    );
    assert!(matches!(
        report.verification,
        Verification::ValidUnpinnedKey { .. }
    ));
    let verified = report.submission.as_ref().expect("intact");
    assert!(verified.vendor.is_conflict());
    assert_eq!(
        verified.vendor.to_string(),
        format!(
            "the submission names \"Example CRO GmbH\", pinned as VND-0001 with another key ({}): a key change or an impostor; confirm with them before trusting it",
            vendor_key.fingerprint()
        )
    );
    assert_eq!(report.verdict(), Verdict::Failed);
    // A party of another name is only unpinned.
    let report = verify_submission(
        &signed_file(&example_submission(), &mallory),
        &pinned(&vendor_key, "Other Research Ltd"),
        &PackLibrary::new(),
    );
    assert_eq!(report.verdict(), Verdict::UnpinnedKey);
}

#[test]
fn a_key_pinned_for_another_vendor_is_reported_as_a_mismatch() {
    let key = example::example_key();
    let report = verify_submission(
        &signed_file(&example_submission(), &key),
        &pinned(&key, "Other Research Ltd"),
        &PackLibrary::new(),
    );
    assert!(report.verification.is_verified_pinned());
    let verified = report.submission.as_ref().expect("verified");
    assert_eq!(
        verified.vendor.to_string(),
        "the submission names \"Example CRO GmbH\", but the key is pinned for \"Other Research Ltd\" (VND-0001)"
    );
    assert_eq!(report.verdict(), Verdict::Failed);
}

#[test]
fn the_vendor_name_compares_without_regard_to_case_spaces_or_normalisation() {
    let key = example::example_key();
    let report = verify_submission(
        &signed_file(&example_submission(), &key),
        &pinned(&key, "  example cro gmbh "),
        &PackLibrary::new(),
    );
    assert_eq!(report.verdict(), Verdict::Trusted);
}

#[test]
fn an_unknown_pack_is_asked_for_by_its_digest_and_never_guessed() {
    let key = example::example_key();
    let own_pack = pack(&document(
        json!([{ "id": "D", "title": "Domain", "function": "PR" }]),
        json!([{ "id": "Q-01", "domain": "D", "text": "Is it in place?" }]),
    ));
    let mut parts = example::parts(0);
    parts.answers = builders::answers(&[("Q-01", "yes")]);
    parts.corrective_actions.clear();
    let submission = Submission::build(parts, &own_pack).expect("valid");
    let file = signed_file(&submission, &key);
    let trust = pinned(&key, "Example CRO GmbH");

    let report = verify_submission(&file, &trust, &PackLibrary::new());
    let verified = report.submission.as_ref().expect("verified");
    assert_eq!(
        verified.recomputation.to_string(),
        format!(
            "pack {} not available (test-pack 1.0.0, as the submission says): provide the pack file",
            own_pack.digest()
        )
    );
    assert_eq!(report.verdict(), Verdict::Unusable);

    let mut library = PackLibrary::new();
    library.add(own_pack);
    let report = verify_submission(&file, &trust, &library);
    assert_eq!(report.verdict(), Verdict::Trusted);
}

#[test]
fn a_pack_id_or_version_other_than_the_digests_pack_is_reported() {
    let key = example::example_key();
    let file = resigned(&example_submission(), &key, |payload| {
        payload["pack"]["version"] = json!("9.9.9");
    });
    let report = verify_submission(
        &file,
        &pinned(&key, "Example CRO GmbH"),
        &PackLibrary::new(),
    );
    let shown: Vec<String> = report
        .mismatches()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        shown,
        ["pack.version: the submission says 9.9.9, the recomputation gives 1.0.0"]
    );
}

#[test]
fn a_newer_format_version_or_another_format_is_named_in_the_message() {
    let key = example::example_key();
    let trust = pinned(&key, "Example CRO GmbH");
    let submission = example_submission();
    for (edit, expected) in [
        (
            json!(2),
            "this croqual-submission file is version 2, and this croqual reads up to version 1: update croqual to read it",
        ),
        (json!("croqual-decision"), "croqual-decision"),
    ] {
        let file = resigned(&submission, &key, |payload| {
            if edit.is_number() {
                payload["format_version"] = edit.clone();
            } else {
                payload["format"] = edit.clone();
            }
        });
        let report = verify_submission(&file, &trust, &PackLibrary::new());
        let Verification::Malformed(error) = &report.verification else {
            panic!("expected malformed: {}", report.verification);
        };
        assert!(
            error.to_string().contains(expected),
            "{error} should contain {expected}"
        );
        assert_eq!(report.verdict(), Verdict::Unusable);
    }
}

#[test]
fn a_signed_field_the_format_does_not_have_is_refused_naming_its_path() {
    let key = example::example_key();
    let submission = example_submission();
    let cases: [(Edit, &str); 4] = [
        (
            Box::new(|p| p["certificates"][0]["note"] = json!("valid really")),
            "unknown field \"note\" at $.certificates[0]: the format has no such field",
        ),
        (
            Box::new(|p| p["answers"][0]["value"]["extra"] = json!(1)),
            "unknown field \"extra\" at $.answers[0].value: the format has no such field",
        ),
        (
            Box::new(|p| p["answers"][2]["evidence"] = json!("none")),
            "$.answers[2].evidence: invalid type: string \"none\", expected a sequence",
        ),
        (
            Box::new(|p| p["exported_at"] = json!("2025-04-01T11:30:00+02:00")),
            "the value at $.exported_at is not written the way croqual writes it: found \"2025-04-01T11:30:00+02:00\", expected \"2025-04-01T09:30:00Z\"",
        ),
    ];
    for (edit, expected) in cases {
        let file = resigned(&submission, &key, edit);
        let report = verify_submission(
            &file,
            &pinned(&key, "Example CRO GmbH"),
            &PackLibrary::new(),
        );
        let Verification::Malformed(EnvelopeError::Payload { reason }) = &report.verification
        else {
            panic!("expected a payload error: {}", report.verification);
        };
        assert_eq!(reason, expected);
    }
}

#[test]
fn a_question_answered_twice_is_refused() {
    let key = example::example_key();
    let file = resigned(&example_submission(), &key, |payload| {
        let first = payload["answers"][0].clone();
        payload["answers"]
            .as_array_mut()
            .expect("answers")
            .push(first);
    });
    let report = verify_submission(
        &file,
        &pinned(&key, "Example CRO GmbH"),
        &PackLibrary::new(),
    );
    assert_eq!(
        report.verification.to_string(),
        "malformed: the payload does not have the expected shape: $.answers[204]: a second answer to GOV-01; each question is answered once"
    );
}

#[test]
fn certificates_are_checked_again_on_a_later_day_and_the_validity_ends() {
    let key = example::example_key();
    let report = verify_submission(
        &signed_file(&example_submission(), &key),
        &pinned(&key, "Example CRO GmbH"),
        &PackLibrary::new(),
    );
    let verified = report.submission.expect("verified");
    assert!(verified.certificates_on(date(2025, 4, 1))[1].is_valid);
    assert!(!verified.certificates_on(date(2027, 6, 3))[1].is_valid);
    assert!(verified.is_valid_on(date(2025, 9, 30)));
    assert!(!verified.is_valid_on(date(2025, 10, 1)));
}

#[test]
fn building_refuses_answers_the_pack_would_leave_out_and_an_incomplete_identity() {
    let mut parts = example::parts(0);
    parts
        .answers
        .insert("NOPE-01".parse().expect("an id"), answer("yes"));
    assert_eq!(
        Submission::build(parts, default_bank())
            .expect_err("refused")
            .to_string(),
        "the answer to NOPE-01 cannot be exported: the pack has no such question"
    );

    let mut parts = example::parts(0);
    parts
        .answers
        .insert("GOV-01".parse().expect("an id"), text("free text"));
    assert_eq!(
        Submission::build(parts, default_bank())
            .expect_err("refused")
            .to_string(),
        "the answer to GOV-01 cannot be exported: question GOV-01 takes a scale answer, not text"
    );

    let mut parts = example::parts(0);
    parts.organisation.contact.email = String::new();
    assert_eq!(
        Submission::build(parts, default_bank()).expect_err("refused"),
        ExportError::Identity {
            problems: "contact e-mail is empty".into()
        }
    );

    // Every gap at once, the service's too.
    let mut parts = example::parts(0);
    parts.organisation.legal_name = " ".into();
    parts.service.name = String::new();
    assert_eq!(
        Submission::build(parts, default_bank())
            .expect_err("refused")
            .to_string(),
        "the organisation and its service are not fully described: legal name is empty; service name is empty"
    );

    let mut parts = example::parts(0);
    parts.as_of = date(2025, 4, 5);
    assert!(matches!(
        Submission::build(parts, default_bank()),
        Err(ExportError::AsOfNotExportDate { .. })
    ));
}

fn a03_pack() -> croqual::pack::Pack {
    pack(&document(
        json!([{ "id": "SUB", "title": "Subcontractors", "function": "GV" }]),
        json!([
            { "id": "SUB-01", "domain": "SUB", "text": "Do you use subcontractors that process sponsor data?" },
            { "id": "SUB-02", "domain": "SUB", "weight": 2, "critical": true,
              "text": "Do subcontractors sign security clauses equivalent to yours?",
              "when": { "question": "SUB-01", "equals": "yes" } },
            { "id": "SUB-03", "domain": "SUB", "text": "Is there a register of subcontractors?",
              "when": { "question": "SUB-01", "equals": "yes" } }
        ]),
    ))
}

fn small_parts(answers: croqual::assessment::Answers) -> SubmissionParts {
    SubmissionParts {
        tiering: tier1_inputs(),
        certificates: Vec::new(),
        answers,
        corrective_actions: Vec::new(),
        ..example::parts(0)
    }
}

#[test]
fn a03_a_hidden_follow_up_is_exported_marked_inactive_and_not_counted() {
    let pack = a03_pack();
    let mut given = builders::answers(&[("SUB-01", "no"), ("SUB-03", "yes")]);
    given.insert(
        "SUB-02".parse().expect("an id"),
        answer("no").with_comment("answered while SUB-01 was yes"),
    );
    let mut parts = small_parts(given.clone());
    let evaluation = evaluate(&pack, &parts.tiering, &[], &given, parts.as_of);
    parts.corrective_actions = evaluation.corrective_actions.clone();
    let submission = Submission::build(parts, &pack).expect("valid");

    let states: Vec<(&str, QuestionState, bool)> = submission
        .answers
        .iter()
        .map(|a| (a.question.as_str(), a.state, a.scored))
        .collect();
    assert_eq!(
        states,
        [
            ("SUB-01", QuestionState::Active, true),
            ("SUB-02", QuestionState::Inapplicable, false),
            ("SUB-03", QuestionState::Inapplicable, false),
        ]
    );
    assert!(submission.claim.critical_failures.is_empty());
    assert_eq!(submission.claim.overall.as_deref(), Some("0.0"));

    // The sponsor's recomputation agrees, from the signed file.
    let key = example::example_key();
    let mut library = PackLibrary::new();
    library.add(pack);
    let report = verify_submission(
        &signed_file(&submission, &key),
        &pinned(&key, "Example CRO GmbH"),
        &library,
    );
    assert_eq!(report.mismatches(), &[]);
    assert_eq!(report.verdict(), Verdict::Trusted);
}

#[test]
fn a04_a_whole_chain_is_exported_inactive() {
    let pack = builders::one_domain(json!([
        { "id": "CL-01", "domain": "D", "text": "Is sponsor data hosted in a public cloud?" },
        { "id": "CL-02", "domain": "D", "text": "Which provider?", "type": "single",
          "options": [ { "id": "provider_a", "label": "Provider A" }, { "id": "provider_b", "label": "Provider B" },
                       { "id": "other", "label": "Other" } ],
          "when": { "question": "CL-01", "equals": "yes" } },
        { "id": "CL-03", "domain": "D", "type": "text", "text": "Describe the other provider and its certifications.",
          "when": { "question": "CL-02", "equals": "other" } },
        { "id": "CL-04", "domain": "D", "type": "text", "text": "Attach the provider certificate.",
          "when": { "question": "CL-03", "answered": true } }
    ]));
    let mut given = builders::answers(&[("CL-01", "no"), ("CL-02", "other")]);
    given.insert(
        "CL-03".parse().expect("an id"),
        text("Regional hoster, ISO 27001, contract signed 2024"),
    );
    given.insert(
        "CL-04".parse().expect("an id"),
        text("certificate attached"),
    );
    let mut parts = small_parts(given.clone());
    parts.corrective_actions =
        evaluate(&pack, &parts.tiering, &[], &given, parts.as_of).corrective_actions;
    let submission = Submission::build(parts, &pack).expect("valid");

    let inactive: Vec<&str> = submission
        .answers
        .iter()
        .filter(|a| !a.is_active())
        .map(|a| a.question.as_str())
        .collect();
    assert_eq!(inactive, ["CL-02", "CL-03", "CL-04"]);
    let payload = serde_json::to_value(&submission).expect("serialises");
    for position in 1..4 {
        assert_eq!(payload["answers"][position]["state"], json!("inapplicable"));
        assert_eq!(payload["answers"][position]["scored"], json!(false));
    }
}

fn decision_for(report_submission: &croqual::export::VerifiedSubmission) -> Decision {
    let evaluation = report_submission
        .recomputation
        .evaluation()
        .expect("recomputed");
    Decision::new(DecisionParts {
        submission: DecidedSubmission::of(report_submission),
        sponsor: Sponsor {
            organisation: "Example Pharma AG".into(),
            decided_by: "Dr. Erika Beispiel".into(),
            role: "Head of Clinical Quality Assurance".into(),
        },
        outcome: Outcome::AcceptedWithCorrectiveActions,
        reasons: vec!["Critical gaps in access control; a plan with dates is agreed.".into()],
        plan: vec![PlannedAction {
            question: Some("IAM-03".parse().expect("an id")),
            action: "Enforce MFA for all administrative access".into(),
            owner: "Example CRO GmbH, IT Operations".into(),
            due_on: date(2025, 7, 1),
            status: ActionStatus::Open,
        }],
        risk_acceptance: Some(
            RiskAcceptance::new(
                evaluation,
                "Study start cannot move; compensating monitoring is in place.",
                "Dr. Max Mustermann",
                "VP Clinical Operations",
                date(2025, 4, 10),
                date(2025, 10, 10),
            )
            .expect("a valid acceptance"),
        ),
        decided_at: "2025-04-10T14:00:00Z".parse().expect("a timestamp"),
    })
    .expect("a valid decision")
}

#[test]
fn a_decision_names_the_submission_and_round_trips_under_the_sponsors_pin() {
    let cro = example::example_key();
    let sponsor = SigningKey::from_seed([7; 32]);
    let report = verify_submission(
        &signed_file(&example_submission(), &cro),
        &pinned(&cro, "Example CRO GmbH"),
        &PackLibrary::new(),
    );
    let verified = report.submission.expect("verified");
    let decision = decision_for(&verified);
    assert!(decision.is_about(&verified.digest));
    let file = sign_decision(&decision, &sponsor)
        .expect("signable")
        .to_json();

    // The CRO pins the sponsor's key.
    let mut trust = TrustStore::new();
    trust
        .pin(
            sponsor.fingerprint(),
            Vendor {
                id: "SPN-1".into(),
                name: "Example Pharma AG".into(),
            },
        )
        .expect("a new pin");
    let report = verify_decision(file.as_bytes(), &trust);
    assert_eq!(report.verdict(), Verdict::Trusted);
    assert_eq!(report.decision.expect("verified").decision, decision);

    // Unpinned, it shows the fingerprint; tampered, it fails.
    let report = verify_decision(file.as_bytes(), &TrustStore::new());
    assert_eq!(report.verdict(), Verdict::UnpinnedKey);
    assert_eq!(
        report.verification.fingerprint(),
        Some(sponsor.fingerprint())
    );
    let tampered = file.replace("accepted_with_corrective_actions", "accepted");
    assert_eq!(
        verify_decision(tampered.as_bytes(), &trust).verdict(),
        Verdict::Failed
    );
    // A submission is not a decision.
    let submission_file = signed_file(&verified.submission, &cro);
    assert_eq!(
        verify_decision(&submission_file, &trust).verdict(),
        Verdict::Unusable
    );
}

#[test]
fn a_decision_needs_its_reasons_and_plan() {
    let parts = |outcome, reasons: Vec<String>, plan: Vec<PlannedAction>| DecisionParts {
        submission: DecidedSubmission {
            digest: croqual::attest::Digest::of(b"x"),
            assessment_id: "ASM-1".into(),
            revision: 1,
            vendor: croqual::export::VendorIdentity {
                legal_name: "Example CRO GmbH".into(),
                registration_id: "HRB 1".into(),
                country: "DE".into(),
            },
        },
        sponsor: Sponsor {
            organisation: "Example Pharma AG".into(),
            decided_by: "E. Beispiel".into(),
            role: "QA".into(),
        },
        outcome,
        reasons,
        plan,
        risk_acceptance: None,
        decided_at: "2025-04-10T14:00:00Z".parse().expect("a timestamp"),
    };
    assert_eq!(
        Decision::new(parts(Outcome::Rejected, vec!["  ".into()], vec![])),
        Err(ExportError::NoReason)
    );
    assert_eq!(
        Decision::new(parts(
            Outcome::AcceptedWithCorrectiveActions,
            vec![],
            vec![]
        )),
        Err(ExportError::EmptyPlan)
    );
    assert!(Decision::new(parts(Outcome::Accepted, vec![], vec![])).is_ok());
}

#[test]
fn the_payload_holds_no_floating_point_number() {
    fn walk(value: &Value, path: &str) {
        match value {
            Value::Number(number) => {
                assert!(number.is_u64() || number.is_i64(), "{path}: {number}")
            }
            Value::Array(items) => items
                .iter()
                .enumerate()
                .for_each(|(index, item)| walk(item, &format!("{path}[{index}]"))),
            Value::Object(map) => map
                .iter()
                .for_each(|(key, item)| walk(item, &format!("{path}.{key}"))),
            _ => {}
        }
    }
    walk(
        &serde_json::to_value(example_submission()).expect("serialises"),
        "$",
    );
}

#[test]
fn recomputation_reports_a_gap_without_a_corrective_action() {
    let key = example::example_key();
    let mut submission = example_submission();
    let dropped = submission.corrective_actions.remove(0);
    let report = verify_submission(
        &signed_file(&submission, &key),
        &pinned(&key, "Example CRO GmbH"),
        &PackLibrary::new(),
    );
    let fields: Vec<&str> = report
        .mismatches()
        .iter()
        .map(|m| m.field.as_str())
        .collect();
    assert_eq!(fields, [format!("corrective_actions.{}", dropped.question)]);
    assert!(matches!(
        report.submission.expect("verified").recomputation,
        Recomputation::Recomputed { .. }
    ));
}
