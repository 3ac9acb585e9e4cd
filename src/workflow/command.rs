//! What a person asks the workflow to do, and who asks.

use jiff::Timestamp;
use jiff::civil::Date;

use super::{
    Contract, Decision, KeySource, PlanChange, PlanItemDraft, ServiceQualification, Submission,
    VendorAudit,
};
use crate::assessment::{RiskAcceptance, TieringInputs};
use crate::attest::Digest;
use crate::attest::keys::Fingerprint;
use crate::organisation::{Organisation, Service};

/// A change to a vendor's record, passed to [`VendorRecord::apply`](super::VendorRecord::apply).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Edits the identity or the service.
    UpdateIdentity {
        /// The identity.
        organisation: Organisation,
        /// The service.
        service: Service,
    },
    /// Step 1: the identity is complete.
    CompleteIdentification,
    /// Step 2: the service qualification, with its conclusion.
    ConcludeServiceQualification(ServiceQualification),
    /// Confirms the tiering inputs; the sponsor's tier then prevails over the submissions'.
    ConfirmTier(TieringInputs),
    /// Pins the vendor's first key.
    PinKey {
        /// The key's full fingerprint.
        fingerprint: Fingerprint,
        /// How the sponsor obtained it.
        source: KeySource,
    },
    /// Replaces the pinned key: an explicit decision, with a reason.
    ReplaceKey {
        /// The new key's full fingerprint.
        fingerprint: Fingerprint,
        /// How the sponsor obtained it.
        source: KeySource,
    },
    /// Step 3, or a re-assessment: a submission whose signature the caller verified.
    ReceiveSubmission(Submission),
    /// Step 4: the sponsor's decision on the current submission.
    Decide(Decision),
    /// A business risk acceptance for the current submission.
    AcceptRisk {
        /// The submission whose evaluation it accepts: the current one.
        submission: Digest,
        /// The acceptance.
        acceptance: RiskAcceptance,
    },
    /// Step 5: the contract is signed.
    SignContract(Contract),
    /// Step 6: services start.
    StartServices {
        /// The date.
        on: Date,
    },
    /// Corrects the recorded contract (a date or reference typed wrong), with a reason.
    CorrectContract(Contract),
    /// Corrects the start date of the current period of service, with a reason.
    CorrectServiceStart {
        /// The date services really started.
        on: Date,
    },
    /// Adds a corrective action to the plan of the current submission.
    AddPlanItem(PlanItemDraft),
    /// Changes a corrective action's status, owner or due date (a due date with a reason).
    ChangePlanItem {
        /// Its number.
        id: u32,
        /// What changes.
        change: PlanChange,
    },
    /// Records an audit of the vendor.
    RecordAudit(VendorAudit),
    /// Acknowledges a break in the audit trail, with a reason, so that recording can go on.
    AcknowledgeChainBreak {
        /// The entry where the chain breaks.
        index: usize,
    },
}

/// Who makes a change, when, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attribution {
    /// The person, as they typed their name.
    pub who: String,
    /// When, as the caller's clock says.
    pub at: Timestamp,
    /// Why, in their words ("" when they gave no reason; some changes need one).
    pub why: String,
}

impl Attribution {
    /// `who` at `at`, saying `why`.
    pub fn new(who: &str, at: Timestamp, why: &str) -> Attribution {
        Attribution {
            who: who.to_owned(),
            at,
            why: why.to_owned(),
        }
    }
}
