//! Step 1: who the provider is and what service it offers this sponsor.

use croqual::provider::Section;
use leptos::prelude::*;

use super::editor::Editing;
use crate::app::widgets::TextField;

/// The organisation, its contact and the service.
#[component]
pub fn IdentityStep() -> impl IntoView {
    let editing = expect_context::<Editing>();
    let record = editing.record;
    let problems = Memo::new(move |_| {
        record.with(|r| {
            let mut problems = r.organisation.problems();
            problems.extend(r.service.problems());
            problems.iter().map(ToString::to_string).collect::<Vec<_>>()
        })
    });

    macro_rules! field {
        ($label:expr, $testid:expr, $section:expr, $kind:expr, $hint:expr, |$r:ident| $place:expr) => {
            view! {
                <TextField
                    label=$label
                    testid=$testid
                    kind=$kind
                    hint=$hint
                    value=Signal::derive(move || record.with(|$r| $place.clone()))
                    on_input=move |text| editing.edit(Some($section), |$r| $place = text)
                />
            }
        };
    }

    view! {
        <section class="step" data-testid="identity-step">
            <h2>"Organisation and service"</h2>
            <div class="form-grid">
                <fieldset>
                    <legend>"This assessment"</legend>
                    {field!("Name of this assessment", "label", Section::Label, "text", "As it appears in your list.", |r| r.label)}
                    {field!("Sponsor it is for", "sponsor", Section::Label, "text", "", |r| r.sponsor)}
                </fieldset>
                <fieldset>
                    <legend>"Your organisation"</legend>
                    {field!("Legal name", "legal-name", Section::Organisation, "text", "", |r| r.organisation.legal_name)}
                    {field!("Registration id", "registration-id", Section::Organisation, "text", "Company register number, SIREN, DUNS…", |r| r.organisation.registration_id)}
                    {field!("Country", "country", Section::Organisation, "text", "Two letters, such as DE or FR.", |r| r.organisation.country)}
                </fieldset>
                <fieldset>
                    <legend>"Contact for this qualification"</legend>
                    {field!("Name", "contact-name", Section::Organisation, "text", "", |r| r.organisation.contact.name)}
                    {field!("Role", "contact-role", Section::Organisation, "text", "", |r| r.organisation.contact.role)}
                    {field!("E-mail", "contact-email", Section::Organisation, "email", "", |r| r.organisation.contact.email)}
                    {field!("Telephone", "contact-phone", Section::Organisation, "tel", "", |r| r.organisation.contact.phone)}
                </fieldset>
                <fieldset>
                    <legend>"The service offered to this sponsor"</legend>
                    {field!("Service", "service-name", Section::Service, "text", "", |r| r.service.name)}
                    {field!("What it does with the sponsor's data and systems", "service-description", Section::Service, "textarea", "", |r| r.service.description)}
                </fieldset>
            </div>
            <Show
                when=move || !problems.with(Vec::is_empty)
                fallback=|| view! { <p class="notice info" data-testid="identity-complete">"Identity complete."</p> }
            >
                <div class="notice warning" data-testid="identity-problems">
                    <p>"Before you export, complete:"</p>
                    <ul>{move || problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                </div>
            </Show>
        </section>
    }
}
