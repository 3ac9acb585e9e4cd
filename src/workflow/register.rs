//! The register's views: one summary line per vendor, portfolio counts, sorting and filtering.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use jiff::civil::Date;

use super::{Stage, VendorId, VendorRecord};
use crate::assessment::{Outcome, Tier};
use crate::text::fold;

/// A vendor as the register lists it, for a given local date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VendorSummary {
    /// The vendor's id.
    pub id: VendorId,
    /// Its legal name.
    pub name: String,
    /// The service's name.
    pub service: String,
    /// Its tier, once known.
    pub tier: Option<Tier>,
    /// Where it stands.
    pub stage: Stage,
    /// The outcome of the last decision, if any.
    pub outcome: Option<Outcome>,
    /// Whether a business risk acceptance for the last decided submission is in force.
    pub risk_accepted: bool,
    /// When it must be assessed again.
    pub next_reassessment: Option<Date>,
    /// Whether that date has passed.
    pub is_reassessment_overdue: bool,
    /// Corrective actions open or in progress.
    pub open_actions: usize,
    /// Of those, the ones past their due date.
    pub overdue_actions: usize,
    /// Whether the current submission claims another outcome or score than recomputed.
    pub has_claim_difference: bool,
    /// Whether the audit trail has a break.
    pub has_broken_trail: bool,
}

impl VendorSummary {
    /// Whether something is late: a corrective action or the re-assessment.
    pub fn is_overdue(&self) -> bool {
        self.overdue_actions > 0 || self.is_reassessment_overdue
    }
}

impl VendorRecord {
    /// The register's line for this vendor, for someone whose local date is `today`.
    pub fn summary(&self, today: Date) -> VendorSummary {
        VendorSummary {
            id: self.id().clone(),
            name: self.organisation().legal_name.clone(),
            service: self.service().name.clone(),
            tier: self.tier(),
            stage: self.stage(),
            outcome: self.latest_decision().map(|decision| decision.outcome),
            risk_accepted: self.risk_acceptance_in_force(today).is_some(),
            next_reassessment: self.next_reassessment(),
            is_reassessment_overdue: self.is_reassessment_overdue(today),
            open_actions: self.open_actions(),
            overdue_actions: self.overdue_actions(today),
            has_claim_difference: self
                .current_submission()
                .is_some_and(|submission| submission.is_claim_different()),
            has_broken_trail: !self.chain_breaks().is_empty(),
        }
    }
}

/// Counts over many vendors.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Portfolio {
    /// How many vendors.
    pub vendors: usize,
    /// Vendors by tier.
    pub by_tier: BTreeMap<Tier, usize>,
    /// Vendors without a tier yet.
    pub untiered: usize,
    /// Vendors by the outcome of their last decision.
    pub by_outcome: BTreeMap<Outcome, usize>,
    /// Vendors without a decision yet.
    pub undecided: usize,
    /// Vendors by stage; stages with no vendor are absent.
    pub by_stage: BTreeMap<Stage, usize>,
    /// Vendors with at least one overdue corrective action.
    pub with_overdue_actions: usize,
    /// Overdue corrective actions, all vendors together.
    pub overdue_actions: usize,
    /// Vendors whose re-assessment date has passed.
    pub reassessment_overdue: usize,
    /// Vendors with something overdue: an action or the re-assessment.
    pub overdue: usize,
}

impl Portfolio {
    /// The counts over `summaries`.
    pub fn of<'a>(summaries: impl IntoIterator<Item = &'a VendorSummary>) -> Portfolio {
        let mut portfolio = Portfolio::default();
        for summary in summaries {
            portfolio.vendors += 1;
            match summary.tier {
                Some(tier) => *portfolio.by_tier.entry(tier).or_default() += 1,
                None => portfolio.untiered += 1,
            }
            match summary.outcome {
                Some(outcome) => *portfolio.by_outcome.entry(outcome).or_default() += 1,
                None => portfolio.undecided += 1,
            }
            *portfolio.by_stage.entry(summary.stage).or_default() += 1;
            if summary.overdue_actions > 0 {
                portfolio.with_overdue_actions += 1;
            }
            portfolio.overdue_actions += summary.overdue_actions;
            if summary.is_reassessment_overdue {
                portfolio.reassessment_overdue += 1;
            }
            if summary.is_overdue() {
                portfolio.overdue += 1;
            }
        }
        portfolio
    }
}

/// The columns the register sorts by. Ties fall back to the name, then the id, so the order
/// is always the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SortKey {
    /// By legal name, ignoring case.
    Name,
    /// Most critical tier first; untiered last.
    Tier,
    /// In process order.
    Stage,
    /// Rejected first, then accepted with corrective actions, then accepted; undecided last.
    Outcome,
    /// Soonest re-assessment first; none last.
    NextReassessment,
    /// Most overdue actions first.
    OverdueActions,
}

impl SortKey {
    /// How `a` and `b` compare under this key.
    pub fn compare(self, a: &VendorSummary, b: &VendorSummary) -> Ordering {
        let primary = match self {
            SortKey::Name => Ordering::Equal,
            SortKey::Tier => none_last(a.tier, b.tier),
            SortKey::Stage => a.stage.cmp(&b.stage),
            SortKey::Outcome => none_last(a.outcome, b.outcome),
            SortKey::NextReassessment => none_last(a.next_reassessment, b.next_reassessment),
            SortKey::OverdueActions => b.overdue_actions.cmp(&a.overdue_actions),
        };
        primary
            .then_with(|| fold(&a.name).cmp(&fold(&b.name)))
            .then_with(|| a.id.cmp(&b.id))
    }
}

/// Sorts `summaries` by `key`.
pub fn sort(summaries: &mut [VendorSummary], key: SortKey) {
    summaries.sort_by(|a, b| key.compare(a, b));
}

/// What the register shows: every criterion set must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Words to find in the id, the legal name or the service name, ignoring case; "" for
    /// all.
    pub text: String,
    /// Only this tier.
    pub tier: Option<Tier>,
    /// Only this stage.
    pub stage: Option<Stage>,
    /// Only vendors whose last decision had this outcome.
    pub outcome: Option<Outcome>,
    /// Only vendors with an overdue corrective action or re-assessment.
    pub overdue_only: bool,
}

impl Filter {
    /// Whether `summary` passes.
    pub fn matches(&self, summary: &VendorSummary) -> bool {
        let text = fold(&self.text);
        let text_matches = text.split_whitespace().all(|word| {
            [summary.id.as_str(), &summary.name, &summary.service]
                .iter()
                .any(|field| fold(field).contains(word))
        });
        text_matches
            && self.tier.is_none_or(|tier| summary.tier == Some(tier))
            && self.stage.is_none_or(|stage| summary.stage == stage)
            && self
                .outcome
                .is_none_or(|outcome| summary.outcome == Some(outcome))
            && (!self.overdue_only || summary.is_overdue())
    }
}

fn none_last<T: Ord>(a: Option<T>, b: Option<T>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}
