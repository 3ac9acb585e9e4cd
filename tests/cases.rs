//! The shared cases A01–A05, rebuilt in croqual's format. Their data is read from
//! `tests/data/shared/cases/` where it drives the test, and encoded here where croqual's format
//! differs (packs, answers).

#[path = "support/builders.rs"]
mod builders;

use builders::{
    answer, answers, document, one_domain, pack, text, tier1_inputs, tier4_inputs, today,
};
use croqual::assessment::{
    Answers, Evaluation, Outcome, OutcomeReason, Path, QuestionState, Tier, evaluate, score,
};
use serde_json::{Value, json};

fn case(name: &str) -> Value {
    let path = format!(
        "{}/tests/data/shared/cases/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {path}: {error}"));
    serde_json::from_str(&text).expect("a case is JSON")
}

fn percent(evaluation: &Evaluation, domain: &str) -> Option<String> {
    evaluation
        .score
        .domain(domain)
        .and_then(|score| score.score.as_ref())
        .map(|score| score.percent())
}

#[test]
fn a01_not_applicable_leaves_no_stale_points() {
    let expected = case("A01_na_leftover_points.json");
    assert_eq!(expected["expected"]["domain_score_pct"], json!(50.0));
    let pack = one_domain(json!([
        { "id": "AC-01", "domain": "D", "text": "First?" },
        { "id": "AC-02", "domain": "D", "text": "Second?" },
        { "id": "AC-03", "domain": "D", "text": "Third?" }
    ]));
    // The user first answers yes, then switches to not applicable: the answer is replaced
    // whole, so no points of the old one survive.
    let mut given = answers(&[("AC-01", "yes"), ("AC-02", "no"), ("AC-03", "yes")]);
    given.insert("AC-03".parse().expect("an id"), answer("na"));
    let report = score(&pack, Tier::Tier1, Path::Full, &given);
    let domain = report
        .domain("D")
        .and_then(|d| d.score.as_ref())
        .expect("a score");
    assert_eq!(domain.percent(), "50.0");
    assert_ne!(domain.percent(), "66.7", "the stale points were counted");
    assert_ne!(domain.percent(), "33.3", "not applicable was counted as 0");
}

#[test]
fn a02_weights_give_the_expected_scores_in_every_answer_set() {
    let case = case("A02_weighted_questions.json");
    let pack = one_domain(json!([
        { "id": "BC-10", "domain": "D", "text": "Are backups taken daily?", "weight": 1 },
        { "id": "BC-11", "domain": "D", "text": "Are restores tested?", "weight": 3 }
    ]));
    let sets = case["answer_sets"].as_array().expect("answer sets");
    assert_eq!(sets.len(), 4);
    for set in sets {
        let given = answers(&[
            ("BC-10", set["BC-10"].as_str().expect("a value")),
            ("BC-11", set["BC-11"].as_str().expect("a value")),
        ]);
        let evaluation = evaluate(&pack, &tier1_inputs(), &[], &given, today());
        let expected = format!(
            "{:.1}",
            set["expected_domain_score_pct"].as_f64().expect("a number")
        );
        assert_eq!(percent(&evaluation, "D"), Some(expected.clone()), "{set}");
        // The same bytes in the export as on screen: the serialised evaluation carries them.
        let exported = serde_json::to_value(&evaluation).expect("serialises");
        assert_eq!(
            exported["score"]["domains"][0]["score"]["percent"],
            json!(expected)
        );
    }
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

#[test]
fn a03_a_hidden_follow_up_is_kept_but_neither_scored_nor_a_critical_failure() {
    let case = case("A03_hidden_followup_counted.json");
    let pack = a03_pack();
    let stored = &case["stored_answers_after_user_changed_SUB-01_to_no"];
    let given: Answers = ["SUB-01", "SUB-02", "SUB-03"]
        .into_iter()
        .map(|id| {
            let word = stored[id]["value"].as_str().expect("a value");
            let given = answer(word);
            let given = match stored[id]["comment"].as_str() {
                Some(comment) => given.with_comment(comment),
                None => given,
            };
            (id.parse().expect("an id"), given)
        })
        .collect();

    let evaluation = evaluate(&pack, &tier1_inputs(), &[], &given, today());
    let scored: Vec<&str> = evaluation
        .questions
        .iter()
        .filter(|status| status.scored)
        .map(|status| status.question.as_str())
        .collect();
    assert_eq!(scored, ["SUB-01"]);
    assert!(evaluation.critical_failures.is_empty());
    for id in ["SUB-02", "SUB-03"] {
        let status = evaluation.question(id).expect("listed");
        assert_eq!(
            status.state,
            QuestionState::Inapplicable,
            "{id} is marked inactive"
        );
        assert!(status.answered, "{id}'s answer is kept");
    }
    assert!(
        evaluation
            .corrective_actions
            .iter()
            .all(|action| action.question.as_str() == "SUB-01")
    );

    // Flipping SUB-01 back restores the kept answers, and the critical failure with them.
    let mut flipped = given.clone();
    flipped.insert("SUB-01".parse().expect("an id"), answer("yes"));
    let evaluation = evaluate(&pack, &tier1_inputs(), &[], &flipped, today());
    let failures: Vec<&str> = evaluation
        .critical_failures
        .iter()
        .map(|id| id.as_str())
        .collect();
    assert_eq!(failures, ["SUB-02"]);
}

#[test]
fn a04_a_whole_chain_becomes_inactive_and_stays_so_after_a_reload() {
    let pack = one_domain(json!([
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
    let mut given = answers(&[("CL-01", "yes"), ("CL-02", "other")]);
    given.insert(
        "CL-03".parse().expect("an id"),
        text("Regional hoster, ISO 27001, contract signed 2024"),
    );
    given.insert(
        "CL-04".parse().expect("an id"),
        text("certificate attached"),
    );
    let states = |given: &Answers| {
        croqual::assessment::question_states(&pack, Tier::Tier1, Path::Full, given)
    };
    assert!(
        states(&given)
            .iter()
            .all(|state| *state == QuestionState::Active)
    );

    given.insert("CL-01".parse().expect("an id"), answer("no"));
    let expected = [
        QuestionState::Active,
        QuestionState::Inapplicable,
        QuestionState::Inapplicable,
        QuestionState::Inapplicable,
    ];
    assert_eq!(states(&given), expected);

    // A reload reads the answers back from their JSON: the same states, the answers kept.
    let reloaded: Answers =
        serde_json::from_str(&serde_json::to_string(&given).expect("serialises"))
            .expect("reads back");
    assert_eq!(reloaded, given);
    assert_eq!(states(&reloaded), expected);
    let evaluation = evaluate(&pack, &tier1_inputs(), &[], &reloaded, today());
    let exported = serde_json::to_value(&evaluation).expect("serialises");
    for position in 1..4 {
        assert_eq!(
            exported["questions"][position]["state"],
            json!("inapplicable")
        );
    }

    // Switching CL-01 back to yes restores the chain as it was.
    given.insert("CL-01".parse().expect("an id"), answer("yes"));
    assert!(
        states(&given)
            .iter()
            .all(|state| *state == QuestionState::Active)
    );
}

fn a05_pack() -> croqual::pack::Pack {
    pack(&document(
        json!([
            { "id": "AC", "title": "Access control", "weight": 2, "function": "PR" },
            { "id": "IR", "title": "Incident response", "weight": 1, "function": "RS" }
        ]),
        json!([
            { "id": "AC-01", "domain": "AC", "critical": true, "text": "Is MFA enforced for all remote access?" },
            { "id": "AC-02", "domain": "AC", "text": "Are access rights reviewed quarterly?" },
            { "id": "IR-01", "domain": "IR", "text": "Is there an incident response plan?" },
            { "id": "IR-02", "domain": "IR", "text": "Is the plan tested yearly?" }
        ]),
    ))
}

fn a05_evaluations() -> Vec<(String, Evaluation)> {
    let case = case("A05_critical_scope.json");
    let pack = a05_pack();
    case["answer_sets"]
        .as_array()
        .expect("answer sets")
        .iter()
        .map(|set| {
            let given: Answers = set["answers"]
                .as_object()
                .expect("answers")
                .iter()
                .map(|(id, word)| {
                    (
                        id.parse().expect("an id"),
                        answer(word.as_str().expect("a word")),
                    )
                })
                .collect();
            // Tier 4 (60 / 40 %), so the score alone would accept every set.
            let evaluation = evaluate(&pack, &tier4_inputs(), &[], &given, today());
            (set["name"].as_str().expect("a name").to_owned(), evaluation)
        })
        .collect()
}

#[test]
fn a05_a_passed_critical_question_leaves_the_outcome_to_the_score() {
    let (name, evaluation) = &a05_evaluations()[0];
    assert_eq!(name, "critical passed, non-critical failed elsewhere");
    assert!(evaluation.critical_failures.is_empty());
    assert_eq!(
        evaluation.score.overall.as_ref().map(|s| s.percent()),
        Some("83.3".to_owned())
    );
    assert_eq!(evaluation.outcome, Outcome::Accepted);
}

#[test]
fn a05_a_failed_critical_question_caps_the_outcome_despite_the_score() {
    let (name, evaluation) = &a05_evaluations()[1];
    assert_eq!(name, "critical failed");
    let failures: Vec<&str> = evaluation
        .critical_failures
        .iter()
        .map(|id| id.as_str())
        .collect();
    assert_eq!(failures, ["AC-01"]);
    assert!(
        evaluation
            .reasons
            .iter()
            .any(|reason| matches!(reason, OutcomeReason::MeetsAcceptThreshold { .. }))
    );
    assert_eq!(evaluation.outcome, Outcome::AcceptedWithCorrectiveActions);
}

#[test]
fn a05_a_critical_question_answered_not_applicable_is_listed_for_review_not_passed_or_failed() {
    let (name, evaluation) = &a05_evaluations()[2];
    assert_eq!(name, "critical not applicable");
    assert!(
        evaluation.critical_failures.is_empty(),
        "not counted as a failure"
    );
    let flagged: Vec<&str> = evaluation
        .critical_not_applicable
        .iter()
        .map(|id| id.as_str())
        .collect();
    assert_eq!(flagged, ["AC-01"]);
    assert_eq!(
        percent(evaluation, "AC"),
        Some("100.0".to_owned()),
        "not counted as a pass either: left out"
    );
    assert_eq!(
        evaluation.score.domain("AC").map(|d| d.scored_questions),
        Some(2)
    );
    assert!(
        evaluation
            .reasons
            .contains(&OutcomeReason::CriticalQuestionsNotApplicable {
                questions: vec!["AC-01".parse().expect("an id")]
            })
    );
    assert_eq!(evaluation.outcome, Outcome::Accepted);
}
