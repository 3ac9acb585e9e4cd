//! Reading files the person picks or drops: always as bytes, so strict UTF-8 decoding happens
//! in the domain (`File.text()` would silently replace invalid bytes).

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The largest file the app reads into memory as an import (packs, catalogs, exports,
/// backups); evidence files are hashed in slices and may be larger.
/// It is the JSON reader's own limit, so that a file is refused once, in the same words.
pub const MAX_IMPORT_BYTES: f64 = croqual::attest::json::Limits::DEFAULT_MAX_BYTES as f64;

/// The files a person just picked in a file input, which is then emptied so that picking
/// the same file again fires again.
pub fn picked(event: &web_sys::Event) -> Vec<web_sys::File> {
    let Some(input) = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let files = list(input.files());
    input.set_value("");
    files
}

/// The files of a file input or of a drop, in order.
pub fn list(files: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(files) = files else {
        return Vec::new();
    };
    (0..files.length())
        .filter_map(|index| files.get(index))
        .collect()
}

/// The whole content of `file`.
///
/// # Errors
///
/// When the file is larger than [`MAX_IMPORT_BYTES`] or the browser cannot read it (it was
/// moved or deleted after it was picked); the message names the file.
pub async fn read(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let size = file.size();
    if size > MAX_IMPORT_BYTES {
        return Err(too_large(file, size));
    }
    read_slice(file.as_ref(), &file.name()).await
}

/// Reads of many files, started together: the browser reads them while the page goes on.
pub struct Reads {
    files: Vec<(web_sys::File, f64)>,
    settled: js_sys::Promise,
}

impl Reads {
    /// Starts reading the whole content of each of `files`, given with their sizes. A
    /// browser hands over each read on a later turn of its event loop, often after drawing a
    /// frame, so reading many files one after the other would wait a frame for each; and
    /// reads started before the previous files are examined arrive while they are.
    ///
    /// The sizes are asked for once by the caller: a picked file answers `size` from the
    /// disk, through the browser's file system, which costs as much as a small read.
    pub fn start(files: Vec<(web_sys::File, f64)>) -> Reads {
        let reads = js_sys::Array::new();
        for (file, size) in &files {
            if *size > MAX_IMPORT_BYTES {
                reads.push(&js_sys::Promise::resolve(&wasm_bindgen::JsValue::NULL));
            } else {
                reads.push(&file.array_buffer());
            }
        }
        // Settled, not all: one file that cannot be read must not hide the others.
        let settled = js_sys::Promise::all_settled(&reads);
        Reads { files, settled }
    }

    /// The files, in order, each with its content or why it could not be read, as for
    /// [`read`].
    pub async fn finish(self) -> Vec<(web_sys::File, Result<Vec<u8>, String>)> {
        let settled = JsFuture::from(self.settled)
            .await
            .ok()
            .and_then(|settled| settled.dyn_into::<js_sys::Array>().ok());
        self.files
            .into_iter()
            .enumerate()
            .map(|(index, (file, size))| {
                let content = if size > MAX_IMPORT_BYTES {
                    Err(too_large(&file, size))
                } else {
                    settled
                        .as_ref()
                        .map(|settled| settled.get(index as u32))
                        .and_then(|outcome| js_sys::Reflect::get(&outcome, &"value".into()).ok())
                        .and_then(|value| value.dyn_into::<js_sys::ArrayBuffer>().ok())
                        .map(|buffer| js_sys::Uint8Array::new(&buffer).to_vec())
                        .ok_or_else(|| {
                            format!(
                                "the browser could not read {}: was it moved or deleted?",
                                file.name()
                            )
                        })
                };
                (file, content)
            })
            .collect()
    }
}

fn too_large(file: &web_sys::File, size: f64) -> String {
    format!(
        "{} is {:.1} MiB; croqual reads files up to {:.0} MiB",
        file.name(),
        size / 1_048_576.0,
        MAX_IMPORT_BYTES / 1_048_576.0
    )
}

/// The SHA-256 of `file`, read in slices so that large evidence files never sit in memory
/// whole; `progress` receives the fraction done.
///
/// # Errors
///
/// When the browser cannot read the file; the message names it.
pub async fn sha256(
    file: &web_sys::File,
    mut progress: impl FnMut(f64),
) -> Result<croqual::attest::Digest, String> {
    const SLICE: f64 = 4.0 * 1024.0 * 1024.0;
    let size = file.size();
    let mut hasher = croqual::attest::Sha256Stream::new();
    let mut start = 0.0;
    while start < size {
        let end = (start + SLICE).min(size);
        let blob = file
            .slice_with_f64_and_f64(start, end)
            .map_err(|_| format!("cannot read {}", file.name()))?;
        let bytes = read_slice(&blob, &file.name()).await?;
        hasher.update(&bytes);
        start = end;
        progress(start / size);
    }
    Ok(hasher.finish())
}

async fn read_slice(blob: &web_sys::Blob, name: &str) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(blob.array_buffer())
        .await
        .map_err(|_| format!("the browser could not read {name}: was it moved or deleted?"))?;
    let buffer = buffer
        .dyn_into::<js_sys::ArrayBuffer>()
        .map_err(|_| format!("the browser could not read {name}"))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Reads a file given as a questionnaire: a croqual pack, or an OSCAL catalog to convert.
///
/// # Errors
///
/// A message naming the file and what is wrong with it; nothing changes then.
pub fn pack_from_file(name: &str, bytes: &[u8]) -> Result<croqual::pack::Pack, String> {
    croqual::pack::read_file(bytes).map_err(|error| format!("{name}: {error}"))
}

/// Reads a private key backup that a person picked, to restore their signing key.
///
/// # Errors
///
/// A message naming the file and what is wrong with it, ending with the reassurance that
/// the key in this browser was not changed.
pub async fn read_key_backup(
    file: &web_sys::File,
) -> Result<croqual::attest::keys::PrivateKeyBackup, String> {
    let bytes = read(file)
        .await
        .map_err(|error| format!("{} The key was not changed.", end_sentence(&error)))?;
    croqual::attest::keys::PrivateKeyBackup::from_bytes(&bytes).map_err(|error| {
        let said = end_sentence(&format!("{}: {error}", file.name()));
        format!("{said} The key was not changed.")
    })
}

/// `text` ending with a full stop, unless it ends with a question mark already.
fn end_sentence(text: &str) -> String {
    if text.ends_with(['.', '?', '!']) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}
