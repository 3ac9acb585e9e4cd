//! One vendor: where it stands in the six steps, each step's actions, the follow-up and the
//! audit trail.

use croqual::workflow::Stage;
use leptos::prelude::*;

use super::audit::{AuditTrailView, unacknowledged};
use super::evaluation::EvaluationStep;
use super::follow_up::FollowUp;
use super::qualification::QualificationStep;
use super::register::stage_label;
use super::steps::{AssessmentStep, ContractStep, IdentificationStep, Panel, StartStep, Stepper};
use super::workspace::{Vendor, Workspace};
use crate::app::{browser, download};

/// The vendor's page.
#[component]
pub fn VendorView(
    /// The vendor.
    vendor: RwSignal<Vendor>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let title = NodeRef::<leptos::html::H1>::new();
    crate::app::widgets::focus_when_shown(title);
    let stage = Memo::new(move |_| vendor.with(|v| v.record().stage()));
    let panel = RwSignal::new(Panel::for_stage(stage.get_untracked()));
    let name = Memo::new(move |_| vendor.with(|v| v.record().organisation().legal_name.clone()));
    let broken = Memo::new(move |_| {
        vendor.with(|v| unacknowledged(v.record()).first().map(ToString::to_string))
    });

    view! {
        <div class="vendor" data-testid="vendor-view">
            <div class="editor-header">
                <button class="link" data-testid="back-to-register" on:click=move |_| workspace.open.set(None)>
                    "← Register"
                </button>
                <h1 data-testid="vendor-name" tabindex="-1" node_ref=title>
                    {move || name.get()}
                    " "
                    <span class="vendor-id">{move || vendor.with(|v| v.record().id().to_string())}</span>
                </h1>
                <p class="progress-summary" data-testid="vendor-stage">
                    {move || {
                        let stage = stage.get();
                        format!("Now: {} · waiting for {}", stage_label(stage), stage.next_step())
                    }}
                </p>
            </div>
            <Show when=move || broken.with(Option::is_some)>
                <div class="notice error loud" role="alert" data-testid="trail-broken">
                    <strong>"The audit trail of this vendor is broken. "</strong>
                    {move || broken.get()}
                    ". Nothing can be recorded until someone acknowledges the break, saying why, in the audit trail."
                    " "
                    <button class="link" data-testid="go-to-audit" on:click=move |_| panel.set(Panel::Audit)>"Open the audit trail"</button>
                </div>
            </Show>
            <Show when=move || vendor.with(|v| !v.integrity.differing_fields.is_empty())>
                <div class="notice warning" role="alert" data-testid="facts-differ">
                    {move || vendor.with(|v| format!(
                        "The stored facts of this vendor differ from its audit trail ({}): they were edited outside croqual. What is shown is what the trail says; download the record as it was stored from the audit trail before changing anything.",
                        v.integrity.differing_fields.join(", ")
                    ))}
                </div>
            </Show>
            <Stepper stage=stage panel=panel/>
            {move || match panel.get() {
                Panel::Identification => view! { <IdentificationStep vendor=vendor/> }.into_any(),
                Panel::Qualification => view! { <QualificationStep vendor=vendor/> }.into_any(),
                Panel::Assessment => view! { <AssessmentStep vendor=vendor/> }.into_any(),
                Panel::Evaluation => view! { <EvaluationStep vendor=vendor/> }.into_any(),
                Panel::Contract => view! { <ContractStep vendor=vendor/> }.into_any(),
                Panel::Start => view! { <StartStep vendor=vendor/> }.into_any(),
                Panel::FollowUp => view! { <FollowUp vendor=vendor/> }.into_any(),
                Panel::Audit => view! { <AuditTrailView vendor=vendor/> }.into_any(),
            }}
            <RemoveVendor vendor=vendor/>
        </div>
    }
}

/// Taking a vendor out of the register, for one entered by mistake or no longer followed:
/// asks first, and offers the record for download before it goes.
#[component]
fn RemoveVendor(
    /// The vendor.
    vendor: RwSignal<Vendor>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let asking = RwSignal::new(false);
    // The record, its audit trail and signed files included, leaves the browser before it
    // can be removed: a qualification record is kept, if not here then in the file.
    let downloaded = RwSignal::new(false);
    let (problem, set_problem) = signal(None::<String>);
    let download_record = move |_| {
        let (id, text) = vendor.with_untracked(|v| (v.record().id().to_string(), v.file.to_json()));
        let name = croqual::filename::download_name(&id, browser::today(), "record", "json");
        let offered = download::offer(&name, "application/json", text.as_bytes());
        downloaded.set(offered.is_ok());
        set_problem.set(offered.err());
    };
    view! {
        <div class="remove-vendor">
            <Show
                when=move || asking.get()
                fallback=move || view! {
                    <button class="link danger" data-testid="remove-vendor" on:click=move |_| asking.set(true)>
                        "Remove this vendor from the register…"
                    </button>
                }
            >
                <div class="confirm notice warning" role="alert" data-testid="remove-vendor-confirm">
                    <p>{move || vendor.with(|v| format!(
                        "Remove {} ({}) from this browser, with its kept files, its pinned key and its audit trail? This cannot be undone here. Download its record first: the file keeps the audit trail and the signed documents for your quality records.",
                        v.record().organisation().legal_name,
                        v.record().id()
                    ))}</p>
                    <button data-testid="download-record" on:click=download_record>"Download its record"</button>
                    " "
                    <button class="danger" data-testid="confirm-remove-vendor" disabled=move || !downloaded.get() on:click=move |_| workspace.remove(vendor)>"Remove for good"</button>
                    " "
                    <button data-testid="keep-vendor" on:click=move |_| asking.set(false)>"Keep"</button>
                    <Show when=move || problem.get().is_some()>
                        <p class="inline-error">{move || problem.get()}</p>
                    </Show>
                </div>
            </Show>
        </div>
    }
}

impl Panel {
    /// The panel that shows what a vendor at `stage` waits for.
    pub fn for_stage(stage: Stage) -> Panel {
        match stage {
            Stage::Identification => Panel::Identification,
            Stage::ServiceQualification => Panel::Qualification,
            Stage::CybersecurityAssessment => Panel::Assessment,
            Stage::Evaluation | Stage::Reassessment | Stage::Stopped => Panel::Evaluation,
            Stage::ContractSignature => Panel::Contract,
            Stage::StartOfServices => Panel::Start,
            Stage::InService => Panel::FollowUp,
        }
    }
}
