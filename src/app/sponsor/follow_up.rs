//! After the decision: the corrective-action plan followed item by item, audits of the
//! vendor, and the re-assessment date.

use croqual::assessment::ActionStatus;
use croqual::workflow::{AuditResult, Command, PlanChange, PlanItemDraft, VendorAudit};
use leptos::prelude::*;

use super::register::capitalised;
use super::steps::{ActionResult, WhyField, date_from};
use super::workspace::{Vendor, Workspace};
use crate::app::browser;
use crate::app::widgets::typed;

/// How a corrective action's status reads.
pub fn status_label(status: ActionStatus) -> &'static str {
    match status {
        ActionStatus::Open => "open",
        ActionStatus::InProgress => "in progress",
        ActionStatus::Done => "done (as the CRO says)",
        ActionStatus::Verified => "verified by you",
    }
}

const STATUSES: [(ActionStatus, &str); 4] = [
    (ActionStatus::Open, "open"),
    (ActionStatus::InProgress, "in-progress"),
    (ActionStatus::Done, "done"),
    (ActionStatus::Verified, "verified"),
];

/// The follow-up: re-assessment, plan and audits.
#[component]
pub fn FollowUp(
    /// The vendor.
    vendor: RwSignal<Vendor>,
) -> impl IntoView {
    let today = browser::today();
    let due = Memo::new(move |_| {
        vendor.with(|v| {
            (
                v.record().next_reassessment(),
                v.record().is_reassessment_overdue(today),
                v.record()
                    .risk_acceptance_in_force(today)
                    .map(|risk| risk.acceptance.expires_on()),
            )
        })
    });
    let plan =
        Memo::new(move |_| vendor.with(|v| v.record().current_plan().cloned().collect::<Vec<_>>()));
    // Items of earlier decisions, superseded by the latest one's plan: kept for the record.
    let superseded = Memo::new(move |_| {
        vendor.with(|v| {
            let record = v.record();
            record
                .plan()
                .iter()
                .filter(|item| record.is_superseded(item))
                .cloned()
                .collect::<Vec<_>>()
        })
    });

    view! {
        <section class="step" data-testid="follow-up">
            <h2>"Follow-up"</h2>
            <div class="panel" data-testid="reassessment">
                <h3>"Re-assessment"</h3>
                {move || {
                    let (next, overdue, risk) = due.get();
                    view! {
                        <p class:bad=overdue data-testid="reassessment-due">{match next {
                            Some(date) if overdue => format!("Due by {date}: overdue. Ask the CRO for a new submission; it links to the last one."),
                            Some(date) => format!("Due by {date}, from the last decision and the tier's interval."),
                            None => "Set by the first decision.".to_owned(),
                        }}</p>
                        {risk.map(|expires| view! { <p>{format!("A business risk acceptance is in force until {expires}.")}</p> })}
                    }
                }}
            </div>
            <div class="panel" data-testid="plan">
                <h3>"Corrective-action plan"</h3>
                <Show
                    when=move || !plan.with(Vec::is_empty)
                    fallback=|| view! { <p class="hint">"No corrective action planned."</p> }
                >
                    <table class="answers-table follow-up-plan">
                        <thead><tr><th>"#"</th><th>"Action"</th><th>"Owner"</th><th>"Due"</th><th>"Status"</th><th>"Change"</th></tr></thead>
                        <tbody>
                            // Keyed by number: a row stays in place when its item changes, so
                            // that what the change did is still shown in it.
                            <For
                                each=move || plan.with(|plan| plan.iter().map(|item| item.id).collect::<Vec<_>>())
                                key=|id| *id
                                children=move |id| view! { <PlanItemRow vendor=vendor id=id/> }
                            />
                        </tbody>
                    </table>
                </Show>
                <Show when=move || !superseded.with(Vec::is_empty)>
                    <details class="superseded" data-testid="superseded-plan">
                        <summary>{move || format!("Earlier plans, superseded by the latest decision: {} item(s)", superseded.with(Vec::len))}</summary>
                        <table class="answers-table follow-up-plan">
                            <thead><tr><th>"#"</th><th>"Action"</th><th>"Owner"</th><th>"Due"</th><th>"Status when superseded"</th></tr></thead>
                            <tbody>
                                {move || superseded.get().into_iter().map(|item| view! {
                                    <tr>
                                        <td>{item.id}</td>
                                        <td>{item.item}</td>
                                        <td>{item.owner}</td>
                                        <td>{item.due_on.to_string()}</td>
                                        <td>{item.status.label()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </details>
                </Show>
                <AddPlanItem vendor=vendor/>
            </div>
            <Audits vendor=vendor/>
        </section>
    }
}

/// One plan item, with its status, owner and due date to change.
#[component]
fn PlanItemRow(
    /// The vendor.
    vendor: RwSignal<Vendor>,
    /// The item's number.
    id: u32,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let today = browser::today();
    let item = Memo::new(move |_| vendor.with(|v| v.record().plan_item(id).cloned()));
    let Some(first) = item.get_untracked() else {
        return ().into_any();
    };
    let status = RwSignal::new(first.status);
    let owner = RwSignal::new(first.owner.clone());
    let due_on = RwSignal::new(first.due_on.to_string());
    let why = RwSignal::new(String::new());
    let (result, set_result) = signal(None::<Result<String, String>>);
    let overdue =
        move || item.with(|item| item.as_ref().is_some_and(|item| item.is_overdue(today)));
    let change = move |_| {
        let outcome = date_from(&due_on.get_untracked(), "the due date").and_then(|due| {
            workspace
                .apply(
                    vendor,
                    Command::ChangePlanItem {
                        id,
                        change: PlanChange {
                            status: Some(status.get_untracked()),
                            owner: Some(owner.get_untracked()),
                            due_on: Some(due),
                        },
                    },
                    &why.get_untracked(),
                )
                .map(|()| format!("Corrective action {id} changed."))
        });
        set_result.set(Some(outcome));
    };
    view! {
        <tr data-testid="plan-item" data-item=id.to_string() class:overdue=overdue>
            <td>{id}</td>
            <td>
                {first.item.clone()}
                {first.question.as_ref().map(|q| view! { " " <span class="qid">{q.to_string()}</span> })}
            </td>
            <td><input type="text" aria-label="Owner" data-testid="item-owner" prop:value=move || owner.get()
                on:input=move |event| owner.set(typed(&event_target_value(&event)))/></td>
            <td>
                <input type="date" aria-label="Due" data-testid="item-due" prop:value=move || due_on.get()
                    on:input=move |event| due_on.set(event_target_value(&event))/>
                <Show when=overdue>
                    <span class="badge critical" data-testid="item-overdue">"overdue"</span>
                </Show>
            </td>
            <td>
                <select aria-label="Status" data-testid="item-status" on:change=move |event| {
                    let value = event_target_value(&event);
                    if let Some((chosen, _)) = STATUSES.iter().find(|(_, name)| *name == value) {
                        status.set(*chosen);
                    }
                }>
                    {STATUSES.into_iter().map(|(each, name)| view! {
                        <option value=name selected=each == first.status>{capitalised(status_label(each))}</option>
                    }).collect_view()}
                </select>
            </td>
            <td>
                <input type="text" aria-label="Why (needed to move the due date)" placeholder="why" data-testid="item-why"
                    prop:value=move || why.get()
                    on:input=move |event| why.set(typed(&event_target_value(&event)))/>
                <button data-testid="item-save" on:click=change>"Save"</button>
                <ActionResult result=result/>
            </td>
        </tr>
    }
    .into_any()
}

/// A corrective action added after the decision.
#[component]
fn AddPlanItem(
    /// The vendor.
    vendor: RwSignal<Vendor>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let item = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let due_on = RwSignal::new(String::new());
    let why = RwSignal::new(String::new());
    let (result, set_result) = signal(None::<Result<String, String>>);
    let add = move |_| {
        let outcome =
            date_from(&due_on.get_untracked(), "the new corrective action").and_then(|due| {
                workspace
                    .apply(
                        vendor,
                        Command::AddPlanItem(PlanItemDraft {
                            item: item.get_untracked(),
                            question: None,
                            owner: owner.get_untracked(),
                            due_on: due,
                        }),
                        &why.get_untracked(),
                    )
                    .map(|()| "Corrective action added.".to_owned())
            });
        if outcome.is_ok() {
            item.set(String::new());
        }
        set_result.set(Some(outcome));
    };
    view! {
        <details class="add-item">
            <summary>"Add a corrective action…"</summary>
            <div class="form-grid compact">
                <label class="field wide"><span class="field-label">"Action"</span>
                    <input type="text" data-testid="new-item" prop:value=move || item.get() on:input=move |event| item.set(typed(&event_target_value(&event)))/></label>
                <label class="field"><span class="field-label">"Owner"</span>
                    <input type="text" data-testid="new-item-owner" prop:value=move || owner.get() on:input=move |event| owner.set(typed(&event_target_value(&event)))/></label>
                <label class="field"><span class="field-label">"Due"</span>
                    <input type="date" data-testid="new-item-due" prop:value=move || due_on.get() on:input=move |event| due_on.set(event_target_value(&event))/></label>
                <WhyField why=why/>
            </div>
            <button data-testid="add-item" on:click=add>"Add"</button>
            <ActionResult result=result/>
        </details>
    }
}

/// Audits of the vendor: recorded ones and a new one.
#[component]
fn Audits(
    /// The vendor.
    vendor: RwSignal<Vendor>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let audits = Memo::new(move |_| vendor.with(|v| v.record().audits().to_vec()));
    let on = RwSignal::new(browser::today().to_string());
    let result_kind = RwSignal::new(AuditResult::Satisfactory);
    let notes = RwSignal::new(String::new());
    let (result, set_result) = signal(None::<Result<String, String>>);
    let record = move |_| {
        let outcome = date_from(&on.get_untracked(), "the audit").and_then(|on| {
            workspace
                .apply(
                    vendor,
                    Command::RecordAudit(VendorAudit {
                        on,
                        result: result_kind.get_untracked(),
                        notes: notes.get_untracked(),
                    }),
                    "",
                )
                .map(|()| format!("Audit of {on} recorded."))
        });
        if outcome.is_ok() {
            notes.set(String::new());
        }
        set_result.set(Some(outcome));
    };
    let kinds = [
        (AuditResult::Satisfactory, "satisfactory"),
        (AuditResult::SatisfactoryWithFindings, "findings"),
        (AuditResult::Unsatisfactory, "unsatisfactory"),
    ];
    view! {
        <div class="panel" data-testid="audits">
            <h3>"Audits of the vendor"</h3>
            <ul data-testid="audit-list">
                {move || audits.get().into_iter().map(|audit| view! {
                    <li>{format!("{}: {}{}", audit.on, audit.result, if audit.notes.is_empty() { String::new() } else { format!(" — {}", audit.notes) })}</li>
                }).collect_view()}
            </ul>
            <div class="form-grid compact">
                <label class="field"><span class="field-label">"Date (last day)"</span>
                    <input type="date" data-testid="audit-date" prop:value=move || on.get() on:input=move |event| on.set(event_target_value(&event))/></label>
                <label class="field"><span class="field-label">"Result"</span>
                    <select data-testid="audit-result" on:change=move |event| {
                        let value = event_target_value(&event);
                        if let Some((kind, _)) = kinds.iter().find(|(_, name)| *name == value) {
                            result_kind.set(*kind);
                        }
                    }>
                        {kinds.into_iter().map(|(kind, name)| view! { <option value=name>{capitalised(&kind.to_string())}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field wide"><span class="field-label">"Findings, references, follow-up"</span>
                    <textarea data-testid="audit-notes" rows="2" prop:value=move || notes.get() on:input=move |event| notes.set(typed(&event_target_value(&event)))></textarea></label>
            </div>
            <button data-testid="record-audit" on:click=record>"Record the audit"</button>
            <ActionResult result=result/>
        </div>
    }
}
