//! A serde `Serializer` that writes nothing and refuses what canonical JSON cannot hold.

use std::fmt;

use serde::Serialize;
use serde::ser::{self, Impossible};
use serde_json::Number;

use super::{CanonicalError, NonFinite};
use crate::attest::MAX_SAFE_INTEGER;
use crate::attest::path::{JsonPath, Segment};

/// Checks a serde stream; `Ok` means the canonical writer will write it faithfully.
pub(super) struct Guard;

/// A refusal, with the path collected innermost first while it travels out.
#[derive(Debug)]
pub(super) struct Refusal {
    problem: Problem,
    segments: Vec<Segment>,
}

#[derive(Debug)]
enum Problem {
    NotFinite(NonFinite),
    UnsafeInteger(WideInteger),
    SinglePrecision(f32),
    NonStringKey,
    Custom(String),
}

/// An integer of any width, kept exact for the message.
#[derive(Debug, Clone, Copy)]
enum WideInteger {
    Signed(i128),
    Unsigned(u128),
}

impl Refusal {
    fn new(problem: Problem) -> Refusal {
        Refusal {
            problem,
            segments: Vec::new(),
        }
    }

    pub(super) fn within(mut self, segment: Segment) -> Refusal {
        self.segments.push(segment);
        self
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.problem)
    }
}

impl std::error::Error for Refusal {}

impl ser::Error for Refusal {
    fn custom<T: fmt::Display>(message: T) -> Refusal {
        Refusal::new(Problem::Custom(message.to_string()))
    }
}

/// Turns a refusal into the public error, building the path once.
pub(super) fn into_error(refusal: Refusal) -> CanonicalError {
    let path = JsonPath::from_innermost_first(refusal.segments);
    match refusal.problem {
        Problem::NotFinite(value) => CanonicalError::NotFinite { value, path },
        Problem::UnsafeInteger(value) => {
            let (value, rounded) = match value {
                WideInteger::Signed(value) => (value.to_string(), value as f64),
                WideInteger::Unsigned(value) => (value.to_string(), value as f64),
            };
            CanonicalError::UnsafeInteger {
                value,
                // A double of this size prints as an integer, digit for digit.
                rounded: format!("{rounded}"),
                path,
            }
        }
        Problem::SinglePrecision(value) => CanonicalError::SinglePrecisionFloat {
            value: value.to_string(),
            path,
        },
        Problem::NonStringKey => CanonicalError::NonStringKey { path },
        Problem::Custom(message) => CanonicalError::Serialize(message),
    }
}

/// Checks a number of a parsed value: only integers can be out of range in a `Value`.
pub(super) fn check_number(number: &Number) -> Result<(), Refusal> {
    if let Some(unsigned) = number.as_u64() {
        check_unsigned(u128::from(unsigned))
    } else if let Some(signed) = number.as_i64() {
        check_signed(i128::from(signed))
    } else {
        Ok(())
    }
}

fn check_signed(value: i128) -> Result<(), Refusal> {
    if value.unsigned_abs() <= u128::from(MAX_SAFE_INTEGER) {
        Ok(())
    } else {
        Err(Refusal::new(Problem::UnsafeInteger(WideInteger::Signed(
            value,
        ))))
    }
}

fn check_unsigned(value: u128) -> Result<(), Refusal> {
    if value <= u128::from(MAX_SAFE_INTEGER) {
        Ok(())
    } else {
        Err(Refusal::new(Problem::UnsafeInteger(WideInteger::Unsigned(
            value,
        ))))
    }
}

fn check_float(value: f64) -> Result<(), Refusal> {
    if value.is_nan() {
        Err(Refusal::new(Problem::NotFinite(NonFinite::NaN)))
    } else if value == f64::INFINITY {
        Err(Refusal::new(Problem::NotFinite(
            NonFinite::PositiveInfinity,
        )))
    } else if value == f64::NEG_INFINITY {
        Err(Refusal::new(Problem::NotFinite(
            NonFinite::NegativeInfinity,
        )))
    } else {
        Ok(())
    }
}

impl ser::Serializer for Guard {
    type Ok = ();
    type Error = Refusal;
    type SerializeSeq = Sequence;
    type SerializeTuple = Sequence;
    type SerializeTupleStruct = Sequence;
    type SerializeTupleVariant = Sequence;
    type SerializeMap = Map;
    type SerializeStruct = Fields;
    type SerializeStructVariant = Fields;

    fn serialize_bool(self, _: bool) -> Result<(), Refusal> {
        Ok(())
    }

    fn serialize_i8(self, _: i8) -> Result<(), Refusal> {
        Ok(())
    }

    fn serialize_i16(self, _: i16) -> Result<(), Refusal> {
        Ok(())
    }

    fn serialize_i32(self, _: i32) -> Result<(), Refusal> {
        Ok(())
    }

    fn serialize_i64(self, value: i64) -> Result<(), Refusal> {
        check_signed(i128::from(value))
    }

    fn serialize_i128(self, value: i128) -> Result<(), Refusal> {
        check_signed(value)
    }

    fn serialize_u8(self, _: u8) -> Result<(), Refusal> {
        Ok(())
    }

    fn serialize_u16(self, _: u16) -> Result<(), Refusal> {
        Ok(())
    }

    fn serialize_u32(self, _: u32) -> Result<(), Refusal> {
        Ok(())
    }

    fn serialize_u64(self, value: u64) -> Result<(), Refusal> {
        check_unsigned(u128::from(value))
    }

    fn serialize_u128(self, value: u128) -> Result<(), Refusal> {
        check_unsigned(value)
    }

    fn serialize_f32(self, value: f32) -> Result<(), Refusal> {
        Err(Refusal::new(Problem::SinglePrecision(value)))
    }

    fn serialize_f64(self, value: f64) -> Result<(), Refusal> {
        check_float(value)
    }

    fn serialize_char(self, _: char) -> Result<(), Refusal> {
        Ok(())
    }

    fn serialize_str(self, _: &str) -> Result<(), Refusal> {
        Ok(())
    }

    fn serialize_bytes(self, _: &[u8]) -> Result<(), Refusal> {
        Ok(())
    }

    fn serialize_none(self) -> Result<(), Refusal> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Refusal> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Refusal> {
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Refusal> {
        Ok(())
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<(), Refusal> {
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Refusal> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Refusal> {
        // serde_json writes a newtype variant as `{"Variant": value}`.
        value
            .serialize(Guard)
            .map_err(|refusal| refusal.within(Segment::Key(variant.to_owned())))
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Sequence, Refusal> {
        Ok(Sequence::new(None))
    }

    fn serialize_tuple(self, _: usize) -> Result<Sequence, Refusal> {
        Ok(Sequence::new(None))
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Sequence, Refusal> {
        Ok(Sequence::new(None))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Sequence, Refusal> {
        Ok(Sequence::new(Some(variant)))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Map, Refusal> {
        Ok(Map { key: None })
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Fields, Refusal> {
        Ok(Fields { variant: None })
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Fields, Refusal> {
        Ok(Fields {
            variant: Some(variant),
        })
    }

    fn collect_str<T: fmt::Display + ?Sized>(self, _: &T) -> Result<(), Refusal> {
        Ok(())
    }
}

/// Arrays and tuples, counting positions for the path.
pub(super) struct Sequence {
    index: usize,
    variant: Option<&'static str>,
}

impl Sequence {
    fn new(variant: Option<&'static str>) -> Sequence {
        Sequence { index: 0, variant }
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Refusal> {
        let index = self.index;
        self.index += 1;
        value.serialize(Guard).map_err(|refusal| {
            let refusal = refusal.within(Segment::Index(index));
            match self.variant {
                Some(variant) => refusal.within(Segment::Key(variant.to_owned())),
                None => refusal,
            }
        })
    }
}

impl ser::SerializeSeq for Sequence {
    type Ok = ();
    type Error = Refusal;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Refusal> {
        self.element(value)
    }

    fn end(self) -> Result<(), Refusal> {
        Ok(())
    }
}

impl ser::SerializeTuple for Sequence {
    type Ok = ();
    type Error = Refusal;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Refusal> {
        self.element(value)
    }

    fn end(self) -> Result<(), Refusal> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Sequence {
    type Ok = ();
    type Error = Refusal;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Refusal> {
        self.element(value)
    }

    fn end(self) -> Result<(), Refusal> {
        Ok(())
    }
}

impl ser::SerializeTupleVariant for Sequence {
    type Ok = ();
    type Error = Refusal;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Refusal> {
        self.element(value)
    }

    fn end(self) -> Result<(), Refusal> {
        Ok(())
    }
}

/// Maps, remembering the current key for the path.
pub(super) struct Map {
    key: Option<Segment>,
}

impl ser::SerializeMap for Map {
    type Ok = ();
    type Error = Refusal;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Refusal> {
        let segment = key.serialize(KeyGuard)?;
        self.key = Some(segment);
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Refusal> {
        let key = self.key.take();
        value.serialize(Guard).map_err(|refusal| match key {
            Some(key) => refusal.within(key),
            None => refusal,
        })
    }

    fn end(self) -> Result<(), Refusal> {
        Ok(())
    }
}

/// Structs and struct variants, naming fields in the path.
pub(super) struct Fields {
    variant: Option<&'static str>,
}

impl Fields {
    fn field<T: Serialize + ?Sized>(&self, name: &'static str, value: &T) -> Result<(), Refusal> {
        value.serialize(Guard).map_err(|refusal| {
            let refusal = refusal.within(Segment::Key(name.to_owned()));
            match self.variant {
                Some(variant) => refusal.within(Segment::Key(variant.to_owned())),
                None => refusal,
            }
        })
    }
}

impl ser::SerializeStruct for Fields {
    type Ok = ();
    type Error = Refusal;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Refusal> {
        self.field(name, value)
    }

    fn end(self) -> Result<(), Refusal> {
        Ok(())
    }
}

impl ser::SerializeStructVariant for Fields {
    type Ok = ();
    type Error = Refusal;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Refusal> {
        self.field(name, value)
    }

    fn end(self) -> Result<(), Refusal> {
        Ok(())
    }
}

/// Checks a map key and returns it as a path step. serde_json writes string, integer and
/// enum-name keys as strings; integer keys go through the same double formatting as values,
/// so they get the same range check.
struct KeyGuard;

impl KeyGuard {
    fn refuse<T>() -> Result<T, Refusal> {
        Err(Refusal::new(Problem::NonStringKey))
    }

    fn signed(value: i128) -> Result<Segment, Refusal> {
        check_signed(value)?;
        Ok(Segment::Key(value.to_string()))
    }

    fn unsigned(value: u128) -> Result<Segment, Refusal> {
        check_unsigned(value)?;
        Ok(Segment::Key(value.to_string()))
    }
}

impl ser::Serializer for KeyGuard {
    type Ok = Segment;
    type Error = Refusal;
    type SerializeSeq = Impossible<Segment, Refusal>;
    type SerializeTuple = Impossible<Segment, Refusal>;
    type SerializeTupleStruct = Impossible<Segment, Refusal>;
    type SerializeTupleVariant = Impossible<Segment, Refusal>;
    type SerializeMap = Impossible<Segment, Refusal>;
    type SerializeStruct = Impossible<Segment, Refusal>;
    type SerializeStructVariant = Impossible<Segment, Refusal>;

    fn serialize_str(self, value: &str) -> Result<Segment, Refusal> {
        Ok(Segment::Key(value.to_owned()))
    }

    fn serialize_char(self, value: char) -> Result<Segment, Refusal> {
        Ok(Segment::Key(value.to_string()))
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Segment, Refusal> {
        Ok(Segment::Key(variant.to_owned()))
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Segment, Refusal> {
        value.serialize(self)
    }

    fn serialize_i8(self, value: i8) -> Result<Segment, Refusal> {
        KeyGuard::signed(i128::from(value))
    }

    fn serialize_i16(self, value: i16) -> Result<Segment, Refusal> {
        KeyGuard::signed(i128::from(value))
    }

    fn serialize_i32(self, value: i32) -> Result<Segment, Refusal> {
        KeyGuard::signed(i128::from(value))
    }

    fn serialize_i64(self, value: i64) -> Result<Segment, Refusal> {
        KeyGuard::signed(i128::from(value))
    }

    fn serialize_i128(self, value: i128) -> Result<Segment, Refusal> {
        KeyGuard::signed(value)
    }

    fn serialize_u8(self, value: u8) -> Result<Segment, Refusal> {
        KeyGuard::unsigned(u128::from(value))
    }

    fn serialize_u16(self, value: u16) -> Result<Segment, Refusal> {
        KeyGuard::unsigned(u128::from(value))
    }

    fn serialize_u32(self, value: u32) -> Result<Segment, Refusal> {
        KeyGuard::unsigned(u128::from(value))
    }

    fn serialize_u64(self, value: u64) -> Result<Segment, Refusal> {
        KeyGuard::unsigned(u128::from(value))
    }

    fn serialize_u128(self, value: u128) -> Result<Segment, Refusal> {
        KeyGuard::unsigned(value)
    }

    fn serialize_bool(self, _: bool) -> Result<Segment, Refusal> {
        KeyGuard::refuse()
    }

    fn serialize_f32(self, _: f32) -> Result<Segment, Refusal> {
        KeyGuard::refuse()
    }

    fn serialize_f64(self, _: f64) -> Result<Segment, Refusal> {
        KeyGuard::refuse()
    }

    fn serialize_bytes(self, _: &[u8]) -> Result<Segment, Refusal> {
        KeyGuard::refuse()
    }

    fn serialize_none(self) -> Result<Segment, Refusal> {
        KeyGuard::refuse()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<Segment, Refusal> {
        KeyGuard::refuse()
    }

    fn serialize_unit(self) -> Result<Segment, Refusal> {
        KeyGuard::refuse()
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<Segment, Refusal> {
        KeyGuard::refuse()
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Segment, Refusal> {
        KeyGuard::refuse()
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Refusal> {
        KeyGuard::refuse()
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Refusal> {
        KeyGuard::refuse()
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Refusal> {
        KeyGuard::refuse()
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Refusal> {
        KeyGuard::refuse()
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Refusal> {
        KeyGuard::refuse()
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Refusal> {
        KeyGuard::refuse()
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Refusal> {
        KeyGuard::refuse()
    }

    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Result<Segment, Refusal> {
        Ok(Segment::Key(value.to_string()))
    }
}
