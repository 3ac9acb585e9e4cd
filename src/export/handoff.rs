//! A verified submission passed from one thread of a program to another.
//!
//! Verifying a submission is mostly hashing and JSON work; a browser page does it in a
//! worker so that the page stays responsive and a second core helps. The worker's report
//! then has to reach the page, which is a separate heap: [`handoff`] writes what the page
//! cannot cheaply redo (the canonical payload, its digest, the signature, the
//! recomputed claim and its differences), and [`resume`] rebuilds the [`SubmissionReport`] from it with the page's
//! own trust store. Whether the key is pinned, and for whom, is always decided by the reader,
//! so a pin made while the worker was busy counts.
//!
//! The bytes are `[header length, u32 little-endian][header, JSON][canonical payload]`.
//!
//! # Limitations
//!
//! - [`resume`] trusts its input: it does not check the signature or the digest again. Give
//!   it only what [`handoff`] wrote in the same program; never bytes from a file or a
//!   network.
//! - Only a submission whose signature verified and whose claim was recomputed is handed
//!   over. Everything else (a malformed file, a bad signature, a pack the worker does not
//!   hold) is for the reader to verify itself with [`verify_submission`](super::verify_submission),
//!   which also gives its reasons in full.

use serde::{Deserialize, Serialize};

use super::claim::{Claim, Mismatch};
use super::submission::Submission;
use super::verify::{Recomputation, SubmissionReport, VendorCheck, VerifiedSubmission};
use crate::attest::Digest;
use crate::attest::envelope::{SignedDocument, TrustStore, Verification};
use crate::attest::json::Notice;
use crate::attest::keys::{Signature, VerifyingKey};

/// What the reader cannot cheaply redo, beside the canonical payload.
#[derive(Serialize, Deserialize)]
struct Header {
    digest: Digest,
    public_key: String,
    signature: String,
    format_version: u32,
    byte_order_mark: bool,
    claim: Claim,
    mismatches: Vec<Mismatch>,
}

/// The report written for [`resume`], or `None` when there is nothing to hand over: the
/// signature did not verify, or the claim could not be recomputed.
pub fn handoff(report: &SubmissionReport) -> Option<Vec<u8>> {
    let document = report.verification.document()?;
    let verified = report.submission.as_ref()?;
    let Recomputation::Recomputed {
        claim, mismatches, ..
    } = &verified.recomputation
    else {
        return None;
    };
    let header = Header {
        digest: document.digest(),
        public_key: document.public_key().to_base64(),
        signature: document.signature().to_base64(),
        format_version: document.format_version(),
        byte_order_mark: document.notices().contains(&Notice::ByteOrderMarkRemoved),
        claim: (**claim).clone(),
        mismatches: mismatches.clone(),
    };
    let header = serde_json::to_vec(&header).ok()?;
    let length = u32::try_from(header.len()).ok()?;
    let canonical = document.canonical_payload();
    let mut bytes = Vec::with_capacity(4 + header.len() + canonical.len());
    bytes.extend_from_slice(&length.to_le_bytes());
    bytes.extend_from_slice(&header);
    bytes.extend_from_slice(canonical);
    Some(bytes)
}

/// The report [`handoff`] wrote, with the key looked up in `trust`; `None` when `bytes` are
/// not what [`handoff`] writes.
pub fn resume(bytes: &[u8], trust: &TrustStore) -> Option<SubmissionReport> {
    let (length, rest) = bytes.split_first_chunk::<4>()?;
    let length = usize::try_from(u32::from_le_bytes(*length)).ok()?;
    let (header, canonical) = rest.split_at_checked(length)?;
    let header: Header = serde_json::from_slice(header).ok()?;
    // The canonical bytes were written from the payload the worker read strictly, so a plain
    // read gives the same submission. The payload itself is parsed only if asked for.
    let submission: Submission = serde_json::from_slice(canonical).ok()?;
    let notices = if header.byte_order_mark {
        vec![Notice::ByteOrderMarkRemoved]
    } else {
        Vec::new()
    };
    let document = SignedDocument::resumed(
        canonical.to_vec(),
        header.digest,
        header.format_version,
        VerifyingKey::from_base64(&header.public_key).ok()?,
        Signature::from_base64(&header.signature).ok()?,
        notices.clone(),
    );
    let submission = VerifiedSubmission {
        digest: header.digest,
        fingerprint: document.fingerprint(),
        notices,
        submission,
        // Decided below with the reader's pins.
        vendor: VendorCheck::Unpinned {
            claimed: String::new(),
        },
        recomputation: Recomputation::Recomputed {
            evaluation: None,
            claim: Box::new(header.claim),
            mismatches: header.mismatches,
        },
    };
    Some(pinned_by(document, submission, trust))
}

/// `report` with the key looked up in `trust` again: for a report made earlier, before a pin
/// may have been added or removed. A report without a verified document is returned as it is.
pub fn retrust(report: SubmissionReport, trust: &TrustStore) -> SubmissionReport {
    match report {
        SubmissionReport {
            verification:
                Verification::ValidUnpinnedKey { document, .. }
                | Verification::VerifiedPinned { document, .. },
            submission: Some(submission),
        } => pinned_by(*document, submission, trust),
        report => report,
    }
}

/// The report on `document` and `submission` as `trust` has the key.
fn pinned_by(
    document: SignedDocument,
    mut submission: VerifiedSubmission,
    trust: &TrustStore,
) -> SubmissionReport {
    let verification = Verification::of_signed(document, trust);
    submission.vendor = VendorCheck::of(
        &verification,
        trust,
        submission.submission.organisation.legal_name.clone(),
    );
    SubmissionReport {
        verification,
        submission: Some(submission),
    }
}
