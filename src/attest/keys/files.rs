//! The public key file and the private key backup: small line-based UTF-8 text files.
//!
//! Both share one layout:
//!
//! - line 1 is the header naming the file kind and its version, exactly;
//! - then `field: value` lines, each field exactly once, in any order;
//! - blank lines and lines starting with `#` are comments and are ignored;
//! - lines end with LF or CRLF; a UTF-8 byte-order mark is ignored; UTF-16 is refused.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use zeroize::Zeroizing;

use super::{Fingerprint, KeyError, SigningKey, VerifyingKey, decode_base64};
use crate::attest::json::{BinaryKind, DecodeProblem, TextEncoding, decode};

/// The largest key file read; real ones are under 1 KiB.
const MAX_KEY_FILE_BYTES: usize = 64 * 1024;

/// The longest key name, in characters.
const MAX_NAME_CHARS: usize = 200;

const PUBLIC_HEADER: &str = "croqual public key v1";
const PRIVATE_HEADER: &str = "croqual private key backup v1";
const PUBLIC_PREFIX: &str = "croqual public key v";
const PRIVATE_PREFIX: &str = "croqual private key backup v";

/// The file a CRO sends its sponsor so that the sponsor can pin the CRO's key.
///
/// ```text
/// croqual public key v1
/// name: Example CRO GmbH
/// fingerprint: 8F1C 36A2 0B9E 4D7F 5C21 E8A0 93B4 6D1E 2A7C F058 C3E9 1B46 70D2 9A8F 4E13 B5C6
/// key: <standard base64 of the 32-byte Ed25519 public key, 44 characters>
/// ```
///
/// - `name`: who the key belongs to, as its owner named it (1–200 characters, no control
///   characters, NFC-normalised, surrounding spaces removed). It is a label, not a proof: the
///   sponsor decides which vendor a key is pinned for.
/// - `fingerprint`: the key's [`Fingerprint`]. It must match `key`; it is in the file so that
///   a person can read it aloud when confirming the key by phone.
/// - `key`: the public key in standard base64 with padding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKeyFile {
    name: String,
    key: VerifyingKey,
}

impl PublicKeyFile {
    /// A public key file for `key`, labelled `name`.
    ///
    /// # Errors
    ///
    /// [`KeyFileError::InvalidName`] when the name is empty, too long or holds control
    /// characters.
    pub fn new(name: &str, key: VerifyingKey) -> Result<PublicKeyFile, KeyFileError> {
        Ok(PublicKeyFile {
            name: clean_name(name)?,
            key,
        })
    }

    /// The owner's label for the key.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The key.
    pub fn key(&self) -> VerifyingKey {
        self.key
    }

    /// The key's fingerprint.
    pub fn fingerprint(&self) -> Fingerprint {
        self.key.fingerprint()
    }

    /// The file's text, ending with a newline.
    pub fn to_text(&self) -> String {
        format!(
            "{PUBLIC_HEADER}\nname: {}\nfingerprint: {}\nkey: {}\n",
            self.name,
            self.fingerprint(),
            self.key.to_base64()
        )
    }

    /// Reads the file from its bytes (strict UTF-8).
    ///
    /// # Errors
    ///
    /// See [`KeyFileError`].
    pub fn from_bytes(bytes: &[u8]) -> Result<PublicKeyFile, KeyFileError> {
        PublicKeyFile::parse(decode_key_file(bytes)?)
    }

    /// Reads the file from its text.
    ///
    /// # Errors
    ///
    /// See [`KeyFileError`]; a private key backup given here is refused with a warning.
    pub fn parse(text: &str) -> Result<PublicKeyFile, KeyFileError> {
        let fields = Fields::read(
            text,
            KeyFileKind::PublicKey,
            &["name", "fingerprint", "key"],
        )?;
        let name = clean_name(fields.value("name")?.text)?;
        let key_field = fields.value("key")?;
        let key = VerifyingKey::from_base64(key_field.text).map_err(|source| {
            KeyFileError::InvalidKey {
                line: key_field.line,
                source,
            }
        })?;
        check_fingerprint(fields.value("fingerprint")?, key.fingerprint())?;
        Ok(PublicKeyFile { name, key })
    }
}

/// A private key written to a file so that it can be restored on another machine.
///
/// ```text
/// croqual private key backup v1
/// # SECRET. This file is the private key "Example CRO GmbH".
/// # Anyone who has it can sign qualification results in your name.
/// # Keep it offline or in a password manager; never email it or send it to a sponsor.
/// # Sponsors need the public key file (.pub) instead.
/// name: Example CRO GmbH
/// fingerprint: 8F1C 36A2 0B9E 4D7F 5C21 E8A0 93B4 6D1E 2A7C F058 C3E9 1B46 70D2 9A8F 4E13 B5C6
/// seed: <standard base64 of the 32-byte RFC 8032 secret key, 44 characters>
/// ```
///
/// `name` and `fingerprint` follow the rules of [`PublicKeyFile`]; `fingerprint` must match
/// the public key derived from `seed`, which catches a damaged or mixed-up backup before it is
/// used to sign.
#[derive(Clone, Debug)]
pub struct PrivateKeyBackup {
    name: String,
    key: SigningKey,
}

impl PrivateKeyBackup {
    /// A backup of `key`, labelled `name`.
    ///
    /// # Errors
    ///
    /// [`KeyFileError::InvalidName`] as for [`PublicKeyFile::new`].
    pub fn new(name: &str, key: SigningKey) -> Result<PrivateKeyBackup, KeyFileError> {
        Ok(PrivateKeyBackup {
            name: clean_name(name)?,
            key,
        })
    }

    /// The owner's label for the key.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The restored key.
    pub fn key(&self) -> &SigningKey {
        &self.key
    }

    /// The restored key, giving up the backup.
    pub fn into_key(self) -> SigningKey {
        self.key
    }

    /// The public key file that goes with this key.
    pub fn public_file(&self) -> PublicKeyFile {
        PublicKeyFile {
            name: self.name.clone(),
            key: self.key.verifying_key(),
        }
    }

    /// The file's text, wiped from memory when dropped.
    pub fn to_text(&self) -> Zeroizing<String> {
        let seed = self.key.seed();
        let encoded = Zeroizing::new(STANDARD.encode(seed.as_slice()));
        Zeroizing::new(format!(
            "{PRIVATE_HEADER}\n\
             # SECRET. This file is the private key \"{name}\".\n\
             # Anyone who has it can sign qualification results in your name.\n\
             # Keep it offline or in a password manager; never email it or send it to a sponsor.\n\
             # Sponsors need the public key file (.pub) instead.\n\
             name: {name}\n\
             fingerprint: {fingerprint}\n\
             seed: {seed}\n",
            name = self.name,
            fingerprint = self.key.fingerprint(),
            seed = encoded.as_str(),
        ))
    }

    /// Reads the backup from its bytes (strict UTF-8).
    ///
    /// # Errors
    ///
    /// See [`KeyFileError`].
    pub fn from_bytes(bytes: &[u8]) -> Result<PrivateKeyBackup, KeyFileError> {
        PrivateKeyBackup::parse(decode_key_file(bytes)?)
    }

    /// Reads the backup from its text.
    ///
    /// # Errors
    ///
    /// See [`KeyFileError`].
    pub fn parse(text: &str) -> Result<PrivateKeyBackup, KeyFileError> {
        let fields = Fields::read(
            text,
            KeyFileKind::PrivateKeyBackup,
            &["name", "fingerprint", "seed"],
        )?;
        let name = clean_name(fields.value("name")?.text)?;
        let seed_field = fields.value("seed")?;
        let seed: Zeroizing<[u8; 32]> =
            Zeroizing::new(decode_base64(seed_field.text, "seed").map_err(|source| {
                KeyFileError::InvalidKey {
                    line: seed_field.line,
                    source,
                }
            })?);
        let key = SigningKey::from_seed(*seed);
        check_fingerprint(fields.value("fingerprint")?, key.fingerprint())?;
        Ok(PrivateKeyBackup { name, key })
    }
}

/// Which of the two key files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyFileKind {
    /// A [`PublicKeyFile`].
    PublicKey,
    /// A [`PrivateKeyBackup`].
    PrivateKeyBackup,
}

impl fmt::Display for KeyFileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KeyFileKind::PublicKey => "croqual public key file",
            KeyFileKind::PrivateKeyBackup => "croqual private key backup",
        })
    }
}

/// Why a key file could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyFileError {
    /// No bytes.
    #[error("empty file")]
    Empty,
    /// Far larger than any key file.
    #[error("file too large for a key file: {size} bytes, and key files are at most {limit}")]
    TooLarge {
        /// The size of the input.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// A binary file.
    #[error("not a key file (looks like {kind})")]
    Binary {
        /// What it looks like.
        kind: BinaryKind,
    },
    /// UTF-16 or UTF-32 text.
    #[error("the file is saved as {encoding}: save the file as UTF-8 and try again")]
    WrongEncoding {
        /// The encoding recognised.
        encoding: TextEncoding,
    },
    /// Bytes that are not UTF-8.
    #[error("not UTF-8 at byte {offset} (0x{byte:02x}): save the file as UTF-8 and try again")]
    InvalidUtf8 {
        /// The offset of the first invalid byte.
        offset: usize,
        /// That byte.
        byte: u8,
    },
    /// The first line is not the expected header.
    #[error("not a {expected}: the first line should be \"{header}\", found {found:?}")]
    NotAKeyFile {
        /// The kind expected.
        expected: KeyFileKind,
        /// Its header.
        header: &'static str,
        /// The first line found, shortened.
        found: String,
    },
    /// A later version of the format.
    #[error(
        "this {kind} is format version {found}, and this croqual reads version {supported}: update croqual"
    )]
    NewerVersion {
        /// The kind of file.
        kind: KeyFileKind,
        /// The version in the file.
        found: String,
        /// The version this build reads.
        supported: u32,
    },
    /// A private key backup where a public key file was expected.
    #[error(
        "this is a private key backup, not a public key file: keep it secret, and send or import the .pub file instead"
    )]
    PrivateKeyGiven,
    /// A public key file where a private key backup was expected.
    #[error("this is a public key file; a private key backup starts with \"{PRIVATE_HEADER}\"")]
    PublicKeyGiven,
    /// A line that is neither a comment nor `field: value`.
    #[error("line {line}: expected \"field: value\", found {found:?}")]
    MalformedLine {
        /// Its number, from 1.
        line: usize,
        /// The line, shortened.
        found: String,
    },
    /// A field this kind of file does not have.
    #[error("line {line}: unknown field {field:?}")]
    UnknownField {
        /// Its line.
        line: usize,
        /// The field name.
        field: String,
    },
    /// A field given twice.
    #[error("line {line}: the field {field:?} appears a second time")]
    DuplicateField {
        /// The line of the second occurrence.
        line: usize,
        /// The field name.
        field: &'static str,
    },
    /// A required field is absent.
    #[error("the field {field:?} is missing")]
    MissingField {
        /// The field name.
        field: &'static str,
    },
    /// The name is unusable.
    #[error("the key name {reason}")]
    InvalidName {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The key or seed does not decode.
    #[error("line {line}: {source}")]
    InvalidKey {
        /// Its line.
        line: usize,
        /// Why.
        source: KeyError,
    },
    /// The fingerprint field does not parse.
    #[error("line {line}: {source}")]
    InvalidFingerprint {
        /// Its line.
        line: usize,
        /// Why.
        source: super::FingerprintParseError,
    },
    /// The fingerprint field names another key.
    #[error(
        "the fingerprint in the file ({stated}) does not match its key ({computed}): the file was changed or damaged; ask its owner for a new copy"
    )]
    FingerprintMismatch {
        /// The fingerprint written in the file.
        stated: Fingerprint,
        /// The fingerprint of the key in the file.
        computed: Fingerprint,
    },
}

fn decode_key_file(bytes: &[u8]) -> Result<&str, KeyFileError> {
    decode(bytes, MAX_KEY_FILE_BYTES)
        .map(|decoded| decoded.text)
        .map_err(|problem| match problem {
            DecodeProblem::Empty => KeyFileError::Empty,
            DecodeProblem::TooLarge { size, limit } => KeyFileError::TooLarge { size, limit },
            DecodeProblem::Binary(kind) => KeyFileError::Binary { kind },
            DecodeProblem::Encoding(encoding) => KeyFileError::WrongEncoding { encoding },
            DecodeProblem::InvalidUtf8 { offset, byte, .. } => {
                KeyFileError::InvalidUtf8 { offset, byte }
            }
        })
}

/// Trims, NFC-normalises and checks a key name.
fn clean_name(name: &str) -> Result<String, KeyFileError> {
    let name = crate::text::nfc(name.trim());
    if name.is_empty() {
        return Err(KeyFileError::InvalidName { reason: "is empty" });
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(KeyFileError::InvalidName {
            reason: "is longer than 200 characters",
        });
    }
    // A line break would end the field in the file; other controls are invisible.
    if name
        .chars()
        .any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'))
    {
        return Err(KeyFileError::InvalidName {
            reason: "contains a control character or a line break",
        });
    }
    Ok(name)
}

fn check_fingerprint(field: Field<'_>, computed: Fingerprint) -> Result<(), KeyFileError> {
    let stated: Fingerprint =
        field
            .text
            .parse()
            .map_err(|source| KeyFileError::InvalidFingerprint {
                line: field.line,
                source,
            })?;
    if stated != computed {
        return Err(KeyFileError::FingerprintMismatch { stated, computed });
    }
    Ok(())
}

#[derive(Clone, Copy)]
struct Field<'a> {
    text: &'a str,
    line: usize,
}

/// The `field: value` lines of a key file, after its header.
struct Fields<'a> {
    names: &'static [&'static str],
    values: Vec<Option<Field<'a>>>,
}

impl<'a> Fields<'a> {
    fn read(
        text: &'a str,
        kind: KeyFileKind,
        names: &'static [&'static str],
    ) -> Result<Fields<'a>, KeyFileError> {
        let mut lines = text
            .split('\n')
            .map(|line| line.strip_suffix('\r').unwrap_or(line))
            .enumerate()
            .map(|(index, line)| (index + 1, line));
        // Blank lines before the header are what a copy from an e-mail or a chat often adds.
        let first = lines
            .by_ref()
            .map(|(_, line)| line.trim())
            .find(|line| !line.is_empty())
            .unwrap_or("");
        check_header(first, kind)?;

        let mut values = vec![None; names.len()];
        for (number, line) in lines {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((name, value)) = line.split_once(':') else {
                return Err(KeyFileError::MalformedLine {
                    line: number,
                    found: shorten(line),
                });
            };
            let Some(slot) = names.iter().position(|known| *known == name) else {
                return Err(KeyFileError::UnknownField {
                    line: number,
                    field: shorten(name),
                });
            };
            if values[slot].is_some() {
                return Err(KeyFileError::DuplicateField {
                    line: number,
                    field: names[slot],
                });
            }
            values[slot] = Some(Field {
                text: value.trim(),
                line: number,
            });
        }
        Ok(Fields { names, values })
    }

    fn value(&self, name: &'static str) -> Result<Field<'a>, KeyFileError> {
        self.names
            .iter()
            .position(|known| *known == name)
            .and_then(|slot| self.values[slot])
            .ok_or(KeyFileError::MissingField { field: name })
    }
}

fn check_header(first: &str, kind: KeyFileKind) -> Result<(), KeyFileError> {
    let (header, prefix, other_prefix) = match kind {
        KeyFileKind::PublicKey => (PUBLIC_HEADER, PUBLIC_PREFIX, PRIVATE_PREFIX),
        KeyFileKind::PrivateKeyBackup => (PRIVATE_HEADER, PRIVATE_PREFIX, PUBLIC_PREFIX),
    };
    if first == header {
        return Ok(());
    }
    if first.starts_with(other_prefix) {
        return Err(match kind {
            KeyFileKind::PublicKey => KeyFileError::PrivateKeyGiven,
            KeyFileKind::PrivateKeyBackup => KeyFileError::PublicKeyGiven,
        });
    }
    if let Some(version) = first.strip_prefix(prefix)
        && version.parse::<u32>().is_ok_and(|version| version > 1)
    {
        return Err(KeyFileError::NewerVersion {
            kind,
            found: version.to_owned(),
            supported: 1,
        });
    }
    Err(KeyFileError::NotAKeyFile {
        expected: kind,
        header,
        found: shorten(first),
    })
}

/// At most 60 characters of a line, for messages.
fn shorten(text: &str) -> String {
    const SHOWN: usize = 60;
    if text.chars().count() <= SHOWN {
        return text.to_owned();
    }
    let mut shown: String = text.chars().take(SHOWN).collect();
    shown.push('…');
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_nfc_normalised() {
        assert_eq!(
            clean_name("  Socie\u{301}te\u{301} "),
            Ok("Société".to_owned())
        );
        assert!(clean_name("a\nb").is_err());
        assert!(clean_name(" ").is_err());
        assert!(clean_name(&"x".repeat(201)).is_err());
    }

    #[test]
    fn comments_blank_lines_and_crlf_are_ignored() {
        let key = SigningKey::from_seed([3; 32]).verifying_key();
        let text = format!(
            "croqual public key v1\r\n# from our security team\r\n\r\nkey: {}\r\nname: CRO\r\nfingerprint: {}\r\n",
            key.to_base64(),
            key.fingerprint()
        );
        let file = PublicKeyFile::parse(&text).expect("valid");
        assert_eq!((file.name(), file.key()), ("CRO", key));
    }

    #[test]
    fn blank_lines_before_the_header_are_skipped_and_line_numbers_stay_true() {
        let key = SigningKey::from_seed([5; 32]).verifying_key();
        let pasted = format!(
            "\n  \r\n  croqual public key v1\nkey: {}\nname: CRO\nfingerprint: {}\n",
            key.to_base64(),
            key.fingerprint()
        );
        assert_eq!(PublicKeyFile::parse(&pasted).expect("valid").key(), key);
        let error =
            PublicKeyFile::parse("\ncroqual public key v1\nkey nothing\n").expect_err("refused");
        assert!(error.to_string().starts_with("line 3:"), "{error}");
    }
}
