//! Restoring a signing key from its private backup, on either side.
//!
//! A signing key is an identity: whoever pinned its fingerprint trusts what it signs. So a
//! backup never replaces another key without the person saying so, and a key this side must
//! not sign with (one pinned for a vendor, or the other party's key) is refused outright.

use croqual::attest::keys::{Fingerprint, PrivateKeyBackup};
use leptos::prelude::*;

use crate::app::files;

/// What restoring a backup did, for the panel to say.
enum Restored {
    /// The key was stored, or was the one already here.
    Done(String),
    /// Nothing changed, and why.
    Refused(String),
}

/// The file input for a backup, and the confirmation a replacement needs.
///
/// `current` is the key in this browser; `refuse` says why a key must not be used here, if it
/// must not; `keep` stores the key; what happened goes to the panel's `done` or `problem`.
#[component]
pub fn KeyRestore(
    /// The key in this browser, if any; updated when a backup replaces it.
    current: RwSignal<Option<PrivateKeyBackup>>,
    /// Why this key must not sign here, if it must not.
    refuse: Callback<Fingerprint, Option<String>>,
    /// Stores the key.
    keep: Callback<PrivateKeyBackup>,
    /// Where the panel says what was done.
    done: WriteSignal<Option<String>>,
    /// Where the panel says what went wrong.
    problem: WriteSignal<Option<String>>,
    /// The file input's test id.
    #[prop(into)]
    testid: String,
) -> impl IntoView {
    let pending = RwSignal::new(None::<PrivateKeyBackup>);
    let said = move |restored: Restored| match restored {
        Restored::Done(text) => {
            problem.set(None);
            done.set(Some(text));
        }
        Restored::Refused(text) => {
            done.set(None);
            problem.set(Some(text));
        }
    };
    let store = move |backup: PrivateKeyBackup| {
        keep.run(backup.clone());
        let fingerprint = backup.key().fingerprint();
        current.set(Some(backup));
        said(Restored::Done(format!(
            "Key restored from its backup: {fingerprint}."
        )));
    };
    let picked = move |event: leptos::ev::Event| {
        let Some(file) = files::picked(&event).into_iter().next() else {
            return;
        };
        leptos::task::spawn_local(async move {
            let backup = match files::read_key_backup(&file).await {
                Ok(backup) => backup,
                Err(error) => {
                    said(Restored::Refused(error));
                    return;
                }
            };
            let fingerprint = backup.key().fingerprint();
            if let Some(reason) = refuse.run(fingerprint) {
                said(Restored::Refused(format!(
                    "{reason} The key was not changed."
                )));
                return;
            }
            let now = current.with_untracked(|key| key.as_ref().map(|k| k.key().fingerprint()));
            match now {
                Some(now) if now == fingerprint => said(Restored::Done(
                    "This backup holds the key already in this browser: nothing changed.".into(),
                )),
                Some(_) => pending.set(Some(backup)),
                None => store(backup),
            }
        });
    };
    let replace = move |_| {
        if let Some(backup) = pending.get_untracked() {
            pending.set(None);
            store(backup);
        }
    };
    let cancel = move |_| {
        pending.set(None);
        said(Restored::Refused(
            "You kept your key: nothing changed.".into(),
        ));
    };

    view! {
        <label class="file-button small">
            "Restore a key from its backup…"
            <input type="file" accept=".key,text/plain" data-testid=testid on:change=picked/>
        </label>
        {move || pending.get().map(|backup| {
            let old = current.with(|key| key.as_ref().map(|k| k.key().fingerprint().to_string()).unwrap_or_default());
            view! {
                <div class="notice warning" role="alert" data-testid="key-replace">
                    <p>{format!(
                        "This backup holds another key ({}, {}) than the one in this browser ({old}). Whoever pinned your current key will not trust what the other one signs until they pin it. Download the backup of your current key first if you may still need it.",
                        backup.name(),
                        backup.key().fingerprint()
                    )}</p>
                    <div class="actions">
                        <button class="danger" data-testid="key-replace-confirm" on:click=replace>"Replace my key"</button>
                        <button data-testid="key-replace-keep" on:click=cancel>"Keep my key"</button>
                    </div>
                </div>
            }
        })}
    }
}

/// The notice for a stored signing key that does not read: it is kept as it was, and the
/// person chooses what becomes of it.
#[component]
pub fn UnreadableKey(
    /// The stored value and why it does not read, if it does not.
    unreadable: Callback<(), Option<(String, String)>>,
    /// Moves the stored value aside, so that a new key can be made.
    set_aside: Callback<()>,
    /// The name of the file the stored value downloads as.
    #[prop(into)]
    file_name: String,
) -> impl IntoView {
    let state = RwSignal::new(unreadable.run(()));
    let file_name = StoredValue::new(file_name);
    let (problem, set_problem) = signal(None::<String>);
    let download = move |_| {
        if let Some((raw, _)) = state.get_untracked()
            && let Err(error) =
                crate::app::download::offer(&file_name.get_value(), "text/plain", raw.as_bytes())
        {
            set_problem.set(Some(error));
        }
    };
    let aside = move |_| {
        set_aside.run(());
        state.set(unreadable.run(()));
    };
    view! {
        {move || state.get().map(|(_, why)| view! {
            <div class="notice error" role="alert" data-testid="unreadable-key">
                <p>{format!(
                    "The signing key stored in this browser does not read ({why}). It is kept as it was, and no new key is made in its place: restore your key from its backup, or download what is stored and set it aside to make a new key (everyone who pinned the old one must then pin the new one)."
                )}</p>
                <div class="actions">
                    <button data-testid="download-unreadable-key" on:click=download>"Download what is stored"</button>
                    <button class="danger" data-testid="set-unreadable-key-aside" on:click=aside>"Set it aside"</button>
                </div>
                {move || problem.get().map(|p| view! { <p class="inline-error">{p}</p> })}
            </div>
        })}
    }
}
