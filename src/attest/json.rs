//! The strict JSON reader every croqual import goes through.
//!
//! [`read`] turns the bytes of a file into a [`serde_json::Value`] and a list of [`Notice`]s,
//! or into a [`JsonError`] that says what a person must do about it. Typed structures are then
//! read from the value with [`JsonDocument::into_typed`] (that is, `serde_json::from_value`).
//!
//! The steps, in order:
//!
//! 1. The size is checked before anything else (16 MiB by default, see [`Limits`]).
//! 2. Empty input is "empty file"; well-known binary formats (PNG, JPEG, GIF, PDF, ZIP, gzip)
//!    are named ("not a JSON file (looks like a PNG image)").
//! 3. UTF-16 and UTF-32, with or without a byte-order mark, are recognised and refused with a
//!    message asking to save the file as UTF-8. One leading UTF-8 byte-order mark is removed
//!    and reported as [`Notice::ByteOrderMarkRemoved`].
//! 4. The rest must be strict UTF-8; the first invalid byte is named by its offset. No other
//!    encoding is ever guessed: a guess could change the text a signature covers.
//! 5. The text is parsed as RFC 8259 JSON with these additional refusals: duplicate object keys
//!    at any depth, nesting deeper than 64 arrays and objects, integer literals beyond
//!    ±(2^53−1), numbers that overflow (or underflow to zero from) a 64-bit float, and lone
//!    UTF-16 surrogates in `\u` escapes. Errors carry the 1-based line and column (counted in
//!    characters) and, where it helps, the JSON path of the value.
//!
//! # Why a parser of our own
//!
//! serde_json is an excellent parser, but it keeps the last of two duplicate keys (so a signed
//! "rejected" followed by an unsigned "accepted" would read as accepted), and without its
//! `arbitrary_precision` feature it cannot tell the integer literal `9007199254740993` from the
//! float it rounds to, nor an integer that overflowed `u64` from a float. Turning on
//! `arbitrary_precision` would change `serde_json::Number` for every crate in the build. A
//! small recursive-descent parser, about three hundred lines, sees the literal text of every
//! number and every key, and still produces a plain `serde_json::Value` so that the rest of
//! croqual keeps using serde. It is checked against all of JSONTestSuite.
//!
//! # Limitations
//!
//! - Two of JSONTestSuite's "must accept" files repeat a key (`{"a":"b","a":"c"}`). RFC 8259
//!   allows that, croqual refuses it on purpose; the test suite records them as accepted by
//!   the grammar and refused by the duplicate-key rule.
//! - Float literals are rounded to the nearest 64-bit float, like every JSON reader does:
//!   `0.1` and `9007199254740993.0` are read as the nearest doubles. Only integer literals are
//!   held to exactness. Signed croqual payloads carry integers and decimal strings, never
//!   floats, so no signed value depends on float rounding.
//! - RFC 8785 writes doubles from 2^53 up to 10^21 without an exponent (1e20 as
//!   `100000000000000000000`), and this reader refuses such an integer literal as unsafe, so
//!   a canonical text holding such a double does not read back. croqual writes its files with
//!   serde_json, which keeps the exponent (`1e20`), and its payloads hold no floats; a file
//!   re-written by another JCS tool may be refused. Large numbers belong in decimal strings.
//! - The whole file is held in memory, together with its parsed value (a few times the file
//!   size). The 16 MiB size limit keeps that bounded; a caller that needs more passes its own
//!   [`Limits`].
//! - Whitespace-only input is reported as "empty file", the same as zero bytes.

mod decode;
mod parser;

pub use decode::{BinaryKind, TextEncoding};

pub(crate) use decode::{DecodeProblem, decode, line_and_column};

use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::attest::path::JsonPath;

/// How much input the reader accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The largest input, in bytes, checked before the input is looked at.
    pub max_bytes: usize,
    /// The deepest nesting of arrays and objects; 1 is a flat array or object.
    pub max_depth: usize,
}

impl Limits {
    /// 16 MiB: a submission with thousands of answers is well under 1 MiB.
    pub const DEFAULT_MAX_BYTES: usize = 16 * 1024 * 1024;
    /// 64 levels: croqual's own formats nest fewer than ten.
    pub const DEFAULT_MAX_DEPTH: usize = 64;
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_bytes: Limits::DEFAULT_MAX_BYTES,
            max_depth: Limits::DEFAULT_MAX_DEPTH,
        }
    }
}

/// A parsed JSON file and what the reader did to it on the way.
#[derive(Clone, Debug, PartialEq)]
pub struct JsonDocument {
    /// The parsed value.
    pub value: Value,
    /// Things the person should know about the file, such as a removed byte-order mark.
    pub notices: Vec<Notice>,
}

impl JsonDocument {
    /// Reads the value as `T`, keeping nothing of the notices.
    ///
    /// # Errors
    ///
    /// [`JsonError::Shape`] when the value does not fit `T` (a missing or unknown field, a
    /// wrong type), with serde's description.
    pub fn into_typed<T: DeserializeOwned>(self) -> Result<T, JsonError> {
        serde_json::from_value(self.value).map_err(|error| JsonError::Shape {
            reason: error.to_string(),
        })
    }
}

/// Something the reader changed or noticed that the person should be told about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The file started with a UTF-8 byte-order mark (EF BB BF), which was removed.
    ByteOrderMarkRemoved,
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::ByteOrderMarkRemoved => f.write_str(
                "the file started with a UTF-8 byte-order mark (EF BB BF); it was removed before reading",
            ),
        }
    }
}

/// Why a file could not be read as JSON.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum JsonError {
    /// No bytes, a byte-order mark alone, or only whitespace.
    #[error("empty file")]
    Empty,
    /// Larger than [`Limits::max_bytes`].
    #[error(
        "file too large: {size} bytes ({:.1} MiB), and croqual reads files up to {limit} bytes ({:.0} MiB)",
        *.size as f64 / 1_048_576.0,
        *.limit as f64 / 1_048_576.0
    )]
    TooLarge {
        /// The size of the input.
        size: usize,
        /// The limit it exceeds.
        limit: usize,
    },
    /// A binary file format recognised by its first bytes.
    #[error("not a JSON file (looks like {kind})")]
    NotJson {
        /// What the file looks like.
        kind: BinaryKind,
    },
    /// UTF-16 or UTF-32 text.
    #[error("the file is saved as {encoding}: save the file as UTF-8 and try again")]
    WrongEncoding {
        /// The encoding recognised.
        encoding: TextEncoding,
    },
    /// Bytes that are not UTF-8.
    #[error(
        "not UTF-8 at byte {offset} (0x{byte:02x}, line {line}, column {column}): save the file as UTF-8; croqual reads UTF-8 only and does not guess another encoding"
    )]
    InvalidUtf8 {
        /// The offset of the first invalid byte in the file, from 0.
        offset: usize,
        /// That byte.
        byte: u8,
        /// Its line, from 1.
        line: usize,
        /// Its column in characters, from 1.
        column: usize,
    },
    /// The text stops before the JSON value is complete, as in a file cut short.
    #[error("incomplete JSON: the file ends {context} at line {line}, column {column}")]
    Truncated {
        /// What the reader was in the middle of.
        context: Context,
        /// The line where the text ends.
        line: usize,
        /// The column where the text ends.
        column: usize,
    },
    /// Text that is not JSON.
    #[error("invalid JSON at line {line}, column {column}: {problem}")]
    Syntax {
        /// What is wrong.
        problem: SyntaxProblem,
        /// The line of the offending character.
        line: usize,
        /// The column of the offending character.
        column: usize,
    },
    /// An object names the same key twice.
    #[error("duplicate key \"{key}\" in the object at {path} (line {line}, column {column})")]
    DuplicateKey {
        /// The repeated key.
        key: String,
        /// The object that repeats it.
        path: JsonPath,
        /// The line of the second occurrence.
        line: usize,
        /// The column of the second occurrence.
        column: usize,
    },
    /// Arrays and objects nested deeper than [`Limits::max_depth`].
    #[error("nested deeper than {limit} levels at {path} (line {line}, column {column})")]
    TooDeep {
        /// The depth limit.
        limit: usize,
        /// The first array or object beyond it.
        path: JsonPath,
        /// Its line.
        line: usize,
        /// Its column.
        column: usize,
    },
    /// An integer literal beyond ±(2^53−1), which other readers would silently round.
    #[error(
        "integer {literal} at {path} (line {line}, column {column}) is beyond ±(2^53−1) and cannot be read exactly"
    )]
    UnsafeInteger {
        /// The literal, shortened if very long.
        literal: String,
        /// Where it is.
        path: JsonPath,
        /// Its line.
        line: usize,
        /// Its column.
        column: usize,
    },
    /// A number too large for a 64-bit float, or so small it would read as zero.
    #[error(
        "number {literal} at {path} (line {line}, column {column}) is out of range for a 64-bit float"
    )]
    NumberOutOfRange {
        /// The literal, shortened if very long.
        literal: String,
        /// Where it is.
        path: JsonPath,
        /// Its line.
        line: usize,
        /// Its column.
        column: usize,
    },
    /// Valid JSON of the wrong shape for the type asked for.
    #[error("the JSON does not have the expected shape: {reason}")]
    Shape {
        /// serde's description.
        reason: String,
    },
}

/// What the reader was in the middle of when the text ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// A value was expected (after `:`, `,`, `[` or at the start).
    BeforeValue,
    /// Inside an object, before its closing `}`.
    InObject,
    /// Inside an array, before its closing `]`.
    InArray,
    /// Inside a string, before its closing `"`.
    InString,
    /// Inside a number.
    InNumber,
    /// Inside `true`, `false` or `null`.
    InLiteral(&'static str),
}

impl fmt::Display for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Context::BeforeValue => f.write_str("where a value should start"),
            Context::InObject => f.write_str("inside an object (no closing '}')"),
            Context::InArray => f.write_str("inside an array (no closing ']')"),
            Context::InString => f.write_str("inside a string (no closing '\"')"),
            Context::InNumber => f.write_str("inside a number"),
            Context::InLiteral(word) => write!(f, "inside '{word}'"),
        }
    }
}

/// What is wrong with text that is not JSON.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SyntaxProblem {
    /// A character where another was expected.
    #[error("expected {expected}, found {}", Shown(*.found))]
    Unexpected {
        /// What would have been valid.
        expected: &'static str,
        /// What is there.
        found: char,
    },
    /// A `,` directly before `]` or `}`.
    #[error("trailing comma before the closing bracket")]
    TrailingComma,
    /// More text after the one JSON value.
    #[error("unexpected {} after the end of the JSON value", Shown(*.found))]
    TrailingText {
        /// The first character after the value.
        found: char,
    },
    /// A backslash followed by a character that is not an escape.
    #[error("invalid escape in a string: a backslash followed by {}", Shown(*.found))]
    InvalidEscape {
        /// The character after the backslash.
        found: char,
    },
    /// `\u` not followed by four hex digits.
    #[error("expected four hex digits after \\u, found {}", Shown(*.found))]
    InvalidUnicodeEscape {
        /// The first character that is not a hex digit.
        found: char,
    },
    /// A raw control character (U+0000–U+001F) inside a string.
    #[error("control character U+{code:04X} inside a string must be written as an escape")]
    ControlCharacter {
        /// Its code point.
        code: u32,
    },
    /// A `\u` escape of half a UTF-16 surrogate pair, which is no character.
    #[error("\\u{code:04X} is half of a UTF-16 surrogate pair without its other half")]
    LoneSurrogate {
        /// The surrogate.
        code: u16,
    },
    /// A number such as `01`.
    #[error("numbers must not start with a 0 followed by more digits")]
    LeadingZero,
}

/// A character as shown in a message: visible ones quoted, invisible ones by code point.
struct Shown(char);

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let character = self.0;
        let code = u32::from(character);
        if character.is_ascii_graphic() {
            write!(f, "'{character}'")
        } else if character.is_control()
            || character.is_whitespace()
            || matches!(code, 0x200B..=0x200F | 0x2060..=0x2064 | 0xFEFF)
        {
            write!(f, "U+{code:04X}")
        } else {
            write!(f, "'{character}' (U+{code:04X})")
        }
    }
}

/// Reads a JSON file with the default [`Limits`].
///
/// # Errors
///
/// Every way the bytes can fail to be strict JSON; see [`JsonError`].
///
/// # Examples
///
/// ```
/// use croqual::attest::json::{self, JsonError};
///
/// let document = json::read(br#"{"score": "72.5"}"#).expect("valid JSON");
/// assert_eq!(document.value["score"], "72.5");
///
/// let error = json::read(br#"{"outcome": "rejected", "outcome": "accepted"}"#).expect_err("should be refused");
/// assert!(matches!(error, JsonError::DuplicateKey { .. }));
/// ```
pub fn read(bytes: &[u8]) -> Result<JsonDocument, JsonError> {
    read_with_limits(bytes, &Limits::default())
}

/// Reads a JSON file with the given limits.
///
/// # Errors
///
/// Every way the bytes can fail to be strict JSON; see [`JsonError`].
pub fn read_with_limits(bytes: &[u8], limits: &Limits) -> Result<JsonDocument, JsonError> {
    let decoded = decode(bytes, limits.max_bytes).map_err(JsonError::from)?;
    let value = parse_text(decoded.text, limits.max_depth)?;
    let notices = if decoded.bom_removed {
        vec![Notice::ByteOrderMarkRemoved]
    } else {
        Vec::new()
    };
    Ok(JsonDocument { value, notices })
}

/// Parses text that is already decoded, such as a document embedded with `include_str!`.
///
/// # Errors
///
/// The syntax and content errors of [`JsonError`]; the encoding ones cannot occur.
pub fn parse_str(text: &str, limits: &Limits) -> Result<Value, JsonError> {
    if text.len() > limits.max_bytes {
        return Err(JsonError::TooLarge {
            size: text.len(),
            limit: limits.max_bytes,
        });
    }
    parse_text(text, limits.max_depth)
}

/// The longest number literal quoted in a message.
const LITERAL_SHOWN: usize = 40;

fn parse_text(text: &str, max_depth: usize) -> Result<Value, JsonError> {
    parser::parse(text, max_depth).map_err(|failure| {
        let (line, column) = line_and_column(text, failure.offset);
        let path = JsonPath::from_innermost_first(failure.segments);
        match failure.kind {
            parser::FailureKind::Empty => JsonError::Empty,
            parser::FailureKind::Truncated(context) => JsonError::Truncated {
                context,
                line,
                column,
            },
            parser::FailureKind::Syntax(problem) => JsonError::Syntax {
                problem,
                line,
                column,
            },
            parser::FailureKind::DuplicateKey(key) => JsonError::DuplicateKey {
                key,
                path,
                line,
                column,
            },
            parser::FailureKind::TooDeep => JsonError::TooDeep {
                limit: max_depth,
                path,
                line,
                column,
            },
            parser::FailureKind::UnsafeInteger(literal) => JsonError::UnsafeInteger {
                literal: shorten(literal),
                path,
                line,
                column,
            },
            parser::FailureKind::NumberOutOfRange(literal) => JsonError::NumberOutOfRange {
                literal: shorten(literal),
                path,
                line,
                column,
            },
        }
    })
}

fn shorten(literal: String) -> String {
    if literal.len() <= LITERAL_SHOWN {
        return literal;
    }
    // Number literals are ASCII, so any byte index is a character boundary.
    format!("{}… ({} digits)", &literal[..LITERAL_SHOWN], literal.len())
}

impl From<DecodeProblem> for JsonError {
    fn from(problem: DecodeProblem) -> JsonError {
        match problem {
            DecodeProblem::Empty => JsonError::Empty,
            DecodeProblem::TooLarge { size, limit } => JsonError::TooLarge { size, limit },
            DecodeProblem::Binary(kind) => JsonError::NotJson { kind },
            DecodeProblem::Encoding(encoding) => JsonError::WrongEncoding { encoding },
            DecodeProblem::InvalidUtf8 {
                offset,
                byte,
                line,
                column,
            } => JsonError::InvalidUtf8 {
                offset,
                byte,
                line,
                column,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        match read(text.as_bytes()) {
            Ok(document) => panic!("{text:?} was accepted as {:?}", document.value),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn invisible_characters_are_shown_by_code_point() {
        assert_eq!(
            error("[1 \u{feff}]"),
            "invalid JSON at line 1, column 4: expected ',' or ']' after an array element, found U+FEFF"
        );
        assert_eq!(
            error("[é]"),
            "invalid JSON at line 1, column 2: expected a value, found 'é' (U+00E9)"
        );
    }

    #[test]
    fn long_literals_are_shortened_in_messages() {
        let digits = "1".repeat(100);
        assert_eq!(
            error(&digits),
            format!(
                "integer {}… (100 digits) at $ (line 1, column 1) is beyond ±(2^53−1) and cannot be read exactly",
                "1".repeat(40)
            )
        );
    }

    #[test]
    fn the_largest_safe_integers_are_read_exactly() {
        let document = read(b"[9007199254740991, -9007199254740991, -0]").expect("valid");
        assert_eq!(
            document.value,
            serde_json::json!([9007199254740991_u64, -9007199254740991_i64, 0])
        );
    }

    #[test]
    fn underflow_to_zero_is_refused_but_a_written_zero_is_not() {
        assert!(error("1e-400").contains("out of range"));
        assert!(read(b"0.000e-400").is_ok());
        assert!(read(b"5e-324").is_ok());
    }

    #[test]
    fn nesting_up_to_the_limit_is_read() {
        let limits = Limits {
            max_depth: 3,
            ..Limits::default()
        };
        assert!(read_with_limits(b"[[{}]]", &limits).is_ok());
        assert_eq!(
            read_with_limits(br#"[[{"a":[]}]]"#, &limits)
                .expect_err("should be refused")
                .to_string(),
            "nested deeper than 3 levels at $[0][0].a (line 1, column 8)"
        );
    }

    #[test]
    fn a_surrogate_pair_escape_reads_as_one_character() {
        let document = read(br#""\ud83d\ude00""#).expect("valid");
        assert_eq!(document.value, "😀");
        assert!(error(r#""\ude00\ud83d""#).contains("\\uDE00 is half"));
    }
}
