//! Python bindings of hengjie: `hengjie._core`, wrapped by the `hengjie` package.
//!
//! Every function here is a thin shell over `hengjie::api`; conversion lives in `convert.rs`.

mod arrow_household;
mod batch;
mod convert;
mod export;
mod own_data;
mod reconcile;

use std::sync::Arc;

use hengjie::date::Date;
use hengjie::validate::{MAX_DOCUMENT_BYTES, parse_json_text};
use hengjie::{Error, ErrorCode, ErrorDetail, Errors, Policy, api, canonical_json};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};
use serde_json::Value;

use convert::{Classes, merge, to_python, to_value};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The policy a call uses: the given one, or the embedded default.
fn policy_of(policy: Option<&PyPolicy>) -> Arc<Policy> {
    policy.map_or_else(|| Arc::new(Policy::default()), |p| Arc::clone(&p.inner))
}

/// Builds the Python value of any output (money as `decimal.Decimal`).
pub(crate) fn output<'py, T: serde::Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    to_python(py, value, &py.import("decimal")?.getattr("Decimal")?)
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

/// Reads `as_of`: a `str` `YYYY-MM-DD` or a `datetime.date` (a `datetime` is refused).
fn as_of(py: Python<'_>, obj: &Bound<'_, PyAny>, classes: &Classes<'_>) -> PyResult<Date> {
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
enum Input {
    Value(Value, Vec<ErrorDetail>),
    Invalid(Errors),
}

fn too_large(bytes: usize) -> Errors {
    Errors::one(hengjie::validate::too_large(bytes))
}

fn too_deep() -> Errors {
    Errors::one(hengjie::validate::too_deep())
}

fn read_input(obj: &Bound<'_, PyAny>, classes: &Classes<'_>) -> PyResult<Input> {
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
        return Ok(match parse_json_text(&text) {
            Ok(v) => Input::Value(v, Vec::new()),
            Err(e) => Input::Invalid(e),
        });
    }
    let converted = to_value(obj, classes, ErrorCode::InvalidType)?;
    if converted.too_deep {
        return Ok(Input::Invalid(too_deep()));
    }
    let size = serde_json::to_string(&converted.value)
        .map(|s| s.len())
        .unwrap_or(0);
    if size > MAX_DOCUMENT_BYTES {
        return Ok(Input::Invalid(too_large(size)));
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
fn run_assessment(
    py: Python<'_>,
    household: &Bound<'_, PyAny>,
    on: &Bound<'_, PyAny>,
    policy: Option<&PyPolicy>,
    explain: bool,
) -> PyResult<hengjie::Assessment> {
    let classes = Classes::import(py)?;
    let (date, policy) = dated_policy(py, on, &classes, policy)?;
    let value = document(py, household, &classes, |v| api::validate_value(v, date))?;
    py.detach(|| {
        let assessor = api::Assessor::new(&policy, date)
            .map_err(hengjie::Error::Parameter)?
            .explain(explain);
        assessor
            .assess_value(&value)
            .map_err(hengjie::Error::InvalidInput)
    })
    .map_err(|e| from_core(py, &e))
}

/// Assesses one household: a dict or a JSON string, as of a date; plain dicts and lists out,
/// money as `decimal.Decimal`. `explain=False` leaves `reasons` and `parameters` empty (never
/// rendered); every decision, margin and warning is the same.
#[pyfunction]
#[pyo3(signature = (household, as_of, *, policy = None, explain = true))]
fn assess<'py>(
    py: Python<'py>,
    household: &Bound<'py, PyAny>,
    as_of: &Bound<'py, PyAny>,
    policy: Option<PyRef<'py, PyPolicy>>,
    explain: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let assessment = run_assessment(py, household, as_of, policy.as_deref(), explain)?;
    output(py, &assessment)
}

/// Like `assess`, giving the canonical JSON text (byte-identical to the CLI and JavaScript).
#[pyfunction]
#[pyo3(signature = (household, as_of, *, policy = None, explain = true))]
fn assess_json(
    py: Python<'_>,
    household: &Bound<'_, PyAny>,
    as_of: &Bound<'_, PyAny>,
    policy: Option<PyRef<'_, PyPolicy>>,
    explain: bool,
) -> PyResult<String> {
    let assessment = run_assessment(py, household, as_of, policy.as_deref(), explain)?;
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
    let date = self::as_of(py, as_of, &classes)?;
    let errors = match read_input(household, &classes)? {
        Input::Invalid(errors) => errors,
        Input::Value(value, own) => merge(py.detach(|| api::validate_value(&value, date)), own),
    };
    output(py, &errors)
}

/// A village or farmland document as a JSON value, with its conversion errors merged with the
/// core's (`core_errors`) when there are any.
fn document(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
    classes: &Classes<'_>,
    core_errors: impl Fn(&Value) -> Errors,
) -> PyResult<Value> {
    match read_input(obj, classes)? {
        Input::Invalid(errors) => Err(raise(py, Kind::InvalidInput, &errors)),
        Input::Value(value, own) if !own.is_empty() => Err(raise(
            py,
            Kind::InvalidInput,
            &merge(core_errors(&value), own),
        )),
        Input::Value(value, _) => Ok(value),
    }
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
        Input::Value(value, own) if own.is_empty() => output(py, &api::normalize(&value)),
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
        Input::Invalid(_) => Value::Null,
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
    let date = self::as_of(py, as_of, &classes)?;
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

pub(crate) fn level_of(word: &str) -> PyResult<batch::Level> {
    batch::Level::parse(word).ok_or_else(|| {
        PyValueError::new_err(format!(
            "level must be \"households\" or \"members\", not {word:?}"
        ))
    })
}

/// The output of a batch as an Arrow IPC stream; with `raise_errors`, the first bad row raises
/// `InvalidInputError` with its paths prefixed by `/<row index>`.
fn batch_result<'py>(
    py: Python<'py>,
    level: batch::Level,
    out: batch::BatchOutput,
    raise_errors: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    if raise_errors && let Some((row, errors)) = &out.first_error {
        let prefixed = errors
            .list()
            .iter()
            .map(|e| e.at(format!("/{row}{}", e.path())))
            .collect();
        return Err(raise(py, Kind::InvalidInput, &Errors::new(prefixed)));
    }
    let bytes = py
        .detach(|| batch::write_ipc(&batch::schema(level), &out.batches))
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(PyBytes::new(py, &bytes))
}

/// Assesses every household of an Arrow IPC stream (one household per row, the contract's
/// nested shape) on one date, in parallel without the GIL; gives the output table as an Arrow
/// IPC stream (columns of `output_schema_ipc(level)`).
#[pyfunction]
#[pyo3(signature = (data, as_of, *, policy = None, level = "households", raise_errors = false))]
fn assess_ipc<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyBytes>,
    as_of: &Bound<'py, PyAny>,
    policy: Option<PyRef<'py, PyPolicy>>,
    level: &str,
    raise_errors: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    let level = level_of(level)?;
    let classes = Classes::import(py)?;
    let (date, policy) = dated_policy(py, as_of, &classes, policy.as_deref())?;
    let bytes = data.as_bytes();
    let out = py
        .detach(|| {
            batch::read_ipc(bytes)
                .map(|(_, batches)| batch::run_arrow(&batches, date, &policy, level))
        })
        .map_err(|e| PyValueError::new_err(format!("cannot read the Arrow stream: {e}")))?;
    batch_result(py, level, out, raise_errors)
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
#[pyo3(signature = (batches, as_of, *, policy = None, level = "households", raise_errors = false))]
fn assess_batches<'py>(
    py: Python<'py>,
    batches: Vec<Bound<'py, PyAny>>,
    as_of: &Bound<'py, PyAny>,
    policy: Option<PyRef<'py, PyPolicy>>,
    level: &str,
    raise_errors: bool,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let level = level_of(level)?;
    let classes = Classes::import(py)?;
    let (date, policy) = dated_policy(py, as_of, &classes, policy.as_deref())?;
    let input = batches
        .iter()
        .map(import_batch)
        .collect::<PyResult<Vec<_>>>()?;
    let out = py.detach(|| batch::run_arrow(&input, date, &policy, level));
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
#[pyo3(signature = (households, as_of, *, policy = None, level = "households", raise_errors = false))]
fn assess_records<'py>(
    py: Python<'py>,
    households: &Bound<'py, PyAny>,
    as_of: &Bound<'py, PyAny>,
    policy: Option<PyRef<'py, PyPolicy>>,
    level: &str,
    raise_errors: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    let level = level_of(level)?;
    let classes = Classes::import(py)?;
    let (date, policy) = dated_policy(py, as_of, &classes, policy.as_deref())?;
    let mut rows = batch::Rows::default();
    for item in households.try_iter()? {
        match read_input(&item?, &classes)? {
            Input::Value(value, own) => rows.push(value, own),
            Input::Invalid(errors) => rows.push(Value::Null, errors.into_list()),
        }
    }
    let out = py.detach(|| batch::run_rows(&rows, date, &policy, level));
    batch_result(py, level, out, raise_errors)
}

/// The schema of the batch output of a level, as an Arrow IPC stream with no batches.
#[pyfunction]
#[pyo3(signature = (level = "households"))]
fn output_schema_ipc<'py>(py: Python<'py>, level: &str) -> PyResult<Bound<'py, PyBytes>> {
    let level = level_of(level)?;
    let bytes = batch::write_ipc(&batch::schema(level), &[])
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(PyBytes::new(py, &bytes))
}

/// Every error code, in the contract's order.
#[pyfunction]
fn error_codes() -> Vec<&'static str> {
    ErrorCode::ALL.iter().map(|c| c.as_str()).collect()
}

/// Dated parameters: the embedded defaults with any layers laid on top.
#[pyclass(name = "Policy", module = "hengjie", frozen)]
pub(crate) struct PyPolicy {
    inner: Arc<Policy>,
}

#[pymethods]
impl PyPolicy {
    /// The embedded yanghe parameters (national ← guangxi ← liuzhou ← yanghe).
    #[staticmethod]
    fn default() -> Self {
        PyPolicy {
            inner: Arc::new(Policy::default()),
        }
    }

    /// The defaults with a layer file (JSON, or TOML by its `.toml` extension) on top.
    #[staticmethod]
    fn from_file(py: Python<'_>, path: std::path::PathBuf) -> PyResult<Self> {
        Policy::default()
            .with_layer_file(&path)
            .map(|p| PyPolicy { inner: Arc::new(p) })
            .map_err(|e| raise(py, Kind::Parameter, &e))
    }

    /// This policy with a layer (a dict or JSON text) on top.
    fn with_layer(&self, py: Python<'_>, layer: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = if let Ok(s) = layer.cast::<PyString>() {
            s.to_cow()?.into_owned()
        } else {
            let converted = to_value(layer, &Classes::import(py)?, ErrorCode::InvalidParameter)?;
            if !converted.errors.is_empty() {
                return Err(raise(py, Kind::Parameter, &Errors::new(converted.errors)));
            }
            converted.value.to_string()
        };
        self.inner
            .with_layer_json(&text)
            .map(|p| PyPolicy { inner: Arc::new(p) })
            .map_err(|e| raise(py, Kind::Parameter, &e))
    }

    /// This policy with a user layer built from `{parameter name: [{"from", "value", ...}]}`,
    /// named `<this jurisdiction>+overrides`; errors are `invalid_parameter` at the layer's
    /// pointers (`/parameters/<name>/0/value`).
    fn with_overrides(&self, py: Python<'_>, overrides: &Bound<'_, PyAny>) -> PyResult<Self> {
        let converted = to_value(
            overrides,
            &Classes::import(py)?,
            ErrorCode::InvalidParameter,
        )?;
        let mut errors: Vec<ErrorDetail> = converted
            .errors
            .into_iter()
            .map(|e| e.at(format!("/parameters{}", e.path())))
            .collect();
        if !converted.value.is_object() {
            errors.push(ErrorDetail::new(
                ErrorCode::InvalidParameter,
                "/parameters",
                "the overrides must be a mapping of parameter names to lists of {from, value}",
                "覆盖参数应为“参数名 → {from, value} 列表”的映射",
            ));
        }
        if !errors.is_empty() {
            return Err(raise(py, Kind::Parameter, &Errors::new(errors)));
        }
        let layer = serde_json::json!({
            "jurisdiction": format!("{}+overrides", self.inner.jurisdiction()),
            "parameters": converted.value,
        });
        self.inner
            .with_layer_json(&layer.to_string())
            .map(|p| PyPolicy { inner: Arc::new(p) })
            .map_err(|e| raise(py, Kind::Parameter, &e))
    }

    /// The name of the topmost layer.
    #[getter]
    fn jurisdiction(&self) -> &str {
        self.inner.jurisdiction()
    }

    /// Every dated value, or with `as_of` the value in effect on that date, sorted by name.
    #[pyo3(signature = (as_of = None))]
    fn params<'py>(
        &self,
        py: Python<'py>,
        as_of: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let rows = match as_of {
            Some(on) => {
                let date = self::as_of(py, on, &Classes::import(py)?)?;
                self.inner
                    .rows_on(date)
                    .map_err(|e| raise(py, Kind::Parameter, &e))?
            }
            None => self.inner.rows(),
        };
        output(py, &rows)
    }

    fn __repr__(&self) -> String {
        format!("Policy(jurisdiction={:?})", self.inner.jurisdiction())
    }
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
    m.add_function(wrap_pyfunction!(assess_ipc, m)?)?;
    m.add_function(wrap_pyfunction!(assess_batches, m)?)?;
    m.add_function(wrap_pyfunction!(assess_records, m)?)?;
    m.add_function(wrap_pyfunction!(output_schema_ipc, m)?)?;
    m.add_function(wrap_pyfunction!(reconcile::reconcile_json, m)?)?;
    m.add_function(wrap_pyfunction!(own_data::prepare_table, m)?)?;
    m.add_function(wrap_pyfunction!(own_data::assess_tables, m)?)?;
    m.add_function(wrap_pyfunction!(own_data::household_schema, m)?)?;
    m.add_function(wrap_pyfunction!(export::export_tables, m)?)?;
    m.add_class::<PyPolicy>()?;
    Ok(())
}
