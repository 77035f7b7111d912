//! The `HengjieError` a failing call throws, with the contract's error list.

use hengjie::{Error, Errors};
use js_sys::{Array, JSON, Object, Reflect};
use wasm_bindgen::prelude::*;

/// The `Error` thrown for a failure: `name` `HengjieError`, a one-line English `message`,
/// `kind` and `errors`.
pub(crate) fn throwable(error: &Error) -> JsValue {
    let (kind, label) = match error {
        Error::InvalidInput(_) => ("invalid_input", "invalid input"),
        Error::Parameter(_) => ("parameter", "parameter error"),
    };
    let list = error.errors().list();
    let message = match list {
        [] => label.to_owned(),
        [only] => format!("{label}: {only}"),
        [first, ..] => format!("{label}: {} errors, the first: {first}", list.len()),
    };
    let thrown = js_sys::Error::new(&message);
    thrown.set_name("HengjieError");
    // Setting an own property of a fresh `Error` cannot fail.
    let _ = Reflect::set(&thrown, &"kind".into(), &kind.into());
    let _ = Reflect::set(&thrown, &"errors".into(), &errors_to_js(error.errors()));
    thrown.into()
}

/// The error list as an array of plain `{code, path, params?, message_en, message_zh}` objects
/// (`params` only where the contract gives it).
pub(crate) fn errors_to_js(errors: &Errors) -> Array {
    errors
        .list()
        .iter()
        .map(|e| {
            let object = Object::new();
            let _ = Reflect::set(&object, &"code".into(), &e.code().as_str().into());
            let _ = Reflect::set(&object, &"path".into(), &e.path().into());
            if let Some(params) = e.params() {
                let text = serde_json::to_string(params).unwrap_or_default();
                if let Ok(value) = JSON::parse(&text) {
                    let _ = Reflect::set(&object, &"params".into(), &value);
                }
            }
            let _ = Reflect::set(&object, &"message_en".into(), &e.message_en().into());
            let _ = Reflect::set(&object, &"message_zh".into(), &e.message_zh().into());
            JsValue::from(object)
        })
        .collect()
}
