//! A JavaScript argument made into what the core reads: a household, village or layer given as an
//! object (converted in [`crate::convert`]) or as JSON text (read by the core exactly as the CLI
//! reads it), the as-of date, `options.explain`, `options.outputs` and the language.

use hengjie::api;
use hengjie::date::Date;
use hengjie::{Assessment, Error, ErrorCode, ErrorDetail, Errors, Outputs, Policy};
use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;

use crate::convert::{self, Conversion, MAX_COPIED_STRING_UNITS};

pub(crate) fn village_with(
    village: &JsValue,
    as_of: Date,
    policy: &Policy,
) -> Result<String, Error> {
    check_parameters(policy, as_of)?;
    let value = document(village, |v| {
        hengjie::village::parse_village(v).err().unwrap_or_default()
    })?;
    hengjie::village::assess_village_value(&value, as_of, policy)
        .map(|a| hengjie::canonical_json(&a))
}

/// The language of `labels` and `applicantSummary`: `"zh"` (the default) or `"en"`.
pub(crate) fn lang_of(lang: &JsValue) -> Result<hengjie::labels::Lang, JsValue> {
    match lang.as_string() {
        None if lang.is_undefined() || lang.is_null() => Ok(hengjie::labels::Lang::Zh),
        Some(text) => hengjie::labels::Lang::parse(&text).ok_or_else(|| bad_lang(&text)),
        None => Err(bad_lang("?")),
    }
}

pub(crate) fn bad_lang(text: &str) -> JsValue {
    let e = js_sys::Error::new(&format!(
        "the language must be \"zh\" or \"en\", not {text:?}"
    ));
    e.set_name("TypeError");
    e.into()
}

/// A village or farmland document as a JSON value: JSON text is parsed with the document limits;
/// an object is converted, and its conversion errors are merged with the core's (`core_errors`).
pub(crate) fn document(
    js: &JsValue,
    core_errors: impl Fn(&hengjie::json::Value) -> Errors,
) -> Result<hengjie::json::Value, Error> {
    if let Some(units) = convert::js_string_units(js) {
        if units > MAX_COPIED_STRING_UNITS {
            return Err(Error::InvalidInput(Errors::one(
                convert::too_large_at_least(),
            )));
        }
        return hengjie::validate::read_document(&js.as_string().unwrap_or_default(), core_errors)
            .map_err(Error::InvalidInput);
    }
    match convert::to_json(js) {
        Conversion::TooLarge(detail) => Err(Error::InvalidInput(Errors::one(detail))),
        Conversion::Value { value, errors } if errors.is_empty() => Ok(value),
        Conversion::Value { value, errors } => Err(Error::InvalidInput(convert::merge(
            core_errors(&value),
            errors,
        ))),
    }
}

/// The options of `assess`/`assessJson`, read from the JavaScript object.
#[derive(Debug)]
pub(crate) struct Options {
    /// `options.explain`: true unless it is exactly `false`.
    pub(crate) explain: bool,
    /// `options.outputs`: the names of the outputs asked for, as Python's `outputs=[...]`
    /// (`None`: every output).
    names: Option<Vec<String>>,
}

impl Options {
    /// Reads the options; a `TypeError` when `outputs` is neither absent, `null` nor an array of
    /// strings (names are read by the core later, in the CLI's order of checks: [`assess_js`]).
    pub(crate) fn of(options: &JsValue) -> Result<Options, JsValue> {
        if !options.is_object() {
            return Ok(Options {
                explain: true,
                names: None,
            });
        }
        let get = |key: &str| Reflect::get(options, &JsValue::from_str(key)).ok();
        let explain = get("explain").and_then(|v| v.as_bool()) != Some(false);
        let names = match get("outputs") {
            None => None,
            Some(v) if v.is_undefined() || v.is_null() => None,
            Some(v) if Array::is_array(&v) => Some(
                Array::from(&v)
                    .iter()
                    .map(|name| name.as_string())
                    .collect::<Option<Vec<String>>>()
                    .ok_or_else(bad_outputs)?,
            ),
            Some(_) => return Err(bad_outputs()),
        };
        Ok(Options { explain, names })
    }

    /// The selection: every output without `outputs`, else the core's reading of the names (a
    /// name that is not an output is its `invalid_value` error at `""`, the names allowed in
    /// `params.allowed`, as Python raises it).
    pub(crate) fn outputs(&self) -> Result<Outputs, Errors> {
        match &self.names {
            None => Ok(Outputs::ALL),
            Some(names) => Outputs::parse_names(names.iter().map(String::as_str)),
        }
    }
}

fn bad_outputs() -> JsValue {
    let e = js_sys::Error::new(
        "options.outputs must be an array of output names, such as [\"monitoring\", \"dibao\"]",
    );
    e.set_name("TypeError");
    e.into()
}

/// The checks in the CLI's order: the as-of date, the layer, the outputs, then (in
/// [`assess_with`]) the parameters on the date and the household.
pub(crate) fn assess_js(
    household: &JsValue,
    as_of: &JsValue,
    layer: &JsValue,
    options: &Options,
) -> Result<Assessment, Error> {
    let as_of = as_of_date(as_of).map_err(Error::InvalidInput)?;
    let policy = policy_from(layer).map_err(Error::Parameter)?;
    assess_with(household, as_of, &policy, options)
}

/// Validates and assesses a parsed household value, parameters first (`parameter_undefined`).
fn judge(
    value: &(impl hengjie::json::Input + ?Sized),
    as_of: Date,
    policy: &Policy,
    explain: bool,
    outputs: Outputs,
) -> Result<Assessment, Error> {
    let assessor = api::Assessor::new(policy, as_of)
        .map_err(Error::Parameter)?
        .explain(explain)
        .selection(outputs);
    assessor.assess_value(value).map_err(Error::InvalidInput)
}

/// Assesses a household under a policy read already (the outputs' names are read first).
pub(crate) fn assess_with(
    household: &JsValue,
    as_of: Date,
    policy: &Policy,
    options: &Options,
) -> Result<Assessment, Error> {
    let outputs = options.outputs().map_err(Error::InvalidInput)?;
    let explain = options.explain;
    if let Some(units) = convert::js_string_units(household) {
        if units > MAX_COPIED_STRING_UNITS {
            check_parameters(policy, as_of)?;
            return Err(Error::InvalidInput(Errors::one(
                convert::too_large_at_least(),
            )));
        }
        let text = household.as_string().unwrap_or_default();
        check_parameters(policy, as_of)?;
        let value = hengjie::validate::read_document(&text, |v| api::validate_value(v, as_of))
            .map_err(Error::InvalidInput)?;
        return judge(&value, as_of, policy, explain, outputs);
    }
    match convert::to_json(household) {
        Conversion::TooLarge(detail) => {
            check_parameters(policy, as_of)?;
            Err(Error::InvalidInput(Errors::one(detail)))
        }
        Conversion::Value { value, errors } if errors.is_empty() => {
            judge(&value, as_of, policy, explain, outputs)
        }
        Conversion::Value { value, errors } => {
            check_parameters(policy, as_of)?;
            Err(Error::InvalidInput(convert::merge(
                api::validate_value(&value, as_of),
                errors,
            )))
        }
    }
}

/// `parameter_undefined` comes before any input error, as in the core.
pub(crate) fn check_parameters(policy: &Policy, as_of: Date) -> Result<(), Error> {
    policy.resolve(as_of).map(|_| ()).map_err(Error::Parameter)
}

pub(crate) fn household_errors(household: &JsValue, as_of: Date) -> Errors {
    if let Some(units) = convert::js_string_units(household) {
        if units > MAX_COPIED_STRING_UNITS {
            return Errors::one(convert::too_large_at_least());
        }
        return api::validate_json_str(&household.as_string().unwrap_or_default(), as_of);
    }
    match convert::to_json(household) {
        Conversion::TooLarge(detail) => Errors::one(detail),
        Conversion::Value { value, errors } => {
            convert::merge(api::validate_value(&value, as_of), errors)
        }
    }
}

/// The as-of date: a `YYYY-MM-DD` string (`invalid_value` at `""` otherwise, as the core says;
/// `invalid_type` for a value that is not a string).
pub(crate) fn as_of_date(as_of: &JsValue) -> Result<Date, Errors> {
    match as_of.as_string() {
        Some(text) => api::parse_as_of(&text),
        None => Err(Errors::one(ErrorDetail::new(
            ErrorCode::InvalidType,
            "",
            "The assessment date must be text written as year-month-day, for example 2023-06-30.",
            "评估日期必须是按“年-月-日”写的文字，例如 2023-06-30。",
        ))),
    }
}

/// The default policy with the caller's layer (an object or JSON text) on top, if any.
pub(crate) fn policy_from(layer: &JsValue) -> Result<Policy, Errors> {
    let policy = Policy::default();
    if layer.is_undefined() || layer.is_null() {
        return Ok(policy);
    }
    if let Some(units) = convert::js_string_units(layer) {
        if units > MAX_COPIED_STRING_UNITS {
            return Err(layer_too_large());
        }
        return policy.with_layer_json(&layer.as_string().unwrap_or_default());
    }
    match convert::to_json(layer) {
        Conversion::TooLarge(_) => Err(layer_too_large()),
        Conversion::Value { value, errors } => {
            // Lossless: numbers keep their exact text (`arbitrary_precision`).
            let text = serde_json::to_string(&value).unwrap_or_default();
            let core = match policy.with_layer_json(&text) {
                Ok(layered) if errors.is_empty() => return Ok(layered),
                Ok(_) => Errors::default(),
                Err(core) => core,
            };
            Err(convert::merge(
                core,
                convert::recode(errors, ErrorCode::InvalidParameter),
            ))
        }
    }
}

pub(crate) fn layer_too_large() -> Errors {
    Errors::one(ErrorDetail::new(
        ErrorCode::InvalidParameter,
        "",
        "The parameter layer is too large (over 1 MiB as JSON text).",
        "参数层太大（JSON 文本超过 1 MiB）。",
    ))
}
