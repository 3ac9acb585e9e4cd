//! What an audit-trail entry records: a typed event, and the step it moved, if any.

use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{
    Contract, KeySource, PlanChange, PlanItem, ReceivedSubmission, RecordedDecision,
    RecordedRiskAcceptance, ServiceConclusion, ServiceQualification, Stage, VendorAudit, VendorId,
};
use crate::assessment::{Tier, TieringInputs};
use crate::attest::keys::Fingerprint;
use crate::organisation::{Organisation, Service};

/// Something that happened to a vendor's record, with everything needed to replay it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum AuditEvent {
    /// The vendor was entered in the register.
    VendorCreated {
        /// Its id in the register.
        vendor: VendorId,
        /// Its identity as first entered.
        organisation: Organisation,
        /// The service as first entered.
        service: Service,
    },
    /// The identity or the service was edited.
    IdentityUpdated {
        /// The identity now.
        organisation: Organisation,
        /// The service now.
        service: Service,
    },
    /// Step 1 was completed.
    IdentificationCompleted,
    /// Step 2 was concluded.
    ServiceQualificationConcluded {
        /// What the qualification established.
        qualification: ServiceQualification,
    },
    /// The sponsor confirmed the tiering inputs.
    TierConfirmed {
        /// The inputs.
        inputs: TieringInputs,
        /// The tier they give.
        tier: Tier,
    },
    /// A first key was pinned.
    KeyPinned {
        /// Its fingerprint.
        fingerprint: Fingerprint,
        /// How it was obtained.
        source: KeySource,
    },
    /// The pinned key was replaced, by an explicit decision.
    KeyReplaced {
        /// The key pinned until then.
        replaced: Fingerprint,
        /// The key pinned now.
        replacement: Fingerprint,
        /// How the new key was obtained.
        source: KeySource,
    },
    /// A verified submission was received.
    SubmissionReceived {
        /// The submission and its link to the one before.
        received: ReceivedSubmission,
    },
    /// The sponsor decided on a submission.
    DecisionRecorded {
        /// The decision.
        decision: RecordedDecision,
        /// The plan items it set, numbered.
        plan: Vec<PlanItem>,
    },
    /// A business risk acceptance was recorded.
    RiskAccepted {
        /// The acceptance and the submission it is for.
        risk: RecordedRiskAcceptance,
    },
    /// The contract was signed.
    ContractSigned {
        /// The contract.
        contract: Contract,
    },
    /// Services started.
    ServicesStarted {
        /// The date.
        started_on: Date,
    },
    /// The recorded contract was corrected.
    ContractCorrected {
        /// The contract as recorded before.
        was: Contract,
        /// The contract as corrected.
        now: Contract,
    },
    /// The start date of the current period of service was corrected.
    ServiceStartCorrected {
        /// The date recorded before.
        was: Date,
        /// The date as corrected.
        now: Date,
    },
    /// A corrective action was added to the plan after the decision.
    PlanItemAdded {
        /// The item, numbered.
        item: PlanItem,
    },
    /// A corrective action's status, owner or due date changed.
    PlanItemChanged {
        /// Its number.
        id: u32,
        /// What changed.
        change: PlanChange,
    },
    /// An audit of the vendor was recorded.
    VendorAuditRecorded {
        /// The audit.
        audit: VendorAudit,
    },
    /// Someone acknowledged a break in the audit trail, so that recording can go on.
    ChainBreakAcknowledged {
        /// The entry where the chain breaks.
        index: usize,
    },
}

impl fmt::Display for AuditEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuditEvent::VendorCreated {
                vendor,
                organisation,
                ..
            } => write!(f, "vendor {vendor} created: {:?}", organisation.legal_name),
            AuditEvent::IdentityUpdated { organisation, .. } => {
                write!(f, "identity updated: {:?}", organisation.legal_name)
            }
            AuditEvent::IdentificationCompleted => f.write_str("identification completed"),
            AuditEvent::ServiceQualificationConcluded { qualification } => {
                let conclusion = match qualification.conclusion {
                    ServiceConclusion::Pending => "pending",
                    ServiceConclusion::Qualified => "qualified",
                    ServiceConclusion::NotQualified => "not qualified",
                };
                write!(f, "service qualification concluded: {conclusion}")
            }
            AuditEvent::TierConfirmed { tier, .. } => write!(f, "tier confirmed: {tier}"),
            AuditEvent::KeyPinned { fingerprint, .. } => write!(f, "key pinned: {fingerprint}"),
            AuditEvent::KeyReplaced {
                replaced,
                replacement,
                ..
            } => write!(f, "key {replaced} replaced by {replacement}"),
            AuditEvent::SubmissionReceived { received } => write!(
                f,
                "submission received: {} revision {} ({})",
                received.submission.assessment_id,
                received.submission.revision,
                received.submission.digest
            ),
            AuditEvent::DecisionRecorded { decision, .. } => {
                write!(f, "decision recorded: {}", decision.outcome)
            }
            AuditEvent::RiskAccepted { risk } => write!(
                f,
                "business risk accepted until {} by {}",
                risk.acceptance.expires_on(),
                risk.acceptance.approver()
            ),
            AuditEvent::ContractSigned { contract } => write!(
                f,
                "contract {} signed on {}",
                contract.reference, contract.signed_on
            ),
            AuditEvent::ServicesStarted { started_on } => {
                write!(f, "services started on {started_on}")
            }
            AuditEvent::ContractCorrected { was, now } => write!(
                f,
                "contract corrected: {} signed on {} (was {} signed on {})",
                now.reference, now.signed_on, was.reference, was.signed_on
            ),
            AuditEvent::ServiceStartCorrected { was, now } => {
                write!(f, "start of services corrected: {now} (was {was})")
            }
            AuditEvent::PlanItemAdded { item } => {
                write!(f, "corrective action {} added: {}", item.id, item.item)
            }
            AuditEvent::PlanItemChanged { id, .. } => write!(f, "corrective action {id} changed"),
            AuditEvent::VendorAuditRecorded { audit } => {
                write!(f, "audit of {} recorded: {}", audit.on, audit.result)
            }
            AuditEvent::ChainBreakAcknowledged { index } => {
                write!(f, "break in the audit trail at entry {index} acknowledged")
            }
        }
    }
}

/// A move from one stage to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepMove {
    /// The stage before.
    pub from: Stage,
    /// The stage after.
    pub to: Stage,
}
