//! Importing files: each is read as bytes, verified, recomputed, matched to its vendor and,
//! when everything holds, handed to the workflow. Each file gets its own verdict line; a file
//! that fails changes nothing.
//!
//! Public key files may come in the same batch: they are read first, so a submission signed
//! with such a key can be pinned from the file at once.

use std::collections::VecDeque;
use std::sync::Arc;

use croqual::assessment::Outcome;
use croqual::attest::Digest;
use croqual::attest::envelope::{SignedDocument, Verification};
use croqual::attest::keys::{Fingerprint, PublicKeyFile};
use croqual::export::{
    Mismatch, Recomputation, Submission, SubmissionReport, VendorCheck, handoff, verify_submission,
};
use croqual::organisation::{Organisation, Service, reveal_bidi};
use croqual::sponsor::KeptDocument;
use croqual::text::fold;
use croqual::workflow::{self, Command, KeySource, Stage, VendorId};
use jiff::Timestamp;
use leptos::prelude::*;

use super::sentence;
use super::workspace::{Vendor, Workspace};
use crate::app::verifier::{Job, Verifier};
use crate::app::{browser, files};

/// How long a bulk import examines files before the page draws the new verdict lines and the
/// progress: each drawing costs about as much as examining a dozen files, whatever the number
/// of new lines, so drawing every few files would make a large import twice as long.
const MS_BETWEEN_DRAWS: f64 = 250.0;

/// How many files are read together, and how many bytes at most: one wait for many reads,
/// with memory bounded (two groups are in memory at once, one examined, one being read).
const FILES_PER_READ: usize = 250;
const BYTES_PER_READ: f64 = 32.0 * 1024.0 * 1024.0;

/// How many files go to the verifying worker together: few, so that the page starts on the
/// first results soon after the files are read; enough that messages cost little.
const FILES_PER_CHECK: usize = 20;

/// How many groups the page keeps ahead of the one it examines before it reads more files.
const GROUPS_AHEAD: usize = 4;

/// How many groups are at the verifying worker at once: one it works on, one waiting, so
/// that it never waits for the page.
const AT_WORKER: usize = 4;

/// The import's state: the verdict lines and the progress, provided through the workspace.
#[derive(Clone, Copy)]
pub struct Import {
    /// Every import of this session, newest last.
    pub batches: RwSignal<Vec<Batch>>,
    /// Files done and files given, while an import runs.
    pub progress: RwSignal<Option<(usize, usize)>>,
    queue: StoredValue<VecDeque<web_sys::File>, LocalStorage>,
    next_line: StoredValue<u64>,
    /// How many times the waiting lines were looked at again (after a pin, a new vendor, a
    /// pack): lines examined before that and not drawn yet are looked at again too.
    retries: StoredValue<u64>,
}

/// The files given in one go (with any given while they were being read), each with its
/// verdict line, in the order they were given: new lines are only ever added at the end,
/// which the page draws at a fraction of the cost of adding them at the top.
#[derive(Clone)]
pub struct Batch {
    /// Its number in this session.
    pub id: u64,
    /// When the first of its files was given.
    pub started_at: Timestamp,
    /// Its verdict lines. Reference-counted rather than owned by the component that was
    /// showing when the files were given: that one may be gone before the lines are.
    pub lines: ArcRwSignal<Vec<RwSignal<Line>>>,
}

impl Import {
    /// No line yet.
    pub fn new() -> Import {
        Import {
            batches: RwSignal::new(Vec::new()),
            progress: RwSignal::new(None),
            queue: StoredValue::new_local(VecDeque::new()),
            next_line: StoredValue::new(0),
            retries: StoredValue::new(0),
        }
    }

    /// Every verdict line, oldest first.
    fn all_lines(self) -> Vec<RwSignal<Line>> {
        self.batches.with_untracked(|batches| {
            batches
                .iter()
                .flat_map(|batch| batch.lines.get_untracked())
                .collect()
        })
    }

    /// Drops the lines that wait for no decision, and the imports left without a line but
    /// the one still running, whose next lines go to it.
    pub fn clear_finished(self) {
        let running = self.progress.get_untracked().is_some();
        self.batches.update(|batches| {
            for batch in batches.iter() {
                batch
                    .lines
                    .update(|lines| lines.retain(|line| line.with_untracked(Line::is_pending)));
            }
            let last = batches.last().map(|batch| batch.id);
            batches.retain(|batch| {
                !batch.lines.with_untracked(Vec::is_empty) || (running && Some(batch.id) == last)
            });
        });
    }
}

/// One file's verdict.
#[derive(Clone, Debug)]
pub struct Line {
    /// Its number in this session.
    pub id: u64,
    /// The file's name.
    pub file: String,
    /// What croqual found and did.
    pub result: FileResult,
    /// What the reader noticed on the way, such as a removed byte-order mark.
    pub notices: Vec<String>,
    // The file, kept only while the line waits for a decision (pin, key change, pack).
    bytes: Option<Arc<[u8]>>,
}

impl Line {
    /// Whether the line waits for the person to decide something.
    pub fn is_pending(&self) -> bool {
        self.bytes.is_some()
    }
}

/// What croqual found in a file and did with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileResult {
    /// The browser could not read the file.
    Unreadable {
        /// Why.
        reason: String,
    },
    /// Not a well-formed submission or key file.
    Malformed {
        /// Why, as the reader says.
        reason: String,
    },
    /// The signature does not verify: changed after signing, or not signed by that key.
    SignatureInvalid {
        /// The key the file names.
        fingerprint: Fingerprint,
    },
    /// Intact, but the score or outcome it claims is not what its answers give.
    ClaimDiffers {
        /// The CRO, as the file names it.
        organisation: String,
        /// Every difference.
        mismatches: Vec<Mismatch>,
    },
    /// Signed with a key pinned for another vendor than the one the file names.
    VendorMismatch {
        /// The name in the file.
        claimed: String,
        /// The vendor the key is pinned for.
        pinned: String,
        /// Its id.
        pinned_id: String,
    },
    /// The file names a questionnaire croqual does not have: its file is needed.
    PackMissing {
        /// The CRO, as the file names it.
        organisation: String,
        /// The pack's digest.
        digest: Digest,
        /// Its id, as the file says.
        id: String,
        /// Its version, as the file says.
        version: String,
    },
    /// Intact, signed with a key nobody pinned.
    Unpinned {
        /// The key, to confirm with the vendor.
        fingerprint: Fingerprint,
        /// The CRO, as the file names it (unconfirmed).
        organisation: Organisation,
        /// The service, as the file names it.
        service: Service,
        /// The vendor with the same registration, if the register has one.
        vendor: Option<VendorId>,
    },
    /// Intact, signed with another key than the one pinned for the vendor it names.
    KeyChange {
        /// The key that signed.
        fingerprint: Fingerprint,
        /// The key pinned.
        pinned: Fingerprint,
        /// The vendor.
        vendor: VendorId,
        /// Its name.
        name: String,
    },
    /// Received or held before: recognised by its digest.
    Known {
        /// The vendor.
        vendor: VendorId,
        /// Its name.
        name: String,
        /// When it was received; `None` while it is held.
        received_at: Option<Timestamp>,
        /// The assessment and revision.
        revision: String,
    },
    /// Verified, and held until the vendor reaches the cybersecurity assessment step.
    Held {
        /// The vendor.
        vendor: VendorId,
        /// Its name.
        name: String,
        /// Where the vendor stands.
        stage: Stage,
        /// The assessment and revision.
        revision: String,
    },
    /// Verified and received: the vendor's current submission.
    Received {
        /// The vendor.
        vendor: VendorId,
        /// Its name.
        name: String,
        /// The assessment and revision.
        revision: String,
        /// The recomputed outcome.
        outcome: Outcome,
        /// The recomputed score.
        score: Option<String>,
        /// How many answers changed since the revision it supersedes, when that is kept.
        changes: Option<usize>,
    },
    /// Verified, but the workflow refused it.
    Refused {
        /// The vendor.
        vendor: VendorId,
        /// Its name.
        name: String,
        /// The workflow's reason.
        reason: String,
    },
    /// The person rejected the file after a key change.
    Rejected {
        /// Who.
        who: String,
    },
    /// A public key file.
    KeyFile {
        /// The name in the file.
        name: String,
        /// The key.
        fingerprint: Fingerprint,
        /// The vendor it is pinned for, if it is.
        pinned_for: Option<(VendorId, String)>,
        /// A vendor of the same name with another key pinned, and that key: an impostor's
        /// file, or a key change to check.
        same_name: Option<(VendorId, String, Fingerprint)>,
    },
}

impl FileResult {
    /// The line's class: "good", "info", "warning", "error" or "loud".
    pub fn severity(&self) -> &'static str {
        match self {
            FileResult::Received { .. } | FileResult::Held { .. } => "good",
            FileResult::KeyFile {
                same_name: Some(_), ..
            } => "loud",
            FileResult::Known { .. } | FileResult::Rejected { .. } | FileResult::KeyFile { .. } => {
                "info"
            }
            FileResult::Unpinned { .. } | FileResult::PackMissing { .. } => "warning",
            FileResult::KeyChange { .. } => "loud",
            FileResult::Unreadable { .. }
            | FileResult::Malformed { .. }
            | FileResult::SignatureInvalid { .. }
            | FileResult::ClaimDiffers { .. }
            | FileResult::VendorMismatch { .. }
            | FileResult::Refused { .. } => "error",
        }
    }

    /// What it means, in a sentence or two.
    pub fn describe(&self) -> String {
        match self {
            FileResult::Unreadable { reason } => {
                format!("{} Nothing was imported.", sentence(reason))
            }
            FileResult::Malformed { reason } => {
                format!("Malformed: {} Nothing was imported.", sentence(reason))
            }
            FileResult::SignatureInvalid { fingerprint } => format!(
                "The signature does not verify: the content was changed after it was signed, or it was not signed by the key it names ({}). Nothing was imported; ask the vendor to send the file again.",
                fingerprint.short()
            ),
            FileResult::ClaimDiffers {
                organisation,
                mismatches,
            } => format!(
                "The signature of {organisation} verifies, but the result it claims is not what its answers give ({} difference{}). Nothing was imported; ask the vendor why.",
                mismatches.len(),
                if mismatches.len() == 1 { "" } else { "s" }
            ),
            FileResult::VendorMismatch {
                claimed,
                pinned,
                pinned_id,
            } => format!(
                "Vendor mismatch: the file says it comes from \u{201c}{claimed}\u{201d}, but it is signed with the key pinned for \u{201c}{pinned}\u{201d} ({pinned_id}). Nothing was imported."
            ),
            FileResult::PackMissing {
                organisation,
                digest,
                id,
                version,
            } => format!(
                "The signature of {organisation} verifies, but its questionnaire ({id} {version}, {digest}) is not known here, so its score cannot be recomputed. Give the questionnaire's pack file (or the OSCAL catalog it was made from)."
            ),
            FileResult::Unpinned {
                fingerprint,
                organisation,
                vendor,
                ..
            } => {
                let who = &organisation.legal_name;
                match vendor {
                    Some(_) => format!(
                        "Valid signature under a key nobody pinned: {fingerprint}. The file says it comes from {who}, who is in the register without a pinned key. Check this fingerprint with them before you pin it."
                    ),
                    None => format!(
                        "Valid signature under a key nobody pinned: {fingerprint}. The file says it comes from {who} ({}, {}), who is not in the register yet.",
                        organisation.registration_id, organisation.country
                    ),
                }
            }
            FileResult::KeyChange {
                fingerprint,
                pinned,
                name,
                ..
            } => format!(
                "Key change for {name}: this file is signed with the key {fingerprint}, but the key pinned for {name} is {pinned}. Nothing was imported. Check with {name}, through another channel than this file, whether they changed their key."
            ),
            FileResult::Known {
                name,
                received_at,
                revision,
                ..
            } => match received_at {
                Some(at) => format!(
                    "Already received: {revision} of {name}, on {}. Recognised by its digest; nothing was added.",
                    crate::app::when::minute(*at)
                ),
                None => format!(
                    "Already here: {revision} of {name} is held for the cybersecurity assessment step. Recognised by its digest; nothing was added."
                ),
            },
            FileResult::Held {
                name,
                stage,
                revision,
                ..
            } => format!(
                "Verified under the pinned key of {name}: {revision}, kept for the cybersecurity assessment step (when it was imported, the vendor was at {stage}). Record it as received there once the service qualification is concluded."
            ),
            FileResult::Received {
                name,
                revision,
                outcome,
                score,
                changes,
                ..
            } => {
                let score = score
                    .as_deref()
                    .map_or("no score".to_owned(), |s| format!("{s} %"));
                let changes = match changes {
                    Some(0) => " No answer changed since the revision it replaces.".to_owned(),
                    Some(n) => format!(
                        " {n} answer(s) changed since the revision it replaces: see the evaluation."
                    ),
                    None => String::new(),
                };
                format!(
                    "Verified under the pinned key of {name}: {revision} received, recomputed at {score}, {outcome}. It is now the current submission.{changes}"
                )
            }
            FileResult::Refused { name, reason, .. } => format!(
                "Verified under the pinned key of {name}, but not received: {reason} Nothing was changed."
            ),
            FileResult::Rejected { who } => format!(
                "Rejected by {who} after the key change: nothing was imported, and the pinned key stays."
            ),
            FileResult::KeyFile {
                name,
                fingerprint,
                pinned_for,
                same_name,
            } => match (pinned_for, same_name) {
                (Some((id, vendor)), _) => format!(
                    "Public key of \u{201c}{name}\u{201d}: {fingerprint}. It is the key pinned for {vendor} ({id})."
                ),
                (None, Some((id, vendor, pinned))) => format!(
                    "Public key of \u{201c}{name}\u{201d}: {fingerprint}. But {vendor} ({id}) is in the register with another key pinned, {pinned}: this file comes from an impostor, or {vendor} changed its key. Check with {vendor}, through another channel than this file, before you pin it for anyone."
                ),
                (None, None) => format!(
                    "Public key of \u{201c}{name}\u{201d}: {fingerprint}. Not pinned yet: pin it for its vendor below, or import the vendor's submission, which then offers it."
                ),
            },
        }
    }
}

/// Imports `picked`: queued behind any import still running, read in groups.
pub fn start(workspace: Workspace, picked: Vec<web_sys::File>) {
    if picked.is_empty() {
        return;
    }
    let import = workspace.import;
    let running = import.progress.get_untracked().is_some();
    // Key files first: a submission signed with one can then be pinned from it at once.
    let (keys, others): (Vec<_>, Vec<_>) = picked
        .into_iter()
        .partition(|file| file.name().to_lowercase().ends_with(".pub"));
    let added = keys.len() + others.len();
    import
        .queue
        .update_value(|queue| queue.extend(keys.into_iter().chain(others)));
    import.progress.update(|progress| {
        let (done, total) = progress.unwrap_or((0, 0));
        *progress = Some((done, total + added));
    });
    if running {
        return;
    }
    let id = import
        .batches
        .with_untracked(|batches| batches.last().map_or(0, |b| b.id + 1));
    import.batches.update(|batches| {
        batches.push(Batch {
            id,
            started_at: browser::now(),
            lines: ArcRwSignal::new(Vec::new()),
        });
    });
    if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
        for name in PHASES {
            performance.clear_measures_with_measure_name(name);
        }
    }
    mark("croqual-import-start");
    leptos::task::spawn_local(run(workspace));
}

/// Re-examines every line that waits for a decision: after a pin, a new vendor, a pack.
pub fn retry_pending(workspace: Workspace) {
    workspace
        .import
        .retries
        .update_value(|retries| *retries += 1);
    let pending: Vec<RwSignal<Line>> = workspace
        .import
        .all_lines()
        .into_iter()
        .filter(|line| line.with_untracked(Line::is_pending))
        .collect();
    for line in pending {
        let Some(bytes) = line.with_untracked(|l| l.bytes.clone()) else {
            continue;
        };
        line.update(|line| look_again(workspace, line, &bytes));
    }
}

/// Examines a waiting line's file again.
fn look_again(workspace: Workspace, line: &mut Line, bytes: &Arc<[u8]>) {
    let (result, keep, notices) = examine(workspace, bytes, false, None);
    line.result = result;
    line.notices = notices;
    if !keep {
        line.bytes = None;
    }
}

/// Creates the vendor a line's file names, then re-examines the waiting lines.
///
/// # Errors
///
/// When the vendor cannot be created (no name typed), as a sentence.
pub fn create_vendor(
    workspace: Workspace,
    organisation: &Organisation,
    service: &Service,
) -> Result<(), String> {
    alive(workspace)?;
    workspace.create(organisation, service)?;
    retry_pending(workspace);
    Ok(())
}

/// Pins `fingerprint` for `vendor`, then re-examines the waiting lines.
///
/// # Errors
///
/// When the key is pinned for another vendor, or the workflow refuses, as a sentence.
pub fn pin(
    workspace: Workspace,
    vendor: RwSignal<Vendor>,
    fingerprint: Fingerprint,
    source: KeySource,
) -> Result<(), String> {
    alive(workspace)?;
    if let Some(other) = workspace.vendor_with_key(&fingerprint) {
        let name = other.with_untracked(|v| v.record().organisation().legal_name.clone());
        return Err(format!(
            "This key is already pinned for {name}: one key cannot speak for two vendors."
        ));
    }
    workspace.apply(
        vendor,
        Command::PinKey {
            fingerprint,
            source,
        },
        "",
    )?;
    retry_pending(workspace);
    Ok(())
}

/// Replaces the pinned key of `vendor` with `fingerprint`, for the reason given, then
/// re-examines the waiting lines.
///
/// # Errors
///
/// When the key is pinned for another vendor, or the workflow refuses (no reason), as a
/// sentence.
pub fn replace_key(
    workspace: Workspace,
    vendor: RwSignal<Vendor>,
    fingerprint: Fingerprint,
    source: KeySource,
    why: &str,
) -> Result<(), String> {
    alive(workspace)?;
    if let Some(other) = workspace.vendor_with_key(&fingerprint)
        && other != vendor
    {
        let name = other.with_untracked(|v| v.record().organisation().legal_name.clone());
        return Err(format!(
            "This key is already pinned for {name}: one key cannot speak for two vendors."
        ));
    }
    workspace.apply(
        vendor,
        Command::ReplaceKey {
            fingerprint,
            source,
        },
        why,
    )?;
    retry_pending(workspace);
    Ok(())
}

/// Rejects a line's file after a key change: nothing is imported.
pub fn reject(workspace: Workspace, line: RwSignal<Line>) {
    let who = workspace
        .person
        .with_untracked(|person| person.name.clone());
    let who = if who.trim().is_empty() {
        "you".to_owned()
    } else {
        who
    };
    line.update(|line| {
        line.result = FileResult::Rejected { who };
        line.bytes = None;
    });
}

/// Reads a pack or OSCAL catalog file given for a missing questionnaire, and adds it when it
/// is exactly the one named by `wanted`.
///
/// # Errors
///
/// When the file is no pack, or another pack than the one named, as a sentence.
pub fn provide_pack(
    workspace: Workspace,
    wanted: Digest,
    name: &str,
    bytes: &[u8],
) -> Result<(), String> {
    alive(workspace)?;
    let pack = files::pack_from_file(name, bytes)?;
    if pack.digest() != wanted {
        return Err(format!(
            "{name} is the questionnaire {} {} ({}), not the one the submission was answered with ({wanted}). croqual recomputes only with exactly that questionnaire, never with one that looks alike.",
            pack.id(),
            pack.version(),
            pack.digest()
        ));
    }
    workspace.add_pack(pack);
    retry_pending(workspace);
    Ok(())
}

/// Verifies the submission held for `vendor` again and records it as received.
///
/// # Errors
///
/// What stops it, as the verdict line says it.
pub fn receive_held(workspace: Workspace, vendor: RwSignal<Vendor>) -> Result<String, String> {
    let Some(held) = vendor.with_untracked(|v| v.file.held().cloned()) else {
        return Err("No submission is held for this vendor.".into());
    };
    let bytes: Arc<[u8]> = held.bytes().into();
    let (result, _, _) = examine(workspace, &bytes, true, None);
    match &result {
        FileResult::Received {
            vendor, revision, ..
        } => {
            // The line that said the file was held now says it was received.
            for line in workspace.import.all_lines() {
                let was_held = line.with_untracked(|l| {
                    matches!(&l.result, FileResult::Held { vendor: v, revision: r, .. } if v == vendor && r == revision)
                });
                if was_held {
                    line.update(|l| l.result = result.clone());
                }
            }
            Ok(reveal_bidi(&result.describe()))
        }
        other => Err(reveal_bidi(&other.describe())),
    }
}

/// Refuses to go on once the person left the sponsor side while a file was being read.
fn alive(workspace: Workspace) -> Result<(), String> {
    if workspace.is_alive() {
        Ok(())
    } else {
        Err("The sponsor workspace was closed.".into())
    }
}

/// Reads the queued files, a group at a time, until none is left; the page is updated every
/// [`MS_BETWEEN_DRAWS`]. Files are verified by the verifying worker, a group or two ahead of
/// the page; while the worker is busy, the page verifies the last group read itself. Every
/// group is examined in the order its files were given.
async fn run(workspace: Workspace) {
    let import = workspace.import;
    workspace.defer_saves();
    let verifier = Verifier::shared();
    let mut waiting = Vec::new();
    let mut drawn_at = now_ms();
    let mut reads = start_reads(import);
    let mut groups: VecDeque<Group> = VecDeque::new();
    let mut retries = import.retries.get_value();
    loop {
        // Files given while the last ones were read are read next.
        if reads.is_none() {
            reads = start_reads(import);
        }
        if groups.len() < GROUPS_AHEAD
            && let Some(started) = reads.take()
        {
            mark(PHASE);
            let contents = started.finish().await;
            measure_since("croqual-import-reading", PHASE);
            if !workspace.is_alive() {
                return;
            }
            // The next files are read while these are examined.
            reads = start_reads(import);
            groups.extend(Group::all_of(contents));
            continue;
        }
        if let Some(verifier) = &verifier {
            send_ahead(verifier, &mut groups);
        }
        let worker_busy = || {
            groups.front().is_some_and(
                |group| matches!(&group.checks, Checks::Sent(job) if !job.has_arrived()),
            )
        };
        // The worker's results come as messages, which the page only takes between tasks.
        if worker_busy() {
            next_message().await;
            if !workspace.is_alive() {
                return;
            }
        }
        if worker_busy()
            && let Some(last) = groups
                .iter_mut()
                .rev()
                .find(|group| matches!(group.checks, Checks::Waiting))
        {
            mark(PHASE);
            last.checks = Checks::Done(last.verify_here(workspace));
            measure_since("croqual-import-verifying", PHASE);
            continue;
        }
        let Some(mut group) = groups.pop_front() else {
            break;
        };
        mark(PHASE);
        let from_worker = matches!(group.checks, Checks::Sent(_));
        let mut reports = group.reports(workspace).await.into_iter();
        measure_since(
            if from_worker {
                "croqual-import-worker"
            } else {
                "croqual-import-verifying"
            },
            PHASE,
        );
        if !workspace.is_alive() {
            return;
        }
        for (file, read) in group.files {
            let report = reports.next().flatten();
            let name = file.name();
            let line = match read {
                Ok(bytes) => examine_new(workspace, &name, bytes, report),
                Err(reason) => new_line(
                    workspace,
                    &name,
                    FileResult::Unreadable { reason },
                    None,
                    Vec::new(),
                ),
            };
            waiting.push(line);
            if now_ms() - drawn_at >= MS_BETWEEN_DRAWS {
                mark(PHASE);
                advance(import, waiting.len());
                add_lines(workspace, std::mem::take(&mut waiting), &mut retries);
                // The page draws the new lines and the progress, and takes input, before the
                // next files are examined.
                next_task().await;
                measure_since("croqual-import-drawing", PHASE);
                drawn_at = now_ms();
                if !workspace.is_alive() {
                    return;
                }
            }
        }
        if group.ends_read {
            mark(PHASE);
            workspace.save_deferred();
            measure_since("croqual-import-saving", PHASE);
        }
    }
    advance(import, waiting.len());
    add_lines(workspace, waiting, &mut retries);
    workspace.end_deferred_saves();
    import.progress.set(None);
    // The end is marked once the page has drawn the last verdicts.
    next_frame().await;
    mark("croqual-import-end");
    measure(
        "croqual-import",
        "croqual-import-start",
        "croqual-import-end",
    );
}

/// Keeps [`AT_WORKER`] groups at the worker, the first ones not verified yet.
fn send_ahead(verifier: &Verifier, groups: &mut VecDeque<Group>) {
    let mut sent = groups
        .iter()
        .filter(|group| matches!(group.checks, Checks::Sent(_)))
        .count();
    for group in groups.iter_mut() {
        if sent >= AT_WORKER {
            return;
        }
        if matches!(group.checks, Checks::Waiting) {
            let Some(job) = verifier.check(&group.verifiable()) else {
                return;
            };
            group.checks = Checks::Sent(job);
            sent += 1;
        }
    }
}

/// A file's bytes, or why they could not be read.
type Read = Result<Arc<[u8]>, String>;

/// Files read together, in groups of [`FILES_PER_CHECK`].
struct Group {
    files: Vec<(web_sys::File, Read)>,
    checks: Checks,
    /// The last group of its read: the workspace is saved once it is examined.
    ends_read: bool,
}

/// Where a group's verification is.
enum Checks {
    /// Not started: the page verifies each file as it examines it.
    Waiting,
    /// At the verifying worker.
    Sent(Job),
    /// Verified by the page ahead of its turn, one report per file (none for a key file or a
    /// file that could not be read).
    Done(Vec<Option<SubmissionReport>>),
}

impl Group {
    /// The groups of `contents`.
    fn all_of(contents: Vec<(web_sys::File, Result<Vec<u8>, String>)>) -> Vec<Group> {
        let mut contents = contents
            .into_iter()
            .map(|(file, read)| (file, read.map(Arc::<[u8]>::from)))
            .peekable();
        let mut groups = Vec::new();
        while contents.peek().is_some() {
            let files: Vec<_> = contents.by_ref().take(FILES_PER_CHECK).collect();
            groups.push(Group {
                files,
                checks: Checks::Waiting,
                ends_read: contents.peek().is_none(),
            });
        }
        groups
    }

    /// The files to verify: those read, other than key files, which the page reads itself.
    fn verifiable(&self) -> Vec<Option<Arc<[u8]>>> {
        self.files
            .iter()
            .map(|(_, read)| {
                read.as_ref()
                    .ok()
                    .filter(|bytes| !is_key_file(bytes))
                    .cloned()
            })
            .collect()
    }

    fn verify_here(&self, workspace: Workspace) -> Vec<Option<SubmissionReport>> {
        let trust = workspace.trust();
        self.verifiable()
            .into_iter()
            .map(|bytes| {
                let bytes = bytes?;
                Some(workspace.with_packs(|packs| verify_submission(&bytes, &trust, packs)))
            })
            .collect()
    }

    /// The report on each file so far, taking the worker's once they arrive; none for a file
    /// the page is to verify as it examines it.
    async fn reports(&mut self, workspace: Workspace) -> Vec<Option<SubmissionReport>> {
        match std::mem::replace(&mut self.checks, Checks::Waiting) {
            Checks::Waiting => Vec::new(),
            Checks::Done(reports) => reports,
            Checks::Sent(job) => {
                let Some(handed) = job.results().await else {
                    return Vec::new();
                };
                if !workspace.is_alive() {
                    return Vec::new();
                }
                let trust = workspace.trust();
                handed
                    .into_iter()
                    .map(|bytes| handoff::resume(&bytes?, &trust))
                    .collect()
            }
        }
    }
}

/// Starts reading the next files of the queue, if any are left.
fn start_reads(import: Import) -> Option<files::Reads> {
    let chunk = import
        .queue
        .try_update_value(next_chunk)
        .unwrap_or_default();
    (!chunk.is_empty()).then(|| files::Reads::start(chunk))
}

/// The next files to read together: up to [`FILES_PER_READ`], and no more than
/// [`BYTES_PER_READ`] unless one file alone is larger.
fn next_chunk(queue: &mut VecDeque<web_sys::File>) -> Vec<(web_sys::File, f64)> {
    let mut chunk = Vec::new();
    let mut bytes = 0.0;
    while let Some(file) = queue.front() {
        let size = file.size();
        if chunk.len() >= FILES_PER_READ || (!chunk.is_empty() && bytes + size > BYTES_PER_READ) {
            break;
        }
        bytes += size;
        chunk.extend(queue.pop_front().map(|file| (file, size)));
    }
    chunk
}

/// A verdict line for a file just read.
fn examine_new(
    workspace: Workspace,
    name: &str,
    bytes: Arc<[u8]>,
    report: Option<SubmissionReport>,
) -> Line {
    let (result, keep, notices) = examine(workspace, &bytes, false, report);
    new_line(workspace, name, result, keep.then_some(bytes), notices)
}

fn new_line(
    workspace: Workspace,
    name: &str,
    result: FileResult,
    bytes: Option<Arc<[u8]>>,
    notices: Vec<String>,
) -> Line {
    let id = workspace.import.next_line.with_value(|next| *next);
    workspace.import.next_line.set_value(id + 1);
    Line {
        id,
        file: name.to_owned(),
        result,
        notices,
        bytes,
    }
}

/// Adds `lines` to the running import's. Those that wait for a decision are examined again
/// first if the waiting lines were looked at again since `retries` (a pin made while they
/// were examined, say).
fn add_lines(workspace: Workspace, mut lines: Vec<Line>, retries: &mut u64) {
    let now = workspace.import.retries.get_value();
    if now != *retries {
        *retries = now;
        for line in &mut lines {
            if line.is_pending()
                && let Some(bytes) = line.bytes.clone()
            {
                look_again(workspace, line, &bytes);
            }
        }
    }
    if lines.is_empty() {
        return;
    }
    let signals: Vec<RwSignal<Line>> = lines.into_iter().map(RwSignal::new).collect();
    let batch = workspace
        .import
        .batches
        .with_untracked(|batches| batches.last().cloned());
    if let Some(batch) = batch {
        batch.lines.update(|all| all.extend(signals));
    }
}

/// What a file is and what it does: the result, whether to keep the file for a decision,
/// and the reader's notices. `from_held` records a held submission instead of holding it;
/// `verified` is the file's report made earlier (by the worker or ahead of its turn), if any.
fn examine(
    workspace: Workspace,
    bytes: &Arc<[u8]>,
    from_held: bool,
    verified: Option<SubmissionReport>,
) -> (FileResult, bool, Vec<String>) {
    if is_key_file(bytes) {
        let result = examine_key_file(workspace, bytes);
        // An unpinned key's line is looked at again after each pin, so that it says where
        // the key went.
        let waiting = matches!(
            result,
            FileResult::KeyFile {
                pinned_for: None,
                ..
            }
        );
        return (result, waiting, Vec::new());
    }
    let verify = || {
        mark(PHASE);
        let report =
            workspace.with_packs(|packs| verify_submission(bytes, &workspace.trust(), packs));
        measure_since("croqual-import-verifying", PHASE);
        report
    };
    // A report made earlier is brought up to date with the pins made since.
    let mut report = match verified {
        Some(report) => handoff::retrust(report, &workspace.trust()),
        None => verify(),
    };
    // A pack stored in this browser (from a file given earlier, or by the provider side)
    // is looked for before the person is asked for it.
    if let Some(Recomputation::PackUnavailable { digest, .. }) =
        report.submission.as_ref().map(|s| &s.recomputation)
        && workspace.find_stored_pack(digest)
    {
        report = verify();
    }
    let verified = match &report.verification {
        Verification::Malformed(error) => {
            return (
                FileResult::Malformed {
                    reason: misplaced(bytes).unwrap_or_else(|| error.to_string()),
                },
                false,
                Vec::new(),
            );
        }
        Verification::SignatureInvalid { fingerprint } => {
            return (
                FileResult::SignatureInvalid {
                    fingerprint: *fingerprint,
                },
                false,
                Vec::new(),
            );
        }
        _ => match (&report.submission, report.verification.document()) {
            (Some(verified), Some(document)) => (verified, document),
            // A verified envelope always carries its submission; say so rather than panic.
            _ => {
                return (
                    FileResult::Malformed {
                        reason: "the file verifies but holds no readable submission".into(),
                    },
                    false,
                    Vec::new(),
                );
            }
        },
    };
    let (verified, document) = verified;
    let notices = if verified.notices.is_empty() {
        Vec::new()
    } else {
        vec!["The file began with a byte-order mark, which was removed; the signature covers the content, not that mark.".to_owned()]
    };
    let submission = &verified.submission;
    let revision = revision_label(submission);
    let organisation = submission.organisation.legal_name.clone();

    // The same submission again is recognised first, when it comes under the key pinned for
    // the vendor who has it: the digest covers the payload, not who signed it, and the same
    // payload signed with another key is an impostor or a key change, said below.
    let signed_by_holder = |vendor: RwSignal<Vendor>| match &report.verification {
        Verification::VerifiedPinned { vendor: pinned, .. } => {
            vendor.with_untracked(|v| v.record().id().as_str() == pinned.id)
        }
        _ => false,
    };
    if let Some((vendor, received_at)) = workspace.known_submission(&verified.digest)
        && !(from_held && received_at.is_none())
        && signed_by_holder(vendor)
    {
        let (id, name) = identify(vendor);
        return (
            FileResult::Known {
                vendor: id,
                name,
                received_at,
                revision,
            },
            false,
            notices,
        );
    }
    if !verified.recomputation.mismatches().is_empty() {
        return (
            FileResult::ClaimDiffers {
                organisation,
                mismatches: verified.recomputation.mismatches().to_vec(),
            },
            false,
            notices,
        );
    }
    if let VendorCheck::Mismatch { claimed, pinned } = &verified.vendor {
        return (
            FileResult::VendorMismatch {
                claimed: claimed.clone(),
                pinned: pinned.name.clone(),
                pinned_id: pinned.id.clone(),
            },
            false,
            notices,
        );
    }
    // The name of a pinned vendor under another key: a loud key change, whatever the
    // registration number says, never a new vendor of the same name.
    if let VendorCheck::AnotherKey {
        pinned, pinned_key, ..
    } = &verified.vendor
        && let Some(vendor) = VendorId::new(pinned.id.as_str())
            .ok()
            .and_then(|id| workspace.find(&id))
    {
        let (id, name) = identify(vendor);
        return (
            FileResult::KeyChange {
                fingerprint: verified.fingerprint,
                pinned: *pinned_key,
                vendor: id,
                name,
            },
            true,
            notices,
        );
    }
    if let Recomputation::PackUnavailable {
        digest,
        id,
        version,
    } = &verified.recomputation
    {
        return (
            FileResult::PackMissing {
                organisation,
                digest: *digest,
                id: id.clone(),
                version: version.clone(),
            },
            true,
            notices,
        );
    }
    match &report.verification {
        Verification::VerifiedPinned { vendor, .. } => {
            let found = VendorId::new(vendor.id.as_str())
                .ok()
                .and_then(|id| workspace.find(&id));
            let Some(found) = found else {
                return (
                    FileResult::Malformed {
                        reason: format!(
                            "the key is pinned for vendor {}, who is no longer in the register",
                            vendor.id
                        ),
                    },
                    false,
                    notices,
                );
            };
            (
                deliver(workspace, found, verified, document, from_held),
                false,
                notices,
            )
        }
        _ => {
            let fingerprint = verified.fingerprint;
            let matched = workspace.vendor_by_identity(&submission.organisation);
            if let Some(vendor) = matched
                && let Some(pinned) = vendor.with_untracked(|v| v.record().keys().fingerprint())
            {
                let (id, name) = identify(vendor);
                return (
                    FileResult::KeyChange {
                        fingerprint,
                        pinned,
                        vendor: id,
                        name,
                    },
                    true,
                    notices,
                );
            }
            (
                FileResult::Unpinned {
                    fingerprint,
                    organisation: submission.organisation.clone(),
                    service: submission.service.clone(),
                    vendor: matched.map(|vendor| identify(vendor).0),
                },
                true,
                notices,
            )
        }
    }
}

/// Holds or receives a submission verified under the vendor's pinned key.
fn deliver(
    workspace: Workspace,
    vendor: RwSignal<Vendor>,
    verified: &croqual::export::VerifiedSubmission,
    document: &SignedDocument,
    from_held: bool,
) -> FileResult {
    let (id, name) = identify(vendor);
    let submission = &verified.submission;
    let revision = revision_label(submission);
    let stage = vendor.with_untracked(|v| v.record().stage());
    let kept = KeptDocument::of(document);
    if !from_held && matches!(stage, Stage::Identification | Stage::ServiceQualification) {
        workspace.edit_files(vendor, |file| {
            file.hold(kept);
        });
        return FileResult::Held {
            vendor: id,
            name,
            stage,
            revision,
        };
    }
    let Some(claim) = verified.recomputation.claim() else {
        return FileResult::Refused {
            vendor: id,
            name,
            reason: "its score could not be recomputed.".into(),
        };
    };
    let facts = workflow::Submission {
        digest: verified.digest,
        assessment_id: submission.assessment.id.clone(),
        revision: submission.assessment.revision,
        supersedes: submission.supersedes,
        received_at: browser::now(),
        signed_by: verified.fingerprint,
        tier: claim.tier,
        pack_digest: submission.pack.digest,
        claimed_outcome: submission.claim.outcome,
        recomputed_outcome: claim.outcome,
        claimed_score: submission.claim.overall.clone(),
        score: claim.overall.clone(),
    };
    let changes = submission.supersedes.and_then(|older| {
        vendor.with_untracked(|v| {
            let kept = v.file.submission(&older)?;
            let older: Submission = serde_json::from_value(kept.payload()?).ok()?;
            Some(submission.answer_changes(&older).len())
        })
    });
    let (outcome, score) = (claim.outcome, claim.overall.clone());
    match workspace.apply_then(vendor, Command::ReceiveSubmission(facts), "", |file| {
        file.keep_submission(kept);
    }) {
        Ok(()) => FileResult::Received {
            vendor: id,
            name,
            revision,
            outcome,
            score,
            changes,
        },
        Err(reason) => FileResult::Refused {
            vendor: id,
            name,
            reason,
        },
    }
}

/// What a file that is no signed submission is instead, when it is another file croqual
/// knows: said plainly rather than as the first field the envelope lacks.
fn misplaced(bytes: &[u8]) -> Option<String> {
    if croqual::attest::keys::PrivateKeyBackup::from_bytes(bytes).is_ok() {
        return Some("this is a PRIVATE key backup, a secret: it is never imported, and should be kept by its owner alone".into());
    }
    let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    let object = value.as_object()?;
    if object.get("format").and_then(serde_json::Value::as_str) == Some("croqual-pack") {
        return Some("this is a questionnaire pack, not a signed submission: give it when a submission's line asks for its questionnaire".into());
    }
    if object.contains_key("catalog") {
        return Some("this is an OSCAL catalog, not a signed submission: give it when a submission's line asks for its questionnaire".into());
    }
    if object.contains_key("payload") && object.contains_key("signature") {
        let format = object
            .get("payload")
            .and_then(|payload| payload.get("format"))
            .and_then(serde_json::Value::as_str);
        return (format == Some(croqual::export::DECISION_FORMAT.id)).then(|| {
            "this is a signed decision, which a sponsor sends to a CRO, not a submission: the CRO imports it in its own workspace, and the decisions you signed are kept with their vendor".into()
        });
    }
    object
        .get("format")
        .and_then(serde_json::Value::as_str)
        .filter(|format| format.starts_with("croqual-"))
        .map(|format| {
            format!("this is a croqual file of another kind ({format}), not a signed submission")
        })
}

fn examine_key_file(workspace: Workspace, bytes: &[u8]) -> FileResult {
    let file = match PublicKeyFile::from_bytes(bytes) {
        Ok(file) => file,
        Err(error) => {
            return FileResult::Malformed {
                reason: format!("not a usable public key file: {error}"),
            };
        }
    };
    let fingerprint = file.fingerprint();
    workspace.key_files.update(|keys| {
        keys.insert(fingerprint, file.name().to_owned());
    });
    let folded = fold(file.name());
    let same_name = workspace.vendors.with_untracked(|vendors| {
        vendors.iter().find_map(|vendor| {
            vendor.with_untracked(|v| {
                let pinned = v.record().keys().fingerprint()?;
                (pinned != fingerprint && fold(&v.record().organisation().legal_name) == folded)
                    .then(|| {
                        (
                            v.record().id().clone(),
                            v.record().organisation().legal_name.clone(),
                            pinned,
                        )
                    })
            })
        })
    });
    FileResult::KeyFile {
        name: file.name().to_owned(),
        fingerprint,
        pinned_for: workspace.vendor_with_key(&fingerprint).map(identify),
        same_name,
    }
}

/// Whether the bytes are one of croqual's key files rather than a JSON document.
fn is_key_file(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes.starts_with(b"croqual public key v") || bytes.starts_with(b"croqual private key backup v")
}

fn identify(vendor: RwSignal<Vendor>) -> (VendorId, String) {
    vendor.with_untracked(|v| {
        (
            v.record().id().clone(),
            v.record().organisation().legal_name.clone(),
        )
    })
}

fn revision_label(submission: &Submission) -> String {
    format!(
        "revision {} of assessment {}",
        submission.assessment.revision, submission.assessment.id
    )
}

/// Marks a point on the page's performance timeline (read back by the benchmark).
fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
        let _ = performance.mark(name);
    }
}

/// The page's clock, in milliseconds; 0 where the page has none.
fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or(0.0, |performance| performance.now())
}

/// The mark the phases of an import are measured from: each phase's time is the sum of its
/// measures, one of [`PHASES`] (the benchmark reads them); examining is the rest.
const PHASE: &str = "croqual-import-phase";
const PHASES: [&str; 5] = [
    "croqual-import-reading",
    "croqual-import-verifying",
    "croqual-import-worker",
    "croqual-import-drawing",
    "croqual-import-saving",
];

fn measure_since(name: &str, start: &str) {
    if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
        let _ = performance.measure_with_start_mark(name, start);
    }
}

fn measure(name: &str, start: &str, end: &str) {
    if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
        let _ = performance.measure_with_start_mark_and_end_mark(name, start, end);
    }
}

/// Counts `files` more as done in the progress.
fn advance(import: Import, files: usize) {
    import.progress.update(|progress| {
        if let Some((done, _)) = progress {
            *done += files;
        }
    });
}

/// Resolves on a later task of the page, after the browser could draw and handle input.
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let scheduled = web_sys::window()
            .is_some_and(|window| window.set_timeout_with_callback(&resolve).is_ok());
        if !scheduled {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Resolves once the page has taken the messages that arrived before it, without waiting for
/// a frame or a timer (which the browser may delay by several milliseconds).
async fn next_message() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let Ok(channel) = web_sys::MessageChannel::new() else {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            return;
        };
        channel.port1().set_onmessage(Some(&resolve));
        if channel
            .port2()
            .post_message(&wasm_bindgen::JsValue::NULL)
            .is_err()
        {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Resolves after the browser's next animation frame, when it has drawn what changed.
async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.request_animation_frame(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
