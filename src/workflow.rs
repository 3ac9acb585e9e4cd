//! The sponsor's workflow: the six qualification steps of a CRO, the ongoing follow-up, and
//! the audit trail every change goes through.
//!
//! A [`VendorRecord`] is one vendor in the sponsor's register. It changes only through
//! [`VendorRecord::apply`]: a [`Command`] made by someone ([`Attribution`]: who, when, why) is
//! checked against the guards below, and, when allowed, becomes one [`AuditEntry`] appended to
//! the [`AuditTrail`] and replayed onto the record's facts. Refusals are [`WorkflowError`]s
//! that say why in a qualification lead's words; nothing changes when one is returned.
//!
//! The stage machine itself is [`Stage`]: its transitions are methods that take the stage and
//! the facts their guards need and return the next stage, so they can be used and tested
//! alone. The library never reads a clock: dates and timestamps come from the caller.
//!
//! # Stages
//!
//! ```text
//! (1) Identification ──complete_identification──▶ (2) ServiceQualification
//! (2) ServiceQualification ──conclude_service_qualification──▶ (3) CybersecurityAssessment
//! (3) CybersecurityAssessment ──receive_submission──▶ (4) Evaluation
//! (4) Evaluation ──decide: accepted, or accepted with corrective actions──▶ (5) ContractSignature
//!                ──decide: rejected, with a risk acceptance in force──────▶ (5) ContractSignature
//!                ──decide: rejected───────────────────────────────────────▶ Stopped
//! (5) ContractSignature ──sign_contract──▶ (6) StartOfServices
//! (6) StartOfServices ──start_services──▶ InService
//!
//! InService ──receive_submission──▶ Reassessment            (services go on)
//! Reassessment ──decide: accepting, or rejected with a risk acceptance in force──▶ InService
//!              ──decide: rejected──▶ Stopped                 (services stop)
//! Stopped ──accept_risk──▶ ContractSignature, or StartOfServices once a contract is signed
//! Stopped ──receive_submission──▶ Evaluation
//! Evaluation, ContractSignature, StartOfServices ──receive_submission──▶ Evaluation (reopened)
//! Evaluation reopened after the contract ──decide: accepting──▶ StartOfServices
//! ```
//!
//! Recording a risk acceptance in `Evaluation` or `Reassessment` keeps the stage: the
//! decision that follows uses it. Editing the identity, confirming the tier, pinning or
//! replacing the key, following up the corrective-action plan and recording audits keep the
//! stage too, and are audited like the steps.
//!
//! # Guards
//!
//! | change | refused when | error |
//! |---|---|---|
//! | any | nobody is named as making it | [`WorkflowError::WhoMissing`] |
//! | any but acknowledging a break | the trail has a break nobody acknowledged | [`WorkflowError::TrailBroken`] |
//! | complete identification | the identity or the service name is incomplete | [`WorkflowError::IdentityIncomplete`] |
//! | conclude service qualification | identification is not complete | [`WorkflowError::IdentificationNotComplete`] |
//! | | no conclusion yet / the service does not qualify | [`WorkflowError::ServiceQualificationPending`] / [`WorkflowError::ServiceNotQualified`] |
//! | | personal (or health) data is processed and the data-processing agreement is not signed | [`WorkflowError::DataProcessingAgreementNotSigned`] |
//! | receive a submission | the same digest was received before (at any stage) | [`WorkflowError::AlreadyReceived`] |
//! | | the service qualification is not concluded | [`WorkflowError::AssessmentNotStarted`] |
//! | | no key is pinned / it is signed with another key than the pinned one | [`WorkflowError::NoPinnedKey`] / [`WorkflowError::SignedByAnotherKey`] |
//! | | the revision is not newer than one received for the same assessment | [`WorkflowError::NotNewerRevision`] |
//! | decide | no verified submission yet | [`WorkflowError::NoSubmission`] |
//! | | the current submission was decided already / the vendor is stopped | [`WorkflowError::AlreadyDecided`] / [`WorkflowError::VendorStopped`] |
//! | | the decision names another submission than the current one | [`WorkflowError::NotTheCurrentSubmission`] |
//! | | it is better than the recomputed outcome | [`WorkflowError::DecisionBetterThanOutcome`] |
//! | | no reason; accepted with corrective actions without a plan | [`WorkflowError::ReasonsMissing`] / [`WorkflowError::PlanMissing`] |
//! | accept a risk | no verified submission yet | [`WorkflowError::NoSubmission`] |
//! | | it was made for another outcome or pack than the current submission's | [`WorkflowError::RiskAcceptanceForAnotherOutcome`] / [`WorkflowError::RiskAcceptanceForAnotherPack`] |
//! | sign the contract | no evaluation accepted the vendor and no risk acceptance was recorded | [`WorkflowError::ContractBeforeAcceptance`] |
//! | | the vendor was rejected (stopped) | [`WorkflowError::VendorStopped`] |
//! | | dated before the accepting decision | [`WorkflowError::DatedBeforeDecision`] |
//! | | the risk acceptance is not in force on the contract's date | [`WorkflowError::RiskAcceptanceNotInForce`] |
//! | | a contract is signed already | [`WorkflowError::ContractAlreadySigned`] |
//! | start services | no contract / stopped / already started | [`WorkflowError::ServicesBeforeContract`] / [`WorkflowError::VendorStopped`] / [`WorkflowError::ServicesAlreadyStarted`] |
//! | | dated before the contract; the risk acceptance is not in force that day | [`WorkflowError::StartBeforeContract`] / [`WorkflowError::RiskAcceptanceNotInForce`] |
//! | any step | taken again, or before its turn, where no guard above applies | [`WorkflowError::OutOfOrder`] |
//! | pin a key | a key is pinned already (a change is a replacement) | [`WorkflowError::KeyAlreadyPinned`] / [`WorkflowError::SameKey`] |
//! | replace the key | none pinned / same key / no reason | [`WorkflowError::NoKeyToReplace`] / [`WorkflowError::SameKey`] / [`WorkflowError::ReasonRequired`] |
//! | change a plan item | unknown number / nothing changes / a due date moved without a reason | [`WorkflowError::UnknownPlanItem`] / [`WorkflowError::NothingToChange`] / [`WorkflowError::ReasonRequired`] |
//!
//! # The audit trail
//!
//! Each [`AuditEntry`] holds its number, who, when, a typed [`AuditEvent`] with everything
//! needed to replay it, the [`StepMove`] if it moved the vendor, why, the digest of the entry
//! before it, and its own digest: SHA-256 over the RFC 8785 canonical form of all its other
//! fields. [`AuditTrail::verify`] reports the first [`ChainBreak`]: an entry changed in place
//! fails its own digest; a removed, inserted or moved entry makes the entry at that position
//! fail its number or its link.
//!
//! A broken trail is kept as it is, never repaired. Recording stops until someone
//! acknowledges each break with [`Command::AcknowledgeChainBreak`] and a reason; that entry is
//! chained after the break, which stays reported by `verify` for good.
//!
//! # Storage
//!
//! [`VendorRecord::to_json`] writes `{"schema": 1, "id": …, "vendor": {facts}, "trail":
//! [entries]}`. [`VendorRecord::from_json`] refuses other schema versions, naming them, then
//! rebuilds the record by replaying the trail, checks the chain, and compares the stored facts
//! with the replayed ones; both findings come back in [`Integrity`] beside the record, so the
//! app can show them.
//!
//! # Examples
//!
//! ```
//! use croqual::assessment::{Outcome, Tier};
//! use croqual::attest::Digest;
//! use croqual::attest::keys::Fingerprint;
//! use croqual::organisation::{Contact, Organisation, Service};
//! use croqual::workflow::{
//!     AgreementStatus, Attribution, Command, Contract, Decision, KeySource, ServiceConclusion,
//!     ServiceQualification, Stage, Submission, VendorId, VendorRecord, WorkflowError,
//! };
//! use jiff::civil::date;
//!
//! let at: jiff::Timestamp = "2025-05-02T09:30:00Z".parse()?;
//! let by = || Attribution::new("Q. Lead", at, "");
//! let organisation = Organisation {
//!     legal_name: "Example CRO GmbH".into(),
//!     registration_id: "HRB 123456".into(),
//!     country: "DE".into(),
//!     contact: Contact {
//!         name: "Ada Muster".into(),
//!         role: "ISO".into(),
//!         email: "isms@example-cro.de".into(),
//!         phone: String::new(),
//!     },
//! };
//! let service = Service { name: "EDC hosting".into(), description: String::new() };
//! let mut vendor = VendorRecord::new("VND-0001".parse()?, &organisation, &service, by())?;
//!
//! vendor.apply(Command::CompleteIdentification, by())?;
//! vendor.apply(
//!     Command::ConcludeServiceQualification(ServiceQualification {
//!         processes_personal_data: true,
//!         processes_health_data: true,
//!         data_processing_agreement: AgreementStatus::Signed,
//!         data_flows_described: true,
//!         hosting_locations: vec!["DE (Frankfurt)".into()],
//!         conclusion: ServiceConclusion::Qualified,
//!         notes: String::new(),
//!     }),
//!     by(),
//! )?;
//! let key = Fingerprint::of_public_key(&[7; 32]);
//! vendor.apply(Command::PinKey { fingerprint: key, source: KeySource::PublicKeyFile }, by())?;
//!
//! // A contract before the evaluation accepted the vendor is refused, and says why.
//! let contract = Contract { signed_on: date(2025, 4, 10), reference: "MSA-2025-014".into() };
//! let refused = vendor.apply(Command::SignContract(contract.clone()), by());
//! assert!(matches!(refused, Err(WorkflowError::ContractBeforeAcceptance { .. })));
//!
//! let digest = Digest::of(b"the submission's canonical payload");
//! vendor.apply(
//!     Command::ReceiveSubmission(Submission {
//!         digest,
//!         assessment_id: "edc-2025".into(),
//!         revision: 1,
//!         supersedes: None,
//!         received_at: at,
//!         signed_by: key,
//!         tier: Tier::Tier1,
//!         pack_digest: Digest::of(b"the pack"),
//!         claimed_outcome: Outcome::Accepted,
//!         recomputed_outcome: Outcome::Accepted,
//!         claimed_score: Some("91.5".into()),
//!         score: Some("91.5".into()),
//!     }),
//!     by(),
//! )?;
//! vendor.apply(
//!     Command::Decide(Decision {
//!         submission: digest,
//!         outcome: Outcome::Accepted,
//!         decided_on: date(2025, 4, 2),
//!         reasons: vec!["91.5 % overall, no critical gap".into()],
//!         plan: vec![],
//!     }),
//!     by(),
//! )?;
//! vendor.apply(Command::SignContract(contract), by())?;
//! vendor.apply(Command::StartServices { on: date(2025, 5, 1) }, by())?;
//!
//! assert_eq!(vendor.stage(), Stage::InService);
//! assert_eq!(vendor.next_reassessment(), Some(date(2026, 4, 2)));
//! assert_eq!(vendor.trail().verify(), Ok(()));
//! let loaded = VendorRecord::from_json(&vendor.to_json())?;
//! assert!(loaded.integrity.is_intact());
//! assert_eq!(loaded.record, vendor);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Limitations
//!
//! - The chain shows changes made without recomputing digests. Anyone who can write the
//!   stored record can rewrite the whole trail with fresh digests, since no secret is
//!   involved, and cutting the last entries off leaves no trace in the chain (only, if the
//!   facts were left as they were, in [`Integrity::differing_fields`]). The trail is
//!   tamper-evident against careless edits, not against a determined user of the same
//!   browser. Workaround: note [`AuditTrail::head`] somewhere signed or filed elsewhere (a
//!   signed decision, a report) and compare it later.
//! - A [`Submission`] is facts the caller vouches for: the workflow checks the signing key
//!   against the pinned one, but never sees the file, so it cannot check the signature
//!   itself. Pass only what signature verification returned as verified.
//! - There is no certificates-only path without a submission: on the reduced path the CRO
//!   still signs a submission (its certificates and the core questions), and that is what the
//!   evaluation needs.
//! - A decision cannot be revised on the same submission; a new decision needs a new
//!   submission (a new revision). A decision recorded in error stays in the trail, as it
//!   should; ask the CRO for a new revision to decide again.
//! - One contract per vendor: amendments, renewals and the end of the relationship are not
//!   steps. Record them in an audit's notes for now.
//! - The service qualification is recorded when it concludes; later changes (a renewed
//!   data-processing agreement, a new hosting location) are not steps of their own. Record
//!   them in an audit's notes.
//! - Timestamps come from the caller's clock and are not required to increase: clocks of
//!   different devices disagree, and refusing would block work. Entries keep their order.
//! - The re-assessment date comes from the last decision, whatever its outcome, and is
//!   brought forward to the end of a risk acceptance for that submission.

mod command;
mod contract;
mod decision;
mod error;
mod event;
mod keys;
mod plan;
mod qualification;
mod record;
mod register;
mod snapshot;
mod stage;
mod submission;
mod trail;
mod vendor_audit;
mod vendor_id;

pub use command::{Attribution, Command};
pub use contract::{Contract, ServicePeriod};
pub use decision::{Decision, RecordedDecision, RecordedRiskAcceptance};
pub use error::{Action, WorkflowError};
pub use event::{AuditEvent, StepMove};
pub use keys::{KeyReplacement, KeySource, PinnedKey, PinnedKeys};
pub use plan::{PlanChange, PlanItem, PlanItemDraft};
pub use qualification::{AgreementStatus, ServiceConclusion, ServiceQualification};
pub use record::{ConfirmedTier, TierSource, VendorRecord};
pub use register::{Filter, Portfolio, SortKey, VendorSummary, sort};
pub use snapshot::{Integrity, LoadedRecord, SCHEMA, SnapshotError};
pub use stage::{Basis, Stage, Standing};
pub use submission::{ReceivedSubmission, Submission};
pub use trail::{AuditEntry, AuditTrail, BreakProblem, ChainBreak};
pub use vendor_audit::{AuditResult, VendorAudit};
pub use vendor_id::{InvalidVendorId, VendorId};
