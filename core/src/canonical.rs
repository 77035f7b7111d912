//! The canonical JSON writer: compact JSON, byte for byte what `serde_json::to_writer` writes,
//! with a faster string escape.
//!
//! Every record a door writes goes through here ([`crate::canonical_json`],
//! [`crate::write_canonical_json`]). serde_json escapes a string one byte at a time through a
//! lookup table, about 9 instructions a byte; an assessment without explanations is about 6 KB of
//! keys, words and ids, and that loop was 30 % of a stream's work on each household
//! (docs/performance.md, "The canonical writer"). Here a string is scanned eight bytes at a time
//! for the three things JSON escapes (a control character, `"` and `\`) and copied in one piece
//! up to the next one.
//!
//! What serde_json writes is the specification: the escapes (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`,
//! `\t`, else `\u00xx` in lower-case hex), non-ASCII as itself, map keys that are numbers or
//! booleans quoted, enums externally tagged, serde_json's own raw-number and raw-value tokens
//! written verbatim, floats by serde_json itself. A differential test checks the two writers
//! against each other on random trees and on every output of every vector.
//!
//! A struct field's `,"name":` is made once per process and name (names are `&'static str`s)
//! and copied whole; a value's word (a unit variant) and a field's name are scanned for escapes
//! once per name. A formatted text (`collect_str`: a margin's message) is formatted as it is and
//! scanned once, and formatted again with escapes only if the scan finds one.
//!
//! Some values hand this writer a text instead of their fields, while it runs on the thread
//! ([`writing`]): the provenance stamp and each `illustrative_parameter` warning (the same text in
//! every record of a run, kept once) as serde_json's raw token ([`raw`]), and an amount as its fen,
//! written from its digits ([`money`]). Every other serializer gets them field by field;
//! `core/tests/canonical_text.rs` holds the two to the same bytes on every vector's household.

use std::cell::Cell;
use std::fmt::Display;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::ser::{self, Impossible, Serialize};

/// Why a value could not be written: a map key that is not a string, or a value's own error.
#[derive(Debug)]
pub struct Error(String);

impl Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// serde_json's tokens: a struct of this name with one field is a number or raw JSON text,
/// written as the text of its field.
const RAW_TOKENS: [&str; 2] = [
    "$serde_json::private::Number",
    "$serde_json::private::RawValue",
];

/// Where the text goes: a `String` (no UTF-8 check at the end: everything written is a `str`
/// or an ASCII byte) or bytes.
trait Out {
    fn text(&mut self, text: &str);
    /// An ASCII byte.
    fn byte(&mut self, byte: u8);
    /// ASCII bytes.
    fn ascii(&mut self, bytes: &[u8]);
    fn len(&self) -> usize;
    fn truncate(&mut self, len: usize);
    /// What was written from `start` on.
    fn since(&self, start: usize) -> &[u8];
}

impl Out for Vec<u8> {
    fn text(&mut self, text: &str) {
        self.extend_from_slice(text.as_bytes());
    }
    fn byte(&mut self, byte: u8) {
        self.push(byte);
    }
    fn ascii(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
    fn len(&self) -> usize {
        Vec::len(self)
    }
    fn truncate(&mut self, len: usize) {
        Vec::truncate(self, len);
    }
    fn since(&self, start: usize) -> &[u8] {
        self.get(start..).unwrap_or_default()
    }
}

impl Out for String {
    fn text(&mut self, text: &str) {
        self.push_str(text);
    }
    fn byte(&mut self, byte: u8) {
        self.push(char::from(byte));
    }
    fn ascii(&mut self, bytes: &[u8]) {
        self.extend(bytes.iter().map(|&b| char::from(b)));
    }
    fn len(&self) -> usize {
        String::len(self)
    }
    fn truncate(&mut self, len: usize) {
        String::truncate(self, len);
    }
    fn since(&self, start: usize) -> &[u8] {
        self.as_bytes().get(start..).unwrap_or_default()
    }
}

/// Appends `value` as compact JSON; on an error, `out` is left as it was.
pub fn write<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> Result<(), Error> {
    write_to(out, value)
}

fn write_to<O: Out, T: Serialize + ?Sized>(out: &mut O, value: &T) -> Result<(), Error> {
    let start = out.len();
    let result = while_writing(true, || value.serialize(&mut Writer { out, fen: false }));
    if result.is_err() {
        out.truncate(start);
    }
    result
}

/// A value as compact JSON text.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    // An assessment without explanations is about 6 KB.
    let mut out = String::with_capacity(4096);
    write_to(&mut out, value)?;
    Ok(out)
}

thread_local! {
    /// Whether this thread is inside [`write_to`]: a value that keeps its canonical text may then
    /// give it whole ([`writing`], [`raw`]).
    static WRITING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with [`WRITING`] set to `on`, and sets it back after, also if `f` unwinds.
fn while_writing<R>(on: bool, f: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            WRITING.with(|w| w.set(self.0));
        }
    }
    let _restore = Restore(WRITING.with(|w| w.replace(on)));
    f()
}

/// Whether the value being serialised on this thread is being written by this writer, so that
/// [`raw`] writes a text as it is. A value that writes the same text for many records (the
/// provenance stamp, an `illustrative_parameter` warning) keeps that text and gives it whole
/// when this is true, and serialises itself field by field for every other serializer (serde_json,
/// the Python and WASM converters).
pub(crate) fn writing() -> bool {
    WRITING.with(Cell::get)
}

/// The newtype name of an amount in fen given to this writer ([`money`]).
const FEN_TOKEN: &str = "$hengjie::Fen";

/// Serialises an amount given in fen as its output text (`"249.96"`, [`crate::money::Money`]),
/// written from its digits with no `str` made and checked in between. Only for when [`writing`]
/// is true (another serializer would write the integer).
pub(crate) fn money<S: ser::Serializer>(serializer: S, fen: i64) -> Result<S::Ok, S::Error> {
    serializer.serialize_newtype_struct(FEN_TOKEN, &fen)
}

/// Serialises `text`, the canonical JSON of the value being serialised, as serde_json's raw
/// token: this writer writes it as it is. Only for when [`writing`] is true (another serializer
/// would write the token as a struct).
pub(crate) fn raw<S: ser::Serializer>(serializer: S, text: &str) -> Result<S::Ok, S::Error> {
    use ser::SerializeStruct;
    let [_, token] = RAW_TOKENS;
    let mut s = serializer.serialize_struct(token, 1)?;
    s.serialize_field(token, text)?;
    s.end()
}

/// `f` run as outside this writer (for [`writing`]): where a value's canonical text is made to be
/// kept, with serde_json, which writes the same bytes field by field.
pub(crate) fn outside<R>(f: impl FnOnce() -> R) -> R {
    while_writing(false, f)
}

/// Lists kept a thread by [`KeptLists`]: a run has a few dozen; past this many, no more are kept.
const MOST_KEPT_LISTS: usize = 256;

/// The canonical texts of lists a thread has written (an assessment's `warnings` or
/// `parameters`: a run's households carry a few dozen different ones), each found by a
/// fingerprint of its items and compared item by item (`same`) before its text is taken. `K` is
/// what is kept of an item to compare it: its names' addresses, or the item itself where it holds
/// `Arc`s (kept alive, so their addresses cannot become another's).
pub(crate) struct KeptLists<K> {
    /// Fingerprint, the items as kept, the text; in the order of the fingerprints.
    lists: Vec<(u64, Box<[K]>, String)>,
}

impl<K> KeptLists<K> {
    pub(crate) const fn new() -> Self {
        KeptLists { lists: Vec::new() }
    }

    /// Serialises `items` (fingerprint `key`): as the kept text when [`writing`] and a list
    /// with the same items is kept, else keeping serde_json's text of them (up to
    /// [`MOST_KEPT_LISTS`]); item by item when neither.
    pub(crate) fn serialize<T: Serialize, S: ser::Serializer>(
        &mut self,
        items: &[T],
        key: u64,
        same: impl Fn(&K, &T) -> bool,
        keep: impl Fn(&T) -> K,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        if items.is_empty() || !writing() {
            return serializer.collect_seq(items);
        }
        match self.lists.binary_search_by_key(&key, |(k, _, _)| *k) {
            Ok(at) => match self.lists.get(at) {
                Some((_, known, text))
                    if known.len() == items.len()
                        && known.iter().zip(items).all(|(k, t)| same(k, t)) =>
                {
                    raw(serializer, text)
                }
                _ => serializer.collect_seq(items),
            },
            Err(at) if self.lists.len() < MOST_KEPT_LISTS => {
                match outside(|| serde_json::to_string(items)) {
                    Ok(text) => {
                        self.lists
                            .insert(at, (key, items.iter().map(keep).collect(), text));
                        match self.lists.get(at) {
                            Some((_, _, text)) => raw(serializer, text),
                            None => serializer.collect_seq(items),
                        }
                    }
                    Err(_) => serializer.collect_seq(items),
                }
            }
            Err(_) => serializer.collect_seq(items),
        }
    }
}

/// Mixes one word into a list's fingerprint ([`KeptLists`]).
pub(crate) fn mix(key: u64, word: u64) -> u64 {
    (key.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95)
}

struct Writer<'o, O: Out> {
    out: &'o mut O,
    /// The next integer is an amount in fen ([`money`]).
    fen: bool,
}

const HEX: &[u8; 16] = b"0123456789abcdef";
const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

#[inline]
fn escape_of(byte: u8) -> Option<&'static str> {
    Some(match byte {
        b'"' => "\\\"",
        b'\\' => "\\\\",
        0x08 => "\\b",
        0x0C => "\\f",
        b'\n' => "\\n",
        b'\r' => "\\r",
        b'\t' => "\\t",
        _ => return None,
    })
}

/// The bytes of `word` that need an escape (below 0x20, `"` or `\\`), as the high bit of each:
/// the exact "has a zero byte" and "has a byte below n" bit tricks, so the lowest bit set is
/// the first such byte (a higher one may be set wrongly by a borrow, never a lower one).
#[inline]
fn escape_mask(word: u64) -> u64 {
    let control = word.wrapping_sub(ONES * 0x20) & !word;
    let x = word ^ (ONES * u64::from(b'"'));
    let quote = x.wrapping_sub(ONES) & !x;
    let y = word ^ (ONES * u64::from(b'\\'));
    let backslash = y.wrapping_sub(ONES) & !y;
    (control | quote | backslash) & HIGHS
}

/// Whether any of the eight bytes of `word` needs an escape.
#[cfg(test)]
fn needs_escape(word: u64) -> bool {
    escape_mask(word) != 0
}

/// Where the first byte that needs an escape is, eight bytes at a time.
#[inline]
fn find_escape(bytes: &[u8]) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let mask = escape_mask(word_of(chunk));
        if mask != 0 {
            return Some(at + (mask.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let tail = chunks.remainder();
    if tail.is_empty() {
        return None;
    }
    // The tail: when the text is long enough, the last eight bytes (those before `at` were found
    // clean, so the first bit set is in the tail); else the tail padded with spaces, which need
    // no escape and so set no bit.
    let (word, base) = match bytes.len().checked_sub(8) {
        Some(start) => (word_of(bytes.get(start..).unwrap_or_default()), start),
        None => return find_escape_short(tail),
    };
    let mask = escape_mask(word);
    (mask != 0).then(|| base + (mask.trailing_zeros() / 8) as usize)
}

/// [`find_escape`] for fewer than eight bytes: from four on, the first four and the last four
/// (overlapping) in one word; below that, byte by byte.
#[inline]
fn find_escape_short(bytes: &[u8]) -> Option<usize> {
    let four = |from: usize| {
        let mut word = [0u8; 4];
        if let Some(b) = bytes.get(from..from + 4) {
            word.copy_from_slice(b);
        }
        u64::from(u32::from_le_bytes(word))
    };
    match bytes.len().checked_sub(4) {
        Some(last) => {
            let mask = escape_mask(four(0) | (four(last) << 32));
            (mask != 0).then(|| {
                let i = (mask.trailing_zeros() / 8) as usize;
                if i < 4 { i } else { last + i - 4 }
            })
        }
        None => bytes
            .iter()
            .position(|&b| b < 0x20 || b == b'"' || b == b'\\'),
    }
}

/// Eight bytes as a little-endian word (zeros if fewer are given, which never happens here).
#[inline]
fn word_of(bytes: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    if let Some(eight) = bytes.get(..8) {
        word.copy_from_slice(eight);
    }
    u64::from_le_bytes(word)
}

/// Struct field names known to need no escape, by address and length (`&'static str`, so the
/// same address and length are always the same text): most records are written with the same
/// few hundred names, which are then not scanned again. A direct-mapped table of words packing
/// the address (below 2^48 on every target) and the length (below 2^16); a slot another name took
/// is scanned again, never mistaken, and a word is read and written whole, so threads cannot mix
/// two names' halves.
static CLEAN_KEYS: [AtomicU64; 512] = [const { AtomicU64::new(0) }; 512];

/// A struct field's name, escaped (scanned once per name and process, see [`CLEAN_KEYS`]).
#[inline]
fn write_key<O: Out>(out: &mut O, key: &'static str) {
    let address = key.as_ptr() as usize as u64;
    let Ok(len) = u16::try_from(key.len()) else {
        write_body(out, key);
        return;
    };
    if address >= 1 << 48 || key.is_empty() {
        write_body(out, key);
        return;
    }
    let token = address | (u64::from(len) << 48);
    let slot = CLEAN_KEYS.get(slot_of(address, 9));
    if slot.is_some_and(|s| s.load(Ordering::Relaxed) == token) {
        out.text(key);
        return;
    }
    if find_escape(key.as_bytes()).is_none() {
        if let Some(slot) = slot {
            slot.store(token, Ordering::Relaxed);
        }
        out.text(key);
    } else {
        write_body(out, key);
    }
}

/// Each struct field's `,"name":` as written, by the name's address and length: a table of 1 024
/// sets of two slots, each slot set once, with the token of [`CLEAN_KEYS`] beside the piece. A
/// name whose set two others took is looked up in [`PIECES`] each time, never mistaken. (Not a
/// thread-local table: a library loaded by Python or a JVM has only a few hundred bytes of static
/// thread-local storage to share, and this would take 24 KB of it.)
static FIELD_PIECES: [std::sync::OnceLock<(u64, &'static str)>; 2048] =
    [const { std::sync::OnceLock::new() }; 2048];

/// Every struct field name's `,"name":` as written, made once per process. Names are
/// `&'static str`s of the program's types, a few hundred: their pieces are never freed.
/// In the order of the names' tokens.
static PIECES: std::sync::Mutex<Vec<(u64, &'static str)>> = std::sync::Mutex::new(Vec::new());

/// The slot of a name's address in a table of `2^bits` slots (Fibonacci hashing: names lie side
/// by side in the program's data, and their addresses' low bits alone collide).
#[inline]
fn slot_of(address: u64, bits: u32) -> usize {
    (address.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
}

/// `,"name":` of a struct field (`first`: without the comma).
#[inline]
fn write_field_name<O: Out>(out: &mut O, name: &'static str, first: bool) {
    let address = name.as_ptr() as usize as u64;
    let piece = match u16::try_from(name.len()) {
        Ok(len) if address < 1 << 48 => {
            let token = address | (u64::from(len) << 48);
            piece_of(token, address, name)
        }
        _ => None,
    };
    match piece {
        Some(piece) => out.text(if first {
            piece.get(1..).unwrap_or_default()
        } else {
            piece
        }),
        None => {
            if !first {
                out.byte(b',');
            }
            out.byte(b'"');
            write_key(out, name);
            out.text("\":");
        }
    }
}

/// A field name's piece, from its set of [`FIELD_PIECES`] (or [`PIECES`], which sets a free slot).
#[inline]
fn piece_of(token: u64, address: u64, name: &'static str) -> Option<&'static str> {
    let set = slot_of(address, 11) & !1;
    let slots = FIELD_PIECES.get(set..set + 2).unwrap_or_default();
    for slot in slots {
        match slot.get() {
            Some((known, piece)) if *known == token => return Some(piece),
            Some(_) => {}
            None => break,
        }
    }
    let piece = field_piece(token, name)?;
    if let Some(free) = slots.iter().find(|s| s.get().is_none()) {
        // Another thread may set it first: then this name is looked up in `PIECES` again.
        let _ = free.set((token, piece));
    }
    Some(piece)
}

/// The process's piece for a field name (made and kept on first use).
#[cold]
fn field_piece(token: u64, name: &'static str) -> Option<&'static str> {
    let mut pieces = PIECES.lock().ok()?;
    let at = match pieces.binary_search_by_key(&token, |(t, _)| *t) {
        Ok(at) => return pieces.get(at).map(|(_, piece)| *piece),
        Err(at) => at,
    };
    let mut piece = String::from(",\"");
    write_body(&mut piece, name);
    piece.push_str("\":");
    let piece: &'static str = String::leak(piece);
    pieces.insert(at, (token, piece));
    Some(piece)
}

/// `text` as a JSON string, quotes included.
fn write_str<O: Out>(out: &mut O, text: &str) {
    out.byte(b'"');
    write_body(out, text);
    out.byte(b'"');
}

/// `text` escaped, without its quotes.
#[inline]
fn write_body<O: Out>(out: &mut O, text: &str) {
    let mut rest = text;
    while let Some(at) = find_escape(rest.as_bytes()) {
        // `at` is an ASCII byte, so both cuts are on character boundaries.
        let (Some(clean), Some(&byte), Some(after)) =
            (rest.get(..at), rest.as_bytes().get(at), rest.get(at + 1..))
        else {
            break;
        };
        out.text(clean);
        match escape_of(byte) {
            Some(escape) => out.text(escape),
            None => {
                // A control character: below 0x20, so two hex digits.
                let hex = |n: u8| HEX.get(usize::from(n & 0xF)).copied().unwrap_or(b'0');
                out.text("\\u00");
                out.byte(hex(byte >> 4));
                out.byte(hex(byte));
            }
        }
        rest = after;
    }
    out.text(rest);
}

fn write_integer<O: Out>(out: &mut O, value: impl itoa::Integer) {
    out.text(itoa::Buffer::new().format(value));
}

/// A float exactly as serde_json writes it (shortest round trip; `null` when not finite).
fn write_float<O: Out, F: Serialize>(out: &mut O, value: F) -> Result<(), Error> {
    out.text(&serde_json::to_string(&value).map_err(|e| Error(e.to_string()))?);
    Ok(())
}

impl<'w, 'o, O: Out> ser::Serializer for &'w mut Writer<'o, O> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'w, 'o, O>;
    type SerializeTuple = Compound<'w, 'o, O>;
    type SerializeTupleStruct = Compound<'w, 'o, O>;
    type SerializeTupleVariant = Compound<'w, 'o, O>;
    type SerializeMap = Compound<'w, 'o, O>;
    type SerializeStruct = Compound<'w, 'o, O>;
    type SerializeStructVariant = Compound<'w, 'o, O>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out.text(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        write_integer(self.out, v);
        Ok(())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        write_integer(self.out, v);
        Ok(())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        write_integer(self.out, v);
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        if std::mem::take(&mut self.fen) {
            // Most amounts of a record are zero: their text is a constant piece.
            if v == 0 {
                self.out.ascii(b"\"0.00\"");
                return Ok(());
            }
            self.out.byte(b'"');
            self.out.ascii(crate::money::FenText::new(v).as_bytes());
            self.out.byte(b'"');
        } else {
            write_integer(self.out, v);
        }
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        write_integer(self.out, v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        write_integer(self.out, v);
        Ok(())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        write_integer(self.out, v);
        Ok(())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        write_integer(self.out, v);
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        write_integer(self.out, v);
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        write_integer(self.out, v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        write_float(self.out, v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        write_float(self.out, v)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        write_str(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write_str(self.out, v);
        Ok(())
    }
    /// The text of `value` as a JSON string, escaped as it is formatted, with no `String` in
    /// between (serde_json does the same; the default would format into a `String` first).
    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result<(), Error> {
        struct Escaping<'a, O: Out>(&'a mut O);
        impl<O: Out> std::fmt::Write for Escaping<'_, O> {
            fn write_str(&mut self, text: &str) -> std::fmt::Result {
                write_body(self.0, text);
                Ok(())
            }
        }
        struct Plain<'a, O: Out>(&'a mut O);
        impl<O: Out> std::fmt::Write for Plain<'_, O> {
            fn write_str(&mut self, text: &str) -> std::fmt::Result {
                self.0.text(text);
                Ok(())
            }
        }
        let failed = |_| Error("a value could not be formatted".to_owned());
        self.out.byte(b'"');
        // Formatted as it is, then scanned once: a text with nothing to escape (a margin's
        // message: its words and numbers) is not scanned piece by piece. Else formatted again,
        // escaped.
        let start = self.out.len();
        std::fmt::write(&mut Plain(&mut *self.out), format_args!("{value}")).map_err(failed)?;
        if find_escape(self.out.since(start)).is_some() {
            self.out.truncate(start);
            std::fmt::write(&mut Escaping(&mut *self.out), format_args!("{value}"))
                .map_err(failed)?;
        }
        self.out.byte(b'"');
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        let mut seq = ser::Serializer::serialize_seq(self, Some(v.len()))?;
        for byte in v {
            ser::SerializeSeq::serialize_element(&mut seq, byte)?;
        }
        ser::SerializeSeq::end(seq)
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.text("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        // A value's word (`"not_eligible"`): a `&'static str`, scanned once per process, as a
        // field's name is.
        self.out.byte(b'"');
        write_key(self.out, variant);
        self.out.byte(b'"');
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.fen = name == FEN_TOKEN;
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.out.byte(b'{');
        write_str(self.out, variant);
        self.out.byte(b':');
        value.serialize(&mut *self)?;
        self.out.byte(b'}');
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'w, 'o, O>, Error> {
        self.out.byte(b'[');
        Ok(Compound::open(self, "]"))
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'w, 'o, O>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'w, 'o, O>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'w, 'o, O>, Error> {
        self.out.byte(b'{');
        write_str(self.out, variant);
        self.out.text(":[");
        Ok(Compound::open(self, "]}"))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'w, 'o, O>, Error> {
        self.out.byte(b'{');
        Ok(Compound::open(self, "}"))
    }
    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Compound<'w, 'o, O>, Error> {
        if RAW_TOKENS.contains(&name) {
            return Ok(Compound {
                raw: true,
                ..Compound::open(self, "")
            });
        }
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'w, 'o, O>, Error> {
        self.out.byte(b'{');
        write_str(self.out, variant);
        self.out.text(":{");
        Ok(Compound::open(self, "}}"))
    }
}

/// An array or object being written.
struct Compound<'w, 'o, O: Out> {
    writer: &'w mut Writer<'o, O>,
    first: bool,
    /// What `end` writes.
    closing: &'static str,
    /// serde_json's raw token: the one field's text is written as it is.
    raw: bool,
}

impl<'w, 'o, O: Out> Compound<'w, 'o, O> {
    /// An array or object whose opening is written; `closing` is what `end` writes.
    fn open(writer: &'w mut Writer<'o, O>, closing: &'static str) -> Self {
        Compound {
            writer,
            first: true,
            closing,
            raw: false,
        }
    }

    fn comma(&mut self) {
        if self.first {
            self.first = false;
        } else {
            self.writer.out.byte(b',');
        }
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.comma();
        value.serialize(&mut *self.writer)
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        if self.raw {
            return value.serialize(Raw {
                out: self.writer.out,
            });
        }
        // `,"key":` in one piece, kept for the name.
        write_field_name(self.writer.out, key, std::mem::take(&mut self.first));
        value.serialize(&mut *self.writer)
    }

    fn close(self) -> Result<(), Error> {
        self.writer.out.text(self.closing);
        Ok(())
    }
}

impl<O: Out> ser::SerializeSeq for Compound<'_, '_, O> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl<O: Out> ser::SerializeTuple for Compound<'_, '_, O> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl<O: Out> ser::SerializeTupleStruct for Compound<'_, '_, O> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl<O: Out> ser::SerializeTupleVariant for Compound<'_, '_, O> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl<O: Out> ser::SerializeMap for Compound<'_, '_, O> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.comma();
        key.serialize(Key {
            out: self.writer.out,
            fen: false,
        })?;
        self.writer.out.byte(b':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl<O: Out> ser::SerializeStruct for Compound<'_, '_, O> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl<O: Out> ser::SerializeStructVariant for Compound<'_, '_, O> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

fn key_must_be_a_string() -> Error {
    Error("key must be a string".to_owned())
}

/// A map key, as serde_json takes one: a string, or a number, boolean or unit variant written as
/// a string.
struct Key<'o, O: Out> {
    out: &'o mut O,
    /// The integer is an amount in fen ([`money`]).
    fen: bool,
}

impl<O: Out> Key<'_, O> {
    fn quoted(self, text: &str) -> Result<(), Error> {
        self.out.byte(b'"');
        self.out.text(text);
        self.out.byte(b'"');
        Ok(())
    }
}

impl<O: Out> ser::Serializer for Key<'_, O> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write_str(self.out, v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        write_str(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.quoted(if v { "true" } else { "false" })
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.quoted(itoa::Buffer::new().format(v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.quoted(itoa::Buffer::new().format(v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.quoted(itoa::Buffer::new().format(v))
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        if self.fen {
            return self.quoted(crate::money::FenText::new(v).as_str());
        }
        self.quoted(itoa::Buffer::new().format(v))
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.quoted(itoa::Buffer::new().format(v))
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.quoted(itoa::Buffer::new().format(v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.quoted(itoa::Buffer::new().format(v))
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.quoted(itoa::Buffer::new().format(v))
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.quoted(itoa::Buffer::new().format(v))
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.quoted(itoa::Buffer::new().format(v))
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        float_key(self.out, v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        float_key(self.out, v)
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(Key {
            out: self.out,
            fen: name == FEN_TOKEN,
        })
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_none(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(key_must_be_a_string())
    }
}

/// A float key exactly as serde_json writes one (its text quoted when finite, else an error):
/// serde_json writes a one-entry map with it, and the key is cut out.
fn float_key<O: Out, F: Serialize>(out: &mut O, value: F) -> Result<(), Error> {
    struct OneKey<F>(F);
    impl<F: Serialize> Serialize for OneKey<F> {
        fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = serializer.serialize_map(Some(1))?;
            ser::SerializeMap::serialize_entry(&mut map, &self.0, &())?;
            ser::SerializeMap::end(map)
        }
    }
    let text = serde_json::to_string(&OneKey(value)).map_err(|e| Error(e.to_string()))?;
    // `{"1.5":null}` → `"1.5"`.
    let key = text
        .strip_prefix('{')
        .and_then(|t| t.strip_suffix(":null}"))
        .ok_or_else(key_must_be_a_string)?;
    out.text(key);
    Ok(())
}

/// The field of serde_json's raw token: its text, written as it is.
struct Raw<'o, O: Out> {
    out: &'o mut O,
}

fn not_raw() -> Error {
    Error("a raw JSON token holds text".to_owned())
}

impl<O: Out> ser::Serializer for Raw<'_, O> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.out.text(v);
        Ok(())
    }
    fn serialize_bool(self, _v: bool) -> Result<(), Error> {
        Err(not_raw())
    }
    fn serialize_i8(self, _v: i8) -> Result<(), Error> {
        Err(not_raw())
    }
    fn serialize_i16(self, _v: i16) -> Result<(), Error> {
        Err(not_raw())
    }
    fn serialize_i32(self, _v: i32) -> Result<(), Error> {
        Err(not_raw())
    }
    fn serialize_i64(self, _v: i64) -> Result<(), Error> {
        Err(not_raw())
    }
    fn serialize_u8(self, _v: u8) -> Result<(), Error> {
        Err(not_raw())
    }
    fn serialize_u16(self, _v: u16) -> Result<(), Error> {
        Err(not_raw())
    }
    fn serialize_u32(self, _v: u32) -> Result<(), Error> {
        Err(not_raw())
    }
    fn serialize_u64(self, _v: u64) -> Result<(), Error> {
        Err(not_raw())
    }
    fn serialize_f32(self, _v: f32) -> Result<(), Error> {
        Err(not_raw())
    }
    fn serialize_f64(self, _v: f64) -> Result<(), Error> {
        Err(not_raw())
    }
    fn serialize_char(self, _v: char) -> Result<(), Error> {
        Err(not_raw())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), Error> {
        Err(not_raw())
    }
    fn serialize_none(self) -> Result<(), Error> {
        Err(not_raw())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<(), Error> {
        Err(not_raw())
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Err(not_raw())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        Err(not_raw())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
    ) -> Result<(), Error> {
        Err(not_raw())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(not_raw())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(not_raw())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(not_raw())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(not_raw())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(not_raw())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(not_raw())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(not_raw())
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Error> {
        Err(not_raw())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(not_raw())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn same<T: Serialize + ?Sized>(value: &T) {
        let ours = to_string(value).ok();
        let theirs = serde_json::to_string(value).ok();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn money_is_written_from_its_digits_as_serde_json_writes_its_text() {
        use crate::money::Money;
        let amounts: Vec<Money> = [
            0,
            1,
            -1,
            99,
            -100,
            24_996,
            -300,
            100_000_000_000,
            i64::MIN,
            i64::MAX,
        ]
        .into_iter()
        .map(Money::from_fen)
        .collect();
        let keyed: std::collections::BTreeMap<Money, Option<Money>> =
            amounts.iter().map(|m| (*m, Some(*m))).collect();
        same(&amounts);
        same(&keyed);
        assert_eq!(
            to_string(&amounts[..6]).ok().as_deref(),
            Some(r#"["0.00","0.01","-0.01","0.99","-1.00","249.96"]"#)
        );
        assert_eq!(
            to_string(&amounts[9]).ok().as_deref(),
            Some(r#""92233720368547758.07""#)
        );
        // Inside this writer, an integer after a money newtype is an ordinary integer again.
        same(&(Money::from_fen(5), 5i64, [Money::from_fen(-5)], -5i64));
    }

    #[test]
    fn every_byte_is_escaped_as_serde_json_escapes_it() {
        // Each ASCII byte at each position of strings of 1 to 19 bytes (the short paths, both
        // sides of a word boundary, the overlapping last word), and twice in one string.
        for byte in 0u8..0x80 {
            for len in 1..20 {
                for at in 0..len {
                    let mut text = "abcdefghijklmnopqrs".as_bytes()[..len].to_vec();
                    if let Some(slot) = text.get_mut(at) {
                        *slot = byte;
                    }
                    same(&String::from_utf8(text.clone()).unwrap_or_default());
                    if let Some(slot) = text.get_mut(len - 1) {
                        *slot = byte;
                    }
                    same(&String::from_utf8(text).unwrap_or_default());
                }
            }
        }
        same("户主 \"张三\"\\\u{7f}\u{1f}\u{0}é😀\u{2028}");
        same("");
    }

    #[test]
    fn a_word_with_nothing_to_escape_is_not_mistaken() {
        // Bytes just above the escapes, and high bytes, which the bit tricks must not flag.
        for text in [
            "    !!!!",
            "########",
            "[[[[]]]]",
            "\u{80}\u{ff}\u{7ff}\u{7ff}",
            "éééééééé",
        ] {
            let mut word = [0u8; 8];
            let bytes = text.as_bytes();
            word.copy_from_slice(bytes.get(..8).unwrap_or(&[0; 8]));
            assert!(!needs_escape(u64::from_le_bytes(word)), "{text}");
        }
        for byte in [0u8, 0x1f, b'"', b'\\'] {
            for at in 0..8 {
                let mut word = *b"abcdefgh";
                if let Some(slot) = word.get_mut(at) {
                    *slot = byte;
                }
                assert!(needs_escape(u64::from_le_bytes(word)), "{byte} at {at}");
            }
        }
    }

    #[derive(serde::Serialize)]
    enum Shape {
        Unit,
        Newtype(u8),
        Tuple(u8, &'static str),
        Struct { a: Option<u8>, b: f64 },
    }

    #[derive(serde::Serialize)]
    struct Everything {
        shapes: Vec<Shape>,
        keys: std::collections::BTreeMap<i32, bool>,
        bool_keys: std::collections::BTreeMap<bool, ()>,
        floats: (f32, f64, f64, f64),
        big: (i128, u128, i8, u64),
        chars: (char, char),
        bytes: serde_bytes_like::Bytes,
        unit: (),
    }

    mod serde_bytes_like {
        pub struct Bytes(pub &'static [u8]);
        impl serde::Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(self.0)
            }
        }
    }

    #[test]
    fn every_shape_is_written_as_serde_json_writes_it() {
        let value = Everything {
            shapes: vec![
                Shape::Unit,
                Shape::Newtype(7),
                Shape::Tuple(1, "x\n"),
                Shape::Struct { a: None, b: 0.1 },
            ],
            keys: [(-3, true), (12, false)].into_iter().collect(),
            bool_keys: [(false, ()), (true, ())].into_iter().collect(),
            floats: (1.5, f64::NAN, 1e300, -0.0),
            big: (i128::MIN, u128::MAX, -8, u64::MAX),
            chars: ('"', '中'),
            bytes: serde_bytes_like::Bytes(&[0, 255]),
            unit: (),
        };
        same(&value);
        struct FloatKeys;
        impl Serialize for FloatKeys {
            fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut map = s.serialize_map(None)?;
                ser::SerializeMap::serialize_entry(&mut map, &2.5f64, &1)?;
                ser::SerializeMap::serialize_entry(&mut map, &-1e-7f32, &2)?;
                ser::SerializeMap::end(map)
            }
        }
        same(&FloatKeys);
        struct NanKey;
        impl Serialize for NanKey {
            fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut map = s.serialize_map(None)?;
                ser::SerializeMap::serialize_entry(&mut map, &f64::NAN, &1)?;
                ser::SerializeMap::end(map)
            }
        }
        same(&NanKey);
        // A serde_json value: with `arbitrary_precision` (as the doors build it) its numbers are
        // serde_json's number token, written as their text.
        same(&serde_json::json!({"a": 1.5, "b": [1, -2, 1e300, u64::MAX], "c": {"d": null}}));
        let parsed: Option<serde_json::Value> =
            serde_json::from_str(r#"{"n": 5000.500, "m": -0, "e": 1e3}"#).ok();
        same(&parsed);
        // serde_json's raw value: its text as it is.
        let raw = serde_json::value::RawValue::from_string("1e3".to_owned()).ok();
        same(&raw);
        assert_eq!(to_string(&raw).ok().as_deref(), Some("1e3"));
    }

    #[derive(serde::Serialize)]
    struct OddNames {
        #[serde(rename = "quote\"d")]
        quoted: u8,
        #[serde(rename = "new\nline\u{1}")]
        control: u8,
        #[serde(rename = "")]
        empty: u8,
        #[serde(rename = "户主姓名")]
        chinese: u8,
        plain: u8,
    }

    #[test]
    fn field_names_are_escaped_the_first_time_and_every_time_after() {
        let odd = OddNames {
            quoted: 1,
            control: 2,
            empty: 3,
            chinese: 4,
            plain: 5,
        };
        for _ in 0..3 {
            same(&odd);
        }
        assert_eq!(
            to_string(&odd).ok().as_deref(),
            Some(r#"{"quote\"d":1,"new\nline\u0001":2,"":3,"户主姓名":4,"plain":5}"#)
        );
    }

    /// A value formatted in pieces (as a margin's message is), through `collect_str`.
    struct Pieces(&'static [&'static str]);

    impl Display for Pieces {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            self.0.iter().try_for_each(|p| f.write_str(p))
        }
    }

    impl Serialize for Pieces {
        fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_str(self)
        }
    }

    #[test]
    fn a_formatted_text_is_escaped_wherever_its_escapes_are() {
        let cases: [&[&str]; 5] = [
            &["人均纯收入 ", "5949.63", " 元"],
            &["a rise of ", "4.20", " yuan"],
            &["quote \"", "here"],
            &["", "new\nline", "", "tab\t"],
            &["back\\slash at the end\u{1}"],
        ];
        for pieces in cases {
            same(&Pieces(pieces));
            same(&[Pieces(pieces), Pieces(pieces)]);
        }
        assert_eq!(
            to_string(&Pieces(&["say \"", "hi\""])).ok().as_deref(),
            Some(r#""say \"hi\"""#)
        );
    }

    /// Fields named by many different `&'static str`s, some of them the same text.
    struct ManyNames(Vec<&'static str>);

    impl Serialize for ManyNames {
        fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            use ser::SerializeStruct;
            let mut s = serializer.serialize_struct("ManyNames", self.0.len())?;
            for (i, name) in self.0.iter().enumerate() {
                s.serialize_field(name, &i)?;
            }
            s.end()
        }
    }

    #[test]
    fn more_field_names_than_kept_pieces_are_each_written_as_their_own() {
        // Three thousand names for 2 048 slots, each set once: most sets are full, and a name
        // with no slot is looked up again in the process's list each time. Each text twice, in another string: the same
        // text, another address.
        let names: Vec<&'static str> = (0..3000)
            .map(|i| &*String::leak(format!("f{}{}", i / 2, if i % 7 == 0 { "\"" } else { "" })))
            .collect();
        let many = ManyNames(names);
        let reversed = ManyNames(many.0.iter().rev().copied().collect());
        for _ in 0..3 {
            same(&many);
            same(&reversed);
        }
    }

    #[test]
    fn a_key_that_is_not_a_string_is_an_error_and_writes_nothing() {
        let mut map = std::collections::BTreeMap::new();
        map.insert(vec![1u8], 1);
        let mut out = b"kept".to_vec();
        assert!(write(&mut out, &map).is_err());
        assert!(serde_json::to_string(&map).is_err());
        assert_eq!(out, b"kept");
    }

    proptest! {
        #[test]
        fn any_string_is_written_as_serde_json_writes_it(text in "\\PC*|[\\x00-\\x7f]{0,40}") {
            prop_assert_eq!(to_string(&text).ok(), serde_json::to_string(&text).ok());
        }

        #[test]
        fn any_tree_is_written_as_serde_json_writes_it(value in crate::json::tests::tree()) {
            prop_assert_eq!(to_string(&value).ok(), serde_json::to_string(&value).ok());
        }
    }
}
