//! The example submission: a plausible fictional CRO answering the default bank, built the
//! same way every time. Included with `#[path]` by the export tests, the example generator
//! and the verify benchmark.
#![allow(dead_code)]

use std::collections::BTreeSet;

use croqual::assessment::{
    ActionStatus, Answer, AnswerValue, Answers, Applicability, BusinessFunction, Certificate,
    CertificateScheme, DataSensitivity, EvidenceRef, SystemAccess, TieringInputs, evaluate,
};
use croqual::attest::Digest;
use croqual::attest::keys::SigningKey;
use croqual::export::SubmissionParts;
use croqual::organisation::{Contact, Organisation, Service};
use croqual::pack::{AnswerType, Pack, QuestionId, default_bank};
use jiff::civil::{Date, date};
use jiff::{Timestamp, ToSpan};

/// The text whose SHA-256 is the example key's seed. Public on purpose: TEST ONLY.
pub const EXAMPLE_SEED_TEXT: &str = "croqual example key: TEST ONLY, never trust it";

/// The name in the example key files.
pub const EXAMPLE_KEY_NAME: &str = "Example CRO GmbH";

/// The TEST-ONLY key the example is signed with.
pub fn example_key() -> SigningKey {
    SigningKey::from_seed(*Digest::of(EXAMPLE_SEED_TEXT.as_bytes()).as_bytes())
}

/// When the example assessment was started.
pub fn created_at() -> Timestamp {
    "2025-03-03T08:15:00Z".parse().expect("a timestamp")
}

/// When the example was exported.
pub fn exported_at() -> Timestamp {
    "2025-04-01T09:30:00Z".parse().expect("a timestamp")
}

/// The example's evaluation date.
pub fn as_of() -> Date {
    date(2025, 4, 1)
}

/// Example CRO GmbH.
pub fn organisation() -> Organisation {
    Organisation {
        legal_name: "Example CRO GmbH".into(),
        registration_id: "HRB 123456 B".into(),
        country: "DE".into(),
        contact: Contact {
            name: "Dr. Ada Muster".into(),
            role: "Information Security Officer".into(),
            email: "isms@example-cro.example".into(),
            phone: "+49 30 1234567".into(),
        },
    }
}

/// The service: EDC hosting and data management, tier 2.
pub fn service() -> Service {
    Service {
        name: "EDC hosting and clinical data management for phase II–III studies".into(),
        description: "Hosts the electronic data capture system for the sponsor's studies, \
                      manages query workflows and delivers SDTM datasets; read-only access to \
                      the sponsor's CTMS."
            .into(),
    }
}

/// Supporting function, trial-subject data, read-only access: 1 + 3 + 1 = 5, tier 2.
pub fn tiering() -> TieringInputs {
    TieringInputs {
        business_function: BusinessFunction::Supporting,
        data: DataSensitivity::HealthOrTrialSubject,
        access: SystemAccess::ReadOnly,
        hosts_french_health_data: false,
        hds_activities: BTreeSet::new(),
    }
}

/// An ISO/IEC 27001:2022 certificate whose scope leaves the EDC platform out (so the full
/// questionnaire applies), and a valid ISO/IEC 27701 certificate.
pub fn certificates() -> Vec<Certificate> {
    vec![
        Certificate {
            scheme: CertificateScheme::Iso27001v2022,
            number: "DE-ISMS-2024-0815".into(),
            issuer: "Example Certification GmbH".into(),
            accreditation_body: "DAkkS".into(),
            scope: "Information security management of corporate IT and the Berlin and Munich \
                    offices"
                .into(),
            covers_service: false,
            issued_on: date(2024, 2, 12),
            expires_on: Some(date(2027, 2, 11)),
        },
        Certificate {
            scheme: CertificateScheme::Iso27701,
            number: "DE-PIMS-2024-0233".into(),
            issuer: "Example Certification GmbH".into(),
            accreditation_body: "DAkkS".into(),
            scope: "Privacy information management for clinical data management services".into(),
            covers_service: true,
            issued_on: date(2024, 6, 3),
            expires_on: Some(date(2027, 6, 2)),
        },
    ]
}

/// The example's answers, with `variant` changing comments and a few values so that many
/// distinct submissions can be made (variant 0 is the checked-in example).
pub fn answers(pack: &Pack, variant: usize) -> Answers {
    let mut answers = Answers::new();
    let mut minutes = 0_i64;
    for (position, question) in pack.questions().iter().enumerate() {
        // Skip what is not asked given the answers so far, as a person would see it.
        if !Applicability::of(pack, &answers).is_applicable_at(position) {
            continue;
        }
        // One scored question is left unanswered: the example is honest about a gap.
        if question.id.as_str() == "GOV-02" {
            continue;
        }
        minutes += 7 + (position as i64 % 5) * 3;
        let at = created_at()
            .checked_add(minutes.minutes())
            .expect("in range");
        let Some(value) = value_for(
            question.id.as_str(),
            &question.answer_type,
            position,
            variant,
        ) else {
            continue;
        };
        let mut answer = Answer::new(value, at).expect("a valid example answer");
        let comment = comment_for(question.id.as_str(), position, variant);
        if !comment.is_empty() {
            answer = answer.with_comment(&comment);
        }
        for evidence in evidence_for(question.id.as_str()) {
            answer = answer.with_evidence(evidence);
        }
        answers.insert(question.id.clone(), answer);
    }
    // Answered while AI-03 said "yes", before the AI pilot was stopped and AI-03 changed to
    // "no": the follow-up is kept, and exported as inactive.
    answers.insert(
        id("AI-04"),
        Answer::yes(created_at().checked_add(2.hours()).expect("in range"))
            .with_comment("Answered during the AI pilot, which was stopped in March."),
    );
    answers
}

/// The example's parts, with corrective actions planned for every gap.
pub fn parts(variant: usize) -> SubmissionParts {
    let pack = default_bank();
    let answers = answers(pack, variant);
    let evaluation = evaluate(pack, &tiering(), &certificates(), &answers, as_of());
    let corrective_actions = evaluation
        .corrective_actions
        .iter()
        .enumerate()
        .map(|(index, proposed)| {
            let mut action = proposed.clone();
            action.action = format!(
                "Close the gap found in {}: document the control, assign it and test it before the due date.",
                proposed.question
            );
            action.owner = Some(if index % 2 == 0 {
                "Dr. Ada Muster (ISO)".to_owned()
            } else {
                "Jonas Beispiel (IT Operations)".to_owned()
            });
            if index % 3 == 1 {
                action.status = ActionStatus::InProgress;
            }
            action
        })
        .collect();
    SubmissionParts {
        assessment_id: format!("ASM-2025-{:04}", variant + 1),
        revision: 1,
        supersedes: None,
        organisation: organisation(),
        service: service(),
        sponsor: Some("Example Pharma AG".into()),
        tiering: tiering(),
        certificates: certificates(),
        answers,
        corrective_actions,
        created_at: created_at(),
        exported_at: exported_at(),
        as_of: as_of(),
        valid_until: date(2025, 9, 30),
    }
}

fn id(text: &str) -> QuestionId {
    text.parse().expect("a question id")
}

fn value_for(
    question: &str,
    answer_type: &AnswerType,
    position: usize,
    variant: usize,
) -> Option<AnswerValue> {
    let choice = |option: &str| AnswerValue::Choice {
        option: option.to_owned(),
    };
    // The parents of the conditional chains, chosen to make a plausible CRO.
    let chosen = match question {
        "GOV-10" => Some(choice("important")),
        "PRIV-01" => Some(choice("processor")),
        "PRIV-11" | "PRIV-14" | "TPM-06" | "GXP-01" | "GXP-11" | "SDLC-01" | "CLOUD-01" => {
            Some(choice("yes"))
        }
        "HDS-01" | "AI-03" => Some(choice("no")),
        "TPM-11" => Some(choice("unknown")),
        "LOG-05" => Some(choice("managed")),
        "DATA-07" => Some(choice("cro")),
        "AI-01" => Some(AnswerValue::Yes),
        "AI-02" => Some(AnswerValue::Partial),
        _ => None,
    };
    if chosen.is_some() {
        return chosen;
    }
    let turn = position + variant;
    Some(match answer_type {
        AnswerType::Scale => match turn % 13 {
            3 | 9 => AnswerValue::Partial,
            6 => AnswerValue::No,
            11 if position % 2 == 1 => AnswerValue::NotApplicable {
                justification: "The EDC platform has no on-premise component; the control applies to the hosting provider, covered by its certificate.".to_owned(),
            },
            _ => AnswerValue::Yes,
        },
        AnswerType::Single(options) => {
            let pick = options
                .iter()
                .find(|option| option.points == Some(croqual::pack::Points::Yes))
                .or_else(|| options.first())
                .expect("a question with options");
            let pick = if turn % 7 == 2 {
                options.get(1).unwrap_or(pick)
            } else {
                pick
            };
            choice(pick.id.as_str())
        }
        AnswerType::Multiple(options) => AnswerValue::Choices {
            options: options
                .iter()
                .take(2)
                .map(|option| option.id.to_string())
                .collect(),
        },
        AnswerType::Text => AnswerValue::Text {
            text: match question {
                "PRIV-05" => "Data Protection Officer, Example CRO GmbH, dpo@example-cro.example".to_owned(),
                "TPM-08" => "Example Hosting SE (IaaS, Frankfurt), Example Mail Ltd (e-mail, Dublin)".to_owned(),
                "PRIV-16" => "None: trial data stays in the EEA; support from Switzerland (adequacy).".to_owned(),
                _ => "See the attached procedure.".to_owned(),
            },
        },
        AnswerType::Date => AnswerValue::Date {
            date: date(2025, 1, 10)
                .checked_add((position as i64 % 40).days())
                .expect("in range"),
        },
        AnswerType::Number { .. } => AnswerValue::Number {
            number: match question {
                "LOG-02" => "12".to_owned(),
                "IR-05" => "24".to_owned(),
                "IR-16" => "0".to_owned(),
                "BCDR-03" => "8".to_owned(),
                "BCDR-04" => "4".to_owned(),
                _ => "1".to_owned(),
            },
        },
    })
}

fn comment_for(question: &str, position: usize, variant: usize) -> String {
    const COMMENTS: [&str; 6] = [
        "Documented in the ISMS handbook, chapter 4; reviewed by the ISO in January.",
        "In place for the EDC platform and corporate IT; the last internal audit found no deviation.",
        "Partly in place: the procedure exists, evidence of the yearly test is still being collected.",
        "Owned by IT Operations; tracked in the ticket system with monthly reporting to management.",
        "Covered by the hosting provider's controls; see its ISO/IEC 27001 certificate and our supplier review.",
        "",
    ];
    let base = COMMENTS[(position + variant) % COMMENTS.len()];
    if base.is_empty() || variant == 0 {
        return base.to_owned();
    }
    format!("{base} (Submission variant {variant}, question {question}.)")
}

fn evidence_for(question: &str) -> Vec<EvidenceRef> {
    match question {
        "GOV-01" => vec![
            EvidenceRef::new(
                "ISMS-Policy_v3.2_signed.pdf",
                482_133,
                Digest::of(b"example evidence: information security policy v3.2"),
            )
            .expect("valid evidence"),
        ],
        "BCDR-06" => vec![
            EvidenceRef::new(
                "Restore-test-report_2025-01.pdf",
                1_204_577,
                Digest::of(b"example evidence: restore test report January 2025"),
            )
            .expect("valid evidence"),
        ],
        _ => Vec::new(),
    }
}
