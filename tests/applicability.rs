//! Conditions: which questions apply under which answers.

#[path = "support/builders.rs"]
mod builders;

use builders::{answer, answers, at, one_domain, text, tier1_inputs, today};
use croqual::assessment::{
    Answer, AnswerValue, Answers, Applicability, Path, QuestionState, Tier, evaluate,
    question_states,
};
use croqual::pack::Pack;
use serde_json::json;

fn applicable(pack: &Pack, given: &Answers, id: &str) -> bool {
    Applicability::of(pack, given).is_applicable(pack, id)
}

#[test]
fn a_question_without_a_condition_always_applies() {
    let pack = one_domain(json!([{ "id": "A", "domain": "D", "text": "A?" }]));
    assert!(applicable(&pack, &Answers::new(), "A"));
}

#[test]
fn a_question_whose_condition_is_false_is_inapplicable() {
    let pack = one_domain(json!([
        { "id": "A", "domain": "D", "text": "A?" },
        { "id": "B", "domain": "D", "text": "B?", "when": { "question": "A", "equals": "yes" } }
    ]));
    assert!(
        !applicable(&pack, &Answers::new(), "B"),
        "an unanswered question equals nothing"
    );
    assert!(!applicable(&pack, &answers(&[("A", "no")]), "B"));
    assert!(applicable(&pack, &answers(&[("A", "yes")]), "B"));
}

#[test]
fn a_condition_on_an_inapplicable_question_reads_it_as_not_answered() {
    let pack = one_domain(json!([
        { "id": "A", "domain": "D", "text": "A?" },
        { "id": "B", "domain": "D", "text": "B?", "when": { "question": "A", "equals": "yes" } },
        { "id": "C", "domain": "D", "text": "C?", "when": { "question": "B", "answered": true } },
        { "id": "E", "domain": "D", "text": "E?", "when": { "question": "B", "answered": false } }
    ]));
    let given = answers(&[("A", "no"), ("B", "yes")]);
    assert!(
        !applicable(&pack, &given, "C"),
        "B's kept answer does not count"
    );
    assert!(applicable(&pack, &given, "E"));
}

#[test]
fn in_any_all_and_not_combine_as_their_names_say() {
    let pack = one_domain(json!([
        { "id": "A", "domain": "D", "text": "A?" },
        { "id": "B", "domain": "D", "text": "B?" },
        { "id": "IN", "domain": "D", "text": "?", "when": { "question": "A", "in": ["yes", "partial"] } },
        { "id": "ALL", "domain": "D", "text": "?", "when": { "all": [ { "question": "A", "equals": "yes" }, { "question": "B", "equals": "yes" } ] } },
        { "id": "ANY", "domain": "D", "text": "?", "when": { "any": [ { "question": "A", "equals": "yes" }, { "question": "B", "equals": "yes" } ] } },
        { "id": "NOT", "domain": "D", "text": "?", "when": { "not": { "question": "A", "equals": "no" } } },
        { "id": "NA", "domain": "D", "text": "?", "when": { "question": "A", "equals": "na" } }
    ]));
    let given = answers(&[("A", "partial"), ("B", "yes")]);
    let states: Vec<bool> = ["IN", "ALL", "ANY", "NOT", "NA"]
        .iter()
        .map(|id| applicable(&pack, &given, id))
        .collect();
    assert_eq!(states, [true, false, true, true, false]);
    assert!(applicable(&pack, &answers(&[("A", "na")]), "NA"));
}

#[test]
fn choice_date_number_and_text_answers_are_compared_as_written() {
    let pack = one_domain(json!([
        { "id": "M", "domain": "D", "text": "Tools?", "type": "multiple",
          "options": [ { "id": "edc", "label": "EDC" }, { "id": "ai", "label": "AI tools" } ] },
        { "id": "W", "domain": "D", "text": "Since?", "type": "date" },
        { "id": "N", "domain": "D", "text": "Hours?", "type": "number" },
        { "id": "T", "domain": "D", "text": "Name?", "type": "text" },
        { "id": "IF-M", "domain": "D", "text": "?", "when": { "question": "M", "equals": "ai" } },
        { "id": "IF-W", "domain": "D", "text": "?", "when": { "question": "W", "equals": "2024-02-29" } },
        { "id": "IF-N", "domain": "D", "text": "?", "when": { "question": "N", "in": ["72", "48"] } },
        { "id": "IF-T", "domain": "D", "text": "?", "when": { "question": "T", "equals": "Société Générale" } }
    ]));
    let mut given = Answers::new();
    let mut put = |id: &str, value: AnswerValue| {
        given.insert(
            id.parse().expect("an id"),
            Answer::new(value, at()).expect("valid"),
        );
    };
    put(
        "M",
        AnswerValue::Choices {
            options: vec!["edc".to_owned(), "ai".to_owned()],
        },
    );
    put(
        "W",
        AnswerValue::Date {
            date: jiff::civil::date(2024, 2, 29),
        },
    );
    put(
        "N",
        AnswerValue::Number {
            number: "72".to_owned(),
        },
    );
    // Typed decomposed (e + combining acute): stored and compared NFC.
    put(
        "T",
        AnswerValue::Text {
            text: "Socie\u{301}te\u{301} Ge\u{301}ne\u{301}rale".to_owned(),
        },
    );
    for id in ["IF-M", "IF-W", "IF-N", "IF-T"] {
        assert!(applicable(&pack, &given, id), "{id}");
    }
}

#[test]
fn a_blank_text_answer_counts_as_not_answered() {
    let pack = one_domain(json!([
        { "id": "T", "domain": "D", "text": "Describe", "type": "text" },
        { "id": "F", "domain": "D", "text": "?", "when": { "question": "T", "answered": true } }
    ]));
    let mut given = Answers::new();
    given.insert("T".parse().expect("an id"), text("   "));
    assert!(!applicable(&pack, &given, "F"));
    given.insert("T".parse().expect("an id"), text("something"));
    assert!(applicable(&pack, &given, "F"));
}

#[test]
fn an_answer_of_the_wrong_type_does_not_satisfy_a_condition() {
    let pack = one_domain(json!([
        { "id": "A", "domain": "D", "text": "A?" },
        { "id": "B", "domain": "D", "text": "B?", "when": { "question": "A", "answered": true } }
    ]));
    let mut given = Answers::new();
    given.insert("A".parse().expect("an id"), text("yes"));
    assert!(!applicable(&pack, &given, "B"));
}

#[test]
fn question_states_put_inapplicable_before_off_path_before_optional() {
    let pack = one_domain(json!([
        { "id": "A", "domain": "D", "text": "A?", "path": "core" },
        { "id": "HIDDEN", "domain": "D", "text": "?", "lowest_tier": 1, "when": { "question": "A", "equals": "yes" } },
        { "id": "DETAIL", "domain": "D", "text": "?", "lowest_tier": 1 },
        { "id": "T1ONLY", "domain": "D", "text": "?", "path": "core", "lowest_tier": 1 },
        { "id": "CORE", "domain": "D", "text": "?", "path": "core" }
    ]));
    let states = question_states(&pack, Tier::Tier2, Path::Reduced, &answers(&[("A", "no")]));
    assert_eq!(
        states,
        [
            QuestionState::Active,
            QuestionState::Inapplicable,
            QuestionState::OffPath,
            QuestionState::Optional,
            QuestionState::Active
        ]
    );
}

#[test]
fn a_deep_chain_switches_off_from_its_root() {
    let mut questions = vec![json!({ "id": "Q0", "domain": "D", "text": "Root?" })];
    for level in 1..300 {
        questions.push(json!({ "id": format!("Q{level}"), "domain": "D", "text": "Next?",
                               "when": { "question": format!("Q{}", level - 1), "equals": "yes" } }));
    }
    let pack = one_domain(serde_json::Value::Array(questions));
    let mut given: Answers = (0..300)
        .map(|level| (format!("Q{level}").parse().expect("an id"), answer("yes")))
        .collect();
    assert!(
        Applicability::of(&pack, &given)
            .inapplicable(&pack)
            .is_empty()
    );
    given.insert("Q0".parse().expect("an id"), answer("no"));
    assert_eq!(
        Applicability::of(&pack, &given).inapplicable(&pack).len(),
        299
    );
}

#[test]
fn progress_counts_the_answers_of_questions_that_apply_only() {
    let pack = one_domain(json!([
        { "id": "A", "domain": "D", "text": "A?" },
        { "id": "B", "domain": "D", "text": "B?", "when": { "question": "A", "equals": "yes" } },
        { "id": "C", "domain": "D", "text": "C?" }
    ]));
    let progress =
        |given: &Answers| evaluate(&pack, &tier1_inputs(), &[], given, today()).progress();
    assert_eq!(
        progress(&answers(&[("A", "no"), ("B", "yes")])),
        (1, 2),
        "B's kept answer"
    );
    assert_eq!(progress(&answers(&[("A", "yes"), ("B", "yes")])), (2, 3));
    assert_eq!(progress(&Answers::new()), (0, 2));
}
