//! Step 1, and a new vendor entered by hand: the CRO's identity, its contact and the service.

use croqual::organisation::{Organisation, Service};
use leptos::prelude::*;

use crate::app::widgets::TextField;

/// The identity fields of a vendor, checked live, with one button that hands them over.
#[component]
pub fn IdentityForm(
    /// The identity shown first.
    organisation: Organisation,
    /// The service shown first.
    service: Service,
    /// What the button says.
    submit: &'static str,
    /// The test id of the form.
    testid: &'static str,
    /// Receives the identity when the person submits it; returns what to show if refused.
    on_submit: impl Fn(Organisation, Service) -> Result<(), String> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let organisation = RwSignal::new(organisation);
    let service = RwSignal::new(service);
    let (problem, set_problem) = signal(None::<String>);
    let problems = Memo::new(move |_| {
        let mut problems = organisation.with(Organisation::problems);
        problems.extend(service.with(Service::problems));
        problems.iter().map(ToString::to_string).collect::<Vec<_>>()
    });

    macro_rules! field {
        ($signal:ident, $label:expr, $testid:expr, $kind:expr, $hint:expr, |$v:ident| $place:expr) => {
            view! {
                <TextField
                    label=$label
                    testid=$testid
                    kind=$kind
                    hint=$hint
                    value=Signal::derive(move || $signal.with(|$v| $place.clone()))
                    on_input=move |text| $signal.update(|$v| $place = text)
                />
            }
        };
    }

    let submit_form = move |event: leptos::ev::SubmitEvent| {
        // Handled here: nothing is ever sent anywhere.
        event.prevent_default();
        let result = on_submit(organisation.get_untracked(), service.get_untracked());
        set_problem.set(result.err());
    };

    view! {
        <form class="identity-form" data-testid=testid on:submit=submit_form>
            <div class="form-grid">
                <fieldset>
                    <legend>"The CRO"</legend>
                    {field!(organisation, "Legal name", "vendor-legal-name", "text", "", |o| o.legal_name)}
                    {field!(organisation, "Registration id", "vendor-registration-id", "text", "Company register number, SIREN, DUNS…", |o| o.registration_id)}
                    {field!(organisation, "Country", "vendor-country", "text", "Two letters, such as DE or FR.", |o| o.country)}
                </fieldset>
                <fieldset>
                    <legend>"Their contact for this qualification"</legend>
                    {field!(organisation, "Name", "vendor-contact-name", "text", "", |o| o.contact.name)}
                    {field!(organisation, "Role", "vendor-contact-role", "text", "", |o| o.contact.role)}
                    {field!(organisation, "E-mail", "vendor-contact-email", "email", "", |o| o.contact.email)}
                    {field!(organisation, "Telephone", "vendor-contact-phone", "tel", "", |o| o.contact.phone)}
                </fieldset>
                <fieldset>
                    <legend>"The service to qualify"</legend>
                    {field!(service, "Service", "vendor-service-name", "text", "", |s| s.name)}
                    {field!(service, "What it does with your data and systems", "vendor-service-description", "textarea", "", |s| s.description)}
                </fieldset>
            </div>
            <Show
                when=move || !problems.with(Vec::is_empty)
                fallback=|| view! { <p class="hint" data-testid="identity-complete">"The identity is complete."</p> }
            >
                <div class="hint" data-testid="identity-missing">
                    "Still missing for the identification to be complete: "
                    {move || problems.get().join("; ")}
                </div>
            </Show>
            <div class="actions">
                <button type="submit" class="primary" data-testid=format!("{testid}-submit")>{submit}</button>
            </div>
            <Show when=move || problem.get().is_some()>
                <p class="inline-error" role="alert" data-testid="refusal">{move || problem.get()}</p>
            </Show>
        </form>
    }
}
