//! A vendor's audit trail: every entry (who, when, what, why), whether the chain holds, and,
//! when it does not, the break shown at its entry and acknowledged with a reason, never
//! repaired.

use croqual::workflow::{AuditEvent, ChainBreak, Command, VendorRecord};
use leptos::prelude::*;

use super::register::stage_label;
use super::steps::ActionResult;
use super::workspace::{Vendor, Workspace};
use crate::app::widgets::typed;
use crate::app::{browser, download};

/// The breaks found when the record was loaded that no later entry acknowledges.
pub fn unacknowledged(record: &VendorRecord) -> Vec<ChainBreak> {
    let entries = record.trail().entries();
    record
        .chain_breaks()
        .iter()
        .filter(|chain_break| {
            !entries[chain_break.index.min(entries.len())..]
                .iter()
                .any(|entry| {
                    entry.event
                        == AuditEvent::ChainBreakAcknowledged {
                            index: chain_break.index,
                        }
                })
        })
        .cloned()
        .collect()
}

/// The trail and its chain.
#[component]
pub fn AuditTrailView(
    /// The vendor.
    vendor: RwSignal<Vendor>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let breaks = Memo::new(move |_| vendor.with(|v| v.record().chain_breaks().to_vec()));
    let open_breaks = Memo::new(move |_| vendor.with(|v| unacknowledged(v.record())));
    let entries = Memo::new(move |_| vendor.with(|v| v.record().trail().entries().to_vec()));
    let head = Memo::new(move |_| vendor.with(|v| v.record().trail().head()));
    let why = RwSignal::new(String::new());
    let (result, set_result) = signal(None::<Result<String, String>>);

    let acknowledge = move |index: usize| {
        let outcome = workspace
            .apply(
                vendor,
                Command::AcknowledgeChainBreak { index },
                &why.get_untracked(),
            )
            .map(|()| {
                format!(
                    "The break at entry {index} is acknowledged; it stays visible in the trail."
                )
            });
        set_result.set(Some(outcome));
    };
    let download_stored = move |_| {
        let Some(stored) = vendor.with_untracked(|v| v.stored.clone()) else {
            return;
        };
        let id = vendor.with_untracked(|v| v.record().id().to_string());
        let name = croqual::filename::download_name(&id, browser::today(), "as-stored", "json");
        let _ = download::offer(&name, "application/json", stored.as_bytes());
    };

    view! {
        <section class="step" data-testid="audit-trail">
            <h2>"Audit trail"</h2>
            {move || {
                let breaks = breaks.get();
                if breaks.is_empty() {
                    view! {
                        <p class="notice info" data-testid="chain-status" data-chain="intact">
                            {match entries.with(Vec::len) {
                                1 => "The chain is intact: 1 entry, the first of the trail.".to_owned(),
                                n => format!("The chain is intact: {n} entries, each linked to the one before by its SHA-256."),
                            }}
                            " "{head.get().map(|digest| view! { "Last entry: " <code>{digest.to_string()}</code> })}
                        </p>
                    }.into_any()
                } else {
                    view! {
                        <div class="notice error loud" role="alert" data-testid="chain-status" data-chain="broken">
                            <p><strong>"The chain is broken: the stored trail was changed outside croqual."</strong></p>
                            <ul>{breaks.iter().map(|chain_break| view! { <li data-testid="chain-break" data-index=chain_break.index.to_string()>{chain_break.to_string()}</li> }).collect_view()}</ul>
                            <p>"croqual never repairs a trail. Find out what happened, then acknowledge each break with the reason: recording goes on, and the break stays reported."</p>
                        </div>
                    }.into_any()
                }
            }}
            <Show when=move || vendor.with(|v| v.stored.is_some())>
                <button data-testid="download-as-stored" on:click=download_stored>"Download the record as it was stored"</button>
            </Show>
            <Show when=move || !open_breaks.with(Vec::is_empty)>
                <div class="panel" data-testid="acknowledge">
                    <label class="field">
                        <span class="field-label">"Why the break is acknowledged (required, recorded in the trail)"</span>
                        <textarea data-testid="acknowledge-reason" rows="2"
                            prop:value=move || why.get()
                            on:input=move |event| why.set(typed(&event_target_value(&event)))></textarea>
                    </label>
                    <div class="actions">
                        {move || open_breaks.get().into_iter().map(|chain_break| {
                            let index = chain_break.index;
                            view! {
                                <button class="danger" data-testid="acknowledge-break" on:click=move |_| acknowledge(index)>
                                    {format!("Acknowledge the break at entry {index}")}
                                </button>
                            }
                        }).collect_view()}
                    </div>
                </div>
            </Show>
            <ActionResult result=result/>
            <table class="answers-table trail" data-testid="trail">
                <thead><tr><th>"#"</th><th>"When"</th><th>"Who"</th><th>"What"</th><th>"Why"</th></tr></thead>
                <tbody>
                    {move || {
                        let broken: Vec<usize> = breaks.with(|b| b.iter().map(|b| b.index).collect());
                        entries.get().into_iter().enumerate().map(|(index, entry)| {
                            let is_break = broken.contains(&index);
                            view! {
                                <tr data-testid="trail-entry" class:broken=is_break>
                                    <td>{entry.sequence}{is_break.then(|| view! { " " <span class="badge critical">"break"</span> })}</td>
                                    <td>{crate::app::when::second(entry.at)}</td>
                                    <td>{entry.who.clone()}</td>
                                    <td>
                                        {entry.event.to_string()}
                                        {entry.step.map(|step| view! { <br/><span class="hint">{format!("{} → {}", stage_label(step.from), stage_label(step.to))}</span> })}
                                    </td>
                                    <td>{entry.why.clone()}</td>
                                </tr>
                            }
                        }).collect_view()
                    }}
                </tbody>
            </table>
        </section>
    }
}
