//! The croqual browser app: installs the panic notice and the logger, then mounts the app.

#[cfg(target_arch = "wasm32")]
mod app;

#[cfg(target_arch = "wasm32")]
fn main() {
    // The same module also runs in the verifying worker, which has no page to mount on.
    if web_sys::window().is_none() {
        return;
    }
    app::crash::install_panic_notice();
    // Errors only reach the console if the logger cannot start; nothing else to do then.
    let _ = console_log::init_with_level(log::Level::Info);
    leptos::mount::mount_to_body(app::App);
    // The first screen is interactive from here; benchmarks read this mark.
    if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
        let _ = performance.mark("croqual-interactive");
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "croqual-app is the browser app: `make serve` builds it and serves it at \
         http://127.0.0.1:8080/. The native tool is `croqual`."
    );
    std::process::exit(2);
}
