//! The sponsor's side: a qualification lead imports CRO submissions, checks who signed them,
//! recomputes their results, decides, and moves each vendor through the six qualification
//! steps to the start of services, then follows it up until the re-assessment.
//!
//! Every change to a vendor goes through the workflow library (`VendorRecord::apply`) with
//! the person's name, the time and their reason, and is saved at once.
//!
//! # Limitations
//!
//! - Only the current and the previous submission's signed files are kept in the browser
//!   (storage holds about 5 MB); older revisions stay in the record and its audit trail.
//! - During a bulk import the changed vendors are saved together after each group of files
//!   read at once (up to 250), not after every file: writing a growing record 1,000 times
//!   would take longer than the import itself. Closing the tab in the middle loses at most
//!   that group's verdicts, and the files are still on disk to import again (those already
//!   received are recognised).

mod audit;
mod decision;
mod evaluation;
mod follow_up;
mod identity;
mod import;
mod import_zone;
mod keys;
mod person;
mod pinning;
mod qualification;
mod register;
mod steps;
mod unreadable;
mod vendor;
pub mod workspace;

use leptos::prelude::*;

use crate::app::persist::Persistence;
use workspace::Workspace;

/// The sponsor workspace: the register with the import, or one vendor's qualification.
#[component]
pub fn SponsorWorkspace() -> impl IntoView {
    let persistence = expect_context::<Persistence>();
    let workspace = Workspace::load(persistence);
    provide_context(workspace);
    // Leaving the sponsor side during an import keeps what it received so far.
    on_cleanup(move || workspace.save_deferred());

    view! {
        <section class="workspace sponsor" data-testid="sponsor-workspace">
            <person::PersonBar/>
            <Show when=move || workspace.notice.get().is_some()>
                <p class="notice info" role="status" data-testid="workspace-notice">
                    {move || workspace.notice.get()}
                    " "
                    <button class="link" on:click=move |_| workspace.notice.set(None)>"Dismiss"</button>
                </p>
            </Show>
            <unreadable::UnreadableValues/>
            {move || match workspace.open.get().and_then(|id| workspace.find(&id)) {
                Some(vendor) => view! { <vendor::VendorView vendor=vendor/> }.into_any(),
                None => view! { <register::RegisterView/> }.into_any(),
            }}
        </section>
    }
}

/// An error or refusal as a sentence: a capital first letter and a final period. The
/// library's messages are lowercase without a period, to be placed in sentences.
pub fn sentence(text: impl std::fmt::Display) -> String {
    let text = text.to_string();
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return text;
    };
    let mut sentence: String = first.to_uppercase().chain(chars).collect();
    if !sentence.ends_with(['.', '!', '?']) {
        sentence.push('.');
    }
    sentence
}
