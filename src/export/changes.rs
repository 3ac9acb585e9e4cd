//! What changed between two submissions of the same assessment, answer by answer.

use crate::assessment::{AnswerValue, QuestionState};
use crate::pack::QuestionId;

use super::{Submission, SubmittedAnswer};

/// How one question's answer differs between an older submission and a newer one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerChange {
    /// The question.
    pub question: QuestionId,
    /// The older value; `None` when the older submission did not answer it.
    pub before: Option<AnswerValue>,
    /// The newer value; `None` when the newer submission no longer answers it.
    pub after: Option<AnswerValue>,
    /// Whether the comment changed.
    pub comment_changed: bool,
    /// The comments, older then newer, when they changed.
    pub comments: Option<(String, String)>,
    /// Whether the evidence references changed (a file added, removed or replaced).
    pub evidence_changed: bool,
    /// The question's state, older then newer, when it changed (a follow-up switched on or
    /// off, a question now off the path).
    pub state: Option<(QuestionState, QuestionState)>,
}

impl AnswerChange {
    /// Whether the value itself changed, not only its comment, evidence or state.
    pub fn is_value_changed(&self) -> bool {
        self.before != self.after
    }
}

impl Submission {
    /// Every answer that differs from `older`'s: in this submission's order, then the
    /// questions only `older` answered, in its order. Empty when nothing changed. The time an
    /// answer was given is not a change on its own: re-saving the same answer is not news.
    pub fn answer_changes(&self, older: &Submission) -> Vec<AnswerChange> {
        let mut changes: Vec<AnswerChange> = self
            .answers
            .iter()
            .filter_map(|newer| change(older.answer(newer.question.as_str()), Some(newer)))
            .collect();
        changes.extend(
            older
                .answers
                .iter()
                .filter(|before| self.answer(before.question.as_str()).is_none())
                .filter_map(|before| change(Some(before), None)),
        );
        changes
    }
}

fn change(
    before: Option<&SubmittedAnswer>,
    after: Option<&SubmittedAnswer>,
) -> Option<AnswerChange> {
    let question = after.or(before)?.question.clone();
    let comment_changed = comment(before) != comment(after);
    let evidence_changed =
        before.map_or(&[][..], |a| &a.evidence[..]) != after.map_or(&[][..], |a| &a.evidence[..]);
    let state = match (before, after) {
        (Some(before), Some(after)) if before.state != after.state => {
            Some((before.state, after.state))
        }
        _ => None,
    };
    let change = AnswerChange {
        question,
        before: before.map(|a| a.value.clone()),
        after: after.map(|a| a.value.clone()),
        comment_changed,
        comments: comment_changed.then(|| (comment(before).to_owned(), comment(after).to_owned())),
        evidence_changed,
        state,
    };
    let changed =
        change.is_value_changed() || comment_changed || evidence_changed || change.state.is_some();
    changed.then_some(change)
}

fn comment(answer: Option<&SubmittedAnswer>) -> &str {
    answer.map_or("", |answer| answer.comment.as_str())
}
