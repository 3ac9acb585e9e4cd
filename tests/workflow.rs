//! The six qualification steps and the ongoing phase: every transition and every guard.

#[path = "support/vendors.rs"]
mod vendors;

use croqual::assessment::{
    ActionStatus, BusinessFunction, DataSensitivity, Outcome, SystemAccess, Tier, TieringInputs,
};
use croqual::attest::Digest;
use croqual::organisation::IdentityProblem;
use croqual::workflow::{
    Action, AgreementStatus, AuditEvent, AuditResult, Command, Contract, KeySource, PlanChange,
    ServiceConclusion, Stage, StepMove, TierSource, VendorAudit, VendorRecord, WorkflowError,
};
use jiff::civil::date;
use vendors::*;

const BEFORE_SUBMISSION: [Stage; 3] = [
    Stage::Identification,
    Stage::ServiceQualification,
    Stage::CybersecurityAssessment,
];

// Step 1: identification.

#[test]
fn a_new_vendor_starts_at_identification_with_its_creation_in_the_trail() {
    let record = new_vendor();
    assert_eq!(record.stage(), Stage::Identification);
    assert_eq!(record.stage().step(), Some(1));
    let entries = record.trail().entries();
    assert_eq!(entries.len(), 1);
    assert!(matches!(entries[0].event, AuditEvent::VendorCreated { .. }));
    assert_eq!(entries[0].who, "Quinn Lead");
    assert_eq!(entries[0].step, None);
}

#[test]
fn a_complete_identity_moves_the_vendor_to_service_qualification() {
    let mut record = new_vendor();
    assert_eq!(
        step(&mut record, Command::CompleteIdentification),
        Ok(Stage::ServiceQualification)
    );
    let last = record.trail().entries().last().expect("an entry");
    assert_eq!(last.event, AuditEvent::IdentificationCompleted);
    assert_eq!(
        last.step,
        Some(StepMove {
            from: Stage::Identification,
            to: Stage::ServiceQualification
        })
    );
}

#[test]
fn an_incomplete_identity_keeps_the_vendor_at_identification_and_names_what_is_missing() {
    let mut blank = organisation();
    blank.registration_id = " ".into();
    let mut record = croqual::workflow::VendorRecord::new(
        "VND-0002".parse().expect("an id"),
        &blank,
        &croqual::organisation::Service::default(),
        by(),
    )
    .expect("a vendor may start incomplete");
    let error = step(&mut record, Command::CompleteIdentification).expect_err("incomplete");
    assert_eq!(
        error,
        WorkflowError::IdentityIncomplete {
            problems: vec![
                IdentityProblem::Missing {
                    field: "registration id"
                },
                IdentityProblem::Missing {
                    field: "service name"
                },
            ]
        }
    );
    assert_eq!(
        error.to_string(),
        "the CRO's identification is not complete: registration id is empty; service name is empty"
    );
    assert_eq!(record.stage(), Stage::Identification);
}

#[test]
fn editing_the_identity_completes_it_and_is_audited_without_moving_the_stage() {
    let mut blank = organisation();
    blank.country = String::new();
    let mut record = croqual::workflow::VendorRecord::new(
        "VND-0003".parse().expect("an id"),
        &blank,
        &service(),
        by(),
    )
    .expect("a vendor");
    assert!(step(&mut record, Command::CompleteIdentification).is_err());
    let mut fixed = organisation();
    fixed.legal_name = " Socie\u{301}te\u{301} Exemple ".into();
    fixed.country = "fr".into();
    assert_eq!(
        step(
            &mut record,
            Command::UpdateIdentity {
                organisation: fixed,
                service: service()
            }
        ),
        Ok(Stage::Identification)
    );
    assert_eq!(record.organisation().legal_name, "Société Exemple");
    assert_eq!(record.organisation().country, "FR");
    assert_eq!(
        step(&mut record, Command::CompleteIdentification),
        Ok(Stage::ServiceQualification)
    );
}

#[test]
fn identification_cannot_be_completed_twice() {
    let mut record = vendor_at(Stage::CybersecurityAssessment);
    let error = step(&mut record, Command::CompleteIdentification).expect_err("done already");
    assert_eq!(
        error,
        WorkflowError::OutOfOrder {
            action: Action::CompleteIdentification,
            stage: Stage::CybersecurityAssessment
        }
    );
    assert_eq!(
        error.to_string(),
        "completing the identification is out of order: the vendor is at cybersecurity assessment, where the next step is receiving a submission signed with the vendor's pinned key"
    );
}

// Step 2: service qualification.

#[test]
fn a_concluded_service_qualification_opens_the_cybersecurity_assessment() {
    let mut record = vendor_at(Stage::ServiceQualification);
    let mut given = qualification();
    given.hosting_locations = vec![" DE (Frankfurt) ".into(), "  ".into()];
    assert_eq!(
        step(&mut record, Command::ConcludeServiceQualification(given)),
        Ok(Stage::CybersecurityAssessment)
    );
    let kept = record.service_qualification().expect("kept");
    assert_eq!(kept.hosting_locations, ["DE (Frankfurt)"]);
    assert_eq!(kept.conclusion, ServiceConclusion::Qualified);
}

#[test]
fn no_service_qualification_before_identification_is_complete() {
    let mut record = vendor_at(Stage::Identification);
    let error = step(
        &mut record,
        Command::ConcludeServiceQualification(qualification()),
    )
    .expect_err("identification first");
    assert_eq!(error, WorkflowError::IdentificationNotComplete);
    assert_eq!(
        error.to_string(),
        "the service qualification cannot start before the CRO's identification is complete"
    );
    assert!(record.service_qualification().is_none());
}

#[test]
fn a_service_qualification_without_a_conclusion_does_not_open_the_assessment() {
    let mut record = vendor_at(Stage::ServiceQualification);
    let mut pending = qualification();
    pending.conclusion = ServiceConclusion::Pending;
    assert_eq!(
        step(&mut record, Command::ConcludeServiceQualification(pending)),
        Err(WorkflowError::ServiceQualificationPending)
    );
    assert_eq!(record.stage(), Stage::ServiceQualification);
}

#[test]
fn a_service_that_does_not_qualify_gets_no_cybersecurity_assessment() {
    let mut record = vendor_at(Stage::ServiceQualification);
    let mut refused = qualification();
    refused.conclusion = ServiceConclusion::NotQualified;
    assert_eq!(
        step(&mut record, Command::ConcludeServiceQualification(refused)),
        Err(WorkflowError::ServiceNotQualified)
    );
}

#[test]
fn personal_data_without_a_signed_data_processing_agreement_blocks_the_assessment() {
    for status in [AgreementStatus::NotStarted, AgreementStatus::InNegotiation] {
        for (personal, health) in [(true, false), (false, true), (true, true)] {
            let mut record = vendor_at(Stage::ServiceQualification);
            let mut given = qualification();
            given.processes_personal_data = personal;
            given.processes_health_data = health;
            given.data_processing_agreement = status;
            assert_eq!(
                step(&mut record, Command::ConcludeServiceQualification(given)),
                Err(WorkflowError::DataProcessingAgreementNotSigned { status })
            );
        }
    }
    let error = WorkflowError::DataProcessingAgreementNotSigned {
        status: AgreementStatus::InNegotiation,
    };
    assert_eq!(
        error.to_string(),
        "the service processes personal data but its data-processing agreement is still under negotiation: it must be signed before the cybersecurity assessment"
    );
}

#[test]
fn a_service_without_personal_data_needs_no_data_processing_agreement() {
    let mut record = vendor_at(Stage::ServiceQualification);
    let mut given = qualification();
    given.processes_personal_data = false;
    given.processes_health_data = false;
    given.data_processing_agreement = AgreementStatus::NotStarted;
    assert_eq!(
        step(&mut record, Command::ConcludeServiceQualification(given)),
        Ok(Stage::CybersecurityAssessment)
    );
}

#[test]
fn the_service_qualification_cannot_be_concluded_twice() {
    let mut record = vendor_at(Stage::Evaluation);
    assert_eq!(
        step(
            &mut record,
            Command::ConcludeServiceQualification(qualification())
        ),
        Err(WorkflowError::OutOfOrder {
            action: Action::ConcludeServiceQualification,
            stage: Stage::Evaluation
        })
    );
}

// Step 3: cybersecurity assessment.

#[test]
fn a_verified_submission_opens_the_evaluation() {
    let mut record = vendor_at(Stage::CybersecurityAssessment);
    let first = submission(1, Outcome::Accepted);
    assert_eq!(
        step(&mut record, Command::ReceiveSubmission(first.clone())),
        Ok(Stage::Evaluation)
    );
    assert_eq!(record.current_submission(), Some(&first));
    assert_eq!(record.submissions()[0].previous, None);
    assert_eq!(
        record.tier_source(),
        Some((
            Tier::Tier2,
            TierSource::Submission {
                digest: first.digest
            }
        ))
    );
}

#[test]
fn no_submission_is_received_before_the_service_qualification_is_concluded() {
    for stage in [Stage::Identification, Stage::ServiceQualification] {
        let mut record = vendor_at(stage);
        let error = step(
            &mut record,
            Command::ReceiveSubmission(submission(1, Outcome::Accepted)),
        )
        .expect_err("too early");
        assert_eq!(error, WorkflowError::AssessmentNotStarted { stage });
        assert!(record.submissions().is_empty());
    }
}

#[test]
fn a_submission_needs_a_pinned_key() {
    let mut record = new_vendor();
    ok(&mut record, Command::CompleteIdentification);
    ok(
        &mut record,
        Command::ConcludeServiceQualification(qualification()),
    );
    let error = step(
        &mut record,
        Command::ReceiveSubmission(submission(1, Outcome::Accepted)),
    )
    .expect_err("no pin");
    assert_eq!(error, WorkflowError::NoPinnedKey);
    assert_eq!(record.stage(), Stage::CybersecurityAssessment);
}

#[test]
fn a_submission_signed_with_another_key_is_refused_loudly() {
    let mut record = vendor_at(Stage::CybersecurityAssessment);
    let mut foreign = submission(1, Outcome::Accepted);
    foreign.signed_by = other_key();
    let error = step(&mut record, Command::ReceiveSubmission(foreign)).expect_err("other key");
    assert_eq!(
        error,
        WorkflowError::SignedByAnotherKey {
            signer: other_key(),
            pinned: key()
        }
    );
    assert!(
        error
            .to_string()
            .ends_with("a key change needs an explicit decision")
    );
}

#[test]
fn the_same_submission_imported_again_is_recognised_not_duplicated() {
    let mut record = vendor_at(Stage::ContractSignature);
    let error = step(
        &mut record,
        Command::ReceiveSubmission(submission(1, Outcome::Accepted)),
    )
    .expect_err("known");
    assert_eq!(
        error,
        WorkflowError::AlreadyReceived {
            digest: submission(1, Outcome::Accepted).digest,
            received_at: at()
        }
    );
    assert_eq!(record.submissions().len(), 1);
    assert_eq!(record.stage(), Stage::ContractSignature);
}

#[test]
fn an_older_or_equal_revision_of_the_same_assessment_is_refused() {
    let mut record = vendor_at(Stage::Evaluation);
    ok(
        &mut record,
        Command::ReceiveSubmission(submission(3, Outcome::Accepted)),
    );
    for revision in [2, 3] {
        let mut older = submission(revision, Outcome::Accepted);
        older.digest = Digest::of(format!("another {revision}").as_bytes());
        assert_eq!(
            step(&mut record, Command::ReceiveSubmission(older)),
            Err(WorkflowError::NotNewerRevision {
                assessment_id: "edc-2025".into(),
                revision,
                latest: 3
            })
        );
    }
}

#[test]
fn a_newer_revision_becomes_current_and_links_to_the_previous_one() {
    let mut record = vendor_at(Stage::Evaluation);
    let second = submission(2, Outcome::AcceptedWithCorrectiveActions);
    assert_eq!(
        step(&mut record, Command::ReceiveSubmission(second.clone())),
        Ok(Stage::Evaluation)
    );
    let first = submission(1, Outcome::Accepted);
    assert_eq!(record.current_submission(), Some(&second));
    assert_eq!(record.submissions()[1].previous, Some(first.digest));
    assert_eq!(
        record.submissions()[1].submission.supersedes,
        Some(first.digest)
    );
    // The decision must now be on the new revision.
    assert_eq!(
        step(
            &mut record,
            Command::Decide(decision(&first, Outcome::Accepted, decided_on()))
        ),
        Err(WorkflowError::NotTheCurrentSubmission {
            named: first.digest,
            current: second.digest
        })
    );
}

#[test]
fn malformed_submission_facts_are_refused() {
    let mut record = vendor_at(Stage::CybersecurityAssessment);
    let mut bad_score = submission(1, Outcome::Accepted);
    bad_score.score = Some("72,5".into());
    assert_eq!(
        step(&mut record, Command::ReceiveSubmission(bad_score)),
        Err(WorkflowError::InvalidScore {
            score: "72,5".into()
        })
    );
    let mut zero = submission(1, Outcome::Accepted);
    zero.revision = 0;
    assert_eq!(
        step(&mut record, Command::ReceiveSubmission(zero)),
        Err(WorkflowError::InvalidRevision { revision: 0 })
    );
    let mut anonymous = submission(1, Outcome::Accepted);
    anonymous.assessment_id = " ".into();
    assert_eq!(
        step(&mut record, Command::ReceiveSubmission(anonymous)),
        Err(WorkflowError::Missing {
            field: "assessment id"
        })
    );
    assert!(record.submissions().is_empty());
}

#[test]
fn a_claimed_result_that_differs_from_the_recomputed_one_is_flagged() {
    let mut record = vendor_at(Stage::CybersecurityAssessment);
    let mut claimed = submission(1, Outcome::Rejected);
    claimed.claimed_outcome = Outcome::Accepted;
    ok(&mut record, Command::ReceiveSubmission(claimed));
    let current = record.current_submission().expect("received");
    assert!(current.is_claim_different());
    assert!(record.summary(date(2025, 4, 1)).has_claim_difference);
}

// Step 4: evaluation.

#[test]
fn no_evaluation_without_a_verified_submission() {
    for stage in BEFORE_SUBMISSION {
        let mut record = vendor_at(stage);
        let phantom = submission(1, Outcome::Accepted);
        let error = step(
            &mut record,
            Command::Decide(decision(&phantom, Outcome::Accepted, decided_on())),
        )
        .expect_err("nothing to evaluate");
        assert_eq!(error, WorkflowError::NoSubmission { stage });
        assert!(record.decisions().is_empty());
    }
}

#[test]
fn an_accepting_decision_moves_the_vendor_to_contract_signature() {
    for outcome in [Outcome::Accepted, Outcome::AcceptedWithCorrectiveActions] {
        let mut record = vendor_at(Stage::CybersecurityAssessment);
        let first = submission(1, outcome);
        ok(&mut record, Command::ReceiveSubmission(first.clone()));
        assert_eq!(
            step(
                &mut record,
                Command::Decide(decision(&first, outcome, decided_on()))
            ),
            Ok(Stage::ContractSignature)
        );
        let decided = record.current_decision().expect("decided");
        assert_eq!(decided.outcome, outcome);
        assert_eq!(decided.tier, Tier::Tier2);
        assert_eq!(decided.reassess_by, date(2027, 4, 2));
    }
}

#[test]
fn a_stricter_decision_than_the_recomputed_outcome_is_allowed() {
    let mut record = vendor_at(Stage::Evaluation);
    let first = submission(1, Outcome::Accepted);
    assert_eq!(
        step(
            &mut record,
            Command::Decide(decision(
                &first,
                Outcome::AcceptedWithCorrectiveActions,
                decided_on()
            ))
        ),
        Ok(Stage::ContractSignature)
    );
}

#[test]
fn a_decision_cannot_be_better_than_the_recomputed_outcome() {
    let mut record = vendor_at(Stage::CybersecurityAssessment);
    let first = submission(1, Outcome::Rejected);
    ok(&mut record, Command::ReceiveSubmission(first.clone()));
    let error = step(
        &mut record,
        Command::Decide(decision(&first, Outcome::Accepted, decided_on())),
    )
    .expect_err("too generous");
    assert_eq!(
        error.to_string(),
        "the decision (accepted) cannot be better than the recomputed outcome (rejected): record a business risk acceptance instead"
    );
}

#[test]
fn a_decision_needs_a_reason() {
    let mut record = vendor_at(Stage::Evaluation);
    let mut silent = decision(
        &submission(1, Outcome::Accepted),
        Outcome::Accepted,
        decided_on(),
    );
    silent.reasons = vec!["  ".into()];
    assert_eq!(
        step(&mut record, Command::Decide(silent)),
        Err(WorkflowError::ReasonsMissing)
    );
}

#[test]
fn accepted_with_corrective_actions_needs_a_plan_and_numbers_its_items() {
    let mut record = vendor_at(Stage::CybersecurityAssessment);
    let first = submission(1, Outcome::AcceptedWithCorrectiveActions);
    ok(&mut record, Command::ReceiveSubmission(first.clone()));
    let mut planless = decision(&first, Outcome::AcceptedWithCorrectiveActions, decided_on());
    planless.plan.clear();
    assert_eq!(
        step(&mut record, Command::Decide(planless.clone())),
        Err(WorkflowError::PlanMissing)
    );
    planless.plan = vec![
        plan_item("Enforce MFA", date(2025, 7, 2)),
        plan_item("Test restores", date(2025, 10, 2)),
    ];
    ok(&mut record, Command::Decide(planless));
    let ids: Vec<u32> = record.plan().iter().map(|item| item.id).collect();
    assert_eq!(ids, [1, 2]);
    assert!(
        record
            .plan()
            .iter()
            .all(|item| item.status == ActionStatus::Open && item.submission == first.digest)
    );
    assert_eq!(
        record.current_decision().expect("decided").plan_items,
        [1, 2]
    );
}

#[test]
fn a_plan_item_needs_an_action_and_an_owner() {
    let mut record = vendor_at(Stage::CybersecurityAssessment);
    let first = submission(1, Outcome::AcceptedWithCorrectiveActions);
    ok(&mut record, Command::ReceiveSubmission(first.clone()));
    let mut ownerless = decision(&first, Outcome::AcceptedWithCorrectiveActions, decided_on());
    ownerless
        .plan
        .push(plan_item("Patch within 30 days", date(2025, 7, 2)));
    ownerless.plan[1].owner = " ".into();
    let error = step(&mut record, Command::Decide(ownerless.clone())).expect_err("no owner");
    assert_eq!(error.to_string(), "corrective action 2 has no owner");
    ownerless.plan[1].owner = "CRO IT".into();
    ownerless.plan[0].item = String::new();
    let ownerless_question = ownerless.plan[0].question.as_ref().map(ToString::to_string);
    assert_eq!(
        step(&mut record, Command::Decide(ownerless)),
        Err(WorkflowError::PlanItemIncomplete {
            position: 1,
            question: ownerless_question,
            field: "action"
        })
    );
}

#[test]
fn a_rejection_stops_the_vendor() {
    let record = vendor_at(Stage::Stopped);
    assert_eq!(record.stage(), Stage::Stopped);
    assert_eq!(
        record.latest_decision().map(|decision| decision.outcome),
        Some(Outcome::Rejected)
    );
}

#[test]
fn a_stopped_vendor_has_no_reassessment_date() {
    let record = vendor_at(Stage::Stopped);
    assert_eq!(record.next_reassessment(), None);
    assert!(!record.is_reassessment_overdue(date(2099, 1, 1)));
}

#[test]
fn a_rejected_vendor_stays_stopped_until_a_new_assessment() {
    let mut record = vendor_at(Stage::Stopped);
    let first = submission(1, Outcome::Rejected);
    assert_eq!(
        step(
            &mut record,
            Command::Decide(decision(&first, Outcome::Rejected, decided_on()))
        ),
        Err(WorkflowError::VendorStopped)
    );
    assert_eq!(
        step(&mut record, Command::SignContract(contract(signed_on()))),
        Err(WorkflowError::VendorStopped)
    );
    assert_eq!(
        step(&mut record, Command::StartServices { on: started_on() }),
        Err(WorkflowError::VendorStopped)
    );
    assert_eq!(
        WorkflowError::VendorStopped.to_string(),
        "the vendor was rejected and stays stopped until a new assessment arrives or a business risk acceptance is recorded"
    );
    assert_eq!(record.stage(), Stage::Stopped);

    let second = submission(2, Outcome::Accepted);
    assert_eq!(
        step(&mut record, Command::ReceiveSubmission(second.clone())),
        Ok(Stage::Evaluation)
    );
    assert_eq!(
        step(
            &mut record,
            Command::Decide(decision(&second, Outcome::Accepted, date(2025, 6, 1)))
        ),
        Ok(Stage::ContractSignature)
    );
}

#[test]
fn a_decision_cannot_be_repeated_on_the_same_submission() {
    for stage in [
        Stage::ContractSignature,
        Stage::StartOfServices,
        Stage::InService,
    ] {
        let mut record = vendor_at(stage);
        let first = submission(1, Outcome::Accepted);
        assert_eq!(
            step(
                &mut record,
                Command::Decide(decision(&first, Outcome::Rejected, decided_on()))
            ),
            Err(WorkflowError::AlreadyDecided { stage })
        );
    }
}

// Step 5: contract signature.

#[test]
fn a_contract_cannot_be_signed_before_an_accepting_evaluation() {
    for stage in [
        Stage::Identification,
        Stage::ServiceQualification,
        Stage::CybersecurityAssessment,
        Stage::Evaluation,
    ] {
        let mut record = vendor_at(stage);
        let error = step(&mut record, Command::SignContract(contract(signed_on())))
            .expect_err("not accepted yet");
        assert_eq!(error, WorkflowError::ContractBeforeAcceptance { stage });
        assert!(record.contract().is_none());
    }
    assert_eq!(
        WorkflowError::ContractBeforeAcceptance {
            stage: Stage::Evaluation
        }
        .to_string(),
        "the contract cannot be signed before an evaluation that accepted the vendor (with or without corrective actions) or a business risk acceptance in force: the vendor is at evaluation"
    );
}

#[test]
fn a_contract_signed_after_an_accepting_decision_opens_the_start_of_services() {
    let mut record = vendor_at(Stage::ContractSignature);
    assert_eq!(
        step(&mut record, Command::SignContract(contract(signed_on()))),
        Ok(Stage::StartOfServices)
    );
    assert_eq!(record.contract(), Some(&contract(signed_on())));
}

#[test]
fn a_contract_signed_on_the_decision_day_is_allowed_but_not_before_it() {
    let mut record = vendor_at(Stage::ContractSignature);
    let error = step(
        &mut record,
        Command::SignContract(contract(date(2025, 4, 1))),
    )
    .expect_err("before the decision");
    assert_eq!(
        error.to_string(),
        "2025-04-01 is before the evaluation decision of 2025-04-02: signing the contract on that date is refused"
    );
    assert_eq!(
        step(&mut record, Command::SignContract(contract(decided_on()))),
        Ok(Stage::StartOfServices)
    );
}

#[test]
fn a_contract_or_a_start_of_services_dated_after_today_is_refused() {
    // `at()` is 2025-06-02: one day of grace covers time zones east of UTC.
    let mut record = vendor_at(Stage::ContractSignature);
    let error = step(
        &mut record,
        Command::SignContract(contract(date(2099, 1, 1))),
    )
    .expect_err("a future contract");
    assert_eq!(
        error.to_string(),
        "the contract signed on 2099-01-01 is in the future (today is 2025-06-02): record it once it happened"
    );
    assert_eq!(record.stage(), Stage::ContractSignature, "nothing changed");
    assert_eq!(
        step(
            &mut record,
            Command::SignContract(contract(date(2025, 6, 3)))
        ),
        Ok(Stage::StartOfServices)
    );
    let error = step(
        &mut record,
        Command::StartServices {
            on: date(2025, 6, 4),
        },
    )
    .expect_err("a future start");
    assert!(matches!(
        error,
        WorkflowError::DateInFuture {
            what: "the start of services",
            ..
        }
    ));
}

#[test]
fn a_contract_needs_a_reference() {
    let mut record = vendor_at(Stage::ContractSignature);
    let mut unnamed = contract(signed_on());
    unnamed.reference = "  ".into();
    assert_eq!(
        step(&mut record, Command::SignContract(unnamed)),
        Err(WorkflowError::Missing {
            field: "contract reference"
        })
    );
}

#[test]
fn a_second_contract_is_refused() {
    for stage in [
        Stage::StartOfServices,
        Stage::InService,
        Stage::Reassessment,
    ] {
        let mut record = vendor_at(stage);
        assert_eq!(
            step(
                &mut record,
                Command::SignContract(contract(date(2025, 9, 1)))
            ),
            Err(WorkflowError::ContractAlreadySigned {
                signed_on: signed_on()
            })
        );
    }
}

// Corrections of the contract and of the start of services.

#[test]
fn a_contract_typed_wrong_is_corrected_with_a_reason_and_both_versions_in_the_trail() {
    let mut record = vendor_at(Stage::InService);
    let corrected = Contract {
        signed_on: date(2025, 4, 12),
        reference: "MSA-2025-041".into(),
    };
    assert_eq!(
        record
            .apply(Command::CorrectContract(corrected.clone()), by())
            .map(|_| ()),
        Err(WorkflowError::ReasonRequired {
            action: "correcting the contract"
        })
    );
    let entry = record
        .apply(
            Command::CorrectContract(corrected.clone()),
            because("reference digits swapped when typed"),
        )
        .expect("corrected");
    assert_eq!(
        entry.event.to_string(),
        "contract corrected: MSA-2025-041 signed on 2025-04-12 (was MSA-2025-014 signed on 2025-04-10)"
    );
    assert!(entry.step.is_none(), "a correction is not a step");
    assert_eq!(record.contract(), Some(&corrected));
    assert_eq!(record.stage(), Stage::InService);
    assert_eq!(
        record
            .apply(Command::CorrectContract(corrected), because("again"))
            .map(|_| ()),
        Err(WorkflowError::CorrectionChangesNothing { what: "contract" })
    );
}

#[test]
fn a_corrected_contract_stays_between_the_decision_and_the_start_of_services() {
    let mut record = vendor_at(Stage::InService);
    let correct = |record: &mut VendorRecord, on| {
        record
            .apply(Command::CorrectContract(contract(on)), because("typo"))
            .map(|_| ())
    };
    assert_eq!(
        correct(&mut record, date(2025, 5, 2)),
        Err(WorkflowError::ContractAfterStart {
            signed_on: date(2025, 5, 2),
            started_on: started_on()
        })
    );
    assert_eq!(
        correct(&mut record, date(2025, 4, 1)),
        Err(WorkflowError::DatedBeforeDecision {
            action: Action::SignContract,
            on: date(2025, 4, 1),
            decided_on: decided_on()
        })
    );
    assert_eq!(record.contract(), Some(&contract(signed_on())), "unchanged");
    // Before services start, any date from the decision on is allowed.
    let mut signed = vendor_at(Stage::StartOfServices);
    let error = correct(&mut signed, date(2099, 1, 1)).expect_err("in the future");
    assert!(
        matches!(error, WorkflowError::DateInFuture { .. }),
        "{error}"
    );
    assert_eq!(correct(&mut signed, date(2025, 5, 20)), Ok(()));
}

#[test]
fn a_start_of_services_typed_wrong_is_corrected_within_its_period() {
    let mut record = vendor_at(Stage::InService);
    let correct = |record: &mut VendorRecord, on| {
        record
            .apply(
                Command::CorrectServiceStart { on },
                because("the kick-off moved"),
            )
            .map(|entry| entry.event.to_string())
    };
    assert_eq!(
        correct(&mut record, date(2025, 4, 9)),
        Err(WorkflowError::StartBeforeContract {
            on: date(2025, 4, 9),
            signed_on: signed_on()
        })
    );
    assert_eq!(
        correct(&mut record, started_on()),
        Err(WorkflowError::CorrectionChangesNothing {
            what: "start of services"
        })
    );
    assert_eq!(
        record
            .apply(
                Command::CorrectServiceStart {
                    on: date(2025, 5, 5)
                },
                by()
            )
            .map(|_| ()),
        Err(WorkflowError::ReasonRequired {
            action: "correcting the start of services"
        })
    );
    assert_eq!(
        correct(&mut record, date(2025, 5, 5)),
        Ok("start of services corrected: 2025-05-05 (was 2025-05-01)".into())
    );
    assert_eq!(record.service_periods()[0].started_on, date(2025, 5, 5));
    assert_eq!(record.stage(), Stage::InService);
}

#[test]
fn nothing_is_corrected_before_it_was_recorded() {
    let mut record = vendor_at(Stage::ContractSignature);
    assert_eq!(
        record
            .apply(
                Command::CorrectContract(contract(signed_on())),
                because("x")
            )
            .map(|_| ()),
        Err(WorkflowError::NothingRecorded { what: "contract" })
    );
    let mut record = vendor_at(Stage::StartOfServices);
    assert_eq!(
        record
            .apply(
                Command::CorrectServiceStart { on: started_on() },
                because("x")
            )
            .map(|_| ()),
        Err(WorkflowError::NothingRecorded {
            what: "start of services"
        })
    );
}

#[test]
fn corrections_survive_a_reload_of_the_record() {
    let mut record = vendor_at(Stage::InService);
    ok(
        &mut record,
        Command::CorrectContract(contract(date(2025, 4, 11))),
    );
    ok(
        &mut record,
        Command::CorrectServiceStart {
            on: date(2025, 5, 2),
        },
    );
    let loaded = VendorRecord::from_json(&record.to_json()).expect("reads back");
    assert!(loaded.integrity.is_intact());
    assert_eq!(loaded.record.contract(), Some(&contract(date(2025, 4, 11))));
    assert_eq!(
        loaded.record.service_periods()[0].started_on,
        date(2025, 5, 2)
    );
}

// Business risk acceptance.

#[test]
fn a_risk_acceptance_in_force_allows_the_contract_after_a_rejection() {
    let mut record = vendor_at(Stage::Stopped);
    let first = submission(1, Outcome::Rejected);
    let acceptance = risk_acceptance(Outcome::Rejected, date(2025, 4, 5), date(2025, 12, 31));
    assert_eq!(
        step(
            &mut record,
            Command::AcceptRisk {
                submission: first.digest,
                acceptance
            }
        ),
        Ok(Stage::ContractSignature)
    );
    assert_eq!(
        step(&mut record, Command::SignContract(contract(signed_on()))),
        Ok(Stage::StartOfServices)
    );
    assert_eq!(
        step(&mut record, Command::StartServices { on: started_on() }),
        Ok(Stage::InService)
    );
    // The re-assessment is due when the acceptance ends, sooner than the tier's 24 months.
    assert_eq!(record.next_reassessment(), Some(date(2025, 12, 31)));
    assert!(record.summary(started_on()).risk_accepted);
}

#[test]
fn an_expired_risk_acceptance_does_not() {
    let mut record = vendor_at(Stage::Stopped);
    let first = submission(1, Outcome::Rejected);
    let acceptance = risk_acceptance(Outcome::Rejected, date(2025, 4, 3), date(2025, 4, 9));
    ok(
        &mut record,
        Command::AcceptRisk {
            submission: first.digest,
            acceptance,
        },
    );
    let error = step(&mut record, Command::SignContract(contract(signed_on())))
        .expect_err("expired on the 9th");
    assert_eq!(
        error,
        WorkflowError::RiskAcceptanceNotInForce {
            action: Action::SignContract,
            on: signed_on(),
            accepted_on: date(2025, 4, 3),
            expires_on: date(2025, 4, 9)
        }
    );
    assert_eq!(
        error.to_string(),
        "the business risk acceptance is in force from 2025-04-03 to 2025-04-09, not on 2025-04-10: signing the contract on that date is refused"
    );
    // Its last day still counts.
    assert_eq!(
        step(
            &mut record,
            Command::SignContract(contract(date(2025, 4, 9)))
        ),
        Ok(Stage::StartOfServices)
    );
    // And services cannot start once it has lapsed.
    assert_eq!(
        step(&mut record, Command::StartServices { on: started_on() }),
        Err(WorkflowError::RiskAcceptanceNotInForce {
            action: Action::StartServices,
            on: started_on(),
            accepted_on: date(2025, 4, 3),
            expires_on: date(2025, 4, 9)
        })
    );
}

#[test]
fn a_risk_acceptance_not_yet_approved_on_the_contract_date_does_not_count() {
    let mut record = vendor_at(Stage::Stopped);
    let first = submission(1, Outcome::Rejected);
    let acceptance = risk_acceptance(Outcome::Rejected, date(2025, 4, 20), date(2025, 12, 31));
    ok(
        &mut record,
        Command::AcceptRisk {
            submission: first.digest,
            acceptance,
        },
    );
    assert!(matches!(
        step(&mut record, Command::SignContract(contract(signed_on()))),
        Err(WorkflowError::RiskAcceptanceNotInForce { .. })
    ));
}

#[test]
fn a_risk_acceptance_recorded_before_a_rejection_lets_the_decision_go_ahead() {
    let mut record = vendor_at(Stage::CybersecurityAssessment);
    let first = submission(1, Outcome::Rejected);
    ok(&mut record, Command::ReceiveSubmission(first.clone()));
    let acceptance = risk_acceptance(Outcome::Rejected, date(2025, 4, 1), date(2025, 12, 31));
    assert_eq!(
        step(
            &mut record,
            Command::AcceptRisk {
                submission: first.digest,
                acceptance
            }
        ),
        Ok(Stage::Evaluation)
    );
    assert_eq!(
        step(
            &mut record,
            Command::Decide(decision(&first, Outcome::Rejected, decided_on()))
        ),
        Ok(Stage::ContractSignature)
    );
}

#[test]
fn a_risk_acceptance_must_be_for_the_current_submission_its_outcome_and_its_pack() {
    let mut record = vendor_at(Stage::Stopped);
    let first = submission(1, Outcome::Rejected);
    let acceptance = risk_acceptance(Outcome::Rejected, date(2025, 4, 5), date(2025, 12, 31));
    let elsewhere = Digest::of(b"another submission");
    assert_eq!(
        step(
            &mut record,
            Command::AcceptRisk {
                submission: elsewhere,
                acceptance: acceptance.clone()
            }
        ),
        Err(WorkflowError::NotTheCurrentSubmission {
            named: elsewhere,
            current: first.digest
        })
    );
    let other_outcome = risk_acceptance(
        Outcome::AcceptedWithCorrectiveActions,
        date(2025, 4, 5),
        date(2025, 12, 31),
    );
    assert_eq!(
        step(
            &mut record,
            Command::AcceptRisk {
                submission: first.digest,
                acceptance: other_outcome
            }
        ),
        Err(WorkflowError::RiskAcceptanceForAnotherOutcome {
            accepted: Outcome::AcceptedWithCorrectiveActions,
            computed: Outcome::Rejected
        })
    );
    let mut other_pack: serde_json::Value = serde_json::to_value(&acceptance).expect("json");
    other_pack["pack_digest"] = Digest::of(b"another pack").to_string().into();
    let other_pack = serde_json::from_value(other_pack).expect("a risk acceptance");
    assert_eq!(
        step(
            &mut record,
            Command::AcceptRisk {
                submission: first.digest,
                acceptance: other_pack
            }
        ),
        Err(WorkflowError::RiskAcceptanceForAnotherPack {
            accepted: Digest::of(b"another pack"),
            evaluated: pack_digest()
        })
    );
    assert!(record.risk_acceptances().is_empty());
}

#[test]
fn a_risk_acceptance_needs_a_verified_submission() {
    for stage in BEFORE_SUBMISSION {
        let mut record = vendor_at(stage);
        let acceptance = risk_acceptance(Outcome::Rejected, date(2025, 4, 5), date(2025, 12, 31));
        assert_eq!(
            step(
                &mut record,
                Command::AcceptRisk {
                    submission: submission(1, Outcome::Rejected).digest,
                    acceptance
                }
            ),
            Err(WorkflowError::NoSubmission { stage })
        );
    }
}

// Step 6: start of services.

#[test]
fn no_start_of_services_before_the_contract() {
    for stage in [
        Stage::Identification,
        Stage::ServiceQualification,
        Stage::CybersecurityAssessment,
        Stage::Evaluation,
        Stage::ContractSignature,
    ] {
        let mut record = vendor_at(stage);
        let error = step(&mut record, Command::StartServices { on: started_on() })
            .expect_err("no contract");
        assert_eq!(error, WorkflowError::ServicesBeforeContract { stage });
        assert!(record.service_periods().is_empty());
    }
}

#[test]
fn services_start_after_the_contract_and_not_before_its_date() {
    let mut record = vendor_at(Stage::StartOfServices);
    let error = step(
        &mut record,
        Command::StartServices {
            on: date(2025, 4, 9),
        },
    )
    .expect_err("before the contract");
    assert_eq!(
        error.to_string(),
        "services cannot start on 2025-04-09, before the contract signed on 2025-04-10"
    );
    assert_eq!(
        step(&mut record, Command::StartServices { on: signed_on() }),
        Ok(Stage::InService)
    );
    assert_eq!(record.service_periods()[0].started_on, signed_on());
    assert_eq!(record.service_periods()[0].stopped_on, None);
    assert!(record.stage().is_in_service());
}

#[test]
fn services_start_only_once() {
    for stage in [Stage::InService, Stage::Reassessment] {
        let mut record = vendor_at(stage);
        assert_eq!(
            step(&mut record, Command::StartServices { on: started_on() }),
            Err(WorkflowError::ServicesAlreadyStarted { stage })
        );
    }
}

// The ongoing phase.

#[test]
fn a_new_submission_in_service_opens_a_reassessment_while_services_go_on() {
    let mut record = vendor_at(Stage::InService);
    let second = submission(2, Outcome::Accepted);
    assert_eq!(
        step(&mut record, Command::ReceiveSubmission(second.clone())),
        Ok(Stage::Reassessment)
    );
    assert!(record.stage().is_in_service());
    assert_eq!(
        record.submissions()[1].previous,
        Some(submission(1, Outcome::Accepted).digest)
    );
    // A third revision during the re-assessment replaces the second.
    assert_eq!(
        step(
            &mut record,
            Command::ReceiveSubmission(submission(3, Outcome::Accepted))
        ),
        Ok(Stage::Reassessment)
    );
}

#[test]
fn an_accepting_reassessment_keeps_services_and_moves_the_due_date() {
    let mut record = vendor_at(Stage::Reassessment);
    assert_eq!(record.next_reassessment(), Some(date(2027, 4, 2)));
    let second = submission(2, Outcome::Accepted);
    assert_eq!(
        step(
            &mut record,
            Command::Decide(decision(&second, Outcome::Accepted, date(2026, 3, 15)))
        ),
        Ok(Stage::InService)
    );
    assert_eq!(record.next_reassessment(), Some(date(2028, 3, 15)));
    assert_eq!(record.service_periods().len(), 1);
}

#[test]
fn a_rejecting_reassessment_stops_services() {
    let mut record = vendor_at(Stage::InService);
    let second = submission(2, Outcome::Rejected);
    ok(&mut record, Command::ReceiveSubmission(second.clone()));
    assert_eq!(
        step(
            &mut record,
            Command::Decide(decision(&second, Outcome::Rejected, date(2026, 3, 15)))
        ),
        Ok(Stage::Stopped)
    );
    assert_eq!(
        record.service_periods()[0].stopped_on,
        Some(date(2026, 3, 15))
    );
    assert!(!record.stage().is_in_service());
}

#[test]
fn a_rejecting_reassessment_with_a_risk_acceptance_in_force_keeps_services() {
    let mut record = vendor_at(Stage::InService);
    let second = submission(2, Outcome::Rejected);
    ok(&mut record, Command::ReceiveSubmission(second.clone()));
    ok(
        &mut record,
        Command::AcceptRisk {
            submission: second.digest,
            acceptance: risk_acceptance(Outcome::Rejected, date(2026, 3, 1), date(2026, 9, 30)),
        },
    );
    assert_eq!(
        step(
            &mut record,
            Command::Decide(decision(&second, Outcome::Rejected, date(2026, 3, 15)))
        ),
        Ok(Stage::InService)
    );
    assert_eq!(record.next_reassessment(), Some(date(2026, 9, 30)));
}

#[test]
fn services_stopped_by_a_reassessment_restart_after_a_new_accepted_assessment() {
    let mut record = vendor_at(Stage::InService);
    let second = submission(2, Outcome::Rejected);
    ok(&mut record, Command::ReceiveSubmission(second.clone()));
    ok(
        &mut record,
        Command::Decide(decision(&second, Outcome::Rejected, date(2026, 3, 15))),
    );
    let third = submission(3, Outcome::Accepted);
    assert_eq!(
        step(&mut record, Command::ReceiveSubmission(third.clone())),
        Ok(Stage::Evaluation)
    );
    // The contract is still signed, so acceptance leads to the start of services again.
    assert_eq!(
        step(
            &mut record,
            Command::Decide(decision(&third, Outcome::Accepted, date(2026, 5, 1)))
        ),
        Ok(Stage::StartOfServices)
    );
    assert_eq!(
        step(
            &mut record,
            Command::StartServices {
                on: date(2026, 4, 30)
            }
        ),
        Err(WorkflowError::DatedBeforeDecision {
            action: Action::StartServices,
            on: date(2026, 4, 30),
            decided_on: date(2026, 5, 1)
        })
    );
    // Recorded on the day the services started again.
    let that_day = croqual::workflow::Attribution::new(
        "Quinn Lead",
        "2026-05-04T09:00:00Z".parse().expect("a time"),
        "",
    );
    let started = record
        .apply(
            Command::StartServices {
                on: date(2026, 5, 4),
            },
            that_day,
        )
        .map(|_| ());
    assert_eq!(started, Ok(()));
    assert_eq!(record.stage(), Stage::InService);
    assert_eq!(record.service_periods().len(), 2);
}

#[test]
fn a_new_submission_before_the_contract_reopens_the_evaluation() {
    let mut record = vendor_at(Stage::ContractSignature);
    assert_eq!(
        step(
            &mut record,
            Command::ReceiveSubmission(submission(2, Outcome::Rejected))
        ),
        Ok(Stage::Evaluation)
    );
    // The acceptance of revision 1 no longer allows the contract.
    assert_eq!(
        step(&mut record, Command::SignContract(contract(signed_on()))),
        Err(WorkflowError::ContractBeforeAcceptance {
            stage: Stage::Evaluation
        })
    );
    assert!(record.current_decision().is_none());
}

#[test]
fn a_new_submission_after_the_contract_reopens_the_evaluation_and_leads_back_to_the_start() {
    let mut record = vendor_at(Stage::StartOfServices);
    let second = submission(2, Outcome::Accepted);
    assert_eq!(
        step(&mut record, Command::ReceiveSubmission(second.clone())),
        Ok(Stage::Evaluation)
    );
    assert_eq!(
        step(&mut record, Command::StartServices { on: started_on() }),
        Err(WorkflowError::OutOfOrder {
            action: Action::StartServices,
            stage: Stage::Evaluation
        })
    );
    assert_eq!(
        step(
            &mut record,
            Command::Decide(decision(&second, Outcome::Accepted, date(2025, 4, 20)))
        ),
        Ok(Stage::StartOfServices)
    );
    assert_eq!(
        step(&mut record, Command::StartServices { on: started_on() }),
        Ok(Stage::InService)
    );
}

#[test]
fn a_refused_change_leaves_the_record_and_its_trail_as_they_were() {
    let mut record = vendor_at(Stage::Evaluation);
    let before = record.clone();
    assert!(step(&mut record, Command::SignContract(contract(signed_on()))).is_err());
    assert!(step(&mut record, Command::StartServices { on: started_on() }).is_err());
    assert_eq!(record, before);
}

#[test]
fn every_change_needs_a_name() {
    let mut record = vendor_at(Stage::Identification);
    let anonymous = croqual::workflow::Attribution::new(" \t", at(), "why not");
    let error = record
        .apply(Command::CompleteIdentification, anonymous.clone())
        .expect_err("who?");
    assert_eq!(
        error.to_string(),
        "who makes this change is missing: type your name"
    );
    assert!(
        croqual::workflow::VendorRecord::new(
            "VND-0009".parse().expect("an id"),
            &organisation(),
            &service(),
            anonymous
        )
        .is_err()
    );
}

// Tier and re-assessment.

#[test]
fn reassessment_is_due_after_the_tiers_interval_counted_from_the_decision_date() {
    for (tier, due) in [
        (Tier::Tier1, date(2025, 2, 28)),
        (Tier::Tier2, date(2026, 2, 28)),
        (Tier::Tier3, date(2027, 2, 28)),
        (Tier::Tier4, date(2028, 2, 29)),
    ] {
        let mut record = vendor_at(Stage::CybersecurityAssessment);
        let mut first = submission(1, Outcome::Accepted);
        first.tier = tier;
        ok(&mut record, Command::ReceiveSubmission(first.clone()));
        // From the last day of February of a leap year.
        ok(
            &mut record,
            Command::Decide(decision(&first, Outcome::Accepted, date(2024, 2, 29))),
        );
        assert_eq!(record.next_reassessment(), Some(due), "{tier}");
        assert!(!record.is_reassessment_overdue(due));
        assert!(record.is_reassessment_overdue(due.tomorrow().expect("a day")));
    }
}

#[test]
fn a_tier_the_sponsor_confirms_prevails_over_the_submissions() {
    let mut record = vendor_at(Stage::Evaluation);
    let inputs = TieringInputs {
        business_function: BusinessFunction::Critical,
        data: DataSensitivity::HealthOrTrialSubject,
        access: SystemAccess::Interactive,
        hosts_french_health_data: false,
        hds_activities: Default::default(),
    };
    assert_eq!(
        step(&mut record, Command::ConfirmTier(inputs)),
        Ok(Stage::Evaluation)
    );
    assert_eq!(
        record.tier_source(),
        Some((Tier::Tier1, TierSource::Sponsor))
    );
    let first = submission(1, Outcome::Accepted);
    ok(
        &mut record,
        Command::Decide(decision(&first, Outcome::Accepted, decided_on())),
    );
    let decided = record.current_decision().expect("decided");
    assert_eq!(decided.tier, Tier::Tier1);
    assert_eq!(decided.reassess_by, date(2026, 4, 2));
}

// Keys.

#[test]
fn pinning_a_key_records_who_when_and_how() {
    let record = vendor_at(Stage::ServiceQualification);
    let pinned = record.keys().current.as_ref().expect("pinned");
    assert_eq!(pinned.fingerprint, key());
    assert_eq!(pinned.source, KeySource::PublicKeyFile);
    assert_eq!(pinned.pinned_by, "Quinn Lead");
    assert_eq!(pinned.pinned_at, at());
}

#[test]
fn pinning_a_second_key_is_refused_as_a_silent_key_change() {
    let mut record = vendor_at(Stage::ServiceQualification);
    let error = step(
        &mut record,
        Command::PinKey {
            fingerprint: other_key(),
            source: KeySource::ConfirmedFingerprint,
        },
    )
    .expect_err("a change");
    assert_eq!(
        error,
        WorkflowError::KeyAlreadyPinned {
            pinned: key(),
            offered: other_key()
        }
    );
    assert_eq!(
        step(
            &mut record,
            Command::PinKey {
                fingerprint: key(),
                source: KeySource::PublicKeyFile
            }
        ),
        Err(WorkflowError::SameKey { fingerprint: key() })
    );
    assert_eq!(record.keys().fingerprint(), Some(key()));
}

#[test]
fn replacing_the_key_is_an_explicit_decision_with_a_reason_that_keeps_the_history() {
    let mut record = vendor_at(Stage::InService);
    let replace = Command::ReplaceKey {
        fingerprint: other_key(),
        source: KeySource::ConfirmedFingerprint,
    };
    assert_eq!(
        record.apply(replace.clone(), by()).map(|_| ()),
        Err(WorkflowError::ReasonRequired {
            action: "replacing the pinned key"
        })
    );
    let later: jiff::Timestamp = "2026-01-10T08:00:00Z".parse().expect("a timestamp");
    record
        .apply(
            replace,
            croqual::workflow::Attribution::new(
                "Quinn Lead",
                later,
                "Key rotated after laptop loss; fingerprint read over the phone with A. Muster",
            ),
        )
        .expect("replaced");
    let keys = record.keys();
    assert_eq!(keys.fingerprint(), Some(other_key()));
    assert_eq!(keys.replacements.len(), 1);
    let replacement = &keys.replacements[0];
    assert_eq!(replacement.replaced.fingerprint, key());
    assert_eq!(replacement.replaced.pinned_at, at());
    assert_eq!(replacement.replacement, other_key());
    assert_eq!(replacement.decided_at, later);
    assert!(replacement.why.starts_with("Key rotated"));

    // From now on only the new key is accepted.
    let old_key = submission(2, Outcome::Accepted);
    assert_eq!(
        step(&mut record, Command::ReceiveSubmission(old_key.clone())),
        Err(WorkflowError::SignedByAnotherKey {
            signer: key(),
            pinned: other_key()
        })
    );
    let mut new_key = old_key;
    new_key.signed_by = other_key();
    assert_eq!(
        step(&mut record, Command::ReceiveSubmission(new_key)),
        Ok(Stage::Reassessment)
    );
}

#[test]
fn a_key_cannot_be_replaced_by_itself_or_before_one_is_pinned() {
    let mut record = new_vendor();
    let replace = |fingerprint| Command::ReplaceKey {
        fingerprint,
        source: KeySource::PublicKeyFile,
    };
    assert_eq!(
        record
            .apply(replace(key()), because("rotation"))
            .map(|_| ()),
        Err(WorkflowError::NoKeyToReplace)
    );
    ok(
        &mut record,
        Command::PinKey {
            fingerprint: key(),
            source: KeySource::PublicKeyFile,
        },
    );
    assert_eq!(
        record
            .apply(replace(key()), because("rotation"))
            .map(|_| ()),
        Err(WorkflowError::SameKey { fingerprint: key() })
    );
}

// The corrective-action plan.

fn vendor_with_plan() -> croqual::workflow::VendorRecord {
    let mut record = vendor_at(Stage::CybersecurityAssessment);
    let first = submission(1, Outcome::AcceptedWithCorrectiveActions);
    ok(&mut record, Command::ReceiveSubmission(first.clone()));
    ok(
        &mut record,
        Command::Decide(decision(
            &first,
            Outcome::AcceptedWithCorrectiveActions,
            decided_on(),
        )),
    );
    record
}

#[test]
fn plan_items_change_status_and_owner_with_an_audit_entry() {
    let mut record = vendor_with_plan();
    let entries = record.trail().len();
    ok(
        &mut record,
        Command::ChangePlanItem {
            id: 1,
            change: PlanChange {
                status: Some(ActionStatus::InProgress),
                owner: Some(" CRO IT ".into()),
                due_on: None,
            },
        },
    );
    let item = record.plan_item(1).expect("item 1");
    assert_eq!(item.status, ActionStatus::InProgress);
    assert_eq!(item.owner, "CRO IT");
    assert_eq!(record.trail().len(), entries + 1);
    assert_eq!(record.stage(), Stage::ContractSignature);
    for status in [ActionStatus::Done, ActionStatus::Verified] {
        ok(
            &mut record,
            Command::ChangePlanItem {
                id: 1,
                change: PlanChange {
                    status: Some(status),
                    ..PlanChange::default()
                },
            },
        );
    }
    assert_eq!(record.open_actions(), 0);
}

#[test]
fn a_new_decision_supersedes_the_open_items_of_the_plan_before_it() {
    let mut record = vendor_with_plan();
    assert_eq!(record.open_actions(), 1);
    // A re-assessment: a newer revision, decided with a plan of its own.
    ok(&mut record, Command::SignContract(contract(decided_on())));
    let second = submission(2, Outcome::AcceptedWithCorrectiveActions);
    ok(&mut record, Command::ReceiveSubmission(second.clone()));
    let mut again = decision(
        &second,
        Outcome::AcceptedWithCorrectiveActions,
        decided_on(),
    );
    again
        .plan
        .push(plan_item("Test the restore of backups", date(2025, 11, 3)));
    ok(&mut record, Command::Decide(again));
    assert_eq!(record.plan().len(), 3, "every item stays in the history");
    assert_eq!(record.open_actions(), 2, "only the new plan counts");
    assert!(record.is_superseded(&record.plan()[0]));
    assert_eq!(
        record
            .current_plan()
            .map(|item| item.id)
            .collect::<Vec<_>>(),
        [2, 3]
    );
    assert_eq!(record.overdue_actions(date(2026, 1, 1)), 2);
    // A later acceptance without a plan leaves nothing open.
    let third = submission(3, Outcome::Accepted);
    ok(&mut record, Command::ReceiveSubmission(third.clone()));
    ok(
        &mut record,
        Command::Decide(decision(&third, Outcome::Accepted, decided_on())),
    );
    assert_eq!(record.open_actions(), 0);
}

#[test]
fn moving_a_due_date_needs_a_reason() {
    let mut record = vendor_with_plan();
    let later = Command::ChangePlanItem {
        id: 1,
        change: PlanChange {
            due_on: Some(date(2025, 12, 31)),
            ..PlanChange::default()
        },
    };
    assert_eq!(
        record.apply(later.clone(), by()).map(|_| ()),
        Err(WorkflowError::ReasonRequired {
            action: "moving a corrective action's due date"
        })
    );
    record
        .apply(later, because("MFA rollout waits for the new VPN"))
        .expect("moved");
    assert_eq!(
        record.plan_item(1).expect("item").due_on,
        date(2025, 12, 31)
    );
}

#[test]
fn a_plan_change_that_changes_nothing_or_names_no_item_is_refused() {
    let mut record = vendor_with_plan();
    assert_eq!(
        step(
            &mut record,
            Command::ChangePlanItem {
                id: 1,
                change: PlanChange {
                    status: Some(ActionStatus::Open),
                    owner: Some("CRO ISO".into()),
                    due_on: None
                }
            }
        ),
        Err(WorkflowError::NothingToChange { id: 1 })
    );
    assert_eq!(
        step(
            &mut record,
            Command::ChangePlanItem {
                id: 7,
                change: PlanChange {
                    status: Some(ActionStatus::Done),
                    ..PlanChange::default()
                }
            }
        ),
        Err(WorkflowError::UnknownPlanItem { id: 7 })
    );
    assert_eq!(
        step(
            &mut record,
            Command::ChangePlanItem {
                id: 1,
                change: PlanChange {
                    owner: Some(" ".into()),
                    ..PlanChange::default()
                }
            }
        ),
        Err(WorkflowError::Missing { field: "owner" })
    );
}

#[test]
fn a_plan_item_added_later_gets_the_next_number() {
    let mut record = vendor_with_plan();
    ok(
        &mut record,
        Command::AddPlanItem(plan_item("Phishing training", date(2025, 9, 30))),
    );
    let added = record.plan_item(2).expect("item 2");
    assert_eq!(added.item, "Phishing training");
    assert_eq!(added.status, ActionStatus::Open);
}

#[test]
fn a_plan_item_needs_a_submission_to_answer() {
    let mut record = vendor_at(Stage::CybersecurityAssessment);
    assert_eq!(
        step(
            &mut record,
            Command::AddPlanItem(plan_item("Anything", date(2025, 9, 30)))
        ),
        Err(WorkflowError::NoSubmission {
            stage: Stage::CybersecurityAssessment
        })
    );
}

// Audits.

#[test]
fn an_audit_is_recorded_with_its_date_result_and_notes() {
    let mut record = vendor_at(Stage::InService);
    let audit = VendorAudit {
        on: date(2025, 11, 20),
        result: AuditResult::SatisfactoryWithFindings,
        notes: "Two minor findings on log retention".into(),
    };
    assert_eq!(
        step(&mut record, Command::RecordAudit(audit.clone())),
        Ok(Stage::InService)
    );
    assert_eq!(record.audits(), [audit]);
}

// Overdue corrective actions, case A11.

fn vendor_with_due_dates(due: &[jiff::civil::Date]) -> croqual::workflow::VendorRecord {
    let mut record = vendor_at(Stage::CybersecurityAssessment);
    let first = submission(1, Outcome::AcceptedWithCorrectiveActions);
    ok(&mut record, Command::ReceiveSubmission(first.clone()));
    let mut decided = decision(&first, Outcome::AcceptedWithCorrectiveActions, decided_on());
    decided.plan = due
        .iter()
        .map(|due_on| plan_item("Close the gap", *due_on))
        .collect();
    ok(&mut record, Command::Decide(decided));
    record
}

#[test]
fn a_corrective_action_becomes_overdue_the_day_after_its_due_date() {
    for due in [
        date(2025, 12, 31),
        date(2024, 2, 29),
        date(2025, 3, 30),
        date(2025, 1, 1),
    ] {
        let record = vendor_with_due_dates(&[due]);
        let item = record.plan_item(1).expect("item");
        assert_eq!(item.due_on, due, "kept exactly as entered");
        assert!(!item.is_overdue(due.yesterday().expect("a day")));
        assert!(!item.is_overdue(due), "{due} is still on time on the day");
        assert!(item.is_overdue(due.tomorrow().expect("a day")), "{due}");
        assert_eq!(record.overdue_actions(due.tomorrow().expect("a day")), 1);
    }
}

#[test]
fn overdue_flips_at_local_midnight_not_at_utc_midnight() {
    use jiff::tz::Offset;

    let record = vendor_with_due_dates(&[date(2025, 4, 1), date(2025, 3, 30)]);
    let local_today = |instant: &str, hours: i8| {
        let instant: jiff::Timestamp = instant.parse().expect("a timestamp");
        Offset::constant(hours).to_datetime(instant).date()
    };
    // The export time of case A11: still 1 April in UTC, New York and Los Angeles, already
    // 2 April in Kiritimati (UTC+14).
    let exported_at = "2025-04-01T23:30:00Z";
    assert_eq!(record.overdue_actions(local_today(exported_at, 0)), 1);
    assert_eq!(record.overdue_actions(local_today(exported_at, -4)), 1);
    assert_eq!(record.overdue_actions(local_today(exported_at, -7)), 1);
    assert_eq!(record.overdue_actions(local_today(exported_at, 14)), 2);
    // The night Berlin moves to summer time: 22:30 UTC on 30 March is 00:30 CEST on the 31st.
    let dst_night = "2025-03-30T22:30:00Z";
    assert_eq!(record.overdue_actions(local_today(dst_night, 0)), 0);
    assert_eq!(record.overdue_actions(local_today(dst_night, 2)), 1);
    // Kolkata (UTC+5:30) passes midnight at 18:30 UTC.
    let kolkata = |instant: &str| {
        let instant: jiff::Timestamp = instant.parse().expect("a timestamp");
        let offset = Offset::from_seconds(5 * 3600 + 1800).expect("an offset");
        offset.to_datetime(instant).date()
    };
    assert_eq!(record.overdue_actions(kolkata("2025-03-30T18:29:59Z")), 0);
    assert_eq!(record.overdue_actions(kolkata("2025-03-30T18:30:00Z")), 1);
}

#[test]
fn done_or_verified_actions_are_never_overdue() {
    let mut record = vendor_with_due_dates(&[date(2024, 2, 29)]);
    let late = date(2025, 1, 1);
    assert_eq!(record.overdue_actions(late), 1);
    for status in [
        ActionStatus::InProgress,
        ActionStatus::Done,
        ActionStatus::Verified,
    ] {
        ok(
            &mut record,
            Command::ChangePlanItem {
                id: 1,
                change: PlanChange {
                    status: Some(status),
                    ..PlanChange::default()
                },
            },
        );
        let expected = usize::from(status == ActionStatus::InProgress);
        assert_eq!(record.overdue_actions(late), expected, "{status:?}");
    }
}

#[test]
fn date_only_values_survive_the_json_round_trip_as_entered() {
    let due = [
        date(2025, 12, 31),
        date(2024, 2, 29),
        date(2025, 3, 30),
        date(2025, 1, 1),
    ];
    let record = vendor_with_due_dates(&due);
    let text = record.to_json();
    for day in ["2025-12-31", "2024-02-29", "2025-03-30", "2025-01-01"] {
        assert!(text.contains(&format!("\"due_on\":\"{day}\"")), "{day}");
    }
    let loaded = croqual::workflow::VendorRecord::from_json(&text).expect("reads back");
    let back: Vec<_> = loaded
        .record
        .plan()
        .iter()
        .map(|item| item.due_on)
        .collect();
    assert_eq!(back, due);
}

#[test]
fn a_gap_without_a_planned_action_is_proposed_as_still_to_be_planned() {
    let action: croqual::assessment::CorrectiveAction = serde_json::from_value(serde_json::json!({
        "question": "RISK-02",
        "gap": "Not in place: Is a risk assessment carried out every year?",
        "action": " ",
        "owner": null,
        "due_on": "2026-03-31",
        "status": "open",
        "critical": false
    }))
    .expect("an action");
    let draft = croqual::workflow::PlanItemDraft::from(&action);
    assert_eq!(
        draft.item,
        "To be planned, for the gap: Not in place: Is a risk assessment carried out every year?"
    );
    assert_eq!(draft.owner, "");
}
