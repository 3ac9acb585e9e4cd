//! The corrective-action plan a decision sets and the ongoing phase follows up.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::assessment::{ActionStatus, CorrectiveAction};
use crate::attest::Digest;
use crate::organisation::clean;
use crate::pack::QuestionId;

/// A corrective action as the sponsor plans it, before the register numbers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanItemDraft {
    /// What will be done.
    pub item: String,
    /// The question whose gap it closes, if any.
    pub question: Option<QuestionId>,
    /// Who carries it out.
    pub owner: String,
    /// The last day to carry it out.
    pub due_on: Date,
}

impl PlanItemDraft {
    /// The same draft with its texts NFC-normalised and trimmed.
    pub fn normalised(&self) -> PlanItemDraft {
        PlanItemDraft {
            item: clean(&self.item),
            owner: clean(&self.owner),
            ..self.clone()
        }
    }
}

impl From<&CorrectiveAction> for PlanItemDraft {
    /// The action the evaluation proposed: its planned action, or, while the CRO planned
    /// none, its gap marked as still to be planned (never the gap passed off as an action);
    /// its owner, or none yet.
    fn from(action: &CorrectiveAction) -> PlanItemDraft {
        let item = if action.action.trim().is_empty() {
            format!("To be planned, for the gap: {}", action.gap.trim())
        } else {
            action.action.clone()
        };
        PlanItemDraft {
            item,
            question: Some(action.question.clone()),
            owner: action.owner.clone().unwrap_or_default(),
            due_on: action.due_on,
        }
    }
}

/// A corrective action in the register's plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanItem {
    /// Its number in the vendor's plan, from 1, never reused.
    pub id: u32,
    /// The submission whose evaluation it answers.
    pub submission: Digest,
    /// What will be done.
    pub item: String,
    /// The question whose gap it closes, if any.
    pub question: Option<QuestionId>,
    /// Who carries it out.
    pub owner: String,
    /// The last day to carry it out.
    pub due_on: Date,
    /// Where it stands.
    pub status: ActionStatus,
}

impl PlanItem {
    /// Whether something is still expected of the CRO: open or in progress.
    pub fn is_open(&self) -> bool {
        !self.status.is_closed()
    }

    /// Whether it is open or in progress after its due date. `today` is the local date of
    /// whoever looks, so an action due on the 30th becomes overdue at local midnight
    /// between the 30th and the 31st, wherever they are.
    pub fn is_overdue(&self, today: Date) -> bool {
        self.is_open() && today > self.due_on
    }
}

/// A change to a plan item: each field that is `Some` is set.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanChange {
    /// The new status.
    pub status: Option<ActionStatus>,
    /// The new owner.
    pub owner: Option<String>,
    /// The new due date.
    pub due_on: Option<Date>,
}
