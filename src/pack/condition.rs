//! Applicability conditions on other answers.

use super::QuestionId;

/// When a question applies, from the answers to other questions.
///
/// A reference to a question that is itself inapplicable reads as "not answered", so a chain
/// of follow-ups switches off as a whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Condition {
    /// The answer equals `value`: a scale value (`yes`, `partial`, `no`, `na`), an option id
    /// (for multiple choice: the option is among those chosen), or a text.
    Equals {
        /// The question whose answer is read.
        question: QuestionId,
        /// The value it must have.
        value: String,
    },
    /// The answer equals one of `values`.
    In {
        /// The question whose answer is read.
        question: QuestionId,
        /// The values it may have.
        values: Vec<String>,
    },
    /// The question has an answer (for text, a non-empty one) when `answered` is true; has
    /// none when it is false.
    Answered {
        /// The question whose answer is read.
        question: QuestionId,
        /// Whether it must be answered.
        answered: bool,
    },
    /// Every condition holds.
    All(Vec<Condition>),
    /// At least one condition holds.
    Any(Vec<Condition>),
    /// The condition does not hold.
    Not(Box<Condition>),
}

impl Condition {
    /// Every question the condition reads, in order of appearance, possibly repeated.
    pub fn questions(&self) -> Vec<&QuestionId> {
        let mut found = Vec::new();
        self.collect_questions(&mut found);
        found
    }

    fn collect_questions<'a>(&'a self, found: &mut Vec<&'a QuestionId>) {
        match self {
            Condition::Equals { question, .. }
            | Condition::In { question, .. }
            | Condition::Answered { question, .. } => found.push(question),
            Condition::All(conditions) | Condition::Any(conditions) => {
                for condition in conditions {
                    condition.collect_questions(found);
                }
            }
            Condition::Not(condition) => condition.collect_questions(found),
        }
    }
}
