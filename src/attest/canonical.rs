//! RFC 8785 (JCS) canonical JSON: the exact bytes croqual signs and digests.
//!
//! [`canonical_bytes`] writes any `Serialize` value with `serde_json_canonicalizer`, which
//! implements RFC 8785's key order (by UTF-16 code units), its string escapes and its number
//! format (ECMAScript `Number.prototype.toString`, via `ryu-js`). [`canonical_value`] writes an
//! already parsed `serde_json::Value` (what verification canonicalises, on every import)
//! directly, about three times faster, and still leaves non-integer numbers to the crate's
//! formatter; tests hold the two writers to the same bytes. Before writing, a guard walks the
//! value and refuses what has no faithful canonical form, where the crate would silently write
//! something else:
//!
//! - NaN and ±infinity (serde_json writes them as `null` when they are nested in a struct or a
//!   map, and `serde_json::to_value` turns them into `null` too, so the guard looks at the
//!   original serde stream, not at a `serde_json::Value` made from it);
//! - integers beyond ±(2^53−1), which the crate writes as the nearest double
//!   (9007199254740993 becomes 9007199254740992);
//! - single-precision floats, whose widening to a double changes their text (0.55 becomes
//!   0.550000011920929);
//! - map keys that are neither strings, integers nor enum names.
//!
//! Signed croqual payloads go further and carry no floating-point numbers at all: weights and
//! counts are integers, scores are decimal strings ("72.5"). Finite doubles are still
//! canonicalised here (the RFC 8785 reference data and the shared cases need them), and a
//! double's canonical text is the shortest one that reads back to the same double, so
//! `0.55_f64` is written `0.55`.
//!
//! # Examples
//!
//! ```
//! use croqual::attest::canonical::{canonical_bytes, CanonicalError};
//! use serde_json::json;
//!
//! let bytes = canonical_bytes(&json!({"b": 1, "a": [true, "x"]})).expect("canonical");
//! assert_eq!(bytes, br#"{"a":[true,"x"],"b":1}"#);
//!
//! let error = canonical_bytes(&vec![f64::NAN]).expect_err("should be refused");
//! assert!(matches!(error, CanonicalError::NotFinite { .. }));
//! ```
//!
//! # Limitations
//!
//! - A typed value is serialised twice (once by the guard, once by the writer), so a
//!   `Serialize` implementation must produce the same stream each time, as derived ones do.
//! - Two writers means two places to get RFC 8785 right. The direct one is small (strings,
//!   keys, integers), and the RFC 8785 reference data, the shared cases and a property test
//!   compare it with serde_json_canonicalizer.
//! - Finite doubles are accepted: a payload that carries one is canonical but depends on every
//!   verifier formatting doubles the ECMAScript way. croqual's own payloads carry none.
//! - The guard and the direct writer recurse without a depth limit of their own, so a value
//!   nested many thousands of levels deep, built in code, could exhaust the stack. Values read
//!   by `attest::json` are at most 64 levels deep, and `envelope::sign` refuses to sign what
//!   the reader would refuse.

mod guard;
mod writer;

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::attest::path::JsonPath;

/// Why a value has no canonical form.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CanonicalError {
    /// The value could not be serialised (its `Serialize` implementation failed, or the
    /// writer refused it, for example because of duplicate keys).
    #[error("cannot write canonical JSON: {0}")]
    Serialize(String),
    /// NaN or an infinity.
    #[error("{value} at {path} is not a finite number and has no canonical JSON form")]
    NotFinite {
        /// Which one.
        value: NonFinite,
        /// Where it is.
        path: JsonPath,
    },
    /// An integer beyond ±(2^53−1).
    #[error(
        "integer {value} at {path} is beyond ±(2^53−1): canonical JSON would round it to {rounded}"
    )]
    UnsafeInteger {
        /// The integer.
        value: String,
        /// What it would have been written as.
        rounded: String,
        /// Where it is.
        path: JsonPath,
    },
    /// A single-precision float.
    #[error(
        "single-precision float {value} at {path}: widening it to a double would change its canonical text; use an integer or a decimal string"
    )]
    SinglePrecisionFloat {
        /// The float, as Rust prints it.
        value: String,
        /// Where it is.
        path: JsonPath,
    },
    /// A map key that canonical JSON cannot write as a string.
    #[error("the map key at {path} is not a string, an integer or an enum name")]
    NonStringKey {
        /// The map entry.
        path: JsonPath,
    },
}

/// A number that JSON cannot hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NonFinite {
    /// Not a number.
    NaN,
    /// +∞.
    PositiveInfinity,
    /// −∞.
    NegativeInfinity,
}

impl fmt::Display for NonFinite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NonFinite::NaN => "NaN",
            NonFinite::PositiveInfinity => "+infinity",
            NonFinite::NegativeInfinity => "-infinity",
        })
    }
}

/// The RFC 8785 canonical bytes of `value`.
///
/// # Errors
///
/// When `value` has no faithful canonical form; see [`CanonicalError`].
pub fn canonical_bytes<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, CanonicalError> {
    check(value)?;
    write(value)
}

/// Checks that `value` has a faithful canonical form, without writing it.
///
/// Useful before `serde_json::to_value`, which would turn a NaN into `null` unnoticed.
///
/// # Errors
///
/// As for [`canonical_bytes`], except the writer's own refusals (duplicate keys).
pub fn check<T: Serialize + ?Sized>(value: &T) -> Result<(), CanonicalError> {
    value.serialize(guard::Guard).map_err(guard::into_error)
}

/// The RFC 8785 canonical bytes of a parsed JSON value.
///
/// Gives the same bytes as [`canonical_bytes`], faster: a parsed value is written directly
/// (strings, keys and integers by croqual, other numbers by serde_json_canonicalizer), and
/// since a `Value` cannot hold NaN or infinities only its integers are checked.
///
/// # Errors
///
/// [`CanonicalError::UnsafeInteger`] for an integer beyond ±(2^53−1).
pub fn canonical_value(value: &Value) -> Result<Vec<u8>, CanonicalError> {
    writer::canonical_value(value)
}

fn write<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, CanonicalError> {
    serde_json_canonicalizer::to_vec(&value)
        .map_err(|error| CanonicalError::Serialize(error.to_string()))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use serde_json::json;

    #[derive(Serialize)]
    struct Weights {
        name: &'static str,
        weights: BTreeMap<&'static str, f64>,
    }

    #[test]
    fn nan_nested_in_a_struct_is_refused_instead_of_written_as_null() {
        let value = Weights {
            name: "GOV",
            weights: BTreeMap::from([("a", 1.0), ("b", f64::NAN)]),
        };
        // What the unguarded writer does, and why the guard exists.
        assert_eq!(
            serde_json_canonicalizer::to_vec(&value).ok(),
            Some(br#"{"name":"GOV","weights":{"a":1,"b":null}}"#.to_vec())
        );
        assert_eq!(
            canonical_bytes(&value)
                .expect_err("should be refused")
                .to_string(),
            "NaN at $.weights.b is not a finite number and has no canonical JSON form"
        );
    }

    #[test]
    fn infinities_are_refused_with_their_sign() {
        assert_eq!(
            canonical_bytes(&[1.0, f64::NEG_INFINITY]).expect_err("should be refused"),
            CanonicalError::NotFinite {
                value: NonFinite::NegativeInfinity,
                path: JsonPath::root().child(crate::attest::path::Segment::Index(1)),
            }
        );
        assert!(canonical_bytes(&Some(f64::INFINITY)).is_err());
    }

    #[test]
    fn an_unsafe_integer_is_refused_instead_of_rounded() {
        assert_eq!(
            serde_json_canonicalizer::to_vec(&json!({"count": 9007199254740993_u64})).ok(),
            Some(br#"{"count":9007199254740992}"#.to_vec())
        );
        assert_eq!(
            canonical_bytes(&json!({"count": 9007199254740993_u64}))
                .expect_err("should be refused")
                .to_string(),
            "integer 9007199254740993 at $.count is beyond ±(2^53−1): canonical JSON would round it to 9007199254740992"
        );
        assert!(canonical_value(&json!([-9007199254740992_i64])).is_err());
        assert!(canonical_bytes(&u128::MAX).is_err());
        assert!(canonical_bytes(&i128::MIN).is_err());
    }

    #[test]
    fn the_largest_safe_integers_are_written_exactly() {
        let bytes = canonical_bytes(&(9007199254740991_u64, -9007199254740991_i64, 0_i128))
            .expect("canonical");
        assert_eq!(bytes, b"[9007199254740991,-9007199254740991,0]");
    }

    #[test]
    fn an_unsafe_integer_map_key_is_refused() {
        let map = BTreeMap::from([(9007199254740993_u64, "x")]);
        assert!(matches!(
            canonical_bytes(&map),
            Err(CanonicalError::UnsafeInteger { .. })
        ));
        assert_eq!(
            canonical_bytes(&BTreeMap::from([(7_u8, "x")])).ok(),
            Some(br#"{"7":"x"}"#.to_vec())
        );
    }

    #[test]
    fn single_precision_floats_are_refused() {
        assert_eq!(
            canonical_bytes(&json!(null)).ok(),
            Some(b"null".to_vec()),
            "sanity"
        );
        assert_eq!(
            canonical_bytes(&BTreeMap::from([("AC", 0.55_f32)]))
                .expect_err("should be refused")
                .to_string(),
            "single-precision float 0.55 at $.AC: widening it to a double would change its canonical text; use an integer or a decimal string"
        );
    }

    #[test]
    fn enum_variants_name_their_place_in_the_path() {
        #[derive(Serialize)]
        enum Claim {
            Score { value: f64 },
        }
        assert_eq!(
            canonical_bytes(&vec![Claim::Score { value: f64::NAN }])
                .expect_err("should be refused")
                .to_string(),
            "NaN at $[0].Score.value is not a finite number and has no canonical JSON form"
        );
    }

    #[test]
    fn a_typed_value_and_its_json_value_have_the_same_canonical_bytes() {
        let value = Weights {
            name: "GOV",
            weights: BTreeMap::from([("é", 0.55), ("z", 10.0)]),
        };
        let as_value = serde_json::to_value(&value).expect("serialisable");
        assert_eq!(
            canonical_bytes(&value).ok(),
            canonical_value(&as_value).ok()
        );
    }
}
