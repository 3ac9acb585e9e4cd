//! The sponsor's vendors in this browser: loading them, changing them only through the
//! workflow and saving each change, keeping unreadable values aside, following other tabs,
//! the packs to recompute with, the person, and the sponsor's own key.

use std::collections::{BTreeMap, BTreeSet};

use croqual::attest::Digest;
use croqual::attest::envelope::{self, TrustStore};
use croqual::attest::keys::{Fingerprint, PrivateKeyBackup};
use croqual::export::PackLibrary;
use croqual::organisation::{Organisation, Service};
use croqual::pack::Pack;
use croqual::sponsor::{Merged, VendorFile};
use croqual::workflow::{Attribution, Command, Integrity, VendorId, VendorRecord, WorkflowError};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::import::Import;
use super::sentence;
use crate::app::persist::{self, Persistence};
use crate::app::signing_key::StoredKey;
use crate::app::{browser, place};

/// Where each vendor is stored: this prefix and its id.
pub const VENDOR_PREFIX: &str = "croqual:vendor:";
/// Where packs loaded from files are stored, by digest: shared with the provider side, which
/// stores its packs the same way.
pub const PACK_PREFIX: &str = "croqual:pack:";
/// Where the person's name, role and organisation are stored.
pub const PERSON_KEY: &str = "croqual:sponsor:person";
/// The last vendor id handed out, so that a removed vendor's id is not given to another.
pub const LAST_ID_KEY: &str = "croqual:sponsor:last-vendor-id";
/// Where forms being filled in are kept until recorded, by kind and vendor id.
pub const DRAFT_PREFIX: &str = "croqual:sponsor:draft:";
/// Where the sponsor's signing key is stored, as its backup text.
pub const KEY: &str = "croqual:sponsor:key";
/// Where a stored signing key that does not read is kept once another key replaces it.
pub const KEY_ASIDE: &str = "croqual:sponsor:key:unreadable";
const STORED_KEY: StoredKey = StoredKey {
    key: KEY,
    aside: KEY_ASIDE,
};

/// The person using this browser, as they introduced themselves; recorded with every change
/// and with every signed decision.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Person {
    /// Their name, as recorded in the audit trail.
    pub name: String,
    /// Their role, as a signed decision names it.
    pub role: String,
    /// The sponsor's organisation, as a signed decision names it.
    pub organisation: String,
}

/// One vendor as loaded, with what loading found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vendor {
    /// The record and its kept files.
    pub file: VendorFile,
    /// The audit chain and the stored facts as checked on load.
    pub integrity: Integrity,
    /// The text as stored, when loading found a break or facts that differ from the trail:
    /// offered for download, since the next save writes the facts the trail gives.
    pub stored: Option<String>,
}

impl Vendor {
    /// The record.
    pub fn record(&self) -> &VendorRecord {
        &self.file.record
    }
}

/// A stored value croqual could not read, or a copy it could not keep: shown until the person
/// downloads or discards it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable {
    /// The storage key.
    pub key: String,
    /// The value.
    pub raw: String,
    /// Why it is here.
    pub reason: String,
    /// Whether the value is still in storage under `key` (discarding removes it then); a copy
    /// kept aside from another tab lives in memory only.
    pub in_storage: bool,
}

/// The sponsor workspace, provided as context.
#[derive(Clone, Copy)]
pub struct Workspace {
    /// The vendors, in the order of their ids; each its own signal.
    pub vendors: RwSignal<Vec<RwSignal<Vendor>>>,
    /// Stored values that could not be read, and copies kept aside.
    pub unreadable: RwSignal<Vec<Unreadable>>,
    /// The vendor being looked at.
    pub open: RwSignal<Option<VendorId>>,
    /// A message about something that happened elsewhere (another tab).
    pub notice: RwSignal<Option<String>>,
    /// Who is working.
    pub person: RwSignal<Person>,
    /// Grows by one each time a pack is added, so that views depending on packs redraw.
    pub packs_added: RwSignal<usize>,
    /// Public key files imported in this session: fingerprint → the name in the file.
    pub key_files: RwSignal<BTreeMap<Fingerprint, String>>,
    /// The import: verdict lines and progress.
    pub import: Import,
    persistence: Persistence,
    packs: StoredValue<PackLibrary>,
    owner: StoredValue<Option<Owner>>,
    // While a bulk import runs: the vendors changed since the last save.
    deferred: StoredValue<Option<BTreeSet<VendorId>>>,
}

impl Workspace {
    /// Reads every vendor stored in this browser, and starts following other tabs.
    pub fn load(persistence: Persistence) -> Workspace {
        let mut vendors = Vec::new();
        let mut unreadable = Vec::new();
        for key in persist::keys(VENDOR_PREFIX) {
            let Some(raw) = persist::read(&key) else {
                continue;
            };
            match read_vendor(&key[VENDOR_PREFIX.len()..], &raw) {
                Ok(vendor) => vendors.push(vendor),
                Err(reason) => {
                    log::warn!("vendor {key} kept aside: {reason}");
                    unreadable.push(Unreadable {
                        key,
                        raw,
                        reason,
                        in_storage: true,
                    });
                }
            }
        }
        let person = persist::read(PERSON_KEY)
            .and_then(|raw| serde_json::from_str::<Person>(&raw).ok())
            .unwrap_or_default();
        let workspace = Workspace {
            vendors: RwSignal::new(vendors.into_iter().map(RwSignal::new).collect()),
            unreadable: RwSignal::new(unreadable),
            open: RwSignal::new(None),
            notice: RwSignal::new(None),
            person: RwSignal::new(person),
            packs_added: RwSignal::new(0),
            key_files: RwSignal::new(BTreeMap::new()),
            import: Import::new(),
            persistence,
            packs: StoredValue::new(PackLibrary::new()),
            owner: StoredValue::new(Owner::current()),
            deferred: StoredValue::new(None),
        };
        workspace.listen_to_other_tabs();
        workspace.follow_in_address();
        workspace
    }

    /// Whether the workspace still exists: an import running in the background stops when
    /// the person leaves the sponsor side.
    pub fn is_alive(self) -> bool {
        self.vendors.try_with_untracked(|_| ()).is_some()
    }

    /// Opens vendor `id`; a notice about the register does not follow into the vendor.
    pub fn show(self, id: VendorId) {
        self.notice.set(None);
        self.open.set(Some(id));
    }

    /// Keeps the address on the open vendor, so that Back returns to the register.
    fn follow_in_address(self) {
        place::follow(
            move || match self.open.get() {
                Some(id) => vec![("vendor", id.to_string())],
                None => Vec::new(),
            },
            move |pairs| {
                let id = pairs
                    .get("vendor")
                    .and_then(|id| id.parse::<VendorId>().ok());
                place::set_if_changed(self.open, id.filter(|id| self.find(id).is_some()));
            },
        );
    }

    /// The vendor with `id`.
    pub fn find(self, id: &VendorId) -> Option<RwSignal<Vendor>> {
        self.vendors.with_untracked(|vendors| {
            vendors
                .iter()
                .copied()
                .find(|vendor| vendor.with_untracked(|v| v.record().id() == id))
        })
    }

    /// The vendor whose pinned key is `fingerprint`.
    pub fn vendor_with_key(self, fingerprint: &Fingerprint) -> Option<RwSignal<Vendor>> {
        self.vendors.with_untracked(|vendors| {
            vendors.iter().copied().find(|vendor| {
                vendor.with_untracked(|v| v.record().keys().fingerprint() == Some(*fingerprint))
            })
        })
    }

    /// The vendor registered under the same company registration in the same country as
    /// `organisation`: how a submission signed by a key nobody pinned finds its vendor.
    pub fn vendor_by_identity(self, organisation: &Organisation) -> Option<RwSignal<Vendor>> {
        let wanted = identity_key(organisation)?;
        self.vendors.with_untracked(|vendors| {
            vendors.iter().copied().find(|vendor| {
                vendor.with_untracked(|v| {
                    identity_key(v.record().organisation()).as_ref() == Some(&wanted)
                })
            })
        })
    }

    /// The vendor that received or holds the submission with `digest`, and when it came.
    pub fn known_submission(
        self,
        digest: &Digest,
    ) -> Option<(RwSignal<Vendor>, Option<jiff::Timestamp>)> {
        self.vendors.with_untracked(|vendors| {
            vendors.iter().copied().find_map(|vendor| {
                vendor.with_untracked(|v| {
                    if let Some(received) = v
                        .record()
                        .submissions()
                        .iter()
                        .find(|received| received.submission.digest == *digest)
                    {
                        return Some((vendor, Some(received.submission.received_at)));
                    }
                    v.file
                        .held()
                        .filter(|held| held.digest == *digest)
                        .map(|_| (vendor, None))
                })
            })
        })
    }

    /// The keys pinned for the vendors, as the verifier reads them.
    pub fn trust(self) -> TrustStore {
        let mut trust = TrustStore::new();
        self.vendors.with_untracked(|vendors| {
            for vendor in vendors {
                vendor.with_untracked(|v| {
                    if let Some(fingerprint) = v.record().keys().fingerprint() {
                        // The app refuses to pin one key for two vendors; a store edited by
                        // hand that does keeps the first pin.
                        let _ = trust.pin(
                            fingerprint,
                            envelope::Vendor {
                                id: v.record().id().to_string(),
                                name: v.record().organisation().legal_name.clone(),
                            },
                        );
                    }
                });
            }
        });
        trust
    }

    /// Who makes a change now, and why.
    pub fn attribution(self, why: &str) -> Attribution {
        let who = self.person.with_untracked(|person| person.name.clone());
        Attribution::new(&who, browser::now(), why)
    }

    /// Applies a workflow command to `vendor` and saves it.
    ///
    /// # Errors
    ///
    /// The workflow's refusal, as a sentence; nothing changed then.
    pub fn apply(
        self,
        vendor: RwSignal<Vendor>,
        command: Command,
        why: &str,
    ) -> Result<(), String> {
        self.apply_then(vendor, command, why, |_| {})
    }

    /// Applies a workflow command and, if it is allowed, `then` to the kept files, and saves
    /// both together.
    ///
    /// # Errors
    ///
    /// The workflow's refusal, as a sentence; nothing changed then.
    pub fn apply_then(
        self,
        vendor: RwSignal<Vendor>,
        command: Command,
        why: &str,
        then: impl FnOnce(&mut VendorFile),
    ) -> Result<(), String> {
        let by = self.attribution(why);
        let result = vendor.try_update_untracked(|v| {
            v.file.record.apply(command, by)?;
            then(&mut v.file);
            Ok::<(), WorkflowError>(())
        });
        match result {
            None => Err("This vendor is no longer open here.".into()),
            Some(Err(error)) => Err(sentence(error)),
            Some(Ok(())) => {
                vendor.notify();
                self.save(vendor);
                Ok(())
            }
        }
    }

    /// Changes the kept files of `vendor` (never its record) and saves it.
    pub fn edit_files(self, vendor: RwSignal<Vendor>, change: impl FnOnce(&mut VendorFile)) {
        vendor.update(|v| change(&mut v.file));
        self.save(vendor);
    }

    /// Enters a new vendor in the register at identification.
    ///
    /// # Errors
    ///
    /// The workflow's refusal (no name typed), as a sentence.
    pub fn create(
        self,
        organisation: &Organisation,
        service: &Service,
    ) -> Result<RwSignal<Vendor>, String> {
        let id = self.next_id();
        let record = VendorRecord::new(id.clone(), organisation, service, self.attribution(""))
            .map_err(sentence)?;
        let vendor = Vendor {
            file: VendorFile::new(record),
            integrity: Integrity {
                chain: Ok(()),
                differing_fields: Vec::new(),
            },
            stored: None,
        };
        let signal = self.in_owner(|| RwSignal::new(vendor));
        self.vendors.update(|vendors| vendors.push(signal));
        self.save(signal);
        self.persistence.save(LAST_ID_KEY, id.to_string());
        Ok(signal)
    }

    /// Takes `vendor` out of the register and out of this browser's storage, with its kept
    /// files, its pinned key, its audit trail and any draft decision.
    pub fn remove(self, vendor: RwSignal<Vendor>) {
        let Some((id, name)) = vendor.try_with_untracked(|v| {
            (
                v.record().id().clone(),
                v.record().organisation().legal_name.clone(),
            )
        }) else {
            return;
        };
        self.deferred.update_value(|deferred| {
            if let Some(ids) = deferred {
                ids.remove(&id);
            }
        });
        self.vendors
            .update(|vendors| vendors.retain(|v| *v != vendor));
        if self.open.get_untracked().as_ref() == Some(&id) {
            self.open.set(None);
        }
        self.persistence.remove(&vendor_key(&id));
        for kind in [Draft::Decision, Draft::Qualification] {
            self.persistence.remove(&draft_key(kind, &id));
        }
        self.notice.set(Some(format!(
            "{name} ({id}) was removed from the register, with its files and audit trail."
        )));
    }

    /// The form of `kind` being filled in for vendor `id`, kept until it is recorded.
    pub fn draft(self, kind: Draft, id: &VendorId) -> Option<String> {
        persist::read(&draft_key(kind, id))
    }

    /// Keeps the form of `kind` being filled in for vendor `id`; `None` forgets it.
    pub fn keep_draft(self, kind: Draft, id: &VendorId, text: Option<String>) {
        match text {
            Some(text) => self.persistence.save(&draft_key(kind, id), text),
            None => self.persistence.remove(&draft_key(kind, id)),
        }
    }

    /// Writes `vendor` to storage, or keeps it pending with a notice when storage refuses.
    /// During a bulk import the write waits for [`Workspace::save_deferred`], to be made
    /// once for many files.
    pub fn save(self, vendor: RwSignal<Vendor>) {
        let Some(id) = vendor.try_with_untracked(|v| v.record().id().clone()) else {
            return;
        };
        let deferred = self.deferred.try_update_value(|deferred| match deferred {
            Some(ids) => {
                ids.insert(id.clone());
                true
            }
            None => false,
        });
        if deferred == Some(true) {
            return;
        }
        let text = vendor.with_untracked(|v| v.file.to_json());
        self.persistence.save(&vendor_key(&id), text);
    }

    /// Starts coalescing saves, for a bulk import.
    pub fn defer_saves(self) {
        self.deferred.set_value(Some(BTreeSet::new()));
    }

    /// Saves what waited and ends coalescing.
    pub fn end_deferred_saves(self) {
        self.save_deferred();
        self.deferred.set_value(None);
    }

    /// Saves the vendors changed since the last deferred save.
    pub fn save_deferred(self) {
        let due = self
            .deferred
            .try_update_value(|deferred| deferred.as_mut().map(std::mem::take));
        for id in due.flatten().into_iter().flatten() {
            // Also called as the workspace closes, when its values may be gone already.
            let text = self.vendors.try_with_untracked(|vendors| {
                vendors.iter().find_map(|vendor| {
                    vendor
                        .try_with_untracked(|v| (v.record().id() == &id).then(|| v.file.to_json()))
                        .flatten()
                })
            });
            if let Some(text) = text.flatten() {
                self.persistence.save(&vendor_key(&id), text);
            }
        }
    }

    /// Forgets an unreadable value, removing it from storage if it is there.
    pub fn discard_unreadable(self, key: &str) {
        let mut in_storage = false;
        self.unreadable.update(|unreadable| {
            unreadable.retain(|entry| {
                if entry.key == key {
                    in_storage |= entry.in_storage;
                }
                entry.key != key
            })
        });
        if in_storage {
            self.persistence.remove(key);
        }
    }

    /// Saves the person's name, role and organisation.
    pub fn set_person(self, person: Person) {
        let text = serde_json::to_string(&person).unwrap_or_default();
        self.person.set(person);
        self.persistence.save(PERSON_KEY, text);
    }

    /// Runs `read` on the packs croqual can recompute with.
    pub fn with_packs<T>(self, read: impl FnOnce(&PackLibrary) -> T) -> T {
        self.packs.with_value(read)
    }

    /// Looks for the pack with `digest` among those stored in this browser (by either side)
    /// and adds it; returns whether it is now known.
    pub fn find_stored_pack(self, digest: &Digest) -> bool {
        if self.with_packs(|packs| packs.get(digest).is_some()) {
            return true;
        }
        let key = format!("{PACK_PREFIX}{}", digest.to_hex());
        let Some(raw) = persist::read(&key) else {
            return false;
        };
        match Pack::from_json(&raw) {
            Ok(pack) if pack.digest() == *digest => {
                self.packs.update_value(|packs| {
                    packs.add(pack);
                });
                true
            }
            _ => false,
        }
    }

    /// Adds a pack read from a file, and stores it so that it is known next time.
    pub fn add_pack(self, pack: Pack) {
        let digest = pack.digest();
        self.persistence.save(
            &format!("{PACK_PREFIX}{}", digest.to_hex()),
            pack.to_json_pretty(),
        );
        self.packs.update_value(|packs| {
            packs.add(pack);
        });
        self.packs_added.update(|count| *count += 1);
    }

    /// The sponsor's signing key, if one was made or restored in this browser.
    pub fn key(self) -> Option<PrivateKeyBackup> {
        STORED_KEY.read()
    }

    /// Stores the sponsor's signing key.
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

    /// Signals made from event handlers belong to the workspace, not to whatever was
    /// clicked, so they live as long as it does.
    fn in_owner<T>(self, make: impl FnOnce() -> T) -> T {
        match self.owner.get_value() {
            Some(owner) => owner.with(make),
            None => make(),
        }
    }

    /// The next free id, "VND-0001" onwards, past every id seen here or in storage.
    fn next_id(self) -> VendorId {
        let mut used: Vec<String> = persist::keys(VENDOR_PREFIX)
            .into_iter()
            .map(|key| key[VENDOR_PREFIX.len()..].to_owned())
            .collect();
        self.vendors.with_untracked(|vendors| {
            used.extend(
                vendors
                    .iter()
                    .map(|vendor| vendor.with_untracked(|v| v.record().id().to_string())),
            )
        });
        self.unreadable.with_untracked(|unreadable| {
            used.extend(unreadable.iter().map(|entry| {
                entry
                    .key
                    .strip_prefix(VENDOR_PREFIX)
                    .unwrap_or_default()
                    .to_owned()
            }))
        });
        // A removed vendor's id is not given again: the last id handed out is kept too.
        used.extend(persist::read(LAST_ID_KEY));
        let highest = used
            .iter()
            .filter_map(|id| id.strip_prefix("VND-")?.parse::<u32>().ok())
            .max()
            .unwrap_or(0);
        VendorId::new(format!("VND-{:04}", highest.saturating_add(1)))
            .expect("invariant: VND- and digits make a valid vendor id")
    }

    /// Follows what another tab stores: vendors, the person.
    fn listen_to_other_tabs(self) {
        let handle = window_event_listener(leptos::ev::storage, move |event| {
            if !self.is_alive() {
                return;
            }
            let Some(key) = event.key() else {
                return;
            };
            if let Some(id) = key.strip_prefix(VENDOR_PREFIX) {
                self.took_vendor(&key, id, event.new_value());
            } else if key == PERSON_KEY
                && let Some(person) = event
                    .new_value()
                    .and_then(|raw| serde_json::from_str::<Person>(&raw).ok())
            {
                self.person.set(person);
            }
        });
        // The listener goes with the workspace: after a change of role nothing is left
        // listening on signals that no longer exist.
        on_cleanup(move || handle.remove());
    }

    fn took_vendor(self, key: &str, id: &str, value: Option<String>) {
        let existing = VendorId::new(id).ok().and_then(|id| self.find(&id));
        let Some(value) = value else {
            // Removed in another tab: removed here too, or the next save here would bring
            // it back.
            if let Some(mine) = existing {
                let name = mine.with_untracked(|v| v.record().organisation().legal_name.clone());
                self.vendors
                    .update(|vendors| vendors.retain(|v| *v != mine));
                if self
                    .open
                    .get_untracked()
                    .is_some_and(|open| open.as_str() == id)
                {
                    self.open.set(None);
                }
                self.notice.set(Some(format!(
                    "{name} ({id}) was removed from the register in another tab."
                )));
            }
            return;
        };
        let theirs = match read_vendor(id, &value) {
            Ok(theirs) => theirs,
            Err(reason) => {
                // Another tab stored something this one cannot read: show it, keep ours.
                self.unreadable.update(|unreadable| {
                    unreadable.retain(|entry| entry.key != key);
                    unreadable.push(Unreadable {
                        key: key.to_owned(),
                        raw: value,
                        reason,
                        in_storage: true,
                    });
                });
                return;
            }
        };
        let Some(mine) = existing else {
            let name = theirs.record().organisation().legal_name.clone();
            let signal = self.in_owner(|| RwSignal::new(theirs));
            self.vendors.update(|vendors| vendors.push(signal));
            self.notice.set(Some(format!(
                "Vendor {name} was added in another tab; it is in the register here too."
            )));
            return;
        };
        let name = theirs.record().organisation().legal_name.clone();
        let (merged, kind) = mine.with_untracked(|mine| mine.file.merge(&theirs.file));
        match kind {
            Merged::Same => {}
            Merged::Theirs { write_back } => {
                mine.update(|mine| mine.file = merged);
                if write_back {
                    self.save(mine);
                }
                self.notice.set(Some(format!(
                    "{name} was changed in another tab: this tab now shows that change."
                )));
            }
            Merged::Mine => self.save(mine),
            Merged::Diverged => {
                let aside = mine.with_untracked(|mine| mine.file.to_json());
                mine.update(|mine| mine.file = merged);
                self.unreadable.update(|unreadable| {
                    unreadable.push(Unreadable {
                        key: key.to_owned(),
                        raw: aside,
                        reason: format!(
                            "{name} was changed in this tab and in another at the same time. The other tab's version is kept and shown; the change made here is only in this copy"
                        ),
                        in_storage: false,
                    })
                });
                self.notice.set(Some(format!(
                    "{name} was changed in another tab at the same time as here: the other tab's version is kept. Download this tab's copy below, and redo the change made here."
                )));
            }
        }
    }
}

/// The storage key of a vendor.
pub fn vendor_key(id: &VendorId) -> String {
    format!("{VENDOR_PREFIX}{id}")
}

/// A form kept while it is filled in, so that a reload or a closed tab loses nothing typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Draft {
    /// The decision on the current submission, until it is signed.
    Decision,
    /// The service qualification, until it is concluded.
    Qualification,
}

/// The storage key of a form being filled in for a vendor.
fn draft_key(kind: Draft, id: &VendorId) -> String {
    let kind = match kind {
        Draft::Decision => "decision",
        Draft::Qualification => "qualification",
    };
    format!("{DRAFT_PREFIX}{kind}:{id}")
}

/// A stored vendor read back and checked, or why it cannot be.
fn read_vendor(id: &str, raw: &str) -> Result<Vendor, String> {
    let loaded = VendorFile::from_json(raw).map_err(sentence)?;
    if loaded.file.record.id().as_str() != id {
        return Err(format!(
            "It is stored as vendor {id}, but its record is vendor {}.",
            loaded.file.record.id()
        ));
    }
    let stored = (!loaded.integrity.is_intact()).then(|| raw.to_owned());
    Ok(Vendor {
        file: loaded.file,
        integrity: loaded.integrity,
        stored,
    })
}

/// Registration id and country, as one key: spaces, dots and dashes dropped and case folded,
/// so "HRB 123456 B" and "hrb123456b" are one registration; `None` when either is blank.
fn identity_key(organisation: &Organisation) -> Option<(String, String)> {
    let registration: String = organisation
        .registration_id
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let country = organisation.country.trim().to_uppercase();
    (!registration.is_empty() && !country.is_empty()).then_some((registration, country))
}
