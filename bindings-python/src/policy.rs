//! `hengjie.Policy`: the embedded parameters with any layers laid on top.

use std::sync::Arc;

use hengjie::{ErrorCode, ErrorDetail, Errors, Policy};
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::convert::{Classes, to_value};
use crate::{Kind, output, raise};

/// The policy a call uses: the given one, or the embedded default.
pub(crate) fn policy_of(policy: Option<&PyPolicy>) -> Arc<Policy> {
    policy.map_or_else(|| Arc::new(Policy::default()), |p| Arc::clone(&p.inner))
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
                let date = crate::input::as_of(py, on, &Classes::import(py)?)?;
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
