//! Answers: justification, normalisation, evidence and their serde form.

#[path = "support/builders.rs"]
mod builders;

use builders::at;
use croqual::assessment::{Answer, AnswerError, AnswerValue, EvidenceRef, MAX_EVIDENCE_SIZE};
use croqual::attest::Digest;
use serde_json::json;

#[test]
fn not_applicable_needs_a_justification() {
    assert_eq!(
        Answer::not_applicable("", at()),
        Err(AnswerError::EmptyJustification)
    );
    assert_eq!(
        Answer::not_applicable(" \n\t", at()),
        Err(AnswerError::EmptyJustification)
    );
    assert!(Answer::not_applicable("No cloud hosting in this service", at()).is_ok());
    let unjustified = json!({ "value": { "kind": "na", "justification": "" }, "answered_at": "2025-04-01T09:30:00Z" });
    assert!(
        serde_json::from_value::<Answer>(unjustified).is_err(),
        "nor can one be read without it"
    );
}

#[test]
fn typed_text_is_stored_nfc_normalised() {
    let decomposed = "Re\u{301}sume\u{301}";
    let answer = Answer::new(
        AnswerValue::Text {
            text: decomposed.to_owned(),
        },
        at(),
    )
    .expect("valid")
    .with_comment(decomposed);
    assert_eq!(answer.comment(), "Résumé");
    assert_eq!(
        answer.value(),
        &AnswerValue::Text {
            text: "Résumé".to_owned()
        }
    );
    let justified = Answer::not_applicable(decomposed, at()).expect("valid");
    assert_eq!(
        justified.value(),
        &AnswerValue::NotApplicable {
            justification: "Résumé".to_owned()
        }
    );
    let read: Answer = serde_json::from_value(json!({
        "value": { "kind": "yes" }, "comment": decomposed, "answered_at": "2025-04-01T09:30:00Z"
    }))
    .expect("parses");
    assert_eq!(read.comment(), "Résumé");
}

#[test]
fn numbers_are_plain_decimals_kept_as_text() {
    assert!(
        Answer::new(
            AnswerValue::Number {
                number: "72".to_owned()
            },
            at()
        )
        .is_ok()
    );
    assert!(
        Answer::new(
            AnswerValue::Number {
                number: "-3.5".to_owned()
            },
            at()
        )
        .is_ok()
    );
    for bad in ["1e3", "", "72 hours", "0x10"] {
        assert!(
            Answer::new(
                AnswerValue::Number {
                    number: bad.to_owned()
                },
                at()
            )
            .is_err(),
            "{bad}"
        );
    }
}

#[test]
fn an_option_chosen_twice_is_refused() {
    let twice = AnswerValue::Choices {
        options: vec!["a".to_owned(), "a".to_owned()],
    };
    assert_eq!(
        Answer::new(twice, at()),
        Err(AnswerError::OptionTwice {
            option: "a".to_owned()
        })
    );
}

#[test]
fn evidence_references_keep_name_size_and_digest_never_the_file() {
    let digest = Digest::of(b"the policy");
    let evidence =
        EvidenceRef::new("Politique_se\u{301}curite\u{301}.pdf", 48_213, digest).expect("valid");
    assert_eq!(evidence.name(), "Politique_sécurité.pdf");
    let answer = Answer::yes(at()).with_evidence(evidence.clone());
    let json = serde_json::to_value(&answer).expect("serialises");
    assert_eq!(
        json["evidence"][0],
        json!({ "name": "Politique_sécurité.pdf", "size": 48213, "sha256": digest.to_string() })
    );
    assert_eq!(
        serde_json::from_value::<Answer>(json).expect("parses"),
        answer
    );
    assert!(EvidenceRef::new(" ", 1, digest).is_err());
    assert!(EvidenceRef::new("big.bin", MAX_EVIDENCE_SIZE + 1, digest).is_err());
}

#[test]
fn an_empty_evidence_file_is_refused_but_an_empty_reference_already_signed_still_reads() {
    let empty = Digest::of(b"");
    let refused = EvidenceRef::new("scan.pdf", 0, empty).expect_err("an empty file");
    assert_eq!(
        refused.to_string(),
        "scan.pdf is empty (0 bytes): attach the document itself, not an empty copy of it"
    );
    let stated = json!({ "name": "scan.pdf", "size": 0, "sha256": empty.to_string() });
    let read: EvidenceRef = serde_json::from_value(stated).expect("a reference as signed");
    assert_eq!(read.size(), 0);
}

#[test]
fn answers_use_stable_serde_names_and_timestamps_keep_their_zone() {
    let answer = Answer::partial(at()).with_comment("MFA on VPN only");
    let json = serde_json::to_value(&answer).expect("serialises");
    assert_eq!(
        json,
        json!({ "value": { "kind": "partial" }, "comment": "MFA on VPN only", "evidence": [], "answered_at": "2025-04-01T09:30:00Z" })
    );
    let date = Answer::new(
        AnswerValue::Date {
            date: jiff::civil::date(2024, 2, 29),
        },
        at(),
    )
    .expect("valid");
    assert_eq!(
        serde_json::to_value(&date).expect("serialises")["value"],
        json!({ "kind": "date", "date": "2024-02-29" })
    );
}

#[test]
fn an_answer_checks_against_its_question_type() {
    let pack = builders::one_domain(json!([
        { "id": "S", "domain": "D", "text": "Which?", "type": "single",
          "options": [ { "id": "a", "label": "A" }, { "id": "b", "label": "B" } ] }
    ]));
    let question = pack.question("S").expect("S");
    let choice = |option: &str| {
        Answer::new(
            AnswerValue::Choice {
                option: option.to_owned(),
            },
            at(),
        )
        .expect("valid")
    };
    assert!(choice("a").check_for(question).is_ok());
    assert_eq!(
        choice("z")
            .check_for(question)
            .expect_err("refused")
            .to_string(),
        "question S has no option \"z\""
    );
    assert!(Answer::yes(at()).check_for(question).is_err());
    assert!(
        Answer::not_applicable("not used", at())
            .expect("valid")
            .check_for(question)
            .is_ok()
    );
}
