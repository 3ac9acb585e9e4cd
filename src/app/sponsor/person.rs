//! Who is working: the name recorded with every change, and the role and organisation a
//! signed decision names. Typed once, remembered in this browser.

use leptos::prelude::*;

use super::workspace::{Person, Workspace};
use crate::app::widgets::typed;

/// The person's name, role and organisation, at the top of the sponsor side.
#[component]
pub fn PersonBar() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let person = workspace.person;
    let missing = move || person.with(|p| p.name.trim().is_empty());
    let edit = move |change: fn(&mut Person, String), text: String| {
        let mut next = person.get_untracked();
        change(&mut next, typed(&text));
        workspace.set_person(next);
    };

    view! {
        <div class="person-bar" class:missing=missing data-testid="person-bar">
            <label class="field inline">
                <span class="field-label">"Your name"</span>
                <input type="text" data-testid="person-name" autocomplete="name"
                    prop:value=move || person.with(|p| p.name.clone())
                    on:input=move |event| edit(|p, text| p.name = text, event_target_value(&event))/>
            </label>
            <label class="field inline">
                <span class="field-label">"Your role"</span>
                <input type="text" data-testid="person-role" autocomplete="organization-title"
                    prop:value=move || person.with(|p| p.role.clone())
                    on:input=move |event| edit(|p, text| p.role = text, event_target_value(&event))/>
            </label>
            <label class="field inline">
                <span class="field-label">"Sponsor organisation"</span>
                <input type="text" data-testid="person-organisation" autocomplete="organization"
                    prop:value=move || person.with(|p| p.organisation.clone())
                    on:input=move |event| edit(|p, text| p.organisation = text, event_target_value(&event))/>
            </label>
            <p class="hint">
                {move || if missing() {
                    "Type your name first: every change is recorded in the audit trail with who made it."
                } else {
                    "Recorded with every change you make, and in the decisions you sign."
                }}
            </p>
        </div>
    }
}
