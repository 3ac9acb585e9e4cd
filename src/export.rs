//! croqual's signed documents: a CRO's submission and a sponsor's decision, and how a sponsor
//! verifies a submission down to its score.
//!
//! This page is written for someone who writes an independent verifier. Everything below
//! is what croqual itself checks; the test vectors at the end let you check yours.
//!
//! # The envelope
//!
//! Both documents are one UTF-8 JSON file holding exactly two members (see
//! [`attest::envelope`](crate::attest::envelope)):
//!
//! ```json
//! {
//!   "payload": { "format": "croqual-submission", "format_version": 1, "…": "…" },
//!   "signature": {
//!     "algorithm": "Ed25519",
//!     "canonicalization": "RFC8785",
//!     "fingerprint": "16 groups of 4 uppercase hex digits",
//!     "public_key": "standard base64 of the 32-byte Ed25519 public key",
//!     "value": "standard base64 of the 64-byte Ed25519 signature"
//!   }
//! }
//! ```
//!
//! **What is signed:** the RFC 8785 (JSON Canonicalization Scheme) bytes of the `payload`
//! object as parsed, and nothing else: members sorted by the UTF-16 code units of their
//! keys, no whitespace, strings with only `"`, `\` and U+0000–U+001F escaped (as `\b`,
//! `\f`, `\n`, `\r`, `\t` or `\u00XX` in lowercase hex), integers written plainly. The
//! signature is pure Ed25519 (RFC 8032, no context, no pre-hash) over those bytes; verify it
//! the strict way (ed25519-dalek's `verify_strict`: canonical S, no small-order key or R).
//! Whitespace, indentation, line endings, key order and `\u` escapes in the file therefore
//! never matter; any changed value always does.
//!
//! **The fingerprint** of a key is SHA-256 of its 32 public key bytes, written as 64
//! uppercase hex digits in 16 groups of 4 separated by single spaces. It must match
//! `public_key`. A key is trusted only because the sponsor pinned its fingerprint for a
//! vendor; the key in the file only says which key to check.
//!
//! **The identity** of a document, its [`Digest`](crate::attest::Digest), is SHA-256 of the
//! canonical payload bytes, written `sha256:` and 64 lowercase hex digits. It does not
//! cover the signature block. A later submission names its predecessor by it
//! (`supersedes`), and a decision names the submission it decides on by it.
//!
//! **The public key file** a CRO sends its sponsor beside its submissions (see
//! [`PublicKeyFile`](crate::attest::keys::PublicKeyFile)) is UTF-8 text:
//!
//! ```text
//! croqual public key v1
//! name: Example CRO GmbH
//! fingerprint: <16 groups of 4 uppercase hex digits>
//! key: <standard base64 of the 32-byte public key>
//! ```
//!
//! Lines end with LF or CRLF; blank lines and lines starting with `#` are ignored; each field
//! appears once, in any order.
//!
//! # Rules every payload follows
//!
//! - No floating-point number anywhere: weights, counts and sizes are integers, scores are
//!   decimal strings with one decimal ("72.5"), rounded half up from the exact fraction.
//!   Integers stay within ±(2^53−1).
//! - Dates are `"YYYY-MM-DD"`; instants are RFC 3339 in UTC with a `Z` and whole seconds
//!   unless a fraction was recorded (`"2025-04-01T09:30:00Z"`).
//! - Every field is always written, `null` where a value is absent and `[]` or `""` where a
//!   list or text is empty. croqual reads a payload into its type and writes it back, and
//!   refuses any difference: an unknown field, a missing one, or a value in another form
//!   (an instant with an offset, say), naming the JSON path. So what a sponsor is shown is
//!   exactly what was signed.
//! - Texts people typed are NFC-normalised and trimmed by croqual when it builds a payload.
//!
//! # The submission: `"croqual-submission"`, version 1
//!
//! | field | meaning |
//! |---|---|
//! | `format`, `format_version` | `"croqual-submission"`, `1`; a newer version is refused, naming it |
//! | `assessment` | `{"id": "ASM-2025-0001", "revision": 1}`: the CRO's assessment id, kept across revisions, and the revision from 1 |
//! | `supersedes` | the digest of the submission of this assessment it replaces, or `null` |
//! | `organisation` | the CRO: `legal_name`, `registration_id`, `country` (ISO 3166-1 alpha-2), `contact` (`name`, `role`, `email`, `phone`) |
//! | `service` | the service assessed: `name`, `description` |
//! | `sponsor` | the sponsor it is addressed to, free text, or `null` |
//! | `tiering` | the tiering criteria: `business_function` (`none`, `supporting`, `critical`), `data` (`none`, `confidential_business`, `personal`, `health_or_trial_subject`), `access` (`none`, `read_only`, `interactive`, `privileged_or_network_connected`), `hosts_french_health_data` (bool), `hds_activities` (list of `physical_sites`, `hardware_infrastructure`, `virtual_infrastructure`, `application_hosting_platform`, `administration_and_operation`, `backup`) |
//! | `certificates` | each: `scheme` (`{"kind": "iso27001_2022"}`, `iso27001_2013`, `{"kind": "hds", "activities": […]}`, `{"kind": "soc2_type2", "period_start", "period_end"}`, `iso27701`, `iso27017`, `iso27018`, `hitrust`, `cyber_essentials`, `{"kind": "other", "name"}`), `number`, `issuer`, `accreditation_body`, `scope`, `covers_service` (bool), `issued_on`, `expires_on` (date or `null`) |
//! | `pack` | the questionnaire: `id`, `version`, `digest` (the pack's own digest, see [`Pack::digest`](crate::pack::Pack::digest)) |
//! | `answers` | every answer, in pack order, once per question (below) |
//! | `claim` | the CRO's computed result (below) |
//! | `corrective_actions` | each: `question`, `gap` (what is missing), `action` (what the CRO will do), `owner` (text or `null`), `due_on`, `status` (`open`, `in_progress`, `done`, `verified`), `critical` (bool) |
//! | `created_at`, `exported_at` | instants: when the assessment was started and when this file was signed |
//! | `valid_until` | the last day the CRO stands by it |
//!
//! An **answer** is `{"question", "state", "scored", "value", "comment", "evidence",
//! "answered_at"}`:
//!
//! - `state` is where the question stood when the CRO evaluated: `"active"` (asked),
//!   `"inapplicable"` (its condition is false), `"off_path"` (a full-path question on the
//!   reduced path) or `"optional"` (not required for the tier). Only an active answer
//!   counts; every other one is kept, clearly inactive, and neither scored nor a critical
//!   failure. `scored` says whether it counts in the score (active and of a scored type).
//! - `value` is one of `{"kind": "yes"}`, `{"kind": "partial"}`, `{"kind": "no"}`,
//!   `{"kind": "na", "justification"}` (a justification is required), `{"kind": "choice",
//!   "option"}`, `{"kind": "choices", "options": […]}`, `{"kind": "text", "text"}`,
//!   `{"kind": "date", "date"}` or `{"kind": "number", "number": "12.5"}` (a decimal
//!   string).
//! - `evidence` lists the files shown, each `{"name", "size", "sha256"}`: the size in bytes
//!   and the file's SHA-256 as a digest. The files themselves travel separately.
//!
//! The **claim** ([`Claim`]) is `{"as_of", "tier", "path", "overall", "domains",
//! "functions", "outcome", "reasons", "critical_failures", "critical_not_applicable",
//! "incomplete", "reassess_by"}`: the evaluation date (the CRO's date of `exported_at`),
//! the tier (integer 1–4), the path (`"reduced"` or `"full"`), the overall score (decimal
//! string or `null`), each domain `{"domain", "weight", "score"}` in pack order, each CSF
//! function `{"function": "GV", "score"}` in the order GV, ID, PR, DE, RS, RC, the outcome
//! (`"accepted"`, `"accepted_with_corrective_actions"`, `"rejected"`), the outcome rules
//! that applied (each `{"rule": …}` with its data, see
//! [`OutcomeReason`](crate::assessment::OutcomeReason)), the question ids of failed and of
//! not-applicable critical questions and of unanswered scored ones, and the re-assessment
//! date. The scoring model is documented in [`crate::assessment`].
//!
//! # The decision: `"croqual-decision"`, version 1
//!
//! | field | meaning |
//! |---|---|
//! | `format`, `format_version` | `"croqual-decision"`, `1` |
//! | `submission` | `{"digest", "assessment_id", "revision", "vendor": {"legal_name", "registration_id", "country"}}`: the submission decided on |
//! | `sponsor` | `{"organisation", "decided_by", "role"}` |
//! | `outcome` | `"accepted"`, `"accepted_with_corrective_actions"` (needs a plan) or `"rejected"` (needs a reason) |
//! | `reasons` | free texts |
//! | `plan` | each: `question` (id or `null`), `action`, `owner`, `due_on`, `status` |
//! | `risk_acceptance` | `null`, or `{"justification", "approver", "role", "accepted_on", "expires_on", "outcome", "pack_digest"}`: the computed outcome and pack it accepts the risk of; it expires after it is accepted |
//! | `decided_at` | instant |
//!
//! # Verifying a submission, step by step
//!
//! 1. Read the bytes as strict UTF-8 (one leading byte-order mark may be removed; refuse
//!    UTF-16 and invalid bytes), parse JSON refusing duplicate keys at any depth and
//!    integers beyond ±(2^53−1).
//! 2. Check the envelope: exactly `payload` and `signature`; the five signature fields;
//!    `algorithm` `"Ed25519"`, `canonicalization` `"RFC8785"`; `payload.format`
//!    `"croqual-submission"` and `payload.format_version` 1.
//! 3. Decode `public_key`, refuse a small-order key, compute its fingerprint and compare it
//!    with `fingerprint`.
//! 4. Canonicalise `payload` (RFC 8785) and verify `value` over those bytes with
//!    `verify_strict`. A failure means the content changed after signing.
//! 5. Look the fingerprint up among the keys you pinned. Unknown: the content is intact but
//!    its author unconfirmed; show the fingerprint. Known: compare the vendor it is pinned
//!    for with `organisation.legal_name`.
//! 6. Read the payload strictly as described above.
//! 7. Find the pack whose digest is `pack.digest` (never one of the same id "close enough");
//!    check its id and version against `pack`.
//! 8. Recompute the evaluation from `tiering`, `certificates` and the answers, with that
//!    pack, as of `claim.as_of` (which must be the date of `exported_at` in some time zone),
//!    and compare with `claim` field by field, each answer's `state` and `scored`, and that
//!    every gap has a corrective action. Report every difference.
//!
//! [`verify_submission`] does exactly this and returns a [`SubmissionReport`]; its
//! [`Verdict`] is what the `croqual verify` exit status reports. A decision is verified the
//! same way with [`verify_decision`], against the sponsor's pinned key; its signer check
//! compares the pinned name with `sponsor.organisation`.
//!
//! # Producing a submission
//!
//! [`Submission::build`] takes plain parts ([`SubmissionParts`]), evaluates them for the
//! claim and records each answer's state; [`sign_submission`] signs it. `croqual sign` signs
//! an unsigned payload (the `payload` object alone) for scripted pipelines, after reading it
//! as strictly as a signed one and recomputing its claim: a claim that does not recompute
//! is refused, never signed and never corrected.
//!
//! # Test vectors
//!
//! `tests/data/example-export.json` is a submission for the default bank, signed with the
//! TEST-ONLY key whose public file is `tests/data/example-key.pub` and whose seed is
//! SHA-256 of the ASCII text `croqual example key: TEST ONLY, never trust it` (its backup:
//! `tests/data/example-key.TEST-ONLY.key`). A correct verifier finds:
//!
//! - fingerprint `EFE7 C216 9141 AE9B 6BD6 C577 6F07 49B7 2A48 CEBD 69F6 6BD0 F289 8566 9A11 2F52`
//! - digest (of the canonical payload) `sha256:1905e173a3bbd8a5c4c27d8831709292e97f7c718e6e4a043c34306a779f471e`
//! - the claim recomputes exactly: overall `84.9`, outcome `accepted_with_corrective_actions`.
//!
//! `cargo test --test example -- --ignored regenerate` writes the three files again; a test
//! fails when they drift from what the code writes or no longer verify.
//!
//! # Limitations
//!
//! - The vendor check compares names (trimmed, NFC, case-folded): a pinned vendor recorded
//!   as "Example CRO" and a payload saying "Example CRO GmbH" are reported as a mismatch.
//!   The sponsor then reads both names and decides; croqual never guesses that they agree.
//! - A recomputation needs the exact pack. A sponsor who lacks it gets "pack sha256:… not
//!   available: provide the pack file" and no comparison, rather than a guess with a pack of
//!   the same id.
//! - Evidence files are referenced, not carried: a sponsor checks a file the CRO sends
//!   separately against its `size` and `sha256`.
//! - One signature per document: a submission countersigned by an auditor would need a
//!   new envelope version.

mod changes;
mod claim;
mod decision;
mod error;
pub mod handoff;
mod strict;
mod submission;
mod verify;

pub use changes::AnswerChange;
pub use claim::{Claim, ClaimedDomain, ClaimedFunction, Mismatch};
pub use decision::{
    DECISION_FORMAT, DecidedSubmission, Decision, DecisionParts, DecisionReport, PlannedAction,
    Sponsor, VendorIdentity, VerifiedDecision, sign_decision, verify_decision,
};
pub use error::ExportError;
pub use submission::{
    AssessmentRef, PackRef, SUBMISSION_FORMAT, Submission, SubmissionParts, SubmittedAnswer,
    sign_submission,
};
pub use verify::{
    PackLibrary, Recomputation, SubmissionReport, VendorCheck, Verdict, VerifiedSubmission,
    verify_submission,
};
