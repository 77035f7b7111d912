//! A Python argument made into what the core reads: the as-of date (`str` or `datetime.date`), a
//! household or document given as a dict (converted in [`crate::convert`]) or as JSON text, and
//! the policy of a call.

use std::borrow::Cow;
use std::sync::Arc;

use hengjie::date::Date;
use hengjie::validate::{MAX_DOCUMENT_BYTES, Parsed, read_json_text};
use hengjie::{ErrorCode, ErrorDetail, Errors, Policy, api};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use crate::convert::{Classes, merge, to_value};
use crate::policy::{PyPolicy, policy_of};
use crate::{Kind, from_core, raise};

/// Reads `as_of`: a `str` `YYYY-MM-DD` or a `datetime.date` (a `datetime` is refused).
pub(crate) fn as_of(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
    classes: &Classes<'_>,
) -> PyResult<Date> {
    let text = if let Ok(s) = obj.cast::<PyString>() {
        s.to_cow()?.into_owned()
    } else if classes.is_datetime(obj)? {
        return Err(PyTypeError::new_err(
            "as_of must be a date or a 'YYYY-MM-DD' string, not a datetime",
        ));
    } else if classes.is_date(obj)? {
        obj.call_method0("isoformat")?.str()?.to_string()
    } else {
        return Err(PyTypeError::new_err(
            "as_of must be a datetime.date or a 'YYYY-MM-DD' string",
        ));
    };
    api::parse_as_of(&text).map_err(|e| raise(py, Kind::InvalidInput, &e))
}

/// A household given as a dict (converted, with Python-only errors) or as JSON text.
pub(crate) enum Input {
    /// The core's tree: from JSON text as written, from a dict as converted.
    Value(hengjie::json::Value, Vec<ErrorDetail>),
    /// JSON text with a repeated key: the value (each key's first occurrence) and the
    /// `duplicate_key` errors, reported with the value's own errors ([`Parsed::errors_with`]).
    Repeated(Parsed),
    Invalid(Errors),
}

pub(crate) fn too_large(bytes: usize) -> Errors {
    Errors::one(hengjie::validate::too_large(bytes))
}

pub(crate) fn too_deep() -> Errors {
    Errors::one(hengjie::validate::too_deep())
}

pub(crate) fn read_input(obj: &Bound<'_, PyAny>, classes: &Classes<'_>) -> PyResult<Input> {
    let text = if let Ok(s) = obj.cast::<PyString>() {
        Some(s.to_cow()?.into_owned())
    } else if let Ok(b) = obj.cast::<PyBytes>() {
        match std::str::from_utf8(b.as_bytes()) {
            Ok(t) => Some(t.to_owned()),
            Err(_) => {
                return Ok(Input::Invalid(
                    hengjie::validate::parse_json_bytes(b.as_bytes())
                        .err()
                        .unwrap_or_default(),
                ));
            }
        }
    } else {
        None
    };
    if let Some(text) = text {
        return Ok(match read_json_text(&text) {
            Ok(p) if p.duplicates.is_empty() => Input::Value(p.value, Vec::new()),
            Ok(p) => Input::Repeated(p),
            Err(e) => Input::Invalid(e),
        });
    }
    let converted = to_value(obj, classes, ErrorCode::InvalidType)?;
    if converted.too_deep {
        return Ok(Input::Invalid(too_deep()));
    }
    // Only a value that might be over the limit is written out to be measured.
    if converted.size_bound > MAX_DOCUMENT_BYTES {
        let size = hengjie::canonical_json(&converted.value).len();
        if size > MAX_DOCUMENT_BYTES {
            return Ok(Input::Invalid(too_large(size)));
        }
    }
    Ok(Input::Value(converted.value, converted.errors))
}

/// The as-of date and the policy of a call, with every parameter defined on that date
/// (`ParameterError` otherwise).
pub(crate) fn dated_policy(
    py: Python<'_>,
    on: &Bound<'_, PyAny>,
    classes: &Classes<'_>,
    policy: Option<&PyPolicy>,
) -> PyResult<(Date, Arc<Policy>)> {
    let date = as_of(py, on, classes)?;
    let policy = policy_of(policy);
    policy
        .resolve(date)
        .map_err(|e| raise(py, Kind::Parameter, &e))?;
    Ok((date, policy))
}

/// The assessment (or its errors) of a household, computed without the GIL.
pub(crate) fn run_assessment(
    py: Python<'_>,
    household: &Bound<'_, PyAny>,
    on: &Bound<'_, PyAny>,
    policy: Option<&PyPolicy>,
    explain: bool,
    outputs: hengjie::Outputs,
) -> PyResult<hengjie::Assessment> {
    let classes = Classes::import(py)?;
    let date = as_of(py, on, &classes)?;
    let policy = policy_of(policy);
    // The parameters resolved once, before the household is read (the CLI's order of checks:
    // a date the parameters do not cover is a ParameterError whatever the household).
    let assessor = api::Assessor::new(&policy, date)
        .map_err(|e| raise(py, Kind::Parameter, &e))?
        .explain(explain)
        .selection(outputs);
    // JSON text (a `str`, or `bytes` that are UTF-8): the core's one entry for text, its fast
    // path then its slow reading. A `str` that is not UTF-8 (a lone surrogate) and `bytes` that
    // are not are read as before, for the same exception and errors.
    let text = if let Ok(s) = household.cast::<PyString>() {
        s.to_cow().ok()
    } else if let Ok(b) = household.cast::<PyBytes>() {
        std::str::from_utf8(b.as_bytes()).ok().map(Cow::Borrowed)
    } else {
        None
    };
    if let Some(text) = text {
        return py
            .detach(|| assessor.assess_json_text(&text))
            .map_err(|e| from_core(py, &hengjie::Error::InvalidInput(e)));
    }
    let value = document(py, household, &classes, |v| api::validate_value(v, date))?;
    py.detach(|| assessor.assess_value(&value))
        .map_err(|e| from_core(py, &hengjie::Error::InvalidInput(e)))
}

/// A village or farmland document as a JSON value, with its conversion errors merged with the
/// core's (`core_errors`) when there are any.
pub(crate) fn document(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
    classes: &Classes<'_>,
    core_errors: impl Fn(&hengjie::json::Value) -> Errors,
) -> PyResult<hengjie::json::Value> {
    match read_input(obj, classes)? {
        Input::Invalid(errors) => Err(raise(py, Kind::InvalidInput, &errors)),
        Input::Repeated(p) => Err(raise(
            py,
            Kind::InvalidInput,
            &p.errors_with(core_errors(&p.value)),
        )),
        Input::Value(value, own) if !own.is_empty() => Err(raise(
            py,
            Kind::InvalidInput,
            &merge(core_errors(&value), own),
        )),
        Input::Value(value, _) => Ok(value),
    }
}
