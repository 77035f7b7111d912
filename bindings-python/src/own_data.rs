//! An office's own export in: the household, member and hospital-stay tables read through the
//! tables crate's one table of spellings (`hengjie_tables::household_table`), then assessed with
//! every error of every row kept.

use std::collections::HashMap;

use hengjie_tables::columns::HouseholdTable;
use hengjie_tables::household_table::{self, Unknown, UserMap};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyInt, PyString};

use crate::arrow_doors::{batch_call, export_batch, import_batch, prefixed};
use crate::{Kind, PyPolicy, batch, output, raise};

fn table_of(word: &str) -> PyResult<HouseholdTable> {
    match word {
        "households" => Ok(HouseholdTable::Households),
        "members" => Ok(HouseholdTable::Members),
        "hospitalizations" => Ok(HouseholdTable::Hospitalizations),
        _ => Err(PyValueError::new_err(format!(
            "table must be \"households\", \"members\" or \"hospitalizations\", not {word:?}"
        ))),
    }
}

/// A user's value: a word, `True`/`False` or a whole number.
fn word_of(value: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(if b.is_true() { "true" } else { "false" }.to_owned());
    }
    if value.cast::<PyInt>().is_ok() {
        return Ok(value.str()?.to_string());
    }
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    Err(PyTypeError::new_err(format!(
        "values= maps to words, True/False or whole numbers, not {}",
        value.get_type().name()?
    )))
}

/// Reads one table of an export into the contract's flat columns: `(batches, ignored columns,
/// [(header, column)])`; a column that cannot be used raises `ColumnError` (every such column
/// at once).
#[pyfunction]
#[pyo3(signature = (batches, table, *, columns = None, values = None, unknown = "ignore", id_header = None))]
#[expect(clippy::type_complexity, reason = "the Python tuple it returns")]
pub fn prepare_table<'py>(
    py: Python<'py>,
    batches: Vec<Bound<'py, PyAny>>,
    table: &str,
    columns: Option<HashMap<String, String>>,
    values: Option<HashMap<String, HashMap<String, Bound<'py, PyAny>>>>,
    unknown: &str,
    id_header: Option<String>,
) -> PyResult<(Vec<Bound<'py, PyAny>>, Vec<String>, Vec<(String, String)>)> {
    let table = table_of(table)?;
    let unknown = match unknown {
        "ignore" => Unknown::Ignore,
        "error" => Unknown::Error,
        other => {
            return Err(PyValueError::new_err(format!(
                "unknown must be \"ignore\" or \"error\", not {other:?}"
            )));
        }
    };
    let mut map = UserMap::new();
    for (header, column) in columns.unwrap_or_default() {
        map.header(&header, &column);
    }
    for (key, words) in values.unwrap_or_default() {
        for (from, to) in words {
            map.value(&key, &from, &word_of(&to)?);
        }
    }
    let input = batches
        .iter()
        .map(import_batch)
        .collect::<PyResult<Vec<_>>>()?;
    let Some(schema) = input.first().map(arrow_array::RecordBatch::schema) else {
        return Err(PyValueError::new_err(
            "prepare_table needs at least one record batch",
        ));
    };
    let prepared = py
        .detach(|| {
            household_table::prepare(table, &schema, &input, &map, unknown, id_header.as_deref())
        })
        .map_err(|e| raise(py, Kind::Column, &e))?;
    drop(input);
    let class = py.import("pyarrow")?.getattr("RecordBatch")?;
    let out = prepared
        .batches
        .into_iter()
        .map(|b| export_batch(&class, b))
        .collect::<PyResult<Vec<_>>>()?;
    Ok((out, prepared.ignored, prepared.columns))
}

/// Like `assess_batches`, giving also (with `all_errors`) every error of every bad row:
/// `(batches, [(row, errors)])`; with `unique_ids`, rows that share a household id are
/// `duplicate_id`.
#[pyfunction]
#[pyo3(signature = (batches, as_of, *, policy = None, level = "households", raise_errors = false, unique_ids = false, all_errors = false, outputs = None))]
#[expect(clippy::type_complexity, reason = "the Python tuple it returns")]
#[expect(
    clippy::too_many_arguments,
    reason = "a Python function's keyword arguments"
)]
pub fn assess_tables<'py>(
    py: Python<'py>,
    batches: Vec<Bound<'py, PyAny>>,
    as_of: &Bound<'py, PyAny>,
    policy: Option<PyRef<'py, PyPolicy>>,
    level: &str,
    raise_errors: bool,
    unique_ids: bool,
    all_errors: bool,
    outputs: Option<Vec<String>>,
) -> PyResult<(Vec<Bound<'py, PyAny>>, Vec<(usize, Bound<'py, PyAny>)>)> {
    let (level, _, date, policy) = batch_call(py, as_of, policy.as_deref(), level)?;
    let outputs = crate::arrow_doors::outputs_of(py, outputs)?;
    let input = batches
        .iter()
        .map(import_batch)
        .collect::<PyResult<Vec<_>>>()?;
    let out = py.detach(|| {
        let extra = if unique_ids {
            batch::duplicate_ids(&input)
        } else {
            HashMap::new()
        };
        batch::run_arrow_checked(&input, date, &policy, level, &extra, all_errors, outputs)
    });
    if raise_errors && let Some((row, errors)) = &out.first_error {
        return Err(raise(py, Kind::InvalidInput, &prefixed(*row, errors)));
    }
    drop(input);
    let class = py.import("pyarrow")?.getattr("RecordBatch")?;
    let batches = out
        .batches
        .into_iter()
        .map(|b| export_batch(&class, b))
        .collect::<PyResult<Vec<_>>>()?;
    let listed = if all_errors { &out.errors[..] } else { &[] };
    let errors = listed
        .iter()
        .map(|(row, e)| Ok((*row, output(py, e)?)))
        .collect::<PyResult<Vec<_>>>()?;
    Ok((batches, errors))
}

/// The JSON Schema of the household input, with the label table's titles and word labels: the
/// core's, as `householdSchema()` gives it in JavaScript.
#[pyfunction]
pub fn household_schema(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    // Through JSON text: the schema's bounds are plain numbers, as `json.load` of the file gives.
    let text = hengjie::labels::household_schema().to_string();
    py.import("json")?.call_method1("loads", (text,))
}
