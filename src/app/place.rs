//! Where a person is in the app, kept in the address's fragment (`#assessment=…&step=…`), so
//! that the browser's Back and Forward move between the list and what was opened from it
//! instead of leaving the app. Only the fragment changes: no request is made and the page is
//! not reloaded.
//!
//! A fresh load always starts at the list whatever the fragment says (what it names may have
//! been deleted since), and drops a fragment of ours so that the address says so; someone
//! else's fragment (a link to `#top`, say) is left alone. An entry that names what no longer
//! exists (a deleted assessment, a hand-typed fragment) is corrected in place, so that Back
//! moves on past it instead of landing on it again and again.

use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// The keys croqual writes into a fragment, on either side.
const KEYS: [&str; 3] = ["assessment", "step", "vendor"];

/// What is shown, as the pairs of its fragment: none for the list.
type Current = Rc<dyn Fn() -> Vec<(&'static str, String)>>;

/// Keeps the address in step with `current`, the pairs of what is shown, and calls `go` with
/// the fragment's pairs when Back or Forward lands on another entry.
///
/// Each change of `current` adds one entry to the tab's history; the first run, at load,
/// only replaces the address, and only when its fragment is one of ours.
pub fn follow(
    current: impl Fn() -> Vec<(&'static str, String)> + 'static,
    go: impl Fn(&Pairs) + 'static,
) {
    let current: Current = Rc::new(current);
    let shown = Rc::clone(&current);
    Effect::new(move |ran_before: Option<()>| {
        let wanted = fragment(&shown());
        let hash = hash();
        let first = ran_before.is_none();
        if hash == wanted || (first && !Pairs::parse(&hash).is_ours()) {
            return;
        }
        write(&wanted, !first);
    });
    let handle = window_event_listener(leptos::ev::popstate, move |_| {
        let hash = hash();
        go(&Pairs::parse(&hash));
        // What `go` could not show is not what this entry says: it says what is shown now.
        let wanted = fragment(&untrack(|| current()));
        if wanted != hash {
            write(&wanted, false);
        }
    });
    // It goes with the side that called: after "Change role" the signals `go` sets are gone.
    on_cleanup(move || handle.remove());
}

/// The address's fragment, with its "#", or "".
fn hash() -> String {
    web_sys::window()
        .and_then(|window| window.location().hash().ok())
        .unwrap_or_default()
}

/// Puts `fragment` in the address, as a new entry of the tab's history or in place of the
/// current one.
fn write(fragment: &str, new_entry: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let address = match fragment.is_empty() {
        // An empty fragment would leave a bare "#" in the address.
        true => format!(
            "{}{}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default()
        ),
        false => fragment.to_owned(),
    };
    let written = window.history().and_then(|history| match new_entry {
        true => history.push_state_with_url(&JsValue::NULL, "", Some(&address)),
        false => history.replace_state_with_url(&JsValue::NULL, "", Some(&address)),
    });
    if written.is_err() {
        log::warn!("the address could not follow the page");
    }
}

/// Sets `signal` to `value` only when it differs: setting a signal notifies even when the
/// value is the same, and Back between two steps of one assessment must not rebuild it.
pub fn set_if_changed<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    if signal.with_untracked(|current| *current != value) {
        signal.set(value);
    }
}

/// The `key=value` pairs of a fragment.
pub struct Pairs(Option<web_sys::UrlSearchParams>);

impl Pairs {
    fn parse(hash: &str) -> Pairs {
        Pairs(web_sys::UrlSearchParams::new_with_str(hash.trim_start_matches('#')).ok())
    }

    /// Whether croqual wrote it, on either side.
    fn is_ours(&self) -> bool {
        KEYS.iter().any(|key| self.get(key).is_some())
    }

    /// The value of `key`, if the fragment has one.
    pub fn get(&self, key: &str) -> Option<String> {
        self.0.as_ref()?.get(key)
    }
}

/// `#key=value&…`, with values escaped, or "" when there are none.
fn fragment(pairs: &[(&'static str, String)]) -> String {
    if pairs.is_empty() {
        return String::new();
    }
    let Ok(params) = web_sys::UrlSearchParams::new() else {
        return String::new();
    };
    for (key, value) in pairs {
        params.append(key, value);
    }
    format!("#{}", String::from(params.to_string()))
}
