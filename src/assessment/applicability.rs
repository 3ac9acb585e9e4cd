//! Which questions apply, and which are asked, for given answers, tier and path.

use serde::{Deserialize, Serialize};

use super::{Answer, Answers, Path, Tier};
use crate::pack::{Compiled, Pack, QuestionId, QuestionPath};

/// Whether each question of a pack applies under a set of answers.
///
/// Computed in one pass over the pack's precomputed evaluation order, so it is cheap enough
/// to run on every keystroke. Serialised as one boolean per question, in pack order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Applicability {
    applicable: Vec<bool>,
}

impl Applicability {
    /// Evaluates every condition of `pack` against `answers`. Answers whose value the
    /// question cannot take are read as no answer.
    pub fn of(pack: &Pack, answers: &Answers) -> Applicability {
        Applicability::from_answers(pack, &usable_answers(pack, answers))
    }

    /// Whether the question at `position` in [`Pack::questions`] applies.
    pub fn is_applicable_at(&self, position: usize) -> bool {
        self.applicable.get(position).copied().unwrap_or(false)
    }

    /// Whether the question `id` applies (false for an id the pack lacks).
    pub fn is_applicable(&self, pack: &Pack, id: &str) -> bool {
        pack.position(id)
            .is_some_and(|position| self.is_applicable_at(position))
    }

    /// The inapplicable questions, in document order.
    pub fn inapplicable<'a>(&self, pack: &'a Pack) -> Vec<&'a QuestionId> {
        pack.questions()
            .iter()
            .zip(&self.applicable)
            .filter(|(_, applicable)| !**applicable)
            .map(|(question, _)| &question.id)
            .collect()
    }

    pub(crate) fn from_answers(pack: &Pack, answers: &[Option<&Answer>]) -> Applicability {
        let mut applicable = vec![true; pack.questions().len()];
        for &position in pack.order() {
            if let Some(condition) = pack.compiled(position) {
                applicable[position] = holds(condition, &applicable, answers);
            }
        }
        Applicability { applicable }
    }
}

/// Where a question stands in an assessment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionState {
    /// Asked, and scored when its type is.
    Active,
    /// Its condition is false: its answer is kept but inactive.
    Inapplicable,
    /// A full-path question while the reduced path applies.
    OffPath,
    /// Not required for the tier: it may be answered, but is not scored.
    Optional,
}

/// The state of every question, in document order: inapplicable first, then off the path,
/// then optional for the tier, else active.
pub fn question_states(
    pack: &Pack,
    tier: Tier,
    path: Path,
    answers: &Answers,
) -> Vec<QuestionState> {
    let applicability = Applicability::of(pack, answers);
    states(pack, tier, path, &applicability)
}

pub(crate) fn states(
    pack: &Pack,
    tier: Tier,
    path: Path,
    applicability: &Applicability,
) -> Vec<QuestionState> {
    pack.questions()
        .iter()
        .enumerate()
        .map(|(position, question)| {
            if !applicability.is_applicable_at(position) {
                QuestionState::Inapplicable
            } else if path == Path::Reduced && question.path == QuestionPath::Full {
                QuestionState::OffPath
            } else if !question.is_required_for(tier) {
                QuestionState::Optional
            } else {
                QuestionState::Active
            }
        })
        .collect()
}

/// The answer to each question by position, leaving out answers whose value the question
/// cannot take.
pub(crate) fn usable_answers<'a>(pack: &Pack, answers: &'a Answers) -> Vec<Option<&'a Answer>> {
    pack.questions()
        .iter()
        .map(|question| {
            answers
                .get(question.id.as_str())
                .filter(|answer| answer.check_for(question).is_ok())
        })
        .collect()
}

/// Evaluates a compiled condition. A question that does not apply reads as not answered.
fn holds(condition: &Compiled, applicable: &[bool], answers: &[Option<&Answer>]) -> bool {
    let answer = |question: usize| {
        if applicable[question] {
            answers[question].filter(|answer| answer.is_given())
        } else {
            None
        }
    };
    match condition {
        Compiled::Equals { question, value } => {
            answer(*question).is_some_and(|a| a.reads_as(value))
        }
        Compiled::In { question, values } => {
            answer(*question).is_some_and(|a| values.iter().any(|value| a.reads_as(value)))
        }
        Compiled::Answered { question, answered } => answer(*question).is_some() == *answered,
        Compiled::All(conditions) => conditions
            .iter()
            .all(|condition| holds(condition, applicable, answers)),
        Compiled::Any(conditions) => conditions
            .iter()
            .any(|condition| holds(condition, applicable, answers)),
        Compiled::Not(condition) => !holds(condition, applicable, answers),
    }
}
