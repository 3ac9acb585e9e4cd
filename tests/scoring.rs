//! Scoring rules, one test each, and the properties every score keeps.

#[path = "support/builders.rs"]
mod builders;
#[path = "support/parity.rs"]
mod parity;

use builders::{answer, answers, document, one_domain, pack, text, tier1_inputs, today};
use croqual::assessment::{
    Answer, AnswerValue, Answers, Path, ScoreReport, Tier, TieringInputs, evaluate, score,
};
use croqual::pack::{CsfFunction, Pack};
use proptest::prelude::*;
use serde_json::{Value, json};

fn domain_percent(report: &ScoreReport, domain: &str) -> Option<String> {
    report
        .domain(domain)
        .and_then(|d| d.score.as_ref())
        .map(|s| s.percent())
}

fn overall_percent(report: &ScoreReport) -> Option<String> {
    report.overall.as_ref().map(|s| s.percent())
}

fn three_questions() -> Pack {
    one_domain(json!([
        { "id": "Q1", "domain": "D", "text": "One?" },
        { "id": "Q2", "domain": "D", "text": "Two?" },
        { "id": "Q3", "domain": "D", "text": "Three?" }
    ]))
}

#[test]
fn yes_partial_and_no_earn_full_half_and_no_points() {
    let report = score(
        &three_questions(),
        Tier::Tier1,
        Path::Full,
        &answers(&[("Q1", "yes"), ("Q2", "partial"), ("Q3", "no")]),
    );
    assert_eq!(domain_percent(&report, "D"), Some("50.0".to_owned()));
    let report = score(
        &three_questions(),
        Tier::Tier1,
        Path::Full,
        &answers(&[("Q1", "yes"), ("Q2", "partial"), ("Q3", "yes")]),
    );
    assert_eq!(domain_percent(&report, "D"), Some("83.3".to_owned()));
}

#[test]
fn not_applicable_leaves_numerator_and_denominator() {
    let report = score(
        &three_questions(),
        Tier::Tier1,
        Path::Full,
        &answers(&[("Q1", "yes"), ("Q2", "na"), ("Q3", "partial")]),
    );
    assert_eq!(domain_percent(&report, "D"), Some("75.0".to_owned()));
    assert!(report.incomplete.is_empty());
}

#[test]
fn an_unanswered_scored_question_counts_zero_and_is_listed_as_incomplete() {
    let report = score(
        &three_questions(),
        Tier::Tier1,
        Path::Full,
        &answers(&[("Q1", "yes"), ("Q3", "yes")]),
    );
    assert_eq!(domain_percent(&report, "D"), Some("66.7".to_owned()));
    let incomplete: Vec<&str> = report.incomplete.iter().map(|id| id.as_str()).collect();
    assert_eq!(incomplete, ["Q2"]);
    assert_eq!(
        report
            .domain("D")
            .map(|d| (d.scored_questions, d.answered_questions)),
        Some((3, 2))
    );
}

#[test]
fn question_weights_weigh_the_domain_score() {
    let pack = one_domain(json!([
        { "id": "A", "domain": "D", "text": "A?", "weight": 1 },
        { "id": "B", "domain": "D", "text": "B?", "weight": 3 }
    ]));
    let report = score(
        &pack,
        Tier::Tier1,
        Path::Full,
        &answers(&[("A", "no"), ("B", "partial")]),
    );
    // (1·0 + 3·1) / (2·4) = 3/8.
    assert_eq!(domain_percent(&report, "D"), Some("37.5".to_owned()));
}

fn two_domains() -> Pack {
    pack(&document(
        json!([
            { "id": "A", "title": "A", "weight": 3, "function": "GV" },
            { "id": "B", "title": "B", "weight": 1, "function": "PR" },
            { "id": "C", "title": "C", "weight": 5 }
        ]),
        json!([
            { "id": "A1", "domain": "A", "text": "A1?" },
            { "id": "B1", "domain": "B", "text": "B1?" },
            { "id": "C1", "domain": "C", "text": "C1?", "type": "text" }
        ]),
    ))
}

#[test]
fn the_overall_score_is_the_weighted_mean_of_domains_with_a_score() {
    let report = score(
        &two_domains(),
        Tier::Tier1,
        Path::Full,
        &answers(&[("A1", "yes"), ("B1", "no")]),
    );
    // Domain C has nothing scored and is left out: (3·1 + 1·0) / 4.
    assert_eq!(domain_percent(&report, "C"), None);
    assert_eq!(overall_percent(&report), Some("75.0".to_owned()));
}

#[test]
fn a_domain_answered_only_not_applicable_has_no_score_and_leaves_the_overall() {
    let report = score(
        &two_domains(),
        Tier::Tier1,
        Path::Full,
        &answers(&[("A1", "na"), ("B1", "partial")]),
    );
    assert_eq!(domain_percent(&report, "A"), None);
    assert_eq!(overall_percent(&report), Some("50.0".to_owned()));
    let nothing = score(
        &two_domains(),
        Tier::Tier1,
        Path::Full,
        &answers(&[("A1", "na"), ("B1", "na")]),
    );
    assert_eq!(nothing.overall, None);
}

#[test]
fn questions_above_their_lowest_tier_are_optional_and_not_scored() {
    let pack = one_domain(json!([
        { "id": "ALL", "domain": "D", "text": "Asked of every tier?" },
        { "id": "T2", "domain": "D", "text": "Asked of tiers 1 and 2?", "lowest_tier": 2 }
    ]));
    let given = answers(&[("ALL", "yes"), ("T2", "no")]);
    assert_eq!(
        domain_percent(&score(&pack, Tier::Tier2, Path::Full, &given), "D"),
        Some("50.0".to_owned())
    );
    assert_eq!(
        domain_percent(&score(&pack, Tier::Tier3, Path::Full, &given), "D"),
        Some("100.0".to_owned())
    );
    assert!(
        score(&pack, Tier::Tier3, Path::Full, &answers(&[("ALL", "yes")]))
            .incomplete
            .is_empty()
    );
}

#[test]
fn full_path_questions_are_not_scored_on_the_reduced_path() {
    let pack = one_domain(json!([
        { "id": "CORE", "domain": "D", "text": "Core?", "path": "core" },
        { "id": "FULL", "domain": "D", "text": "Detail?" }
    ]));
    let given = answers(&[("CORE", "yes"), ("FULL", "no")]);
    assert_eq!(
        domain_percent(&score(&pack, Tier::Tier1, Path::Reduced, &given), "D"),
        Some("100.0".to_owned())
    );
    assert_eq!(
        domain_percent(&score(&pack, Tier::Tier1, Path::Full, &given), "D"),
        Some("50.0".to_owned())
    );
}

#[test]
fn unscored_answer_types_do_not_count() {
    let pack = one_domain(json!([
        { "id": "S", "domain": "D", "text": "Scale?" },
        { "id": "T", "domain": "D", "text": "Describe", "type": "text" },
        { "id": "M", "domain": "D", "text": "Which?", "type": "multiple",
          "options": [ { "id": "a", "label": "A" }, { "id": "b", "label": "B" } ] },
        { "id": "N", "domain": "D", "text": "Hours?", "type": "number" }
    ]));
    let mut given = answers(&[("S", "partial")]);
    given.insert("T".parse().expect("an id"), text("anything"));
    let report = score(&pack, Tier::Tier1, Path::Full, &given);
    assert_eq!(domain_percent(&report, "D"), Some("50.0".to_owned()));
    assert_eq!(report.domain("D").map(|d| d.scored_questions), Some(1));
    assert!(
        report.incomplete.is_empty(),
        "unanswered unscored questions are not incomplete"
    );
}

#[test]
fn single_choice_options_earn_their_points() {
    let pack = one_domain(json!([
        { "id": "HOST", "domain": "D", "text": "Where is data hosted?", "type": "single",
          "options": [ { "id": "eea", "label": "In the EEA", "points": "yes" },
                       { "id": "adequate", "label": "Adequate country", "points": "partial" },
                       { "id": "elsewhere", "label": "Elsewhere", "points": "no" } ] }
    ]));
    for (option, expected) in [("eea", "100.0"), ("adequate", "50.0"), ("elsewhere", "0.0")] {
        let report = score(
            &pack,
            Tier::Tier1,
            Path::Full,
            &answers(&[("HOST", option)]),
        );
        assert_eq!(
            domain_percent(&report, "D"),
            Some(expected.to_owned()),
            "{option}"
        );
    }
}

#[test]
fn function_scores_count_each_question_once_per_function_and_fall_back_to_the_domain() {
    let pack = pack(&document(
        json!([{ "id": "D", "title": "D", "function": "RC" }, { "id": "E", "title": "E" }]),
        json!([
            { "id": "TWO", "domain": "D", "text": "Two PR ids and a DE id", "mappings": { "csf": ["PR.DS-01", "PR.DS-02", "DE.CM-01"] } },
            { "id": "PLAIN", "domain": "D", "text": "No CSF mapping" },
            { "id": "LOST", "domain": "E", "text": "No mapping, no function" }
        ]),
    ));
    let report = score(
        &pack,
        Tier::Tier1,
        Path::Full,
        &answers(&[("TWO", "yes"), ("PLAIN", "no"), ("LOST", "no")]),
    );
    let function = |f: CsfFunction| report.function(f).expect("every function is listed");
    assert_eq!(function(CsfFunction::Protect).scored_questions, 1);
    assert_eq!(
        function(CsfFunction::Protect)
            .score
            .as_ref()
            .map(|s| s.percent()),
        Some("100.0".to_owned())
    );
    assert_eq!(function(CsfFunction::Detect).scored_questions, 1);
    assert_eq!(
        function(CsfFunction::Recover)
            .score
            .as_ref()
            .map(|s| s.percent()),
        Some("0.0".to_owned())
    );
    assert_eq!(function(CsfFunction::Govern).score, None);
    assert_eq!(report.functions.len(), 6);
}

#[test]
fn an_answer_of_the_wrong_type_is_ignored_and_listed() {
    let pack = three_questions();
    let mut given = answers(&[("Q1", "yes"), ("Q2", "yes"), ("Q3", "yes")]);
    given.insert("Q2".parse().expect("an id"), text("yes, of course"));
    given.insert("GONE".parse().expect("an id"), answer("yes"));
    let evaluation = evaluate(&pack, &tier1_inputs(), &[], &given, today());
    assert_eq!(evaluation.score.incomplete.len(), 1);
    let ignored: Vec<(&str, &str)> = evaluation
        .ignored_answers
        .iter()
        .map(|ignored| (ignored.question.as_str(), ignored.reason.as_str()))
        .collect();
    assert_eq!(
        ignored,
        [
            ("GONE", "the pack has no such question"),
            ("Q2", "question Q2 takes a scale answer, not text")
        ]
    );
}

#[test]
fn the_same_answers_give_the_same_bytes() {
    let pack = three_questions();
    let given = answers(&[("Q1", "yes"), ("Q2", "partial")]);
    let first = serde_json::to_string(&evaluate(&pack, &tier1_inputs(), &[], &given, today()))
        .expect("serialises");
    let second = serde_json::to_string(&evaluate(&pack, &tier1_inputs(), &[], &given, today()))
        .expect("serialises");
    assert_eq!(first, second);
    assert!(
        !first.contains("e-") && !first.contains(".5,"),
        "no floats in the evaluation"
    );
}

// Properties, over random packs with conditions.

#[derive(Clone, Debug)]
struct Spec {
    domain: usize,
    weight: u32,
    critical: bool,
    lowest_tier: u8,
    core: bool,
    single: bool,
    condition: Option<(usize, &'static str)>,
}

fn spec(position: usize) -> impl Strategy<Value = Spec> {
    let condition = if position == 0 {
        Just(None).boxed()
    } else {
        proptest::option::of((0..position, prop_oneof![Just("yes"), Just("no")])).boxed()
    };
    (
        0..3usize,
        1..=100u32,
        any::<bool>(),
        1..=4u8,
        any::<bool>(),
        any::<bool>(),
        condition,
    )
        .prop_map(
            |(domain, weight, critical, lowest_tier, core, single, condition)| Spec {
                domain,
                weight,
                critical,
                lowest_tier,
                core,
                single,
                condition,
            },
        )
}

fn specs() -> impl Strategy<Value = Vec<Spec>> {
    (1..10usize).prop_flat_map(|count| (0..count).map(spec).collect::<Vec<_>>())
}

fn word() -> impl Strategy<Value = Option<&'static str>> {
    proptest::option::of(prop_oneof![
        Just("yes"),
        Just("partial"),
        Just("no"),
        Just("na")
    ])
}

fn build(specs: &[Spec]) -> Pack {
    let questions: Vec<Value> = specs
        .iter()
        .enumerate()
        .map(|(position, spec)| {
            let mut question = json!({
                "id": format!("Q{position}"),
                "domain": format!("D{}", spec.domain),
                "text": format!("Question {position}?"),
                "weight": spec.weight,
                "critical": spec.critical,
                "lowest_tier": spec.lowest_tier,
                "path": if spec.core { "core" } else { "full" },
            });
            if spec.single {
                question["type"] = json!("single");
                question["options"] = json!([
                    { "id": "y", "label": "Yes", "points": "yes" },
                    { "id": "p", "label": "Partly", "points": "partial" },
                    { "id": "n", "label": "No", "points": "no" }
                ]);
            }
            if let Some((target, value)) = spec.condition {
                let value = if specs[target].single {
                    &value[..1]
                } else {
                    value
                };
                question["when"] = json!({ "question": format!("Q{target}"), "equals": value });
            }
            question
        })
        .collect();
    pack(&document(
        json!([
            { "id": "D0", "title": "Zero", "weight": 2, "function": "GV" },
            { "id": "D1", "title": "One", "weight": 5, "function": "PR" },
            { "id": "D2", "title": "Two", "weight": 1 }
        ]),
        Value::Array(questions),
    ))
}

fn answer_for(pack: &Pack, position: usize, word: &str) -> Answer {
    let single = pack.questions()[position].answer_type.name() == "single";
    match (single, word) {
        (true, "na") | (false, _) => answer(word),
        (true, _) => Answer::new(
            AnswerValue::Choice {
                option: word[..1].to_owned(),
            },
            builders::at(),
        )
        .expect("a choice"),
    }
}

fn build_answers(pack: &Pack, words: &[Option<&'static str>]) -> Answers {
    words
        .iter()
        .enumerate()
        .filter_map(|(position, word)| {
            let word = (*word)?;
            Some((
                pack.questions()[position].id.clone(),
                answer_for(pack, position, word),
            ))
        })
        .collect()
}

fn case_strategy() -> impl Strategy<Value = (Vec<Spec>, Vec<Option<&'static str>>, u8, bool)> {
    specs().prop_flat_map(|specs| {
        let count = specs.len();
        (
            Just(specs),
            proptest::collection::vec(word(), count),
            1..=4u8,
            any::<bool>(),
        )
    })
}

fn all_scores(report: &ScoreReport) -> Vec<Option<croqual::assessment::Score>> {
    let mut scores = vec![report.overall.clone()];
    scores.extend(report.domains.iter().map(|d| d.score.clone()));
    scores.extend(report.functions.iter().map(|f| f.score.clone()));
    scores
}

fn path(reduced: bool) -> Path {
    if reduced { Path::Reduced } else { Path::Full }
}

proptest! {
    #[test]
    fn scores_stay_within_0_and_100((specs, words, tier, reduced) in case_strategy()) {
        let pack = build(&specs);
        let tier = Tier::from_number(tier).expect("a tier");
        let report = score(&pack, tier, path(reduced), &build_answers(&pack, &words));
        for score in all_scores(&report).into_iter().flatten() {
            prop_assert!(score.is_at_least_percent(0));
            prop_assert!(!score.is_at_least_percent(101));
            let percent: f64 = score.percent().parse().expect("a decimal");
            prop_assert!((0.0..=100.0).contains(&percent));
        }
    }

    #[test]
    fn turning_an_answer_from_no_to_yes_never_lowers_any_score(
        (specs, words, tier, reduced) in case_strategy(),
        pick in any::<prop::sample::Index>(),
    ) {
        let pack = build(&specs);
        // A question that no condition reads: flipping one that others read can make a
        // follow-up applicable, and that follow-up's own answer then counts, as it should.
        let candidates: Vec<usize> = (0..pack.questions().len())
            .filter(|&position| pack.dependents(pack.questions()[position].id.as_str()).is_empty())
            .collect();
        prop_assume!(!candidates.is_empty());
        let flipped = candidates[pick.index(candidates.len())];
        let tier = Tier::from_number(tier).expect("a tier");

        let mut before_words = words.clone();
        before_words[flipped] = Some("no");
        let mut after_words = words;
        after_words[flipped] = Some("yes");
        let before = score(&pack, tier, path(reduced), &build_answers(&pack, &before_words));
        let after = score(&pack, tier, path(reduced), &build_answers(&pack, &after_words));
        for (old, new) in all_scores(&before).into_iter().zip(all_scores(&after)) {
            match (old, new) {
                (Some(old), Some(new)) => prop_assert!(new >= old, "{} fell to {}", old.percent(), new.percent()),
                (old, new) => prop_assert_eq!(old.is_some(), new.is_some()),
            }
        }
    }

    #[test]
    fn an_inapplicable_answer_never_changes_a_score(
        (specs, words, tier, reduced) in case_strategy(),
        replacement in word(),
    ) {
        let pack = build(&specs);
        let tier = Tier::from_number(tier).expect("a tier");
        let given = build_answers(&pack, &words);
        let applicability = croqual::assessment::Applicability::of(&pack, &given);
        let reference = score(&pack, tier, path(reduced), &given);
        for id in applicability.inapplicable(&pack) {
            let position = pack.position(id.as_str()).expect("in the pack");
            let mut changed = given.clone();
            match replacement {
                Some(word) => changed.insert(id.clone(), answer_for(&pack, position, word)),
                None => changed.remove(id.as_str()),
            };
            prop_assert_eq!(&score(&pack, tier, path(reduced), &changed), &reference, "changing {}", id);
        }
    }

    #[test]
    fn the_evaluation_agrees_with_the_score_report((specs, words, _tier, _reduced) in case_strategy()) {
        let pack = build(&specs);
        let inputs: TieringInputs = tier1_inputs();
        let given = build_answers(&pack, &words);
        let evaluation = evaluate(&pack, &inputs, &[], &given, today());
        prop_assert_eq!(&evaluation.score, &score(&pack, Tier::Tier1, Path::Full, &given));
        for action in &evaluation.corrective_actions {
            let status = evaluation.question(action.question.as_str()).expect("listed");
            prop_assert!(status.scored);
        }
    }
}

/// The same assessment as the browser test `the_default_bank_evaluates_in_the_browser_as_natively`:
/// exact arithmetic gives the same figures on every machine and in WebAssembly.
#[test]
fn the_default_bank_scores_the_same_on_every_machine() {
    let evaluation = parity::evaluation();
    let (overall, outcome, actions) = parity::EXPECTED;
    assert_eq!(
        evaluation.score.overall.expect("a score").percent(),
        overall
    );
    assert_eq!(evaluation.outcome, outcome);
    assert_eq!(evaluation.corrective_actions.len(), actions);
}

/// The same texts as the browser test `text_is_normalised_as_on_the_host`.
#[test]
fn text_is_normalised_as_in_the_browser() {
    parity::check_text();
}
