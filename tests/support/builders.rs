//! Small builders shared by the behaviour tests (included with `#[path]`, so each test file
//! uses only some of them).
#![allow(dead_code)]

use std::collections::BTreeSet;

use croqual::assessment::{
    Answer, AnswerValue, Answers, BusinessFunction, Certificate, CertificateScheme,
    DataSensitivity, HdsActivity, SystemAccess, TieringInputs,
};
use croqual::pack::Pack;
use jiff::Timestamp;
use jiff::civil::{Date, date};
use serde_json::{Value, json};

/// The time every test answer is given at.
pub fn at() -> Timestamp {
    "2025-04-01T09:30:00Z".parse().expect("a valid timestamp")
}

/// The date every test evaluates on, unless it says otherwise.
pub fn today() -> Date {
    date(2025, 4, 1)
}

/// A pack document with these domains and questions and the usual header.
pub fn document(domains: Value, questions: Value) -> Value {
    json!({
        "format": "croqual-pack",
        "format_version": 1,
        "id": "test-pack",
        "version": "1.0.0",
        "title": "Test pack",
        "language": "en",
        "domains": domains,
        "questions": questions,
    })
}

/// The pack for `document`, which must be valid.
pub fn pack(document: &Value) -> Pack {
    Pack::from_json(&document.to_string()).expect("a valid test pack")
}

/// One domain "D" (weight 1) holding `questions`.
pub fn one_domain(questions: Value) -> Pack {
    pack(&document(
        json!([{ "id": "D", "title": "Domain", "function": "PR" }]),
        questions,
    ))
}

/// The answer for a scale or text word: yes, partial, no, na (justified), anything else as a
/// single choice option.
pub fn answer(word: &str) -> Answer {
    match word {
        "yes" => Answer::yes(at()),
        "partial" => Answer::partial(at()),
        "no" => Answer::no(at()),
        "na" => Answer::not_applicable("Not used for this service", at()).expect("justified"),
        option => Answer::new(
            AnswerValue::Choice {
                option: option.to_owned(),
            },
            at(),
        )
        .expect("a choice"),
    }
}

/// A text answer.
pub fn text(words: &str) -> Answer {
    Answer::new(
        AnswerValue::Text {
            text: words.to_owned(),
        },
        at(),
    )
    .expect("a text")
}

/// Answers from (question id, word) pairs.
pub fn answers(pairs: &[(&str, &str)]) -> Answers {
    pairs
        .iter()
        .map(|(id, word)| (id.parse().expect("a question id"), answer(word)))
        .collect()
}

/// Inputs that give tier 1: critical function, health data, interactive access.
pub fn tier1_inputs() -> TieringInputs {
    TieringInputs {
        business_function: BusinessFunction::Critical,
        data: DataSensitivity::HealthOrTrialSubject,
        access: SystemAccess::Interactive,
        hosts_french_health_data: false,
        hds_activities: BTreeSet::new(),
    }
}

/// Inputs that give tier 4: nothing at stake.
pub fn tier4_inputs() -> TieringInputs {
    TieringInputs {
        business_function: BusinessFunction::None,
        data: DataSensitivity::None,
        access: SystemAccess::None,
        hosts_french_health_data: false,
        hds_activities: BTreeSet::new(),
    }
}

/// A certificate of `scheme` issued 2024-01-15, expiring 2027-01-14, covering the service.
pub fn certificate(scheme: CertificateScheme) -> Certificate {
    Certificate {
        scheme,
        number: "CERT-001".to_owned(),
        issuer: "Example Certification Ltd".to_owned(),
        accreditation_body: "UKAS".to_owned(),
        scope: "Clinical data management services".to_owned(),
        covers_service: true,
        issued_on: date(2024, 1, 15),
        expires_on: Some(date(2027, 1, 14)),
    }
}

/// An HDS certificate listing `activities`.
pub fn hds_certificate(activities: &[HdsActivity]) -> Certificate {
    certificate(CertificateScheme::Hds {
        activities: activities.iter().copied().collect(),
    })
}
