//! The service provider's side: a CRO's security officer completes the qualification
//! questionnaire over several days, then signs and exports the result for the sponsor.

mod certificates;
mod decisions;
mod editor;
mod export;
mod export_file;
mod identity;
mod list;
mod question_card;
mod questionnaire;
mod review;
mod tiering;
pub mod workspace;

use leptos::prelude::*;

use crate::app::persist::Persistence;
use workspace::Workspace;

/// The provider workspace: the list of assessments, or the one being edited.
#[component]
pub fn ProviderWorkspace() -> impl IntoView {
    let persistence = expect_context::<Persistence>();
    let workspace = Workspace::load(persistence);
    provide_context(workspace);

    view! {
        <section class="workspace" data-testid="provider-workspace">
            <Show when=move || workspace.notice.get().is_some()>
                <p class="notice info" role="status" data-testid="workspace-notice">
                    {move || workspace.notice.get()}
                    <button class="link" on:click=move |_| workspace.notice.set(None)>"Dismiss"</button>
                </p>
            </Show>
            {move || match workspace.open.get().and_then(|id| workspace.find(&id)) {
                Some(record) => view! { <editor::Editor record=record/> }.into_any(),
                None => view! { <list::AssessmentList/> }.into_any(),
            }}
        </section>
    }
}
