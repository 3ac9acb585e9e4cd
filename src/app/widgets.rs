//! Small pieces several screens share.

mod discard;
mod key_restore;
pub mod score_chart;
mod text_field;

pub use discard::DiscardButton;
pub use key_restore::{KeyRestore, UnreadableKey};
pub use text_field::{TextField, typed};

use leptos::prelude::*;

/// Moves the keyboard focus to `element` once it is on the page, so that keyboard and
/// screen-reader users land on what they opened rather than at the top of the page. A
/// heading needs `tabindex="-1"` to take it.
pub fn focus_when_shown<E>(element: NodeRef<E>)
where
    E: leptos::html::ElementType,
    E::Output: wasm_bindgen::JsCast + Clone + 'static,
{
    Effect::new(move |_| {
        if let Some(element) = element.get() {
            let _ = wasm_bindgen::JsCast::unchecked_ref::<web_sys::HtmlElement>(&element).focus();
        }
    });
}
