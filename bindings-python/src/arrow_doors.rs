//! The Arrow doors of the batch layer: `assess_ipc`, `assess_batches` (pyarrow RecordBatches
//! through the C Data Interface), `assess_records` and `output_schema_ipc`.

use std::sync::Arc;

use hengjie::date::Date;
use hengjie::{Errors, Outputs, Policy};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::batch;
use crate::convert::Classes;
use crate::input::{Input, dated_policy, read_input};
use crate::policy::PyPolicy;
use crate::{Kind, raise};

/// The start of every batch call: its level, the Python classes conversion needs, the as-of date
/// and the policy with every parameter defined on that date.
pub(crate) fn batch_call<'py>(
    py: Python<'py>,
    as_of: &Bound<'py, PyAny>,
    policy: Option<&PyPolicy>,
    level: &str,
) -> PyResult<(batch::Level, Classes<'py>, Date, Arc<Policy>)> {
    let level = level_of(level)?;
    let classes = Classes::import(py)?;
    let (date, policy) = dated_policy(py, as_of, &classes, policy)?;
    Ok((level, classes, date, policy))
}

/// The `outputs=` argument of a call (`None`: every output); a name that is not an output raises
/// `InvalidInputError` with the core's `invalid_value` error.
pub(crate) fn outputs_of(py: Python<'_>, names: Option<Vec<String>>) -> PyResult<Outputs> {
    match names {
        None => Ok(Outputs::ALL),
        Some(names) => Outputs::parse_names(names.iter().map(String::as_str))
            .map_err(|e| raise(py, Kind::InvalidInput, &e)),
    }
}

pub(crate) fn level_of(word: &str) -> PyResult<batch::Level> {
    batch::Level::parse(word).ok_or_else(|| {
        PyValueError::new_err(format!(
            "level must be \"households\" or \"members\", not {word:?}"
        ))
    })
}

/// The output of a batch as an Arrow IPC stream; with `raise_errors`, the first bad row raises
/// `InvalidInputError` with its paths prefixed by `/<row index>`.
pub(crate) fn batch_result<'py>(
    py: Python<'py>,
    level: batch::Level,
    out: batch::BatchOutput,
    raise_errors: bool,
    outputs: Outputs,
) -> PyResult<Bound<'py, PyBytes>> {
    if raise_errors && let Some((row, errors)) = &out.first_error {
        return Err(raise(py, Kind::InvalidInput, &prefixed(*row, errors)));
    }
    let bytes = py
        .detach(|| batch::write_ipc(&batch::selected_schema(level, outputs), &out.batches))
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(PyBytes::new(py, &bytes))
}

/// Assesses every household of an Arrow IPC stream (one household per row, the contract's
/// nested shape) on one date, in parallel without the GIL; gives the output table as an Arrow
/// IPC stream (columns of `output_schema_ipc(level)`).
#[pyfunction]
#[pyo3(signature = (data, as_of, *, policy = None, level = "households", raise_errors = false, outputs = None))]
pub(crate) fn assess_ipc<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyBytes>,
    as_of: &Bound<'py, PyAny>,
    policy: Option<PyRef<'py, PyPolicy>>,
    level: &str,
    raise_errors: bool,
    outputs: Option<Vec<String>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let (level, _, date, policy) = batch_call(py, as_of, policy.as_deref(), level)?;
    let outputs = outputs_of(py, outputs)?;
    let bytes = data.as_bytes();
    let out = py
        .detach(|| {
            batch::read_ipc(bytes)
                .map(|(_, batches)| batch::run_arrow(&batches, date, &policy, level, outputs))
        })
        .map_err(|e| PyValueError::new_err(format!("cannot read the Arrow stream: {e}")))?;
    batch_result(py, level, out, raise_errors, outputs)
}

/// Imports a pyarrow RecordBatch through the Arrow C Data Interface (zero copy).
pub(crate) fn import_batch(obj: &Bound<'_, PyAny>) -> PyResult<arrow_array::RecordBatch> {
    use arrow_array::ffi::{FFI_ArrowArray, FFI_ArrowSchema, from_ffi};
    let mut array = Box::new(FFI_ArrowArray::empty());
    let mut schema = Box::new(FFI_ArrowSchema::empty());
    let array_ptr = std::ptr::from_mut::<FFI_ArrowArray>(&mut array) as usize;
    let schema_ptr = std::ptr::from_mut::<FFI_ArrowSchema>(&mut schema) as usize;
    obj.call_method1("_export_to_c", (array_ptr, schema_ptr))?;
    // SAFETY: pyarrow has just filled both structs as the C Data Interface specifies; `from_ffi`
    // takes ownership of the array (released when its buffers drop) and validates the layout.
    let data = unsafe { from_ffi(*array, &schema) }
        .map_err(|e| PyValueError::new_err(format!("cannot import the record batch: {e}")))?;
    let len = data.len();
    let (fields, columns, _) = arrow_array::StructArray::from(data).into_parts();
    arrow_array::RecordBatch::try_new_with_options(
        Arc::new(arrow_schema::Schema::new(fields)),
        columns,
        &arrow_array::RecordBatchOptions::new().with_row_count(Some(len)),
    )
    .map_err(|e| PyValueError::new_err(format!("cannot import the record batch: {e}")))
}

/// Exports a record batch to pyarrow through the Arrow C Data Interface (zero copy).
pub(crate) fn export_batch<'py>(
    class: &Bound<'py, PyAny>,
    batch: arrow_array::RecordBatch,
) -> PyResult<Bound<'py, PyAny>> {
    use arrow_array::Array;
    use arrow_array::ffi::{FFI_ArrowArray, FFI_ArrowSchema};
    let data = arrow_array::StructArray::from(batch).into_data();
    let schema = FFI_ArrowSchema::try_from(data.data_type())
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    let mut array = Box::new(FFI_ArrowArray::new(&data));
    let mut schema = Box::new(schema);
    let array_ptr = std::ptr::from_mut::<FFI_ArrowArray>(&mut array) as usize;
    let schema_ptr = std::ptr::from_mut::<FFI_ArrowSchema>(&mut schema) as usize;
    // pyarrow moves the contents out of both structs (leaving them released); whatever it does
    // not take is released when the boxes drop.
    class.call_method1("_import_from_c", (array_ptr, schema_ptr))
}

/// Assesses pyarrow RecordBatches (the contract's nested shape, one household per row), taken
/// and given back through the Arrow C Data Interface without copying; the rows are assessed in
/// parallel without the GIL. Gives a list of RecordBatches with the columns of
/// `output_schema_ipc(level)`.
#[pyfunction]
#[pyo3(signature = (batches, as_of, *, policy = None, level = "households", raise_errors = false, outputs = None))]
pub(crate) fn assess_batches<'py>(
    py: Python<'py>,
    batches: Vec<Bound<'py, PyAny>>,
    as_of: &Bound<'py, PyAny>,
    policy: Option<PyRef<'py, PyPolicy>>,
    level: &str,
    raise_errors: bool,
    outputs: Option<Vec<String>>,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let (level, _, date, policy) = batch_call(py, as_of, policy.as_deref(), level)?;
    let outputs = outputs_of(py, outputs)?;
    let input = batches
        .iter()
        .map(import_batch)
        .collect::<PyResult<Vec<_>>>()?;
    let out = py.detach(|| batch::run_arrow(&input, date, &policy, level, outputs));
    if raise_errors && let Some((row, errors)) = &out.first_error {
        return Err(raise(py, Kind::InvalidInput, &prefixed(*row, errors)));
    }
    drop(input);
    let class = py.import("pyarrow")?.getattr("RecordBatch")?;
    out.batches
        .into_iter()
        .map(|b| export_batch(&class, b))
        .collect()
}

/// Errors of row `row` with their paths prefixed by `/<row>`.
pub(crate) fn prefixed(row: usize, errors: &Errors) -> Errors {
    Errors::new(
        errors
            .list()
            .iter()
            .map(|e| e.at(format!("/{row}{}", e.path())))
            .collect(),
    )
}

/// Like `assess_ipc` for households given as dicts or JSON texts (converted as `assess` does).
#[pyfunction]
#[pyo3(signature = (households, as_of, *, policy = None, level = "households", raise_errors = false, outputs = None))]
pub(crate) fn assess_records<'py>(
    py: Python<'py>,
    households: &Bound<'py, PyAny>,
    as_of: &Bound<'py, PyAny>,
    policy: Option<PyRef<'py, PyPolicy>>,
    level: &str,
    raise_errors: bool,
    outputs: Option<Vec<String>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let (level, classes, date, policy) = batch_call(py, as_of, policy.as_deref(), level)?;
    let outputs = outputs_of(py, outputs)?;
    let mut rows = batch::Rows::default();
    for item in households.try_iter()? {
        match read_input(&item?, &classes)? {
            Input::Value(value, own) => rows.push(value, own),
            Input::Invalid(errors) => rows.push(hengjie::json::Value::Null, errors.into_list()),
            // Its errors are all the row's errors (each covers its path), and its id is read.
            Input::Repeated(p) => {
                let errors = p.errors_with(hengjie::api::validate_value(&p.value, date));
                rows.push(p.value, errors.into_list());
            }
        }
    }
    let out = py.detach(|| batch::run_rows(&rows, date, &policy, level, outputs));
    batch_result(py, level, out, raise_errors, outputs)
}

/// The schema of the batch output of a level (under an `outputs` selection: its columns), as an
/// Arrow IPC stream with no batches.
#[pyfunction]
#[pyo3(signature = (level = "households", outputs = None))]
pub(crate) fn output_schema_ipc<'py>(
    py: Python<'py>,
    level: &str,
    outputs: Option<Vec<String>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let level = level_of(level)?;
    let outputs = outputs_of(py, outputs)?;
    let bytes = batch::write_ipc(&batch::selected_schema(level, outputs), &[])
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(PyBytes::new(py, &bytes))
}
