//! A vendor's record in the sponsor's register: its facts, its stage and its audit trail.

use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::submission::is_decimal;
use super::{
    Action, Attribution, AuditEntry, AuditEvent, AuditTrail, ChainBreak, Command, Contract,
    Decision, KeyReplacement, PinnedKey, PinnedKeys, PlanChange, PlanItem, PlanItemDraft,
    ReceivedSubmission, RecordedDecision, RecordedRiskAcceptance, ServicePeriod,
    ServiceQualification, Stage, Standing, StepMove, Submission, VendorAudit, VendorId,
    WorkflowError,
};
use crate::assessment::{Outcome, RiskAcceptance, Tier, TieringInputs, decide_tier};
use crate::attest::Digest;
use crate::organisation::{Organisation, Service, clean};

/// A vendor in the register: who it is, where it stands, everything received and decided,
/// and the audit trail that every change goes through.
///
/// The facts can only change through [`VendorRecord::apply`], which checks the guards,
/// appends one audit entry and replays that entry onto the facts. Loading a record replays its
/// trail the same way, so the facts are always what the trail says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VendorRecord {
    id: VendorId,
    state: VendorState,
    trail: AuditTrail,
    // The trail's breaks, found once when it is loaded: appending never adds one, so
    // guarding every change does not hash the whole trail again.
    breaks: Vec<ChainBreak>,
}

impl VendorRecord {
    /// Enters a vendor in the register, at identification. The identity may be incomplete.
    ///
    /// # Errors
    ///
    /// [`WorkflowError::WhoMissing`] when `by` names nobody.
    pub fn new(
        id: VendorId,
        organisation: &Organisation,
        service: &Service,
        by: Attribution,
    ) -> Result<VendorRecord, WorkflowError> {
        let mut record = VendorRecord {
            id: id.clone(),
            state: VendorState::default(),
            trail: AuditTrail::default(),
            breaks: Vec::new(),
        };
        let event = AuditEvent::VendorCreated {
            vendor: id,
            organisation: organisation.normalised(),
            service: service.normalised(),
        };
        record.commit(event, Stage::Identification, by)?;
        Ok(record)
    }

    /// Applies `command`, made by `by`: checks its guards, then appends its audit entry and
    /// returns it. The one way anything in the record changes.
    ///
    /// # Errors
    ///
    /// A [`WorkflowError`] saying why the change is refused; then nothing changed. While the
    /// trail has a break nobody acknowledged, everything but
    /// [`Command::AcknowledgeChainBreak`] is refused.
    pub fn apply(
        &mut self,
        command: Command,
        by: Attribution,
    ) -> Result<&AuditEntry, WorkflowError> {
        if clean(&by.who).is_empty() {
            return Err(WorkflowError::WhoMissing);
        }
        let why = clean(&by.why);
        if !matches!(command, Command::AcknowledgeChainBreak { .. })
            && let Some(first) = self.unacknowledged_breaks().into_iter().next()
        {
            return Err(WorkflowError::TrailBroken { at: first });
        }
        let dated = dated(&command);
        let (event, to) = self.check(command, &why)?;
        if let Some((what, date)) = dated {
            not_in_future(what, date, by.at)?;
        }
        self.commit(event, to, by)
    }

    /// The vendor's id in the register.
    pub fn id(&self) -> &VendorId {
        &self.id
    }

    /// Its identity.
    pub fn organisation(&self) -> &Organisation {
        &self.state.organisation
    }

    /// The service being qualified.
    pub fn service(&self) -> &Service {
        &self.state.service
    }

    /// Where it stands.
    pub fn stage(&self) -> Stage {
        self.state.stage
    }

    /// The concluded service qualification.
    pub fn service_qualification(&self) -> Option<&ServiceQualification> {
        self.state.service_qualification.as_ref()
    }

    /// The tier: the one the sponsor confirmed, otherwise the current submission's.
    pub fn tier(&self) -> Option<Tier> {
        self.tier_source().map(|(tier, _)| tier)
    }

    /// The tier and where it comes from.
    pub fn tier_source(&self) -> Option<(Tier, TierSource)> {
        if let Some(confirmed) = &self.state.confirmed_tier {
            return Some((confirmed.tier, TierSource::Sponsor));
        }
        self.current_submission().map(|submission| {
            (
                submission.tier,
                TierSource::Submission {
                    digest: submission.digest,
                },
            )
        })
    }

    /// The tiering inputs the sponsor confirmed.
    pub fn confirmed_tier(&self) -> Option<&ConfirmedTier> {
        self.state.confirmed_tier.as_ref()
    }

    /// The pinned key and the history of its replacements.
    pub fn keys(&self) -> &PinnedKeys {
        &self.state.keys
    }

    /// Every submission received, oldest first.
    pub fn submissions(&self) -> &[ReceivedSubmission] {
        &self.state.submissions
    }

    /// The submission received last: the one under evaluation or last evaluated.
    pub fn current_submission(&self) -> Option<&Submission> {
        self.state
            .submissions
            .last()
            .map(|received| &received.submission)
    }

    /// Every decision, oldest first.
    pub fn decisions(&self) -> &[RecordedDecision] {
        &self.state.decisions
    }

    /// The decision on the current submission, if it was decided.
    pub fn current_decision(&self) -> Option<&RecordedDecision> {
        let current = self.current_submission()?.digest;
        self.state
            .decisions
            .iter()
            .rev()
            .find(|decision| decision.submission == current)
    }

    /// The last decision, whatever submission it was on.
    pub fn latest_decision(&self) -> Option<&RecordedDecision> {
        self.state.decisions.last()
    }

    /// Every business risk acceptance, oldest first.
    pub fn risk_acceptances(&self) -> &[RecordedRiskAcceptance] {
        &self.state.risk_acceptances
    }

    /// A risk acceptance for the latest decided submission that is in force on `today`.
    pub fn risk_acceptance_in_force(&self, today: Date) -> Option<&RecordedRiskAcceptance> {
        let decided = self.latest_decision()?.submission;
        self.state
            .risk_acceptances
            .iter()
            .rev()
            .find(|risk| risk.submission == decided && risk.acceptance.is_in_force(today))
    }

    /// The corrective-action plan, every item ever planned, by number.
    pub fn plan(&self) -> &[PlanItem] {
        &self.state.plan
    }

    /// The plan item with this number.
    pub fn plan_item(&self, id: u32) -> Option<&PlanItem> {
        self.state.plan.iter().find(|item| item.id == id)
    }

    /// Whether a plan item answers an earlier decision than the latest one: a new decision
    /// sets its own plan, which supersedes what was still open in the earlier ones. The item
    /// stays in [`VendorRecord::plan`] and its history in the trail.
    pub fn is_superseded(&self, item: &PlanItem) -> bool {
        let Some((latest, earlier)) = self.state.decisions.split_last() else {
            return false;
        };
        item.submission != latest.submission
            && earlier
                .iter()
                .any(|decision| decision.submission == item.submission)
    }

    /// The plan items that count now: every item not [superseded](Self::is_superseded).
    pub fn current_plan(&self) -> impl Iterator<Item = &PlanItem> {
        self.state
            .plan
            .iter()
            .filter(|item| !self.is_superseded(item))
    }

    /// How many corrective actions of the current plan are open or in progress.
    pub fn open_actions(&self) -> usize {
        self.current_plan().filter(|item| item.is_open()).count()
    }

    /// How many of them are open or in progress after their due date, for someone whose
    /// local date is `today`.
    pub fn overdue_actions(&self, today: Date) -> usize {
        self.current_plan()
            .filter(|item| item.is_overdue(today))
            .count()
    }

    /// The contract.
    pub fn contract(&self) -> Option<&Contract> {
        self.state.contract.as_ref()
    }

    /// The periods in which services ran, oldest first.
    pub fn service_periods(&self) -> &[ServicePeriod] {
        &self.state.service_periods
    }

    /// The audits of the vendor, in the order recorded.
    pub fn audits(&self) -> &[VendorAudit] {
        &self.state.audits
    }

    /// The audit trail.
    pub fn trail(&self) -> &AuditTrail {
        &self.trail
    }

    /// The date the vendor must be assessed again by: the last decision's date plus its
    /// tier's interval, or the end of a business risk acceptance for that submission if it
    /// comes sooner. `None` before any decision, and while a rejection stops the vendor: what
    /// it needs then is a new assessment, not one on a date.
    pub fn next_reassessment(&self) -> Option<Date> {
        if self.state.stage == Stage::Stopped {
            return None;
        }
        let decision = self.latest_decision()?;
        let risk_ends = self
            .state
            .risk_acceptances
            .iter()
            .filter(|risk| risk.submission == decision.submission)
            .map(|risk| risk.acceptance.expires_on())
            .max();
        Some(match risk_ends {
            Some(expires_on) => expires_on.min(decision.reassess_by),
            None => decision.reassess_by,
        })
    }

    /// Whether the re-assessment date has passed for someone whose local date is `today`.
    pub fn is_reassessment_overdue(&self, today: Date) -> bool {
        self.next_reassessment().is_some_and(|due| today > due)
    }

    /// What the guards of the later steps know: the accepting decision and the risk
    /// acceptances for the current submission, and the contract.
    pub fn standing(&self) -> Standing {
        let current = self
            .current_submission()
            .map(|submission| submission.digest);
        Standing {
            accepted_on: self
                .current_decision()
                .filter(|decision| decision.is_accepting())
                .map(|decision| decision.decided_on),
            risk_acceptances: self
                .state
                .risk_acceptances
                .iter()
                .filter(|risk| Some(risk.submission) == current)
                .map(|risk| risk.acceptance.clone())
                .collect(),
            contract_signed_on: self.state.contract.as_ref().map(|c| c.signed_on),
        }
    }

    /// The breaks of the trail, as found when it was loaded (appending adds none). Empty
    /// when the chain is intact.
    pub fn chain_breaks(&self) -> &[ChainBreak] {
        &self.breaks
    }

    /// The first break of the trail, as found when it was loaded.
    pub(super) fn first_break(&self) -> Result<(), ChainBreak> {
        match self.breaks.first() {
            Some(first) => Err(first.clone()),
            None => Ok(()),
        }
    }

    /// The trail's breaks that no later entry acknowledges.
    fn unacknowledged_breaks(&self) -> Vec<ChainBreak> {
        self.trail.unacknowledged_among(&self.breaks)
    }

    pub(super) fn parts(&self) -> (&VendorId, &VendorState, &AuditTrail) {
        (&self.id, &self.state, &self.trail)
    }

    /// Rebuilds a record by replaying `trail`, exactly as stored.
    pub(super) fn replay(id: VendorId, trail: AuditTrail) -> VendorRecord {
        let mut state = VendorState::default();
        for entry in trail.entries() {
            state.fold(entry);
        }
        let breaks = trail.breaks();
        VendorRecord {
            id,
            state,
            trail,
            breaks,
        }
    }

    /// Appends the entry and replays it: the only place the facts change.
    fn commit(
        &mut self,
        event: AuditEvent,
        to: Stage,
        by: Attribution,
    ) -> Result<&AuditEntry, WorkflowError> {
        let who = clean(&by.who);
        if who.is_empty() {
            return Err(WorkflowError::WhoMissing);
        }
        let from = self.state.stage;
        let step = (to != from).then_some(StepMove { from, to });
        let entry = self.trail.append(who, by.at, event, step, clean(&by.why));
        self.state.fold(entry);
        Ok(entry)
    }

    /// The guards: the event the command makes and the stage it leads to, or the refusal.
    fn check(&self, command: Command, why: &str) -> Result<(AuditEvent, Stage), WorkflowError> {
        let stage = self.state.stage;
        match command {
            Command::UpdateIdentity {
                organisation,
                service,
            } => Ok((
                AuditEvent::IdentityUpdated {
                    organisation: organisation.normalised(),
                    service: service.normalised(),
                },
                stage,
            )),
            Command::CompleteIdentification => {
                let to =
                    stage.complete_identification(&self.state.organisation, &self.state.service)?;
                Ok((AuditEvent::IdentificationCompleted, to))
            }
            Command::ConcludeServiceQualification(qualification) => {
                let qualification = qualification.normalised();
                let to = stage.conclude_service_qualification(&qualification)?;
                Ok((
                    AuditEvent::ServiceQualificationConcluded { qualification },
                    to,
                ))
            }
            Command::ConfirmTier(inputs) => Ok((self.confirm_tier(inputs), stage)),
            Command::PinKey {
                fingerprint,
                source,
            } => {
                if let Some(pinned) = self.state.keys.fingerprint() {
                    return Err(if pinned == fingerprint {
                        WorkflowError::SameKey { fingerprint }
                    } else {
                        WorkflowError::KeyAlreadyPinned {
                            pinned,
                            offered: fingerprint,
                        }
                    });
                }
                Ok((
                    AuditEvent::KeyPinned {
                        fingerprint,
                        source,
                    },
                    stage,
                ))
            }
            Command::ReplaceKey {
                fingerprint,
                source,
            } => {
                let Some(replaced) = self.state.keys.fingerprint() else {
                    return Err(WorkflowError::NoKeyToReplace);
                };
                if replaced == fingerprint {
                    return Err(WorkflowError::SameKey { fingerprint });
                }
                if why.is_empty() {
                    return Err(WorkflowError::ReasonRequired {
                        action: "replacing the pinned key",
                    });
                }
                Ok((
                    AuditEvent::KeyReplaced {
                        replaced,
                        replacement: fingerprint,
                        source,
                    },
                    stage,
                ))
            }
            Command::ReceiveSubmission(submission) => self.receive(submission),
            Command::Decide(decision) => self.decide(decision),
            Command::AcceptRisk {
                submission,
                acceptance,
            } => self.accept_risk(submission, acceptance),
            Command::SignContract(contract) => {
                let to = stage.sign_contract(contract.signed_on, &self.standing())?;
                let reference = clean(&contract.reference);
                if reference.is_empty() {
                    return Err(WorkflowError::Missing {
                        field: "contract reference",
                    });
                }
                let contract = Contract {
                    signed_on: contract.signed_on,
                    reference,
                };
                Ok((AuditEvent::ContractSigned { contract }, to))
            }
            Command::StartServices { on } => {
                let to = stage.start_services(on, &self.standing())?;
                Ok((AuditEvent::ServicesStarted { started_on: on }, to))
            }
            Command::CorrectContract(contract) => self.correct_contract(contract, why),
            Command::CorrectServiceStart { on } => self.correct_service_start(on, why),
            Command::AddPlanItem(draft) => {
                let Some(current) = self.current_submission() else {
                    return Err(WorkflowError::NoSubmission { stage });
                };
                let mut items = self.number_plan(current.digest, &[draft])?;
                let item = items.remove(0);
                Ok((AuditEvent::PlanItemAdded { item }, stage))
            }
            Command::ChangePlanItem { id, change } => {
                let change = self.plan_change(id, change, why)?;
                Ok((AuditEvent::PlanItemChanged { id, change }, stage))
            }
            Command::RecordAudit(audit) => {
                let audit = VendorAudit {
                    notes: clean(&audit.notes),
                    ..audit
                };
                Ok((AuditEvent::VendorAuditRecorded { audit }, stage))
            }
            Command::AcknowledgeChainBreak { index } => {
                let known = self
                    .unacknowledged_breaks()
                    .iter()
                    .any(|chain_break| chain_break.index == index);
                if !known {
                    return Err(WorkflowError::NoSuchBreak { index });
                }
                if why.is_empty() {
                    return Err(WorkflowError::ReasonRequired {
                        action: "acknowledging a break in the audit trail",
                    });
                }
                Ok((AuditEvent::ChainBreakAcknowledged { index }, stage))
            }
        }
    }

    /// A contract corrected stays dated on or after what allowed it (any accepting decision
    /// or risk acceptance of the vendor's history, since a re-assessment may have come since)
    /// and on or before the first start of services.
    fn correct_contract(
        &self,
        contract: Contract,
        why: &str,
    ) -> Result<(AuditEvent, Stage), WorkflowError> {
        let what = "contract";
        let Some(was) = self.state.contract.clone() else {
            return Err(WorkflowError::NothingRecorded { what });
        };
        if why.is_empty() {
            return Err(WorkflowError::ReasonRequired {
                action: "correcting the contract",
            });
        }
        let now = Contract {
            signed_on: contract.signed_on,
            reference: clean(&contract.reference),
        };
        if now.reference.is_empty() {
            return Err(WorkflowError::Missing {
                field: "contract reference",
            });
        }
        if now == was {
            return Err(WorkflowError::CorrectionChangesNothing { what });
        }
        if let Some(first) = self.state.service_periods.first()
            && now.signed_on > first.started_on
        {
            return Err(WorkflowError::ContractAfterStart {
                signed_on: now.signed_on,
                started_on: first.started_on,
            });
        }
        self.whole_history()
            .basis_on(now.signed_on, Action::SignContract)?;
        Ok((AuditEvent::ContractCorrected { was, now }, self.state.stage))
    }

    /// A start corrected stays within its period: on or after the contract, on or before
    /// the day a rejection stopped it.
    fn correct_service_start(
        &self,
        on: Date,
        why: &str,
    ) -> Result<(AuditEvent, Stage), WorkflowError> {
        let what = "start of services";
        let Some(period) = self.state.service_periods.last() else {
            return Err(WorkflowError::NothingRecorded { what });
        };
        if why.is_empty() {
            return Err(WorkflowError::ReasonRequired {
                action: "correcting the start of services",
            });
        }
        if on == period.started_on {
            return Err(WorkflowError::CorrectionChangesNothing { what });
        }
        if let Some(contract) = &self.state.contract
            && on < contract.signed_on
        {
            return Err(WorkflowError::StartBeforeContract {
                on,
                signed_on: contract.signed_on,
            });
        }
        if let Some(stopped_on) = period.stopped_on
            && on > stopped_on
        {
            return Err(WorkflowError::StartAfterStop { on, stopped_on });
        }
        self.whole_history().basis_on(on, Action::StartServices)?;
        Ok((
            AuditEvent::ServiceStartCorrected {
                was: period.started_on,
                now: on,
            },
            self.state.stage,
        ))
    }

    /// What allowed the later steps at any time: the first accepting decision and every
    /// risk acceptance, whatever submission they were for.
    fn whole_history(&self) -> Standing {
        Standing {
            accepted_on: self
                .state
                .decisions
                .iter()
                .filter(|decision| decision.is_accepting())
                .map(|decision| decision.decided_on)
                .min(),
            risk_acceptances: self
                .state
                .risk_acceptances
                .iter()
                .map(|risk| risk.acceptance.clone())
                .collect(),
            contract_signed_on: self.state.contract.as_ref().map(|c| c.signed_on),
        }
    }

    fn confirm_tier(&self, inputs: TieringInputs) -> AuditEvent {
        let tier = decide_tier(&inputs).tier;
        AuditEvent::TierConfirmed { inputs, tier }
    }

    fn receive(&self, submission: Submission) -> Result<(AuditEvent, Stage), WorkflowError> {
        // A file imported again is recognised first, whatever the stage: re-importing is not
        // a step out of order.
        if let Some(known) = self
            .state
            .submissions
            .iter()
            .find(|received| received.submission.digest == submission.digest)
        {
            return Err(WorkflowError::AlreadyReceived {
                digest: submission.digest,
                received_at: known.submission.received_at,
            });
        }
        let to = self.state.stage.receive_submission()?;
        let Some(pinned) = self.state.keys.fingerprint() else {
            return Err(WorkflowError::NoPinnedKey);
        };
        if submission.signed_by != pinned {
            return Err(WorkflowError::SignedByAnotherKey {
                signer: submission.signed_by,
                pinned,
            });
        }
        let assessment_id = clean(&submission.assessment_id);
        if assessment_id.is_empty() {
            return Err(WorkflowError::Missing {
                field: "assessment id",
            });
        }
        if submission.revision == 0 {
            return Err(WorkflowError::InvalidRevision {
                revision: submission.revision,
            });
        }
        for score in [&submission.claimed_score, &submission.score]
            .into_iter()
            .flatten()
        {
            if !is_decimal(score) {
                return Err(WorkflowError::InvalidScore {
                    score: score.clone(),
                });
            }
        }
        let latest = self
            .state
            .submissions
            .iter()
            .filter(|received| received.submission.assessment_id == assessment_id)
            .map(|received| received.submission.revision)
            .max();
        if let Some(latest) = latest
            && submission.revision <= latest
        {
            return Err(WorkflowError::NotNewerRevision {
                assessment_id,
                revision: submission.revision,
                latest,
            });
        }
        let previous = self.current_submission().map(|current| current.digest);
        let received = ReceivedSubmission {
            submission: Submission {
                assessment_id,
                ..submission
            },
            previous,
        };
        Ok((AuditEvent::SubmissionReceived { received }, to))
    }

    fn decide(&self, decision: Decision) -> Result<(AuditEvent, Stage), WorkflowError> {
        let stage = self.state.stage;
        let to = stage.decide(decision.outcome, decision.decided_on, &self.standing())?;
        let Some(current) = self.current_submission() else {
            return Err(WorkflowError::NoSubmission { stage });
        };
        if decision.submission != current.digest {
            return Err(WorkflowError::NotTheCurrentSubmission {
                named: decision.submission,
                current: current.digest,
            });
        }
        // Outcomes order from worst to best: a sponsor may be stricter than the rule, and
        // goes beyond it only through a recorded risk acceptance.
        if decision.outcome > current.recomputed_outcome {
            return Err(WorkflowError::DecisionBetterThanOutcome {
                decided: decision.outcome,
                computed: current.recomputed_outcome,
            });
        }
        let reasons: Vec<String> = decision
            .reasons
            .iter()
            .map(|reason| clean(reason))
            .filter(|reason| !reason.is_empty())
            .collect();
        if reasons.is_empty() {
            return Err(WorkflowError::ReasonsMissing);
        }
        if decision.outcome == Outcome::AcceptedWithCorrectiveActions && decision.plan.is_empty() {
            return Err(WorkflowError::PlanMissing);
        }
        let plan = self.number_plan(current.digest, &decision.plan)?;
        let tier = self.tier().unwrap_or(current.tier);
        let reassess_by = decision
            .decided_on
            .checked_add(i64::from(tier.reassessment_months()).months())
            .unwrap_or(Date::MAX);
        let recorded = RecordedDecision {
            submission: current.digest,
            outcome: decision.outcome,
            decided_on: decision.decided_on,
            reasons,
            tier,
            reassess_by,
            plan_items: plan.iter().map(|item| item.id).collect(),
        };
        Ok((
            AuditEvent::DecisionRecorded {
                decision: recorded,
                plan,
            },
            to,
        ))
    }

    fn accept_risk(
        &self,
        submission: Digest,
        acceptance: RiskAcceptance,
    ) -> Result<(AuditEvent, Stage), WorkflowError> {
        let stage = self.state.stage;
        let to = stage.accept_risk(&self.standing())?;
        let Some(current) = self.current_submission() else {
            return Err(WorkflowError::NoSubmission { stage });
        };
        if submission != current.digest {
            return Err(WorkflowError::NotTheCurrentSubmission {
                named: submission,
                current: current.digest,
            });
        }
        if acceptance.outcome() != current.recomputed_outcome {
            return Err(WorkflowError::RiskAcceptanceForAnotherOutcome {
                accepted: acceptance.outcome(),
                computed: current.recomputed_outcome,
            });
        }
        if acceptance.pack_digest() != current.pack_digest {
            return Err(WorkflowError::RiskAcceptanceForAnotherPack {
                accepted: acceptance.pack_digest(),
                evaluated: current.pack_digest,
            });
        }
        let risk = RecordedRiskAcceptance {
            submission,
            acceptance,
        };
        Ok((AuditEvent::RiskAccepted { risk }, to))
    }

    /// Checks and numbers plan drafts, after the last number used.
    fn number_plan(
        &self,
        submission: Digest,
        drafts: &[PlanItemDraft],
    ) -> Result<Vec<PlanItem>, WorkflowError> {
        let mut next = self.state.next_plan_id();
        let mut items = Vec::with_capacity(drafts.len());
        for (position, draft) in drafts.iter().enumerate() {
            let draft = draft.normalised();
            let missing = |field| WorkflowError::PlanItemIncomplete {
                position: position + 1,
                question: draft.question.as_ref().map(ToString::to_string),
                field,
            };
            if draft.item.is_empty() {
                return Err(missing("action"));
            }
            if draft.owner.is_empty() {
                return Err(missing("owner"));
            }
            items.push(PlanItem {
                id: next,
                submission,
                item: draft.item,
                question: draft.question,
                owner: draft.owner,
                due_on: draft.due_on,
                status: crate::assessment::ActionStatus::Open,
            });
            next = next.saturating_add(1);
        }
        Ok(items)
    }

    /// The part of `change` that changes something, checked.
    fn plan_change(
        &self,
        id: u32,
        change: PlanChange,
        why: &str,
    ) -> Result<PlanChange, WorkflowError> {
        let Some(item) = self.plan_item(id) else {
            return Err(WorkflowError::UnknownPlanItem { id });
        };
        let owner = change.owner.map(|owner| clean(&owner));
        if owner.as_deref() == Some("") {
            return Err(WorkflowError::Missing { field: "owner" });
        }
        let effective = PlanChange {
            status: change.status.filter(|status| *status != item.status),
            owner: owner.filter(|owner| *owner != item.owner),
            due_on: change.due_on.filter(|due_on| *due_on != item.due_on),
        };
        if effective == PlanChange::default() {
            return Err(WorkflowError::NothingToChange { id });
        }
        if effective.due_on.is_some() && why.is_empty() {
            return Err(WorkflowError::ReasonRequired {
                action: "moving a corrective action's due date",
            });
        }
        Ok(effective)
    }
}

/// Where a vendor's tier comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TierSource {
    /// The sponsor confirmed the tiering inputs.
    Sponsor,
    /// The current submission, as the CRO tiered itself.
    Submission {
        /// That submission.
        digest: Digest,
    },
}

/// Tiering inputs the sponsor confirmed, and the tier they give.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfirmedTier {
    /// The inputs.
    pub inputs: TieringInputs,
    /// The tier.
    pub tier: Tier,
}

/// The facts of a record: what replaying its trail gives.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct VendorState {
    pub(super) organisation: Organisation,
    pub(super) service: Service,
    pub(super) stage: Stage,
    pub(super) service_qualification: Option<ServiceQualification>,
    pub(super) confirmed_tier: Option<ConfirmedTier>,
    pub(super) keys: PinnedKeys,
    pub(super) submissions: Vec<ReceivedSubmission>,
    pub(super) decisions: Vec<RecordedDecision>,
    pub(super) risk_acceptances: Vec<RecordedRiskAcceptance>,
    pub(super) plan: Vec<PlanItem>,
    pub(super) contract: Option<Contract>,
    pub(super) service_periods: Vec<ServicePeriod>,
    pub(super) audits: Vec<VendorAudit>,
}

impl VendorState {
    /// The names of the fields whose values differ from `other`'s.
    pub(super) fn differences(&self, other: &VendorState) -> Vec<&'static str> {
        let mut fields = Vec::new();
        let mut compare = |name, same: bool| {
            if !same {
                fields.push(name);
            }
        };
        compare("organisation", self.organisation == other.organisation);
        compare("service", self.service == other.service);
        compare("stage", self.stage == other.stage);
        compare(
            "service_qualification",
            self.service_qualification == other.service_qualification,
        );
        compare(
            "confirmed_tier",
            self.confirmed_tier == other.confirmed_tier,
        );
        compare("keys", self.keys == other.keys);
        compare("submissions", self.submissions == other.submissions);
        compare("decisions", self.decisions == other.decisions);
        compare(
            "risk_acceptances",
            self.risk_acceptances == other.risk_acceptances,
        );
        compare("plan", self.plan == other.plan);
        compare("contract", self.contract == other.contract);
        compare(
            "service_periods",
            self.service_periods == other.service_periods,
        );
        compare("audits", self.audits == other.audits);
        fields
    }

    fn next_plan_id(&self) -> u32 {
        self.plan
            .iter()
            .map(|item| item.id)
            .max()
            .map_or(1, |id| id.saturating_add(1))
    }

    /// Replays one entry. Never fails: an entry that no longer makes sense (in a trail
    /// changed by hand) changes what it can, and the chain check reports it.
    fn fold(&mut self, entry: &AuditEntry) {
        match &entry.event {
            AuditEvent::VendorCreated {
                organisation,
                service,
                ..
            }
            | AuditEvent::IdentityUpdated {
                organisation,
                service,
            } => {
                self.organisation = organisation.clone();
                self.service = service.clone();
            }
            AuditEvent::IdentificationCompleted | AuditEvent::ChainBreakAcknowledged { .. } => {}
            AuditEvent::ServiceQualificationConcluded { qualification } => {
                self.service_qualification = Some(qualification.clone());
            }
            AuditEvent::TierConfirmed { inputs, tier } => {
                self.confirmed_tier = Some(ConfirmedTier {
                    inputs: inputs.clone(),
                    tier: *tier,
                });
            }
            AuditEvent::KeyPinned {
                fingerprint,
                source,
            } => {
                self.keys.current = Some(PinnedKey {
                    fingerprint: *fingerprint,
                    source: *source,
                    pinned_by: entry.who.clone(),
                    pinned_at: entry.at,
                });
            }
            AuditEvent::KeyReplaced {
                replaced,
                replacement,
                source,
            } => {
                let old = self.keys.current.take().unwrap_or(PinnedKey {
                    fingerprint: *replaced,
                    source: *source,
                    pinned_by: String::new(),
                    pinned_at: entry.at,
                });
                self.keys.replacements.push(KeyReplacement {
                    replaced: old,
                    replacement: *replacement,
                    decided_by: entry.who.clone(),
                    decided_at: entry.at,
                    why: entry.why.clone(),
                });
                self.keys.current = Some(PinnedKey {
                    fingerprint: *replacement,
                    source: *source,
                    pinned_by: entry.who.clone(),
                    pinned_at: entry.at,
                });
            }
            AuditEvent::SubmissionReceived { received } => {
                self.submissions.push(received.clone());
            }
            AuditEvent::DecisionRecorded { decision, plan } => {
                self.decisions.push(decision.clone());
                self.plan.extend(plan.iter().cloned());
                // A rejection that stops a vendor in service ends its period of service.
                if entry.step.is_some_and(|step| step.to == Stage::Stopped)
                    && let Some(period) = self.service_periods.last_mut()
                    && period.stopped_on.is_none()
                {
                    period.stopped_on = Some(decision.decided_on);
                }
            }
            AuditEvent::RiskAccepted { risk } => self.risk_acceptances.push(risk.clone()),
            AuditEvent::ContractSigned { contract } => self.contract = Some(contract.clone()),
            AuditEvent::ServicesStarted { started_on } => {
                self.service_periods.push(ServicePeriod {
                    started_on: *started_on,
                    stopped_on: None,
                });
            }
            AuditEvent::ContractCorrected { now, .. } => self.contract = Some(now.clone()),
            AuditEvent::ServiceStartCorrected { now, .. } => {
                if let Some(period) = self.service_periods.last_mut() {
                    period.started_on = *now;
                }
            }
            AuditEvent::PlanItemAdded { item } => self.plan.push(item.clone()),
            AuditEvent::PlanItemChanged { id, change } => {
                if let Some(item) = self.plan.iter_mut().find(|item| item.id == *id) {
                    if let Some(status) = change.status {
                        item.status = status;
                    }
                    if let Some(owner) = &change.owner {
                        item.owner = owner.clone();
                    }
                    if let Some(due_on) = change.due_on {
                        item.due_on = due_on;
                    }
                }
            }
            AuditEvent::VendorAuditRecorded { audit } => self.audits.push(audit.clone()),
        }
        if let Some(step) = entry.step {
            self.stage = step.to;
        }
    }
}

/// The date of a step that records something already done, and what it is, for
/// [`not_in_future`].
fn dated(command: &Command) -> Option<(&'static str, Date)> {
    match command {
        Command::SignContract(contract) => Some(("the contract signed", contract.signed_on)),
        Command::StartServices { on } | Command::CorrectServiceStart { on } => {
            Some(("the start of services", *on))
        }
        Command::CorrectContract(contract) => Some(("the contract signed", contract.signed_on)),
        _ => None,
    }
}

/// Refuses a contract signed, or services started, after the day the change is recorded: a
/// date typed wrong there would stop the vendor for good, since neither step is taken twice.
/// The day is the UTC date of `at`, with one day of grace for people east of Greenwich.
fn not_in_future(what: &'static str, date: Date, at: jiff::Timestamp) -> Result<(), WorkflowError> {
    let today = jiff::tz::Offset::UTC.to_datetime(at).date();
    if date > today.tomorrow().unwrap_or(Date::MAX) {
        return Err(WorkflowError::DateInFuture { what, date, today });
    }
    Ok(())
}
