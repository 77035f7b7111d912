//! Every conversion between Python and hengjie, in one place.
//!
//! In: a Python object becomes a JSON value without ever passing through a float: `int` keeps its
//! digits, `decimal.Decimal` becomes its text, `datetime.date` its ISO date; a `float` (or any
//! other type) is recorded as `invalid_type` at its JSON Pointer and replaced by null, and those
//! errors are merged with the core's validation. Out: a custom `serde::Serializer` builds plain
//! dicts and lists, turning money (the core's `MONEY_TOKEN` newtype) into `decimal.Decimal`.

use std::fmt;

use hengjie::error::escape_pointer_token;
use hengjie::json::{Map, Number, Value};
use hengjie::money::MONEY_TOKEN;
use hengjie::validate::MAX_DEPTH;
use hengjie::{ErrorCode, ErrorDetail, Errors};
use pyo3::BoundObject;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde::ser::{self, Serialize};
use smallvec::SmallVec;
use std::sync::Mutex;

/// The Python classes conversion needs.
pub struct Classes<'py> {
    decimal: Bound<'py, PyAny>,
    date: Bound<'py, PyAny>,
    datetime: Bound<'py, PyAny>,
}

static DECIMAL: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static DATE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static DATETIME: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// `decimal.Decimal`, imported once.
pub fn decimal_class(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    Ok(DECIMAL
        .get_or_try_init(py, || {
            py.import("decimal")?.getattr("Decimal").map(Bound::unbind)
        })?
        .bind(py)
        .clone())
}

impl<'py> Classes<'py> {
    /// The classes, imported on the first call and kept.
    pub fn import(py: Python<'py>) -> PyResult<Self> {
        let class = |cell: &PyOnceLock<Py<PyAny>>, name: &str| -> PyResult<Bound<'py, PyAny>> {
            Ok(cell
                .get_or_try_init(py, || {
                    py.import("datetime")?.getattr(name).map(Bound::unbind)
                })?
                .bind(py)
                .clone())
        };
        Ok(Classes {
            decimal: decimal_class(py)?,
            date: class(&DATE, "date")?,
            datetime: class(&DATETIME, "datetime")?,
        })
    }

    pub fn is_datetime(&self, obj: &Bound<'py, PyAny>) -> PyResult<bool> {
        obj.is_instance(&self.datetime)
    }

    pub fn is_date(&self, obj: &Bound<'py, PyAny>) -> PyResult<bool> {
        obj.is_instance(&self.date)
    }
}

/// A Python value converted to JSON, with the errors only Python can have.
pub struct Converted {
    /// The core's tree, built directly (numbers as their digits).
    pub value: Value,
    pub errors: Vec<ErrorDetail>,
    pub too_deep: bool,
    /// At least the length of the value's canonical JSON (each string counted as if every
    /// character took a six-byte escape), so that only a value near the size limit needs
    /// writing to be measured.
    pub size_bound: usize,
}

/// Converts a Python object (dict, list, str, int, bool, Decimal, date, None) to a JSON value.
/// `code` is the error code for a wrong type: `invalid_type` for households,
/// `invalid_parameter` for layers.
pub fn to_value(
    obj: &Bound<'_, PyAny>,
    classes: &Classes<'_>,
    code: ErrorCode,
) -> PyResult<Converted> {
    let mut state = State {
        errors: Vec::new(),
        too_deep: false,
        code,
        size_bound: 0,
    };
    let value = state.walk(obj, classes, &At::Root, 0)?;
    Ok(Converted {
        value,
        errors: state.errors,
        too_deep: state.too_deep,
        size_bound: state.size_bound,
    })
}

/// Where a value is in the input, kept unformatted until an error needs its JSON Pointer.
enum At<'a> {
    Root,
    Key(&'a str, &'a At<'a>),
    Index(usize, &'a At<'a>),
}

impl At<'_> {
    fn pointer(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            At::Root => {}
            At::Key(key, parent) => {
                parent.write(out);
                out.push('/');
                out.push_str(&escape_pointer_token(key));
            }
            At::Index(i, parent) => {
                parent.write(out);
                out.push('/');
                out.push_str(&i.to_string());
            }
        }
    }
}

struct State {
    errors: Vec<ErrorDetail>,
    too_deep: bool,
    code: ErrorCode,
    size_bound: usize,
}

/// The most bytes a string of `len` bytes takes in JSON: quotes, and a six-byte `\u00XX` for
/// every byte at worst.
fn string_bound(len: usize) -> usize {
    len.saturating_mul(6).saturating_add(2)
}

impl State {
    fn wrong(&mut self, at: &At<'_>, en: String, zh: String) -> Value {
        self.errors
            .push(ErrorDetail::new(self.code, at.pointer(), en, zh));
        self.grow(4);
        Value::Null
    }

    fn grow(&mut self, bytes: usize) {
        self.size_bound = self.size_bound.saturating_add(bytes);
    }

    fn string(&mut self, text: String) -> Value {
        self.grow(string_bound(text.len()));
        Value::String(text)
    }

    fn walk(
        &mut self,
        obj: &Bound<'_, PyAny>,
        classes: &Classes<'_>,
        at: &At<'_>,
        depth: usize,
    ) -> PyResult<Value> {
        if obj.is_none() {
            self.grow(4);
            return Ok(Value::Null);
        }
        if let Ok(b) = obj.cast::<PyBool>() {
            self.grow(5);
            return Ok(Value::Bool(b.is_true()));
        }
        if obj.is_exact_instance_of::<PyInt>()
            && let Ok(n) = obj.extract::<i64>()
        {
            let n = Number::from(n);
            self.grow(n.as_str().len());
            return Ok(Value::Number(n));
        }
        if obj.is_instance_of::<PyInt>() {
            // `int.__repr__`, not `str()`: a subclass may override `__str__` (and `IntEnum`
            // does on some versions), but the digits must be the integer's own.
            let text = obj
                .py()
                .get_type::<PyInt>()
                .call_method1("__repr__", (obj,))?
                .str()?
                .to_string();
            return Ok(match text.parse::<Number>() {
                Ok(n) => {
                    self.grow(text.len());
                    Value::Number(n)
                }
                Err(_) => self.wrong(
                    at,
                    format!("The value ({text}) is not a number; enter digits only."),
                    format!("所填的值（{text}）不是数字，请只填数字。"),
                ),
            });
        }
        if let Ok(s) = obj.cast::<PyString>() {
            return Ok(self.string(s.to_cow()?.into_owned()));
        }
        // Containers before the classes that need an `isinstance` call (Decimal, datetime, date).
        let is_container = obj.is_instance_of::<PyDict>()
            || obj.is_instance_of::<PyList>()
            || obj.is_instance_of::<PyTuple>();
        if is_container && depth > MAX_DEPTH {
            self.too_deep = true;
            return Ok(Value::Null);
        }
        if let Ok(dict) = obj.cast::<PyDict>() {
            // Braces, and a comma and a colon for each entry.
            self.grow(2 + 2 * dict.len());
            let mut map = Map::with_capacity(dict.len());
            for (k, v) in dict.iter() {
                let Ok(key) = k.cast::<PyString>() else {
                    let kind = k.get_type().name()?.to_string();
                    self.wrong(
                        at,
                        format!("A key is a {kind}; keys must be text."),
                        format!("有一个键的类型为 {kind}，键必须是文字。"),
                    );
                    continue;
                };
                let key = key.to_cow()?.into_owned();
                self.grow(string_bound(key.len()));
                let value = self.walk(&v, classes, &At::Key(&key, at), depth + 1)?;
                map.insert(key, value);
            }
            return Ok(Value::Object(map));
        }
        if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
            let mut items = Vec::new();
            // The brackets, and a comma after each item but the first.
            self.grow(2);
            for (i, item) in obj.try_iter()?.enumerate() {
                if i > 0 {
                    self.grow(1);
                }
                items.push(self.walk(&item?, classes, &At::Index(i, at), depth + 1)?);
            }
            return Ok(Value::Array(items));
        }
        if obj.is_instance_of::<PyFloat>() {
            return Ok(self.wrong(
                at,
                "An amount must be exact: pass a Decimal, an int or a str, not a float.".to_owned(),
                "金额必须精确：请传入 Decimal、int 或 str，不要传入 float。".to_owned(),
            ));
        }
        if obj.is_instance(&classes.decimal)? {
            return Ok(self.string(obj.str()?.to_string()));
        }
        if classes.is_datetime(obj)? {
            return Ok(self.wrong(
                at,
                "A date is needed, not a datetime (its day depends on the time zone); pass a date."
                    .to_owned(),
                "这里需要日期，不能是日期时间（日期会随时区变化），请传入 date。".to_owned(),
            ));
        }
        if classes.is_date(obj)? {
            return Ok(self.string(obj.call_method0("isoformat")?.str()?.to_string()));
        }
        let kind = obj.get_type().name()?.to_string();
        Ok(self.wrong(
            at,
            format!("A value of type {kind} cannot be read; pass text, a number, a bool, a list or a dict."),
            format!("无法读取类型为 {kind} 的值，请传入文字、数字、布尔值、列表或字典。"),
        ))
    }
}

/// The core's errors merged with the conversion's own ([`Errors::merged_with`]).
pub fn merge(core: Errors, own: Vec<ErrorDetail>) -> Errors {
    core.merged_with(own)
}

/// An error raised while building Python objects.
#[derive(Debug)]
pub struct OutError(pub PyErr);

impl fmt::Display for OutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::error::Error for OutError {}

impl ser::Error for OutError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        OutError(pyo3::exceptions::PyValueError::new_err(msg.to_string()))
    }
}

impl From<PyErr> for OutError {
    fn from(e: PyErr) -> Self {
        OutError(e)
    }
}

/// Builds Python objects from any output value.
pub fn to_python<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
    decimal: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    value.serialize(Out { py, decimal }).map_err(|e| e.0)
}

#[derive(Clone, Copy)]
struct Out<'a, 'py> {
    py: Python<'py>,
    decimal: &'a Bound<'py, PyAny>,
}

type R<'py> = Result<Bound<'py, PyAny>, OutError>;

/// Slots of the name cache: a few times the names an output has, so that two rarely share one.
const NAME_SLOTS: usize = 2048;

/// The output's names — struct field keys and enum words, `&'static str` in the engine — as
/// Python strings made once (interned, so a dict hashes them once too). A direct-mapped table
/// by the name's address, each slot set once: a name whose slot another took is made each time,
/// never mistaken. Reading a set slot is one atomic load, with no lock.
static NAMES: [PyOnceLock<Name>; NAME_SLOTS] = [const { PyOnceLock::new() }; NAME_SLOTS];

/// A name's address and length, and its Python string.
type Name = (usize, usize, Py<PyString>);

/// Slots of the amount cache (a power of two: a slot is the top bits of a hash).
const AMOUNT_SLOTS: usize = 4096;
const _: () = assert!(AMOUNT_SLOTS.is_power_of_two());

/// The amounts seen so far as `decimal.Decimal`s (immutable, so one object serves every
/// record): a direct-mapped table by the amount's text (packed, [`packed`]), a newer amount
/// taking an older one's slot. Found without making a Python string or hashing one.
static AMOUNTS: Mutex<Vec<Option<Kept>>> = Mutex::new(Vec::new());

/// An amount's packed text and its `Decimal`.
type Kept = (u128, Py<PyAny>);

/// A text of at most 15 bytes in one number: its bytes, and its length in the last byte.
fn packed(text: &str) -> Option<u128> {
    let bytes = text.as_bytes();
    let mut buf = [0u8; 16];
    buf.get_mut(..bytes.len())?.copy_from_slice(bytes);
    buf[15] = u8::try_from(bytes.len()).ok().filter(|&n| n < 16)?;
    Some(u128::from_le_bytes(buf))
}

thread_local! {
    /// The buffer `collect_str` formats into (24 bytes of thread-local storage; the text is on
    /// the heap).
    static TEXT: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl<'a, 'py> Out<'a, 'py> {
    fn obj<T: IntoPyObject<'py>>(self, v: T) -> R<'py> {
        v.into_pyobject(self.py)
            .map(|o| o.into_any().into_bound())
            .map_err(|e| OutError(e.into()))
    }

    /// A name of the engine's as a Python string, made once. No Python code runs while the
    /// lock is held (the string is made outside it), so a finaliser calling back in cannot
    /// deadlock.
    fn name(self, text: &'static str) -> Bound<'py, PyString> {
        let at = text.as_ptr() as usize;
        let slot = (at ^ (at >> 11) ^ text.len()) % NAME_SLOTS;
        let Some(cell) = NAMES.get(slot) else {
            return PyString::intern(self.py, text);
        };
        let (a, l, s) = cell.get_or_init(self.py, || {
            (at, text.len(), PyString::intern(self.py, text).unbind())
        });
        if *a == at && *l == text.len() {
            s.bind(self.py).clone()
        } else {
            PyString::intern(self.py, text)
        }
    }

    /// Money's text as a `decimal.Decimal`, one object per amount. No Python code runs while
    /// the lock is held: a replaced amount is released after it.
    fn amount(self, text: &str) -> R<'py> {
        let Some(key) = packed(text) else {
            return Ok(self.decimal.call1((text,))?);
        };
        // Fibonacci hashing: the product's top bits, as many as the slots need.
        let slot = (((key as u64) ^ ((key >> 64) as u64)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
            >> (u64::BITS - AMOUNT_SLOTS.trailing_zeros())) as usize;
        if let Some(Some((kept, obj))) = lock(&AMOUNTS).get(slot)
            && *kept == key
        {
            return Ok(obj.bind(self.py).clone());
        }
        let made = self.decimal.call1((text,))?;
        let replaced = {
            let mut kept = lock(&AMOUNTS);
            if kept.is_empty() {
                kept.resize_with(AMOUNT_SLOTS, || None);
            }
            kept.get_mut(slot)
                .and_then(|s| s.replace((key, made.clone().unbind())))
        };
        drop(replaced);
        Ok(made)
    }
}

struct SeqOut<'a, 'py> {
    out: Out<'a, 'py>,
    items: SmallVec<[Bound<'py, PyAny>; 8]>,
}

impl<'py> SeqOut<'_, 'py> {
    /// The list, made at its length.
    fn list(self) -> R<'py> {
        Ok(PyList::new(self.out.py, self.items)?.into_any())
    }
}

struct MapOut<'a, 'py> {
    out: Out<'a, 'py>,
    dict: Bound<'py, PyDict>,
    key: Option<Bound<'py, PyAny>>,
}

fn unsupported<'py>(what: &str) -> R<'py> {
    Err(OutError(pyo3::exceptions::PyTypeError::new_err(format!(
        "cannot convert {what} to Python"
    ))))
}

impl<'a, 'py> ser::Serializer for Out<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = OutError;
    type SerializeSeq = SeqOut<'a, 'py>;
    type SerializeTuple = SeqOut<'a, 'py>;
    type SerializeTupleStruct = SeqOut<'a, 'py>;
    type SerializeTupleVariant = ser::Impossible<Bound<'py, PyAny>, OutError>;
    type SerializeMap = MapOut<'a, 'py>;
    type SerializeStruct = MapOut<'a, 'py>;
    type SerializeStructVariant = ser::Impossible<Bound<'py, PyAny>, OutError>;

    fn serialize_bool(self, v: bool) -> R<'py> {
        self.obj(v)
    }
    fn serialize_i8(self, v: i8) -> R<'py> {
        self.obj(v)
    }
    fn serialize_i16(self, v: i16) -> R<'py> {
        self.obj(v)
    }
    fn serialize_i32(self, v: i32) -> R<'py> {
        self.obj(v)
    }
    fn serialize_i64(self, v: i64) -> R<'py> {
        self.obj(v)
    }
    fn serialize_u8(self, v: u8) -> R<'py> {
        self.obj(v)
    }
    fn serialize_u16(self, v: u16) -> R<'py> {
        self.obj(v)
    }
    fn serialize_u32(self, v: u32) -> R<'py> {
        self.obj(v)
    }
    fn serialize_u64(self, v: u64) -> R<'py> {
        self.obj(v)
    }
    fn serialize_f32(self, _: f32) -> R<'py> {
        unsupported("a float")
    }
    fn serialize_f64(self, _: f64) -> R<'py> {
        unsupported("a float")
    }
    fn serialize_char(self, v: char) -> R<'py> {
        self.obj(v.to_string())
    }
    fn serialize_str(self, v: &str) -> R<'py> {
        self.obj(v)
    }
    /// A displayed value (a margin's message) formatted into a buffer the thread keeps, then
    /// made a Python string: no `String` allocated and grown for each.
    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> R<'py> {
        use std::fmt::Write as _;
        TEXT.with(|cell| match cell.try_borrow_mut() {
            Ok(mut text) => {
                text.clear();
                write!(text, "{value}").map_err(<OutError as ser::Error>::custom)?;
                self.obj(text.as_str())
            }
            Err(_) => self.obj(value.to_string()),
        })
    }
    fn serialize_bytes(self, _: &[u8]) -> R<'py> {
        unsupported("bytes")
    }
    fn serialize_none(self) -> R<'py> {
        Ok(self.py.None().into_bound(self.py))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> R<'py> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> R<'py> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> R<'py> {
        self.serialize_none()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> R<'py> {
        Ok(self.name(variant).into_any())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> R<'py> {
        if name == MONEY_TOKEN
            && let Some(made) = hengjie::text_of(value, |text| self.amount(text))
        {
            return made;
        }
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> R<'py> {
        unsupported("an enum variant with data")
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<SeqOut<'a, 'py>, OutError> {
        Ok(SeqOut {
            out: self,
            items: SmallVec::new(),
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqOut<'a, 'py>, OutError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<SeqOut<'a, 'py>, OutError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, OutError> {
        Err(OutError(pyo3::exceptions::PyTypeError::new_err(
            "cannot convert a tuple variant to Python",
        )))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<MapOut<'a, 'py>, OutError> {
        Ok(MapOut {
            out: self,
            dict: PyDict::new(self.py),
            key: None,
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<MapOut<'a, 'py>, OutError> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, OutError> {
        Err(OutError(pyo3::exceptions::PyTypeError::new_err(
            "cannot convert a struct variant to Python",
        )))
    }
}

impl<'py> ser::SerializeSeq for SeqOut<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = OutError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), OutError> {
        self.items.push(value.serialize(self.out)?);
        Ok(())
    }
    fn end(self) -> R<'py> {
        self.list()
    }
}

impl<'py> ser::SerializeTuple for SeqOut<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = OutError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), OutError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> R<'py> {
        self.list()
    }
}

impl<'py> ser::SerializeTupleStruct for SeqOut<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = OutError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), OutError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> R<'py> {
        self.list()
    }
}

impl<'py> ser::SerializeMap for MapOut<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = OutError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), OutError> {
        self.key = Some(key.serialize(self.out)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), OutError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| <OutError as ser::Error>::custom("a map value without a key"))?;
        self.dict.set_item(key, value.serialize(self.out)?)?;
        Ok(())
    }
    fn end(self) -> R<'py> {
        Ok(self.dict.into_any())
    }
}

impl<'py> ser::SerializeStruct for MapOut<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = OutError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), OutError> {
        self.dict
            .set_item(self.out.name(key), value.serialize(self.out)?)?;
        Ok(())
    }
    fn end(self) -> R<'py> {
        Ok(self.dict.into_any())
    }
}
