//! The start screen: this browser's assessments, and the workspace backup.

use croqual::assessment::evaluate;
use croqual::provider::{AssessmentRecord, Backup};
use leptos::prelude::*;

use super::workspace::Workspace;
use crate::app::widgets::DiscardButton;
use crate::app::{browser, download, files};

/// Every assessment in this browser, with what can be done to each.
#[component]
pub fn AssessmentList() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let title = NodeRef::<leptos::html::H1>::new();
    crate::app::widgets::focus_when_shown(title);
    let (problem, set_problem) = signal(None::<String>);
    let (confirm_delete, set_confirm_delete) = signal(None::<String>);
    let (renaming, set_renaming) = signal(None::<String>);

    // A name given in the list; a blank one is refused, with a word.
    let rename = move |record: RwSignal<AssessmentRecord>, label: String| {
        if label.trim().is_empty() {
            set_problem.set(Some(record.with_untracked(|r| {
                format!(
                    "An assessment needs a name: it stays \u{201c}{}\u{201d}.",
                    r.label
                )
            })));
        } else {
            set_problem.set(None);
            workspace.edit(record, |r| {
                r.label = croqual::organisation::clean(&label);
                r.touch(croqual::provider::Section::Label, browser::now());
            });
        }
        set_renaming.set(None);
    };
    let create = move |_| match workspace.create("New assessment") {
        Ok(id) => workspace.show(id),
        Err(error) => set_problem.set(Some(error)),
    };
    let download_backup = move |_| {
        let backup = workspace.backup();
        let name = croqual::filename::download_name(
            "croqual workspace",
            browser::today(),
            "backup",
            "json",
        );
        if let Err(error) = download::offer(&name, "application/json", backup.to_json().as_bytes())
        {
            set_problem.set(Some(error));
        }
    };
    let restore = move |event: leptos::ev::Event| {
        let picked = files::picked(&event);
        leptos::task::spawn_local(async move {
            for file in picked {
                let outcome = match files::read(&file).await {
                    Ok(bytes) => Backup::read(&bytes, browser::now())
                        .map(|backup| workspace.restore(backup))
                        .map_err(|error| {
                            format!("{}: {error}. Nothing was restored.", file.name())
                        }),
                    Err(error) => Err(error),
                };
                match outcome {
                    Ok(summary) => {
                        set_problem.set(None);
                        workspace.notice.set(Some(summary));
                    }
                    Err(error) => {
                        // An earlier restore's summary would contradict "Nothing was restored".
                        workspace.notice.set(None);
                        set_problem.set(Some(error));
                    }
                }
            }
        });
    };

    view! {
        <div class="list-header">
            <h1 tabindex="-1" node_ref=title>"Your self-assessments"</h1>
            <button class="primary" data-testid="new-assessment" on:click=create>"New assessment"</button>
        </div>
        <p class="lead">
            "One assessment per sponsor or service. Everything you enter is saved in this browser as you type; "
            "nothing leaves it until you export a signed file."
        </p>
        <UnreadableValues/>
        <Show when=move || problem.get().is_some()>
            <p class="notice error" role="alert" data-testid="list-problem">{move || problem.get()}</p>
        </Show>
        <Show
            when=move || !workspace.records.with(Vec::is_empty)
            fallback=|| view! { <p class="empty" data-testid="no-assessments">"No assessment yet: start one with “New assessment”."</p> }
        >
            <table class="records" data-testid="assessments">
                <thead>
                    <tr><th>"Assessment"</th><th>"Organisation"</th><th>"Answered"</th><th>"Last export"</th><th></th></tr>
                </thead>
                <tbody>
                    <For
                        each=move || workspace.records.get()
                        key=|record| record.with_untracked(|r| r.id.clone())
                        children=move |record| {
                            let id = record.with_untracked(|r| r.id.clone());
                            let (id_open, id_copy, id_rename, id_delete, id_confirm) =
                                (id.clone(), id.clone(), id.clone(), id.clone(), id.clone());
                            let is_renaming = {
                                let id = id.clone();
                                move || renaming.get().as_deref() == Some(id.as_str())
                            };
                            let is_confirming = {
                                let id = id.clone();
                                move || confirm_delete.get().as_deref() == Some(id.as_str())
                            };
                            view! {
                                <tr data-testid="assessment-row">
                                    <td>
                                        <Show
                                            when=is_renaming
                                            fallback=move || view! {
                                                <button class="link strong" data-testid="open-assessment"
                                                    on:click={let id = id_open.clone(); move |_| workspace.show(id.clone())}>
                                                    {move || record.with(|r| r.label.clone())}
                                                </button>
                                            }
                                        >
                                            <input
                                                class="rename"
                                                data-testid="rename-input"
                                                node_ref={
                                                    let input = NodeRef::<leptos::html::Input>::new();
                                                    crate::app::widgets::focus_when_shown(input);
                                                    input
                                                }
                                                aria-label="New name"
                                                prop:value=move || record.with_untracked(|r| r.label.clone())
                                                on:change=move |event| rename(record, event_target_value(&event))
                                                // Enter keeps the name even when unchanged (no change event then);
                                                // Escape leaves it as it was.
                                                on:keydown=move |event: leptos::ev::KeyboardEvent| match event.key().as_str() {
                                                    "Enter" => rename(record, event_target_value(&event)),
                                                    "Escape" => {
                                                        // Put back, the leaving field has no change to report.
                                                        event_target::<web_sys::HtmlInputElement>(&event)
                                                            .set_value(&record.with_untracked(|r| r.label.clone()));
                                                        set_renaming.set(None);
                                                    }
                                                    _ => {}
                                                }
                                            />
                                        </Show>
                                    </td>
                                    <td>{move || record.with(|r| r.organisation.legal_name.clone())}</td>
                                    <td data-testid="row-progress">{move || record.with(|r| progress(workspace, r))}</td>
                                    <td>{move || record.with(|r| r.exports.last().map(|e| format!("revision {} · {}", e.revision, crate::app::when::day(e.exported_at))).unwrap_or_else(|| "not exported".into()))}</td>
                                    <td class="row-actions">
                                        <button class="link" on:click={let id = id_copy.clone(); move |_| if let Err(error) = workspace.duplicate(&id) { set_problem.set(Some(error)) }}>"Duplicate"</button>
                                        <button class="link" data-testid="rename" on:click={let id = id_rename.clone(); move |_| set_renaming.set(Some(id.clone()))}>"Rename"</button>
                                        <Show
                                            when=is_confirming
                                            fallback={let id = id_delete.clone(); move || {
                                                let id = id.clone();
                                                view! { <button class="link danger" data-testid="delete" on:click=move |_| set_confirm_delete.set(Some(id.clone()))>"Delete"</button> }
                                            }}
                                        >
                                            <span class="confirm" role="alert">
                                                "Delete for good? "
                                                <button class="danger" data-testid="confirm-delete" on:click={let id = id_confirm.clone(); move |_| { workspace.delete(&id); set_confirm_delete.set(None); }}>"Delete"</button>
                                                <button on:click=move |_| set_confirm_delete.set(None)>"Keep"</button>
                                            </span>
                                        </Show>
                                    </td>
                                </tr>
                            }
                        }
                    />
                </tbody>
            </table>
        </Show>
        <section class="backup-panel">
            <h2>"Backup"</h2>
            <p>"A backup file holds every assessment of this browser (not your signing key, which has its own backup)."</p>
            <PersistenceStatus/>
            <button data-testid="download-backup" on:click=download_backup>"Download a backup"</button>
            <label class="file-button">
                "Restore from a backup…"
                <input type="file" accept=".json,application/json" data-testid="restore-backup" on:change=restore/>
            </label>
        </section>
    }
}

/// Whether the browser agreed to keep croqual's data when space runs low.
#[component]
fn PersistenceStatus() -> impl IntoView {
    let persistence = expect_context::<crate::app::persist::Persistence>();
    view! {
        <p class="hint" data-testid="persistence">
            {move || match persistence.persisted.get() {
                Some(true) => "This browser agreed to keep croqual's data: it will not clear it to free space.",
                Some(false) => "This browser did not agree to keep croqual's data for good: it may clear it when space runs low, so download backups.",
                None => "This browser has not said whether it keeps croqual's data for good: download backups.",
            }}
        </p>
    }
}

/// Stored values croqual could not read: kept untouched until the person decides.
#[component]
fn UnreadableValues() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    view! {
        <For
            each=move || workspace.unreadable.get()
            key=|entry| entry.key.clone()
            children=move |entry| {
                let (key_download, key_discard, key_restore) = (entry.key.clone(), entry.key.clone(), entry.key.clone());
                let raw = entry.raw.clone();
                let restorable = croqual::provider::salvage("probe", &entry.raw, browser::now()).is_some();
                let (restore_problem, set_restore_problem) = signal(None::<String>);
                view! {
                    <div class="notice warning" role="alert" data-testid="unreadable">
                        <p>
                            <strong>"A saved assessment could not be read: "</strong>
                            {entry.reason.clone()}
                            {if restorable {
                                ". It is kept as it was until you decide: restore what can still be read as a new assessment, download it to keep a copy, or discard it."
                            } else {
                                ". Nothing in it can be restored here; it is kept as it was until you decide: download it to keep a copy, or discard it."
                            }}
                        </p>
                        {restorable.then(|| view! {
                            <button data-testid="restore-unreadable" on:click=move |_| match workspace.restore_unreadable(&key_restore) {
                                Ok(id) => workspace.show(id),
                                Err(error) => set_restore_problem.set(Some(error)),
                            }>"Restore what can be read"</button>
                        })}
                        <button data-testid="download-unreadable" on:click=move |_| {
                            let name = croqual::filename::download_name(&key_download, browser::today(), "unreadable", "txt");
                            let _ = download::offer(&name, "text/plain", raw.as_bytes());
                        }>"Download it"</button>
                        <DiscardButton on_discard=Callback::new(move |()| workspace.discard_unreadable(&key_discard))/>
                        <Show when=move || restore_problem.get().is_some()>
                            <p class="inline-error" role="alert">{move || restore_problem.get()}</p>
                        </Show>
                    </div>
                }
            }
        />
    }
}

/// "12 of 40 required", counted as the questionnaire step counts them; when the assessment's
/// questionnaire is no longer stored, how many answers it keeps.
fn progress(workspace: Workspace, record: &AssessmentRecord) -> String {
    match workspace.pack(&record.pack) {
        Ok(pack) => {
            let evaluation = evaluate(
                &pack,
                &record.tiering_or_strictest(),
                &record.certificates,
                &record.answers,
                browser::today(),
            );
            let (answered, required) = evaluation.progress();
            format!("{answered} of {required} required")
        }
        Err(_) => format!("{} answers kept", record.answers.len()),
    }
}
