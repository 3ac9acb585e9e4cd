//! Safe names for the files croqual offers as downloads.
//!
//! Names come from what people type (an organisation's legal name), so they can hold path
//! separators, characters Windows refuses, reserved device names, or hundreds of characters.
//! [`download_name`] keeps letters and digits of any script and replaces the rest.
//!
//! # Limitations
//!
//! - Letters outside the Basic Multilingual Plane are kept; a few old file systems cannot store
//!   them. The date and the kind always remain, so the file is still recognisable.

/// The longest stem kept from the label, in characters, so the whole name stays well inside
/// the 255-byte limit of common file systems even in scripts that take 3 bytes a character.
const MAX_STEM_CHARS: usize = 60;

/// Names Windows reserves for devices, whatever the extension.
const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// A file name such as `Example-CRO-GmbH_2026-12-03_submission.json` made from a label a
/// person typed, a date, what the file is (`kind`) and its extension.
///
/// # Examples
///
/// ```
/// let date = jiff::civil::date(2026, 12, 3);
/// assert_eq!(
///     croqual::filename::download_name("ACME / Clinical: \"Phase I\"", date, "submission", "json"),
///     "ACME-Clinical-Phase-I_2026-12-03_submission.json"
/// );
/// ```
pub fn download_name(label: &str, date: jiff::civil::Date, kind: &str, extension: &str) -> String {
    let mut stem = String::new();
    for character in crate::text::nfc(label).chars() {
        if character.is_alphanumeric() {
            stem.push(character);
        } else if !stem.ends_with('-') && !stem.is_empty() {
            stem.push('-');
        }
    }
    let mut stem: String = stem.chars().take(MAX_STEM_CHARS).collect();
    while stem.ends_with('-') {
        stem.pop();
    }
    if stem.is_empty() {
        stem.push_str("croqual");
    }
    if RESERVED.iter().any(|name| name.eq_ignore_ascii_case(&stem)) {
        stem.push_str("-file");
    }
    format!("{stem}_{date}_{kind}.{extension}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(label: &str) -> String {
        download_name(label, jiff::civil::date(2026, 12, 3), "submission", "json")
    }

    #[test]
    fn separators_and_reserved_characters_become_dashes() {
        assert_eq!(
            name("ACME / Clinical \\ Research: \"Phase I\" <Unit> | Lab?*"),
            "ACME-Clinical-Research-Phase-I-Unit-Lab_2026-12-03_submission.json"
        );
    }

    #[test]
    fn letters_of_any_script_are_kept() {
        assert_eq!(
            name("Société Générale – Zürich"),
            "Société-Générale-Zürich_2026-12-03_submission.json"
        );
        assert_eq!(
            name("東京臨床研究株式会社"),
            "東京臨床研究株式会社_2026-12-03_submission.json"
        );
    }

    #[test]
    fn device_names_spaces_dots_and_empty_labels_are_made_safe() {
        assert_eq!(name("CON"), "CON-file_2026-12-03_submission.json");
        assert_eq!(
            name("   leading and trailing spaces   "),
            "leading-and-trailing-spaces_2026-12-03_submission.json"
        );
        assert_eq!(
            name("name.with.dots."),
            "name-with-dots_2026-12-03_submission.json"
        );
        assert_eq!(name("../../"), "croqual_2026-12-03_submission.json");
        assert_eq!(name(""), "croqual_2026-12-03_submission.json");
    }

    #[test]
    fn long_labels_are_cut_to_a_safe_length() {
        let long = name(&"a".repeat(300));
        assert_eq!(
            long,
            format!("{}_2026-12-03_submission.json", "a".repeat(60))
        );
        assert!(long.len() < 255);
        let wide = name(&"東".repeat(300));
        assert!(wide.len() < 255, "{} bytes", wide.len());
    }
}
