//! Step 2: the three criteria that set the inherent-risk tier, in plain words.

use croqual::assessment::{
    BusinessFunction, DataSensitivity, HdsActivity, SystemAccess, TieringInputs, decide_tier,
};
use croqual::provider::Section;
use leptos::prelude::*;

use super::editor::Editing;

/// The tiering criteria and the tier they give, with why.
#[component]
pub fn TieringStep() -> impl IntoView {
    let editing = expect_context::<Editing>();
    let record = editing.record;
    let described = move || record.with(|r| r.tiering.is_some());
    let inputs = move || record.with(|r| r.tiering_or_strictest());
    let set = move |change: Box<dyn FnOnce(&mut TieringInputs)>| {
        editing.edit(Some(Section::Tiering), |r| {
            let mut inputs = r.tiering_or_strictest();
            change(&mut inputs);
            r.tiering = Some(inputs);
        });
    };
    let decision = Memo::new(move |_| decide_tier(&record.with(|r| r.tiering_or_strictest())));

    let functions = [
        (
            BusinessFunction::None,
            "No relation",
            "The service does not touch clinical operations, R&D, safety or regulatory work.",
        ),
        (
            BusinessFunction::Supporting,
            "Supports a critical function",
            "Those functions can carry on for a while without it.",
        ),
        (
            BusinessFunction::Critical,
            "Performs or is indispensable to a critical function",
            "For example running trials, data management, pharmacovigilance.",
        ),
    ];
    let data = [
        (DataSensitivity::None, "No sponsor data", ""),
        (
            DataSensitivity::ConfidentialBusiness,
            "Confidential business data",
            "Protocols, product information, contracts.",
        ),
        (
            DataSensitivity::Personal,
            "Personal data",
            "Staff or investigator contact details.",
        ),
        (
            DataSensitivity::HealthOrTrialSubject,
            "Health or trial-subject data",
            "Pseudonymised (key-coded) trial data is still personal health data.",
        ),
    ];
    let access = [
        (SystemAccess::None, "No access to the sponsor's systems", ""),
        (
            SystemAccess::ReadOnly,
            "Read-only access",
            "Reads reports or exports from sponsor systems.",
        ),
        (
            SystemAccess::Interactive,
            "Interactive access",
            "Works in sponsor systems with user accounts.",
        ),
        (
            SystemAccess::PrivilegedOrNetworkConnected,
            "Privileged or network-connected",
            "Administers sponsor systems, or connects to the sponsor's network.",
        ),
    ];

    view! {
        <section class="step" data-testid="tiering-step">
            <h2>"Tiering"</h2>
            <p class="lead">"The sponsor tiers every provider by three criteria. The tier decides which questions you must answer, the scores you must reach, and when you are assessed again."</p>
            <Show when=move || !described()>
                <p class="notice info" data-testid="tiering-unset">"Not described yet: until you do, croqual assumes the most critical tier, so every question shows as required."</p>
            </Show>
            <fieldset class="choices" data-testid="tiering-function">
                <legend>"1. How close is the service to the sponsor's critical business functions?"</legend>
                {functions.into_iter().map(|(value, label, hint)| view! {
                    <label class="choice">
                        <input type="radio" name="tiering-function" value=format!("{value:?}")
                            prop:checked=move || described() && inputs().business_function == value
                            on:change=move |_| set(Box::new(move |inputs| inputs.business_function = value))/>
                        <span><strong>{label}</strong> " " <span class="hint">{hint}</span></span>
                    </label>
                }).collect_view()}
            </fieldset>
            <fieldset class="choices" data-testid="tiering-data">
                <legend>"2. What is the most sensitive data the service stores or manages?"</legend>
                {data.into_iter().map(|(value, label, hint)| view! {
                    <label class="choice">
                        <input type="radio" name="tiering-data" value=format!("{value:?}")
                            prop:checked=move || described() && inputs().data == value
                            on:change=move |_| set(Box::new(move |inputs| inputs.data = value))/>
                        <span><strong>{label}</strong> " " <span class="hint">{hint}</span></span>
                    </label>
                }).collect_view()}
            </fieldset>
            <fieldset class="choices" data-testid="tiering-access">
                <legend>"3. How much access does the service have to the sponsor's systems?"</legend>
                {access.into_iter().map(|(value, label, hint)| view! {
                    <label class="choice">
                        <input type="radio" name="tiering-access" value=format!("{value:?}")
                            prop:checked=move || described() && inputs().access == value
                            on:change=move |_| set(Box::new(move |inputs| inputs.access = value))/>
                        <span><strong>{label}</strong> " " <span class="hint">{hint}</span></span>
                    </label>
                }).collect_view()}
            </fieldset>
            <fieldset class="choices" data-testid="tiering-hds">
                <legend>"Health-data hosting in France"</legend>
                <label class="choice">
                    <input type="checkbox" data-testid="hosts-french-health-data"
                        prop:checked=move || inputs().hosts_french_health_data
                        on:change=move |event| {
                            let checked = event_target_checked(&event);
                            set(Box::new(move |inputs| inputs.hosts_french_health_data = checked));
                        }/>
                    <span>"The service hosts personal health data of people in France on the sponsor's behalf (French law requires an HDS certificate)."</span>
                </label>
                <Show when=move || inputs().hosts_french_health_data>
                    <p class="hint">"Which hosting activities does it involve? (None ticked means all six are required.)"</p>
                    {HdsActivity::ALL.into_iter().map(|activity| view! {
                        <label class="choice">
                            <input type="checkbox"
                                prop:checked=move || inputs().hds_activities.contains(&activity)
                                on:change=move |event| {
                                    let checked = event_target_checked(&event);
                                    set(Box::new(move |inputs| {
                                        if checked { inputs.hds_activities.insert(activity); } else { inputs.hds_activities.remove(&activity); }
                                    }));
                                }/>
                            <span>{format!("{}. {activity}", activity.number())}</span>
                        </label>
                    }).collect_view()}
                </Show>
            </fieldset>
            <div class="tier-result" data-testid="tier-result">
                <h3 data-testid="tier">{move || decision.with(|d| format!("Tier {} · {}", d.tier.number(), d.tier.label()))}</h3>
                <ul class="reasons">
                    {move || decision.with(|d| d.reasons.iter().map(|reason| view! { <li>{reason.to_string()}</li> }).collect_view())}
                </ul>
                <p>{move || decision.with(|d| {
                    let t = d.tier.thresholds();
                    format!(
                        "Accepted from {} %, accepted with corrective actions from {} %; re-assessed every {} months.",
                        t.accept, t.accept_with_corrective_actions, d.tier.reassessment_months()
                    )
                })}</p>
            </div>
        </section>
    }
}
