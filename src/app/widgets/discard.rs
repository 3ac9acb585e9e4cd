//! A button that throws away something kept, after asking once.

use leptos::prelude::*;

/// "Discard it", then "Discard for good?" with a second button that does it: what is
/// discarded cannot come back.
#[component]
pub fn DiscardButton(
    /// Throws the thing away.
    on_discard: Callback<()>,
) -> impl IntoView {
    let (asking, set_asking) = signal(false);
    view! {
        <Show
            when=move || asking.get()
            fallback=move || view! {
                <button class="danger" data-testid="discard-unreadable" on:click=move |_| set_asking.set(true)>"Discard it"</button>
            }
        >
            <span class="confirm" role="alert">
                "Discard for good? "
                <button class="danger" data-testid="confirm-discard" on:click=move |_| {
                    set_asking.set(false);
                    on_discard.run(());
                }>"Discard"</button>
                <button data-testid="keep-unreadable" on:click=move |_| set_asking.set(false)>"Keep"</button>
            </span>
        </Show>
    }
}
