//! Assessments: answers, applicability, scoring, tiering, certificates, the path, the
//! outcome, corrective actions and risk acceptance.
//!
//! [`evaluate`] is the one entry point: from a pack, the tiering inputs, the certificates,
//! the answers and an explicit `as_of` date it computes an [`Evaluation`], plain data that
//! the app renders and the export signs. Nothing here reads a clock.
//!
//! ```
//! use std::collections::BTreeSet;
//! use croqual::assessment::{
//!     Answer, Answers, BusinessFunction, DataSensitivity, Outcome, SystemAccess,
//!     TieringInputs, evaluate,
//! };
//! use croqual::pack::Pack;
//!
//! let pack = Pack::from_json(r#"{
//!   "format": "croqual-pack", "format_version": 1, "id": "demo", "version": "1.0.0",
//!   "title": "Demo", "language": "en",
//!   "domains": [{ "id": "IAM", "title": "Identity and access", "function": "PR" }],
//!   "questions": [
//!     { "id": "IAM-01", "domain": "IAM", "critical": true,
//!       "text": "Is multi-factor authentication enforced for remote access?" },
//!     { "id": "IAM-02", "domain": "IAM", "weight": 3,
//!       "text": "Are leavers' accounts disabled on their last day?" }
//!   ]
//! }"#)?;
//! let at: jiff::Timestamp = "2025-04-01T09:30:00Z".parse()?;
//! let mut answers = Answers::new();
//! answers.insert("IAM-01".parse()?, Answer::yes(at));
//! answers.insert("IAM-02".parse()?, Answer::partial(at));
//! let inputs = TieringInputs {
//!     business_function: BusinessFunction::Critical,
//!     data: DataSensitivity::HealthOrTrialSubject,
//!     access: SystemAccess::Interactive,
//!     hosts_french_health_data: false,
//!     hds_activities: BTreeSet::new(),
//! };
//! let evaluation = evaluate(&pack, &inputs, &[], &answers, jiff::civil::date(2025, 4, 1));
//! assert_eq!(evaluation.tier.tier.number(), 1);
//! // (1·2 + 3·1) / (2·4) = 5/8: below tier 1's 70 % corrective-action threshold.
//! assert_eq!(evaluation.score.overall.as_ref().map(|s| s.percent()), Some("62.5".into()));
//! assert_eq!(evaluation.outcome, Outcome::Rejected);
//! assert_eq!(evaluation.corrective_actions.len(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Tiering ([`decide_tier`])
//!
//! | criterion | 0 | 1 | 2 | 3 |
//! |---|---|---|---|---|
//! | relation to critical business functions | none | supporting | critical | — |
//! | most sensitive data | none | confidential business | personal | health or trial subject |
//! | access to sponsor systems | none | read-only | interactive | privileged or network-connected |
//!
//! Hosting personal health data of people in France counts as health data. The total
//! gives the tier: 6–8 → tier 1 (critical), 4–5 → tier 2 (high), 2–3 → tier 3 (medium),
//! 0–1 → tier 4 (low). Then two floors: health or trial-subject data, and privileged or
//! network-connected access, each put the service in tier 2 at least.
//!
//! | tier | accept at | accept with corrective actions at | below: | reassess after |
//! |---|---|---|---|---|
//! | 1 | 85 % | 70 % | rejected | 12 months |
//! | 2 | 80 % | 60 % | rejected | 24 months |
//! | 3 | 70 % | 50 % | rejected | 36 months |
//! | 4 | 60 % | 40 % | rejected | 48 months |
//!
//! The tier also sets which questions are required: a question is required for tiers 1 to
//! its `lowest_tier`; above that it is optional and not scored.
//!
//! # Certificates ([`Certificate::check`])
//!
//! Every check takes an explicit `as_of` date. A certificate does not count when it is not
//! valid yet (issued after `as_of`), expired (`as_of` after its last day), has no expiry
//! date (every scheme but SOC 2), is ISO/IEC 27001:2013 after 2025-10-31 (the end of the
//! transition), is a SOC 2 Type II report whose period ended more than 12 months before
//! `as_of` (stale) or has not ended, or when its scope does not cover the service.
//!
//! When the service hosts personal health data of people in France, HDS certificates that
//! count must cover every HDS activity the service involves (all six when none is stated).
//! A physical-infrastructure host certificate lists activities 1–2, a managed-services host
//! certificate activities 3–6; croqual reads the activities each certificate lists.
//!
//! # Path ([`decide_path`])
//!
//! Reduced when a recognised ISMS certificate that counts covers the service — ISO/IEC
//! 27001:2022 (or :2013 until its transition ended), a fresh SOC 2 Type II report, HITRUST
//! — and HDS is satisfied where required; full otherwise. On the reduced path only `core`
//! questions are asked.
//!
//! # Applicability and scoring ([`score`])
//!
//! A question whose condition is false is inapplicable, and a condition reading an
//! inapplicable question reads it as not answered, so a chain switches off as a whole. Its
//! answer is kept (switching back restores it) but is not scored, not a critical failure
//! and marked inactive in [`Evaluation::questions`].
//!
//! A question is scored when it applies, is required for the tier, is on the path and is
//! of a scored type. Points in halves: yes 2, partial 1, no 0; not applicable leaves
//! numerator and denominator; an unanswered scored question counts 0 and is listed as
//! incomplete. Domain = Σ weight·points / (2·Σ weight); overall = Σ W·domain / Σ W over
//! domains with a score; per CSF function, over the scored questions whose `csf` mappings
//! name it (once per question), or whose domain serves it when they have none. Exact
//! fractions throughout; shown to one decimal, rounded half up.
//!
//! # Outcome
//!
//! Each rule allows an outcome at most; the outcome is the worst of them, and every rule
//! that applied is listed in [`Evaluation::reasons`]:
//!
//! - overall below the tier's corrective-action threshold → rejected; below its acceptance
//!   threshold → accepted with corrective actions;
//! - any domain below the corrective-action threshold → accepted with corrective actions;
//! - a failed critical question (no, partial, or unanswered) → accepted with corrective
//!   actions: never plain accepted;
//! - a critical question answered not applicable is excluded from the score and is not a
//!   failure, but is listed in [`Evaluation::critical_not_applicable`] for a reviewer to
//!   confirm its justification (a justification is always required);
//! - HDS required but not covered → rejected: hosting such data without the certificate is
//!   unlawful in France, whatever the score;
//! - nothing scored: accepted on the reduced path (the certificates carry it), rejected on
//!   the full path.
//!
//! Every scored question answered no or partially, or not answered, yields a proposed
//! [`CorrectiveAction`]: open, no owner yet, due 3 months after `as_of` for a critical
//! question and 6 months otherwise.
//!
//! A [`RiskAcceptance`] records the business's decision to go ahead anyway. It is kept next
//! to the evaluation and never changes its outcome.
//!
//! # Limitations
//!
//! - Number answers compare in conditions as written ("1.0" is not "1"): croqual keeps
//!   numbers as the decimal text typed, to stay free of floats.
//! - The tiering rule and the thresholds are croqual's defaults; a sponsor with another
//!   policy cannot configure them yet.
//! - Flipping an answer from no to yes can lower a score when it makes a follow-up
//!   applicable that is answered no: that is the follow-up counting, as it should.

mod answer;
mod applicability;
mod certificate;
mod evaluation;
mod gap;
mod outcome;
mod risk;
mod score;
mod tier;

pub use answer::{Answer, AnswerError, AnswerValue, Answers, EvidenceRef, MAX_EVIDENCE_SIZE};
pub use applicability::{Applicability, QuestionState, question_states};
pub use certificate::{
    Certificate, CertificateCheck, CertificateFinding, CertificateScheme, HdsActivity, HdsCheck,
    ISO_27001_2013_LAST_VALID_DAY, SOC2_FRESH_MONTHS, check_certificates,
};
pub use evaluation::{Evaluation, IgnoredAnswer, QuestionStatus, evaluate};
pub use gap::{ACTION_MONTHS, ActionStatus, CRITICAL_ACTION_MONTHS, CorrectiveAction, Finding};
pub use outcome::{Outcome, OutcomeReason, Path, PathDecision, PathReason, decide_path};
pub use risk::{RiskAcceptance, RiskAcceptanceError};
pub use score::{DomainScore, FunctionScore, Score, ScoreReport, score};
pub use tier::{
    BusinessFunction, DataSensitivity, SystemAccess, Thresholds, Tier, TierDecision, TierReason,
    TieringInputs, decide_tier,
};
