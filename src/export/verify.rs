//! Reading a submission as a sponsor: the signature, the author, then a recomputation.

use std::collections::BTreeMap;
use std::fmt;

use jiff::civil::Date;

use super::claim::{Claim, Mismatch};
use super::strict::read_typed;
use super::submission::{SUBMISSION_FORMAT, Submission, is_export_date};
use crate::assessment::{
    Answer, Answers, CertificateCheck, Evaluation, QuestionState, check_certificates, evaluate,
};
use crate::attest::Digest;
use crate::attest::envelope::{self, EnvelopeError, TrustStore, Vendor, Verification};
use crate::attest::json::Notice;
use crate::attest::keys::Fingerprint;
use crate::pack::{Pack, default_bank};

/// The packs a sponsor can recompute with, by digest. The default bank is always there.
#[derive(Clone, Debug)]
pub struct PackLibrary {
    packs: BTreeMap<Digest, Pack>,
}

impl PackLibrary {
    /// A library holding the default bank.
    pub fn new() -> PackLibrary {
        let bank = default_bank();
        PackLibrary {
            packs: BTreeMap::from([(bank.digest(), bank.clone())]),
        }
    }

    /// Adds a pack, returning its digest.
    pub fn add(&mut self, pack: Pack) -> Digest {
        let digest = pack.digest();
        self.packs.insert(digest, pack);
        digest
    }

    /// The pack with this digest.
    pub fn get(&self, digest: &Digest) -> Option<&Pack> {
        self.packs.get(digest)
    }

    /// Every pack, by digest.
    pub fn packs(&self) -> impl Iterator<Item = &Pack> {
        self.packs.values()
    }
}

impl Default for PackLibrary {
    fn default() -> PackLibrary {
        PackLibrary::new()
    }
}

/// What a sponsor learns from a submission file.
#[derive(Clone, Debug)]
pub struct SubmissionReport {
    /// The envelope's result: one of the four. A payload that verifies but does not read as
    /// a submission is [`Verification::Malformed`].
    pub verification: Verification,
    /// The submission, when its signature verified (under a pinned key or not).
    pub submission: Option<VerifiedSubmission>,
}

/// A submission whose signature verified, with what croqual found when checking it.
#[derive(Clone, Debug)]
pub struct VerifiedSubmission {
    /// The payload, read strictly.
    pub submission: Submission,
    /// The document's identity.
    pub digest: Digest,
    /// The fingerprint of the key that signed it.
    pub fingerprint: Fingerprint,
    /// What the reader noticed about the file, such as a removed byte-order mark.
    pub notices: Vec<Notice>,
    /// The vendor the payload names against the vendor the key is pinned for.
    pub vendor: VendorCheck,
    /// The recomputation, or why there is none.
    pub recomputation: Recomputation,
}

/// The vendor the payload names, compared with the sponsor's pin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VendorCheck {
    /// The key is pinned for a vendor whose name is the payload's legal name.
    Matches {
        /// The pinned vendor.
        vendor: Vendor,
    },
    /// The key is pinned for a vendor of another name than the payload's: one vendor's key
    /// signed another's identity.
    Mismatch {
        /// The legal name in the payload.
        claimed: String,
        /// The vendor the key is pinned for.
        pinned: Vendor,
    },
    /// The key is not pinned, but another key is pinned for a party of the name the payload
    /// gives: a key change, or someone else signing in that party's name. Never trusted
    /// until a person decides.
    AnotherKey {
        /// The name in the payload.
        claimed: String,
        /// The party of that name, as pinned.
        pinned: Vendor,
        /// The key pinned for it.
        pinned_key: Fingerprint,
    },
    /// The key is not pinned: the payload's legal name is unconfirmed.
    Unpinned {
        /// The legal name in the payload.
        claimed: String,
    },
}

impl fmt::Display for VendorCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VendorCheck::Matches { vendor } => write!(f, "{}", vendor.name),
            VendorCheck::Mismatch { claimed, pinned } => write!(
                f,
                "the submission names {claimed:?}, but the key is pinned for {:?} ({})",
                pinned.name, pinned.id
            ),
            VendorCheck::AnotherKey {
                claimed,
                pinned,
                pinned_key,
            } => write!(
                f,
                "the submission names {claimed:?}, pinned as {} with another key ({pinned_key}): a key change or an impostor; confirm with them before trusting it",
                pinned.id
            ),
            VendorCheck::Unpinned { claimed } => {
                write!(
                    f,
                    "{claimed} (as the submission says; the key is not pinned)"
                )
            }
        }
    }
}

impl VendorCheck {
    /// The party `claimed` in a payload, against the party `verification`'s key is pinned
    /// for, or, when the key is pinned for nobody, against every party pinned in `trust`.
    pub(crate) fn of(verification: &Verification, trust: &TrustStore, claimed: String) -> Self {
        match verification.vendor() {
            Some(pinned) if same_name(&pinned.name, &claimed) => VendorCheck::Matches {
                vendor: pinned.clone(),
            },
            Some(pinned) => VendorCheck::Mismatch {
                claimed,
                pinned: pinned.clone(),
            },
            None => match trust
                .pins()
                .find(|(_, vendor)| same_name(&vendor.name, &claimed))
            {
                Some((pinned_key, pinned)) => VendorCheck::AnotherKey {
                    pinned: pinned.clone(),
                    pinned_key: *pinned_key,
                    claimed,
                },
                None => VendorCheck::Unpinned { claimed },
            },
        }
    }

    /// Whether the payload's party and the key disagree: another party's key, or another
    /// key for the party.
    pub fn is_conflict(&self) -> bool {
        matches!(
            self,
            VendorCheck::Mismatch { .. } | VendorCheck::AnotherKey { .. }
        )
    }
}

/// The sponsor's recomputation of the claim.
#[derive(Clone, Debug)]
pub enum Recomputation {
    /// Recomputed with the pack the payload names.
    Recomputed {
        /// The evaluation, as of the claim's date; `None` in a report handed over from
        /// another thread (see [`handoff`](super::handoff)), which carries the claim made
        /// from it and the differences only.
        evaluation: Option<Box<Evaluation>>,
        /// The claim as recomputed.
        claim: Box<Claim>,
        /// Every difference between the submission and the recomputation; empty when they
        /// agree.
        mismatches: Vec<Mismatch>,
    },
    /// The payload names a pack this library does not hold.
    PackUnavailable {
        /// The pack's digest.
        digest: Digest,
        /// The pack's id, as the payload says.
        id: String,
        /// The pack's version, as the payload says.
        version: String,
    },
}

impl Recomputation {
    /// The differences found; empty when there was nothing to compare.
    pub fn mismatches(&self) -> &[Mismatch] {
        match self {
            Recomputation::Recomputed { mismatches, .. } => mismatches,
            Recomputation::PackUnavailable { .. } => &[],
        }
    }

    /// The recomputed claim.
    pub fn claim(&self) -> Option<&Claim> {
        match self {
            Recomputation::Recomputed { claim, .. } => Some(claim),
            Recomputation::PackUnavailable { .. } => None,
        }
    }

    /// The recomputed evaluation; `None` without a recomputation, or in a report handed over
    /// from another thread.
    pub fn evaluation(&self) -> Option<&Evaluation> {
        match self {
            Recomputation::Recomputed { evaluation, .. } => evaluation.as_deref(),
            Recomputation::PackUnavailable { .. } => None,
        }
    }
}

impl fmt::Display for Recomputation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Recomputation::Recomputed { mismatches, .. } if mismatches.is_empty() => {
                f.write_str("the recomputation matches the claim")
            }
            Recomputation::Recomputed { mismatches, .. } => write!(
                f,
                "the recomputation differs from the claim in {} places",
                mismatches.len()
            ),
            Recomputation::PackUnavailable {
                digest,
                id,
                version,
                ..
            } => write!(
                f,
                "pack {digest} not available ({id} {version}, as the submission says): provide the pack file"
            ),
        }
    }
}

/// What a sponsor should do with a file, from best to worst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    /// Verified under a pinned key, its vendor as pinned, and the recomputation matches.
    Trusted,
    /// Intact and consistent, but signed by a key nobody pinned.
    UnpinnedKey,
    /// Tampered with, signed by another key, or claiming what the recomputation does not
    /// give, or naming another vendor than the key's.
    Failed,
    /// Not a readable submission, or not checkable here: a pack is missing.
    Unusable,
}

impl SubmissionReport {
    /// The one thing to act on.
    pub fn verdict(&self) -> Verdict {
        match (&self.verification, &self.submission) {
            (Verification::Malformed(_), _) => Verdict::Unusable,
            (Verification::SignatureInvalid { .. }, _) => Verdict::Failed,
            (_, None) => Verdict::Unusable,
            (verification, Some(submission)) => {
                if !submission.recomputation.mismatches().is_empty()
                    || submission.vendor.is_conflict()
                {
                    Verdict::Failed
                } else if matches!(
                    submission.recomputation,
                    Recomputation::PackUnavailable { .. }
                ) {
                    Verdict::Unusable
                } else if verification.is_verified_pinned() {
                    Verdict::Trusted
                } else {
                    Verdict::UnpinnedKey
                }
            }
        }
    }

    /// Every difference found; empty when none, or when nothing could be compared.
    pub fn mismatches(&self) -> &[Mismatch] {
        self.submission
            .as_ref()
            .map_or(&[], |submission| submission.recomputation.mismatches())
    }
}

impl VerifiedSubmission {
    /// Each certificate checked on `today`, which may be later than the claim's date: a
    /// certificate valid at export may have expired since.
    pub fn certificates_on(&self, today: Date) -> Vec<CertificateCheck> {
        check_certificates(&self.submission.certificates, today)
    }

    /// Whether the CRO still stands by the submission on `today`.
    pub fn is_valid_on(&self, today: Date) -> bool {
        today <= self.submission.valid_until
    }
}

/// Reads and verifies a submission file: the envelope against `trust`, the payload strictly,
/// the vendor against the pin, then the claim against a recomputation with the pack the
/// payload names, as of the claim's date.
pub fn verify_submission(
    bytes: &[u8],
    trust: &TrustStore,
    packs: &PackLibrary,
) -> SubmissionReport {
    let verification = envelope::verify(bytes, &SUBMISSION_FORMAT, trust);
    let Some(document) = verification.document() else {
        return SubmissionReport {
            verification,
            submission: None,
        };
    };
    let submission: Submission = match read_typed(document.payload()) {
        Ok(submission) => submission,
        Err(reason) => {
            return SubmissionReport {
                verification: Verification::Malformed(EnvelopeError::Payload { reason }),
                submission: None,
            };
        }
    };
    let answers = match checked_answers(&submission) {
        Ok(answers) => answers,
        Err(reason) => {
            return SubmissionReport {
                verification: Verification::Malformed(EnvelopeError::Payload { reason }),
                submission: None,
            };
        }
    };

    let vendor = VendorCheck::of(
        &verification,
        trust,
        submission.organisation.legal_name.clone(),
    );
    let recomputation = recompute(&submission, &answers, packs);
    let checked = VerifiedSubmission {
        digest: document.digest(),
        fingerprint: document.fingerprint(),
        notices: document.notices().to_vec(),
        submission,
        vendor,
        recomputation,
    };
    SubmissionReport {
        verification,
        submission: Some(checked),
    }
}

/// Recomputes the claim and lists every difference.
pub(crate) fn recompute(
    submission: &Submission,
    answers: &Answers,
    packs: &PackLibrary,
) -> Recomputation {
    let named = &submission.pack;
    let Some(pack) = packs.get(&named.digest) else {
        return Recomputation::PackUnavailable {
            digest: named.digest,
            id: named.id.clone(),
            version: named.version.clone(),
        };
    };
    let mut mismatches = Vec::new();
    let mut differ = |field: &str, claimed: &str, recomputed: &str| {
        if claimed != recomputed {
            mismatches.push(Mismatch {
                field: field.to_owned(),
                claimed: claimed.to_owned(),
                recomputed: recomputed.to_owned(),
            });
        }
    };
    differ("pack.id", &named.id, pack.id());
    differ("pack.version", &named.version, pack.version());
    let as_of = submission.claim.as_of;
    if !is_export_date(as_of, submission.exported_at) {
        differ(
            "claim.as_of",
            &as_of.to_string(),
            &format!("the date of {} in some time zone", submission.exported_at),
        );
    }

    let evaluation = evaluate(
        pack,
        &submission.tiering,
        &submission.certificates,
        answers,
        as_of,
    );
    let claim = Claim::from_evaluation(&evaluation);
    mismatches.extend(submission.claim.mismatches(&claim));
    mismatches.extend(answer_mismatches(pack, submission, &evaluation));
    mismatches.extend(action_mismatches(submission, &evaluation));
    Recomputation::Recomputed {
        evaluation: Some(Box::new(evaluation)),
        claim: Box::new(claim),
        mismatches,
    }
}

/// The states each answer claims against the recomputed ones.
fn answer_mismatches(
    pack: &Pack,
    submission: &Submission,
    evaluation: &Evaluation,
) -> Vec<Mismatch> {
    let mut found = Vec::new();
    for answer in &submission.answers {
        let id = answer.question.as_str();
        if let Some(ignored) = evaluation
            .ignored_answers
            .iter()
            .find(|ignored| ignored.question.as_str() == id)
        {
            found.push(Mismatch {
                field: format!("answers.{id}"),
                claimed: format!("an answer in state {}", state_name(answer.state)),
                recomputed: format!("left out: {}", ignored.reason),
            });
            continue;
        }
        // Both lists are in pack order, so the position is a lookup, not a search.
        let Some(status) = pack
            .position(id)
            .and_then(|position| evaluation.questions.get(position))
        else {
            continue;
        };
        if status.state != answer.state {
            found.push(Mismatch {
                field: format!("answers.{id}.state"),
                claimed: state_name(answer.state).to_owned(),
                recomputed: state_name(status.state).to_owned(),
            });
        }
        if status.scored != answer.scored {
            found.push(Mismatch {
                field: format!("answers.{id}.scored"),
                claimed: answer.scored.to_string(),
                recomputed: status.scored.to_string(),
            });
        }
    }
    found
}

/// A gap the recomputation finds that the submission plans no corrective action for.
fn action_mismatches(submission: &Submission, evaluation: &Evaluation) -> Vec<Mismatch> {
    evaluation
        .corrective_actions
        .iter()
        .filter(|proposed| {
            !submission
                .corrective_actions
                .iter()
                .any(|planned| planned.question == proposed.question)
        })
        .map(|proposed| Mismatch {
            field: format!("corrective_actions.{}", proposed.question),
            claimed: "no corrective action".to_owned(),
            recomputed: format!("a gap: {}", proposed.gap),
        })
        .collect()
}

fn state_name(state: QuestionState) -> &'static str {
    match state {
        QuestionState::Active => "active",
        QuestionState::Inapplicable => "inapplicable",
        QuestionState::OffPath => "off_path",
        QuestionState::Optional => "optional",
    }
}

/// The answers as the assessment model holds them, refusing a question answered twice or
/// a value that breaks an answer rule, naming the answer's place in the payload.
pub(crate) fn checked_answers(submission: &Submission) -> Result<Answers, String> {
    let mut answers = Answers::new();
    for (index, submitted) in submission.answers.iter().enumerate() {
        // Scoring reads values only: leaving comments and evidence out spares normalising
        // every comment again on each verification.
        let answer = Answer::new(submitted.value.clone(), submitted.answered_at)
            .map_err(|error| format!("$.answers[{index}]: {error}"))?;
        if answers.insert(submitted.question.clone(), answer).is_some() {
            return Err(format!(
                "$.answers[{index}]: a second answer to {}; each question is answered once",
                submitted.question
            ));
        }
    }
    Ok(answers)
}

/// Whether two names are the same once trimmed, NFC-normalised and case-folded.
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    crate::text::fold(a) == crate::text::fold(b)
}
