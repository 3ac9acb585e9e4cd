//! The qualification stages and the transitions between them, with their guards.

use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{Action, ServiceConclusion, ServiceQualification, WorkflowError};
use crate::assessment::{Outcome, RiskAcceptance};
use crate::organisation::{Organisation, Service};

/// Where a vendor stands: the step in progress, in process order, then the ongoing phase.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Step 1: the CRO's identity is being completed.
    #[default]
    Identification,
    /// Step 2: the service, including data privacy, is being qualified.
    ServiceQualification,
    /// Step 3: waiting for a submission signed with the vendor's pinned key.
    CybersecurityAssessment,
    /// Step 4: a verified submission awaits the sponsor's decision.
    Evaluation,
    /// Step 5: the evaluation accepted the vendor (or a risk acceptance is in force); the
    /// contract is to be signed.
    ContractSignature,
    /// Step 6: the contract is signed; services are to start.
    StartOfServices,
    /// Services run; corrective actions and audits are followed until the re-assessment.
    InService,
    /// Services run while a new submission awaits the re-assessment decision.
    Reassessment,
    /// Rejected: nothing goes ahead until a new assessment arrives or a business risk
    /// acceptance is recorded. Services, if they had started, are stopped.
    Stopped,
}

impl Stage {
    /// Every stage, in process order.
    pub const ALL: [Stage; 9] = [
        Stage::Identification,
        Stage::ServiceQualification,
        Stage::CybersecurityAssessment,
        Stage::Evaluation,
        Stage::ContractSignature,
        Stage::StartOfServices,
        Stage::InService,
        Stage::Reassessment,
        Stage::Stopped,
    ];

    /// The first stage of a new vendor.
    pub fn new() -> Stage {
        Stage::Identification
    }

    /// The stage as people call it ("contract signature").
    pub fn label(self) -> &'static str {
        match self {
            Stage::Identification => "CRO identification",
            Stage::ServiceQualification => "service qualification",
            Stage::CybersecurityAssessment => "cybersecurity assessment",
            Stage::Evaluation => "evaluation",
            Stage::ContractSignature => "contract signature",
            Stage::StartOfServices => "start of services",
            Stage::InService => "in service",
            Stage::Reassessment => "re-assessment",
            Stage::Stopped => "stopped",
        }
    }

    /// The number of the qualification step in progress, 1 to 6; `None` in the ongoing phase.
    pub fn step(self) -> Option<u8> {
        match self {
            Stage::Identification => Some(1),
            Stage::ServiceQualification => Some(2),
            Stage::CybersecurityAssessment => Some(3),
            Stage::Evaluation => Some(4),
            Stage::ContractSignature => Some(5),
            Stage::StartOfServices => Some(6),
            Stage::InService | Stage::Reassessment | Stage::Stopped => None,
        }
    }

    /// What the stage waits for, for people.
    pub fn next_step(self) -> &'static str {
        match self {
            Stage::Identification => "completing the CRO's identification",
            Stage::ServiceQualification => "concluding the service qualification",
            Stage::CybersecurityAssessment => {
                "receiving a submission signed with the vendor's pinned key"
            }
            Stage::Evaluation => "the evaluation decision",
            Stage::ContractSignature => "signing the contract",
            Stage::StartOfServices => "starting services",
            Stage::InService => "following up until the re-assessment",
            Stage::Reassessment => "the re-assessment decision",
            Stage::Stopped => "a new assessment or a business risk acceptance",
        }
    }

    /// Whether services run: in service or under re-assessment.
    pub fn is_in_service(self) -> bool {
        matches!(self, Stage::InService | Stage::Reassessment)
    }

    /// Step 1 done: identification → service qualification, once the identity is complete.
    ///
    /// # Errors
    ///
    /// [`WorkflowError::IdentityIncomplete`] naming what is missing; [`WorkflowError::OutOfOrder`]
    /// after identification.
    pub fn complete_identification(
        self,
        organisation: &Organisation,
        service: &Service,
    ) -> Result<Stage, WorkflowError> {
        if self != Stage::Identification {
            return Err(self.out_of_order(Action::CompleteIdentification));
        }
        let mut problems = organisation.problems();
        problems.extend(service.problems());
        if !problems.is_empty() {
            return Err(WorkflowError::IdentityIncomplete { problems });
        }
        Ok(Stage::ServiceQualification)
    }

    /// Step 2 done: service qualification → cybersecurity assessment, once the qualification
    /// concluded that the service qualifies and, where personal data is processed, the
    /// data-processing agreement is signed.
    ///
    /// # Errors
    ///
    /// [`WorkflowError::IdentificationNotComplete`] before identification is complete; the
    /// qualification's own refusals; [`WorkflowError::OutOfOrder`] after it.
    pub fn conclude_service_qualification(
        self,
        qualification: &ServiceQualification,
    ) -> Result<Stage, WorkflowError> {
        match self {
            Stage::Identification => return Err(WorkflowError::IdentificationNotComplete),
            Stage::ServiceQualification => {}
            _ => return Err(self.out_of_order(Action::ConcludeServiceQualification)),
        }
        match qualification.conclusion {
            ServiceConclusion::Pending => return Err(WorkflowError::ServiceQualificationPending),
            ServiceConclusion::NotQualified => return Err(WorkflowError::ServiceNotQualified),
            ServiceConclusion::Qualified => {}
        }
        if qualification.is_personal_data_processed()
            && !qualification.data_processing_agreement.is_signed()
        {
            return Err(WorkflowError::DataProcessingAgreementNotSigned {
                status: qualification.data_processing_agreement,
            });
        }
        Ok(Stage::CybersecurityAssessment)
    }

    /// Step 3 done, or evaluation reopened: a verified submission arrives. Before services
    /// it (re)opens the evaluation; while services run it opens the re-assessment.
    ///
    /// # Errors
    ///
    /// [`WorkflowError::AssessmentNotStarted`] before the service qualification is concluded.
    pub fn receive_submission(self) -> Result<Stage, WorkflowError> {
        match self {
            Stage::Identification | Stage::ServiceQualification => {
                Err(WorkflowError::AssessmentNotStarted { stage: self })
            }
            Stage::InService | Stage::Reassessment => Ok(Stage::Reassessment),
            Stage::CybersecurityAssessment
            | Stage::Evaluation
            | Stage::ContractSignature
            | Stage::StartOfServices
            | Stage::Stopped => Ok(Stage::Evaluation),
        }
    }

    /// Step 4 done: the sponsor decides on the current submission. Accepted (with or without
    /// corrective actions) goes ahead; rejected stops the vendor, unless a business risk
    /// acceptance for the submission is in force on the decision date.
    ///
    /// # Errors
    ///
    /// [`WorkflowError::NoSubmission`] before a verified submission arrived;
    /// [`WorkflowError::VendorStopped`] and [`WorkflowError::AlreadyDecided`] when the current
    /// submission was already decided.
    pub fn decide(
        self,
        outcome: Outcome,
        decided_on: Date,
        standing: &Standing,
    ) -> Result<Stage, WorkflowError> {
        match self {
            Stage::Identification
            | Stage::ServiceQualification
            | Stage::CybersecurityAssessment => {
                return Err(WorkflowError::NoSubmission { stage: self });
            }
            Stage::Stopped => return Err(WorkflowError::VendorStopped),
            Stage::ContractSignature | Stage::StartOfServices | Stage::InService => {
                return Err(WorkflowError::AlreadyDecided { stage: self });
            }
            Stage::Evaluation | Stage::Reassessment => {}
        }
        let goes_ahead = outcome != Outcome::Rejected || standing.risk_in_force(decided_on);
        if goes_ahead {
            Ok(self.ahead(standing))
        } else {
            Ok(Stage::Stopped)
        }
    }

    /// A business risk acceptance for the current submission is recorded. After a rejection
    /// it lets the vendor go ahead; before the decision it is kept for it; later it is kept
    /// beside the decision.
    ///
    /// # Errors
    ///
    /// [`WorkflowError::NoSubmission`] before a verified submission arrived.
    pub fn accept_risk(self, standing: &Standing) -> Result<Stage, WorkflowError> {
        match self {
            Stage::Identification
            | Stage::ServiceQualification
            | Stage::CybersecurityAssessment => Err(WorkflowError::NoSubmission { stage: self }),
            // It lets the vendor on whatever today is: the contract and the start of services
            // check that it is in force on their own dates.
            Stage::Stopped => Ok(Stage::Evaluation.ahead(standing)),
            _ => Ok(self),
        }
    }

    /// Step 5 done: the contract is signed, on a date when the evaluation had accepted the
    /// vendor or a business risk acceptance is in force.
    ///
    /// # Errors
    ///
    /// [`WorkflowError::ContractBeforeAcceptance`] before an accepting evaluation or a risk
    /// acceptance; [`WorkflowError::VendorStopped`] after a rejection; the date refusals;
    /// [`WorkflowError::ContractAlreadySigned`].
    pub fn sign_contract(
        self,
        signed_on: Date,
        standing: &Standing,
    ) -> Result<Stage, WorkflowError> {
        if let Some(signed_on) = standing.contract_signed_on {
            return Err(WorkflowError::ContractAlreadySigned { signed_on });
        }
        match self {
            Stage::ContractSignature => {}
            Stage::Stopped => return Err(WorkflowError::VendorStopped),
            _ => return Err(WorkflowError::ContractBeforeAcceptance { stage: self }),
        }
        standing.basis_on(signed_on, Action::SignContract)?;
        Ok(Stage::StartOfServices)
    }

    /// Step 6 done: services start, on or after the contract's date, while the decision or
    /// the risk acceptance that allowed the contract still holds.
    ///
    /// # Errors
    ///
    /// [`WorkflowError::ServicesBeforeContract`] before the contract;
    /// [`WorkflowError::VendorStopped`] after a rejection; the date refusals;
    /// [`WorkflowError::ServicesAlreadyStarted`].
    pub fn start_services(self, on: Date, standing: &Standing) -> Result<Stage, WorkflowError> {
        match self {
            Stage::StartOfServices => {}
            Stage::Stopped => return Err(WorkflowError::VendorStopped),
            Stage::InService | Stage::Reassessment => {
                return Err(WorkflowError::ServicesAlreadyStarted { stage: self });
            }
            _ if standing.contract_signed_on.is_none() => {
                return Err(WorkflowError::ServicesBeforeContract { stage: self });
            }
            _ => return Err(self.out_of_order(Action::StartServices)),
        }
        let Some(signed_on) = standing.contract_signed_on else {
            return Err(WorkflowError::ServicesBeforeContract { stage: self });
        };
        if on < signed_on {
            return Err(WorkflowError::StartBeforeContract { on, signed_on });
        }
        standing.basis_on(on, Action::StartServices)?;
        Ok(Stage::InService)
    }

    /// Where an accepting decision (or a risk acceptance) leads from here.
    fn ahead(self, standing: &Standing) -> Stage {
        if self == Stage::Reassessment {
            Stage::InService
        } else if standing.contract_signed_on.is_some() {
            Stage::StartOfServices
        } else {
            Stage::ContractSignature
        }
    }

    fn out_of_order(self, action: Action) -> WorkflowError {
        WorkflowError::OutOfOrder {
            action,
            stage: self,
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// What the guards of the later steps need to know about a vendor, beyond its stage.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Standing {
    /// When the sponsor's decision on the current submission accepted the vendor (with or
    /// without corrective actions); `None` when it did not, or not yet.
    pub accepted_on: Option<Date>,
    /// The business risk acceptances recorded for the current submission.
    pub risk_acceptances: Vec<RiskAcceptance>,
    /// When the contract was signed.
    pub contract_signed_on: Option<Date>,
}

/// What allows a contract or the start of services on a given date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    /// The evaluation accepted the vendor, with or without corrective actions.
    Accepted {
        /// The decision's date.
        decided_on: Date,
    },
    /// A business risk acceptance is in force.
    RiskAccepted {
        /// Its approval date.
        accepted_on: Date,
        /// Its last day.
        expires_on: Date,
    },
}

impl Standing {
    /// Whether a risk acceptance for the current submission is in force on `on`.
    pub fn risk_in_force(&self, on: Date) -> bool {
        self.risk_acceptances
            .iter()
            .any(|acceptance| acceptance.is_in_force(on))
    }

    /// What allows `action` on `on`: an accepting decision taken on or before it, or a risk
    /// acceptance in force on it.
    ///
    /// # Errors
    ///
    /// [`WorkflowError::DatedBeforeDecision`] when the accepting decision comes later;
    /// [`WorkflowError::RiskAcceptanceNotInForce`] when the only risk acceptances are not in
    /// force on `on`; [`WorkflowError::NoBasis`] when there is neither.
    pub fn basis_on(&self, on: Date, action: Action) -> Result<Basis, WorkflowError> {
        if let Some(decided_on) = self.accepted_on
            && decided_on <= on
        {
            return Ok(Basis::Accepted { decided_on });
        }
        if let Some(acceptance) = self.risk_acceptances.iter().find(|a| a.is_in_force(on)) {
            return Ok(Basis::RiskAccepted {
                accepted_on: acceptance.accepted_on(),
                expires_on: acceptance.expires_on(),
            });
        }
        if let Some(decided_on) = self.accepted_on {
            return Err(WorkflowError::DatedBeforeDecision {
                action,
                on,
                decided_on,
            });
        }
        match self.risk_acceptances.last() {
            Some(acceptance) => Err(WorkflowError::RiskAcceptanceNotInForce {
                action,
                on,
                accepted_on: acceptance.accepted_on(),
                expires_on: acceptance.expires_on(),
            }),
            None => Err(WorkflowError::NoBasis { action }),
        }
    }
}
