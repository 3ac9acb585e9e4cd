//! Step 3: the submissions a vendor sends, as plain facts the caller has checked.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::assessment::{Outcome, Tier};
use crate::attest::Digest;
use crate::attest::keys::Fingerprint;

/// A submission whose signature the caller verified, reduced to the facts the workflow needs.
///
/// The caller reads and verifies the signed file (the export format's business), recomputes
/// the evaluation with the pack it names, and passes what it found here. The workflow checks
/// that the key which signed it is the one pinned for the vendor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    /// The submission's identity: SHA-256 of its canonical payload.
    pub digest: Digest,
    /// The CRO's id for the assessment; revisions of one assessment share it.
    pub assessment_id: String,
    /// The revision, from 1.
    pub revision: u32,
    /// The submission this one replaces, as the signed payload says.
    pub supersedes: Option<Digest>,
    /// When the sponsor received (imported) it.
    pub received_at: Timestamp,
    /// The fingerprint of the key whose signature verified.
    pub signed_by: Fingerprint,
    /// The tier the evaluation used.
    pub tier: Tier,
    /// The digest of the pack the evaluation used.
    pub pack_digest: Digest,
    /// The outcome the CRO's file claims.
    pub claimed_outcome: Outcome,
    /// The outcome recomputed by the sponsor from the answers: the one that counts.
    pub recomputed_outcome: Outcome,
    /// The overall score the file claims, as a decimal string ("72.5"); `None` when nothing
    /// was scored.
    pub claimed_score: Option<String>,
    /// The recomputed overall score, as a decimal string.
    pub score: Option<String>,
}

impl Submission {
    /// Whether the file claims another outcome or score than the sponsor recomputed.
    pub fn is_claim_different(&self) -> bool {
        self.claimed_outcome != self.recomputed_outcome || self.claimed_score != self.score
    }
}

/// A submission as the register keeps it: the facts plus the link to the one before it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceivedSubmission {
    /// The facts, as received.
    pub submission: Submission,
    /// The submission received before this one, whatever its assessment: the register's own
    /// link, beside the `supersedes` the CRO signed.
    pub previous: Option<Digest>,
}

/// Whether `text` is a decimal number such as "72.5", "100" or "0.0".
pub(crate) fn is_decimal(text: &str) -> bool {
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (text, None),
    };
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && fraction.is_none_or(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_scores_have_digits_on_both_sides_of_one_point() {
        for good in ["72.5", "100", "0.0", "100.0"] {
            assert!(is_decimal(good), "{good}");
        }
        for bad in ["", ".5", "72.", "7,5", "-1", "72.5.1", "1e2", " 72"] {
            assert!(!is_decimal(bad), "{bad}");
        }
    }
}
