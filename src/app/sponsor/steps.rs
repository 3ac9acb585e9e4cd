//! The six qualification steps: the stepper that shows where a vendor stands, and the
//! panels of steps 1, 3, 5 and 6 (step 2 and step 4 have their own files). Every action goes
//! to the workflow, which refuses a step out of order and says why.

use croqual::workflow::{Command, Contract, Stage};
use jiff::civil::Date;
use leptos::prelude::*;

use super::identity::IdentityForm;
use super::import;
use super::import_zone::ImportZone;
use super::pinning::KeyPanel;
use super::workspace::{Vendor, Workspace};
use crate::app::browser;
use crate::app::widgets::typed;

/// What the vendor page shows below the stepper.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    /// Step 1.
    Identification,
    /// Step 2.
    Qualification,
    /// Step 3.
    Assessment,
    /// Step 4.
    Evaluation,
    /// Step 5.
    Contract,
    /// Step 6.
    Start,
    /// The corrective actions, audits and re-assessment.
    FollowUp,
    /// Every change, and the chain's state.
    Audit,
}

const STEPS: [(Panel, u8, &str); 6] = [
    (Panel::Identification, 1, "CRO identification"),
    (Panel::Qualification, 2, "Service qualification"),
    (Panel::Assessment, 3, "Cybersecurity assessment"),
    (Panel::Evaluation, 4, "Evaluation"),
    (Panel::Contract, 5, "Contract signature"),
    (Panel::Start, 6, "Start of services"),
];

/// The six steps with the current one marked, and the follow-up and audit trail tabs.
#[component]
pub fn Stepper(
    /// Where the vendor stands.
    stage: Memo<Stage>,
    /// The panel shown.
    panel: RwSignal<Panel>,
) -> impl IntoView {
    let state = move |step: u8| -> &'static str {
        match (stage.get(), stage.get().step()) {
            (_, Some(current)) if step < current => "done",
            (_, Some(current)) if step == current => "current",
            (_, Some(_)) => "upcoming",
            (Stage::InService, None) => "done",
            (Stage::Reassessment, None) if step == 4 => "current",
            (Stage::Stopped, None) if step == 4 => "stopped",
            (Stage::Stopped, None) if step > 4 => "upcoming",
            (_, None) => "done",
        }
    };
    let tab = move |each: Panel, label: String, testid: String, status: Option<u8>| {
        view! {
            <li
                class=move || format!("stepper-item {}", status.map_or("extra", state))
                class:selected=move || panel.get() == each
                aria-current=move || status.is_some_and(|n| matches!(state(n), "current" | "stopped")).then_some("step")
            >
                <button
                    data-testid=testid
                    aria-pressed=move || (panel.get() == each).to_string()
                    on:click=move |_| panel.set(each)
                >
                    {label}
                    {status.map(|n| view! { <span class="step-state">{move || match state(n) {
                        "done" => " ✓",
                        "current" => " · now",
                        "stopped" => " · stopped",
                        _ => "",
                    }}</span> })}
                </button>
            </li>
        }
    };
    view! {
        <nav aria-label="Qualification steps">
            <ol class="stepper" data-testid="stepper">
                {STEPS
                    .into_iter()
                    .map(|(each, number, label)| tab(each, format!("{number} · {label}"), format!("step-{number}"), Some(number)))
                    .collect_view()}
                {tab(Panel::FollowUp, "Follow-up".into(), "tab-follow-up".into(), None)}
                {tab(Panel::Audit, "Audit trail".into(), "tab-audit".into(), None)}
            </ol>
        </nav>
    }
}

/// An optional note recorded with a change in the audit trail.
#[component]
pub fn WhyField(
    /// The note.
    why: RwSignal<String>,
    /// The label; the default says it is optional.
    #[prop(default = "Note for the audit trail (optional)")]
    label: &'static str,
) -> impl IntoView {
    view! {
        <label class="field">
            <span class="field-label">{label}</span>
            <input type="text" data-testid="why"
                prop:value=move || why.get()
                on:input=move |event| why.set(typed(&event_target_value(&event)))/>
        </label>
    }
}

/// What came of the last action: the workflow's refusal, or what was recorded.
#[component]
pub fn ActionResult(
    /// The outcome: `Err` with the refusal, `Ok` with what was done; `None` before any.
    result: ReadSignal<Option<Result<String, String>>>,
) -> impl IntoView {
    view! {
        {move || match result.get() {
            Some(Err(refusal)) => view! { <p class="notice error" role="alert" data-testid="refusal">{refusal}</p> }.into_any(),
            Some(Ok(done)) => view! { <p class="notice info" role="status" data-testid="done">{done}</p> }.into_any(),
            None => ().into_any(),
        }}
    }
}

/// Reads an `<input type="date">` value.
///
/// # Errors
///
/// When it is empty or not a date, as a sentence naming `what`.
pub fn date_from(text: &str, what: &str) -> Result<Date, String> {
    text.trim()
        .parse::<Date>()
        .map_err(|_| format!("Give the date of {what}."))
}

/// Step 1: the CRO's identity, and completing the identification.
#[component]
pub fn IdentificationStep(
    /// The vendor.
    vendor: RwSignal<Vendor>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let why = RwSignal::new(String::new());
    let (result, set_result) = signal(None::<Result<String, String>>);
    let (organisation, service) = vendor.with_untracked(|v| {
        (
            v.record().organisation().clone(),
            v.record().service().clone(),
        )
    });
    let save = move |organisation, service| {
        workspace.apply(
            vendor,
            Command::UpdateIdentity {
                organisation,
                service,
            },
            &why.get_untracked(),
        )?;
        set_result.set(Some(Ok("Identity saved.".into())));
        Ok(())
    };
    let complete = move |_| {
        let outcome = workspace
            .apply(
                vendor,
                Command::CompleteIdentification,
                &why.get_untracked(),
            )
            .map(|()| "Identification complete: the service qualification comes next.".to_owned());
        set_result.set(Some(outcome));
    };

    view! {
        <section class="step" data-testid="identification-step">
            <h2>"1 · CRO identification"</h2>
            <IdentityForm
                organisation=organisation
                service=service
                submit="Save the identity"
                testid="identity-form"
                on_submit=save
            />
            <div class="panel">
                <WhyField why=why/>
                <button class="primary" data-testid="complete-identification" on:click=complete>
                    "Complete the identification"
                </button>
                <ActionResult result=result/>
            </div>
        </section>
    }
}

/// Step 3: the vendor's key, the submission held or received, and the import.
#[component]
pub fn AssessmentStep(
    /// The vendor.
    vendor: RwSignal<Vendor>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let (result, set_result) = signal(None::<Result<String, String>>);
    let held = Memo::new(move |_| {
        vendor.with(|v| {
            v.file.held().map(|held| {
                let signed = held.signed();
                let field = |pointer: &str| {
                    signed
                        .pointer(pointer)
                        .map(|value| match value.as_str() {
                            Some(text) => text.to_owned(),
                            None => value.to_string(),
                        })
                        .unwrap_or_default()
                };
                format!(
                    "Revision {} of assessment {}, exported on {}, verified under the pinned key.",
                    field("/payload/assessment/revision"),
                    field("/payload/assessment/id"),
                    field("/payload/exported_at").get(..10).unwrap_or_default()
                )
            })
        })
    });
    let receive = move |_| set_result.set(Some(import::receive_held(workspace, vendor)));
    let received = Memo::new(move |_| {
        vendor.with(|v| {
            v.record()
                .submissions()
                .iter()
                .rev()
                .map(|received| {
                    let s = &received.submission;
                    let kept = v.file.submission(&s.digest).is_some();
                    (
                        format!("Revision {} of {}", s.revision, s.assessment_id),
                        format!(
                            "received {} · claimed {} ({}) · recomputed {} ({})",
                            crate::app::when::minute(s.received_at),
                            s.claimed_score
                                .as_deref()
                                .map_or("no score".to_owned(), |x| format!("{x} %")),
                            s.claimed_outcome,
                            s.score
                                .as_deref()
                                .map_or("no score".to_owned(), |x| format!("{x} %")),
                            s.recomputed_outcome,
                        ),
                        s.digest.short(),
                        kept,
                    )
                })
                .collect::<Vec<_>>()
        })
    });

    view! {
        <section class="step" data-testid="assessment-step">
            <h2>"3 · Cybersecurity assessment"</h2>
            <p class="lead">"The CRO answers the questionnaire and sends you its signed submission with its public key. Its key must be pinned before a submission is received."</p>
            <KeyPanel vendor=vendor/>
            <div class="panel" data-testid="held">
                <h3>"Submission waiting"</h3>
                {move || match held.get() {
                    Some(text) => view! {
                        <p data-testid="held-submission">{text}</p>
                        <button class="primary" data-testid="receive-held" on:click=receive>"Record it as received"</button>
                    }.into_any(),
                    None => view! {
                        <p class="hint">"No submission is waiting: import the vendor's file below. A file that arrives before this step is kept here until the service qualification is concluded."</p>
                    }.into_any(),
                }}
                <ActionResult result=result/>
            </div>
            <div class="panel">
                <h3>"Received"</h3>
                <Show
                    when=move || !received.with(Vec::is_empty)
                    fallback=|| view! { <p class="hint" data-testid="none-received">"Nothing received yet."</p> }
                >
                    <ul class="received" data-testid="received">
                        {move || received.get().into_iter().map(|(title, detail, digest, kept)| view! {
                            <li>
                                <strong>{title}</strong>" · "{detail}" · "<code>{digest}</code>
                                {(!kept).then(|| view! { <span class="hint">" (signed file no longer kept in this browser)"</span> })}
                            </li>
                        }).collect_view()}
                    </ul>
                </Show>
            </div>
            <ImportZone/>
        </section>
    }
}

/// Step 5: the contract's signature.
#[component]
pub fn ContractStep(
    /// The vendor.
    vendor: RwSignal<Vendor>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let signed_on = RwSignal::new(browser::today().to_string());
    let reference = RwSignal::new(String::new());
    let why = RwSignal::new(String::new());
    let (result, set_result) = signal(None::<Result<String, String>>);
    let contract = Memo::new(move |_| vendor.with(|v| v.record().contract().cloned()));
    let sign = move |_| {
        let outcome = date_from(&signed_on.get_untracked(), "the contract's signature").and_then(
            |signed_on| {
                workspace
                    .apply(
                        vendor,
                        Command::SignContract(Contract {
                            signed_on,
                            reference: reference.get_untracked(),
                        }),
                        &why.get_untracked(),
                    )
                    .map(|()| format!("Contract signed on {signed_on}: services may start next."))
            },
        );
        set_result.set(Some(outcome));
    };

    view! {
        <section class="step" data-testid="contract-step">
            <h2>"5 · Contract signature"</h2>
            <p class="lead">"Only after an evaluation that accepted the vendor (with or without corrective actions), or a business risk acceptance in force."</p>
            {move || contract.get().map(|c| view! {
                <p class="notice info" data-testid="contract">{format!("Contract {} signed on {}.", c.reference, c.signed_on)}</p>
            })}
            // Drawn once, not with every change of the contract, so that what the correction
            // did stays said.
            <Show when=move || contract.with(Option::is_some)>
                <CorrectContract vendor=vendor/>
            </Show>
            <Show when=move || contract.with(Option::is_none)>
            <div class="panel form-grid compact">
                <label class="field">
                    <span class="field-label">"Signed on"</span>
                    <input type="date" data-testid="contract-date"
                        prop:value=move || signed_on.get()
                        on:input=move |event| signed_on.set(event_target_value(&event))/>
                </label>
                <label class="field">
                    <span class="field-label">"Contract reference"</span>
                    <input type="text" data-testid="contract-reference" placeholder="MSA-2025-014"
                        prop:value=move || reference.get()
                        on:input=move |event| reference.set(typed(&event_target_value(&event)))/>
                </label>
                <WhyField why=why/>
                <div class="wide">
                    <button class="primary" data-testid="sign-contract" on:click=sign>"Record the contract signature"</button>
                </div>
            </div>
            </Show>
            <ActionResult result=result/>
        </section>
    }
}

/// Correcting the recorded contract, a date or reference typed wrong; the reason and both
/// versions go into the audit trail.
#[component]
fn CorrectContract(
    /// The vendor, whose contract is recorded.
    vendor: RwSignal<Vendor>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let (signed_on, reference) = vendor.with_untracked(|v| {
        v.record()
            .contract()
            .map(|c| (c.signed_on.to_string(), c.reference.clone()))
            .unwrap_or_default()
    });
    let signed_on = RwSignal::new(signed_on);
    let reference = RwSignal::new(reference);
    let why = RwSignal::new(String::new());
    let (result, set_result) = signal(None::<Result<String, String>>);
    let correct = move |_| {
        let outcome = date_from(&signed_on.get_untracked(), "the contract's signature").and_then(
            |signed_on| {
                workspace
                    .apply(
                        vendor,
                        Command::CorrectContract(Contract {
                            signed_on,
                            reference: reference.get_untracked(),
                        }),
                        &why.get_untracked(),
                    )
                    .map(|()| format!("Contract record corrected: signed on {signed_on}."))
            },
        );
        set_result.set(Some(outcome));
    };
    view! {
        <details class="panel correction" data-testid="correct-contract">
            <summary>"Correct the contract record (a date or reference typed wrong)"</summary>
            <div class="form-grid compact">
                <label class="field">
                    <span class="field-label">"Signed on"</span>
                    <input type="date" data-testid="corrected-contract-date"
                        prop:value=move || signed_on.get()
                        on:input=move |event| signed_on.set(event_target_value(&event))/>
                </label>
                <label class="field">
                    <span class="field-label">"Contract reference"</span>
                    <input type="text" data-testid="corrected-contract-reference"
                        prop:value=move || reference.get()
                        on:input=move |event| reference.set(typed(&event_target_value(&event)))/>
                </label>
                <WhyField why=why label="Why it is corrected (required)"/>
                <div class="wide">
                    <button data-testid="record-contract-correction" on:click=correct>"Record the correction"</button>
                </div>
            </div>
            <ActionResult result=result/>
        </details>
    }
}

/// Step 6: the start of services.
#[component]
pub fn StartStep(
    /// The vendor.
    vendor: RwSignal<Vendor>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let on = RwSignal::new(browser::today().to_string());
    let why = RwSignal::new(String::new());
    let (result, set_result) = signal(None::<Result<String, String>>);
    let periods = Memo::new(move |_| vendor.with(|v| v.record().service_periods().to_vec()));
    let start = move |_| {
        let outcome = date_from(&on.get_untracked(), "the start of services").and_then(|on| {
            workspace
                .apply(vendor, Command::StartServices { on }, &why.get_untracked())
                .map(|()| format!("Services started on {on}: the vendor is now followed up until its re-assessment."))
        });
        set_result.set(Some(outcome));
    };

    view! {
        <section class="step" data-testid="start-step">
            <h2>"6 · Start of services"</h2>
            <p class="lead">"Only after the contract is signed, on or after its date."</p>
            <ul data-testid="service-periods">
                {move || periods.get().into_iter().map(|period| view! {
                    <li>{match period.stopped_on {
                        Some(stopped) => format!("Services ran from {} to {stopped}.", period.started_on),
                        None => format!("Services run since {}.", period.started_on),
                    }}</li>
                }).collect_view()}
            </ul>
            <Show when=move || periods.with(|periods| !periods.is_empty())>
                <CorrectStart vendor=vendor/>
            </Show>
            <div class="panel form-grid compact">
                <label class="field">
                    <span class="field-label">"Services start on"</span>
                    <input type="date" data-testid="start-date"
                        prop:value=move || on.get()
                        on:input=move |event| on.set(event_target_value(&event))/>
                </label>
                <WhyField why=why/>
                <div class="wide">
                    <button class="primary" data-testid="start-services" on:click=start>"Record the start of services"</button>
                </div>
            </div>
            <ActionResult result=result/>
        </section>
    }
}

/// Correcting the start date of the current period of service; the reason and both dates
/// go into the audit trail.
#[component]
fn CorrectStart(
    /// The vendor, in a period of service.
    vendor: RwSignal<Vendor>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let recorded = vendor.with_untracked(|v| {
        v.record()
            .service_periods()
            .last()
            .map(|period| period.started_on.to_string())
            .unwrap_or_default()
    });
    let on = RwSignal::new(recorded);
    let why = RwSignal::new(String::new());
    let (result, set_result) = signal(None::<Result<String, String>>);
    let correct = move |_| {
        let outcome = date_from(&on.get_untracked(), "the start of services").and_then(|on| {
            workspace
                .apply(
                    vendor,
                    Command::CorrectServiceStart { on },
                    &why.get_untracked(),
                )
                .map(|()| format!("Start of services corrected to {on}."))
        });
        set_result.set(Some(outcome));
    };
    view! {
        <details class="panel correction" data-testid="correct-start">
            <summary>"Correct the start date of the current period (typed wrong)"</summary>
            <div class="form-grid compact">
                <label class="field">
                    <span class="field-label">"Services started on"</span>
                    <input type="date" data-testid="corrected-start-date"
                        prop:value=move || on.get()
                        on:input=move |event| on.set(event_target_value(&event))/>
                </label>
                <WhyField why=why label="Why it is corrected (required)"/>
                <div class="wide">
                    <button data-testid="record-start-correction" on:click=correct>"Record the correction"</button>
                </div>
            </div>
            <ActionResult result=result/>
        </details>
    }
}
