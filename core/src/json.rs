//! The core's own JSON tree: numbers keep the text they were written with, objects keep their
//! keys in document order, and a repeated key is found while the text is read (the first
//! occurrence kept, docs/contract.md#errors).
//!
//! Money given as a JSON number is read from its own digits (`5000.500` has three decimals and
//! is refused; docs/rules/conventions.md#money), whatever features the program's `serde_json`
//! has: the core does not switch on serde_json's `arbitrary_precision` or `preserve_order` for
//! the crates that depend on it (docs/rust.md#json). Text is first checked by serde_json (its
//! error gives the line and column of a malformed document), then built into this tree in one
//! pass.

use std::borrow::Cow;
use std::fmt;

use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};

use crate::error::escape_pointer_token;

/// A JSON value, as the validator reads it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Value {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written.
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object, its keys in document order and each once.
    Object(Map),
}

/// A JSON number: its text as written (`12.50`, `-3`, `1e3`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Number(Box<str>);

impl Number {
    /// The number's text as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A whole number that fits a `u64`, written with digits only.
    pub fn as_u64(&self) -> Option<u64> {
        if self.0.bytes().all(|b| b.is_ascii_digit()) {
            self.0.parse().ok()
        } else {
            None
        }
    }

    /// A whole number that fits an `i64`, written with digits and an optional `-`.
    pub fn as_i64(&self) -> Option<i64> {
        let digits = self.0.strip_prefix('-').unwrap_or(&self.0);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            self.0.parse().ok()
        } else {
            None
        }
    }
}

/// Text that is not one JSON number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotANumber;

impl fmt::Display for NotANumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a JSON number")
    }
}

impl std::error::Error for NotANumber {}

impl std::str::FromStr for Number {
    type Err = NotANumber;

    /// A number from its JSON text (`12`, `-0.5`, `1e3`), kept as written; anything else, a
    /// space around it included, is refused.
    fn from_str(text: &str) -> Result<Self, NotANumber> {
        let starts_well = text
            .bytes()
            .next()
            .is_some_and(|b| b == b'-' || b.is_ascii_digit());
        let ends_well = text.bytes().last().is_some_and(|b| b.is_ascii_digit());
        if !starts_well || !ends_well {
            return Err(NotANumber);
        }
        serde_json::from_str::<serde::de::IgnoredAny>(text).map_err(|_| NotANumber)?;
        Ok(Number(text.into()))
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<u32> for Number {
    fn from(n: u32) -> Self {
        Number(n.to_string().into())
    }
}

impl From<u64> for Number {
    fn from(n: u64) -> Self {
        Number(n.to_string().into())
    }
}

impl From<i64> for Number {
    fn from(n: i64) -> Self {
        Number(n.to_string().into())
    }
}

/// An object: keys in document (or insertion) order, each once. Objects are small, so a list
/// is searched rather than hashed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Map(Vec<(String, Value)>);

impl Map {
    /// An empty object.
    pub fn new() -> Self {
        Map(Vec::new())
    }

    /// An empty object with room for `n` members.
    pub fn with_capacity(n: usize) -> Self {
        Map(Vec::with_capacity(n))
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The value of `key`, to change it.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.0.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Whether `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.0.iter().any(|(k, _)| k == key)
    }

    /// Sets `key` (in its place if present, else at the end); the old value if there was one.
    pub fn insert(&mut self, key: String, value: Value) -> Option<Value> {
        match self.get_mut(&key) {
            Some(slot) => Some(std::mem::replace(slot, value)),
            None => {
                self.0.push((key, value));
                None
            }
        }
    }

    /// Removes `key`, keeping the order of the rest.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let at = self.0.iter().position(|(k, _)| k == key)?;
        Some(self.0.remove(at).1)
    }

    /// The number of members.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no members.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The members in order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// The members in order, to change their values.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&String, &mut Value)> {
        self.0.iter_mut().map(|(k, v)| (&*k, v))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    /// The values in order.
    pub fn values(&self) -> impl Iterator<Item = &Value> {
        self.0.iter().map(|(_, v)| v)
    }
}

impl<'a> IntoIterator for &'a Map {
    type Item = (&'a String, &'a Value);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, Value)>,
        fn(&'a (String, Value)) -> (&'a String, &'a Value),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl IntoIterator for Map {
    type Item = (String, Value);
    type IntoIter = std::vec::IntoIter<(String, Value)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl FromIterator<(String, Value)> for Map {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Self {
        let mut map = Map::new();
        for (k, v) in iter {
            map.insert(k, v);
        }
        map
    }
}

impl Value {
    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The object, if this is one.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The object, to change it, if this is one.
    pub fn as_object_mut(&mut self) -> Option<&mut Map> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The array, if this is one.
    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The array, to change it, if this is one.
    pub fn as_array_mut(&mut self) -> Option<&mut Vec<Value>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    /// A whole number that fits a `u64`.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    /// A whole number that fits an `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Whether this is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object().and_then(|m| m.get(key))
    }

    /// The value at a JSON Pointer (`/members/0/id`).
    pub fn pointer(&self, pointer: &str) -> Option<&Value> {
        if pointer.is_empty() {
            return Some(self);
        }
        let rest = pointer.strip_prefix('/')?;
        rest.split('/').try_fold(self, |at, token| {
            let token = crate::error::unescape_pointer_token(token);
            match at {
                Value::Object(m) => m.get(&token),
                Value::Array(a) => token.parse::<usize>().ok().and_then(|i| a.get(i)),
                _ => None,
            }
        })
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<u32> for Value {
    fn from(n: u32) -> Self {
        Value::Number(n.into())
    }
}

impl From<u64> for Value {
    fn from(n: u64) -> Self {
        Value::Number(n.into())
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Number(n.into())
    }
}

impl From<Map> for Value {
    fn from(m: Map) -> Self {
        Value::Object(m)
    }
}

impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(a: Vec<T>) -> Self {
        Value::Array(a.into_iter().map(Into::into).collect())
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(o: Option<T>) -> Self {
        o.map_or(Value::Null, Into::into)
    }
}

/// Compact JSON text, numbers as written.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Writing to a string cannot fail: every key is a string.
        f.write_str(&serde_json::to_string(self).unwrap_or_default())
    }
}

/// Writes the value with its numbers as written and its keys in order, whatever the features of
/// the `serde_json` writing it (a number goes out as serde_json's raw value).
impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Number(n) => number_out(n, serializer),
            Value::String(s) => serializer.serialize_str(s),
            Value::Array(a) => {
                let mut seq = serializer.serialize_seq(Some(a.len()))?;
                for v in a {
                    seq.serialize_element(v)?;
                }
                seq.end()
            }
            Value::Object(m) => {
                let mut map = serializer.serialize_map(Some(m.len()))?;
                for (k, v) in m {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

fn number_out<S: Serializer>(n: &Number, serializer: S) -> Result<S::Ok, S::Error> {
    // A whole number in its plain form goes out as one, so any serializer writes it well; any
    // other text (`-0`, `1.0`, `1e3`, beyond 64 bits) goes out as written.
    if let Some(u) = n.as_u64().filter(|u| u.to_string() == n.as_str()) {
        return serializer.serialize_u64(u);
    }
    if let Some(i) = n.as_i64().filter(|i| i.to_string() == n.as_str()) {
        return serializer.serialize_i64(i);
    }
    match serde_json::value::RawValue::from_string(n.0.to_string()) {
        Ok(raw) => raw.serialize(serializer),
        Err(_) => serializer.serialize_str(&n.0),
    }
}

/// Reads any self-describing data: a number is kept as the text its source gives for it (with
/// serde_json's `arbitrary_precision`, the text as written; else its shortest form).
impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_json::Value::deserialize(deserializer).map(|v| Value::from(&v))
    }
}

impl From<&serde_json::Value> for Value {
    fn from(v: &serde_json::Value) -> Self {
        match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(Number(n.to_string().into())),
            serde_json::Value::String(s) => Value::String(s.clone()),
            serde_json::Value::Array(a) => Value::Array(a.iter().map(Value::from).collect()),
            serde_json::Value::Object(m) => Value::Object(Map(m
                .iter()
                .map(|(k, v)| (k.clone(), Value::from(v)))
                .collect())),
        }
    }
}

impl From<serde_json::Value> for Value {
    fn from(v: serde_json::Value) -> Self {
        Value::from(&v)
    }
}

impl From<&Value> for serde_json::Value {
    fn from(v: &Value) -> Self {
        match v {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            // Exact with serde_json's `arbitrary_precision`; else the nearest double.
            Value::Number(n) => serde_json::from_str(n.as_str())
                .unwrap_or_else(|_| serde_json::Value::String(n.as_str().to_owned())),
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::Array(a) => serde_json::Value::Array(a.iter().map(Into::into).collect()),
            Value::Object(m) => {
                serde_json::Value::Object(m.iter().map(|(k, v)| (k.clone(), v.into())).collect())
            }
        }
    }
}

impl From<Value> for serde_json::Value {
    fn from(v: Value) -> Self {
        serde_json::Value::from(&v)
    }
}

/// What the core's functions read a document from: its own tree, or a `serde_json::Value` (whose
/// numbers are read as that `serde_json` writes them: exactly with its `arbitrary_precision`).
pub trait Input {
    /// The document as the core's tree.
    fn json(&self) -> Cow<'_, Value>;
}

impl Input for Value {
    fn json(&self) -> Cow<'_, Value> {
        Cow::Borrowed(self)
    }
}

impl Input for serde_json::Value {
    fn json(&self) -> Cow<'_, Value> {
        Cow::Owned(Value::from(self))
    }
}

/// Any output value as a tree, its keys in the order they are written (through its JSON text,
/// so that the order does not depend on serde_json's features); `null` if it cannot be written.
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> Value {
    to_value_checked(value).unwrap_or_default()
}

/// [`to_value`], or why the value could not be written.
pub fn to_value_checked<T: Serialize + ?Sized>(value: &T) -> Result<Value, serde_json::Error> {
    let text = serde_json::to_string(value)?;
    match parse(&text) {
        Ok(read) => Ok(read.value),
        Err(ReadError::Syntax(e)) => Err(e),
        Err(ReadError::TooDeep) => Err(serde::ser::Error::custom("recursion limit exceeded")),
    }
}

/// Text read into a tree: the value, with the first occurrence of each repeated key, and the
/// pointer of every extra occurrence, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read {
    /// The value.
    pub value: Value,
    /// The pointers of the extra occurrences of repeated keys.
    pub duplicates: Vec<String>,
    /// How deeply it nests: the containers around its deepest value (`validate::depth`), 0 for
    /// a lone scalar, counted while reading (no second walk of the tree).
    pub depth: usize,
}

/// Why text could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// Not JSON: serde_json's error, with its line and column.
    Syntax(serde_json::Error),
    /// Nested deeper than [`MAX_NESTING`].
    TooDeep,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Syntax(e) => e.fmt(f),
            ReadError::TooDeep => f.write_str("recursion limit exceeded"),
        }
    }
}

impl std::error::Error for ReadError {}

/// How deep [`parse`] reads (serde_json's own recursion limit); the document limit is lower.
pub const MAX_NESTING: usize = 128;

/// Reads JSON text: checked by serde_json first (so a malformed document gets its line and
/// column), then built in one pass.
pub fn parse(text: &str) -> Result<Read, ReadError> {
    serde_json::from_str::<serde::de::IgnoredAny>(text).map_err(ReadError::Syntax)?;
    let mut b = Builder {
        text,
        at: 0,
        path: Vec::new(),
        duplicates: Vec::new(),
        depth: 0,
    };
    let value = b.value()?;
    Ok(Read {
        value,
        duplicates: b.duplicates,
        depth: b.depth,
    })
}

/// Builds the tree of text serde_json has accepted, so it meets no syntax error; it stops at
/// [`MAX_NESTING`].
struct Builder<'t> {
    text: &'t str,
    at: usize,
    /// The keys and indexes above the value being read.
    path: Vec<Step<'t>>,
    duplicates: Vec<String>,
    /// The deepest container entered so far, counted from 1 at the top.
    depth: usize,
}

enum Step<'t> {
    Key(Cow<'t, str>),
    Index(usize),
}

impl<'t> Builder<'t> {
    fn byte(&self) -> u8 {
        self.text.as_bytes().get(self.at).copied().unwrap_or(0)
    }

    fn space(&mut self) {
        while matches!(self.byte(), b' ' | b'\t' | b'\n' | b'\r') {
            self.at += 1;
        }
    }

    fn value(&mut self) -> Result<Value, ReadError> {
        self.space();
        match self.byte() {
            b'{' => self.object(),
            b'[' => self.array(),
            b'"' => Ok(Value::String(self.string().into_owned())),
            b't' => {
                self.at += 4;
                Ok(Value::Bool(true))
            }
            b'f' => {
                self.at += 5;
                Ok(Value::Bool(false))
            }
            b'n' => {
                self.at += 4;
                Ok(Value::Null)
            }
            _ => {
                let start = self.at;
                while matches!(self.byte(), b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') {
                    self.at += 1;
                }
                let text = self.text.get(start..self.at).unwrap_or_default();
                Ok(Value::Number(Number(text.into())))
            }
        }
    }

    /// A string at the cursor: borrowed when it has no escapes, else decoded by serde_json.
    fn string(&mut self) -> Cow<'t, str> {
        let start = self.at;
        self.at += 1;
        let mut escaped = false;
        loop {
            match self.byte() {
                b'"' | 0 => break,
                b'\\' => {
                    escaped = true;
                    self.at += 2;
                }
                _ => self.at += 1,
            }
        }
        self.at += 1;
        let quoted = self.text.get(start..self.at).unwrap_or_default();
        if escaped {
            Cow::Owned(serde_json::from_str(quoted).unwrap_or_default())
        } else {
            Cow::Borrowed(
                quoted
                    .get(1..quoted.len().saturating_sub(1))
                    .unwrap_or_default(),
            )
        }
    }

    /// Enters an array or object: `path` holds one step for each container around it.
    fn enter(&mut self) -> Result<(), ReadError> {
        if self.path.len() >= MAX_NESTING {
            Err(ReadError::TooDeep)
        } else {
            self.depth = self.depth.max(self.path.len() + 1);
            Ok(())
        }
    }

    fn array(&mut self) -> Result<Value, ReadError> {
        self.enter()?;
        self.at += 1;
        let mut items = Vec::new();
        self.space();
        if self.byte() == b']' {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.path.push(Step::Index(items.len()));
            let item = self.value();
            self.path.pop();
            items.push(item?);
            self.space();
            let sep = self.byte();
            self.at += 1;
            if sep != b',' {
                return Ok(Value::Array(items));
            }
        }
    }

    fn object(&mut self) -> Result<Value, ReadError> {
        self.enter()?;
        self.at += 1;
        let mut members: Vec<(String, Value)> = Vec::new();
        self.space();
        if self.byte() == b'}' {
            self.at += 1;
            return Ok(Value::Object(Map(members)));
        }
        loop {
            self.space();
            let key = self.string();
            self.space();
            self.at += 1; // ':'
            let repeated = members.iter().any(|(k, _)| *k == key);
            let found = self.duplicates.len();
            self.path.push(Step::Key(key));
            let value = self.value();
            let step = self.path.pop();
            let value = value?;
            if let Some(Step::Key(key)) = step {
                if repeated {
                    // The extra occurrence is dropped whole: what repeats inside it is not read.
                    self.duplicates.truncate(found);
                    let mut pointer = self.pointer();
                    pointer.push('/');
                    pointer.push_str(&escape_pointer_token(&key));
                    self.duplicates.push(pointer);
                } else {
                    members.push((key.into_owned(), value));
                }
            }
            self.space();
            let sep = self.byte();
            self.at += 1;
            if sep != b',' {
                return Ok(Value::Object(Map(members)));
            }
        }
    }

    /// The pointer of the value being read's parent.
    fn pointer(&self) -> String {
        let mut out = String::new();
        for step in &self.path {
            out.push('/');
            match step {
                Step::Key(k) => out.push_str(&escape_pointer_token(k)),
                Step::Index(i) => out.push_str(&i.to_string()),
            }
        }
        out
    }
}

impl std::ops::Index<&str> for Value {
    type Output = Value;
    /// The member `key`, or `null` (as serde_json's `Value` indexes).
    fn index(&self, key: &str) -> &Value {
        static NULL: Value = Value::Null;
        self.get(key).unwrap_or(&NULL)
    }
}

impl std::ops::Index<usize> for Value {
    type Output = Value;
    /// The item at `i`, or `null`.
    fn index(&self, i: usize) -> &Value {
        static NULL: Value = Value::Null;
        self.as_array().and_then(|a| a.get(i)).unwrap_or(&NULL)
    }
}

impl std::ops::Index<&str> for Map {
    type Output = Value;
    /// The member `key`, or `null`.
    fn index(&self, key: &str) -> &Value {
        static NULL: Value = Value::Null;
        self.get(key).unwrap_or(&NULL)
    }
}

/// Equal when the `serde_json::Value` reads as this value (its numbers as that `serde_json`
/// writes them).
impl PartialEq<serde_json::Value> for Value {
    fn eq(&self, other: &serde_json::Value) -> bool {
        match (self, other) {
            (Value::Null, serde_json::Value::Null) => true,
            (Value::Bool(a), serde_json::Value::Bool(b)) => a == b,
            (Value::Number(a), serde_json::Value::Number(b)) => a.as_str() == b.to_string(),
            (Value::String(a), serde_json::Value::String(b)) => a == b,
            (Value::Array(a), serde_json::Value::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
            }
            (Value::Object(a), serde_json::Value::Object(b)) => {
                a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| v == w))
            }
            _ => false,
        }
    }
}

impl PartialEq<Value> for serde_json::Value {
    fn eq(&self, other: &Value) -> bool {
        other == self
    }
}

impl PartialEq<bool> for Value {
    fn eq(&self, other: &bool) -> bool {
        self.as_bool() == Some(*other)
    }
}

impl PartialEq<str> for Value {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == Some(other)
    }
}

impl PartialEq<&str> for Value {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn a_number_is_made_from_its_json_text_only() {
        for good in [
            "0",
            "-0",
            "12",
            "-0.50",
            "1e3",
            "1E-400",
            "123456789012345678901234567890",
        ] {
            assert_eq!(
                good.parse::<Number>().map(|n| n.to_string()),
                Ok(good.to_owned())
            );
        }
        for bad in [
            "", " 1", "1 ", "+1", ".5", "1.", "01", "1e", "true", "\"1\"", "1,2", "NaN",
        ] {
            assert_eq!(bad.parse::<Number>(), Err(NotANumber), "{bad:?}");
        }
    }

    #[test]
    fn numbers_keep_their_text_and_objects_their_order() {
        let r = parse(r#" {"b": 5000.500, "a": [1e3, -0.10, 12], "c": {"z": null, "y": true}} "#)
            .unwrap();
        assert_eq!(r.value["b"].to_string(), "5000.500");
        assert_eq!(r.value["a"].to_string(), "[1e3,-0.10,12]");
        let keys: Vec<&String> = r.value.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["b", "a", "c"]);
        assert_eq!(
            r.value.to_string(),
            r#"{"b":5000.500,"a":[1e3,-0.10,12],"c":{"z":null,"y":true}}"#
        );
        // Beyond a double's range, and more digits than it holds.
        let r = parse("[1e400, 123456789012345678901234567890.123, -0, 1.0]").unwrap();
        assert_eq!(
            r.value.to_string(),
            "[1e400,123456789012345678901234567890.123,-0,1.0]"
        );
    }

    #[test]
    fn every_extra_occurrence_is_found_at_its_pointer_and_the_first_wins() {
        let text = r#"{"id":"A","m":[{"x":1,"x":2,"x":3}],"id":"B","a/b":0,"a/b":{"id":1,"id":2}}"#;
        let r = parse(text).unwrap();
        assert_eq!(r.duplicates, ["/m/0/x", "/m/0/x", "/id", "/a~1b"]);
        assert_eq!(r.value["id"], Value::from("A"));
        assert_eq!(r.value["m"][0]["x"].to_string(), "1");
        assert_eq!(r.value["a/b"].to_string(), "0");
        assert!(
            parse(r#"{"a":{"b":1},"b":{"a":1},"n":12.50}"#)
                .unwrap()
                .duplicates
                .is_empty()
        );
        assert_eq!(
            parse(r#"{"n":12.50,"n":1}"#).unwrap().value["n"].to_string(),
            "12.50"
        );
    }

    #[test]
    fn strings_with_escapes_are_decoded_and_keys_too() {
        let r = parse(r#"{"a\"b": "x\ny\u00e9\ud83d\ude00", "k": "纯文本"}"#).unwrap();
        assert_eq!(r.value["a\"b"], Value::from("x\nyé😀"));
        assert_eq!(r.value["k"], Value::from("纯文本"));
    }

    #[test]
    fn malformed_text_has_serde_jsons_line_and_column_and_deep_text_stops() {
        for text in ["{\n  \"a\": tru\n}", "[1, 2,]", "{\"a\" 1}", "\"\\x\""] {
            let Err(ReadError::Syntax(e)) = parse(text) else {
                panic!("malformed text was read: {text}");
            };
            let want = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
            assert_eq!(
                (e.line(), e.column()),
                (want.line(), want.column()),
                "{text}"
            );
        }
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(matches!(parse(&deep), Err(ReadError::TooDeep)));
        let ok = format!("{}{}", "[".repeat(128), "]".repeat(128));
        assert!(parse(&ok).is_ok());
    }

    pub(crate) fn tree() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let number = prop_oneof![
            any::<i64>().prop_map(|n| n.to_string()),
            (any::<u32>(), 0u32..1000, 1usize..4).prop_map(|(i, f, w)| format!("{i}.{f:0w$}")),
            (1u32..10, -400i32..400).prop_map(|(m, e)| format!("{m}e{e}")),
        ];
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            number.prop_map(|t| Value::Number(Number(t.into()))),
            "[a-z\"\\\\\n/é💡 ]{0,8}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::vec(("[a-z~/]{1,4}", inner), 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        /// Any tree written as text reads back as itself, its numbers as written; serde_json
        /// accepts the text and agrees on everything but the numbers' text.
        #[test]
        fn written_trees_read_back_as_themselves(v in tree()) {
            let text = v.to_string();
            let read = parse(&text).unwrap();
            proptest::prop_assert_eq!(&read.value, &v);
            proptest::prop_assert!(read.duplicates.is_empty());
            proptest::prop_assert!(serde_json::from_str::<serde::de::IgnoredAny>(&text).is_ok());
            let pretty = serde_json::to_string_pretty(&v).unwrap();
            proptest::prop_assert_eq!(parse(&pretty).unwrap().value, v.clone());
            // The depth counted while reading is the depth a walk of the tree finds.
            proptest::prop_assert_eq!(read.depth, crate::validate::depth(&v));
        }
    }

    #[test]
    fn the_reader_counts_the_containers_around_the_deepest_value() {
        // Counted by hand: each `[` or `{` on the way down to the deepest value is one.
        for (text, depth) in [
            ("1", 0),
            ("\"[[{\"", 0),
            ("[]", 1),
            ("{}", 1),
            (r#"{"a":{"b":1},"c":[]}"#, 2),
            (r#"{"a":[1,{"b":[]}]}"#, 4),
            ("[[],[[[]]],[]]", 4),
        ] {
            assert_eq!(parse(text).unwrap().depth, depth, "{text}");
        }
    }

    #[test]
    fn values_convert_both_ways_and_pointers_find_members() {
        let r = parse(r#"{"m":[{"id":"P1","w":"12.50"}],"n":3}"#).unwrap();
        assert_eq!(r.value.pointer("/m/0/id"), Some(&Value::from("P1")));
        assert_eq!(r.value.pointer("/m/1"), None);
        let s = serde_json::Value::from(&r.value);
        assert_eq!(Value::from(&s), r.value);
        assert_eq!(
            r.value
                .as_object()
                .unwrap()
                .get("n")
                .and_then(Value::as_u64),
            Some(3)
        );
    }
}
