//! Building, signing and downloading the submission file.

use croqual::assessment::{Answers, CorrectiveAction, Evaluation};
use croqual::attest::Digest;
use croqual::attest::keys::{Fingerprint, PrivateKeyBackup};
use croqual::export::{Submission, SubmissionParts, sign_submission};
use croqual::pack::Pack;
use croqual::provider::{AssessmentRecord, ExportedRevision};
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};

use super::editor::Editing;
use crate::app::download;

/// How long a provider stands by an export: the sponsor sees it as stale after this.
const VALID_MONTHS: i32 = 12;

/// The corrective actions the evaluation proposes, with the provider's plan for each.
pub fn planned_actions(
    record: &AssessmentRecord,
    proposed: &[CorrectiveAction],
) -> Vec<CorrectiveAction> {
    proposed
        .iter()
        .map(|action| {
            let mut action = action.clone();
            if let Some(plan) = record.plans.get(&action.question) {
                action.action = plan.action.trim().to_owned();
                action.owner = Some(plan.owner.trim().to_owned()).filter(|owner| !owner.is_empty());
                if let Some(due_on) = plan.due_on {
                    action.due_on = due_on;
                }
                action.status = plan.status;
            }
            action
        })
        .collect()
}

/// A signed export as it was downloaded.
#[derive(Clone)]
pub struct Exported {
    pub revision: u32,
    pub file_name: String,
    pub json: String,
    /// The key that signed it.
    pub signed_by: Fingerprint,
    /// Its [content digest](Submission::content_digest).
    pub content: Digest,
}

impl Exported {
    /// Offers the same file again.
    ///
    /// # Errors
    ///
    /// When the browser refuses the download.
    pub fn download_again(&self) -> Result<(), String> {
        download::offer(&self.file_name, "application/json", self.json.as_bytes())
    }
}

/// The submission `record` would be signed as now.
///
/// # Errors
///
/// When the assessment is not ready to export; the message says what to complete.
pub fn prepare(
    record: &AssessmentRecord,
    pack: &Pack,
    evaluation: &Evaluation,
    now: Timestamp,
    today: Date,
) -> Result<Submission, String> {
    if record.tiering.is_none() {
        return Err("describe the service in the tiering step before you export: the sponsor needs the three criteria".into());
    }
    // Answers to questions of another questionnaire (kept in the record after a switch) are
    // not part of this export.
    let answers: Answers = record
        .answers
        .iter()
        .filter(|(id, answer)| {
            pack.question(id.as_str())
                .is_some_and(|question| answer.check_for(question).is_ok())
        })
        .map(|(id, answer)| (id.clone(), answer.clone()))
        .collect();
    let parts = SubmissionParts {
        assessment_id: record.id.clone(),
        revision: record.next_revision(),
        supersedes: record.supersedes(),
        organisation: record.organisation.clone(),
        service: record.service.clone(),
        sponsor: Some(record.sponsor.trim().to_owned()).filter(|sponsor| !sponsor.is_empty()),
        tiering: record.tiering_or_strictest(),
        certificates: record.certificates.clone(),
        answers,
        corrective_actions: planned_actions(record, &evaluation.corrective_actions),
        created_at: record.created_at,
        exported_at: now,
        as_of: today,
        valid_until: today.checked_add(VALID_MONTHS.months()).unwrap_or(today),
    };
    Submission::build(parts, pack).map_err(|error| format!("not ready to export: {error}"))
}

/// Signs `submission`, prepared from the open assessment, with the key `key` gives, offers
/// the file as a download and lists it in the assessment's exports. `key` is asked only
/// here, once the assessment is ready, so that a refused export does not make a first key.
///
/// # Errors
///
/// When there is no key, or the browser refuses the download.
pub fn export(
    editing: Editing,
    submission: &Submission,
    key: impl FnOnce() -> Result<PrivateKeyBackup, String>,
) -> Result<Exported, String> {
    let key = key()?;
    let content = submission
        .content_digest()
        .map_err(|error| format!("could not sign: {error}"))?;
    let signed = sign_submission(submission, key.key())
        .map_err(|error| format!("could not sign: {error}"))?;
    let digest = signed.digest();
    // The revision is in the name: two exports on one day must not share it.
    let file_name = croqual::filename::download_name(
        &submission.organisation.legal_name,
        submission.claim.as_of,
        &format!("submission-r{}", submission.assessment.revision),
        "json",
    );
    let json = signed.to_json();
    download::offer(&file_name, "application/json", json.as_bytes())?;

    let revision = submission.assessment.revision;
    let signed_by = key.key().fingerprint();
    editing.edit(None, |r| {
        r.exports.push(ExportedRevision {
            revision,
            digest,
            exported_at: submission.exported_at,
            file_name: file_name.clone(),
            signed_by: Some(signed_by),
            content: Some(content),
        });
    });
    Ok(Exported {
        revision,
        file_name,
        json,
        signed_by,
        content,
    })
}
