//! The append-only audit trail: entries chained by SHA-256 over their canonical form.

use std::fmt;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::{AuditEvent, StepMove};
use crate::attest::Digest;
use crate::attest::canonical::canonical_bytes;

/// One entry: who did what, when, why, chained to the entry before it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditEntry {
    /// Its number: 0 for the first entry, then one more than the entry before.
    pub sequence: u64,
    /// The digest of the entry before it; `None` for the first.
    pub previous: Option<Digest>,
    /// Who, as they typed their name (NFC-normalised).
    pub who: String,
    /// When.
    pub at: Timestamp,
    /// What happened.
    pub event: AuditEvent,
    /// The stage it moved the vendor between, if it moved it.
    pub step: Option<StepMove>,
    /// Why, in the words of whoever did it ("" when they gave no reason).
    pub why: String,
    /// SHA-256 of the RFC 8785 canonical form of every other field of this entry.
    pub digest: Digest,
}

impl AuditEntry {
    /// The digest its content has now: equal to `digest` unless the entry was changed.
    pub fn content_digest(&self) -> Digest {
        Body {
            sequence: self.sequence,
            previous: self.previous,
            who: &self.who,
            at: self.at,
            event: &self.event,
            step: self.step,
            why: &self.why,
        }
        .digest()
    }
}

/// An append-only list of [`AuditEntry`]s. Written as a JSON array.
///
/// Entries are added only by [`VendorRecord::apply`](super::VendorRecord::apply); the trail as
/// loaded is kept exactly as it was, breaks included.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AuditTrail {
    entries: Vec<AuditEntry>,
}

impl AuditTrail {
    /// The entries, oldest first.
    pub fn entries(&self) -> &[AuditEntry] {
        &self.entries
    }

    /// How many entries there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The last entry's digest, which vouches for the whole chain: note it elsewhere (a signed
    /// decision, a report) to detect a trail rewritten or cut short later.
    pub fn head(&self) -> Option<Digest> {
        self.entries.last().map(|entry| entry.digest)
    }

    /// Checks the chain.
    ///
    /// # Errors
    ///
    /// The first [`ChainBreak`]: the first entry that is numbered out of sequence, does not
    /// name the digest of the entry before it, or whose content no longer matches its digest.
    pub fn verify(&self) -> Result<(), ChainBreak> {
        match self.breaks().into_iter().next() {
            Some(first) => Err(first),
            None => Ok(()),
        }
    }

    /// Every break, in order. Each entry is checked against the entry before it as stored,
    /// so one removed, changed or inserted entry gives one break, not a cascade.
    pub fn breaks(&self) -> Vec<ChainBreak> {
        let mut breaks = Vec::new();
        let mut before: Option<&AuditEntry> = None;
        for (index, entry) in self.entries.iter().enumerate() {
            let expected_sequence = before.map_or(0, |b| b.sequence.saturating_add(1));
            let expected_link = before.map(|b| b.digest);
            let problem = if entry.sequence != expected_sequence {
                Some(BreakProblem::OutOfSequence {
                    expected: expected_sequence,
                    found: entry.sequence,
                })
            } else if entry.previous != expected_link {
                Some(BreakProblem::Unlinked {
                    expected: expected_link,
                    found: entry.previous,
                })
            } else {
                let computed = entry.content_digest();
                (computed != entry.digest).then_some(BreakProblem::Altered {
                    stored: entry.digest,
                    computed,
                })
            };
            if let Some(problem) = problem {
                breaks.push(ChainBreak { index, problem });
            }
            before = Some(entry);
        }
        breaks
    }

    /// The breaks that no later entry acknowledges.
    pub fn unacknowledged_breaks(&self) -> Vec<ChainBreak> {
        self.unacknowledged_among(&self.breaks())
    }

    /// Those of `breaks` that no later entry acknowledges.
    pub(super) fn unacknowledged_among(&self, breaks: &[ChainBreak]) -> Vec<ChainBreak> {
        breaks
            .iter()
            .filter(|chain_break| {
                !self.entries[chain_break.index..].iter().any(|entry| {
                    entry.event
                        == AuditEvent::ChainBreakAcknowledged {
                            index: chain_break.index,
                        }
                })
            })
            .cloned()
            .collect()
    }

    /// Appends an entry chained to the last one as stored, and returns it.
    pub(super) fn append(
        &mut self,
        who: String,
        at: Timestamp,
        event: AuditEvent,
        step: Option<StepMove>,
        why: String,
    ) -> &AuditEntry {
        let last = self.entries.last();
        let sequence = last.map_or(0, |entry| entry.sequence.saturating_add(1));
        let previous = last.map(|entry| entry.digest);
        let digest = Body {
            sequence,
            previous,
            who: &who,
            at,
            event: &event,
            step,
            why: &why,
        }
        .digest();
        self.entries.push(AuditEntry {
            sequence,
            previous,
            who,
            at,
            event,
            step,
            why,
            digest,
        });
        let index = self.entries.len() - 1;
        &self.entries[index]
    }
}

/// Where and how the chain of an audit trail breaks.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the audit trail is broken at entry {index}: {problem}")]
pub struct ChainBreak {
    /// The position of the first entry that does not check out. An entry changed in place
    /// fails itself; a removed, inserted or moved entry makes the entry at its position, or
    /// after it, fail.
    pub index: usize,
    /// What is wrong there.
    pub problem: BreakProblem,
}

/// What is wrong with an entry of a broken chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BreakProblem {
    /// Its number is not one more than the number of the entry before it (or 0 for the first).
    OutOfSequence {
        /// The number it should have.
        expected: u64,
        /// The number it has.
        found: u64,
    },
    /// It does not name the digest of the entry before it.
    Unlinked {
        /// The digest of the entry before it (`None` for the first entry).
        expected: Option<Digest>,
        /// The digest it names.
        found: Option<Digest>,
    },
    /// Its content no longer matches its digest.
    Altered {
        /// The digest it carries.
        stored: Digest,
        /// The digest of its content now.
        computed: Digest,
    },
}

impl fmt::Display for BreakProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = |digest: &Option<Digest>| match digest {
            Some(digest) => digest.to_string(),
            None => "no entry".to_owned(),
        };
        match self {
            BreakProblem::OutOfSequence { expected, found } => write!(
                f,
                "it is numbered {found} where {expected} was expected: entries were removed, inserted or reordered"
            ),
            BreakProblem::Unlinked { expected, found } => write!(
                f,
                "it follows {} but the entry before it is {}: entries were removed, inserted or reordered",
                name(found),
                name(expected)
            ),
            BreakProblem::Altered { stored, computed } => write!(
                f,
                "it was changed after it was written: its content hashes to {computed}, not {stored}"
            ),
        }
    }
}

/// The fields an entry's digest covers: all but the digest itself.
#[derive(Serialize)]
struct Body<'a> {
    sequence: u64,
    previous: Option<Digest>,
    who: &'a str,
    at: Timestamp,
    event: &'a AuditEvent,
    step: Option<StepMove>,
    why: &'a str,
}

impl Body<'_> {
    fn digest(&self) -> Digest {
        let bytes = canonical_bytes(self)
            .expect("invariant: audit entries hold no floats and only string map keys");
        Digest::of(&bytes)
    }
}
