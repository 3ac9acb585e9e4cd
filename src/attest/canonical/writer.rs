//! A direct RFC 8785 writer for `serde_json::Value`, the hot path of verification.
//!
//! serde_json_canonicalizer buffers every object member separately and re-parses each key to
//! sort it, which made canonicalisation more than half of the time spent verifying a
//! submission. A parsed value is already a tree of strings, numbers and maps, so writing it
//! directly is short. Numbers other than integers are still formatted by
//! serde_json_canonicalizer (ECMAScript `Number.prototype.toString`), and tests check that both
//! writers give the same bytes for the RFC 8785 reference data and for generated values.

use serde_json::{Number, Value};

use super::CanonicalError;
use super::guard::{Refusal, check_number};
use crate::attest::path::Segment;

/// Writes `value` canonically after `out`, refusing unsafe integers on the way.
pub(super) fn write_value(value: &Value, out: &mut Vec<u8>) -> Result<(), Refusal> {
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Number(number) => write_number(number, out)?,
        Value::String(text) => write_string(text, out),
        Value::Array(items) => {
            out.push(b'[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(b',');
                }
                write_value(item, out).map_err(|refusal| refusal.within(Segment::Index(index)))?;
            }
            out.push(b']');
        }
        Value::Object(map) => {
            // RFC 8785 §3.2.3: members sorted by the UTF-16 code units of their keys. Never rely
            // on the map's own order: serde_json's `preserve_order` feature would change it.
            let mut members: Vec<(&String, &Value)> = map.iter().collect();
            members.sort_by(|(a, _), (b, _)| a.encode_utf16().cmp(b.encode_utf16()));
            out.push(b'{');
            for (index, (key, item)) in members.into_iter().enumerate() {
                if index > 0 {
                    out.push(b',');
                }
                write_string(key, out);
                out.push(b':');
                write_value(item, out)
                    .map_err(|refusal| refusal.within(Segment::Key(key.clone())))?;
            }
            out.push(b'}');
        }
    }
    Ok(())
}

fn write_number(number: &Number, out: &mut Vec<u8>) -> Result<(), Refusal> {
    check_number(number)?;
    if let Some(unsigned) = number.as_u64() {
        out.extend_from_slice(unsigned.to_string().as_bytes());
    } else if let Some(signed) = number.as_i64() {
        out.extend_from_slice(signed.to_string().as_bytes());
    } else {
        // ECMAScript number formatting is subtle (exponent thresholds, shortest round trip,
        // -0); the crate's formatter is the reference, so it formats every non-integer.
        let text = serde_json_canonicalizer::to_vec(number)
            .map_err(<Refusal as serde::ser::Error>::custom)?;
        out.extend_from_slice(&text);
    }
    Ok(())
}

/// RFC 8785 §3.2.2.2: `"` and `\` escaped, U+0000–U+001F as `\b \t \n \f \r` or `\u00xx`
/// (lowercase hex), everything else written as it is.
fn write_string(text: &str, out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut run = 0;
    for (index, &byte) in bytes.iter().enumerate() {
        let escape: &[u8] = match byte {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            0x0C => b"\\f",
            b'\r' => b"\\r",
            0x00..=0x1F => &[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(byte >> 4)],
                HEX[usize::from(byte & 0xF)],
            ],
            _ => continue,
        };
        out.extend_from_slice(&bytes[run..index]);
        out.extend_from_slice(escape);
        run = index + 1;
    }
    out.extend_from_slice(&bytes[run..]);
    out.push(b'"');
}

/// The canonical bytes of a parsed value.
pub(super) fn canonical_value(value: &Value) -> Result<Vec<u8>, CanonicalError> {
    let mut out = Vec::with_capacity(1024);
    write_value(value, &mut out).map_err(super::guard::into_error)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn both(value: &Value) -> (Vec<u8>, Vec<u8>) {
        let ours = canonical_value(value).expect("canonical");
        let theirs = serde_json_canonicalizer::to_vec(value).expect("canonical");
        (ours, theirs)
    }

    #[test]
    fn every_control_character_and_the_specials_are_written_as_the_crate_writes_them() {
        let all: String = (0u8..0x80).map(char::from).collect();
        let value = json!({
            "ascii": all,
            "raw": "\u{7f}\u{80}\u{2028}\u{2029}\u{feff}😀/",
        });
        let (ours, theirs) = both(&value);
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&theirs)
        );
    }

    #[test]
    fn keys_sort_by_utf16_code_units_not_by_code_points() {
        let value = json!({"\u{ff20}": 1, "😀": 2, "\u{fb33}": 3, "a": 4, "": 5});
        let (ours, theirs) = both(&value);
        assert_eq!(ours, theirs);
        assert_eq!(
            String::from_utf8(ours).expect("UTF-8"),
            "{\"\":5,\"a\":4,\"😀\":2,\"\u{fb33}\":3,\"\u{ff20}\":1}"
        );
    }

    #[test]
    fn numbers_are_written_as_the_crate_writes_them() {
        let value = json!([
            0,
            -0.0,
            1,
            -1,
            9007199254740991_u64,
            -9007199254740991_i64,
            0.1,
            1e20,
            1e21,
            1e-7,
            1e-6,
            5e-324,
            1.7976931348623157e308,
            333333333.3333333,
            4.50
        ]);
        let (ours, theirs) = both(&value);
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&theirs)
        );
    }
}
