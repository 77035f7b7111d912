//! Python bindings of hengjie: `hengjie._core`, wrapped by the `hengjie` package.
//!
//! Every function here is a thin shell over `hengjie::api`; conversion lives in `convert.rs`.

mod arrow_doors;
mod batch;
mod convert;
mod export;
mod input;
mod own_data;
mod policy;
mod reconcile;

use hengjie::{Error, ErrorCode, Errors, api, canonical_json};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use convert::{Classes, merge, to_python};
pub(crate) use input::dated_policy;
use input::{Input, document, read_input, run_assessment};
pub(crate) use policy::PyPolicy;
use policy::policy_of;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Builds the Python value of any output (money as `decimal.Decimal`).
pub(crate) fn output<'py, T: serde::Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    to_python(py, value, &crate::convert::decimal_class(py)?)
}

/// Which Python exception an error list is raised as.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    InvalidInput,
    Parameter,
    /// A column of a table that cannot be used (`ColumnError`, an `InvalidInputError`).
    Column,
}

pub(crate) fn raise(py: Python<'_>, kind: Kind, errors: &Errors) -> PyErr {
    let class = match kind {
        Kind::InvalidInput => "InvalidInputError",
        Kind::Parameter => "ParameterError",
        Kind::Column => "ColumnError",
    };
    let message = errors.to_string();
    let build = || -> PyResult<PyErr> {
        let list = output(py, errors)?;
        let cls = py.import("hengjie")?.getattr(class)?;
        Ok(PyErr::from_value(cls.call1((message.clone(), list))?))
    };
    build().unwrap_or_else(|e| e)
}

fn from_core(py: Python<'_>, e: &Error) -> PyErr {
    match e {
        Error::InvalidInput(errors) => raise(py, Kind::InvalidInput, errors),
        Error::Parameter(errors) => raise(py, Kind::Parameter, errors),
    }
}

/// Assesses one household: a dict or a JSON string, as of a date; plain dicts and lists out,
/// money as `decimal.Decimal`. `explain=False` leaves `reasons` and `parameters` empty (never
/// rendered); every decision, margin and warning is the same. `outputs=["monitoring", "dibao"]`
/// computes and gives only those outputs (docs/rust.md#outputs).
#[pyfunction]
#[pyo3(signature = (household, as_of, *, policy = None, explain = true, outputs = None))]
fn assess<'py>(
    py: Python<'py>,
    household: &Bound<'py, PyAny>,
    as_of: &Bound<'py, PyAny>,
    policy: Option<PyRef<'py, PyPolicy>>,
    explain: bool,
    outputs: Option<Vec<String>>,
) -> PyResult<Bound<'py, PyAny>> {
    let outputs = arrow_doors::outputs_of(py, outputs)?;
    let assessment = run_assessment(py, household, as_of, policy.as_deref(), explain, outputs)?;
    output(py, &assessment)
}

/// Like `assess`, giving the canonical JSON text (byte-identical to the CLI and JavaScript).
#[pyfunction]
#[pyo3(signature = (household, as_of, *, policy = None, explain = true, outputs = None))]
fn assess_json(
    py: Python<'_>,
    household: &Bound<'_, PyAny>,
    as_of: &Bound<'_, PyAny>,
    policy: Option<PyRef<'_, PyPolicy>>,
    explain: bool,
    outputs: Option<Vec<String>>,
) -> PyResult<String> {
    let outputs = arrow_doors::outputs_of(py, outputs)?;
    let assessment = run_assessment(py, household, as_of, policy.as_deref(), explain, outputs)?;
    Ok(canonical_json(&assessment))
}

/// Every error of a household (empty when valid), each {code, path, message_en, message_zh}.
#[pyfunction]
fn validate<'py>(
    py: Python<'py>,
    household: &Bound<'py, PyAny>,
    as_of: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let classes = Classes::import(py)?;
    let date = input::as_of(py, as_of, &classes)?;
    let errors = match read_input(household, &classes)? {
        Input::Invalid(errors) => errors,
        Input::Value(value, own) => merge(py.detach(|| api::validate_value(&value, date)), own),
        Input::Repeated(p) => p.errors_with(py.detach(|| api::validate_value(&p.value, date))),
    };
    output(py, &errors)
}

/// Checks a village against the service standards in force on `as_of`:
/// `{village_id, compliant, gaps}`.
#[pyfunction]
#[pyo3(signature = (village, as_of, *, policy = None))]
fn assess_village<'py>(
    py: Python<'py>,
    village: &Bound<'py, PyAny>,
    as_of: &Bound<'py, PyAny>,
    policy: Option<PyRef<'py, PyPolicy>>,
) -> PyResult<Bound<'py, PyAny>> {
    let classes = Classes::import(py)?;
    let (date, policy) = dated_policy(py, as_of, &classes, policy.as_deref())?;
    let value = document(py, village, &classes, |v| {
        hengjie::village::parse_village(v).err().unwrap_or_default()
    })?;
    let result = hengjie::village::assess_village_value(&value, date, &policy)
        .map_err(|e| from_core(py, &e))?;
    output(py, &result)
}

/// Checks a farmland project's occupation–supplement balance: `{project_id, compliant, gaps}`.
#[pyfunction]
fn check_farmland<'py>(
    py: Python<'py>,
    project: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let value = document(py, project, &Classes::import(py)?, |v| {
        hengjie::village::check_farmland_value(v)
            .err()
            .unwrap_or_default()
    })?;
    let result = hengjie::village::check_farmland_value(&value)
        .map_err(|e| raise(py, Kind::InvalidInput, &e))?;
    output(py, &result)
}

/// The responsibility ledger: the measures a unit is named in, or the measure of a clause
/// ("五(二)"); with neither, every measure.
#[pyfunction]
#[pyo3(signature = (*, unit = None, clause = None))]
fn duties<'py>(
    py: Python<'py>,
    unit: Option<&str>,
    clause: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    let entries = match (unit, clause) {
        (Some(u), _) => hengjie::ledger::by_unit(u),
        (None, Some(c)) => hengjie::ledger::by_clause(c),
        (None, None) => hengjie::ledger::measures().iter().collect(),
    };
    output(py, &entries)
}

fn lang_of(lang: &str) -> PyResult<hengjie::labels::Lang> {
    hengjie::labels::Lang::parse(lang).ok_or_else(|| {
        PyValueError::new_err(format!("lang must be \"zh\" or \"en\", not {lang:?}"))
    })
}

/// The core's label table in one language ("zh" or "en").
#[pyfunction]
#[pyo3(signature = (lang = "zh"))]
fn labels<'py>(py: Python<'py>, lang: &str) -> PyResult<Bound<'py, PyAny>> {
    output(py, &api::labels(lang_of(lang)?))
}

/// Form input made into contract input (the core's `normalize`); a value that cannot be read is
/// returned as it is, for `validate` to report.
#[pyfunction]
fn normalize<'py>(py: Python<'py>, household: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let classes = Classes::import(py)?;
    match read_input(household, &classes)? {
        Input::Value(value, own) if own.is_empty() => {
            output(py, &api::normalize(&serde_json::Value::from(&value)))
        }
        _ => Ok(household.clone()),
    }
}

/// The applicant's summary of an assessment (the dict `assess` returns), decided in the core.
#[pyfunction]
#[pyo3(signature = (assessment, lang = "zh"))]
fn applicant_summary<'py>(
    py: Python<'py>,
    assessment: &Bound<'py, PyAny>,
    lang: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let lang = lang_of(lang)?;
    let classes = Classes::import(py)?;
    let value = match read_input(assessment, &classes)? {
        Input::Value(value, _) => value,
        Input::Repeated(_) | Input::Invalid(_) => hengjie::json::Value::Null,
    };
    output(py, &api::applicant_summary(&value, lang))
}

/// Population indicators (docs/rules/village.md#13-population-indicators-七三-不发生规模性返贫) over
/// households (dicts or JSON strings) assessed on one date; a household that cannot be assessed counts in `failed`.
#[pyfunction]
#[pyo3(signature = (households, as_of, *, policy = None))]
fn indicators<'py>(
    py: Python<'py>,
    households: &Bound<'py, PyAny>,
    as_of: &Bound<'py, PyAny>,
    policy: Option<PyRef<'py, PyPolicy>>,
) -> PyResult<Bound<'py, PyAny>> {
    let classes = Classes::import(py)?;
    let date = input::as_of(py, as_of, &classes)?;
    let policy = policy_of(policy.as_deref());
    let mut builder = hengjie::indicators::IndicatorsBuilder::for_date(&policy, date)
        .map_err(|e| raise(py, Kind::Parameter, &e))?;
    for item in households.try_iter()? {
        match read_input(&item?, &classes)? {
            Input::Value(value, own) if own.is_empty() => {
                match py.detach(|| api::assess_value(&value, date, &policy)) {
                    Ok(a) => builder.add(&a),
                    Err(_) => builder.add_failed(),
                }
            }
            _ => builder.add_failed(),
        }
    }
    output(py, &builder.finish())
}

/// Every error code, in the contract's order.
#[pyfunction]
fn error_codes() -> Vec<&'static str> {
    ErrorCode::ALL.iter().map(|c| c.as_str()).collect()
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(assess, m)?)?;
    m.add_function(wrap_pyfunction!(assess_json, m)?)?;
    m.add_function(wrap_pyfunction!(validate, m)?)?;
    m.add_function(wrap_pyfunction!(error_codes, m)?)?;
    m.add_function(wrap_pyfunction!(assess_village, m)?)?;
    m.add_function(wrap_pyfunction!(check_farmland, m)?)?;
    m.add_function(wrap_pyfunction!(duties, m)?)?;
    m.add_function(wrap_pyfunction!(labels, m)?)?;
    m.add_function(wrap_pyfunction!(normalize, m)?)?;
    m.add_function(wrap_pyfunction!(applicant_summary, m)?)?;
    m.add_function(wrap_pyfunction!(indicators, m)?)?;
    m.add_function(wrap_pyfunction!(arrow_doors::assess_ipc, m)?)?;
    m.add_function(wrap_pyfunction!(arrow_doors::assess_batches, m)?)?;
    m.add_function(wrap_pyfunction!(arrow_doors::assess_records, m)?)?;
    m.add_function(wrap_pyfunction!(arrow_doors::output_schema_ipc, m)?)?;
    m.add_function(wrap_pyfunction!(reconcile::reconcile_json, m)?)?;
    m.add_function(wrap_pyfunction!(reconcile::warning_list_columns, m)?)?;
    m.add_function(wrap_pyfunction!(own_data::prepare_table, m)?)?;
    m.add_function(wrap_pyfunction!(own_data::assess_tables, m)?)?;
    m.add_function(wrap_pyfunction!(own_data::household_schema, m)?)?;
    m.add_function(wrap_pyfunction!(export::export_tables, m)?)?;
    m.add_class::<PyPolicy>()?;
    Ok(())
}
