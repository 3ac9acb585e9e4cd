//! Unicode normalisation form C, the form croqual keeps every typed or imported text in, so
//! that a name typed on one system compares equal to the same name typed on another; and the
//! folded form names are compared in.
//!
//! In the browser the engine's own `String.prototype.normalize` and `toLowerCase` do the
//! work, so the app carries no Unicode tables of its own for them (they would cost it about
//! 80 KB of gzip); elsewhere the `unicode-normalization` crate and the standard library do.
//! `tests/support/parity.rs` holds the texts both must treat alike.
//!
//! # Limitations
//!
//! - The two may know different Unicode versions. Unicode's stability policy keeps the NFC of
//!   a character the same once it is assigned; a character assigned after the older of the two
//!   versions can still come out differently (in NFC or in lower case), and it would then count
//!   as a different text.

/// How names compare and are searched: trimmed, in NFC and in lower case (Unicode's default
/// case mapping, the same in the browser and on the host).
pub fn fold(name: &str) -> String {
    let name = nfc(name.trim());
    if name.is_ascii() {
        return name.to_ascii_lowercase();
    }
    lowercase(&name)
}

/// `text` in NFC.
pub fn nfc(text: &str) -> String {
    // ASCII is always in NFC, and it is most of what people type here.
    if text.is_ascii() {
        return text.to_owned();
    }
    normalized(text)
}

#[cfg(target_arch = "wasm32")]
fn normalized(text: &str) -> String {
    js_sys::JsString::from(text).normalize("NFC").into()
}

#[cfg(target_arch = "wasm32")]
fn lowercase(text: &str) -> String {
    js_sys::JsString::from(text).to_lower_case().into()
}

#[cfg(not(target_arch = "wasm32"))]
fn lowercase(text: &str) -> String {
    text.to_lowercase()
}

#[cfg(not(target_arch = "wasm32"))]
fn normalized(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfc().collect()
}
