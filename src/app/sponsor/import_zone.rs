//! Where files come in: a drop zone and a file picker, the progress, and one verdict line per
//! file with what the person can do about it.

use croqual::organisation::reveal_bidi;
use croqual::text::fold;
use croqual::workflow::KeySource;
use leptos::prelude::*;

use super::import::{self, Batch, FileResult, Line};
use super::pinning::PinForm;
use super::sentence;
use super::workspace::Workspace;
use crate::app::files;
use crate::app::verifier::Verifier;

/// The import: drop zone, file picker, progress and verdicts.
#[component]
pub fn ImportZone() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let import = workspace.import;
    let (dragging, set_dragging) = signal(false);
    // The verifying worker starts while the person picks the files, not after.
    let _ = Verifier::shared();

    let picked = move |event: leptos::ev::Event| {
        let chosen = files::picked(&event);
        import::start(workspace, chosen);
    };
    let dropped = move |event: leptos::ev::DragEvent| {
        event.prevent_default();
        set_dragging.set(false);
        let chosen = files::list(event.data_transfer().and_then(|transfer| transfer.files()));
        import::start(workspace, chosen);
    };
    let clear = move |_| import.clear_finished();

    view! {
        <section class="panel import" data-testid="import">
            <h2>"Import submissions and keys"</h2>
            <div
                class="drop-zone"
                class:dragging=move || dragging.get()
                data-testid="drop-zone"
                on:dragover=move |event: leptos::ev::DragEvent| {
                    // Without this the browser opens the dropped file instead.
                    event.prevent_default();
                    set_dragging.set(true);
                }
                on:dragleave=move |_| set_dragging.set(false)
                on:drop=dropped
            >
                <p>"Drop the files a CRO sent you here: signed submissions (.json) and public key files (.pub), as many as you like."</p>
                <label class="file-button">
                    "Choose files…"
                    <input type="file" multiple accept=".json,.pub,application/json,text/plain" data-testid="import-files" on:change=picked/>
                </label>
            </div>
            <Show when=move || import.progress.get().is_some()>
                <p class="import-progress" role="status" data-testid="import-progress">
                    {move || import.progress.get().map(|(done, total)| format!("Checking files: {done} of {total}"))}
                </p>
            </Show>
            <Show when=move || !import.batches.with(Vec::is_empty)>
                <div class="verdicts-header">
                    <h3>"What each file is"</h3>
                    <button class="link" data-testid="clear-verdicts" on:click=clear>"Clear the finished lines"</button>
                </div>
                // The latest import first; within one, the files in the order they were given.
                <div class="verdicts" data-testid="verdicts">
                    <For
                        each=move || import.batches.get().into_iter().rev()
                        key=|batch| batch.id
                        children=move |batch| view! { <BatchLines batch=batch/> }
                    />
                </div>
            </Show>
        </section>
    }
}

/// The files of one import: how many of each verdict, then a line for each.
#[component]
fn BatchLines(
    /// The import.
    batch: Batch,
) -> impl IntoView {
    let lines = batch.lines.clone();
    let started_at = batch.started_at;
    let summary = Memo::new(move |_| {
        let mut counts: Vec<(&'static str, usize)> = Vec::new();
        batch.lines.with(|lines| {
            for line in lines {
                let label = line.with(|l| kind(&l.result));
                match counts.iter_mut().find(|(seen, _)| *seen == label) {
                    Some((_, count)) => *count += 1,
                    None => counts.push((label, 1)),
                }
            }
            let files = lines.len();
            let parts = counts
                .iter()
                .map(|(label, count)| format!("{} {count}", label.replace('-', " ")))
                .collect::<Vec<_>>()
                .join(", ");
            format!(
                "Given at {}: {files} file{}: {parts}",
                crate::app::when::clock(started_at),
                if files == 1 { "" } else { "s" }
            )
        })
    });
    view! {
        <section class="batch" data-testid="import-batch">
            <p class="batch-summary" data-testid="batch-summary">{move || summary.get()}</p>
            <ol class="verdicts">
                <For
                    each=move || lines.get()
                    key=|line| line.with_untracked(|l| l.id)
                    children=move |line| view! { <VerdictLine line=line/> }
                />
            </ol>
        </section>
    }
}

/// One file's verdict, and the decision it waits for, if any.
#[component]
fn VerdictLine(
    /// The line.
    line: RwSignal<Line>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let result = Memo::new(move |_| line.with(|l| l.result.clone()));
    let file = line.with_untracked(|l| l.file.clone());
    let (problem, set_problem) = signal(None::<String>);

    view! {
        <li
            class=move || format!("verdict {}", result.with(FileResult::severity))
            data-testid="verdict"
            data-file=file.clone()
            data-result=move || result.with(kind)
        >
            <strong class="verdict-file">{file.clone()}</strong>
            <p class="verdict-text" data-testid="verdict-text">{move || reveal_bidi(&result.with(FileResult::describe))}</p>
            {move || line.with(|l| l.notices.iter().map(|notice| view! { <p class="hint">{notice.clone()}</p> }).collect_view())}
            {move || detail(workspace, line, result.get(), set_problem)}
            <Show when=move || problem.get().is_some()>
                <p class="inline-error" role="alert" data-testid="verdict-problem">{move || problem.get()}</p>
            </Show>
        </li>
    }
}

/// What the person can see and do below a verdict.
fn detail(
    workspace: Workspace,
    line: RwSignal<Line>,
    result: FileResult,
    set_problem: WriteSignal<Option<String>>,
) -> AnyView {
    let open = move |id: croqual::workflow::VendorId| {
        let label = workspace
            .find(&id)
            .map(|vendor| vendor.with_untracked(|v| v.record().organisation().legal_name.clone()))
            .unwrap_or_else(|| id.to_string());
        view! {
            <button class="link" data-testid="open-vendor-from-verdict" on:click=move |_| workspace.show(id.clone())>
                {format!("Open {label}")}
            </button>
        }
    };
    match result {
        FileResult::ClaimDiffers { mismatches, .. } => view! {
            <ul class="mismatches" data-testid="mismatches">
                {mismatches.into_iter().map(|m| view! {
                    <li>{format!("{}: claimed {}, recomputed {}", m.field, m.claimed, m.recomputed)}</li>
                }).collect_view()}
            </ul>
        }
        .into_any(),
        FileResult::PackMissing { digest, .. } => {
            let give = move |event: leptos::ev::Event| {
                let chosen = files::picked(&event);
                let Some(file) = chosen.into_iter().next() else {
                    return;
                };
                leptos::task::spawn_local(async move {
                    let result = match files::read(&file).await {
                        Ok(bytes) => import::provide_pack(workspace, digest, &file.name(), &bytes),
                        Err(error) => Err(error),
                    };
                    set_problem.set(result.err());
                });
            };
            view! {
                <label class="file-button small">
                    "Give the questionnaire file (pack or OSCAL catalog)…"
                    <input type="file" accept=".json,application/json" data-testid="provide-pack" on:change=give/>
                </label>
            }
            .into_any()
        }
        FileResult::Unpinned {
            fingerprint,
            organisation,
            service,
            vendor,
        } => match vendor.and_then(|id| workspace.find(&id)) {
            Some(vendor) => view! { <PinForm fingerprint=fingerprint vendor=vendor/> }.into_any(),
            None => {
                let name = organisation.legal_name.clone();
                view! {
                    <div class="actions">
                        <button class="primary" data-testid="create-vendor-from-file" on:click=move |_| {
                            set_problem.set(import::create_vendor(workspace, &organisation, &service).err());
                        }>
                            {format!("Add {name} to the register from this file")}
                        </button>
                    </div>
                    <p class="hint">"It is added at identification with the identity the file gives; you then check the key with them and pin it."</p>
                }
                .into_any()
            }
        },
        FileResult::KeyChange {
            fingerprint,
            vendor,
            ..
        } => match workspace.find(&vendor) {
            Some(vendor) => view! {
                <div class="key-change-decision" data-testid="key-change">
                    <p><strong>"Decide: reject this file, or replace the pinned key once the vendor confirmed the new one."</strong></p>
                    <div class="actions">
                        <button class="danger" data-testid="reject-file" on:click=move |_| import::reject(workspace, line)>
                            "Reject this file"
                        </button>
                    </div>
                    <details>
                        <summary data-testid="replace-key-toggle">"Replace the pinned key…"</summary>
                        <PinForm fingerprint=fingerprint vendor=vendor replace=true/>
                    </details>
                </div>
            }
            .into_any(),
            None => ().into_any(),
        },
        FileResult::KeyFile {
            fingerprint,
            name,
            pinned_for: None,
            ..
        } => key_file_pin(workspace, fingerprint, name, set_problem),
        FileResult::Known { vendor, .. }
        | FileResult::Held { vendor, .. }
        | FileResult::Received { vendor, .. }
        | FileResult::Refused { vendor, .. } => open(vendor).into_any(),
        _ => ().into_any(),
    }
}

/// Pinning a public key file for a vendor of the register.
fn key_file_pin(
    workspace: Workspace,
    fingerprint: croqual::attest::keys::Fingerprint,
    name: String,
    set_problem: WriteSignal<Option<String>>,
) -> AnyView {
    // The vendors without a key, the one named as in the file first; kept up to date as
    // vendors are added or pinned. Only a vendor of the same name is chosen beforehand.
    let candidates = Memo::new(move |_| {
        workspace.vendors.with(|vendors| {
            let mut candidates: Vec<(String, String, bool)> = vendors
                .iter()
                .filter_map(|vendor| {
                    vendor.with(|v| {
                        v.record().keys().current.is_none().then(|| {
                            let legal_name = v.record().organisation().legal_name.clone();
                            let same = fold(&legal_name) == fold(&name);
                            (v.record().id().to_string(), legal_name, same)
                        })
                    })
                })
                .collect();
            candidates.sort_by_key(|(_, _, same)| !*same);
            candidates
        })
    });
    let preselected = candidates.with_untracked(|candidates| {
        candidates
            .first()
            .filter(|(_, _, same)| *same)
            .map(|(id, _, _)| id.clone())
            .unwrap_or_default()
    });
    let (chosen, set_chosen) = signal(preselected);
    let pin = move |_| {
        let vendor = croqual::workflow::VendorId::new(chosen.get_untracked())
            .ok()
            .and_then(|id| workspace.find(&id));
        let Some(vendor) = vendor else {
            set_problem.set(Some("Choose the vendor this key belongs to.".into()));
            return;
        };
        set_problem
            .set(import::pin(workspace, vendor, fingerprint, KeySource::PublicKeyFile).err());
    };
    view! {
        <Show when=move || candidates.with(|candidates| !candidates.is_empty())>
            <div class="actions">
                <label class="field inline">
                    <span class="field-label">"Pin it for"</span>
                    <select data-testid="key-file-vendor" on:change=move |event| set_chosen.set(event_target_value(&event))>
                        <option value="" selected=move || chosen.get().is_empty()>"Choose the vendor…"</option>
                        {move || candidates.get().into_iter().map(|(id, legal_name, _)| {
                            let selected = {
                                let id = id.clone();
                                move || chosen.get() == id
                            };
                            view! {
                                <option value=id.clone() selected=selected>{format!("{legal_name} ({id})")}</option>
                            }
                        }).collect_view()}
                    </select>
                </label>
                <button data-testid="pin-key-file-for" on:click=pin>"Pin this key"</button>
            </div>
            <p class="hint">{sentence("the name in a key file is only a label: you decide which vendor it belongs to, after checking the fingerprint with them")}</p>
        </Show>
    }
    .into_any()
}

/// The line's kind, for styling and tests.
fn kind(result: &FileResult) -> &'static str {
    match result {
        FileResult::Unreadable { .. } => "unreadable",
        FileResult::Malformed { .. } => "malformed",
        FileResult::SignatureInvalid { .. } => "signature-invalid",
        FileResult::ClaimDiffers { .. } => "claim-differs",
        FileResult::VendorMismatch { .. } => "vendor-mismatch",
        FileResult::PackMissing { .. } => "pack-missing",
        FileResult::Unpinned { .. } => "unpinned",
        FileResult::KeyChange { .. } => "key-change",
        FileResult::Known { .. } => "known",
        FileResult::Held { .. } => "held",
        FileResult::Received { .. } => "received",
        FileResult::Refused { .. } => "refused",
        FileResult::Rejected { .. } => "rejected",
        FileResult::KeyFile { .. } => "key-file",
    }
}
