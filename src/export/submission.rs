//! The submission payload: everything a CRO signs for its sponsor.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::Offset;
use serde::{Deserialize, Serialize};

use serde_json::Value;

use super::strict::read_typed;
use super::verify::{checked_answers, recompute};
use super::{Claim, ExportError, PackLibrary, Recomputation};
use crate::assessment::{
    Answer, AnswerError, AnswerValue, Answers, Certificate, CorrectiveAction, Evaluation,
    EvidenceRef, QuestionState, TieringInputs, evaluate,
};
use crate::attest::Digest;
use crate::attest::canonical::canonical_bytes;
use crate::attest::envelope::{self, EnvelopeError, Format, SignError, SignedDocument};
use crate::attest::json;
use crate::attest::keys::SigningKey;
use crate::organisation::{Organisation, Service, clean};
use crate::pack::{Pack, QuestionId};

/// The submission format: id "croqual-submission", version 1.
pub const SUBMISSION_FORMAT: Format = Format::new("croqual-submission", 1);

/// A CRO's signed submission: the payload of a "croqual-submission" document.
///
/// Made by [`Submission::build`], which evaluates the answers for the claim, or read from a
/// verified file by [`verify_submission`](super::verify_submission). The module
/// documentation of [`crate::export`] describes every field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    format: String,
    format_version: u32,
    /// Which assessment, and which revision of it.
    pub assessment: AssessmentRef,
    /// The digest of the submission of the same assessment that this one replaces.
    pub supersedes: Option<Digest>,
    /// The CRO, as it identifies itself.
    pub organisation: Organisation,
    /// The service the assessment is about.
    pub service: Service,
    /// The sponsor the submission is addressed to, as the CRO names it.
    pub sponsor: Option<String>,
    /// The answers to the tiering criteria.
    pub tiering: TieringInputs,
    /// The certificates the CRO declares.
    pub certificates: Vec<Certificate>,
    /// The questionnaire pack answered.
    pub pack: PackRef,
    /// Every answer, in pack order, each with its state in the evaluation.
    pub answers: Vec<SubmittedAnswer>,
    /// The CRO's own result.
    pub claim: Claim,
    /// The CRO's corrective actions for the gaps.
    pub corrective_actions: Vec<CorrectiveAction>,
    /// When the assessment was started.
    pub created_at: Timestamp,
    /// When this submission was exported and signed.
    pub exported_at: Timestamp,
    /// The last day the CRO stands by it.
    pub valid_until: Date,
}

/// An assessment and its revision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentRef {
    /// The assessment's id, chosen by the CRO and kept across revisions ("ASM-2025-0001").
    pub id: String,
    /// The revision number, from 1, one more for each new submission of the assessment.
    pub revision: u32,
}

/// The pack an assessment answers, named by its digest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackRef {
    /// The pack's id.
    pub id: String,
    /// The pack's version.
    pub version: String,
    /// The pack's digest: what identifies it.
    pub digest: Digest,
}

/// One answer as submitted, with where its question stands in the evaluation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubmittedAnswer {
    /// The question.
    pub question: QuestionId,
    /// "active" when asked and counted; "inapplicable", "off_path" or "optional" when the
    /// answer is kept but inactive.
    pub state: QuestionState,
    /// Whether it counts in the score.
    pub scored: bool,
    /// What the CRO answered.
    pub value: AnswerValue,
    /// The CRO's comment ("" when none).
    pub comment: String,
    /// The files shown as evidence.
    pub evidence: Vec<EvidenceRef>,
    /// When it was answered.
    pub answered_at: Timestamp,
}

impl SubmittedAnswer {
    /// Whether the answer is active: asked, and counted when its question is scored.
    pub fn is_active(&self) -> bool {
        self.state == QuestionState::Active
    }

    /// The answer, as the assessment model holds it.
    ///
    /// # Errors
    ///
    /// When the value breaks an answer rule (a not-applicable answer without justification,
    /// a number that is not a decimal…).
    pub fn to_answer(&self) -> Result<Answer, AnswerError> {
        let answer = Answer::new(self.value.clone(), self.answered_at)?.with_comment(&self.comment);
        Ok(self
            .evidence
            .iter()
            .cloned()
            .fold(answer, Answer::with_evidence))
    }
}

/// The plain parts a submission is built from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubmissionParts {
    /// The assessment's id.
    pub assessment_id: String,
    /// The revision number, from 1.
    pub revision: u32,
    /// The digest of the submission this one replaces.
    pub supersedes: Option<Digest>,
    /// The CRO.
    pub organisation: Organisation,
    /// The service assessed.
    pub service: Service,
    /// The sponsor addressed, as the CRO names it.
    pub sponsor: Option<String>,
    /// The tiering criteria.
    pub tiering: TieringInputs,
    /// The certificates.
    pub certificates: Vec<Certificate>,
    /// The answers.
    pub answers: Answers,
    /// The corrective actions, as the CRO plans them.
    pub corrective_actions: Vec<CorrectiveAction>,
    /// When the assessment was started.
    pub created_at: Timestamp,
    /// When it is exported.
    pub exported_at: Timestamp,
    /// The evaluation date: the CRO's local date at `exported_at`.
    pub as_of: Date,
    /// The last day the CRO stands by it.
    pub valid_until: Date,
}

impl Submission {
    /// Builds a submission: evaluates `parts` with `pack` as of `parts.as_of` for the claim,
    /// and records each answer with its state. Texts are NFC-normalised and trimmed.
    ///
    /// # Errors
    ///
    /// [`ExportError`] when the identity is incomplete, the service or assessment id is
    /// blank, the revision is 0, an answer is for a question the pack lacks or of the wrong
    /// type, the dates are out of order, or `as_of` is not the date of `exported_at` in any
    /// time zone.
    pub fn build(parts: SubmissionParts, pack: &Pack) -> Result<Submission, ExportError> {
        let organisation = parts.organisation.normalised();
        let service = parts.service.normalised();
        // Every gap at once, as the identity step lists them, not one per attempt.
        let problems: Vec<String> = (organisation.problems().iter())
            .chain(service.problems().iter())
            .map(ToString::to_string)
            .collect();
        if !problems.is_empty() {
            return Err(ExportError::Identity {
                problems: problems.join("; "),
            });
        }
        let assessment_id = clean(&parts.assessment_id);
        if assessment_id.is_empty() {
            return Err(ExportError::Blank {
                field: "the assessment id",
            });
        }
        if parts.revision == 0 {
            return Err(ExportError::InvalidRevision {
                revision: parts.revision,
            });
        }
        if parts.exported_at < parts.created_at {
            return Err(ExportError::ExportedBeforeCreated {
                created_at: parts.created_at,
                exported_at: parts.exported_at,
            });
        }
        if !is_export_date(parts.as_of, parts.exported_at) {
            return Err(ExportError::AsOfNotExportDate {
                as_of: parts.as_of,
                exported_at: parts.exported_at,
            });
        }
        if parts.valid_until <= parts.as_of {
            return Err(ExportError::ValidUntilNotAfterExport {
                as_of: parts.as_of,
                valid_until: parts.valid_until,
            });
        }
        for (id, answer) in &parts.answers {
            let reason = match pack.question(id.as_str()) {
                None => Some("the pack has no such question".to_owned()),
                Some(question) => answer
                    .check_for(question)
                    .err()
                    .map(|error| error.to_string()),
            };
            if let Some(reason) = reason {
                return Err(ExportError::UnusableAnswer {
                    question: id.clone(),
                    reason,
                });
            }
        }

        let evaluation = evaluate(
            pack,
            &parts.tiering,
            &parts.certificates,
            &parts.answers,
            parts.as_of,
        );
        let answers = submitted_answers(pack, &parts.answers, &evaluation);
        let sponsor = parts
            .sponsor
            .map(|sponsor| clean(&sponsor))
            .filter(|sponsor| !sponsor.is_empty());
        Ok(Submission {
            format: SUBMISSION_FORMAT.id.to_owned(),
            format_version: SUBMISSION_FORMAT.max_version,
            assessment: AssessmentRef {
                id: assessment_id,
                revision: parts.revision,
            },
            supersedes: parts.supersedes,
            organisation,
            service,
            sponsor,
            tiering: parts.tiering,
            certificates: parts.certificates,
            pack: PackRef {
                id: pack.id().to_owned(),
                version: pack.version().to_owned(),
                digest: pack.digest(),
            },
            answers,
            claim: Claim::from_evaluation(&evaluation),
            corrective_actions: parts.corrective_actions,
            created_at: parts.created_at,
            exported_at: parts.exported_at,
            valid_until: parts.valid_until,
        })
    }

    /// The format id, "croqual-submission".
    pub fn format(&self) -> &str {
        &self.format
    }

    /// The format version.
    pub fn format_version(&self) -> u32 {
        self.format_version
    }

    /// The answers as the assessment model holds them, for a recomputation.
    ///
    /// # Errors
    ///
    /// The first answer that breaks an answer rule, with its question.
    pub fn answers(&self) -> Result<Answers, ExportError> {
        self.answers
            .iter()
            .map(|submitted| {
                submitted
                    .to_answer()
                    .map(|answer| (submitted.question.clone(), answer))
                    .map_err(|error| ExportError::UnusableAnswer {
                        question: submitted.question.clone(),
                        reason: error.to_string(),
                    })
            })
            .collect()
    }

    /// Evaluates the submission's own inputs with `pack` as of `as_of`.
    ///
    /// # Errors
    ///
    /// As for [`Submission::answers`].
    pub fn evaluate(&self, pack: &Pack, as_of: Date) -> Result<Evaluation, ExportError> {
        Ok(evaluate(
            pack,
            &self.tiering,
            &self.certificates,
            &self.answers()?,
            as_of,
        ))
    }

    /// The submission's identity: SHA-256 of its RFC 8785 canonical bytes, the same as the
    /// digest of the signed document that carries it.
    ///
    /// # Errors
    ///
    /// When the payload has no canonical form, which a built submission always has.
    pub fn digest(&self) -> Result<Digest, ExportError> {
        canonical_bytes(self)
            .map(|bytes| Digest::of(&bytes))
            .map_err(|error| ExportError::Sign(SignError::Canonical(error)))
    }

    /// The digest of what the submission states, leaving out what each export sets anew:
    /// its revision, what it supersedes, and when it was exported and stands until. Two
    /// exports with the same content digest tell the sponsor the same thing (the claim's
    /// date included: a day later, certificates and due dates are checked anew).
    ///
    /// # Errors
    ///
    /// As [`Submission::digest`].
    pub fn content_digest(&self) -> Result<Digest, ExportError> {
        let mut content = self.clone();
        content.assessment.revision = 0;
        content.supersedes = None;
        content.exported_at = Timestamp::UNIX_EPOCH;
        content.valid_until = Date::MIN;
        content.digest()
    }

    /// Reads an unsigned submission payload, as `croqual sign` takes it: strict JSON, the
    /// format id and version checked, then the same strict reading as a signed one.
    ///
    /// # Errors
    ///
    /// An [`EnvelopeError`] naming what is wrong: the JSON, the format, or the first field
    /// at fault with its path.
    pub fn from_unsigned_json(bytes: &[u8]) -> Result<Submission, EnvelopeError> {
        let document = json::read(bytes)?;
        let Value::Object(object) = &document.value else {
            return Err(EnvelopeError::Payload {
                reason: "a submission payload is a JSON object".to_owned(),
            });
        };
        if object.contains_key("payload") && object.contains_key("signature") {
            return Err(EnvelopeError::Payload {
                reason: "this is a signed document already, not an unsigned submission payload"
                    .to_owned(),
            });
        }
        let found = object.get("format").and_then(Value::as_str).unwrap_or("");
        if found != SUBMISSION_FORMAT.id {
            return Err(EnvelopeError::UnknownFormat {
                found: found.to_owned(),
                expected: SUBMISSION_FORMAT.id,
            });
        }
        let version = object.get("format_version").and_then(Value::as_u64);
        if let Some(version) =
            version.filter(|version| *version > u64::from(SUBMISSION_FORMAT.max_version))
        {
            return Err(EnvelopeError::NewerVersion {
                format: SUBMISSION_FORMAT.id,
                found: version,
                supported: SUBMISSION_FORMAT.max_version,
            });
        }
        let submission: Submission =
            read_typed(&document.value).map_err(|reason| EnvelopeError::Payload { reason })?;
        checked_answers(&submission).map_err(|reason| EnvelopeError::Payload { reason })?;
        Ok(submission)
    }

    /// Recomputes the claim with the pack the submission names, as a sponsor would, and
    /// lists every difference.
    ///
    /// # Errors
    ///
    /// [`ExportError::UnusableAnswer`] or [`ExportError::AnsweredTwice`] when the answers
    /// cannot be evaluated at all.
    pub fn recompute(&self, packs: &PackLibrary) -> Result<Recomputation, ExportError> {
        let mut answers = Answers::new();
        for submitted in &self.answers {
            let answer =
                Answer::new(submitted.value.clone(), submitted.answered_at).map_err(|error| {
                    ExportError::UnusableAnswer {
                        question: submitted.question.clone(),
                        reason: error.to_string(),
                    }
                })?;
            if answers.insert(submitted.question.clone(), answer).is_some() {
                return Err(ExportError::AnsweredTwice {
                    question: submitted.question.clone(),
                });
            }
        }
        Ok(recompute(self, &answers, packs))
    }

    /// The submission's answer to `question`.
    pub fn answer(&self, question: &str) -> Option<&SubmittedAnswer> {
        self.answers
            .iter()
            .find(|answer| answer.question.as_str() == question)
    }
}

/// Signs a submission with the CRO's key.
///
/// # Errors
///
/// [`ExportError::Sign`] when the payload cannot be signed.
pub fn sign_submission(
    submission: &Submission,
    key: &SigningKey,
) -> Result<SignedDocument, ExportError> {
    Ok(envelope::sign(submission, key)?)
}

/// Whether `as_of` is the calendar date of `instant` in some time zone: UTC−12 to UTC+14.
pub(crate) fn is_export_date(as_of: Date, instant: Timestamp) -> bool {
    let utc = Offset::UTC.to_datetime(instant).date();
    let earliest = utc.yesterday().unwrap_or(utc);
    let latest = utc.tomorrow().unwrap_or(utc);
    (earliest..=latest).contains(&as_of)
}

fn submitted_answers(
    pack: &Pack,
    answers: &Answers,
    evaluation: &Evaluation,
) -> Vec<SubmittedAnswer> {
    pack.questions()
        .iter()
        .zip(&evaluation.questions)
        .filter_map(|(question, status)| {
            let answer = answers.get(question.id.as_str())?;
            Some(SubmittedAnswer {
                question: question.id.clone(),
                state: status.state,
                scored: status.scored,
                value: answer.value().clone(),
                comment: answer.comment().to_owned(),
                evidence: answer.evidence().to_vec(),
                answered_at: answer.answered_at(),
            })
        })
        .collect()
}
