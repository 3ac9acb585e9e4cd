//! What the user sees when the app dies: a panic stops the whole wasm instance, so the page
//! would otherwise freeze silently.

use wasm_bindgen::JsCast;

/// Stops the app on purpose, as a crash would, so that a person (or a test) can check the
/// crash notice in a real browser: `import("./croqual-app.js").then(m => m.croqualCrashDrill())`.
#[wasm_bindgen::prelude::wasm_bindgen(js_name = croqualCrashDrill)]
pub fn crash_drill() {
    panic!("crash drill: the app was stopped on purpose to show the crash notice");
}

/// Replaces the page with a plain notice when Rust panics, after logging the panic.
pub fn install_panic_notice() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_notice();
    }));
}

fn show_notice() {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    // DOM calls only: the page may be half-rendered, and nothing here may panic again.
    body.set_text_content(None);
    let Ok(section) = document.create_element("section") else {
        return;
    };
    section.set_id("crash");
    section.set_attribute("role", "alert").ok();
    for (tag, text) in [
        ("h1", "croqual stopped after an internal error"),
        (
            "p",
            "Your saved work is safe: croqual saves each change in this browser as you make it.",
        ),
        (
            "p",
            "Reload the page (F5, or Ctrl+R / Cmd+R) to continue where you left off.",
        ),
    ] {
        if let Ok(element) = document.create_element(tag) {
            element.set_text_content(Some(text));
            section.append_child(&element).ok();
        }
    }
    if let Ok(button) = document.create_element("button") {
        button.set_text_content(Some("Reload"));
        button.set_id("crash-reload");
        let reload = wasm_bindgen::closure::Closure::<dyn Fn()>::new(|| {
            if let Some(window) = web_sys::window() {
                window.location().reload().ok();
            }
        });
        if let Some(button) = button.dyn_ref::<web_sys::HtmlElement>() {
            button.set_onclick(Some(reload.as_ref().unchecked_ref()));
        }
        // The page is gone for good; the handler must live as long as it does.
        reload.forget();
        section.append_child(&button).ok();
    }
    body.append_child(&section).ok();
}
