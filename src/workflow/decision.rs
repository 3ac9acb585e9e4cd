//! Step 4: the sponsor's decision on a submission, and business risk acceptances.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::PlanItemDraft;
use crate::assessment::{Outcome, RiskAcceptance, Tier};
use crate::attest::Digest;

/// The sponsor's decision on a submission, as the qualification lead records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// The submission decided on: the current one.
    pub submission: Digest,
    /// Accepted, accepted with corrective actions, or rejected.
    pub outcome: Outcome,
    /// The decision's date: the re-assessment interval counts from it.
    pub decided_on: Date,
    /// Why, one reason a line.
    pub reasons: Vec<String>,
    /// The corrective-action plan; at least one item when accepted with corrective actions.
    #[serde(default)]
    pub plan: Vec<PlanItemDraft>,
}

/// A decision as the register keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedDecision {
    /// The submission decided on.
    pub submission: Digest,
    /// The outcome decided.
    pub outcome: Outcome,
    /// The decision's date.
    pub decided_on: Date,
    /// Why.
    pub reasons: Vec<String>,
    /// The tier the re-assessment interval came from.
    pub tier: Tier,
    /// The decision's date plus the tier's re-assessment interval.
    pub reassess_by: Date,
    /// The numbers of the plan items the decision set.
    pub plan_items: Vec<u32>,
}

impl RecordedDecision {
    /// Whether it accepted the vendor, with or without corrective actions.
    pub fn is_accepting(&self) -> bool {
        self.outcome != Outcome::Rejected
    }
}

/// A business risk acceptance, recorded for one submission.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedRiskAcceptance {
    /// The submission whose evaluation it accepts.
    pub submission: Digest,
    /// The acceptance: justification, approver and role, approval and expiry dates.
    pub acceptance: RiskAcceptance,
}
