//! JavaScript values → JSON values, in one place (docs/contract.md#errors: in JavaScript a money
//! number must be a safe integer, otherwise `invalid_type`).
//!
//! The walk never trusts the value it is given: a getter or proxy that throws, a cycle, a
//! shared sub-object repeated a million times or a sparse array of length 2³² all end in a
//! coded error, never in a hang, a trap or an out-of-memory abort:
//! - containers nested deeper than [`MAX_DEPTH`] + 1 are not entered (the core then reports the
//!   nesting as `invalid_value` at `""`, exactly as for JSON text; a cycle is infinitely deep);
//! - a running lower bound of the size of the JSON text stops the walk as soon as it passes
//!   [`MAX_DOCUMENT_BYTES`] (`too_large` at `""`), so the walk visits at most about a million
//!   values whatever the shape of the object graph.

use hengjie::error::escape_pointer_token;
use hengjie::json::{Map, Value};
use hengjie::validate::{MAX_DEPTH, MAX_DOCUMENT_BYTES};
use hengjie::{ErrorCode, ErrorDetail, Errors};
use js_sys::{Array, JsString, Number, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `Object.keys` (own enumerable string keys, as `JSON.stringify` reads them), with a
    /// throwing proxy trap caught instead of unwinding through the module.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn object_keys(value: &JsValue) -> Result<Array, JsValue>;

    /// `Array.isArray`, which throws for a revoked proxy.
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;
}

/// A JavaScript string longer than this (in UTF-16 code units) is refused without being copied
/// into the module: its UTF-8 text is at least as long, far over the 1 MiB limit. Shorter strings
/// over the limit are handed to the core, whose message then names the exact size, as in every
/// other binding.
pub(crate) const MAX_COPIED_STRING_UNITS: u32 = 4 * 1024 * 1024;

/// The result of converting one JavaScript value.
#[derive(Debug)]
pub(crate) enum Conversion {
    /// The JSON value, with `null` in place of every value that has no exact JSON form, and
    /// one `invalid_type` (or `invalid_value`) error per such place.
    Value {
        value: Value,
        errors: Vec<ErrorDetail>,
    },
    /// The value is over [`MAX_DOCUMENT_BYTES`] as JSON text.
    TooLarge(ErrorDetail),
}

/// Converts a JavaScript value (a household or a parameter layer given as an object).
pub(crate) fn to_json(value: &JsValue) -> Conversion {
    let mut walker = Walker {
        errors: Vec::new(),
        size: 0,
        escapes: 0,
    };
    let mut path = String::new();
    let converted = walker.walk(value, &mut path, 0);
    if walker.over() {
        return Conversion::TooLarge(too_large_at_least());
    }
    // Measured exactly only when escapes could take it over the limit.
    if walker.size.saturating_add(walker.escapes) > MAX_DOCUMENT_BYTES {
        let exact = json_text_len(&converted);
        if exact > MAX_DOCUMENT_BYTES {
            return Conversion::TooLarge(too_large_exact(exact));
        }
    }
    Conversion::Value {
        value: converted,
        errors: walker.errors,
    }
}

/// The core's errors merged with the conversion's own ([`Errors::merged_with`]).
pub(crate) fn merge(core: Errors, own: Vec<ErrorDetail>) -> Errors {
    core.merged_with(own)
}

/// The same errors with another code (conversion errors inside a parameter layer are
/// `invalid_parameter`, like every other fault of a layer).
pub(crate) fn recode(errors: Vec<ErrorDetail>, code: ErrorCode) -> Vec<ErrorDetail> {
    errors.into_iter().map(|e| e.recoded(code)).collect()
}

/// The length of a JavaScript string in UTF-16 code units, when `value` is a string.
pub(crate) fn js_string_units(value: &JsValue) -> Option<u32> {
    value.dyn_ref::<JsString>().map(JsString::length)
}

/// `too_large` for a document whose exact size is known (the core's wording).
pub(crate) fn too_large_exact(bytes: usize) -> ErrorDetail {
    hengjie::validate::too_large(bytes)
}

/// `too_large` for a document whose reading stopped once it was known to be over the limit.
pub(crate) fn too_large_at_least() -> ErrorDetail {
    hengjie::validate::Problem::TooLargeAtLeast {}.at("")
}

/// The length of the compact JSON text of a value (the core's canonical JSON: serde_json's
/// bytes), without building it.
fn json_text_len(value: &impl serde::Serialize) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 = self.0.saturating_add(buf.len());
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    match serde_json::to_writer(&mut count, value) {
        Ok(()) => count.0,
        // Writing to a counter cannot fail; should it, the value is refused as too large
        // rather than assessed unchecked.
        Err(_) => usize::MAX,
    }
}

struct Walker {
    errors: Vec<ErrorDetail>,
    /// A lower bound of the length of the JSON text of what has been converted so far.
    size: usize,
    /// What escapes could add to it at most: five more bytes for each byte of a string or key
    /// (`\u001f` for one byte), so that `size + escapes` is an upper bound.
    escapes: usize,
}

impl Walker {
    fn over(&self) -> bool {
        self.size > MAX_DOCUMENT_BYTES
    }

    fn grow(&mut self, bytes: usize) {
        self.size = self.size.saturating_add(bytes);
    }

    fn may_escape(&mut self, bytes: usize) {
        self.escapes = self.escapes.saturating_add(bytes.saturating_mul(5));
    }

    /// Converts `value` found at `path` below `depth` enclosing arrays and objects.
    fn walk(&mut self, value: &JsValue, path: &mut String, depth: usize) -> Value {
        if self.over() {
            return Value::Null;
        }
        if value.is_undefined() || value.is_null() {
            self.grow(4);
            return Value::Null;
        }
        if let Some(b) = value.as_bool() {
            self.grow(if b { 4 } else { 5 });
            return Value::Bool(b);
        }
        if value.is_string() {
            return match js_string_units(value) {
                // At least one UTF-8 byte per UTF-16 unit: over the limit on its own, so
                // never copied.
                Some(units) if units as usize > MAX_DOCUMENT_BYTES => {
                    self.grow(MAX_DOCUMENT_BYTES.saturating_add(1));
                    Value::Null
                }
                _ => {
                    let text = value.as_string().unwrap_or_default();
                    self.grow(text.len().saturating_add(2));
                    self.may_escape(text.len());
                    Value::String(text)
                }
            };
        }
        if let Some(number) = value.as_f64() {
            return self.number(value, number, path);
        }
        if value.is_object() {
            if depth > MAX_DEPTH {
                // Not entered: what is kept is already deeper than the limit.
                self.grow(4);
                return Value::Null;
            }
            return match is_array(value) {
                Ok(true) => self.array(value, path, depth),
                Ok(false) => self.object(value, path, depth),
                Err(_) => self.unreadable(path),
            };
        }
        let found = if value.is_bigint() {
            ("a BigInt", "BigInt")
        } else if value.is_symbol() {
            ("a symbol", "符号")
        } else if value.is_function() {
            ("a function", "函数")
        } else {
            ("a value that is not JSON", "非 JSON 值")
        };
        self.errors.push(hengjie::validate::door_error(
            ErrorCode::InvalidType,
            path,
            (
                "text, a number, yes or no, a list or a group of entries",
                "文字、数字、是或否",
            ),
            found,
        ));
        Value::Null
    }

    fn number(&mut self, value: &JsValue, number: f64, path: &str) -> Value {
        if Number::is_safe_integer(value) {
            // Exact: a safe integer is below 2^53 in magnitude (and `-0` becomes 0).
            let int = number as i64;
            let json = hengjie::json::Number::from(int);
            self.grow(json.as_str().len());
            return Value::Number(json);
        }
        self.errors.push(hengjie::validate::door_error(
            ErrorCode::InvalidType,
            path,
            (
                "a whole number, or an amount written as text (\"1200.50\")",
                "整数，或写成文字的金额（\"1200.50\"）",
            ),
            (
                "a number with decimals or too large to be exact",
                "带小数或过大而不精确的数字",
            ),
        ));
        self.grow(4);
        Value::Null
    }

    fn array(&mut self, value: &JsValue, path: &mut String, depth: usize) -> Value {
        let length = match Reflect::get(value, &JsValue::from_str("length")) {
            Ok(n) => n.as_f64().unwrap_or(0.0),
            Err(_) => return self.unreadable(path),
        };
        // An array length is an integer below 2^32.
        let length = if length.is_finite() && length > 0.0 {
            length.min(f64::from(u32::MAX)) as u32
        } else {
            0
        };
        self.grow(2);
        let mut items = Vec::new();
        for i in 0..length {
            if self.over() {
                break;
            }
            if i > 0 {
                self.grow(1);
            }
            let item = match Reflect::get_u32(value, i) {
                Ok(item) => item,
                Err(_) => return self.unreadable(path),
            };
            let mark = path.len();
            path.push('/');
            path.push_str(&i.to_string());
            items.push(self.walk(&item, path, depth + 1));
            path.truncate(mark);
        }
        Value::Array(items)
    }

    fn object(&mut self, value: &JsValue, path: &mut String, depth: usize) -> Value {
        let keys = match object_keys(value) {
            Ok(keys) => keys,
            Err(_) => return self.unreadable(path),
        };
        self.grow(2);
        let mut map = Map::with_capacity(keys.length() as usize);
        for (i, key) in keys.iter().enumerate() {
            if self.over() {
                break;
            }
            if i > 0 {
                self.grow(1);
            }
            if js_string_units(&key).is_some_and(|units| units as usize > MAX_DOCUMENT_BYTES) {
                // A key over the limit on its own: never copied.
                self.grow(MAX_DOCUMENT_BYTES.saturating_add(1));
                break;
            }
            let name = key.as_string().unwrap_or_default();
            self.grow(name.len().saturating_add(3));
            self.may_escape(name.len());
            let mark = path.len();
            path.push('/');
            path.push_str(&escape_pointer_token(&name));
            let converted = match Reflect::get(value, &key) {
                Ok(item) => self.walk(&item, path, depth + 1),
                Err(_) => self.unreadable(path),
            };
            path.truncate(mark);
            map.insert(name, converted);
        }
        Value::Object(map)
    }

    /// A getter or a proxy threw while the value was read.
    fn unreadable(&mut self, path: &str) -> Value {
        self.errors.push(hengjie::validate::door_error(
            ErrorCode::InvalidValue,
            path,
            ("a value that can be read", "可以读取的值"),
            ("a value whose reading failed", "无法读取的值"),
        ));
        self.grow(4);
        Value::Null
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detail(code: ErrorCode, path: &str) -> ErrorDetail {
        ErrorDetail::new(code, path, "en", "zh")
    }

    #[test]
    fn merge_drops_core_errors_at_replaced_paths_and_sorts() {
        let core = Errors::new(vec![
            detail(ErrorCode::MissingField, "/income/wages"),
            detail(ErrorCode::MissingField, "/poverty_alleviated"),
            detail(ErrorCode::UnknownField, "/extra"),
        ]);
        let own = vec![
            detail(ErrorCode::InvalidType, "/income/wages"),
            detail(ErrorCode::InvalidType, "/extra"),
        ];
        let merged = merge(core, own);
        let got: Vec<(&str, &str)> = merged
            .list()
            .iter()
            .map(|e| (e.code().as_str(), e.path()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("invalid_type", "/extra"),
                ("invalid_type", "/income/wages"),
                ("missing_field", "/poverty_alleviated"),
            ]
        );
    }

    #[test]
    fn recode_keeps_paths_and_messages() {
        let out = recode(
            vec![detail(ErrorCode::InvalidType, "/parameters/x/0/value")],
            ErrorCode::InvalidParameter,
        );
        assert_eq!(out[0].code(), ErrorCode::InvalidParameter);
        assert_eq!(out[0].path(), "/parameters/x/0/value");
        assert_eq!(out[0].message_en(), "en");
    }

    #[test]
    fn text_length_is_that_of_compact_json() {
        let value: Value = serde_json::from_str(r#"{"a": [1, "x\"y", null, true]}"#).unwrap();
        assert_eq!(
            json_text_len(&value),
            serde_json::to_string(&value).unwrap().len()
        );
    }

    #[test]
    fn too_large_matches_the_core() {
        let text = " ".repeat(MAX_DOCUMENT_BYTES + 1);
        let core = hengjie::validate::parse_json_text(&text).unwrap_err();
        assert_eq!(core.list()[0], too_large_exact(MAX_DOCUMENT_BYTES + 1));
    }

    #[test]
    fn too_large_at_least_is_worded_by_the_core_with_the_limit() {
        let e = too_large_at_least();
        assert_eq!((e.code(), e.path()), (ErrorCode::TooLarge, ""));
        assert_eq!(
            e.message_en(),
            "The form is too large (over 1048576 bytes as JSON text); send less at a time."
        );
        assert_eq!(
            e.message_zh(),
            "资料太大（JSON 文本超过 1048576 字节），请分开提交。"
        );
    }
}
