//! The sponsor's own signing key: made on first use, kept in this browser, its fingerprint
//! for the CROs, the public key file, and the private backup with its restore.

use croqual::attest::keys::{Fingerprint, PrivateKeyBackup, SigningKey};
use leptos::prelude::*;

use super::sentence;
use super::workspace::Workspace;
use crate::app::widgets::{KeyRestore, UnreadableKey};
use crate::app::{browser, download};

/// Why no key is made while the stored one does not read.
const UNREADABLE: &str = "The signing key stored in this browser does not read, and no other key is made in its place: restore your key from its backup, or set the stored one aside (see your signing key, on the register).";

/// The sponsor's key, made now if there is none yet.
///
/// # Errors
///
/// When the browser gives no secure randomness, as a sentence.
pub fn ensure_key(workspace: Workspace) -> Result<PrivateKeyBackup, String> {
    if let Some(key) = workspace.key() {
        return Ok(key);
    }
    if workspace.unreadable_key().is_some() {
        return Err(UNREADABLE.into());
    }
    let seed = browser::random_bytes::<32>().map_err(sentence)?;
    let name = workspace.person.with_untracked(|person| {
        let organisation = person.organisation.trim();
        if organisation.is_empty() {
            "croqual sponsor key".to_owned()
        } else {
            organisation.to_owned()
        }
    });
    let backup = PrivateKeyBackup::new(&name, SigningKey::from_seed(seed)).map_err(sentence)?;
    workspace.keep_key(&backup);
    Ok(backup)
}

/// The sponsor's key panel.
#[component]
pub fn SponsorKeyPanel() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let key = RwSignal::new(workspace.key());
    let (problem, set_problem) = signal(None::<String>);
    let (done, set_done) = signal(None::<String>);

    let create = move |_| match ensure_key(workspace) {
        Ok(backup) => {
            key.set(Some(backup));
            set_problem.set(None);
        }
        Err(error) => set_problem.set(Some(error)),
    };
    let download_public = move |_| {
        let Some(backup) = key.get_untracked() else {
            return;
        };
        if let Err(error) = download::public_key_file(&backup) {
            set_problem.set(Some(error));
        }
    };
    let download_private = move |_| {
        let Some(backup) = key.get_untracked() else {
            return;
        };
        if let Err(error) = download::private_key_backup(&backup) {
            set_problem.set(Some(error));
        }
    };
    let refuse = Callback::new(move |fingerprint: Fingerprint| {
        workspace.vendor_with_key(&fingerprint).map(|vendor| {
            let name = vendor.with_untracked(|v| v.record().organisation().legal_name.clone());
            format!("This is the key pinned for {name}: a vendor's key cannot sign your decisions.")
        })
    });
    let keep = Callback::new(move |backup: PrivateKeyBackup| workspace.keep_key(&backup));

    view! {
        <section class="panel key-panel" data-testid="sponsor-key">
            <h2>"Your signing key"</h2>
            <p class="hint">"Your decisions are signed with it, so that a CRO can check they come from you."</p>
            <UnreadableKey
                unreadable=Callback::new(move |()| workspace.unreadable_key())
                set_aside=Callback::new(move |()| workspace.set_key_aside())
                file_name="croqual-sponsor-key-unreadable.txt"
            />
            <Show
                when=move || key.with(Option::is_some)
                fallback=move || view! {
                    <p>"No key in use in this browser: one is made when you sign your first decision, or now."</p>
                    <button data-testid="create-sponsor-key" on:click=create>"Create my key"</button>
                }
            >
                <p>"Send this fingerprint to your CROs through another channel than the files, with the public key file:"</p>
                <p class="fingerprint" data-testid="sponsor-fingerprint">
                    {move || key.with(|k| k.as_ref().map(|k| k.key().fingerprint().to_string()).unwrap_or_default())}
                </p>
                <div class="actions">
                    <button data-testid="download-sponsor-public-key" on:click=download_public>"Download the public key file (for your CROs)"</button>
                    <button data-testid="download-sponsor-private-key" on:click=download_private>"Back up the key (secret)"</button>
                </div>
                <p class="notice warning">"Keep the backup safe and never send it: if this browser's data is cleared without it, you need a new key and every CRO must pin it again."</p>
            </Show>
            <KeyRestore current=key refuse=refuse keep=keep done=set_done problem=set_problem testid="restore-sponsor-key"/>
            <Show when=move || done.get().is_some()>
                <p class="notice info" role="status" data-testid="sponsor-key-done">{move || done.get()}</p>
            </Show>
            <Show when=move || problem.get().is_some()>
                <p class="notice error" role="alert" data-testid="sponsor-key-problem">{move || problem.get()}</p>
            </Show>
        </section>
    }
}
