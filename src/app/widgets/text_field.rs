//! A labelled text input bound to a field of saved data.

use leptos::prelude::*;

/// What a person typed, NFC-normalised and without bidirectional controls (not trimmed:
/// they may still be typing).
pub fn typed(text: &str) -> String {
    let kept: String = text
        .chars()
        .filter(|&c| !croqual::organisation::is_bidi_control(c))
        .collect();
    croqual::text::nfc(&kept)
}

/// A labelled input (or text area) that shows `value` and reports every keystroke.
#[component]
pub fn TextField(
    /// The visible label.
    label: &'static str,
    /// The current value.
    value: Signal<String>,
    /// Receives the new value on every keystroke, NFC-normalised.
    on_input: impl Fn(String) + 'static,
    /// The test id of the input.
    testid: &'static str,
    /// The input type ("text", "email", "tel", "date"), or "textarea".
    #[prop(default = "text")]
    kind: &'static str,
    /// A hint under the field.
    #[prop(optional)]
    hint: &'static str,
) -> impl IntoView {
    let on_input = std::rc::Rc::new(on_input);
    let field = if kind == "textarea" {
        let on_input = on_input.clone();
        view! {
            <textarea
                data-testid=testid
                rows="3"
                prop:value=move || value.get()
                on:input=move |event| on_input(typed(&event_target_value(&event)))
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                type=kind
                data-testid=testid
                prop:value=move || value.get()
                on:input=move |event| on_input(typed(&event_target_value(&event)))
            />
        }
        .into_any()
    };
    view! {
        <label class="field">
            <span class="field-label">{label}</span>
            {field}
            {(!hint.is_empty()).then(|| view! { <span class="field-hint">{hint}</span> })}
        </label>
    }
}
