//! Identifiers of questions and domains.

use std::borrow::Borrow;
use std::fmt;
use std::str::FromStr;

/// The longest question id a pack may use.
pub const MAX_QUESTION_ID_LEN: usize = 64;

/// The longest domain id a pack may use.
pub const MAX_DOMAIN_ID_LEN: usize = 32;

/// A question's stable id: 1 to 64 ascii letters, digits, `-`, `_` or `.`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QuestionId(String);

impl QuestionId {
    /// Checks `text` and wraps it.
    ///
    /// # Errors
    ///
    /// When `text` is empty, longer than 64 bytes or holds another character.
    pub fn new(text: impl Into<String>) -> Result<QuestionId, InvalidId> {
        let text = text.into();
        if is_valid_id(&text, MAX_QUESTION_ID_LEN) {
            Ok(QuestionId(text))
        } else {
            Err(InvalidId {
                kind: "question",
                text: shorten(&text),
                max: MAX_QUESTION_ID_LEN,
            })
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A domain's id: 1 to 32 ascii letters, digits, `-`, `_` or `.`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DomainId(String);

impl DomainId {
    /// Checks `text` and wraps it.
    ///
    /// # Errors
    ///
    /// When `text` is empty, longer than 32 bytes or holds another character.
    pub fn new(text: impl Into<String>) -> Result<DomainId, InvalidId> {
        let text = text.into();
        if is_valid_id(&text, MAX_DOMAIN_ID_LEN) {
            Ok(DomainId(text))
        } else {
            Err(InvalidId {
                kind: "domain",
                text: shorten(&text),
                max: MAX_DOMAIN_ID_LEN,
            })
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why a text is not a question or domain id.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{kind} id {text:?} is invalid: use 1 to {max} ascii letters, digits, '-', '_' or '.'")]
pub struct InvalidId {
    kind: &'static str,
    text: String,
    max: usize,
}

/// Whether `text` is 1 to `max` characters from the id charset.
pub(crate) fn is_valid_id(text: &str, max: usize) -> bool {
    !text.is_empty() && text.len() <= max && text.bytes().all(is_id_byte)
}

/// Whether `byte` may appear in a question or domain id.
pub(crate) fn is_id_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.')
}

/// At most 80 characters of `text`, so an error message stays readable.
fn shorten(text: &str) -> String {
    text.chars().take(80).collect()
}

macro_rules! id_traits {
    ($name:ident) => {
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.0)
            }
        }

        impl FromStr for $name {
            type Err = InvalidId;

            fn from_str(text: &str) -> Result<$name, InvalidId> {
                $name::new(text)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = InvalidId;

            fn try_from(text: &str) -> Result<$name, InvalidId> {
                $name::new(text)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        // Lets a map keyed by ids be searched with a plain `&str`.
        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<$name, D::Error> {
                let text = String::deserialize(deserializer)?;
                $name::new(text).map_err(serde::de::Error::custom)
            }
        }
    };
}

id_traits!(QuestionId);
id_traits!(DomainId);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_take_letters_digits_and_three_punctuation_marks() {
        assert!(QuestionId::new("GOV-01_a.b").is_ok());
        assert!(QuestionId::new("GOV 01").is_err());
        assert!(QuestionId::new("").is_err());
        assert!(QuestionId::new("é").is_err());
        assert!(QuestionId::new("a".repeat(64)).is_ok());
        assert!(QuestionId::new("a".repeat(65)).is_err());
        assert!(DomainId::new("a".repeat(33)).is_err());
    }

    #[test]
    fn an_invalid_id_message_names_the_id() {
        let error = QuestionId::new("no spaces").expect_err("a space is refused");
        assert_eq!(
            error.to_string(),
            "question id \"no spaces\" is invalid: use 1 to 64 ascii letters, digits, '-', '_' or '.'"
        );
    }
}
