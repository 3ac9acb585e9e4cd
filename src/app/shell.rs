//! The frame around every screen: the header, the first "who are you" choice, and the About
//! panel.
//!
//! Each side of the app is its own bundle, so choosing the other side opens the page again
//! with `?side=` in its address; `public/boot.js` reads the same address (or the stored
//! choice) to load that side's bundle. Nothing is lost on the way: every change is saved as it
//! is made, and while some are not, the browser asks before the page is left.

use leptos::prelude::*;

use super::persist::{Health, Persistence};
use super::storage;

/// Which side of a qualification this browser is used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A service provider (the CRO) assessing its own organisation.
    Provider,
    /// A sponsor reviewing service providers.
    Sponsor,
}

impl Role {
    const KEY: &'static str = "role";

    fn as_str(self) -> &'static str {
        match self {
            Role::Provider => "provider",
            Role::Sponsor => "sponsor",
        }
    }

    fn parse(text: &str) -> Option<Role> {
        match text {
            "provider" => Some(Role::Provider),
            "sponsor" => Some(Role::Sponsor),
            _ => None,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Role::Provider => "Service provider",
            Role::Sponsor => "Sponsor",
        }
    }

    /// The side named by the page's address (`?side=sponsor`), if any.
    fn in_address() -> Option<Role> {
        let search = web_sys::window()?.location().search().ok()?;
        search
            .trim_start_matches('?')
            .split('&')
            .find_map(|pair| pair.strip_prefix("side="))
            .and_then(Role::parse)
    }

    /// Opens the page again with this side's bundle, in place of the current one: switching
    /// sides is not a page the Back button should return to.
    fn open(self) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let location = window.location();
        let opened = location.pathname().and_then(|path| {
            let hash = location.hash().unwrap_or_default();
            location.replace(&format!("{path}?side={}{hash}", self.as_str()))
        });
        if let Err(error) = opened {
            log::warn!("could not open the {} side: {error:?}", self.as_str());
        }
    }
}

/// Drops `?side=` from the address, so that reloading shows the choice again.
fn forget_side_in_address() {
    let Some(window) = web_sys::window() else {
        return;
    };
    if Role::in_address().is_none() {
        return;
    }
    if let (Ok(path), Ok(history)) = (window.location().pathname(), window.history()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
}

/// The whole app, for the side this bundle holds.
#[component]
pub fn App(
    /// The side this bundle holds.
    side: Role,
    /// That side's workspace.
    workspace: fn() -> AnyView,
) -> impl IntoView {
    let saved = storage::active()
        .read(&storage::key(Role::KEY))
        .ok()
        .flatten()
        .and_then(|text| Role::parse(&text));
    // The address wins over the stored choice, as in boot.js; a choice this bundle cannot show
    // opens the other one, unless the address already asked for it (then boot.js disagreed,
    // and the person chooses again).
    let address = Role::in_address();
    let initial = match address.or(saved) {
        Some(role) if role != side && address == Some(role) => None,
        Some(role) if role != side => {
            role.open();
            Some(role)
        }
        initial => initial,
    };
    let (role, set_role) = signal(initial);
    let persistence = Persistence::start();
    provide_context(persistence);
    let (about_open, set_about_open) = signal(false);
    let (save_problem, set_save_problem) = signal(None::<String>);

    let choose = move |choice: Option<Role>| {
        if choice.is_none() {
            forget_side_in_address();
        }
        set_role.set(choice);
        let store = storage::active();
        let result = match choice {
            Some(choice) => store.write(&storage::key(Role::KEY), choice.as_str()),
            None => store.remove(&storage::key(Role::KEY)),
        };
        match result {
            Ok(()) => set_save_problem.set(None),
            Err(error) => {
                log::warn!("role not saved: {error}");
                set_save_problem.set(Some(format!(
                    "Not saved in this browser ({error}): your choice lasts until you close this tab."
                )));
            }
        }
        if let Some(other) = choice.filter(|choice| *choice != side) {
            other.open();
        }
    };

    view! {
        <header class="app-header">
            <span class="brand">"croqual"</span>
            <span class="tagline">"CRO cybersecurity qualification"</span>
            <nav class="header-actions">
                <Show when=move || role.get().is_some()>
                    <span class="role-badge" data-testid="role-badge">
                        {move || role.get().map(Role::label)}
                    </span>
                    <button class="link" data-testid="change-role" on:click=move |_| choose(None)>
                        "Change role"
                    </button>
                </Show>
                <button
                    class="link"
                    data-testid="about-toggle"
                    aria-expanded=move || about_open.get().to_string()
                    on:click=move |_| set_about_open.update(|open| *open = !*open)
                >
                    "About"
                </button>
            </nav>
        </header>
        <Show when=move || about_open.get()>
            <About on_close=move || set_about_open.set(false)/>
        </Show>
        <Show when=move || save_problem.get().is_some()>
            <p class="notice warning" role="status" data-testid="save-problem">
                {move || save_problem.get()}
            </p>
        </Show>
        <SaveNotice/>
        <main id="main" data-testid="main">
            {move || match role.get() {
                None => view! { <RoleChoice on_choose=move |choice| choose(Some(choice))/> }.into_any(),
                Some(chosen) if chosen == side => workspace(),
                Some(other) => view! {
                    <p class="notice info" role="status" data-testid="opening-side">
                        {format!("Opening the {} side…", other.label())}
                    </p>
                }.into_any(),
            }}
        </main>
    }
}

/// The lasting notice shown while changes live only in memory.
#[component]
fn SaveNotice() -> impl IntoView {
    let persistence = expect_context::<Persistence>();
    // Closing or reloading the tab while changes live only in it loses them: the browser
    // asks first.
    let handle = window_event_listener(leptos::ev::beforeunload, move |event| {
        if matches!(
            persistence.health.try_get_untracked(),
            Some(Health::NotSaved { .. })
        ) {
            event.prevent_default();
            event.set_return_value("Changes are kept in this tab only: download a backup first.");
        }
    });
    on_cleanup(move || handle.remove());
    view! {
        {move || match persistence.health.get() {
            Health::Saved => ().into_any(),
            Health::NotSaved { error, pending } => view! {
                <p class="notice error lasting" role="alert" data-testid="not-saved">
                    <strong>"Not saved in this browser — download a backup. "</strong>
                    {if pending == 0 {
                        format!("Why: {error}. Your work is kept in this tab only, until you close it. You can go on working, back up and export.")
                    } else {
                        format!("Why: {error}. {pending} change(s) are kept in this tab only, and are saved as soon as the browser accepts them. You can go on working, back up and export.")
                    }}
                </p>
            }.into_any(),
        }}
    }
}

/// The first screen: who is using this browser.
#[component]
fn RoleChoice(
    /// Called with the role the person picked.
    on_choose: impl Fn(Role) + Copy + 'static,
) -> impl IntoView {
    view! {
        <section class="role-choice" data-testid="role-choice">
            <h1>"Who are you?"</h1>
            <p>"croqual keeps everything in this browser. Nothing leaves it unless you export it."</p>
            <div class="role-options">
                <button
                    class="role-option"
                    data-testid="choose-provider"
                    on:click=move |_| on_choose(Role::Provider)
                >
                    <strong>"I assess my organisation"</strong>
                    <span>"Service provider: answer the questionnaire and send a signed result"</span>
                </button>
                <button
                    class="role-option"
                    data-testid="choose-sponsor"
                    on:click=move |_| on_choose(Role::Sponsor)
                >
                    <strong>"I review service providers"</strong>
                    <span>"Sponsor: import signed results, decide and follow qualification"</span>
                </button>
            </div>
        </section>
    }
}

/// Version and limitations.
#[component]
fn About(
    /// Called when the person closes the panel.
    on_close: impl Fn() + Copy + 'static,
) -> impl IntoView {
    view! {
        <aside class="about" data-testid="about" aria-label="About croqual">
            <h2>"About croqual " <span data-testid="version">{croqual::VERSION}</span></h2>
            <p>
                "croqual qualifies the cybersecurity of contract research organisations: a "
                "provider answers a questionnaire and exports a signed result; a sponsor verifies "
                "it, decides and follows the vendor to the start of services."
            </p>
            <h3>"Limitations"</h3>
            <ul>
                <li>"Data lives in this browser's storage only: clearing site data deletes it. Download a backup."</li>
                <li>"No server: nothing is shared between browsers or people except the files you export."</li>
                <li>"A signature proves who signed a file, not that the answers are true: evidence and audits still matter."</li>
            </ul>
            <button data-testid="about-close" on:click=move |_| on_close()>"Close"</button>
        </aside>
    }
}
