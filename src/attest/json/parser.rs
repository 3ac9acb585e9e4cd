//! A recursive-descent RFC 8259 parser that builds a `serde_json::Value` and refuses what the
//! signed formats must not contain: duplicate keys, unsafe integers, out-of-range numbers,
//! lone surrogates and nesting deeper than the limit.

use serde_json::{Map, Number, Value};

use super::{Context, SyntaxProblem};
use crate::attest::MAX_SAFE_INTEGER;
use crate::attest::path::Segment;

/// Why parsing stopped, located by byte offset; the caller turns it into a `JsonError`.
#[derive(Debug)]
pub(super) struct Failure {
    pub(super) kind: FailureKind,
    pub(super) offset: usize,
    /// The path to the failing value, innermost first: each enclosing container adds its step
    /// as the error travels out, so the success path never maintains a path.
    pub(super) segments: Vec<Segment>,
}

#[derive(Debug)]
pub(super) enum FailureKind {
    Empty,
    Truncated(Context),
    Syntax(SyntaxProblem),
    DuplicateKey(String),
    TooDeep,
    UnsafeInteger(String),
    NumberOutOfRange(String),
}

/// Parses `text` as one JSON value surrounded by optional whitespace.
pub(super) fn parse(text: &str, max_depth: usize) -> Result<Value, Failure> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        max_depth,
    };
    parser.skip_whitespace();
    if parser.pos == parser.bytes.len() {
        return Err(parser.fail(FailureKind::Empty));
    }
    let value = parser.value(0)?;
    parser.skip_whitespace();
    if parser.pos < parser.bytes.len() {
        let found = parser.found();
        return Err(parser.fail(FailureKind::Syntax(SyntaxProblem::TrailingText { found })));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    max_depth: usize,
}

impl Parser<'_> {
    fn value(&mut self, depth: usize) -> Result<Value, Failure> {
        match self.peek() {
            None => Err(self.fail(FailureKind::Truncated(Context::BeforeValue))),
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.unexpected("a value")),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, Failure> {
        if depth > self.max_depth {
            return Err(self.fail(FailureKind::TooDeep));
        }
        self.pos += 1;
        let mut map = Map::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Object(map));
        }
        loop {
            self.skip_whitespace();
            match self.peek() {
                Some(b'"') => {}
                None => return Err(self.fail(FailureKind::Truncated(Context::InObject))),
                Some(b'}') if !map.is_empty() => {
                    return Err(self.fail(FailureKind::Syntax(SyntaxProblem::TrailingComma)));
                }
                Some(_) => return Err(self.unexpected("a key in double quotes")),
            }
            let key_offset = self.pos;
            let key = self.string()?;
            if map.contains_key(&key) {
                return Err(Failure {
                    kind: FailureKind::DuplicateKey(key),
                    offset: key_offset,
                    segments: Vec::new(),
                });
            }
            self.skip_whitespace();
            match self.peek() {
                Some(b':') => self.pos += 1,
                None => return Err(self.fail(FailureKind::Truncated(Context::InObject))),
                Some(_) => return Err(self.unexpected("':' after the key")),
            }
            self.skip_whitespace();
            let value = match self.value(depth) {
                Ok(value) => value,
                Err(mut failure) => {
                    failure.segments.push(Segment::Key(key));
                    return Err(failure);
                }
            };
            map.insert(key, value);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(map));
                }
                None => return Err(self.fail(FailureKind::Truncated(Context::InObject))),
                Some(_) => return Err(self.unexpected("',' or '}' after an object member")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, Failure> {
        if depth > self.max_depth {
            return Err(self.fail(FailureKind::TooDeep));
        }
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_whitespace();
            if self.peek() == Some(b']') && !items.is_empty() {
                return Err(self.fail(FailureKind::Syntax(SyntaxProblem::TrailingComma)));
            }
            match self.value(depth) {
                Ok(value) => items.push(value),
                Err(mut failure) => {
                    failure.segments.push(Segment::Index(items.len()));
                    return Err(failure);
                }
            }
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                None => return Err(self.fail(FailureKind::Truncated(Context::InArray))),
                Some(_) => return Err(self.unexpected("',' or ']' after an array element")),
            }
        }
    }

    fn literal(&mut self, word: &'static str, value: Value) -> Result<Value, Failure> {
        for expected in word.bytes() {
            match self.peek() {
                Some(byte) if byte == expected => self.pos += 1,
                None => return Err(self.fail(FailureKind::Truncated(Context::InLiteral(word)))),
                Some(_) => {
                    let expected = match word {
                        "true" => "'true'",
                        "false" => "'false'",
                        _ => "'null'",
                    };
                    return Err(self.unexpected(expected));
                }
            }
        }
        Ok(value)
    }

    /// Reads a string whose opening quote is at `pos`.
    fn string(&mut self) -> Result<String, Failure> {
        self.pos += 1;
        let start = self.pos;
        // Fast path: most strings hold no escape, so they are one slice of the input.
        loop {
            match self.peek() {
                Some(b'"') => {
                    let text = &self.text[start..self.pos];
                    self.pos += 1;
                    return Ok(text.to_owned());
                }
                Some(b'\\') => break,
                Some(byte) if byte < 0x20 => return Err(self.control_character(byte)),
                Some(_) => self.pos += 1,
                None => return Err(self.fail(FailureKind::Truncated(Context::InString))),
            }
        }

        let mut out = String::with_capacity(self.pos - start + 16);
        out.push_str(&self.text[start..self.pos]);
        let mut run = self.pos;
        loop {
            match self.peek() {
                Some(b'"') => {
                    out.push_str(&self.text[run..self.pos]);
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(&self.text[run..self.pos]);
                    self.escape(&mut out)?;
                    run = self.pos;
                }
                Some(byte) if byte < 0x20 => return Err(self.control_character(byte)),
                Some(_) => self.pos += 1,
                None => return Err(self.fail(FailureKind::Truncated(Context::InString))),
            }
        }
    }

    /// Reads the escape whose backslash is at `pos` and appends the character it stands for.
    fn escape(&mut self, out: &mut String) -> Result<(), Failure> {
        let backslash = self.pos;
        self.pos += 1;
        let Some(letter) = self.peek() else {
            return Err(self.fail(FailureKind::Truncated(Context::InString)));
        };
        let simple = match letter {
            b'"' => Some('"'),
            b'\\' => Some('\\'),
            b'/' => Some('/'),
            b'b' => Some('\u{8}'),
            b'f' => Some('\u{c}'),
            b'n' => Some('\n'),
            b'r' => Some('\r'),
            b't' => Some('\t'),
            _ => None,
        };
        if let Some(character) = simple {
            self.pos += 1;
            out.push(character);
            return Ok(());
        }
        if letter != b'u' {
            let found = self.found();
            return Err(self.fail(FailureKind::Syntax(SyntaxProblem::InvalidEscape { found })));
        }

        self.pos += 1;
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                // A high surrogate stands for a character only together with a low one.
                let low = if self.bytes[self.pos..].starts_with(b"\\u") {
                    self.pos += 2;
                    self.hex4()?
                } else {
                    0
                };
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return Err(self.lone_surrogate(first, backslash));
                }
                0x10000 + ((u32::from(first) - 0xD800) << 10) + (u32::from(low) - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.lone_surrogate(first, backslash)),
            _ => u32::from(first),
        };
        let character = char::from_u32(code).expect("invariant: surrogates were handled above");
        out.push(character);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u16, Failure> {
        let mut code = 0u16;
        for _ in 0..4 {
            let digit = match self.peek() {
                Some(byte @ b'0'..=b'9') => byte - b'0',
                Some(byte @ b'a'..=b'f') => byte - b'a' + 10,
                Some(byte @ b'A'..=b'F') => byte - b'A' + 10,
                None => return Err(self.fail(FailureKind::Truncated(Context::InString))),
                Some(_) => {
                    let found = self.found();
                    return Err(self.fail(FailureKind::Syntax(
                        SyntaxProblem::InvalidUnicodeEscape { found },
                    )));
                }
            };
            code = code << 4 | u16::from(digit);
            self.pos += 1;
        }
        Ok(code)
    }

    fn number(&mut self) -> Result<Value, Failure> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if matches!(self.peek(), Some(b'0'..=b'9')) {
                    return Err(self.fail(FailureKind::Syntax(SyntaxProblem::LeadingZero)));
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            None => return Err(self.fail(FailureKind::Truncated(Context::InNumber))),
            Some(_) => return Err(self.unexpected("a digit")),
        }
        let integer_end = self.pos;
        let mut is_integer = true;
        if self.peek() == Some(b'.') {
            is_integer = false;
            self.pos += 1;
            self.required_digits("a digit after '.'")?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            is_integer = false;
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            self.required_digits("a digit in the exponent")?;
        }
        let literal = &self.text[start..self.pos];

        if is_integer {
            let digits = &self.text[start + usize::from(negative)..integer_end];
            // More than 16 digits is always beyond 2^53 - 1 (16 digits); parse only what fits.
            let magnitude = if digits.len() <= 16 {
                digits.parse::<u64>().ok()
            } else {
                None
            };
            return match magnitude {
                Some(magnitude) if magnitude <= MAX_SAFE_INTEGER => {
                    let number = if negative {
                        Number::from(-i64::try_from(magnitude).expect("invariant: below 2^53"))
                    } else {
                        Number::from(magnitude)
                    };
                    Ok(Value::Number(number))
                }
                _ => Err(self.fail_at(start, FailureKind::UnsafeInteger(literal.to_owned()))),
            };
        }

        // serde_json's parser, with `float_roundtrip`, is correctly rounded and accepts every
        // JSON number literal; using it rather than the standard library's keeps a second
        // float parser (and its 20 KB table) out of the browser app.
        let parsed = serde_json::from_str::<f64>(literal).ok();
        let underflowed = parsed == Some(0.0) && has_nonzero_mantissa(literal);
        match parsed.and_then(Number::from_f64) {
            Some(number) if !underflowed => Ok(Value::Number(number)),
            _ => Err(self.fail_at(start, FailureKind::NumberOutOfRange(literal.to_owned()))),
        }
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
    }

    fn required_digits(&mut self, expected: &'static str) -> Result<(), Failure> {
        match self.peek() {
            Some(b'0'..=b'9') => {
                self.digits();
                Ok(())
            }
            None => Err(self.fail(FailureKind::Truncated(Context::InNumber))),
            Some(_) => Err(self.unexpected(expected)),
        }
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// The character at `pos`; callers check that there is one.
    fn found(&self) -> char {
        self.text[self.pos..].chars().next().unwrap_or('\0')
    }

    fn unexpected(&self, expected: &'static str) -> Failure {
        let found = self.found();
        self.fail(FailureKind::Syntax(SyntaxProblem::Unexpected {
            expected,
            found,
        }))
    }

    fn control_character(&self, byte: u8) -> Failure {
        self.fail(FailureKind::Syntax(SyntaxProblem::ControlCharacter {
            code: u32::from(byte),
        }))
    }

    fn lone_surrogate(&self, code: u16, backslash: usize) -> Failure {
        self.fail_at(
            backslash,
            FailureKind::Syntax(SyntaxProblem::LoneSurrogate { code }),
        )
    }

    fn fail(&self, kind: FailureKind) -> Failure {
        self.fail_at(self.pos, kind)
    }

    fn fail_at(&self, offset: usize, kind: FailureKind) -> Failure {
        Failure {
            kind,
            offset,
            segments: Vec::new(),
        }
    }
}

/// Whether the digits before the exponent hold anything but zeros, so that a parse result of
/// 0 means the literal underflowed rather than said zero.
fn has_nonzero_mantissa(literal: &str) -> bool {
    literal
        .bytes()
        .take_while(|byte| !matches!(byte, b'e' | b'E'))
        .any(|byte| matches!(byte, b'1'..=b'9'))
}
