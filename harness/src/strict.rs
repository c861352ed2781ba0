//! Objects must be objects: a deserializer wrapper that refuses a positional array where a
//! struct is expected, at any depth.
//!
//! serde's derived structs accept a sequence as well as a map (postcard, which has no field
//! names, needs that), and `serde_json` hands a derived struct an array if it is given one:
//! `"victims": [[1, 12]]` would be read as a victim with id 1 and age 12. A records system
//! never means that, so the command line asks for every struct as a map. The wrapper forwards
//! everything else unchanged, and wraps every nested value, so the rule holds all the way down
//! (an event's `what` payload, a policy's nested tables).

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};

/// A deserializer whose structs must be maps.
#[derive(Debug)]
pub struct Strict<D>(pub D);

/// A value read through [`Strict`].
struct Seed<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<S> {
    type Value = S::Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Strict(deserializer))
    }
}

/// A visitor whose nested values are read through [`Strict`].
struct Wrap<V>(V);

macro_rules! forward_visits {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(fn $method<E: de::Error>(self, $($arg: $ty),*) -> Result<V::Value, E> {
            self.0.$method($($arg),*)
        })*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    forward_visits! {
        visit_bool(v: bool);
        visit_i8(v: i8);
        visit_i16(v: i16);
        visit_i32(v: i32);
        visit_i64(v: i64);
        visit_i128(v: i128);
        visit_u8(v: u8);
        visit_u16(v: u16);
        visit_u32(v: u32);
        visit_u64(v: u64);
        visit_u128(v: u128);
        visit_f32(v: f32);
        visit_f64(v: f64);
        visit_char(v: char);
        visit_str(v: &str);
        visit_borrowed_str(v: &'de str);
        visit_string(v: String);
        visit_bytes(v: &[u8]);
        visit_borrowed_bytes(v: &'de [u8]);
        visit_byte_buf(v: Vec<u8>);
        visit_none();
        visit_unit();
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(Strict(deserializer))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<V::Value, D::Error> {
        self.0.visit_newtype_struct(Strict(deserializer))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(Wrap(seq))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(Wrap(map))
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.0.visit_enum(Wrap(data))
    }
}

impl<'de, A: de::SeqAccess<'de>> de::SeqAccess<'de> for Wrap<A> {
    type Error = A::Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(Seed(seed))
    }
    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: de::MapAccess<'de>> de::MapAccess<'de> for Wrap<A> {
    type Error = A::Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(seed)
    }
    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.0.next_value_seed(Seed(seed))
    }
    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: de::EnumAccess<'de>> de::EnumAccess<'de> for Wrap<A> {
    type Error = A::Error;
    type Variant = Wrap<A::Variant>;
    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Wrap<A::Variant>), A::Error> {
        self.0
            .variant_seed(seed)
            .map(|(v, access)| (v, Wrap(access)))
    }
}

/// A struct variant's fields, read as a map: the payload of `{ "kind": { ... } }`.
struct StructVariant<V>(V);

impl<'de, V: Visitor<'de>> DeserializeSeed<'de> for StructVariant<V> {
    type Value = V::Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        deserializer.deserialize_map(Wrap(self.0))
    }
}

impl<'de, A: de::VariantAccess<'de>> de::VariantAccess<'de> for Wrap<A> {
    type Error = A::Error;
    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.0.newtype_variant_seed(Seed(seed))
    }
    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(len, Wrap(visitor))
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        // In the self-describing formats read here a struct variant's payload is a value of its
        // own: read it as a map, so that `{ "kind": [1, 2] }` is refused too.
        self.0.newtype_variant_seed(StructVariant(visitor))
    }
}

macro_rules! forward_deserialize {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            self.0.$method($($arg,)* Wrap(visitor))
        })*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Strict<D> {
    type Error = D::Error;

    forward_deserialize! {
        deserialize_any();
        deserialize_bool();
        deserialize_i8();
        deserialize_i16();
        deserialize_i32();
        deserialize_i64();
        deserialize_i128();
        deserialize_u8();
        deserialize_u16();
        deserialize_u32();
        deserialize_u64();
        deserialize_u128();
        deserialize_f32();
        deserialize_f64();
        deserialize_char();
        deserialize_str();
        deserialize_string();
        deserialize_bytes();
        deserialize_byte_buf();
        deserialize_option();
        deserialize_unit();
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_seq();
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map();
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier();
        deserialize_ignored_any();
    }

    /// The one change: a struct is read as a map, so an array in its place is refused
    /// (`invalid type: sequence, expected struct ...`).
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(Wrap(visitor))
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

#[cfg(test)]
mod tests {
    use super::Strict;
    use safeguard_core::{Policy, RawCase};

    fn case(text: &str) -> Result<RawCase, String> {
        let mut de = serde_json::Deserializer::from_str(text);
        serde::Deserialize::deserialize(Strict(&mut de))
            .map_err(|e: serde_json::Error| e.to_string())
    }

    #[test]
    fn a_struct_given_as_an_array_is_refused_at_any_depth() {
        for text in [
            r#"{"reference":"A","victims":[[1,12]]}"#,
            r#"{"reference":"A","detentions":[[1,"2024-03-04T10:00:00Z"]]}"#,
            r#"{"reference":"A","events":[[1,"2024-03-04T10:00:00Z",{"victim_updated":{"victim":1}}]]}"#,
            r#"{"reference":"A","events":[{"id":1,"at":"2024-03-04T10:00:00Z","what":{"victim_updated":[1]}}]}"#,
        ] {
            let error = case(text).expect_err(text);
            assert!(error.contains("invalid type: sequence"), "{text}: {error}");
        }
        let policy: Result<Policy, serde_json::Error> = serde::Deserialize::deserialize(Strict(
            &mut serde_json::Deserializer::from_str(r#"{"dapn_pilot":["cleveland"]}"#),
        ));
        assert!(policy.is_err());
    }

    #[test]
    fn the_same_case_written_with_objects_is_read_unchanged() {
        let text = r#"{"reference":"A","recorded_at":"2024-03-04T10:00:00Z",
            "victims":[{"id":1,"age_at_offence":12}],
            "events":[{"id":1,"at":"2024-03-05T10:00:00Z","what":{"victim_updated":{"victim":1}}},
                      {"id":2,"at":"2024-03-05T11:00:00Z","what":{"orders_considered":
                        {"apply":false,"reason_recorded":true,"orders":["dvpn"]}}}]}"#;
        let strict = case(text).expect("an object case is read");
        let plain: RawCase = serde_json::from_str(text).expect("and read the plain way");
        assert_eq!(strict, plain);
    }
}
