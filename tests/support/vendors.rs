//! Builders for the workflow tests (included with `#[path]`, so each test file uses only some
//! of them).
#![allow(dead_code)]

use croqual::assessment::{Outcome, RiskAcceptance, Tier};
use croqual::attest::Digest;
use croqual::attest::keys::Fingerprint;
use croqual::organisation::{Contact, Organisation, Service};
use croqual::workflow::{
    AgreementStatus, Attribution, Command, Contract, Decision, KeySource, PlanItemDraft,
    ServiceConclusion, ServiceQualification, Stage, Submission, VendorId, VendorRecord,
    WorkflowError,
};
use jiff::Timestamp;
use jiff::civil::{Date, date};
use serde_json::json;

/// The time of every change, unless a test says otherwise.
pub fn at() -> Timestamp {
    "2025-06-02T09:30:00Z".parse().expect("a valid timestamp")
}

/// The qualification lead, giving no reason.
pub fn by() -> Attribution {
    Attribution::new("Quinn Lead", at(), "")
}

/// The qualification lead, giving a reason.
pub fn because(why: &str) -> Attribution {
    Attribution::new("Quinn Lead", at(), why)
}

/// A complete identity.
pub fn organisation() -> Organisation {
    Organisation {
        legal_name: "Example CRO GmbH".into(),
        registration_id: "HRB 123456".into(),
        country: "DE".into(),
        contact: Contact {
            name: "Ada Muster".into(),
            role: "Information Security Officer".into(),
            email: "isms@example-cro.de".into(),
            phone: String::new(),
        },
    }
}

/// The service being qualified.
pub fn service() -> Service {
    Service {
        name: "EDC hosting and data management".into(),
        description: String::new(),
    }
}

/// The vendor's key.
pub fn key() -> Fingerprint {
    Fingerprint::of_public_key(&[7; 32])
}

/// Another key.
pub fn other_key() -> Fingerprint {
    Fingerprint::of_public_key(&[8; 32])
}

/// The pack every submission was evaluated with.
pub fn pack_digest() -> Digest {
    Digest::of(b"the default bank")
}

/// Submission `n` (revision `n` of one assessment), signed with [`key`], recomputed to
/// `outcome`, tier 2.
pub fn submission(n: u32, outcome: Outcome) -> Submission {
    Submission {
        digest: Digest::of(format!("submission {n}").as_bytes()),
        assessment_id: "edc-2025".into(),
        revision: n,
        supersedes: (n > 1).then(|| Digest::of(format!("submission {}", n - 1).as_bytes())),
        received_at: at(),
        signed_by: key(),
        tier: Tier::Tier2,
        pack_digest: pack_digest(),
        claimed_outcome: outcome,
        recomputed_outcome: outcome,
        claimed_score: Some("72.5".into()),
        score: Some("72.5".into()),
    }
}

/// A qualified service processing health data under a signed agreement.
pub fn qualification() -> ServiceQualification {
    ServiceQualification {
        processes_personal_data: true,
        processes_health_data: true,
        data_processing_agreement: AgreementStatus::Signed,
        data_flows_described: true,
        hosting_locations: vec!["DE (Frankfurt)".into()],
        conclusion: ServiceConclusion::Qualified,
        notes: String::new(),
    }
}

/// One plan item due on `due_on`.
pub fn plan_item(item: &str, due_on: Date) -> PlanItemDraft {
    PlanItemDraft {
        item: item.into(),
        question: None,
        owner: "CRO ISO".into(),
        due_on,
    }
}

/// A decision on `submission`, with a one-item plan when accepted with corrective actions.
pub fn decision(submission: &Submission, outcome: Outcome, decided_on: Date) -> Decision {
    let plan = if outcome == Outcome::AcceptedWithCorrectiveActions {
        vec![plan_item("Enforce MFA on remote access", date(2025, 10, 2))]
    } else {
        vec![]
    };
    Decision {
        submission: submission.digest,
        outcome,
        decided_on,
        reasons: vec![format!("score {} as recomputed", "72.5")],
        plan,
    }
}

/// A risk acceptance of `outcome` for [`pack_digest`], from `accepted_on` to `expires_on`.
pub fn risk_acceptance(outcome: Outcome, accepted_on: Date, expires_on: Date) -> RiskAcceptance {
    serde_json::from_value(json!({
        "justification": "Sole provider of the validated eCOA platform for the study",
        "approver": "Dana Head",
        "role": "Head of Clinical Operations",
        "accepted_on": accepted_on.to_string(),
        "expires_on": expires_on.to_string(),
        "outcome": outcome,
        "pack_digest": pack_digest().to_string(),
    }))
    .expect("a valid risk acceptance")
}

/// A contract signed on `signed_on`.
pub fn contract(signed_on: Date) -> Contract {
    Contract {
        signed_on,
        reference: "MSA-2025-014".into(),
    }
}

/// A new vendor with a complete identity.
pub fn new_vendor() -> VendorRecord {
    VendorRecord::new(
        VendorId::new("VND-0001").expect("a valid id"),
        &organisation(),
        &service(),
        by(),
    )
    .expect("a new vendor")
}

/// Applies `command` and returns the stage it leads to.
pub fn step(record: &mut VendorRecord, command: Command) -> Result<Stage, WorkflowError> {
    record.apply(command, by()).map(|_| ())?;
    Ok(record.stage())
}

/// Applies `command`, which must be allowed.
pub fn ok(record: &mut VendorRecord, command: Command) {
    if let Err(error) = record.apply(command, because("as planned")) {
        panic!("refused: {error}");
    }
}

/// The decision date of the happy path.
pub fn decided_on() -> Date {
    date(2025, 4, 2)
}

/// The contract date of the happy path.
pub fn signed_on() -> Date {
    date(2025, 4, 10)
}

/// The start date of the happy path.
pub fn started_on() -> Date {
    date(2025, 5, 1)
}

/// A vendor walked along the happy path to `stage`, with its key pinned from service
/// qualification on. `Stopped` is reached by rejecting submission 1; `Reassessment` by
/// receiving submission 2 in service.
pub fn vendor_at(stage: Stage) -> VendorRecord {
    let mut record = new_vendor();
    if stage == Stage::Identification {
        return record;
    }
    ok(&mut record, Command::CompleteIdentification);
    ok(
        &mut record,
        Command::PinKey {
            fingerprint: key(),
            source: KeySource::PublicKeyFile,
        },
    );
    if stage == Stage::ServiceQualification {
        return record;
    }
    ok(
        &mut record,
        Command::ConcludeServiceQualification(qualification()),
    );
    if stage == Stage::CybersecurityAssessment {
        return record;
    }
    let outcome = if stage == Stage::Stopped {
        Outcome::Rejected
    } else {
        Outcome::Accepted
    };
    let first = submission(1, outcome);
    ok(&mut record, Command::ReceiveSubmission(first.clone()));
    if stage == Stage::Evaluation {
        return record;
    }
    ok(
        &mut record,
        Command::Decide(decision(&first, outcome, decided_on())),
    );
    if matches!(stage, Stage::ContractSignature | Stage::Stopped) {
        return record;
    }
    ok(&mut record, Command::SignContract(contract(signed_on())));
    if stage == Stage::StartOfServices {
        return record;
    }
    ok(&mut record, Command::StartServices { on: started_on() });
    if stage == Stage::InService {
        return record;
    }
    ok(
        &mut record,
        Command::ReceiveSubmission(submission(2, Outcome::Accepted)),
    );
    record
}
