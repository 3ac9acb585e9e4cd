//! Why the workflow refuses a change, in words a qualification lead acts on.

use std::fmt;

use jiff::Timestamp;
use jiff::civil::Date;

use super::{AgreementStatus, ChainBreak, Stage};
use crate::assessment::Outcome;
use crate::attest::Digest;
use crate::attest::keys::Fingerprint;
use crate::organisation::IdentityProblem;

/// A refused change. Nothing was changed and nothing was added to the audit trail.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    /// The person making the change did not give their name.
    #[error("who makes this change is missing: type your name")]
    WhoMissing,
    /// The audit trail has a break nobody acknowledged.
    #[error("{at}: acknowledge the break, saying why, before recording anything else")]
    TrailBroken {
        /// The first unacknowledged break.
        at: ChainBreak,
    },
    /// An acknowledgement names an entry that is not an unacknowledged break.
    #[error("entry {index} of the audit trail is not an unacknowledged break")]
    NoSuchBreak {
        /// The entry named.
        index: usize,
    },
    /// A change that needs a reason came without one.
    #[error("{action} needs a reason: say why")]
    ReasonRequired {
        /// The change, for people.
        action: &'static str,
    },
    /// A date of something done that lies after the day the change is recorded.
    #[error("{what} on {date} is in the future (today is {today}): record it once it happened")]
    DateInFuture {
        /// What happened, for people.
        what: &'static str,
        /// The date given.
        date: Date,
        /// The day the change is recorded.
        today: Date,
    },
    /// A required text is blank.
    #[error("the {field} is empty")]
    Missing {
        /// The field, for people.
        field: &'static str,
    },
    /// A step taken out of its order.
    #[error(
        "{action} is out of order: the vendor is at {stage}, where the next step is {next}",
        next = .stage.next_step()
    )]
    OutOfOrder {
        /// The step attempted.
        action: Action,
        /// Where the vendor is.
        stage: Stage,
    },
    /// The identity lacks something that identification needs.
    #[error("the CRO's identification is not complete: {}", list(.problems))]
    IdentityIncomplete {
        /// Everything missing or malformed.
        problems: Vec<IdentityProblem>,
    },
    /// Service qualification attempted before identification.
    #[error("the service qualification cannot start before the CRO's identification is complete")]
    IdentificationNotComplete,
    /// The service qualification has no conclusion.
    #[error(
        "the service qualification has no conclusion yet: the cybersecurity assessment starts once it concludes that the service qualifies"
    )]
    ServiceQualificationPending,
    /// The service qualification concluded that the service does not qualify.
    #[error(
        "the service qualification concluded that the service does not qualify: no cybersecurity assessment follows"
    )]
    ServiceNotQualified,
    /// Personal data is processed without a signed data-processing agreement.
    #[error(
        "the service processes personal data but its data-processing agreement is {status}: it must be signed before the cybersecurity assessment"
    )]
    DataProcessingAgreementNotSigned {
        /// Where the agreement stands.
        status: AgreementStatus,
    },
    /// A submission arrived before the cybersecurity assessment step.
    #[error(
        "a submission cannot be received before the service qualification is concluded: the vendor is at {stage}"
    )]
    AssessmentNotStarted {
        /// Where the vendor is.
        stage: Stage,
    },
    /// A submission arrived while no key is pinned.
    #[error(
        "no key is pinned for this vendor: pin its key (from its public key file or its confirmed fingerprint) before receiving its submissions"
    )]
    NoPinnedKey,
    /// A submission is signed with another key than the pinned one.
    #[error(
        "the submission is signed with key {signer}, not with the key pinned for this vendor ({pinned}): a key change needs an explicit decision"
    )]
    SignedByAnotherKey {
        /// The key that signed.
        signer: Fingerprint,
        /// The pinned key.
        pinned: Fingerprint,
    },
    /// The same submission was received before.
    #[error("submission {digest} was already received on {received_at}")]
    AlreadyReceived {
        /// Its digest.
        digest: Digest,
        /// When it was first received.
        received_at: Timestamp,
    },
    /// An older or equal revision of an assessment already received.
    #[error(
        "revision {revision} of assessment {assessment_id:?} is not newer than revision {latest}, already received"
    )]
    NotNewerRevision {
        /// The assessment.
        assessment_id: String,
        /// The revision offered.
        revision: u32,
        /// The latest revision received.
        latest: u32,
    },
    /// Revision 0.
    #[error("revision {revision} is not a revision number: revisions count from 1")]
    InvalidRevision {
        /// The revision given.
        revision: u32,
    },
    /// A score that is not a decimal string.
    #[error("score {score:?} is not a decimal percentage such as \"72.5\"")]
    InvalidScore {
        /// What was given.
        score: String,
    },
    /// No verified submission has been received.
    #[error("there is no verified submission to evaluate: the vendor is at {stage}")]
    NoSubmission {
        /// Where the vendor is.
        stage: Stage,
    },
    /// A decision or risk acceptance names another submission than the current one.
    #[error("this is about submission {named}, but the current submission is {current}")]
    NotTheCurrentSubmission {
        /// The submission named.
        named: Digest,
        /// The current submission.
        current: Digest,
    },
    /// A decision better than the outcome the sponsor recomputed.
    #[error(
        "the decision ({decided}) cannot be better than the recomputed outcome ({computed}): record a business risk acceptance instead"
    )]
    DecisionBetterThanOutcome {
        /// What was decided.
        decided: Outcome,
        /// What was recomputed.
        computed: Outcome,
    },
    /// A decision without a reason.
    #[error("a decision needs at least one reason")]
    ReasonsMissing,
    /// Accepted with corrective actions, but no plan.
    #[error(
        "a decision of accepted with corrective actions needs a corrective-action plan with at least one item"
    )]
    PlanMissing,
    /// A plan item lacks a required text.
    #[error(
        "corrective action {position}{} has no {field}",
        .question.as_ref().map(|question| format!(" ({question})")).unwrap_or_default()
    )]
    PlanItemIncomplete {
        /// Its position in the plan given, from 1.
        position: usize,
        /// The question it closes a gap on, if it names one.
        question: Option<String>,
        /// The missing field.
        field: &'static str,
    },
    /// A second decision on the same submission.
    #[error(
        "the current submission was already decided: a new decision needs a new submission (the vendor is at {stage})"
    )]
    AlreadyDecided {
        /// Where the vendor is.
        stage: Stage,
    },
    /// The vendor was rejected.
    #[error(
        "the vendor was rejected and stays stopped until a new assessment arrives or a business risk acceptance is recorded"
    )]
    VendorStopped,
    /// A risk acceptance made for an evaluation with another outcome.
    #[error(
        "the risk acceptance accepts an outcome of {accepted}, but the current submission's recomputed outcome is {computed}"
    )]
    RiskAcceptanceForAnotherOutcome {
        /// The outcome it accepts.
        accepted: Outcome,
        /// The current submission's recomputed outcome.
        computed: Outcome,
    },
    /// A risk acceptance made for an evaluation with another pack.
    #[error(
        "the risk acceptance was made for an evaluation with pack {accepted}, but the current submission was evaluated with pack {evaluated}"
    )]
    RiskAcceptanceForAnotherPack {
        /// The pack it names.
        accepted: Digest,
        /// The current submission's pack.
        evaluated: Digest,
    },
    /// A contract before an accepting evaluation or a risk acceptance.
    #[error(
        "the contract cannot be signed before an evaluation that accepted the vendor (with or without corrective actions) or a business risk acceptance in force: the vendor is at {stage}"
    )]
    ContractBeforeAcceptance {
        /// Where the vendor is.
        stage: Stage,
    },
    /// A second contract.
    #[error("the contract was already signed on {signed_on}")]
    ContractAlreadySigned {
        /// The first contract's date.
        signed_on: Date,
    },
    /// A date before the accepting decision.
    #[error(
        "{on} is before the evaluation decision of {decided_on}: {action} on that date is refused"
    )]
    DatedBeforeDecision {
        /// The step.
        action: Action,
        /// Its date.
        on: Date,
        /// The decision's date.
        decided_on: Date,
    },
    /// The only risk acceptance is not in force on the date.
    #[error(
        "the business risk acceptance is in force from {accepted_on} to {expires_on}, not on {on}: {action} on that date is refused"
    )]
    RiskAcceptanceNotInForce {
        /// The step.
        action: Action,
        /// Its date.
        on: Date,
        /// The acceptance's first day.
        accepted_on: Date,
        /// Its last day.
        expires_on: Date,
    },
    /// Neither an accepting decision nor a risk acceptance exists.
    #[error(
        "{action} needs an evaluation that accepted the vendor or a business risk acceptance in force, and there is neither"
    )]
    NoBasis {
        /// The step.
        action: Action,
    },
    /// Services before the contract.
    #[error("services cannot start before the contract is signed: the vendor is at {stage}")]
    ServicesBeforeContract {
        /// Where the vendor is.
        stage: Stage,
    },
    /// Services dated before the contract.
    #[error("services cannot start on {on}, before the contract signed on {signed_on}")]
    StartBeforeContract {
        /// The start date.
        on: Date,
        /// The contract's date.
        signed_on: Date,
    },
    /// A correction of something not recorded yet.
    #[error("there is no {what} to correct yet")]
    NothingRecorded {
        /// What the correction is about.
        what: &'static str,
    },
    /// A correction that changes nothing.
    #[error("the correction of the {what} changes nothing: it is already recorded so")]
    CorrectionChangesNothing {
        /// What the correction is about.
        what: &'static str,
    },
    /// A contract corrected to a date after services started.
    #[error("the contract cannot be dated {signed_on}, after services started on {started_on}")]
    ContractAfterStart {
        /// The corrected date.
        signed_on: Date,
        /// When services first started.
        started_on: Date,
    },
    /// A start of services corrected to a date after the period ended.
    #[error("services cannot have started on {on}, after they stopped on {stopped_on}")]
    StartAfterStop {
        /// The corrected date.
        on: Date,
        /// When the period ended.
        stopped_on: Date,
    },
    /// Services already run.
    #[error("services have already started: the vendor is at {stage}")]
    ServicesAlreadyStarted {
        /// Where the vendor is.
        stage: Stage,
    },
    /// Pinning or replacing with the key already pinned.
    #[error("key {fingerprint} is already the pinned key")]
    SameKey {
        /// The key.
        fingerprint: Fingerprint,
    },
    /// Pinning a second key without the explicit replacement.
    #[error(
        "key {pinned} is already pinned for this vendor: pinning {offered} instead is a key change, an explicit decision with a reason"
    )]
    KeyAlreadyPinned {
        /// The pinned key.
        pinned: Fingerprint,
        /// The key offered.
        offered: Fingerprint,
    },
    /// Replacing a key when none is pinned.
    #[error("no key is pinned yet: pin the vendor's first key instead of replacing one")]
    NoKeyToReplace,
    /// A plan item number that does not exist.
    #[error("there is no corrective action {id} in this vendor's plan")]
    UnknownPlanItem {
        /// The number given.
        id: u32,
    },
    /// A plan change that changes nothing.
    #[error("corrective action {id} already reads that way: nothing to change")]
    NothingToChange {
        /// The item.
        id: u32,
    },
}

/// A step of the workflow, named in refusals.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Completing the identification.
    CompleteIdentification,
    /// Concluding the service qualification.
    ConcludeServiceQualification,
    /// Receiving a submission.
    ReceiveSubmission,
    /// Recording the evaluation decision.
    Decide,
    /// Recording a business risk acceptance.
    AcceptRisk,
    /// Signing the contract.
    SignContract,
    /// Starting services.
    StartServices,
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Action::CompleteIdentification => "completing the identification",
            Action::ConcludeServiceQualification => "concluding the service qualification",
            Action::ReceiveSubmission => "receiving a submission",
            Action::Decide => "recording the evaluation decision",
            Action::AcceptRisk => "recording a business risk acceptance",
            Action::SignContract => "signing the contract",
            Action::StartServices => "starting services",
        })
    }
}

fn list(problems: &[IdentityProblem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}
