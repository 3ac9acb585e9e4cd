//! Unicode normalisation form C, the form croqual keeps every typed or imported text in, so
//! that a name typed on one system compares equal to the same name typed on another.
//!
//! In the browser the engine's own `String.prototype.normalize` does the work, so the app
//! carries no normalisation tables of its own (they would cost it about 65 KB of gzip);
//! elsewhere the `unicode-normalization` crate does. `tests/support/parity.rs` holds the texts
//! both must normalise alike.
//!
//! # Limitations
//!
//! - The two may know different Unicode versions. Unicode's stability policy keeps the NFC of
//!   a character the same once it is assigned; a character assigned after the older of the two
//!   versions can still come out differently, and it would then count as a different text.

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

#[cfg(not(target_arch = "wasm32"))]
fn normalized(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfc().collect()
}
