//! Reading a signed payload into its type so that nothing signed goes unseen.
//!
//! serde alone is not strict enough for signed data: a type without `deny_unknown_fields`
//! (several domain types are shared with the app's storage, which must stay lenient) ignores
//! a field it does not know, and a default fills a field that is absent. Either way the
//! sponsor would be shown something other than what was signed. So a payload is read into
//! its type and then written back, and the two must be the same JSON value: every signed
//! field has a place in the type, and every field of the type was signed.

use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde::ser::{self, Impossible};
use serde_json::{Map, Value};

use crate::attest::{JsonPath, Segment};

/// Reads `payload` as `T`, refusing anything `T` would not write back exactly.
///
/// The error is a sentence naming the JSON path of the first value at fault.
pub(crate) fn read_typed<T: DeserializeOwned + Serialize>(payload: &Value) -> Result<T, String> {
    // The fast path reads without tracking the path; only a failure is read again to name it.
    let typed = match T::deserialize(payload) {
        Ok(typed) => typed,
        Err(_) => return Err(located_error::<T>(payload)),
    };
    // The fast path compares while writing, allocating nothing; only a difference is
    // written out in full to find and name it.
    if typed.serialize(Same(payload)).is_ok() {
        return Ok(typed);
    }
    let written = serde_json::to_value(&typed)
        .map_err(|error| format!("the payload cannot be written back: {error}"))?;
    Err(first_difference(payload, &written, &mut Vec::new())
        .unwrap_or_else(|| "the payload does not write back the way it reads".to_owned()))
}

/// serde's error for `payload`, prefixed with the JSON path it occurred at.
fn located_error<T: DeserializeOwned>(payload: &Value) -> String {
    match serde_path_to_error::deserialize::<_, T>(payload) {
        Ok(_) => "the payload does not read the same way twice".to_owned(),
        Err(error) => {
            let path = error.path().to_string();
            let path = if path == "." {
                "$".to_owned()
            } else if path.starts_with('[') {
                format!("${path}")
            } else {
                format!("$.{path}")
            };
            format!("{path}: {}", error.inner())
        }
    }
}

/// The first place where `signed` and `written` differ, as a sentence.
fn first_difference(signed: &Value, written: &Value, path: &mut Vec<Segment>) -> Option<String> {
    let here = |path: &[Segment]| {
        path.iter()
            .cloned()
            .fold(JsonPath::root(), |at, segment| at.child(segment))
    };
    match (signed, written) {
        (Value::Object(signed), Value::Object(written)) => {
            if let Some(field) = signed.keys().find(|key| !written.contains_key(*key)) {
                return Some(format!(
                    "unknown field \"{field}\" at {}: the format has no such field",
                    here(path)
                ));
            }
            if let Some(field) = written.keys().find(|key| !signed.contains_key(*key)) {
                return Some(format!(
                    "missing field \"{field}\" at {}: croqual writes it even when empty",
                    here(path)
                ));
            }
            for (key, value) in signed {
                path.push(Segment::Key(key.clone()));
                let difference = first_difference(value, &written[key], path);
                path.pop();
                if difference.is_some() {
                    return difference;
                }
            }
            None
        }
        (Value::Array(signed), Value::Array(written)) if signed.len() == written.len() => {
            for (index, (signed, written)) in signed.iter().zip(written).enumerate() {
                path.push(Segment::Index(index));
                let difference = first_difference(signed, written, path);
                path.pop();
                if difference.is_some() {
                    return difference;
                }
            }
            None
        }
        (signed, written) if signed == written => None,
        (signed, written) => Some(format!(
            "the value at {} is not written the way croqual writes it: found {}, expected {}",
            here(path),
            shortened(signed),
            shortened(written)
        )),
    }
}

fn shortened(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() <= 80 {
        return text;
    }
    let mut short: String = text.chars().take(77).collect();
    short.push_str("...");
    short
}

/// A serializer that writes nothing and fails as soon as what it is given differs from the
/// JSON value it holds, the way `serde_json::to_value` would write it.
struct Same<'a>(&'a Value);

/// The two differ somewhere; [`first_difference`] says where.
#[derive(Debug)]
struct Differs;

impl fmt::Display for Differs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("differs")
    }
}

impl std::error::Error for Differs {}

impl ser::Error for Differs {
    fn custom<T: fmt::Display>(_: T) -> Differs {
        Differs
    }
}

fn check(is_same: bool) -> Result<(), Differs> {
    if is_same { Ok(()) } else { Err(Differs) }
}

/// The only member of a one-member object, as serde writes enum variants with data.
fn only_member<'a>(value: &'a Value, key: &str) -> Result<&'a Value, Differs> {
    match value {
        Value::Object(map) if map.len() == 1 => map.get(key).ok_or(Differs),
        _ => Err(Differs),
    }
}

impl<'a> ser::Serializer for Same<'a> {
    type Ok = ();
    type Error = Differs;
    type SerializeSeq = SameSeq<'a>;
    type SerializeTuple = SameSeq<'a>;
    type SerializeTupleStruct = SameSeq<'a>;
    type SerializeTupleVariant = SameSeq<'a>;
    type SerializeMap = Impossible<(), Differs>;
    type SerializeStruct = SameStruct<'a>;
    type SerializeStructVariant = SameStruct<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Differs> {
        check(self.0.as_bool() == Some(v))
    }
    fn serialize_i8(self, v: i8) -> Result<(), Differs> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), Differs> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), Differs> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<(), Differs> {
        check(matches!(self.0, Value::Number(n) if !n.is_f64() && n.as_i64() == Some(v)))
    }
    fn serialize_u8(self, v: u8) -> Result<(), Differs> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), Differs> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<(), Differs> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<(), Differs> {
        check(matches!(self.0, Value::Number(n) if !n.is_f64() && n.as_u64() == Some(v)))
    }
    fn serialize_f32(self, v: f32) -> Result<(), Differs> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Differs> {
        check(matches!(self.0, Value::Number(n) if n.is_f64() && n.as_f64() == Some(v)))
    }
    fn serialize_char(self, v: char) -> Result<(), Differs> {
        let mut buffer = [0; 4];
        self.serialize_str(v.encode_utf8(&mut buffer))
    }
    fn serialize_str(self, v: &str) -> Result<(), Differs> {
        check(self.0.as_str() == Some(v))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Differs> {
        Err(Differs)
    }
    fn serialize_none(self) -> Result<(), Differs> {
        check(self.0.is_null())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Differs> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Differs> {
        check(self.0.is_null())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Differs> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Differs> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Differs> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Differs> {
        value.serialize(Same(only_member(self.0, variant)?))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<SameSeq<'a>, Differs> {
        match self.0 {
            Value::Array(items) => Ok(SameSeq { items, next: 0 }),
            _ => Err(Differs),
        }
    }
    fn serialize_tuple(self, len: usize) -> Result<SameSeq<'a>, Differs> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<SameSeq<'a>, Differs> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<SameSeq<'a>, Differs> {
        Same(only_member(self.0, variant)?).serialize_seq(Some(len))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Differs> {
        // No signed payload holds a map; its keys would need serde_json's key rules.
        Err(Differs)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<SameStruct<'a>, Differs> {
        match self.0 {
            Value::Object(members) => Ok(SameStruct { members, seen: 0 }),
            _ => Err(Differs),
        }
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<SameStruct<'a>, Differs> {
        Same(only_member(self.0, variant)?).serialize_struct(variant, len)
    }
}

/// Compares the elements of a sequence one by one.
struct SameSeq<'a> {
    items: &'a [Value],
    next: usize,
}

impl SameSeq<'_> {
    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Differs> {
        let item = self.items.get(self.next).ok_or(Differs)?;
        self.next += 1;
        value.serialize(Same(item))
    }

    fn finish(self) -> Result<(), Differs> {
        check(self.next == self.items.len())
    }
}

impl ser::SerializeSeq for SameSeq<'_> {
    type Ok = ();
    type Error = Differs;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Differs> {
        self.element(value)
    }
    fn end(self) -> Result<(), Differs> {
        self.finish()
    }
}

impl ser::SerializeTuple for SameSeq<'_> {
    type Ok = ();
    type Error = Differs;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Differs> {
        self.element(value)
    }
    fn end(self) -> Result<(), Differs> {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for SameSeq<'_> {
    type Ok = ();
    type Error = Differs;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Differs> {
        self.element(value)
    }
    fn end(self) -> Result<(), Differs> {
        self.finish()
    }
}

impl ser::SerializeTupleVariant for SameSeq<'_> {
    type Ok = ();
    type Error = Differs;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Differs> {
        self.element(value)
    }
    fn end(self) -> Result<(), Differs> {
        self.finish()
    }
}

/// Compares the fields of a struct with the members of an object: each field must be a
/// member, and no member may be left over.
struct SameStruct<'a> {
    members: &'a Map<String, Value>,
    seen: usize,
}

impl SameStruct<'_> {
    fn field<T: ?Sized + Serialize>(&mut self, key: &str, value: &T) -> Result<(), Differs> {
        let member = self.members.get(key).ok_or(Differs)?;
        self.seen += 1;
        value.serialize(Same(member))
    }

    fn finish(self) -> Result<(), Differs> {
        check(self.seen == self.members.len())
    }
}

impl ser::SerializeStruct for SameStruct<'_> {
    type Ok = ();
    type Error = Differs;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Differs> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), Differs> {
        self.finish()
    }
}

impl ser::SerializeStructVariant for SameStruct<'_> {
    type Ok = ();
    type Error = Differs;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Differs> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), Differs> {
        self.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Serialize, Deserialize)]
    struct Lenient {
        name: String,
        #[serde(default)]
        note: String,
        items: Vec<Item>,
    }

    #[derive(Debug, Serialize, Deserialize)]
    struct Item {
        size: u32,
    }

    #[test]
    fn a_field_the_type_ignores_is_refused_with_its_path() {
        let error = read_typed::<Lenient>(
            &json!({"name": "a", "note": "", "items": [{"size": 1}, {"size": 2, "extra": true}]}),
        )
        .expect_err("refused");
        assert_eq!(
            error,
            "unknown field \"extra\" at $.items[1]: the format has no such field"
        );
    }

    #[test]
    fn a_field_left_to_its_default_is_refused() {
        let error = read_typed::<Lenient>(&json!({"name": "a", "items": []})).expect_err("refused");
        assert_eq!(
            error,
            "missing field \"note\" at $: croqual writes it even when empty"
        );
    }

    #[test]
    fn a_wrong_type_is_named_with_its_path() {
        let error =
            read_typed::<Lenient>(&json!({"name": "a", "note": "", "items": [{"size": "big"}]}))
                .expect_err("refused");
        assert_eq!(
            error,
            "$.items[0].size: invalid type: string \"big\", expected u32"
        );
    }

    #[test]
    fn the_fast_comparison_agrees_with_writing_the_value_out() {
        #[derive(Debug, Serialize, Deserialize)]
        #[serde(tag = "kind", rename_all = "snake_case")]
        enum Tagged {
            Plain,
            WithData { text: String, count: i32 },
        }
        #[derive(Debug, Serialize, Deserialize)]
        enum External {
            Newtype(u8),
            Tuple(u8, bool),
            Unit,
        }
        #[derive(Debug, Serialize, Deserialize)]
        struct All {
            tagged: Vec<Tagged>,
            external: Vec<External>,
            optional: Option<u64>,
            negative: i64,
            letter: char,
        }
        let value = json!({
            "tagged": [{"kind": "plain"}, {"kind": "with_data", "text": "é", "count": -3}],
            "external": [{"Newtype": 7}, {"Tuple": [1, true]}, "Unit"],
            "optional": null,
            "negative": -9,
            "letter": "x",
        });
        let typed: All = serde_json::from_value(value.clone()).expect("reads");
        assert!(typed.serialize(Same(&value)).is_ok());
        assert_eq!(serde_json::to_value(&typed).expect("writes"), value);

        for changed in [
            json!({"tagged": [{"kind": "plain", "x": 1}], "external": [], "optional": null, "negative": 0, "letter": "x"}),
            json!({"tagged": [], "external": [], "optional": 1.0, "negative": 0, "letter": "x"}),
            json!({"tagged": [], "external": [], "optional": null, "negative": 0, "letter": "x", "more": 1}),
        ] {
            let typed: Result<All, _> = serde_json::from_value(changed.clone());
            if let Ok(typed) = typed {
                assert!(typed.serialize(Same(&changed)).is_err(), "{changed}");
            }
        }
    }

    #[test]
    fn an_exact_payload_reads() {
        let typed =
            read_typed::<Lenient>(&json!({"name": "a", "note": "n", "items": [{"size": 3}]}))
                .expect("reads");
        assert_eq!(typed.items[0].size, 3);
    }
}
