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
mod input;
mod policy;
mod thrown;

use hengjie::api;
use hengjie::{Error, ErrorCode};
use js_sys::{Array, JSON};
use wasm_bindgen::prelude::*;

use crate::convert::Conversion;
use crate::input::{
    Options, as_of_date, assess_js, document, household_errors, lang_of, policy_from, village_with,
};
pub use crate::policy::{LayeredPolicy, with_layer};
use crate::thrown::{errors_to_js, throwable};

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
/// `options.outputs` (`["monitoring", "dibao"]`, Python's `outputs=`) computes and gives only those
/// outputs and the rules they need (docs/rust.md#outputs).
#[wasm_bindgen(js_name = assess, skip_typescript)]
pub fn assess(
    household: JsValue,
    as_of: JsValue,
    layer: JsValue,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    let options = Options::of(&options)?;
    let assessment = assess_js(&household, &as_of, &layer, &options).map_err(|e| throwable(&e))?;
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
    let options = Options::of(&options)?;
    let assessment = assess_js(&household, &as_of, &layer, &options).map_err(|e| throwable(&e))?;
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
    JSON::parse(&api::rule_params().to_string())
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
            // `normalize` works on serde_json's tree (numbers exact: `arbitrary_precision`).
            let value: serde_json::Value =
                serde_json::from_str(&value.to_string()).unwrap_or_default();
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
