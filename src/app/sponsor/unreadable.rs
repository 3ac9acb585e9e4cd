//! Stored values croqual could not read, and copies it could not keep: shown, untouched,
//! until the person downloads or discards them.

use leptos::prelude::*;

use super::workspace::Workspace;
use crate::app::widgets::DiscardButton;
use crate::app::{browser, download};

/// One notice per value kept aside.
#[component]
pub fn UnreadableValues() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    view! {
        <For
            each=move || workspace.unreadable.get()
            key=|entry| (entry.key.clone(), entry.raw.len(), entry.in_storage)
            children=move |entry| {
                let (key_download, key_discard) = (entry.key.clone(), entry.key.clone());
                let raw = entry.raw.clone();
                let heading = if entry.in_storage {
                    "A saved vendor could not be read. "
                } else {
                    "A copy of a vendor could not be kept. "
                };
                let tail = if entry.in_storage {
                    " It is kept as it was, untouched: download it to keep a copy, or discard it."
                } else {
                    " Download it to keep it; discarding forgets it."
                };
                view! {
                    <div class="notice warning" role="alert" data-testid="unreadable">
                        <p>
                            <strong>{heading}</strong>
                            {entry.reason.clone()}
                            {tail}
                        </p>
                        <div class="actions">
                            <button data-testid="download-unreadable" on:click=move |_| {
                                let name = croqual::filename::download_name(&key_download, browser::today(), "kept-aside", "json");
                                let _ = download::offer(&name, "application/json", raw.as_bytes());
                            }>"Download it"</button>
                            <DiscardButton on_discard=Callback::new(move |()| workspace.discard_unreadable(&key_discard))/>
                        </div>
                    </div>
                }
            }
        />
    }
}
