//! A questionnaire from a file a person picked: a croqual pack, or an OSCAL catalog to
//! convert. The app and the CLI read files through here, so both say the same about a bad
//! one.

use super::{Pack, PackError, oscal};
use crate::attest::json::{self, JsonError};

/// Why a file does not give a questionnaire.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PackFileError {
    /// Not JSON croqual reads: empty, not UTF-8, binary, truncated, duplicate keys…
    #[error("{0}")]
    Json(#[from] JsonError),
    /// A croqual pack that breaks a rule.
    #[error("not a valid questionnaire pack: {0}")]
    Pack(#[from] PackError),
    /// Not a pack, and not an OSCAL catalog croqual can convert.
    #[error("{0}")]
    Catalog(#[from] oscal::OscalError),
    /// Another of croqual's files.
    #[error("this is {what}, not a questionnaire: give a croqual pack or an OSCAL catalog")]
    Misplaced {
        /// What it is.
        what: String,
    },
}

/// Reads `bytes` as a croqual pack or converts them as an OSCAL catalog.
///
/// # Errors
///
/// [`PackFileError`] saying what the file is instead.
pub fn read_file(bytes: &[u8]) -> Result<Pack, PackFileError> {
    // OSCAL's XML form is said for what it is, before the JSON reader calls it bad JSON.
    let start = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    if start.trim_ascii_start().starts_with(b"<") {
        return Err(oscal::OscalError::Xml.into());
    }
    if start.starts_with(b"croqual private key backup") {
        return Err(misplaced("a private key backup"));
    }
    if start.starts_with(b"croqual public key") {
        return Err(misplaced("a public key file"));
    }
    // The strict reader first: it names empty, binary, non-UTF-8 and truncated files.
    let document = json::read(bytes)?;
    // croqual's other JSON files, signed ones naming their format inside their payload.
    let format = document
        .value
        .get("format")
        .and_then(|f| f.as_str())
        .or_else(|| {
            document
                .value
                .get("signature")
                .and(document.value.pointer("/payload/format"))
                .and_then(|f| f.as_str())
        });
    match format {
        Some("croqual-submission") => return Err(misplaced("a signed submission")),
        Some("croqual-decision") => return Err(misplaced("a signed decision")),
        Some("croqual-backup") => return Err(misplaced("a workspace backup")),
        Some(other) if other.starts_with("croqual-") && other != "croqual-pack" => {
            return Err(misplaced(&format!(
                "a croqual file of another kind ({other})"
            )));
        }
        _ => {}
    }
    let text = std::str::from_utf8(bytes)
        .expect("the strict reader accepted the bytes, so they are UTF-8")
        .trim_start_matches('\u{feff}');
    let is_pack = document.value.get("format").and_then(|f| f.as_str()) == Some("croqual-pack");
    if is_pack {
        Ok(Pack::from_json(text)?)
    } else {
        Ok(oscal::catalog_to_pack(text)?)
    }
}

fn misplaced(what: &str) -> PackFileError {
    PackFileError::Misplaced { what: what.into() }
}
