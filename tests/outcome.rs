//! The outcome rule, corrective actions and risk acceptance.

#[path = "support/builders.rs"]
mod builders;

use builders::{
    answers, certificate, document, hds_certificate, one_domain, pack, tier1_inputs, tier4_inputs,
    today,
};
use croqual::assessment::{
    ActionStatus, Answers, CertificateScheme, CorrectiveAction, Evaluation, HdsActivity, Outcome,
    OutcomeReason, Path, RiskAcceptance, RiskAcceptanceError, TieringInputs, evaluate,
};
use croqual::pack::Pack;
use jiff::civil::date;
use serde_json::json;

/// Ten questions of weight 1 in one domain, the first critical.
fn ten_questions() -> Pack {
    let questions: Vec<serde_json::Value> = (0..10)
        .map(|n| json!({ "id": format!("Q{n}"), "domain": "D", "text": format!("Control {n} in place?"), "critical": n == 0 }))
        .collect();
    one_domain(serde_json::Value::Array(questions))
}

/// Answers to the ten questions: `yes` of them yes, the rest no, Q0 always yes.
fn yes_count(yes: usize) -> Answers {
    let words: Vec<(String, &str)> = (0..10)
        .map(|n| (format!("Q{n}"), if n < yes.max(1) { "yes" } else { "no" }))
        .collect();
    let pairs: Vec<(&str, &str)> = words
        .iter()
        .map(|(id, word)| (id.as_str(), *word))
        .collect();
    answers(&pairs)
}

fn outcome(inputs: &TieringInputs, given: &Answers) -> Evaluation {
    evaluate(&ten_questions(), inputs, &[], given, today())
}

#[test]
fn a_score_at_or_above_the_accept_threshold_is_accepted() {
    // Tier 4 accepts at 60 %.
    let evaluation = outcome(&tier4_inputs(), &yes_count(6));
    assert_eq!(evaluation.outcome, Outcome::Accepted);
    assert_eq!(
        evaluation.reasons,
        [OutcomeReason::MeetsAcceptThreshold {
            score: "60.0".to_owned(),
            threshold: 60
        },]
    );
}

#[test]
fn a_score_between_the_thresholds_is_accepted_with_corrective_actions() {
    let evaluation = outcome(&tier4_inputs(), &yes_count(5));
    assert_eq!(evaluation.outcome, Outcome::AcceptedWithCorrectiveActions);
    assert_eq!(
        evaluation.reasons[0],
        OutcomeReason::BelowAcceptThreshold {
            score: "50.0".to_owned(),
            threshold: 60
        }
    );
}

#[test]
fn a_score_below_the_corrective_action_threshold_is_rejected() {
    let evaluation = outcome(&tier4_inputs(), &yes_count(3));
    assert_eq!(evaluation.outcome, Outcome::Rejected);
    assert_eq!(
        evaluation.reasons[0],
        OutcomeReason::BelowCorrectiveActionThreshold {
            score: "30.0".to_owned(),
            threshold: 40
        }
    );
    assert_eq!(
        evaluation.reasons[0].to_string(),
        "the overall score 30.0 % is below the corrective-action threshold of 40 %"
    );
}

#[test]
fn thresholds_compare_the_exact_score_not_the_rounded_one() {
    // (2·72 + 31) / (2·103) = 84.95… %, shown as 85.0 but below tier 1's 85 %.
    let pack = one_domain(json!([
        { "id": "Y", "domain": "D", "text": "Y?", "weight": 72 },
        { "id": "P", "domain": "D", "text": "P?", "weight": 31 }
    ]));
    let evaluation = evaluate(
        &pack,
        &tier1_inputs(),
        &[],
        &answers(&[("Y", "yes"), ("P", "partial")]),
        today(),
    );
    assert_eq!(
        evaluation.score.overall.as_ref().map(|s| s.percent()),
        Some("85.0".to_owned())
    );
    assert_eq!(evaluation.outcome, Outcome::AcceptedWithCorrectiveActions);
}

#[test]
fn a_failed_critical_question_never_yields_plain_accepted() {
    let pack = one_domain(json!([
        { "id": "CRIT", "domain": "D", "text": "Critical?", "critical": true },
        { "id": "BIG", "domain": "D", "text": "Heavy?", "weight": 100 }
    ]));
    for critical in [Some("no"), Some("partial"), None] {
        let mut pairs = vec![("BIG", "yes")];
        pairs.extend(critical.map(|word| ("CRIT", word)));
        let evaluation = evaluate(&pack, &tier4_inputs(), &[], &answers(&pairs), today());
        assert!(
            evaluation
                .score
                .overall
                .as_ref()
                .expect("a score")
                .is_at_least_percent(99)
        );
        assert_eq!(
            evaluation.outcome,
            Outcome::AcceptedWithCorrectiveActions,
            "{critical:?}"
        );
        assert!(
            evaluation
                .reasons
                .contains(&OutcomeReason::CriticalQuestionsFailed {
                    questions: vec!["CRIT".parse().expect("an id")]
                })
        );
    }
}

#[test]
fn an_unanswered_critical_question_of_an_unscored_type_is_a_failure() {
    let pack = one_domain(json!([
        { "id": "S", "domain": "D", "text": "Scale?" },
        { "id": "HOURS", "domain": "D", "text": "Breach notice in hours?", "type": "number", "critical": true }
    ]));
    let evaluation = evaluate(
        &pack,
        &tier4_inputs(),
        &[],
        &answers(&[("S", "yes")]),
        today(),
    );
    let failures: Vec<&str> = evaluation
        .critical_failures
        .iter()
        .map(|id| id.as_str())
        .collect();
    assert_eq!(failures, ["HOURS"]);
    assert!(
        evaluation.corrective_actions.is_empty(),
        "only scored questions get proposed actions"
    );
}

#[test]
fn a_critical_question_off_the_path_or_above_the_tier_does_not_count() {
    let pack = one_domain(json!([
        { "id": "S", "domain": "D", "text": "Scale?", "path": "core" },
        { "id": "DETAIL", "domain": "D", "text": "Detail?", "critical": true },
        { "id": "T1", "domain": "D", "text": "Tier 1 only?", "critical": true, "lowest_tier": 1, "path": "core" }
    ]));
    let certificates = [certificate(CertificateScheme::Iso27001v2022)];
    let evaluation = evaluate(
        &pack,
        &tier4_inputs(),
        &certificates,
        &answers(&[("S", "yes"), ("DETAIL", "no"), ("T1", "no")]),
        today(),
    );
    assert_eq!(evaluation.path.path, Path::Reduced);
    assert!(evaluation.critical_failures.is_empty());
    assert_eq!(evaluation.outcome, Outcome::Accepted);
}

#[test]
fn a_domain_below_the_corrective_action_threshold_caps_the_outcome() {
    let pack = pack(&document(
        json!([{ "id": "BIG", "title": "Big", "weight": 100 }, { "id": "WEAK", "title": "Weak", "weight": 1 }]),
        json!([
            { "id": "B1", "domain": "BIG", "text": "B1?" },
            { "id": "W1", "domain": "WEAK", "text": "W1?" }
        ]),
    ));
    let evaluation = evaluate(
        &pack,
        &tier4_inputs(),
        &[],
        &answers(&[("B1", "yes"), ("W1", "no")]),
        today(),
    );
    assert_eq!(
        evaluation.score.overall.as_ref().map(|s| s.percent()),
        Some("99.0".to_owned())
    );
    assert_eq!(evaluation.outcome, Outcome::AcceptedWithCorrectiveActions);
    assert!(
        evaluation
            .reasons
            .contains(&OutcomeReason::DomainBelowCorrectiveActionThreshold {
                domain: "WEAK".parse().expect("an id"),
                score: "0.0".to_owned(),
                threshold: 40
            })
    );
}

fn hosting_inputs(activities: &[HdsActivity]) -> TieringInputs {
    TieringInputs {
        hosts_french_health_data: true,
        hds_activities: activities.iter().copied().collect(),
        ..tier1_inputs()
    }
}

#[test]
fn missing_required_hds_rejects_whatever_the_score() {
    let evaluation = evaluate(
        &ten_questions(),
        &hosting_inputs(&[HdsActivity::Backup, HdsActivity::AdministrationAndOperation]),
        &[hds_certificate(&[HdsActivity::Backup])],
        &yes_count(10),
        today(),
    );
    assert_eq!(
        evaluation.score.overall.as_ref().map(|s| s.percent()),
        Some("100.0".to_owned())
    );
    assert_eq!(evaluation.outcome, Outcome::Rejected);
    let missing = OutcomeReason::HdsCertificateMissing {
        activities: vec![HdsActivity::AdministrationAndOperation],
    };
    assert!(evaluation.reasons.contains(&missing));
    assert_eq!(
        missing.to_string(),
        "the service hosts health data of people in France without an HDS certificate for HDS activity 5 (administration and operation)"
    );
}

#[test]
fn covered_hds_activities_let_the_score_decide() {
    let evaluation = evaluate(
        &ten_questions(),
        &hosting_inputs(&HdsActivity::MANAGED_SERVICES),
        &[hds_certificate(&HdsActivity::MANAGED_SERVICES)],
        &yes_count(10),
        today(),
    );
    assert!(evaluation.hds.is_satisfied());
    assert_eq!(evaluation.outcome, Outcome::Accepted);
}

#[test]
fn with_nothing_to_score_the_reduced_path_is_accepted_and_the_full_path_rejected() {
    let pack = one_domain(
        json!([{ "id": "T", "domain": "D", "text": "Anything to add?", "type": "text" }]),
    );
    let reduced = evaluate(
        &pack,
        &tier4_inputs(),
        &[certificate(CertificateScheme::Iso27001v2022)],
        &Answers::new(),
        today(),
    );
    assert_eq!(reduced.outcome, Outcome::Accepted);
    assert_eq!(
        reduced.reasons,
        [OutcomeReason::NothingToScoreOnTheReducedPath]
    );
    let full = evaluate(&pack, &tier4_inputs(), &[], &Answers::new(), today());
    assert_eq!(full.outcome, Outcome::Rejected);
    assert_eq!(full.reasons, [OutcomeReason::NothingScored]);
}

#[test]
fn the_reduced_path_asks_only_core_questions() {
    let pack = one_domain(json!([
        { "id": "CORE", "domain": "D", "text": "Core?", "path": "core" },
        { "id": "FULL", "domain": "D", "text": "Full?" }
    ]));
    let evaluation = evaluate(
        &pack,
        &tier1_inputs(),
        &[certificate(CertificateScheme::Iso27001v2022)],
        &answers(&[("CORE", "yes")]),
        today(),
    );
    assert_eq!(evaluation.path.path, Path::Reduced);
    assert!(evaluation.is_complete());
    assert_eq!(evaluation.outcome, Outcome::Accepted);
}

#[test]
fn incomplete_answers_are_listed_among_the_reasons() {
    let evaluation = outcome(&tier4_inputs(), &answers(&[("Q0", "yes")]));
    assert!(!evaluation.is_complete());
    assert!(evaluation.reasons.iter().any(
        |reason| matches!(reason, OutcomeReason::Incomplete { questions } if questions.len() == 9)
    ));
}

#[test]
fn every_failed_or_partial_scored_question_gets_a_proposed_corrective_action() {
    let pack = one_domain(json!([
        { "id": "CRIT", "domain": "D", "text": "Is MFA enforced?\nAll remote access.", "critical": true },
        { "id": "PART", "domain": "D", "text": "Are logs reviewed?" },
        { "id": "GONE", "domain": "D", "text": "Are backups tested?" },
        { "id": "GOOD", "domain": "D", "text": "Is there a policy?" },
        { "id": "NA", "domain": "D", "text": "Is the cloud hardened?" }
    ]));
    let evaluation = evaluate(
        &pack,
        &tier1_inputs(),
        &[],
        &answers(&[
            ("CRIT", "no"),
            ("PART", "partial"),
            ("GOOD", "yes"),
            ("NA", "na"),
        ]),
        date(2025, 1, 31),
    );
    let actions: Vec<(&str, &str, jiff::civil::Date)> = evaluation
        .corrective_actions
        .iter()
        .map(|action| (action.question.as_str(), action.gap.as_str(), action.due_on))
        .collect();
    assert_eq!(
        actions,
        [
            ("CRIT", "Not in place: Is MFA enforced?", date(2025, 4, 30)),
            (
                "PART",
                "Partly in place: Are logs reviewed?",
                date(2025, 7, 31)
            ),
            (
                "GONE",
                "Not answered: Are backups tested?",
                date(2025, 7, 31)
            ),
        ]
    );
    for action in &evaluation.corrective_actions {
        assert_eq!(action.status, ActionStatus::Open);
        assert_eq!(action.owner, None);
    }
    assert!(evaluation.corrective_actions[0].critical);
}

#[test]
fn a_corrective_action_is_overdue_from_the_day_after_its_due_date() {
    // The A11 dates: a leap day and the EU summer-time switch stay exact calendar dates.
    let case: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/shared/cases/A11_dates.json"
        ))
        .expect("readable"),
    )
    .expect("JSON");
    for key in [
        "corrective_actions[1].due_on",
        "corrective_actions[2].due_on",
    ] {
        let due_on: jiff::civil::Date = case["date_only_fields"][key]
            .as_str()
            .expect("a date")
            .parse()
            .expect("a date");
        let mut action = CorrectiveAction {
            question: "Q".parse().expect("an id"),
            gap: "gap".to_owned(),
            action: String::new(),
            owner: Some("CRO security officer".to_owned()),
            due_on,
            status: ActionStatus::InProgress,
            critical: false,
        };
        assert!(!action.is_overdue(due_on), "due today is not overdue");
        assert!(action.is_overdue(due_on.tomorrow().expect("a date")));
        action.status = ActionStatus::Done;
        assert!(
            !action.is_overdue(due_on.tomorrow().expect("a date")),
            "a done action is never overdue"
        );
        let json = serde_json::to_value(&action).expect("serialises");
        assert_eq!(json["due_on"], case["date_only_fields"][key]);
        assert_eq!(json["status"], "done");
    }
}

#[test]
fn a_risk_acceptance_never_changes_the_computed_outcome() {
    let evaluation = outcome(&tier4_inputs(), &yes_count(3));
    assert_eq!(evaluation.outcome, Outcome::Rejected);
    let before = evaluation.clone();
    let acceptance = RiskAcceptance::new(
        &evaluation,
        "Sole provider of the validated eCOA device; remediation plan agreed",
        "Dr A. Martin",
        "Head of Clinical Operations",
        date(2025, 4, 2),
        date(2025, 10, 2),
    )
    .expect("a valid acceptance");
    assert_eq!(evaluation, before);
    assert_eq!(acceptance.outcome(), Outcome::Rejected);
    assert!(acceptance.is_for(&evaluation));
    assert!(acceptance.is_in_force(date(2025, 10, 2)));
    assert!(!acceptance.is_in_force(date(2025, 10, 3)));
    assert!(!acceptance.is_in_force(date(2025, 4, 1)));
    let json = serde_json::to_value(&acceptance).expect("serialises");
    assert_eq!(json["outcome"], "rejected");
    assert_eq!(
        serde_json::from_value::<RiskAcceptance>(json).expect("reads back"),
        acceptance
    );
}

#[test]
fn a_risk_acceptance_needs_a_justification_an_approver_a_role_and_a_later_expiry() {
    let evaluation = outcome(&tier4_inputs(), &yes_count(3));
    let make = |justification: &str, approver: &str, role: &str, expires: jiff::civil::Date| {
        RiskAcceptance::new(
            &evaluation,
            justification,
            approver,
            role,
            date(2025, 4, 2),
            expires,
        )
    };
    assert_eq!(
        make(" ", "A", "R", date(2025, 5, 1)),
        Err(RiskAcceptanceError::Missing {
            field: "justification"
        })
    );
    assert_eq!(
        make("J", "", "R", date(2025, 5, 1)),
        Err(RiskAcceptanceError::Missing { field: "approver" })
    );
    assert_eq!(
        make("J", "A", "", date(2025, 5, 1)),
        Err(RiskAcceptanceError::Missing { field: "role" })
    );
    assert!(matches!(
        make("J", "A", "R", date(2025, 4, 2)),
        Err(RiskAcceptanceError::ExpiryNotAfterAcceptance { .. })
    ));
}

#[test]
fn an_accepted_evaluation_has_no_risk_to_accept() {
    let evaluation = outcome(&tier4_inputs(), &yes_count(10));
    assert_eq!(
        RiskAcceptance::new(
            &evaluation,
            "J",
            "A",
            "R",
            date(2025, 4, 2),
            date(2025, 5, 1)
        ),
        Err(RiskAcceptanceError::NothingToAccept)
    );
}

#[test]
fn the_next_assessment_is_due_after_the_tiers_interval() {
    assert_eq!(
        outcome(&tier1_inputs(), &yes_count(10)).reassess_by,
        date(2026, 4, 1)
    );
    assert_eq!(
        outcome(&tier4_inputs(), &yes_count(10)).reassess_by,
        date(2029, 4, 1)
    );
}

#[test]
fn the_evaluation_uses_stable_serde_names_and_reads_back() {
    let evaluation = evaluate(
        &ten_questions(),
        &tier1_inputs(),
        &[],
        &yes_count(8),
        today(),
    );
    let json = serde_json::to_value(&evaluation).expect("serialises");
    assert_eq!(json["outcome"], "accepted_with_corrective_actions");
    assert_eq!(json["path"]["path"], "full");
    assert_eq!(
        json["path"]["reasons"][0]["rule"],
        "no_recognised_certificate"
    );
    assert_eq!(json["tier"]["tier"], 1);
    assert_eq!(json["reasons"][0]["rule"], "below_accept_threshold");
    assert_eq!(json["as_of"], "2025-04-01");
    let back: Evaluation = serde_json::from_value(json).expect("reads back");
    assert_eq!(back, evaluation);
}
