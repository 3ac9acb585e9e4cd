//! Saving a file to the person's computer: a Blob, an object URL, and a click on a temporary
//! link. Nothing is uploaded; the browser writes the bytes to its download folder.

use wasm_bindgen::JsCast;

/// Offers `bytes` as a download named `file_name`.
///
/// # Errors
///
/// When the browser refuses to create the file (rare: out of memory, or a page without a
/// document); the message can be shown as is.
pub fn offer(file_name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let fail = |what: &str| format!("the browser could not save {file_name}: {what}");
    let window = web_sys::window().ok_or_else(|| fail("no window"))?;
    let document = window.document().ok_or_else(|| fail("no document"))?;

    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|_| fail("cannot create the file"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| fail("cannot create a link to the file"))?;

    let anchor = document
        .create_element("a")
        .map_err(|_| fail("cannot create a link"))?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .map_err(|_| fail("cannot create a link"))?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.set_hidden(true);
    let body = document.body().ok_or_else(|| fail("no page body"))?;
    body.append_child(&anchor).ok();
    anchor.click();
    anchor.remove();
    // The download has started from the URL; the object URL may go.
    web_sys::Url::revoke_object_url(&url).ok();
    Ok(())
}

/// Offers the public key file of `key`, for the other party, named after the key and today.
///
/// # Errors
///
/// As for [`offer`].
pub fn public_key_file(key: &croqual::attest::keys::PrivateKeyBackup) -> Result<(), String> {
    let name = croqual::filename::download_name(
        key.name(),
        crate::app::browser::today(),
        "public-key",
        "pub",
    );
    offer(&name, "text/plain", key.public_file().to_text().as_bytes())
}

/// Offers the secret backup of `key`, named so that nobody mistakes it for the public file.
///
/// # Errors
///
/// As for [`offer`].
pub fn private_key_backup(key: &croqual::attest::keys::PrivateKeyBackup) -> Result<(), String> {
    let name = croqual::filename::download_name(
        key.name(),
        crate::app::browser::today(),
        "PRIVATE-key-backup",
        "key",
    );
    offer(&name, "text/plain", key.to_text().as_bytes())
}
