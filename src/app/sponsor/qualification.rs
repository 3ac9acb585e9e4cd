//! Step 2: qualifying the service, data privacy included: personal and health data, the
//! data-processing agreement, the data flows, where the data is hosted, and the conclusion.

use croqual::assessment::{DataSensitivity, TieringInputs};
use croqual::sponsor::VendorFile;
use croqual::workflow::{AgreementStatus, Command, ServiceConclusion, ServiceQualification};
use leptos::prelude::*;

use super::steps::{ActionResult, WhyField};
use super::workspace::{Draft, Vendor, Workspace};
use crate::app::widgets::typed;

/// The service qualification form.
#[component]
pub fn QualificationStep(
    /// The vendor.
    vendor: RwSignal<Vendor>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let recorded = vendor.with_untracked(|v| v.record().service_qualification().cloned());
    // Before anything is recorded, the data the CRO itself declared in a submission already
    // held here is a starting point; the hint says where it came from.
    let declared = recorded
        .is_none()
        .then(|| vendor.with_untracked(|v| declared_data(&v.file)))
        .flatten();
    let fresh = recorded.unwrap_or_else(|| {
        let mut form = ServiceQualification::default();
        if let Some(data) = declared {
            form.processes_health_data = data == DataSensitivity::HealthOrTrialSubject;
            form.processes_personal_data = matches!(
                data,
                DataSensitivity::Personal | DataSensitivity::HealthOrTrialSubject
            );
        }
        form
    });
    // Hosting locations are typed one per line; kept as typed until submitted.
    let fresh = QualificationDraft {
        locations: fresh.hosting_locations.join("\n"),
        form: fresh,
    };
    // What was typed and not concluded yet is kept in the browser, and comes back after a
    // reload.
    let id = vendor.with_untracked(|v| v.record().id().clone());
    let kept = workspace
        .draft(Draft::Qualification, &id)
        .and_then(|raw| serde_json::from_str::<QualificationDraft>(&raw).ok());
    let restored = kept.is_some();
    let start = kept.unwrap_or_else(|| fresh.clone());
    let form = RwSignal::new(start.form);
    let locations = RwSignal::new(start.locations);
    {
        let id = id.clone();
        Effect::new(move |_| {
            let draft = QualificationDraft {
                form: form.get(),
                locations: locations.get(),
            };
            if draft == fresh && !restored {
                return;
            }
            workspace.keep_draft(
                Draft::Qualification,
                &id,
                serde_json::to_string(&draft).ok(),
            );
        });
    }
    let why = RwSignal::new(String::new());
    let (result, set_result) = signal(None::<Result<String, String>>);
    let concluded =
        Memo::new(move |_| vendor.with(|v| v.record().service_qualification().cloned()));

    let conclude = move |_| {
        let mut qualification = form.get_untracked();
        qualification.hosting_locations = locations
            .get_untracked()
            .lines()
            .map(str::to_owned)
            .collect();
        let outcome = workspace
            .apply(
                vendor,
                Command::ConcludeServiceQualification(qualification),
                &why.get_untracked(),
            )
            .map(|()| {
                workspace.keep_draft(Draft::Qualification, &id, None);
                "Service qualification concluded: the cybersecurity assessment comes next."
                    .to_owned()
            });
        set_result.set(Some(outcome));
    };

    let agreement = [
        (AgreementStatus::NotStarted, "not-started", "Not started"),
        (
            AgreementStatus::InNegotiation,
            "in-negotiation",
            "Drafted or under negotiation",
        ),
        (AgreementStatus::Signed, "signed", "Signed by both parties"),
    ];
    let conclusions = [
        (ServiceConclusion::Pending, "pending", "Not concluded yet"),
        (
            ServiceConclusion::Qualified,
            "qualified",
            "The service qualifies: go on to the cybersecurity assessment",
        ),
        (
            ServiceConclusion::NotQualified,
            "not-qualified",
            "The service does not qualify",
        ),
    ];

    view! {
        <section class="step" data-testid="qualification-step">
            <h2>"2 · Service qualification"</h2>
            <p class="lead">"What the service does with your data, under which agreement and where, before its security is assessed."</p>
            {move || concluded.get().map(|q| view! {
                <p class="notice info" data-testid="qualification-concluded">{format!(
                    "Concluded: {}; personal data {}, health data {}, data-processing agreement {}, data flows {}, hosted in {}.",
                    match q.conclusion {
                        ServiceConclusion::Qualified => "the service qualifies",
                        ServiceConclusion::NotQualified => "the service does not qualify",
                        ServiceConclusion::Pending => "pending",
                    },
                    if q.processes_personal_data { "processed" } else { "not processed" },
                    if q.processes_health_data { "processed" } else { "not processed" },
                    q.data_processing_agreement,
                    if q.data_flows_described { "described" } else { "not described" },
                    if q.hosting_locations.is_empty() { "no location given".to_owned() } else { q.hosting_locations.join(", ") },
                )}</p>
            })}
            {restored.then(|| view! {
                <p class="notice info" role="status" data-testid="qualification-restored">"What you had filled in and not concluded yet was restored."</p>
            })}
            {declared.map(|data| view! {
                <p class="hint" data-testid="qualification-prefilled">{format!(
                    "Prefilled from the submission held for step 3, where the CRO declares {}. Check it against the contract and the data flows: it is the CRO's view, not a finding.",
                    declared_label(data)
                )}</p>
            })}
            <div class="form-grid">
                <fieldset>
                    <legend>"Data processed"</legend>
                    <label class="choice">
                        <input type="checkbox" data-testid="personal-data"
                            prop:checked=move || form.with(|f| f.processes_personal_data)
                            on:change=move |event| form.update(|f| f.processes_personal_data = event_target_checked(&event))/>
                        <span>"The service processes personal data on your behalf"</span>
                    </label>
                    <label class="choice">
                        <input type="checkbox" data-testid="health-data"
                            prop:checked=move || form.with(|f| f.processes_health_data)
                            on:change=move |event| form.update(|f| f.processes_health_data = event_target_checked(&event))/>
                        <span>"Including health or clinical-trial-subject data (pseudonymised or not)"</span>
                    </label>
                    <label class="choice">
                        <input type="checkbox" data-testid="data-flows"
                            prop:checked=move || form.with(|f| f.data_flows_described)
                            on:change=move |event| form.update(|f| f.data_flows_described = event_target_checked(&event))/>
                        <span>"The data flows are described (what goes where, to which sub-processors)"</span>
                    </label>
                </fieldset>
                <fieldset>
                    <legend>"Data-processing agreement (GDPR Art. 28)"</legend>
                    {agreement.into_iter().map(|(status, value, label)| view! {
                        <label class="choice">
                            <input type="radio" name="dpa" value=value data-testid=format!("dpa-{value}")
                                prop:checked=move || form.with(|f| f.data_processing_agreement == status)
                                on:change=move |_| form.update(|f| f.data_processing_agreement = status)/>
                            <span>{label}</span>
                        </label>
                    }).collect_view()}
                </fieldset>
                <fieldset>
                    <legend>"Hosting"</legend>
                    <label class="field">
                        <span class="field-label">"Where the data is hosted, one place a line"</span>
                        <textarea data-testid="hosting-locations" rows="3" placeholder="DE (Frankfurt)"
                            prop:value=move || locations.get()
                            on:input=move |event| locations.set(typed(&event_target_value(&event)))></textarea>
                    </label>
                    <label class="field">
                        <span class="field-label">"Notes"</span>
                        <textarea data-testid="qualification-notes" rows="2"
                            prop:value=move || form.with(|f| f.notes.clone())
                            on:input=move |event| form.update(|f| f.notes = typed(&event_target_value(&event)))></textarea>
                    </label>
                </fieldset>
                <fieldset>
                    <legend>"Conclusion"</legend>
                    {conclusions.into_iter().map(|(conclusion, value, label)| view! {
                        <label class="choice">
                            <input type="radio" name="conclusion" value=value data-testid=format!("conclusion-{value}")
                                prop:checked=move || form.with(|f| f.conclusion == conclusion)
                                on:change=move |_| form.update(|f| f.conclusion = conclusion)/>
                            <span>{label}</span>
                        </label>
                    }).collect_view()}
                </fieldset>
            </div>
            <div class="panel">
                <WhyField why=why/>
                <button class="primary" data-testid="conclude-qualification" on:click=conclude>
                    "Conclude the service qualification"
                </button>
                <ActionResult result=result/>
            </div>
        </section>
    }
}

/// The most sensitive data the CRO declares in the submission held for step 3, if one is.
fn declared_data(file: &VendorFile) -> Option<DataSensitivity> {
    let tiering = file.held()?.signed().pointer("/payload/tiering")?.clone();
    serde_json::from_value::<TieringInputs>(tiering)
        .ok()
        .map(|inputs| inputs.data)
}

fn declared_label(data: DataSensitivity) -> &'static str {
    match data {
        DataSensitivity::None => "no sponsor data",
        DataSensitivity::ConfidentialBusiness => "confidential business data only",
        DataSensitivity::Personal => "personal data",
        DataSensitivity::HealthOrTrialSubject => "health or trial-subject data",
    }
}

/// The service qualification as it is being filled in.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct QualificationDraft {
    form: ServiceQualification,
    locations: String,
}
