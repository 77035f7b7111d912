//! `hengjie.export`: result tables written as XLSX or CSV by the tables crate
//! ([`hengjie_tables::export`]), which also chooses the columns, their headers, the words and
//! the sheet names, as it does for `hengjie assess --out`. Python passes the data only: per
//! sheet its word (`result`, `summary`, `changed`, `groups`, `sweep`) and its record batches.

use std::path::PathBuf;

use arrow_array::RecordBatch;
use hengjie::labels::Lang;
use hengjie_tables::export::{Format, Sheet, TableFile};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

fn bad(message: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(message.to_string())
}

/// Writes `sheets` (each: its word, its record batches and its column names) to `path`: an XLSX workbook (one
/// sheet each), or a CSV file (UTF-8 with BOM) of the one sheet, as the path's extension says.
/// `parameter` is a sweep's parameter. Gives the number of rows written.
#[pyfunction]
#[pyo3(signature = (sheets, path, *, lang = "zh", parameter = None))]
pub fn export_tables(
    py: Python<'_>,
    sheets: Vec<(String, Vec<Bound<'_, PyAny>>, Vec<String>)>,
    path: PathBuf,
    lang: &str,
    parameter: Option<&str>,
) -> PyResult<usize> {
    let lang = match lang {
        "zh" => Lang::Zh,
        "en" => Lang::En,
        other => return Err(bad(format!("lang must be \"zh\" or \"en\", not {other:?}"))),
    };
    let format = Format::of_path(&path)
        .ok_or_else(|| bad(format!("export writes .xlsx or .csv files, not {path:?}")))?;
    let mut read: Vec<(Sheet<'_>, Vec<RecordBatch>, Vec<&str>)> = Vec::with_capacity(sheets.len());
    for (word, batches, names) in &sheets {
        let sheet = Sheet::parse(word, parameter)
            .ok_or_else(|| bad(format!("no sheet {word:?} (with parameter {parameter:?})")))?;
        let batches = batches
            .iter()
            .map(crate::arrow_doors::import_batch)
            .collect::<PyResult<Vec<_>>>()?;
        read.push((sheet, batches, names.iter().map(String::as_str).collect()));
    }
    if format == Format::Csv && read.len() != 1 {
        return Err(bad("a CSV file holds one table; write .xlsx for several"));
    }
    py.detach(|| {
        let mut file = TableFile::create(&path, format, lang)?;
        for (sheet, batches, names) in &read {
            file.sheet(*sheet, names)?;
            for batch in batches {
                file.batch(batch)?;
            }
        }
        file.finish()
    })
    .map_err(bad)
}
