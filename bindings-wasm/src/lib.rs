//! JavaScript bindings of hengjie (wasm-bindgen), npm package `hengjie`.
//!
//! Functions over [`hengjie::api`]: `assess`, `assessJson`, `validate`, `params`, `errorCodes`,
//! `assessVillage`, `checkFarmland`, `duties`, `labels`, `normalize`, `applicantSummary`; `withLayer` (a [`LayeredPolicy`], the default policy
//! with a deploying office's layer read once); `householdSchema` (the JSON Schema of the input,
//! generated from the core's model and compiled in) and `ruleParams` (the parameters each rule
//! reads, from the rules' own `PARAMS` lists). A household or a parameter layer may be a
//! JavaScript object (converted in [`convert`], where a money number must be a safe integer) or
//! JSON text (read by the core exactly as the CLI and Python read it). Results are plain objects made by
//! `JSON.parse` of the core's canonical JSON, so money stays a string and keys keep the contract's
//! order. Failures throw an `Error` named `HengjieError` with `kind` (`"invalid_input"` or
//! `"parameter"`) and `errors` (the contract's `{code, path, message_en, message_zh}` list).

mod convert;

use hengjie::api;
use hengjie::date::Date;
use hengjie::{Assessment, Error, ErrorCode, ErrorDetail, Errors, Policy};
use js_sys::{Array, JSON, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::convert::{Conversion, MAX_COPIED_STRING_UNITS};

#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT: &'static str = include_str!("hengjie.d.ts");

/// Generated from `household.schema.json` by `scripts/gen-types.mjs`.
#[wasm_bindgen(typescript_custom_section)]
const HOUSEHOLD_TYPESCRIPT: &'static str = include_str!("household.d.ts");

/// Generated from `assessment.schema.json` by `scripts/gen-types.mjs`: the output types.
#[wasm_bindgen(typescript_custom_section)]
const ASSESSMENT_TYPESCRIPT: &'static str = include_str!("assessment.d.ts");

/// The JSON Schema of the household input, generated from the core's model (tests/generated.rs).
const HOUSEHOLD_SCHEMA: &str = include_str!("household.schema.json");

/// Assesses a household: a plain object equal to `JSON.parse` of the canonical JSON.
///
/// Checks run in the CLI's order: the as-of date, the layer, the as-of date against every
/// parameter (`parameter_undefined`), then the household.
///
/// `options.explain === false` leaves out `reasons` and `parameters` (their texts are never
/// rendered): every decision, margin and warning is the same, and the answer is a fifth the size.
#[wasm_bindgen(js_name = assess, skip_typescript)]
pub fn assess(
    household: JsValue,
    as_of: JsValue,
    layer: JsValue,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    let assessment =
        assess_js(&household, &as_of, &layer, explain_of(&options)).map_err(|e| throwable(&e))?;
    JSON::parse(&hengjie::canonical_json(&assessment))
}

/// Assesses a household and returns the canonical JSON text (no trailing newline): the same
/// bytes as every other binding.
#[wasm_bindgen(js_name = assessJson, skip_typescript)]
pub fn assess_json(
    household: JsValue,
    as_of: JsValue,
    layer: JsValue,
    options: JsValue,
) -> Result<String, JsValue> {
    let assessment =
        assess_js(&household, &as_of, &layer, explain_of(&options)).map_err(|e| throwable(&e))?;
    Ok(hengjie::canonical_json(&assessment))
}

/// Validates a household: every error of the document, sorted; empty when it is valid. Throws
/// only for an as-of date that is not a date.
#[wasm_bindgen(js_name = validate, skip_typescript)]
pub fn validate(household: JsValue, as_of: JsValue) -> Result<JsValue, JsValue> {
    let as_of = as_of_date(&as_of).map_err(|e| throwable(&Error::InvalidInput(e)))?;
    Ok(errors_to_js(&household_errors(&household, as_of)).into())
}

/// The parameters: with a date, the value in effect of every parameter on it; without, every
/// dated value. Rows `{name, value, from, provenance, source}`, sorted by name then `from`.
#[wasm_bindgen(js_name = params, skip_typescript)]
pub fn params(as_of: JsValue, layer: JsValue) -> Result<JsValue, JsValue> {
    let rows = if as_of.is_undefined() || as_of.is_null() {
        let policy = policy_from(&layer).map_err(|e| throwable(&Error::Parameter(e)))?;
        policy.rows()
    } else {
        let on = as_of_date(&as_of).map_err(|e| throwable(&Error::InvalidInput(e)))?;
        let policy = policy_from(&layer).map_err(|e| throwable(&Error::Parameter(e)))?;
        policy
            .rows_on(on)
            .map_err(|e| throwable(&Error::Parameter(e)))?
    };
    let text = serde_json::to_string(&rows)
        .map_err(|e| JsValue::from(js_sys::Error::new(&e.to_string())))?;
    JSON::parse(&text)
}

/// Every error code of the contract.
#[wasm_bindgen(js_name = errorCodes, skip_typescript)]
pub fn error_codes() -> Array {
    ErrorCode::ALL
        .iter()
        .map(|c| JsValue::from_str(c.as_str()))
        .collect()
}

/// Checks a village against the service standards
/// (docs/rules/village.md#12-village-service-standards-村级服务标准) on `asOf`: `{village_id, compliant,
/// gaps}`. Throws like `assess`.
#[wasm_bindgen(js_name = assessVillage, skip_typescript)]
pub fn assess_village(
    village: JsValue,
    as_of: JsValue,
    layer: JsValue,
) -> Result<JsValue, JsValue> {
    let run = || -> Result<String, Error> {
        let as_of = as_of_date(&as_of).map_err(Error::InvalidInput)?;
        let policy = policy_from(&layer).map_err(Error::Parameter)?;
        village_with(&village, as_of, &policy)
    };
    JSON::parse(&run().map_err(|e| throwable(&e))?)
}

fn village_with(village: &JsValue, as_of: Date, policy: &Policy) -> Result<String, Error> {
    check_parameters(policy, as_of)?;
    let value = document(village, |v| {
        hengjie::village::parse_village(v).err().unwrap_or_default()
    })?;
    hengjie::village::assess_village_value(&value, as_of, policy)
        .map(|a| hengjie::canonical_json(&a))
}

/// The JSON Schema (draft 2020-12) of the household input, for form builders: generated by
/// schemars from the core's model and compiled in, so the module carries no schema code.
#[wasm_bindgen(js_name = householdSchema, skip_typescript)]
pub fn household_schema() -> Result<JsValue, JsValue> {
    JSON::parse(HOUSEHOLD_SCHEMA)
}

/// The parameters each rule reads (the core's `rules::params_of`), by the rule's name as in
/// `reasons[].rule`: a decision rests on an illustrative parameter when one of its rule's
/// parameters is one.
#[wasm_bindgen(js_name = ruleParams, skip_typescript)]
pub fn rule_params() -> Result<JsValue, JsValue> {
    use hengjie::explain::Rule;
    let rules = [
        Rule::Transition,
        Rule::Monitoring,
        Rule::AssistanceApproach,
        Rule::Dibao,
        Rule::Tekun,
        Rule::TemporaryAssistance,
        Rule::Disability,
        Rule::Medical,
        Rule::Pension,
        Rule::Education,
        Rule::Employment,
        Rule::SmallLoan,
        Rule::LowIncome,
        Rule::Housing,
        Rule::Children,
        Rule::Care,
    ];
    let mut object = serde_json::Map::new();
    for rule in rules {
        let names: Vec<serde_json::Value> = hengjie::rules::params_of(rule)
            .iter()
            .map(|p| serde_json::Value::from(p.name()))
            .collect();
        let key = serde_json::to_value(rule)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        object.insert(key, serde_json::Value::Array(names));
    }
    JSON::parse(&serde_json::Value::Object(object).to_string())
}

/// The language of `labels` and `applicantSummary`: `"zh"` (the default) or `"en"`.
fn lang_of(lang: &JsValue) -> Result<hengjie::labels::Lang, JsValue> {
    match lang.as_string() {
        None if lang.is_undefined() || lang.is_null() => Ok(hengjie::labels::Lang::Zh),
        Some(text) => hengjie::labels::Lang::parse(&text).ok_or_else(|| bad_lang(&text)),
        None => Err(bad_lang("?")),
    }
}

fn bad_lang(text: &str) -> JsValue {
    let e = js_sys::Error::new(&format!(
        "the language must be \"zh\" or \"en\", not {text:?}"
    ));
    e.set_name("TypeError");
    e.into()
}

/// The label table (the core's one table) in one language: fields by JSON Pointer pattern,
/// the words of every list, rule titles, output words and support titles.
#[wasm_bindgen(js_name = labels, skip_typescript)]
pub fn labels(lang: JsValue) -> Result<JsValue, JsValue> {
    JSON::parse(&api::labels(lang_of(&lang)?).to_string())
}

/// Form input made into contract input (the core's `normalize`): full-width digits, thousands
/// separators, a trailing 元, surrounding spaces, dates such as 1980年5月1日, word case. An object
/// in, an object out; anything else is returned as it is (validation reports it).
#[wasm_bindgen(js_name = normalize, skip_typescript)]
pub fn normalize(household: JsValue) -> Result<JsValue, JsValue> {
    if !household.is_object() {
        return Ok(household);
    }
    match convert::to_json(&household) {
        Conversion::Value { value, errors } if errors.is_empty() => {
            JSON::parse(&api::normalize(&value).to_string())
        }
        // Values the conversion could not read stay for `validate` to report.
        _ => Ok(household),
    }
}

/// The applicant's summary of an assessment (the object `assess` returns), decided in the core:
/// the supports the household may be owed, most valuable first, with amounts and units in
/// words, who each is for and where to apply.
#[wasm_bindgen(js_name = applicantSummary, skip_typescript)]
pub fn applicant_summary(assessment: JsValue, lang: JsValue) -> Result<JsValue, JsValue> {
    let lang = lang_of(&lang)?;
    let text = JSON::stringify(&assessment)
        .map(String::from)
        .unwrap_or_default();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap_or(serde_json::Value::Null);
    JSON::parse(&api::applicant_summary(&value, lang).to_string())
}

/// The default policy with a deploying office's parameter layer (an object or JSON text) read
/// once: assess many households against it without reparsing. Throws a `HengjieError` of kind
/// `"parameter"` for a bad layer.
#[wasm_bindgen(js_name = withLayer, skip_typescript)]
pub fn with_layer(layer: JsValue) -> Result<LayeredPolicy, JsValue> {
    let policy = policy_from(&layer).map_err(|e| throwable(&Error::Parameter(e)))?;
    Ok(LayeredPolicy { policy })
}

/// A policy with a layer, made by `withLayer`; its methods take no layer argument.
#[wasm_bindgen(js_name = Policy, skip_typescript)]
#[derive(Debug)]
pub struct LayeredPolicy {
    policy: Policy,
}

#[wasm_bindgen(js_class = Policy)]
impl LayeredPolicy {
    /// The jurisdiction of the top layer.
    #[wasm_bindgen(getter, skip_typescript)]
    pub fn jurisdiction(&self) -> String {
        self.policy.jurisdiction().to_owned()
    }

    /// Like the free `assess`, with this policy.
    #[wasm_bindgen(skip_typescript)]
    pub fn assess(
        &self,
        household: JsValue,
        as_of: JsValue,
        options: JsValue,
    ) -> Result<JsValue, JsValue> {
        JSON::parse(&self.assess_json(household, as_of, options)?)
    }

    /// Like the free `assessJson`, with this policy.
    #[wasm_bindgen(js_name = assessJson, skip_typescript)]
    pub fn assess_json(
        &self,
        household: JsValue,
        as_of: JsValue,
        options: JsValue,
    ) -> Result<String, JsValue> {
        let run = || -> Result<String, Error> {
            let as_of = as_of_date(&as_of).map_err(Error::InvalidInput)?;
            assess_with(&household, as_of, &self.policy, explain_of(&options))
                .map(|a| hengjie::canonical_json(&a))
        };
        run().map_err(|e| throwable(&e))
    }

    /// Like the free `assessVillage`, with this policy.
    #[wasm_bindgen(js_name = assessVillage, skip_typescript)]
    pub fn assess_village(&self, village: JsValue, as_of: JsValue) -> Result<JsValue, JsValue> {
        let run = || -> Result<String, Error> {
            let as_of = as_of_date(&as_of).map_err(Error::InvalidInput)?;
            village_with(&village, as_of, &self.policy)
        };
        JSON::parse(&run().map_err(|e| throwable(&e))?)
    }

    /// Like the free `params`, with this policy.
    #[wasm_bindgen(skip_typescript)]
    pub fn params(&self, as_of: JsValue) -> Result<JsValue, JsValue> {
        let rows = if as_of.is_undefined() || as_of.is_null() {
            self.policy.rows()
        } else {
            let on = as_of_date(&as_of).map_err(|e| throwable(&Error::InvalidInput(e)))?;
            self.policy
                .rows_on(on)
                .map_err(|e| throwable(&Error::Parameter(e)))?
        };
        let text = serde_json::to_string(&rows)
            .map_err(|e| JsValue::from(js_sys::Error::new(&e.to_string())))?;
        JSON::parse(&text)
    }
}

/// Checks a farmland project's occupation–supplement balance
/// (docs/rules/village.md#13-farmland-balance-耕地占补平衡): `{project_id, compliant, gaps}`. Throws like
/// `assess`.
#[wasm_bindgen(js_name = checkFarmland, skip_typescript)]
pub fn check_farmland(project: JsValue) -> Result<JsValue, JsValue> {
    let run = || -> Result<String, Error> {
        let value = document(&project, |v| {
            hengjie::village::check_farmland_value(v)
                .err()
                .unwrap_or_default()
        })?;
        hengjie::village::check_farmland_value(&value)
            .map(|a| hengjie::canonical_json(&a))
            .map_err(Error::InvalidInput)
    };
    JSON::parse(&run().map_err(|e| throwable(&e))?)
}

/// The responsibility ledger: the measures a unit is named in (`unit`), or the measure of a
/// clause (`clause`, e.g. "五(二)"); with neither, every measure.
#[wasm_bindgen(js_name = duties, skip_typescript)]
pub fn duties(unit: Option<String>, clause: Option<String>) -> Result<JsValue, JsValue> {
    let entries = match (unit, clause) {
        (Some(u), _) => hengjie::ledger::by_unit(&u),
        (None, Some(c)) => hengjie::ledger::by_clause(&c),
        (None, None) => hengjie::ledger::measures().iter().collect(),
    };
    JSON::parse(&hengjie::canonical_json(&entries))
}

/// A village or farmland document as a JSON value: JSON text is parsed with the document limits;
/// an object is converted, and its conversion errors are merged with the core's (`core_errors`).
fn document(
    js: &JsValue,
    core_errors: impl Fn(&serde_json::Value) -> Errors,
) -> Result<serde_json::Value, Error> {
    if let Some(units) = convert::js_string_units(js) {
        if units > MAX_COPIED_STRING_UNITS {
            return Err(Error::InvalidInput(Errors::one(
                convert::too_large_at_least(),
            )));
        }
        return hengjie::validate::parse_json_text(&js.as_string().unwrap_or_default())
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

fn assess_js(
    household: &JsValue,
    as_of: &JsValue,
    layer: &JsValue,
    explain: bool,
) -> Result<Assessment, Error> {
    let as_of = as_of_date(as_of).map_err(Error::InvalidInput)?;
    let policy = policy_from(layer).map_err(Error::Parameter)?;
    assess_with(household, as_of, &policy, explain)
}

/// `options.explain`: true unless it is exactly `false`.
fn explain_of(options: &JsValue) -> bool {
    if !options.is_object() {
        return true;
    }
    Reflect::get(options, &JsValue::from_str("explain"))
        .ok()
        .and_then(|v| v.as_bool())
        != Some(false)
}

/// Validates and assesses a parsed household value, parameters first (`parameter_undefined`).
fn judge(
    value: &serde_json::Value,
    as_of: Date,
    policy: &Policy,
    explain: bool,
) -> Result<Assessment, Error> {
    let assessor = api::Assessor::new(policy, as_of)
        .map_err(Error::Parameter)?
        .explain(explain);
    assessor.assess_value(value).map_err(Error::InvalidInput)
}

fn assess_with(
    household: &JsValue,
    as_of: Date,
    policy: &Policy,
    explain: bool,
) -> Result<Assessment, Error> {
    if let Some(units) = convert::js_string_units(household) {
        if units > MAX_COPIED_STRING_UNITS {
            check_parameters(policy, as_of)?;
            return Err(Error::InvalidInput(Errors::one(
                convert::too_large_at_least(),
            )));
        }
        let text = household.as_string().unwrap_or_default();
        check_parameters(policy, as_of)?;
        let value = hengjie::validate::parse_json_text(&text).map_err(Error::InvalidInput)?;
        return judge(&value, as_of, policy, explain);
    }
    match convert::to_json(household) {
        Conversion::TooLarge(detail) => {
            check_parameters(policy, as_of)?;
            Err(Error::InvalidInput(Errors::one(detail)))
        }
        Conversion::Value { value, errors } if errors.is_empty() => {
            judge(&value, as_of, policy, explain)
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
fn check_parameters(policy: &Policy, as_of: Date) -> Result<(), Error> {
    policy.resolve(as_of).map(|_| ()).map_err(Error::Parameter)
}

fn household_errors(household: &JsValue, as_of: Date) -> Errors {
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
fn as_of_date(as_of: &JsValue) -> Result<Date, Errors> {
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
fn policy_from(layer: &JsValue) -> Result<Policy, Errors> {
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

fn layer_too_large() -> Errors {
    Errors::one(ErrorDetail::new(
        ErrorCode::InvalidParameter,
        "",
        "The parameter layer is too large (over 1 MiB as JSON text).",
        "参数层太大（JSON 文本超过 1 MiB）。",
    ))
}

/// The `Error` thrown for a failure: `name` `HengjieError`, a one-line English `message`,
/// `kind` and `errors`.
fn throwable(error: &Error) -> JsValue {
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
fn errors_to_js(errors: &Errors) -> Array {
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
