//! Repeated keys in JSON text (docs/contract.md#errors: one `duplicate_key` per extra occurrence,
//! at its pointer; the first occurrence is the value validated).
//!
//! serde_json's `Value` keeps the last of repeated keys and says nothing. The text is parsed as
//! usual, then scanned once more by a visitor that only looks at keys (no value is built); only
//! when that scan finds a repeated key is the value rebuilt so that the first occurrence wins,
//! from the raw text of each object member (`serde_json::value::RawValue`).

use std::borrow::Cow;
use std::fmt::{self, Write as _};

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::error::escape_pointer_token;

/// The pointers of every extra occurrence of a key, in document order.
pub(crate) fn find(text: &str) -> Vec<String> {
    let mut path = String::new();
    let mut found = Vec::new();
    let mut de = serde_json::Deserializer::from_str(text);
    // Text that parsed as a `Value` scans without error; were it not to, nothing is reported.
    let _ = Scan {
        path: &mut path,
        found: &mut found,
    }
    .deserialize(&mut de);
    found
}

struct Scan<'a> {
    path: &'a mut String,
    found: &'a mut Vec<String>,
}

impl<'de> DeserializeSeed<'de> for Scan<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

/// A key, borrowed from the text when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s.to_owned())))
            }
        }
        d.deserialize_str(V)
    }
}

impl<'de> Visitor<'de> for Scan<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0usize;
        loop {
            let len = self.path.len();
            self.path.push('/');
            // Written in place: no text is allocated for a path that is only kept on a repeat.
            let _ = write!(self.path, "{i}");
            let more = seq
                .next_element_seed(Scan {
                    path: self.path,
                    found: self.found,
                })?
                .is_some();
            self.path.truncate(len);
            if !more {
                return Ok(());
            }
            i += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        // Objects are small: a list beats a hash set.
        let mut seen: Vec<Cow<'de, str>> = Vec::new();
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            let len = self.path.len();
            self.path.push('/');
            if key.contains(['~', '/']) {
                self.path.push_str(&escape_pointer_token(&key));
            } else {
                self.path.push_str(&key);
            }
            if seen.contains(&key) {
                self.found.push(self.path.clone());
                map.next_value::<IgnoredAny>()?;
            } else {
                map.next_value_seed(Scan {
                    path: self.path,
                    found: self.found,
                })?;
                seen.push(key);
            }
            self.path.truncate(len);
        }
        Ok(())
    }
}

/// Parses text whose objects may repeat keys, keeping the first occurrence of each.
pub(crate) fn first_wins(text: &str) -> Result<Value, serde_json::Error> {
    let start = text.trim_start();
    if start.starts_with('{') {
        let Members(members) = serde_json::from_str(text)?;
        let mut map = Map::with_capacity(members.len());
        for (key, raw) in members {
            if !map.contains_key(&key) {
                let value = first_wins(raw.get())?;
                map.insert(key, value);
            }
        }
        Ok(Value::Object(map))
    } else if start.starts_with('[') {
        let items: Vec<&RawValue> = serde_json::from_str(text)?;
        items
            .into_iter()
            .map(|raw| first_wins(raw.get()))
            .collect::<Result<_, _>>()
            .map(Value::Array)
    } else {
        serde_json::from_str(text)
    }
}

/// An object's members in order, repeats included, each value as its raw text.
struct Members<'de>(Vec<(String, &'de RawValue)>);

impl<'de> de::Deserialize<'de> for Members<'de> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Members<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members<'de>, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<String, &'de RawValue>()? {
                    out.push(entry);
                }
                Ok(Members(out))
            }
        }
        d.deserialize_map(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_extra_occurrence_is_found_at_its_pointer_and_the_first_wins() {
        let text = r#"{"id":"A","m":[{"x":1,"x":2,"x":3}],"id":"B","a/b":0,"a/b":{"id":1,"id":2}}"#;
        assert_eq!(find(text), ["/m/0/x", "/m/0/x", "/id", "/a~1b"]);
        let v = first_wins(text).unwrap();
        assert_eq!(v["id"], "A");
        assert_eq!(v["m"][0]["x"], 1);
        assert_eq!(v["a/b"], 0);
        assert!(find(r#"{"a":{"b":1},"b":{"a":1},"n":12.50}"#).is_empty());
        // Numbers keep their text (arbitrary precision).
        assert_eq!(
            first_wins(r#"{"n":12.50,"n":1}"#).unwrap()["n"].to_string(),
            "12.50"
        );
    }
}
