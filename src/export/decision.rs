//! The sponsor's decision on a submission: a second signed document of its own format.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::ExportError;
use super::strict::read_typed;
use super::verify::{VendorCheck, Verdict, VerifiedSubmission};
use crate::assessment::{ActionStatus, Outcome, RiskAcceptance};
use crate::attest::Digest;
use crate::attest::envelope::{
    self, EnvelopeError, Format, SignedDocument, TrustStore, Verification,
};
use crate::attest::keys::{Fingerprint, SigningKey};
use crate::organisation::clean;
use crate::pack::QuestionId;

/// The decision format: id "croqual-decision", version 1.
pub const DECISION_FORMAT: Format = Format::new("croqual-decision", 1);

/// A sponsor's signed decision on one submission: the payload of a "croqual-decision"
/// document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    format: String,
    format_version: u32,
    /// The submission decided on.
    pub submission: DecidedSubmission,
    /// Who decided.
    pub sponsor: Sponsor,
    /// The decision.
    pub outcome: Outcome,
    /// Why, in the sponsor's words.
    pub reasons: Vec<String>,
    /// The corrective actions the CRO must carry out.
    pub plan: Vec<PlannedAction>,
    /// The business's decision to accept the remaining risk, when it made one.
    pub risk_acceptance: Option<RiskAcceptance>,
    /// When the decision was made.
    pub decided_at: Timestamp,
}

/// The submission a decision is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecidedSubmission {
    /// Its digest: what identifies it.
    pub digest: Digest,
    /// Its assessment id.
    pub assessment_id: String,
    /// Its revision.
    pub revision: u32,
    /// The CRO it came from.
    pub vendor: VendorIdentity,
}

impl DecidedSubmission {
    /// The reference to a verified submission.
    pub fn of(verified: &VerifiedSubmission) -> DecidedSubmission {
        let submission = &verified.submission;
        DecidedSubmission {
            digest: verified.digest,
            assessment_id: submission.assessment.id.clone(),
            revision: submission.assessment.revision,
            vendor: VendorIdentity {
                legal_name: submission.organisation.legal_name.clone(),
                registration_id: submission.organisation.registration_id.clone(),
                country: submission.organisation.country.clone(),
            },
        }
    }
}

/// A CRO's identity, as a decision names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VendorIdentity {
    /// The registered legal name.
    pub legal_name: String,
    /// The company registration number.
    pub registration_id: String,
    /// The ISO 3166-1 alpha-2 country code.
    pub country: String,
}

/// The sponsor and the person who decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sponsor {
    /// The sponsor's organisation name.
    pub organisation: String,
    /// The person who decided.
    pub decided_by: String,
    /// Their role.
    pub role: String,
}

/// One item of the corrective-action plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlannedAction {
    /// The question that showed the gap, when the item comes from one.
    pub question: Option<QuestionId>,
    /// What must be done.
    pub action: String,
    /// Who carries it out.
    pub owner: String,
    /// The last day to carry it out.
    pub due_on: Date,
    /// Where it stands.
    pub status: ActionStatus,
}

/// The plain parts a decision is made of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecisionParts {
    /// The submission decided on.
    pub submission: DecidedSubmission,
    /// Who decided.
    pub sponsor: Sponsor,
    /// The decision.
    pub outcome: Outcome,
    /// Why.
    pub reasons: Vec<String>,
    /// The corrective-action plan.
    pub plan: Vec<PlannedAction>,
    /// A business risk acceptance, if any.
    pub risk_acceptance: Option<RiskAcceptance>,
    /// When.
    pub decided_at: Timestamp,
}

impl Decision {
    /// A decision from its parts, texts NFC-normalised and trimmed, blank reasons dropped.
    ///
    /// # Errors
    ///
    /// [`ExportError::Blank`] for a blank sponsor name, decider, role or action text,
    /// [`ExportError::NoReason`] for a rejection without reasons, [`ExportError::EmptyPlan`]
    /// for an acceptance with corrective actions that plans none.
    pub fn new(parts: DecisionParts) -> Result<Decision, ExportError> {
        let sponsor = Sponsor {
            organisation: required(&parts.sponsor.organisation, "the sponsor's name")?,
            decided_by: required(&parts.sponsor.decided_by, "the name of who decided")?,
            role: required(&parts.sponsor.role, "the role of who decided")?,
        };
        let reasons: Vec<String> = parts
            .reasons
            .iter()
            .map(|reason| clean(reason))
            .filter(|reason| !reason.is_empty())
            .collect();
        if parts.outcome == Outcome::Rejected && reasons.is_empty() {
            return Err(ExportError::NoReason);
        }
        let plan = parts
            .plan
            .into_iter()
            .map(|item| {
                Ok(PlannedAction {
                    action: required(&item.action, "a planned action")?,
                    owner: required(&item.owner, "the owner of a planned action")?,
                    ..item
                })
            })
            .collect::<Result<Vec<_>, ExportError>>()?;
        if parts.outcome == Outcome::AcceptedWithCorrectiveActions && plan.is_empty() {
            return Err(ExportError::EmptyPlan);
        }
        Ok(Decision {
            format: DECISION_FORMAT.id.to_owned(),
            format_version: DECISION_FORMAT.max_version,
            submission: parts.submission,
            sponsor,
            outcome: parts.outcome,
            reasons,
            plan,
            risk_acceptance: parts.risk_acceptance,
            decided_at: parts.decided_at,
        })
    }

    /// The format id, "croqual-decision".
    pub fn format(&self) -> &str {
        &self.format
    }

    /// The format version.
    pub fn format_version(&self) -> u32 {
        self.format_version
    }

    /// Whether it decides on the submission with this digest.
    pub fn is_about(&self, submission: &Digest) -> bool {
        self.submission.digest == *submission
    }
}

/// Signs a decision with the sponsor's key.
///
/// # Errors
///
/// [`ExportError::Sign`] when the payload cannot be signed.
pub fn sign_decision(decision: &Decision, key: &SigningKey) -> Result<SignedDocument, ExportError> {
    Ok(envelope::sign(decision, key)?)
}

/// What a CRO learns from a decision file.
#[derive(Clone, Debug)]
pub struct DecisionReport {
    /// The envelope's result: one of the four. A payload that verifies but does not read as
    /// a decision is [`Verification::Malformed`].
    pub verification: Verification,
    /// The decision, when its signature verified (under a pinned key or not).
    pub decision: Option<VerifiedDecision>,
}

/// A decision whose signature verified.
#[derive(Clone, Debug)]
pub struct VerifiedDecision {
    /// The payload, read strictly.
    pub decision: Decision,
    /// The document's identity.
    pub digest: Digest,
    /// The fingerprint of the key that signed it.
    pub fingerprint: Fingerprint,
    /// The sponsor the payload names against the party the key is pinned for.
    pub signer: VendorCheck,
}

impl DecisionReport {
    /// The one thing to act on: trusted only under a pinned key whose party is the sponsor
    /// the decision names.
    pub fn verdict(&self) -> Verdict {
        match (&self.verification, &self.decision) {
            (Verification::Malformed(_), _) => Verdict::Unusable,
            (Verification::SignatureInvalid { .. }, _) => Verdict::Failed,
            (_, None) => Verdict::Unusable,
            (_, Some(verified)) => match verified.signer {
                VendorCheck::Mismatch { .. } | VendorCheck::AnotherKey { .. } => Verdict::Failed,
                VendorCheck::Unpinned { .. } => Verdict::UnpinnedKey,
                VendorCheck::Matches { .. } => Verdict::Trusted,
            },
        }
    }
}

/// Reads and verifies a decision file against the keys in `trust` (on the CRO's side: the
/// sponsor's pinned key).
pub fn verify_decision(bytes: &[u8], trust: &TrustStore) -> DecisionReport {
    let verification = envelope::verify(bytes, &DECISION_FORMAT, trust);
    let Some(document) = verification.document() else {
        return DecisionReport {
            verification,
            decision: None,
        };
    };
    let decision: Decision = match read_typed(document.payload()) {
        Ok(decision) => decision,
        Err(reason) => {
            return DecisionReport {
                verification: Verification::Malformed(EnvelopeError::Payload { reason }),
                decision: None,
            };
        }
    };
    let signer = VendorCheck::of(&verification, trust, decision.sponsor.organisation.clone());
    let verified = VerifiedDecision {
        digest: document.digest(),
        fingerprint: document.fingerprint(),
        decision,
        signer,
    };
    DecisionReport {
        verification,
        decision: Some(verified),
    }
}

fn required(text: &str, field: &'static str) -> Result<String, ExportError> {
    let text = clean(text);
    if text.is_empty() {
        Err(ExportError::Blank { field })
    } else {
        Ok(text)
    }
}
