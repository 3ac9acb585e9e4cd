//! Business risk acceptance: a recorded decision next to the computed outcome, never in
//! place of it.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{Evaluation, Outcome};
use crate::attest::Digest;

/// The business's decision to go ahead despite the computed outcome. It sits beside the
/// [`Evaluation`]: both are shown, and the computed outcome stays as it was.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RiskAcceptanceRecord")]
pub struct RiskAcceptance {
    justification: String,
    approver: String,
    role: String,
    accepted_on: Date,
    expires_on: Date,
    outcome: Outcome,
    pack_digest: Digest,
}

impl RiskAcceptance {
    /// Records a risk acceptance of `evaluation`'s outcome. Text is NFC-normalised.
    ///
    /// # Errors
    ///
    /// When a text is blank, the expiry is not after the acceptance, or the evaluation was
    /// accepted (there is no risk to accept).
    pub fn new(
        evaluation: &Evaluation,
        justification: &str,
        approver: &str,
        role: &str,
        accepted_on: Date,
        expires_on: Date,
    ) -> Result<RiskAcceptance, RiskAcceptanceError> {
        RiskAcceptanceRecord {
            justification: justification.to_owned(),
            approver: approver.to_owned(),
            role: role.to_owned(),
            accepted_on,
            expires_on,
            outcome: evaluation.outcome,
            pack_digest: evaluation.pack_digest,
        }
        .try_into()
    }

    /// Why the business accepts the risk.
    pub fn justification(&self) -> &str {
        &self.justification
    }

    /// Who approved it.
    pub fn approver(&self) -> &str {
        &self.approver
    }

    /// The approver's role.
    pub fn role(&self) -> &str {
        &self.role
    }

    /// When it was approved.
    pub fn accepted_on(&self) -> Date {
        self.accepted_on
    }

    /// Its last day.
    pub fn expires_on(&self) -> Date {
        self.expires_on
    }

    /// The computed outcome it accepts.
    pub fn outcome(&self) -> Outcome {
        self.outcome
    }

    /// The digest of the pack the accepted evaluation used.
    pub fn pack_digest(&self) -> Digest {
        self.pack_digest
    }

    /// Whether it applies on `as_of`: from its approval to its expiry, both included.
    pub fn is_in_force(&self, as_of: Date) -> bool {
        self.accepted_on <= as_of && as_of <= self.expires_on
    }

    /// Whether it was recorded for this evaluation's outcome and pack.
    pub fn is_for(&self, evaluation: &Evaluation) -> bool {
        self.outcome == evaluation.outcome && self.pack_digest == evaluation.pack_digest
    }
}

/// Why a risk acceptance is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RiskAcceptanceError {
    /// A required text is blank.
    #[error("a risk acceptance needs a {field}")]
    Missing {
        /// The blank field.
        field: &'static str,
    },
    /// The expiry is not after the acceptance.
    #[error(
        "a risk acceptance must expire after it is approved ({accepted_on}), not on {expires_on}"
    )]
    ExpiryNotAfterAcceptance {
        /// The approval date.
        accepted_on: Date,
        /// The expiry date.
        expires_on: Date,
    },
    /// There is nothing to accept.
    #[error("an accepted evaluation has no risk to accept")]
    NothingToAccept,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RiskAcceptanceRecord {
    justification: String,
    approver: String,
    role: String,
    accepted_on: Date,
    expires_on: Date,
    outcome: Outcome,
    pack_digest: Digest,
}

impl TryFrom<RiskAcceptanceRecord> for RiskAcceptance {
    type Error = RiskAcceptanceError;

    fn try_from(record: RiskAcceptanceRecord) -> Result<RiskAcceptance, RiskAcceptanceError> {
        let text = |value: &str, field: &'static str| {
            let value = crate::text::nfc(value);
            if value.trim().is_empty() {
                Err(RiskAcceptanceError::Missing { field })
            } else {
                Ok(value)
            }
        };
        if record.outcome == Outcome::Accepted {
            return Err(RiskAcceptanceError::NothingToAccept);
        }
        if record.expires_on <= record.accepted_on {
            return Err(RiskAcceptanceError::ExpiryNotAfterAcceptance {
                accepted_on: record.accepted_on,
                expires_on: record.expires_on,
            });
        }
        Ok(RiskAcceptance {
            justification: text(&record.justification, "justification")?,
            approver: text(&record.approver, "approver")?,
            role: text(&record.role, "role")?,
            accepted_on: record.accepted_on,
            expires_on: record.expires_on,
            outcome: record.outcome,
            pack_digest: record.pack_digest,
        })
    }
}
