//! Gaps and the corrective actions proposed for them.

use std::fmt;

use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::pack::{Points, Question, QuestionId};

/// Months from the assessment to the proposed due date of a critical question's action.
pub const CRITICAL_ACTION_MONTHS: i32 = 3;

/// Months from the assessment to the proposed due date of any other action.
pub const ACTION_MONTHS: i32 = 6;

/// A corrective action for a failed or partial question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorrectiveAction {
    /// The question that showed the gap.
    pub question: QuestionId,
    /// What is missing, for people.
    pub gap: String,
    /// What will be done about it, in the words of whoever plans it ("" until planned).
    #[serde(default)]
    pub action: String,
    /// Who carries it out; `None` until someone is named.
    pub owner: Option<String>,
    /// The last day to carry it out.
    pub due_on: Date,
    /// Where it stands.
    pub status: ActionStatus,
    /// Whether the question is critical.
    pub critical: bool,
}

impl CorrectiveAction {
    /// The action proposed for `question` after `finding`: open, no owner, due 3 months
    /// after `as_of` for a critical question and 6 months after it otherwise.
    pub fn propose(question: &Question, finding: Finding, as_of: Date) -> CorrectiveAction {
        CorrectiveAction::propose_due(question, finding, DueDates::after(as_of))
    }

    /// [`CorrectiveAction::propose`] with the due dates computed once for a whole evaluation.
    pub(crate) fn propose_due(
        question: &Question,
        finding: Finding,
        due: DueDates,
    ) -> CorrectiveAction {
        let headline = question.text.lines().next().unwrap_or_default().trim();
        let label = finding.label();
        let mut gap = String::with_capacity(label.len() + 2 + headline.len());
        gap.push_str(label);
        gap.push_str(": ");
        gap.push_str(headline);
        CorrectiveAction {
            question: question.id.clone(),
            gap,
            action: String::new(),
            owner: None,
            due_on: if question.critical {
                due.critical
            } else {
                due.other
            },
            status: ActionStatus::Open,
            critical: question.critical,
        }
    }

    /// Whether it is open or in progress after its due date. `today` is the local date of
    /// whoever looks: an action due on the 31st becomes overdue at local midnight.
    pub fn is_overdue(&self, today: Date) -> bool {
        !self.status.is_closed() && today > self.due_on
    }
}

/// What a question showed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Finding {
    /// Answered no.
    Failed,
    /// Answered partially.
    Partial,
    /// Not answered.
    Unanswered,
}

impl Finding {
    /// The finding for an answer's points, `None` when there is no gap.
    pub fn from_points(points: Option<Points>) -> Option<Finding> {
        match points {
            Some(Points::Yes) => None,
            Some(Points::Partial) => Some(Finding::Partial),
            Some(Points::No) => Some(Finding::Failed),
            None => Some(Finding::Unanswered),
        }
    }
}

impl Finding {
    /// How people read it: "Not in place", "Partly in place", "Not answered".
    pub fn label(self) -> &'static str {
        match self {
            Finding::Failed => "Not in place",
            Finding::Partial => "Partly in place",
            Finding::Unanswered => "Not answered",
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The due dates of proposed actions as of one date: critical and other questions.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DueDates {
    critical: Date,
    other: Date,
}

impl DueDates {
    /// [`CRITICAL_ACTION_MONTHS`] and [`ACTION_MONTHS`] after `as_of`.
    pub(crate) fn after(as_of: Date) -> DueDates {
        let add = |months: i64| as_of.checked_add(months.months()).unwrap_or(Date::MAX);
        DueDates {
            critical: add(i64::from(CRITICAL_ACTION_MONTHS)),
            other: add(i64::from(ACTION_MONTHS)),
        }
    }
}

/// Where a corrective action stands, in process order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    /// Not started.
    Open,
    /// Being carried out.
    InProgress,
    /// Carried out, as the CRO says.
    Done,
    /// Checked by the sponsor.
    Verified,
}

impl ActionStatus {
    /// How people read it: "open", "in progress", "done", "verified".
    pub fn label(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::InProgress => "in progress",
            ActionStatus::Done => "done",
            ActionStatus::Verified => "verified",
        }
    }

    /// Whether nothing more is expected of the CRO: done or verified.
    pub fn is_closed(self) -> bool {
        matches!(self, ActionStatus::Done | ActionStatus::Verified)
    }
}
