//! Questions and their answer types.

use serde::{Deserialize, Serialize};

use super::{Condition, DomainId, Mappings, QuestionId};
use crate::assessment::Tier;

/// One question of a pack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    /// The stable id, unique in its pack.
    pub id: QuestionId,
    /// The domain it belongs to (one the pack defines).
    pub domain: DomainId,
    /// The question a person reads.
    pub text: String,
    /// What the reviewer is looking for ("" when absent).
    pub help: String,
    /// How it is answered.
    pub answer_type: AnswerType,
    /// Its weight in the domain score, 1 to 100.
    pub weight: u32,
    /// Whether a failure caps the outcome.
    pub critical: bool,
    /// The least critical tier that must answer it: tiers 1 to this one must, tiers above may.
    pub lowest_tier: Tier,
    /// On which assessment path it is asked.
    pub path: QuestionPath,
    /// The condition that makes it applicable; `None` means always applicable.
    pub when: Option<Condition>,
    /// What a reviewer expects to see.
    pub evidence: Vec<String>,
    /// Ids in other frameworks.
    pub mappings: Mappings,
}

impl Question {
    /// Whether answers to it earn points: the scale, or single choice with points on every
    /// option.
    pub fn is_scored_type(&self) -> bool {
        self.answer_type.is_scored()
    }

    /// Whether the tier must answer it (tier number ≤ `lowest_tier`).
    pub fn is_required_for(&self, tier: Tier) -> bool {
        tier <= self.lowest_tier
    }
}

/// How a question is answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnswerType {
    /// Yes / partial / no / not applicable. Scored.
    Scale,
    /// One option. Scored when every option has points.
    Single(Vec<ChoiceOption>),
    /// Any number of options. Not scored.
    Multiple(Vec<ChoiceOption>),
    /// Free text. Not scored.
    Text,
    /// A calendar date. Not scored.
    Date,
    /// A decimal number, with an optional unit such as "hours". Not scored.
    Number {
        /// The unit shown next to the number.
        unit: Option<String>,
    },
}

impl AnswerType {
    /// The name the pack format uses: "scale", "single", "multiple", "text", "date", "number".
    pub fn name(&self) -> &'static str {
        match self {
            AnswerType::Scale => "scale",
            AnswerType::Single(_) => "single",
            AnswerType::Multiple(_) => "multiple",
            AnswerType::Text => "text",
            AnswerType::Date => "date",
            AnswerType::Number { .. } => "number",
        }
    }

    /// Whether answers of this type earn points.
    pub fn is_scored(&self) -> bool {
        match self {
            AnswerType::Scale => true,
            AnswerType::Single(options) => options.iter().all(|option| option.points.is_some()),
            _ => false,
        }
    }

    /// The options of a choice question; empty for the other types.
    pub fn options(&self) -> &[ChoiceOption] {
        match self {
            AnswerType::Single(options) | AnswerType::Multiple(options) => options,
            _ => &[],
        }
    }
}

/// An option of a single or multiple choice question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChoiceOption {
    /// The option's id, unique in its question (same charset as question ids).
    pub id: String,
    /// The label a person reads.
    pub label: String,
    /// What choosing it earns, for single choice questions.
    pub points: Option<Points>,
}

/// What an answer earns: the scale's yes, partial and no.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Points {
    /// Nothing: the control is missing.
    No,
    /// Half: the control is partly in place.
    Partial,
    /// Full: the control is in place.
    Yes,
}

impl Points {
    /// The points in halves: yes 2, partial 1, no 0.
    pub fn halves(self) -> u32 {
        match self {
            Points::Yes => 2,
            Points::Partial => 1,
            Points::No => 0,
        }
    }

    /// The name the pack format uses.
    pub fn name(self) -> &'static str {
        match self {
            Points::Yes => "yes",
            Points::Partial => "partial",
            Points::No => "no",
        }
    }
}

/// On which assessment path a question is asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionPath {
    /// On both paths, also when valid certificates cover the service.
    Core,
    /// Only on the full, detailed path.
    Full,
}

impl QuestionPath {
    /// The name the pack format uses.
    pub fn name(self) -> &'static str {
        match self {
            QuestionPath::Core => "core",
            QuestionPath::Full => "full",
        }
    }
}
