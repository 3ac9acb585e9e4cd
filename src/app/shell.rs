//! The frame around every screen: the header, the first "who are you" choice, and the About
//! panel.
//!
//! Each side of the app is its own bundle, so choosing the other side opens the page again
//! with `?side=` in its address; `public/boot.js` reads the same address (or the stored
//! choice) to load that side's bundle. The shown side stays in the address, so a reload keeps
//! it. Nothing is lost on the way: every change is saved as it is made, and while some are
//! held in the tab only (storage full or blocked), the browser asks before the page is left.

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

    /// The side named by the page's address (`?side=sponsor`), read as `boot.js` reads it.
    fn in_address() -> Option<Role> {
        let search = web_sys::window()?.location().search().ok()?;
        let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
        Role::parse(&params.get("side")?)
    }

    /// Opens the page again with this side's bundle, in place of the current one: switching
    /// sides is not a page the Back button should return to.
    fn open(self) {
        let opened = address_with(Some(self)).and_then(|address| {
            let location = web_sys::window()?.location();
            Some(location.replace(&address))
        });
        if !matches!(opened, Some(Ok(()))) {
            log::warn!("could not open the {} side", self.as_str());
        }
    }
}

/// The page's address with `?side=` set to `side`, or without it; the rest is kept.
fn address_with(side: Option<Role>) -> Option<String> {
    let location = web_sys::window()?.location();
    let params = web_sys::UrlSearchParams::new_with_str(&location.search().ok()?).ok()?;
    match side {
        Some(side) => params.set("side", side.as_str()),
        None => params.delete("side"),
    }
    let query = String::from(params.to_string());
    let path = location.pathname().ok()?;
    let hash = location.hash().unwrap_or_default();
    Some(if query.is_empty() {
        format!("{path}{hash}")
    } else {
        format!("{path}?{query}{hash}")
    })
}

/// Writes the shown side into the address (or drops it) without reloading, so that reloading
/// this tab shows the same screen whatever another tab chose since.
fn mark_address(side: Option<Role>) {
    if Role::in_address() == side {
        return;
    }
    let Some(address) = address_with(side) else {
        return;
    };
    if let Some(Ok(history)) = web_sys::window().map(|window| window.history()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&address));
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
    if initial == Some(side) {
        mark_address(initial);
    }
    let (role, set_role) = signal(initial);
    let persistence = Persistence::start();
    provide_context(persistence);
    let (about_open, set_about_open) = signal(false);
    let (save_problem, set_save_problem) = signal(None::<String>);

    let choose = move |choice: Option<Role>| {
        if choice.is_none() || choice == Some(side) {
            mark_address(choice);
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
                // Shown until the other bundle loads, and for good if the person stays when
                // the browser asks whether to leave: then both ways on are offered.
                Some(other) => view! {
                    <p class="notice info" role="status" data-testid="opening-side">
                        {format!("Opening the {} side… ", other.label())}
                        <button class="link" data-testid="open-side" on:click=move |_| other.open()>
                            "Open it now"
                        </button>
                        " or "
                        <button class="link" data-testid="back-to-choice" on:click=move |_| choose(None)>
                            "go back to the choice"
                        </button>
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
        // Blocked storage with nothing typed yet has nothing to lose.
        if matches!(
            persistence.health.try_get_untracked(),
            Some(Health::NotSaved { pending, .. }) if pending > 0
        ) {
            event.prevent_default();
            event.set_return_value("Changes are kept in this tab only: download a backup first.");
        }
    });
    on_cleanup(move || handle.remove());
    // The notice stays at the top of the view; what else stays there (the questionnaire's
    // domain list) keeps below it through `--lasting-height`.
    let notice = NodeRef::<leptos::html::P>::new();
    let measure = move || {
        let height = notice
            .get_untracked()
            .map_or(0, |notice| notice.offset_height());
        if let Some(root) = document().document_element() {
            let root: &web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_ref(&root);
            let _ = root
                .style()
                .set_property("--lasting-height", &format!("{height}px"));
        }
    };
    Effect::new(move |_| {
        persistence.health.track();
        notice.track();
        measure();
    });
    let resized = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resized.remove());
    view! {
        {move || match persistence.health.get() {
            Health::Saved => ().into_any(),
            Health::NotSaved { error, pending } => view! {
                <p class="notice error lasting" role="alert" data-testid="not-saved" node_ref=notice>
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
