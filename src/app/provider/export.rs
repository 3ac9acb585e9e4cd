//! Step 6: the signing key, and the signed export the sponsor verifies.

use croqual::attest::Digest;
use croqual::attest::keys::{Fingerprint, PrivateKeyBackup, PublicKeyFile, SigningKey};
use croqual::export::Submission;
use leptos::prelude::*;

use super::editor::Editing;
use super::export_file;
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
    // The last export, when what would be signed now states the same under the same key,
    // and its file when this tab still holds it. Exporting the same again (a double click, a
    // reload, a rename) must not make a new revision of the same answers unasked.
    let same_as_last = move |content: Option<Digest>| {
        let content = content?;
        let signer = key.with(|k| k.as_ref().map(|k| k.key().fingerprint()))?;
        let last = editing.record.with(|r| r.exports.last().cloned())?;
        (last.content == Some(content) && last.signed_by == Some(signer)).then(|| {
            let file = editing.last_export.with(|file| {
                file.as_ref()
                    .filter(|file| file.revision == last.revision && file.content == content)
                    .cloned()
            });
            (last, file)
        })
    };
    // What would be signed now. Read tracked, so that the memo follows the assessment; in a
    // click it is read once more, with the time of the click.
    let prepared = move || {
        let pack = editing.pack.get();
        editing.evaluation.with(|evaluation| {
            editing.record.with(|r| {
                export_file::prepare(r, &pack, evaluation, browser::now(), browser::today())
            })
        })
    };
    let content = Memo::new(move |_| prepared().ok()?.content_digest().ok());
    let unchanged = move || same_as_last(content.get());
    let (sign_anyway, set_sign_anyway) = signal(None::<u32>);
    let sign = move |submission: &Submission| {
        let signer = || match key.get_untracked() {
            Some(backup) => Ok(backup),
            None => create_key(),
        };
        set_sign_anyway.set(None);
        match export_file::export(editing, submission, signer) {
            Ok(exported) => {
                set_problem.set(None);
                set_done.set(Some(format!(
                    "Revision {} signed and downloaded as {}. Send it to your sponsor with your public key file; its fingerprint is {}.",
                    exported.revision, exported.file_name, exported.signed_by
                )));
                editing.last_export.set(Some(exported));
            }
            Err(error) => set_problem.set(Some(error)),
        }
    };
    let export = move |_| {
        let submission = match prepared() {
            Ok(submission) => submission,
            Err(error) => {
                set_done.set(None);
                set_problem.set(Some(error));
                return;
            }
        };
        match untrack(|| same_as_last(submission.content_digest().ok())) {
            Some((last, Some(file))) => {
                set_problem.set(None);
                match file.download_again() {
                    Ok(()) => set_done.set(Some(format!(
                        "Nothing changed since revision {}: {} downloaded again.",
                        last.revision, file.file_name
                    ))),
                    Err(error) => set_problem.set(Some(error)),
                }
            }
            Some((last, None)) => {
                set_problem.set(None);
                set_done.set(None);
                set_sign_anyway.set(Some(last.revision));
            }
            None => sign(&submission),
        }
    };
    let export_anyway = move |_| match prepared() {
        Ok(submission) => sign(&submission),
        Err(error) => set_problem.set(Some(error)),
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
                    Some((last, Some(_))) => format!("Nothing changed since revision {}: exporting again downloads that same file.", last.revision),
                    Some((last, None)) => format!(
                        "Nothing changed since revision {} ({}, exported {}): your sponsor has these answers already.",
                        last.revision, last.file_name, crate::app::when::minute(last.exported_at)
                    ),
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
                // Only while it is still true: a change since makes the next export new.
                {move || sign_anyway.get().filter(|_| matches!(unchanged(), Some((_, None)))).map(|revision| view! {
                    <p class="notice warning" role="alert" data-testid="export-same">
                        {format!("Nothing changed since revision {revision}, and this tab no longer holds its file: download it from where you saved it, or sign the same answers again as revision {}.", revision + 1)}
                        " "
                        <button data-testid="export-anyway" on:click=export_anyway>{format!("Sign revision {}", revision + 1)}</button>
                    </p>
                })}
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
