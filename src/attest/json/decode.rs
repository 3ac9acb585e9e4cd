//! From bytes to text: size limit, binary sniffing, UTF-16/32 detection, BOM, strict UTF-8.

use std::fmt;

/// A kind of binary file that people pick by mistake when they mean a JSON or key file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryKind {
    /// `89 50 4E 47 0D 0A 1A 0A`.
    Png,
    /// `FF D8 FF`.
    Jpeg,
    /// `GIF87a` or `GIF89a`.
    Gif,
    /// `%PDF-`.
    Pdf,
    /// `PK 03 04`: ZIP, and so also Excel (`.xlsx`) and Word (`.docx`) files.
    Zip,
    /// `1F 8B`.
    Gzip,
}

impl fmt::Display for BinaryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BinaryKind::Png => "a PNG image",
            BinaryKind::Jpeg => "a JPEG image",
            BinaryKind::Gif => "a GIF image",
            BinaryKind::Pdf => "a PDF document",
            BinaryKind::Zip => "a ZIP archive, such as an Excel or Word file",
            BinaryKind::Gzip => "a gzip-compressed file",
        })
    }
}

/// A text encoding croqual recognises but does not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-16, little-endian (what Windows tools call "Unicode").
    Utf16Le,
    /// UTF-16, big-endian.
    Utf16Be,
    /// UTF-32, little-endian.
    Utf32Le,
    /// UTF-32, big-endian.
    Utf32Be,
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TextEncoding::Utf16Le => "UTF-16 (little-endian)",
            TextEncoding::Utf16Be => "UTF-16 (big-endian)",
            TextEncoding::Utf32Le => "UTF-32 (little-endian)",
            TextEncoding::Utf32Be => "UTF-32 (big-endian)",
        })
    }
}

/// Bytes that decoded to UTF-8 text.
pub(crate) struct Decoded<'a> {
    pub(crate) text: &'a str,
    pub(crate) bom_removed: bool,
}

/// Why bytes are not text croqual reads. Each reader turns it into its own error.
#[derive(Debug)]
pub(crate) enum DecodeProblem {
    Empty,
    TooLarge {
        size: usize,
        limit: usize,
    },
    Binary(BinaryKind),
    Encoding(TextEncoding),
    InvalidUtf8 {
        offset: usize,
        byte: u8,
        line: usize,
        column: usize,
    },
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes `bytes` as strict UTF-8, after checking the size first and removing one BOM.
pub(crate) fn decode(bytes: &[u8], max_bytes: usize) -> Result<Decoded<'_>, DecodeProblem> {
    // The size comes first so that nothing below ever scans an oversized input.
    if bytes.len() > max_bytes {
        return Err(DecodeProblem::TooLarge {
            size: bytes.len(),
            limit: max_bytes,
        });
    }
    if bytes.is_empty() {
        return Err(DecodeProblem::Empty);
    }
    if let Some(kind) = sniff_binary(bytes) {
        return Err(DecodeProblem::Binary(kind));
    }
    if let Some(encoding) = sniff_wide_encoding(bytes) {
        return Err(DecodeProblem::Encoding(encoding));
    }

    let (rest, bom_removed) = match bytes.strip_prefix(UTF8_BOM) {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    if rest.is_empty() {
        return Err(DecodeProblem::Empty);
    }
    match std::str::from_utf8(rest) {
        Ok(text) => Ok(Decoded { text, bom_removed }),
        Err(error) => {
            let valid = error.valid_up_to();
            // The prefix up to `valid` is UTF-8 by definition of `valid_up_to`.
            let prefix = std::str::from_utf8(&rest[..valid]).unwrap_or_default();
            let (line, column) = line_and_column(prefix, prefix.len());
            Err(DecodeProblem::InvalidUtf8 {
                offset: valid + if bom_removed { UTF8_BOM.len() } else { 0 },
                byte: rest[valid],
                line,
                column,
            })
        }
    }
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
pub(crate) fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let line_start = before
        .iter()
        .rposition(|&byte| byte == b'\n')
        .map_or(0, |newline| newline + 1);
    let line = 1 + before.iter().filter(|&&byte| byte == b'\n').count();
    // Counting characters, not bytes: continuation bytes do not start a character.
    let column = 1 + before[line_start..]
        .iter()
        .filter(|&&byte| byte & 0xC0 != 0x80)
        .count();
    (line, column)
}

fn sniff_binary(bytes: &[u8]) -> Option<BinaryKind> {
    const MAGIC: &[(&[u8], BinaryKind)] = &[
        (b"\x89PNG\r\n\x1a\n", BinaryKind::Png),
        (b"\xFF\xD8\xFF", BinaryKind::Jpeg),
        (b"GIF87a", BinaryKind::Gif),
        (b"GIF89a", BinaryKind::Gif),
        (b"%PDF-", BinaryKind::Pdf),
        (b"PK\x03\x04", BinaryKind::Zip),
        (b"\x1F\x8B", BinaryKind::Gzip),
    ];
    MAGIC
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|&(_, kind)| kind)
}

/// Recognises UTF-16 and UTF-32 by their byte-order mark or, without one, by the zero bytes
/// around the first character: JSON and key files start with an ASCII character, which these
/// encodings pad with zeros.
fn sniff_wide_encoding(bytes: &[u8]) -> Option<TextEncoding> {
    let at = |index: usize| bytes.get(index).copied();
    let ascii = |byte: Option<u8>| matches!(byte, Some(1..=0x7F));
    let even = bytes.len().is_multiple_of(2);
    match (at(0), at(1), at(2), at(3)) {
        (Some(0xFF), Some(0xFE), Some(0), Some(0)) => Some(TextEncoding::Utf32Le),
        (Some(0), Some(0), Some(0xFE), Some(0xFF)) => Some(TextEncoding::Utf32Be),
        (Some(0xFF), Some(0xFE), ..) => Some(TextEncoding::Utf16Le),
        (Some(0xFE), Some(0xFF), ..) => Some(TextEncoding::Utf16Be),
        (Some(0), Some(0), Some(0), fourth) if ascii(fourth) => Some(TextEncoding::Utf32Be),
        (first, Some(0), Some(0), Some(0)) if ascii(first) => Some(TextEncoding::Utf32Le),
        // Two characters' worth, so that one stray NUL in a short file is not taken for UTF-16.
        (Some(0), second, Some(0), _) if ascii(second) && even => Some(TextEncoding::Utf16Be),
        (first, Some(0), _, Some(0)) if ascii(first) && even => Some(TextEncoding::Utf16Le),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(line_and_column("é\nab", 5), (2, 3));
        assert_eq!(line_and_column("éa", 3), (1, 3));
        assert_eq!(line_and_column("", 0), (1, 1));
    }

    #[test]
    fn wide_encodings_are_recognised_with_and_without_a_byte_order_mark() {
        let cases: [(&[u8], Option<TextEncoding>); 9] = [
            (b"\xFF\xFE{\x00", Some(TextEncoding::Utf16Le)),
            (b"\xFE\xFF\x00{", Some(TextEncoding::Utf16Be)),
            (b"{\x00\"\x00", Some(TextEncoding::Utf16Le)),
            (b"\x00{\x00\"", Some(TextEncoding::Utf16Be)),
            (b"{\x00\x00\x00", Some(TextEncoding::Utf32Le)),
            (b"\x00\x00\x00{", Some(TextEncoding::Utf32Be)),
            (b"{}", None),
            (b"[\x00]", None),
            (b"1\x00", None),
        ];
        for (bytes, expected) in cases {
            assert_eq!(sniff_wide_encoding(bytes), expected, "{bytes:?}");
        }
    }

    #[test]
    fn an_invalid_byte_is_located_in_the_original_file_including_the_bom() {
        let Err(DecodeProblem::InvalidUtf8 {
            offset,
            byte,
            line,
            column,
        }) = decode(b"\xEF\xBB\xBF{\n\"\xE9\"}", 100)
        else {
            panic!("expected invalid UTF-8");
        };
        assert_eq!((offset, byte, line, column), (6, 0xE9, 2, 2));
    }
}
