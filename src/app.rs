//! The browser app: Leptos components by feature, the storage behind them, and the crash
//! notice. It calls the domain library and renders what comes back.
//!
//! Both bundles compile this whole module and start one side each; link-time optimisation
//! leaves the other side's components out of the bundle.

mod browser;
pub mod crash;
mod download;
mod files;
mod persist;
mod place;
mod provider;
mod shell;
mod signing_key;
mod sponsor;
pub mod storage;
mod verifier;
mod when;
mod widgets;

use leptos::prelude::*;

use shell::{App, Role};

/// Mounts the service provider's side.
#[allow(dead_code, reason = "only the provider's bundle starts this side")]
pub fn start_provider() {
    start(Role::Provider, || {
        view! { <provider::ProviderWorkspace/> }.into_any()
    });
}

/// Mounts the sponsor's side.
#[allow(dead_code, reason = "only the sponsor's bundle starts this side")]
pub fn start_sponsor() {
    start(Role::Sponsor, || {
        view! { <sponsor::SponsorWorkspace/> }.into_any()
    });
}

fn start(side: Role, workspace: fn() -> AnyView) {
    crash::install_panic_notice();
    // Errors only reach the console if the logger cannot start; nothing else to do then.
    let _ = console_log::init_with_level(log::Level::Info);
    leptos::mount::mount_to_body(move || view! { <App side workspace/> });
    // The first screen is interactive from here; benchmarks read this mark.
    if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
        let _ = performance.mark("croqual-interactive");
    }
}
