//! What a qualification lead reads when the workflow refuses something: every message, as is.

#[path = "support/vendors.rs"]
mod vendors;

use croqual::assessment::Outcome;
use croqual::attest::Digest;
use croqual::organisation::IdentityProblem;
use croqual::workflow::{
    Action, AgreementStatus, BreakProblem, ChainBreak, SnapshotError, Stage, WorkflowError,
};
use jiff::civil::date;
use vendors::{at, key, other_key};

#[test]
fn every_refusal_reads_as_a_sentence_naming_what_it_is_about() {
    let one = Digest::of(b"one");
    let two = Digest::of(b"two");
    let chain_break = ChainBreak {
        index: 3,
        problem: BreakProblem::OutOfSequence {
            expected: 3,
            found: 4,
        },
    };
    let cases: Vec<(WorkflowError, String)> = vec![
        (
            WorkflowError::WhoMissing,
            "who makes this change is missing: type your name".into(),
        ),
        (
            WorkflowError::TrailBroken { at: chain_break },
            "the audit trail is broken at entry 3: it is numbered 4 where 3 was expected: entries were removed, inserted or reordered: acknowledge the break, saying why, before recording anything else".into(),
        ),
        (
            WorkflowError::NoSuchBreak { index: 2 },
            "entry 2 of the audit trail is not an unacknowledged break".into(),
        ),
        (
            WorkflowError::ReasonRequired {
                action: "replacing the pinned key",
            },
            "replacing the pinned key needs a reason: say why".into(),
        ),
        (
            WorkflowError::Missing {
                field: "contract reference",
            },
            "the contract reference is empty".into(),
        ),
        (
            WorkflowError::OutOfOrder {
                action: Action::StartServices,
                stage: Stage::Evaluation,
            },
            "starting services is out of order: the vendor is at evaluation, where the next step is the evaluation decision".into(),
        ),
        (
            WorkflowError::IdentityIncomplete {
                problems: vec![IdentityProblem::Missing {
                    field: "legal name",
                }],
            },
            "the CRO's identification is not complete: legal name is empty".into(),
        ),
        (
            WorkflowError::IdentificationNotComplete,
            "the service qualification cannot start before the CRO's identification is complete".into(),
        ),
        (
            WorkflowError::ServiceQualificationPending,
            "the service qualification has no conclusion yet: the cybersecurity assessment starts once it concludes that the service qualifies".into(),
        ),
        (
            WorkflowError::ServiceNotQualified,
            "the service qualification concluded that the service does not qualify: no cybersecurity assessment follows".into(),
        ),
        (
            WorkflowError::DataProcessingAgreementNotSigned {
                status: AgreementStatus::NotStarted,
            },
            "the service processes personal data but its data-processing agreement is not started: it must be signed before the cybersecurity assessment".into(),
        ),
        (
            WorkflowError::AssessmentNotStarted {
                stage: Stage::ServiceQualification,
            },
            "a submission cannot be received before the service qualification is concluded: the vendor is at service qualification".into(),
        ),
        (
            WorkflowError::NoPinnedKey,
            "no key is pinned for this vendor: pin its key (from its public key file or its confirmed fingerprint) before receiving its submissions".into(),
        ),
        (
            WorkflowError::SignedByAnotherKey {
                signer: other_key(),
                pinned: key(),
            },
            format!(
                "the submission is signed with key {}, not with the key pinned for this vendor ({}): a key change needs an explicit decision",
                other_key(),
                key()
            ),
        ),
        (
            WorkflowError::AlreadyReceived {
                digest: one,
                received_at: at(),
            },
            format!("submission {one} was already received on 2025-06-02T09:30:00Z"),
        ),
        (
            WorkflowError::NotNewerRevision {
                assessment_id: "edc-2025".into(),
                revision: 1,
                latest: 2,
            },
            "revision 1 of assessment \"edc-2025\" is not newer than revision 2, already received".into(),
        ),
        (
            WorkflowError::InvalidRevision { revision: 0 },
            "revision 0 is not a revision number: revisions count from 1".into(),
        ),
        (
            WorkflowError::InvalidScore {
                score: "72,5".into(),
            },
            "score \"72,5\" is not a decimal percentage such as \"72.5\"".into(),
        ),
        (
            WorkflowError::NoSubmission {
                stage: Stage::CybersecurityAssessment,
            },
            "there is no verified submission to evaluate: the vendor is at cybersecurity assessment".into(),
        ),
        (
            WorkflowError::NotTheCurrentSubmission {
                named: one,
                current: two,
            },
            format!("this is about submission {one}, but the current submission is {two}"),
        ),
        (
            WorkflowError::DecisionBetterThanOutcome {
                decided: Outcome::AcceptedWithCorrectiveActions,
                computed: Outcome::Rejected,
            },
            "the decision (accepted with corrective actions) cannot be better than the recomputed outcome (rejected): record a business risk acceptance instead".into(),
        ),
        (
            WorkflowError::ReasonsMissing,
            "a decision needs at least one reason".into(),
        ),
        (
            WorkflowError::PlanMissing,
            "a decision of accepted with corrective actions needs a corrective-action plan with at least one item".into(),
        ),
        (
            WorkflowError::PlanItemIncomplete {
                position: 2,
                question: None,
                field: "owner",
            },
            "corrective action 2 has no owner".into(),
        ),
        (
            WorkflowError::PlanItemIncomplete {
                position: 3,
                question: Some("RISK-02".into()),
                field: "owner",
            },
            "corrective action 3 (RISK-02) has no owner".into(),
        ),
        (
            WorkflowError::AlreadyDecided {
                stage: Stage::ContractSignature,
            },
            "the current submission was already decided: a new decision needs a new submission (the vendor is at contract signature)".into(),
        ),
        (
            WorkflowError::VendorStopped,
            "the vendor was rejected and stays stopped until a new assessment arrives or a business risk acceptance is recorded".into(),
        ),
        (
            WorkflowError::RiskAcceptanceForAnotherOutcome {
                accepted: Outcome::AcceptedWithCorrectiveActions,
                computed: Outcome::Rejected,
            },
            "the risk acceptance accepts an outcome of accepted with corrective actions, but the current submission's recomputed outcome is rejected".into(),
        ),
        (
            WorkflowError::RiskAcceptanceForAnotherPack {
                accepted: one,
                evaluated: two,
            },
            format!(
                "the risk acceptance was made for an evaluation with pack {one}, but the current submission was evaluated with pack {two}"
            ),
        ),
        (
            WorkflowError::ContractBeforeAcceptance {
                stage: Stage::CybersecurityAssessment,
            },
            "the contract cannot be signed before an evaluation that accepted the vendor (with or without corrective actions) or a business risk acceptance in force: the vendor is at cybersecurity assessment".into(),
        ),
        (
            WorkflowError::ContractAlreadySigned {
                signed_on: date(2025, 4, 10),
            },
            "the contract was already signed on 2025-04-10".into(),
        ),
        (
            WorkflowError::DatedBeforeDecision {
                action: Action::SignContract,
                on: date(2025, 4, 1),
                decided_on: date(2025, 4, 2),
            },
            "2025-04-01 is before the evaluation decision of 2025-04-02: signing the contract on that date is refused".into(),
        ),
        (
            WorkflowError::RiskAcceptanceNotInForce {
                action: Action::StartServices,
                on: date(2026, 1, 1),
                accepted_on: date(2025, 4, 5),
                expires_on: date(2025, 12, 31),
            },
            "the business risk acceptance is in force from 2025-04-05 to 2025-12-31, not on 2026-01-01: starting services on that date is refused".into(),
        ),
        (
            WorkflowError::NoBasis {
                action: Action::SignContract,
            },
            "signing the contract needs an evaluation that accepted the vendor or a business risk acceptance in force, and there is neither".into(),
        ),
        (
            WorkflowError::ServicesBeforeContract {
                stage: Stage::ContractSignature,
            },
            "services cannot start before the contract is signed: the vendor is at contract signature".into(),
        ),
        (
            WorkflowError::StartBeforeContract {
                on: date(2025, 4, 9),
                signed_on: date(2025, 4, 10),
            },
            "services cannot start on 2025-04-09, before the contract signed on 2025-04-10".into(),
        ),
        (
            WorkflowError::ServicesAlreadyStarted {
                stage: Stage::Reassessment,
            },
            "services have already started: the vendor is at re-assessment".into(),
        ),
        (
            WorkflowError::SameKey { fingerprint: key() },
            format!("key {} is already the pinned key", key()),
        ),
        (
            WorkflowError::KeyAlreadyPinned {
                pinned: key(),
                offered: other_key(),
            },
            format!(
                "key {} is already pinned for this vendor: pinning {} instead is a key change, an explicit decision with a reason",
                key(),
                other_key()
            ),
        ),
        (
            WorkflowError::NoKeyToReplace,
            "no key is pinned yet: pin the vendor's first key instead of replacing one".into(),
        ),
        (
            WorkflowError::UnknownPlanItem { id: 9 },
            "there is no corrective action 9 in this vendor's plan".into(),
        ),
        (
            WorkflowError::NothingToChange { id: 1 },
            "corrective action 1 already reads that way: nothing to change".into(),
        ),
        (
            WorkflowError::DateInFuture {
                what: "the contract signed",
                date: date(2099, 1, 1),
                today: date(2025, 6, 2),
            },
            "the contract signed on 2099-01-01 is in the future (today is 2025-06-02): record it once it happened".into(),
        ),
    ];
    for (error, expected) in cases {
        assert_eq!(error.to_string(), expected, "{error:?}");
    }
}

#[test]
fn storage_refusals_name_what_is_wrong() {
    assert_eq!(
        SnapshotError::NoSchema.to_string(),
        "the stored value is not a croqual vendor record: it has no schema version"
    );
    assert_eq!(
        SnapshotError::Json {
            reason: "empty file".into()
        }
        .to_string(),
        "the stored vendor record is not valid JSON: empty file"
    );
    assert_eq!(
        SnapshotError::Shape {
            reason: "missing field `trail`".into()
        }
        .to_string(),
        "the stored vendor record does not match schema version 1: missing field `trail`"
    );
}

#[test]
fn stages_name_the_step_they_wait_for() {
    let waits: Vec<String> = Stage::ALL
        .iter()
        .map(|stage| format!("{stage}: {}", stage.next_step()))
        .collect();
    assert_eq!(
        waits,
        [
            "CRO identification: completing the CRO's identification",
            "service qualification: concluding the service qualification",
            "cybersecurity assessment: receiving a submission signed with the vendor's pinned key",
            "evaluation: the evaluation decision",
            "contract signature: signing the contract",
            "start of services: starting services",
            "in service: following up until the re-assessment",
            "re-assessment: the re-assessment decision",
            "stopped: a new assessment or a business risk acceptance",
        ]
    );
}
