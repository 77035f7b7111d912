//! Wire names of the output enums: `as_str()` and `Display` give the word the JSON output writes
//! (`dibao::DibaoStatus::GradualExit` → `gradual_exit`).
//!
//! The name is taken from the enum's own `Serialize` (serde hands a unit variant's renamed name
//! over as a `&'static str`), so it cannot drift from the output, and a variant added to a rule's
//! enum has its name at once.
//!
//! [`text_of`] reads a string value the same way, for a door that keeps its own objects by their
//! text (the Python door's money).

use std::fmt;

use serde::Serialize;
use serde::ser::{self, Impossible};

/// The wire name of a unit variant ("" for anything else, which no output enum is). Doors that
/// flatten output (the Python tables) read enum words here too.
pub fn name_of<T: Serialize>(value: &T) -> &'static str {
    value.serialize(Name).unwrap_or("")
}

#[derive(Debug)]
struct NotUnit;

impl fmt::Display for NotUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a unit variant")
    }
}

impl std::error::Error for NotUnit {}

impl ser::Error for NotUnit {
    fn custom<T: fmt::Display>(_: T) -> Self {
        NotUnit
    }
}

struct Name;

macro_rules! refuse {
    ($($f:ident($($t:ty),*)),*) => {
        $(fn $f(self, $(_: $t),*) -> Result<Self::Ok, NotUnit> { Err(NotUnit) })*
    };
}

macro_rules! refuse_compound {
    ($($f:ident($($t:ty),*) -> $ret:ident),*) => {
        $(fn $f(self, $(_: $t),*) -> Result<Self::$ret, NotUnit> { Err(NotUnit) })*
    };
}

/// What both serializers here refuse: every value but a string and a unit variant (each takes
/// one of the two and refuses the other itself).
macro_rules! refuse_the_rest {
    () => {
        refuse!(
            serialize_bool(bool),
            serialize_i8(i8),
            serialize_i16(i16),
            serialize_i32(i32),
            serialize_i64(i64),
            serialize_u8(u8),
            serialize_u16(u16),
            serialize_u32(u32),
            serialize_u64(u64),
            serialize_f32(f32),
            serialize_f64(f64),
            serialize_char(char),
            serialize_bytes(&[u8]),
            serialize_none(),
            serialize_unit(),
            serialize_unit_struct(&'static str)
        );
        refuse_compound!(
            serialize_seq(Option<usize>) -> SerializeSeq,
            serialize_tuple(usize) -> SerializeTuple,
            serialize_tuple_struct(&'static str, usize) -> SerializeTupleStruct,
            serialize_tuple_variant(&'static str, u32, &'static str, usize) -> SerializeTupleVariant,
            serialize_map(Option<usize>) -> SerializeMap,
            serialize_struct(&'static str, usize) -> SerializeStruct,
            serialize_struct_variant(&'static str, u32, &'static str, usize) -> SerializeStructVariant
        );
        fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<Self::Ok, NotUnit> {
            Err(NotUnit)
        }
        fn serialize_newtype_struct<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: &T,
        ) -> Result<Self::Ok, NotUnit> {
            Err(NotUnit)
        }
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<Self::Ok, NotUnit> {
            Err(NotUnit)
        }
    };
}

/// `f` of a string value's text (`None` for anything else), without copying it: a door that
/// keeps its own objects by their text reads money's (`MONEY_TOKEN`'s inner value) here.
pub fn text_of<T: Serialize + ?Sized, R>(value: &T, f: impl FnOnce(&str) -> R) -> Option<R> {
    value.serialize(Text(f)).ok()
}

struct Text<F>(F);

impl<R, F: FnOnce(&str) -> R> ser::Serializer for Text<F> {
    type Ok = R;
    type Error = NotUnit;
    type SerializeSeq = Impossible<R, NotUnit>;
    type SerializeTuple = Impossible<R, NotUnit>;
    type SerializeTupleStruct = Impossible<R, NotUnit>;
    type SerializeTupleVariant = Impossible<R, NotUnit>;
    type SerializeMap = Impossible<R, NotUnit>;
    type SerializeStruct = Impossible<R, NotUnit>;
    type SerializeStructVariant = Impossible<R, NotUnit>;

    fn serialize_str(self, v: &str) -> Result<R, NotUnit> {
        Ok((self.0)(v))
    }

    refuse!(serialize_unit_variant(&'static str, u32, &'static str));
    refuse_the_rest!();
}

impl ser::Serializer for Name {
    type Ok = &'static str;
    type Error = NotUnit;
    type SerializeSeq = Impossible<&'static str, NotUnit>;
    type SerializeTuple = Impossible<&'static str, NotUnit>;
    type SerializeTupleStruct = Impossible<&'static str, NotUnit>;
    type SerializeTupleVariant = Impossible<&'static str, NotUnit>;
    type SerializeMap = Impossible<&'static str, NotUnit>;
    type SerializeStruct = Impossible<&'static str, NotUnit>;
    type SerializeStructVariant = Impossible<&'static str, NotUnit>;

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<&'static str, NotUnit> {
        Ok(variant)
    }

    refuse!(serialize_str(&str));
    refuse_the_rest!();
}

/// `as_str()` (the wire name) and `Display` for output enums.
macro_rules! wire_names {
    ($($t:ty),* $(,)?) => {$(
        impl $t {
            /// The word the JSON output writes for this value.
            pub fn as_str(self) -> &'static str {
                name_of(&self)
            }
        }
        display!($t);
    )*};
}

/// `Display` (the wire name) only: these enums have their `as_str` in their rule file.
macro_rules! display {
    ($($t:ty),* $(,)?) => {$(
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(name_of(self))
            }
        }
    )*};
}

wire_names!(
    crate::explain::Rule,
    crate::explain::WarningCode,
    crate::assessment::GapCode,
    crate::margins::MarginDecision,
    crate::margins::MarginUnit,
    crate::rules::dibao::DibaoStatus,
    crate::rules::small_loan::LoanStatus,
    crate::rules::transition::Phase,
    crate::rules::assistance_approach::Approach,
    crate::rules::monitoring::RiskFlag,
);

display!(
    crate::rules::monitoring::ExitBlocker,
    crate::rules::medical::Basis,
    crate::rules::pension::ProxyBasis,
    crate::params::Provenance,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_of_gives_a_string_values_text_and_nothing_for_other_values() {
        assert_eq!(text_of("工资 1200.50", str::len), Some(14));
        assert_eq!(
            text_of(&String::from("P1"), str::to_owned),
            Some("P1".to_owned())
        );
        assert_eq!(text_of(&5_u32, str::len), None);
        assert_eq!(text_of(&Some("x"), str::len), None);
        assert_eq!(text_of(&["a"], str::len), None);
    }
}
