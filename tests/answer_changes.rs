//! What changed between two revisions of a submission, answer by answer.

#[path = "support/example.rs"]
mod example;

use croqual::assessment::{Answer, AnswerValue, QuestionState};
use croqual::export::Submission;
use croqual::pack::{QuestionId, default_bank};

fn id(text: &str) -> QuestionId {
    text.parse().expect("a question id")
}

#[test]
fn the_same_submission_has_no_change() {
    let submission = Submission::build(example::parts(0), default_bank()).expect("built");
    assert_eq!(submission.answer_changes(&submission), vec![]);
}

#[test]
fn a_new_revision_lists_changed_values_comments_and_removed_answers_in_order() {
    let older = Submission::build(example::parts(0), default_bank()).expect("built");
    let mut parts = example::parts(0);
    parts.revision = 2;
    let at = example::exported_at();
    // GOV-04 was partial; now yes with a new comment. GOV-03 keeps its value, new comment.
    parts
        .answers
        .insert(id("GOV-04"), Answer::yes(at).with_comment("Now in place."));
    let gov03 = parts.answers[&id("GOV-03")].clone();
    parts.answers.insert(
        id("GOV-03"),
        Answer::new(gov03.value().clone(), at)
            .expect("valid")
            .with_comment("Reviewed again in April."),
    );
    // GOV-02 was unanswered; GOV-05 is withdrawn.
    parts.answers.insert(id("GOV-02"), Answer::no(at));
    parts.answers.remove(&id("GOV-05"));
    let newer = Submission::build(parts, default_bank()).expect("built");

    let changes = newer.answer_changes(&older);
    let questions: Vec<&str> = changes.iter().map(|c| c.question.as_str()).collect();
    assert_eq!(questions[..3], ["GOV-02", "GOV-03", "GOV-04"]);
    assert_eq!(questions.last(), Some(&"GOV-05"));

    let gov02 = &changes[0];
    assert_eq!(
        (gov02.before.clone(), gov02.after.clone()),
        (None, Some(AnswerValue::No))
    );
    let gov03 = &changes[1];
    assert!(!gov03.is_value_changed());
    assert_eq!(
        gov03.comments.as_ref().map(|(_, after)| after.as_str()),
        Some("Reviewed again in April.")
    );
    let gov04 = &changes[2];
    assert_eq!(
        (gov04.before.clone(), gov04.after.clone()),
        (Some(AnswerValue::Partial), Some(AnswerValue::Yes))
    );
    let gov05 = changes.last().expect("a removal");
    assert_eq!(gov05.after, None);
    assert!(gov05.before.is_some());
}

#[test]
fn a_follow_up_switched_off_reports_its_state() {
    let older = Submission::build(example::parts(0), default_bank()).expect("built");
    let mut parts = example::parts(0);
    parts.revision = 2;
    // AI-03 "no" keeps AI-04 inactive in the example; "yes" makes it active.
    parts.answers.insert(
        id("AI-03"),
        Answer::new(
            AnswerValue::Choice {
                option: "yes".into(),
            },
            example::exported_at(),
        )
        .expect("valid"),
    );
    let newer = Submission::build(parts, default_bank()).expect("built");
    let ai04 = newer
        .answer_changes(&older)
        .into_iter()
        .find(|change| change.question.as_str() == "AI-04")
        .expect("AI-04 changed state");
    assert!(!ai04.is_value_changed());
    assert_eq!(
        ai04.state,
        Some((QuestionState::Inapplicable, QuestionState::Active))
    );
}
