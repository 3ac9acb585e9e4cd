//! The stage machine alone: every transition from every stage, as the diagram in the module
//! docs draws it.

#[path = "support/vendors.rs"]
mod vendors;

use croqual::assessment::Outcome;
use croqual::organisation::Service;
use croqual::workflow::{
    Action, AgreementStatus, Basis, ServiceConclusion, Stage, Standing, WorkflowError,
};
use jiff::civil::date;
use vendors::{organisation, qualification, risk_acceptance, service};

use Stage::*;

fn accepted() -> Standing {
    Standing {
        accepted_on: Some(date(2025, 4, 2)),
        ..Standing::default()
    }
}

fn contracted() -> Standing {
    Standing {
        contract_signed_on: Some(date(2025, 4, 10)),
        ..accepted()
    }
}

fn risk_accepted() -> Standing {
    Standing {
        risk_acceptances: vec![risk_acceptance(
            Outcome::Rejected,
            date(2025, 4, 5),
            date(2025, 12, 31),
        )],
        ..Standing::default()
    }
}

#[test]
fn stages_are_listed_in_process_order_with_the_six_steps_numbered() {
    let steps: Vec<Option<u8>> = Stage::ALL.iter().map(|stage| stage.step()).collect();
    assert_eq!(
        steps,
        [
            Some(1),
            Some(2),
            Some(3),
            Some(4),
            Some(5),
            Some(6),
            None,
            None,
            None
        ]
    );
    assert!(Stage::ALL.windows(2).all(|pair| pair[0] < pair[1]));
    assert_eq!(Stage::new(), Identification);
    assert_eq!(ContractSignature.to_string(), "contract signature");
}

#[test]
fn completing_identification_leads_from_identification_only() {
    for stage in Stage::ALL {
        let result = stage.complete_identification(&organisation(), &service());
        if stage == Identification {
            assert_eq!(result, Ok(ServiceQualification));
        } else {
            assert_eq!(
                result,
                Err(WorkflowError::OutOfOrder {
                    action: Action::CompleteIdentification,
                    stage
                })
            );
        }
    }
    assert!(matches!(
        Identification.complete_identification(&organisation(), &Service::default()),
        Err(WorkflowError::IdentityIncomplete { .. })
    ));
}

#[test]
fn concluding_the_service_qualification_leads_from_service_qualification_only() {
    for stage in Stage::ALL {
        let result = stage.conclude_service_qualification(&qualification());
        let expected = match stage {
            Identification => Err(WorkflowError::IdentificationNotComplete),
            ServiceQualification => Ok(CybersecurityAssessment),
            _ => Err(WorkflowError::OutOfOrder {
                action: Action::ConcludeServiceQualification,
                stage,
            }),
        };
        assert_eq!(result, expected, "{stage}");
    }
    let mut unsigned = qualification();
    unsigned.data_processing_agreement = AgreementStatus::NotStarted;
    assert!(
        ServiceQualification
            .conclude_service_qualification(&unsigned)
            .is_err()
    );
    let mut not_qualified = qualification();
    not_qualified.conclusion = ServiceConclusion::NotQualified;
    assert_eq!(
        ServiceQualification.conclude_service_qualification(&not_qualified),
        Err(WorkflowError::ServiceNotQualified)
    );
}

#[test]
fn receiving_a_submission_opens_the_evaluation_or_the_reassessment() {
    for stage in Stage::ALL {
        let expected = match stage {
            Identification | ServiceQualification => {
                Err(WorkflowError::AssessmentNotStarted { stage })
            }
            InService | Reassessment => Ok(Reassessment),
            CybersecurityAssessment
            | Evaluation
            | ContractSignature
            | StartOfServices
            | Stopped => Ok(Evaluation),
        };
        assert_eq!(stage.receive_submission(), expected, "{stage}");
    }
}

#[test]
fn deciding_leads_from_evaluation_and_reassessment_only() {
    let on = date(2025, 4, 2);
    for stage in Stage::ALL {
        let expected_accepting = match stage {
            Identification | ServiceQualification | CybersecurityAssessment => {
                Err(WorkflowError::NoSubmission { stage })
            }
            Stopped => Err(WorkflowError::VendorStopped),
            ContractSignature | StartOfServices | InService => {
                Err(WorkflowError::AlreadyDecided { stage })
            }
            Evaluation => Ok(ContractSignature),
            Reassessment => Ok(InService),
        };
        for outcome in [Outcome::Accepted, Outcome::AcceptedWithCorrectiveActions] {
            assert_eq!(
                stage.decide(outcome, on, &Standing::default()),
                expected_accepting,
                "{stage} {outcome}"
            );
        }
        let expected_rejected = expected_accepting.map(|_| Stopped);
        assert_eq!(
            stage.decide(Outcome::Rejected, on, &Standing::default()),
            expected_rejected,
            "{stage} rejected"
        );
    }
}

#[test]
fn an_accepting_decision_after_the_contract_leads_to_the_start_of_services() {
    assert_eq!(
        Evaluation.decide(Outcome::Accepted, date(2025, 6, 1), &contracted()),
        Ok(StartOfServices)
    );
    assert_eq!(
        Reassessment.decide(Outcome::Accepted, date(2026, 3, 1), &contracted()),
        Ok(InService)
    );
}

#[test]
fn a_rejection_goes_ahead_only_with_a_risk_acceptance_in_force_on_the_decision_date() {
    let standing = risk_accepted();
    assert_eq!(
        Evaluation.decide(Outcome::Rejected, date(2025, 4, 5), &standing),
        Ok(ContractSignature)
    );
    assert_eq!(
        Evaluation.decide(Outcome::Rejected, date(2025, 4, 4), &standing),
        Ok(Stopped)
    );
    assert_eq!(
        Reassessment.decide(Outcome::Rejected, date(2025, 12, 31), &standing),
        Ok(InService)
    );
    assert_eq!(
        Reassessment.decide(Outcome::Rejected, date(2026, 1, 1), &standing),
        Ok(Stopped)
    );
}

#[test]
fn accepting_a_risk_moves_a_stopped_vendor_on_and_keeps_every_other_stage() {
    for stage in Stage::ALL {
        let expected = match stage {
            Identification | ServiceQualification | CybersecurityAssessment => {
                Err(WorkflowError::NoSubmission { stage })
            }
            Stopped => Ok(ContractSignature),
            _ => Ok(stage),
        };
        assert_eq!(stage.accept_risk(&risk_accepted()), expected, "{stage}");
    }
    let mut after_contract = risk_accepted();
    after_contract.contract_signed_on = Some(date(2025, 4, 10));
    assert_eq!(Stopped.accept_risk(&after_contract), Ok(StartOfServices));
}

#[test]
fn signing_the_contract_leads_from_contract_signature_only() {
    let on = date(2025, 4, 10);
    for stage in Stage::ALL {
        let expected = match stage {
            ContractSignature => Ok(StartOfServices),
            Stopped => Err(WorkflowError::VendorStopped),
            _ => Err(WorkflowError::ContractBeforeAcceptance { stage }),
        };
        assert_eq!(stage.sign_contract(on, &accepted()), expected, "{stage}");
        assert_eq!(
            stage.sign_contract(on, &contracted()),
            Err(WorkflowError::ContractAlreadySigned { signed_on: on }),
            "{stage}"
        );
    }
}

#[test]
fn starting_services_leads_from_start_of_services_only() {
    let on = date(2025, 5, 1);
    for stage in Stage::ALL {
        let expected = match stage {
            StartOfServices => Ok(InService),
            Stopped => Err(WorkflowError::VendorStopped),
            InService | Reassessment => Err(WorkflowError::ServicesAlreadyStarted { stage }),
            _ => Err(WorkflowError::OutOfOrder {
                action: Action::StartServices,
                stage,
            }),
        };
        assert_eq!(stage.start_services(on, &contracted()), expected, "{stage}");
        if !matches!(stage, Stopped | InService | Reassessment) {
            assert_eq!(
                stage.start_services(on, &accepted()),
                Err(WorkflowError::ServicesBeforeContract { stage }),
                "{stage}"
            );
        }
    }
}

#[test]
fn the_basis_for_a_step_is_an_earlier_acceptance_or_a_risk_acceptance_in_force() {
    assert_eq!(
        accepted().basis_on(date(2025, 4, 2), Action::SignContract),
        Ok(Basis::Accepted {
            decided_on: date(2025, 4, 2)
        })
    );
    assert_eq!(
        risk_accepted().basis_on(date(2025, 12, 31), Action::SignContract),
        Ok(Basis::RiskAccepted {
            accepted_on: date(2025, 4, 5),
            expires_on: date(2025, 12, 31)
        })
    );
    assert_eq!(
        Standing::default().basis_on(date(2025, 4, 2), Action::StartServices),
        Err(WorkflowError::NoBasis {
            action: Action::StartServices
        })
    );
    assert_eq!(
        WorkflowError::NoBasis {
            action: Action::StartServices
        }
        .to_string(),
        "starting services needs an evaluation that accepted the vendor or a business risk acceptance in force, and there is neither"
    );
}
