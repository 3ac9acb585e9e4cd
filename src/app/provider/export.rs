//! Step 6: the signing key, and the signed export the sponsor verifies.

use croqual::attest::keys::{Fingerprint, PrivateKeyBackup, PublicKeyFile, SigningKey};
use leptos::prelude::*;

use super::editor::Editing;
use crate::app::widgets::{KeyRestore, UnreadableKey};
use crate::app::{browser, download};

/// The key, its fingerprint for the sponsor, the backups, and the export.
#[component]
pub fn ExportStep() -> impl IntoView {
    let editing = expect_context::<Editing>();
    let workspace = editing.workspace;
    let key = RwSignal::new(workspace.key());
    let (problem, set_problem) = signal(None::<String>);
    let (done, set_done) = signal(None::<String>);
    // What the key panel says, shown in it.
    let (key_problem, set_key_problem) = signal(None::<String>);
    let (key_done, set_key_done) = signal(None::<String>);

    let key_name = move || {
        editing.record.with(|r| {
            let name = r.organisation.legal_name.trim();
            if name.is_empty() {
                "croqual provider key".to_owned()
            } else {
                name.to_owned()
            }
        })
    };
    let create_key = move || -> Result<PrivateKeyBackup, String> {
        if workspace.unreadable_key().is_some() {
            return Err("The signing key stored in this browser does not read, and no other key is made in its place: restore your key from its backup, or set the stored one aside above.".into());
        }
        let seed = browser::random_bytes::<32>()?;
        let backup = PrivateKeyBackup::new(&key_name(), SigningKey::from_seed(seed))
            .map_err(|e| e.to_string())?;
        workspace.keep_key(&backup);
        key.set(Some(backup.clone()));
        Ok(backup)
    };
    let download_public = move |_| {
        let Some(backup) = key.get_untracked() else {
            return;
        };
        if let Err(error) = download::public_key_file(&backup) {
            set_key_problem.set(Some(error));
        }
    };
    let download_private = move |_| {
        let Some(backup) = key.get_untracked() else {
            return;
        };
        if let Err(error) = download::private_key_backup(&backup) {
            set_key_problem.set(Some(error));
        }
    };
    let refuse_key = Callback::new(move |fingerprint: Fingerprint| {
        editing
            .record
            .with_untracked(|r| {
                r.sponsor_key
                    .as_deref()
                    .and_then(|text| PublicKeyFile::parse(text).ok())
            })
            .filter(|sponsor| sponsor.fingerprint() == fingerprint)
            .map(|_| {
                "This is your sponsor's key, pinned to check its decisions: what you export must be signed with a key of your own.".to_owned()
            })
    });
    let keep_key = Callback::new(move |backup: PrivateKeyBackup| workspace.keep_key(&backup));
    // Required questions without an answer, and how many of them are critical.
    let unanswered = move || {
        let pack = editing.pack.get();
        editing.evaluation.with(|evaluation| {
            let open: Vec<_> = evaluation
                .questions
                .iter()
                .filter(|q| q.scored && !q.answered)
                .collect();
            let critical = open
                .iter()
                .filter(|q| {
                    pack.question(q.question.as_str())
                        .is_some_and(|q| q.critical)
                })
                .count();
            (!open.is_empty()).then_some((open.len(), critical))
        })
    };
    // The last export signed with another key than this browser's (a restored backup, say).
    // With no key yet, exporting would make a new one: that is a change of key too.
    let key_change = move || {
        let now = key.with(|k| k.as_ref().map(|k| k.key().fingerprint()));
        editing.record.with(|r| {
            let last = r.exports.last()?;
            let earlier = last.signed_by.filter(|earlier| Some(*earlier) != now)?;
            Some((last.revision, earlier.short(), now.map(|now| now.short())))
        })
    };
    // The last export, while neither the assessment nor the key changed since: asked again
    // (a double click, say), the same file again, not a new revision of the same answers.
    let unchanged = move || {
        editing.last_export.with(|last| {
            last.as_ref()
                .filter(|(last, signer)| {
                    editing.record.with(|r| *r == last.record)
                        && key.with(|k| k.as_ref().map(|k| k.key().fingerprint())) == Some(*signer)
                })
                .map(|(last, _)| last.clone())
        })
    };
    let export = move |_| {
        if let Some(last) = untrack(unchanged) {
            match last.download_again() {
                Ok(()) => set_done.set(Some(format!(
                    "Nothing changed since revision {}: {} downloaded again.",
                    last.revision, last.file_name
                ))),
                Err(error) => set_problem.set(Some(error)),
            }
            return;
        }
        let backup = match key.get_untracked() {
            Some(backup) => backup,
            None => match create_key() {
                Ok(backup) => backup,
                Err(error) => {
                    set_problem.set(Some(error));
                    return;
                }
            },
        };
        match super::export_file::export(editing, &backup) {
            Ok(exported) => {
                set_problem.set(None);
                set_done.set(Some(format!(
                    "Revision {} signed and downloaded as {}. Send it to your sponsor with your public key file; its fingerprint is {}.",
                    exported.revision,
                    exported.file_name,
                    backup.key().fingerprint()
                )));
                editing
                    .last_export
                    .set(Some((exported, backup.key().fingerprint())));
            }
            Err(error) => set_problem.set(Some(error)),
        }
    };

    view! {
        <section class="step" data-testid="export-step">
            <h2>"Sign and export"</h2>
            <div class="key-panel" data-testid="key-panel">
                <h3>"Your signing key"</h3>
                <UnreadableKey
                    unreadable=Callback::new(move |()| workspace.unreadable_key())
                    set_aside=Callback::new(move |()| workspace.set_key_aside())
                    file_name="croqual-provider-key-unreadable.txt"
                />
                <Show
                    when=move || key.with(Option::is_some)
                    fallback=move || view! {
                        <p>"No key in use in this browser. One is created when you first export, or now:"</p>
                        <button data-testid="create-key" on:click=move |_| if let Err(e) = create_key() { set_key_problem.set(Some(e)) }>"Create my key"</button>
                    }
                >
                    <p>"Send this fingerprint to your sponsor through another channel (phone, a signed letter, a meeting), with the public key file. They compare it before trusting your files."</p>
                    <p class="fingerprint" data-testid="fingerprint">{move || key.with(|k| k.as_ref().map(|k| k.key().fingerprint().to_string()).unwrap_or_default())}</p>
                    <div class="actions">
                        <button data-testid="download-public-key" on:click=download_public>"Download the public key file (send to your sponsor)"</button>
                        <button data-testid="download-private-key" on:click=download_private>"Back up the key (secret)"</button>
                    </div>
                    <p class="notice warning">"Back up your key and keep the backup safe: if this browser's data is cleared without it, you will need a new key and your sponsor must pin it again. Never send the backup to anyone."</p>
                </Show>
                <KeyRestore current=key refuse=refuse_key keep=keep_key done=set_key_done problem=set_key_problem testid="restore-key"/>
                <Show when=move || key_done.get().is_some()>
                    <p class="notice info" role="status" data-testid="key-done">{move || key_done.get()}</p>
                </Show>
                <Show when=move || key_problem.get().is_some()>
                    <p class="notice error" role="alert" data-testid="key-problem">{move || key_problem.get()}</p>
                </Show>
            </div>
            <div class="export-panel">
                <h3>"Export"</h3>
                <p data-testid="next-revision">{move || match unchanged() {
                    Some(last) => format!("Nothing changed since revision {}: exporting again downloads that same file.", last.revision),
                    None => editing.record.with(|r| format!("This will be revision {} of this assessment.", r.next_revision())),
                }}</p>
                {move || unanswered().map(|(count, critical)| view! {
                    <p class="notice warning" data-testid="export-unanswered">{format!(
                        "{count} required question{} still unanswered{}: each counts as a gap, and your sponsor sees it so. Answer them first, or export as it stands.",
                        if count == 1 { " is" } else { "s are" },
                        if critical == 0 { String::new() } else { format!(", {critical} of them critical") }
                    )}</p>
                })}
                {move || key_change().map(|(revision, earlier, now)| view! {
                    <p class="notice warning" data-testid="export-key-change">{format!(
                        "Revision {revision} was signed with the key {earlier}, {}. Your sponsor pinned that key and would see the next revision as signed by someone else: restore it from its backup above, or send your sponsor the new public key file and fingerprint first.",
                        now.map_or_else(
                            || "which this browser does not hold: exporting now makes a new key".to_owned(),
                            |now| format!("but this browser's key is {now}"),
                        )
                    )}</p>
                })}
                <button class="primary" data-testid="export" on:click=export>"Sign and download the export"</button>
                // Right under the button, where the person looks after clicking it.
                <Show when=move || done.get().is_some()>
                    <p class="notice info" role="status" data-testid="export-done">{move || done.get()}</p>
                </Show>
                <Show when=move || problem.get().is_some()>
                    <p class="notice error" role="alert" data-testid="export-problem">{move || problem.get()}</p>
                </Show>
                <ul class="exports" data-testid="exports">
                    {move || editing.record.with(|r| r.exports.iter().rev().map(|e| view! {
                        <li>{format!("Revision {} · {} · {} · ", e.revision, crate::app::when::minute(e.exported_at), e.file_name)}<code>{e.digest.short()}</code></li>
                    }).collect_view())}
                </ul>
            </div>
            <super::decisions::Decisions/>
        </section>
    }
}
