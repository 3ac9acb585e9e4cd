//! The provider's assessments in this browser: loading them, saving every change, keeping
//! unreadable values aside, following other tabs, and the signing key.

use std::collections::BTreeMap;
use std::sync::Arc;

use croqual::attest::Digest;
use croqual::attest::keys::PrivateKeyBackup;
use croqual::pack::{Pack, default_bank};
use croqual::provider::{AssessmentRecord, Backup, BackupPack, PackSource, merge, read_record};
use leptos::prelude::*;

use super::editor::Step;
use crate::app::persist::{self, Persistence};
use crate::app::signing_key::StoredKey;
use crate::app::storage::PREFIX;
use crate::app::{browser, place};

/// Where each assessment is stored: this prefix and its id.
pub const ASSESSMENT_PREFIX: &str = "croqual:assessment:";
/// Where each pack loaded from a file is stored: this prefix and its digest's hex.
pub const PACK_PREFIX: &str = "croqual:pack:";
/// Where the provider's signing key is stored, as its backup text.
pub const KEY: &str = "croqual:provider-key";
/// Where a stored signing key that does not read is kept once another key replaces it.
pub const KEY_ASIDE: &str = "croqual:provider-key:unreadable";
const STORED_KEY: StoredKey = StoredKey {
    key: KEY,
    aside: KEY_ASIDE,
};

/// A stored value that could not be read. It stays in storage untouched until the person
/// downloads or discards it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable {
    /// The storage key.
    pub key: String,
    /// The value as stored.
    pub raw: String,
    /// Why it could not be read.
    pub reason: String,
}

/// The provider workspace, provided as context.
#[derive(Clone, Copy)]
pub struct Workspace {
    /// The assessments, oldest first; each its own signal, so editing one redraws only it.
    pub records: RwSignal<Vec<RwSignal<AssessmentRecord>>>,
    /// Stored values that could not be read.
    pub unreadable: RwSignal<Vec<Unreadable>>,
    /// The id of the assessment being edited.
    pub open: RwSignal<Option<String>>,
    /// The step shown of the assessment being edited.
    pub step: RwSignal<Step>,
    /// A message about something that happened elsewhere (another tab, a restore).
    pub notice: RwSignal<Option<String>>,
    persistence: Persistence,
    /// Assessments changed since their last write, written together a task later.
    dirty: StoredValue<std::collections::BTreeSet<String>>,
    packs: StoredValue<BTreeMap<Digest, Arc<Pack>>>,
    owner: StoredValue<Option<Owner>>,
}

impl Workspace {
    /// Reads every assessment stored in this browser.
    pub fn load(persistence: Persistence) -> Workspace {
        let now = browser::now();
        let mut records = Vec::new();
        let mut unreadable = Vec::new();
        let mut converted = 0;
        for key in persist::keys(ASSESSMENT_PREFIX) {
            let Some(raw) = persist::read(&key) else {
                continue;
            };
            let id = &key[ASSESSMENT_PREFIX.len()..];
            match read_record(id, &raw, now) {
                Ok(record) => {
                    converted += usize::from(croqual::provider::is_early_draft(&raw));
                    records.push(record);
                }
                Err(error) => {
                    log::warn!("assessment {key} kept aside: {error}");
                    unreadable.push(Unreadable {
                        key,
                        raw,
                        reason: error.to_string(),
                    });
                }
            }
        }
        records.sort_by_key(|record| record.created_at);
        let workspace = Workspace {
            records: RwSignal::new(records.into_iter().map(RwSignal::new).collect()),
            unreadable: RwSignal::new(unreadable),
            open: RwSignal::new(None),
            step: RwSignal::new(Step::Identity),
            notice: RwSignal::new((converted > 0).then(|| {
                let (drafts, were, them) = match converted {
                    1 => ("1 draft".to_owned(), "was", "it"),
                    n => (format!("{n} drafts"), "were", "them"),
                };
                format!(
                    "{drafts} saved by an earlier version of croqual {were} converted, with every answer, and listed as \"Recovered draft\". Rename {them} as you like; the next change saves {them} in today's format."
                )
            })),
            persistence,
            dirty: StoredValue::new(Default::default()),
            packs: StoredValue::new(BTreeMap::new()),
            owner: StoredValue::new(Owner::current()),
        };
        workspace.listen_to_other_tabs();
        workspace.follow_in_address();
        // A page closed right after a change still writes it.
        let handle = window_event_listener(leptos::ev::pagehide, move |_| workspace.save_dirty());
        // Each listener goes with the workspace: after "Change role" its signals are gone.
        on_cleanup(move || handle.remove());
        workspace
    }

    /// The assessment with `id`.
    pub fn find(self, id: &str) -> Option<RwSignal<AssessmentRecord>> {
        self.records.with_untracked(|records| {
            records
                .iter()
                .copied()
                .find(|record| record.with_untracked(|r| r.id == id))
        })
    }

    /// Changes an assessment and saves it at once.
    pub fn edit(
        self,
        record: RwSignal<AssessmentRecord>,
        change: impl FnOnce(&mut AssessmentRecord),
    ) {
        record.update(change);
        self.save_soon(record.with_untracked(|record| record.id.clone()));
    }

    /// Marks an assessment as changed and writes it on the next task: the answer a person
    /// just gave is rescored and drawn first, and a burst of keystrokes is written once.
    fn save_soon(self, id: String) {
        let first = self.dirty.try_update_value(|dirty| {
            let first = dirty.is_empty();
            dirty.insert(id);
            first
        });
        if first == Some(true) {
            set_timeout(move || self.save_dirty(), std::time::Duration::ZERO);
        }
    }

    /// Writes every assessment changed since the last write.
    pub fn save_dirty(self) {
        let ids = self
            .dirty
            .try_update_value(std::mem::take)
            .unwrap_or_default();
        for id in ids {
            if let Some(record) = self.find(&id) {
                record.with_untracked(|record| self.save(record));
            }
        }
    }

    /// Writes `record` to storage (or keeps it pending, with a notice, when storage refuses).
    pub fn save(self, record: &AssessmentRecord) {
        self.persistence.save(
            &format!("{ASSESSMENT_PREFIX}{}", record.id),
            record.to_json(),
        );
    }

    /// Adds a new assessment and returns its id.
    ///
    /// # Errors
    ///
    /// When the browser gives no secure random id.
    pub fn create(self, label: &str) -> Result<String, String> {
        let id = browser::random_id()?;
        let record = AssessmentRecord::new(&id, label, browser::now());
        self.add(record);
        Ok(id)
    }

    /// Adds a copy of the assessment `id` and returns the copy's id.
    ///
    /// # Errors
    ///
    /// When the assessment is gone or no random id can be made.
    pub fn duplicate(self, id: &str) -> Result<String, String> {
        let source = self.find(id).ok_or("that assessment is no longer here")?;
        let copy_id = browser::random_id()?;
        let copy = source.with_untracked(|record| {
            record.duplicate(
                &copy_id,
                &format!("Copy of {}", record.label),
                browser::now(),
            )
        });
        self.add(copy);
        Ok(copy_id)
    }

    /// Deletes the assessment `id` from this browser.
    pub fn delete(self, id: &str) {
        self.records
            .update(|records| records.retain(|record| record.with_untracked(|r| r.id != id)));
        if self.open.get_untracked().as_deref() == Some(id) {
            self.open.set(None);
        }
        self.persistence.remove(&format!("{ASSESSMENT_PREFIX}{id}"));
    }

    fn add(self, record: AssessmentRecord) {
        self.save(&record);
        let signal = self.in_owner(|| RwSignal::new(record));
        self.records.update(|records| records.push(signal));
    }

    /// Signals made from event handlers belong to the workspace, not to whatever was
    /// clicked, so they live as long as it does.
    fn in_owner<T>(self, make: impl FnOnce() -> T) -> T {
        match self.owner.get_value() {
            Some(owner) => owner.with(make),
            None => make(),
        }
    }

    /// Restores what can still be read of an unreadable value as a new assessment, leaving the
    /// value itself in storage untouched; returns the new assessment's id.
    ///
    /// # Errors
    ///
    /// When nothing can be read from it, or no random id can be made.
    pub fn restore_unreadable(self, key: &str) -> Result<String, String> {
        let raw = self
            .unreadable
            .with_untracked(|entries| {
                entries
                    .iter()
                    .find(|entry| entry.key == key)
                    .map(|entry| entry.raw.clone())
            })
            .ok_or("that value is no longer here")?;
        let id = browser::random_id()?;
        let record = croqual::provider::salvage(&id, &raw, browser::now())
            .ok_or("nothing in it can be read: download it to keep a copy, or discard it")?;
        self.add(record);
        Ok(id)
    }

    /// Forgets an unreadable value, removing it from storage.
    pub fn discard_unreadable(self, key: &str) {
        self.unreadable
            .update(|unreadable| unreadable.retain(|entry| entry.key != key));
        self.persistence.remove(key);
    }

    /// The pack an assessment answers: the default bank, or a pack stored from a file.
    ///
    /// # Errors
    ///
    /// When a stored pack is missing or damaged; the message says what to do.
    pub fn pack(self, source: &PackSource) -> Result<Arc<Pack>, String> {
        let PackSource::Custom { digest, title, .. } = source else {
            return Ok(self.default_pack());
        };
        if let Some(pack) = self.packs.with_value(|packs| packs.get(digest).cloned()) {
            return Ok(pack);
        }
        let key = format!("{PACK_PREFIX}{}", digest.to_hex());
        let missing = || {
            format!(
                "the questionnaire \u{201c}{title}\u{201d} is no longer stored in this browser: load its file again in the questionnaire step"
            )
        };
        let raw = persist::read(&key).ok_or_else(missing)?;
        let pack = Pack::from_json(&raw).map_err(|error| format!("the stored questionnaire \u{201c}{title}\u{201d} is damaged ({error}): load its file again"))?;
        let pack = Arc::new(pack);
        self.packs.update_value(|packs| {
            packs.insert(*digest, pack.clone());
        });
        Ok(pack)
    }

    /// The default bank, shared.
    pub fn default_pack(self) -> Arc<Pack> {
        let digest = default_bank().digest();
        if let Some(pack) = self.packs.with_value(|packs| packs.get(&digest).cloned()) {
            return pack;
        }
        let pack = Arc::new(default_bank().clone());
        self.packs.update_value(|packs| {
            packs.insert(digest, pack.clone());
        });
        pack
    }

    /// Stores a pack loaded from a file, once, under its digest.
    pub fn keep_pack(self, pack: Pack) -> Arc<Pack> {
        let digest = pack.digest();
        if digest != default_bank().digest() {
            self.persistence.save(
                &format!("{PACK_PREFIX}{}", digest.to_hex()),
                pack.to_json_pretty(),
            );
        }
        let pack = Arc::new(pack);
        self.packs.update_value(|packs| {
            packs.insert(digest, pack.clone());
        });
        pack
    }

    /// Everything but the key, as a backup.
    pub fn backup(self) -> Backup {
        let assessments: Vec<AssessmentRecord> = self.records.with_untracked(|records| {
            records
                .iter()
                .map(|record| record.get_untracked())
                .collect()
        });
        let mut packs = Vec::new();
        for record in &assessments {
            if let PackSource::Custom { digest, .. } = &record.pack
                && !packs.iter().any(|pack: &BackupPack| pack.digest == *digest)
                && let Ok(pack) = self.pack(&record.pack)
            {
                packs.push(BackupPack {
                    digest: *digest,
                    json: pack.to_json_pretty(),
                });
            }
        }
        Backup {
            created_at: browser::now(),
            assessments,
            packs,
            notices: Vec::new(),
        }
    }

    /// Restores a backup: new assessments are added, ones already here are merged with
    /// their copy in the backup so that nothing either holds is lost. Returns a summary.
    pub fn restore(self, backup: Backup) -> String {
        for pack in &backup.packs {
            if let Ok(loaded) = Pack::from_json(&pack.json) {
                self.keep_pack(loaded);
            }
        }
        let (mut added, mut merged) = (0, 0);
        for incoming in backup.assessments {
            match self.find(&incoming.id) {
                Some(existing) => {
                    self.edit(existing, |record| *record = merge(record, &incoming));
                    merged += 1;
                }
                None => {
                    self.add(incoming);
                    added += 1;
                }
            }
        }
        let count = |n: usize| match n {
            1 => "1 assessment".to_owned(),
            n => format!("{n} assessments"),
        };
        match (added, merged) {
            (_, 0) => format!("Backup restored: {} added.", count(added)),
            (0, _) => format!(
                "Backup restored: {} already in this browser, merged with their copy in the backup (the later edit of each part stands).",
                count(merged)
            ),
            _ => format!(
                "Backup restored: {} added; {} already in this browser, merged with their copy in the backup (the later edit of each part stands).",
                count(added),
                count(merged)
            ),
        }
    }

    /// The signing key, if one was made in this browser.
    pub fn key(self) -> Option<PrivateKeyBackup> {
        STORED_KEY.read()
    }

    /// Stores the signing key.
    pub fn keep_key(self, key: &PrivateKeyBackup) {
        STORED_KEY.keep(self.persistence, key);
    }

    /// What is stored as the signing key when it does not read as one, and why.
    pub fn unreadable_key(self) -> Option<(String, String)> {
        STORED_KEY.unreadable()
    }

    /// Moves a stored key that does not read to [`KEY_ASIDE`], so that a key can be stored
    /// without losing it.
    pub fn set_key_aside(self) {
        STORED_KEY.set_aside(self.persistence);
    }

    /// Follows changes another tab makes to the same assessments.
    fn listen_to_other_tabs(self) {
        let handle = window_event_listener(leptos::ev::storage, move |event| {
            let Some(key) = event.key() else {
                return;
            };
            if !key.starts_with(PREFIX) {
                return;
            }
            if let Some(id) = key.strip_prefix(ASSESSMENT_PREFIX) {
                self.took_change(id, event.new_value());
            }
        });
        on_cleanup(move || handle.remove());
    }

    /// Opens assessment `id`; a notice about the list does not follow into the editor.
    pub fn show(self, id: String) {
        self.notice.set(None);
        self.step.set(Step::Identity);
        self.open.set(Some(id));
    }

    /// Keeps the address on the open assessment and its step, so that Back and Forward move
    /// between the list, assessments and steps.
    fn follow_in_address(self) {
        place::follow(
            move || match self.open.get() {
                Some(id) => vec![
                    ("assessment", id),
                    ("step", self.step.get().slug().to_owned()),
                ],
                None => Vec::new(),
            },
            move |pairs| match pairs.get("assessment").filter(|id| self.find(id).is_some()) {
                Some(id) => {
                    let step = pairs.get("step").and_then(|slug| Step::from_slug(&slug));
                    place::set_if_changed(self.step, step.unwrap_or(Step::Identity));
                    place::set_if_changed(self.open, Some(id));
                }
                None => place::set_if_changed(self.open, None),
            },
        );
    }

    fn took_change(self, id: &str, value: Option<String>) {
        let existing = self.find(id);
        let Some(value) = value else {
            if existing.is_some() {
                self.records.update(|records| {
                    records.retain(|record| record.with_untracked(|r| r.id != id))
                });
                if self.open.get_untracked().as_deref() == Some(id) {
                    self.open.set(None);
                }
                self.notice
                    .set(Some("An assessment was deleted in another tab.".into()));
            }
            return;
        };
        let Ok(theirs) = read_record(id, &value, browser::now()) else {
            return;
        };
        match existing {
            Some(mine) => {
                let merged = mine.with_untracked(|mine| merge(mine, &theirs));
                let differs_from_stored = merged != theirs;
                if mine.with_untracked(|mine| *mine != merged) {
                    mine.set(merged.clone());
                }
                // The other tab's write lacked something only this tab had: write it back.
                if differs_from_stored {
                    self.save(&merged);
                }
            }
            None => {
                let signal = self.in_owner(|| RwSignal::new(theirs));
                self.records.update(|records| records.push(signal));
            }
        }
    }
}
