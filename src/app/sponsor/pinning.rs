//! Pinning a vendor's key: from the public key file it sent, or by comparing the fingerprint
//! shown in full with the one it gave through another channel. A key change is a replacement
//! with a reason, never a silent switch.

use croqual::attest::keys::{Fingerprint, PublicKeyFile};
use croqual::workflow::KeySource;
use leptos::prelude::*;

use super::import;
use super::sentence;
use super::workspace::{Vendor, Workspace};
use crate::app::files;
use crate::app::widgets::typed;

/// Pins (or, with `replace`, puts in place of the pinned key) a key a file was signed with,
/// once the person confirmed it.
#[component]
pub fn PinForm(
    /// The key to pin, in full.
    fingerprint: Fingerprint,
    /// The vendor to pin it for.
    vendor: RwSignal<Vendor>,
    /// Whether it replaces the vendor's pinned key: a reason is required then.
    #[prop(default = false)]
    replace: bool,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let (typed_fingerprint, set_typed_fingerprint) = signal(String::new());
    let (why, set_why) = signal(String::new());
    let (problem, set_problem) = signal(None::<String>);
    let name = move || vendor.with(|v| v.record().organisation().legal_name.clone());
    let from_file = move || {
        workspace
            .key_files
            .with(|keys| keys.get(&fingerprint).cloned())
    };

    let commit = move |source: KeySource| {
        let result = if replace {
            import::replace_key(
                workspace,
                vendor,
                fingerprint,
                source,
                &why.try_get_untracked().unwrap_or_default(),
            )
        } else {
            import::pin(workspace, vendor, fingerprint, source)
        };
        set_problem.set(result.err());
    };
    let confirm = move |_| {
        let text = typed_fingerprint.get_untracked();
        match text.trim().parse::<Fingerprint>() {
            Err(error) => set_problem.set(Some(sentence(error))),
            Ok(given) if given != fingerprint => set_problem.set(Some(
                "The fingerprint you typed is not the one of this key: do not pin it. The file may not come from the vendor; call them on a number you already know.".into(),
            )),
            Ok(_) => commit(KeySource::ConfirmedFingerprint),
        }
    };
    let key_file = move |event: leptos::ev::Event| {
        let picked = files::picked(&event);
        let Some(file) = picked.into_iter().next() else {
            return;
        };
        leptos::task::spawn_local(async move {
            match read_key_file(&file).await {
                Ok(key) if key.fingerprint() == fingerprint => {
                    workspace.key_files.update(|keys| {
                        keys.insert(fingerprint, key.name().to_owned());
                    });
                    commit(KeySource::PublicKeyFile);
                }
                Ok(key) => set_problem.set(Some(format!(
                    "{} holds another key ({}), not the one this file is signed with: do not pin it.",
                    file.name(),
                    key.fingerprint()
                ))),
                Err(error) => set_problem.set(Some(error)),
            }
        });
    };

    view! {
        <div class="pin-form" data-testid=if replace { "replace-form" } else { "pin-form" }>
            <p class="fingerprint" data-testid="fingerprint">{fingerprint.to_string()}</p>
            {move || match from_file() {
                Some(key_name) => view! {
                    <p>
                        {format!("The public key file \u{201c}{key_name}\u{201d} you imported has exactly this fingerprint.")}
                    </p>
                    {replace.then(|| view! { <ReasonField why=why set_why=set_why/> })}
                    <button class="primary" data-testid="pin-from-file" on:click=move |_| commit(KeySource::PublicKeyFile)>
                        {move || if replace { format!("Replace the pinned key of {} with this one", name()) } else { format!("Pin this key for {}", name()) }}
                    </button>
                }.into_any(),
                None => view! {
                    <label class="field">
                        <span class="field-label">{move || format!("The fingerprint {} gave you, through another channel (phone, letter, meeting)", name())}</span>
                        <input type="text" data-testid="confirm-fingerprint" autocomplete="off" spellcheck="false"
                            placeholder="16 groups of 4 characters"
                            prop:value=move || typed_fingerprint.get()
                            on:input=move |event| set_typed_fingerprint.set(typed(&event_target_value(&event)))/>
                        <span class="field-hint">"Compare it group by group; case and spaces do not matter."</span>
                    </label>
                    {replace.then(|| view! { <ReasonField why=why set_why=set_why/> })}
                    <div class="actions">
                        <button class="primary" data-testid="pin-confirmed" on:click=confirm>
                            {move || if replace {
                                format!("Replace the pinned key of {} after checking the fingerprint with them", name())
                            } else {
                                format!("Pin this key for {} after checking the fingerprint with them", name())
                            }}
                        </button>
                        <label class="file-button small">
                            "or use their public key file (.pub)…"
                            <input type="file" accept=".pub,text/plain" data-testid="pin-key-file" on:change=key_file/>
                        </label>
                    </div>
                }.into_any(),
            }}
            <Show when=move || problem.get().is_some()>
                <p class="inline-error" role="alert" data-testid="pin-problem">{move || problem.get()}</p>
            </Show>
        </div>
    }
}

/// The reason for a key replacement, recorded in the audit trail.
#[component]
fn ReasonField(
    /// The reason typed.
    why: ReadSignal<String>,
    /// Receives the reason as typed.
    set_why: WriteSignal<String>,
) -> impl IntoView {
    view! {
        <label class="field">
            <span class="field-label">"Why the key changes (recorded in the audit trail)"</span>
            <textarea data-testid="replace-reason" rows="2"
                prop:value=move || why.get()
                on:input=move |event| set_why.set(typed(&event_target_value(&event)))></textarea>
        </label>
    }
}

/// The vendor's pinned key, its history, and pinning or replacing it without a file.
#[component]
pub fn KeyPanel(
    /// The vendor.
    vendor: RwSignal<Vendor>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let (typed_fingerprint, set_typed_fingerprint) = signal(String::new());
    let (why, set_why) = signal(String::new());
    let (problem, set_problem) = signal(None::<String>);
    let keys = Memo::new(move |_| vendor.with(|v| v.record().keys().clone()));
    let has_key = move || {
        keys.try_with(|keys| keys.current.is_some())
            .unwrap_or(false)
    };

    let commit = move |fingerprint: Fingerprint, source: KeySource| {
        let result = if has_key() {
            import::replace_key(
                workspace,
                vendor,
                fingerprint,
                source,
                &why.try_get_untracked().unwrap_or_default(),
            )
        } else {
            import::pin(workspace, vendor, fingerprint, source)
        };
        match result {
            Ok(()) => {
                set_problem.set(None);
                set_typed_fingerprint.set(String::new());
                set_why.set(String::new());
            }
            Err(error) => set_problem.set(Some(error)),
        }
    };
    let pin_typed = move |_| match typed_fingerprint
        .get_untracked()
        .trim()
        .parse::<Fingerprint>()
    {
        Ok(fingerprint) => commit(fingerprint, KeySource::ConfirmedFingerprint),
        Err(error) => set_problem.set(Some(sentence(error))),
    };
    let key_file = move |event: leptos::ev::Event| {
        let picked = files::picked(&event);
        let Some(file) = picked.into_iter().next() else {
            return;
        };
        leptos::task::spawn_local(async move {
            match read_key_file(&file).await {
                Ok(key) => {
                    workspace.key_files.update(|keys| {
                        keys.insert(key.fingerprint(), key.name().to_owned());
                    });
                    commit(key.fingerprint(), KeySource::PublicKeyFile);
                }
                Err(error) => set_problem.set(Some(error)),
            }
        });
    };

    view! {
        <div class="panel key-panel" data-testid="vendor-key">
            <h3>"The vendor's signing key"</h3>
            {move || keys.with(|keys| match &keys.current {
                Some(key) => view! {
                    <p>{format!(
                        "Pinned by {} on {} ({}):",
                        key.pinned_by,
                        crate::app::when::day(key.pinned_at),
                        match key.source {
                            KeySource::PublicKeyFile => "from the vendor's public key file",
                            KeySource::ConfirmedFingerprint => "fingerprint confirmed with the vendor",
                        }
                    )}</p>
                    <p class="fingerprint" data-testid="pinned-fingerprint">{key.fingerprint.to_string()}</p>
                }.into_any(),
                None => view! {
                    <p class="notice warning" data-testid="no-pinned-key">
                        "No key is pinned yet: this vendor's submissions cannot be received until one is. "
                        "Pin it from the public key file the vendor sent, or type the fingerprint they gave you."
                    </p>
                }.into_any(),
            })}
            <Show when=move || keys.with(|keys| !keys.replacements.is_empty())>
                <h4>"Earlier keys"</h4>
                <ul class="key-history" data-testid="key-history">
                    {move || keys.with(|keys| keys.replacements.iter().map(|r| view! {
                        <li>
                            <code>{r.replaced.fingerprint.short()}</code>
                            {format!(" replaced on {} by {}: {}", crate::app::when::day(r.decided_at), r.decided_by, r.why)}
                        </li>
                    }).collect_view())}
                </ul>
            </Show>
            <details class="key-change">
                <summary>{move || if has_key() { "Replace the pinned key…" } else { "Pin a key…" }}</summary>
                <label class="field">
                    <span class="field-label">"The full fingerprint the vendor gave you"</span>
                    <input type="text" data-testid="key-fingerprint" autocomplete="off" spellcheck="false"
                        prop:value=move || typed_fingerprint.get()
                        on:input=move |event| set_typed_fingerprint.set(typed(&event_target_value(&event)))/>
                </label>
                <Show when=has_key>
                    <ReasonField why=why set_why=set_why/>
                </Show>
                <div class="actions">
                    <button data-testid="pin-typed" on:click=pin_typed>
                        {move || if has_key() { "Replace with this fingerprint" } else { "Pin this fingerprint" }}
                    </button>
                    <label class="file-button small">
                        "Use the vendor's public key file (.pub)…"
                        <input type="file" accept=".pub,text/plain" data-testid="vendor-key-file" on:change=key_file/>
                    </label>
                </div>
            </details>
            <Show when=move || problem.get().is_some()>
                <p class="inline-error" role="alert" data-testid="key-problem">{move || problem.get()}</p>
            </Show>
        </div>
    }
}

/// Reads a public key file that a person picked; the message names the file.
async fn read_key_file(file: &web_sys::File) -> Result<PublicKeyFile, String> {
    let bytes = files::read(file).await?;
    PublicKeyFile::from_bytes(&bytes).map_err(|e| format!("{}: {}", file.name(), sentence(e)))
}
