//! `hengjie.export`: result tables written as XLSX or CSV by the tables crate's general writer.
//! Python decides the columns (order, headers and value labels, all from the core's label
//! table); this module reads the Arrow columns as typed cells and writes them, without the GIL.
//! Money stays exact: a `decimal128` cell is the decimal itself (see
//! [`hengjie_tables::write::TypedCell::Decimal`]), never a float computed from it.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::BufWriter;
use std::path::PathBuf;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Decimal128Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type,
    UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, RecordBatch};
use arrow_schema::DataType;
use hengjie_tables::write::{CsvWriter, TableXlsx, TypedCell, Words};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use rust_decimal::Decimal;

/// One column to write: its name in the batches, its header, and labels for its words.
type ColumnSpec = (String, String, Option<HashMap<String, String>>);

/// A sheet: its name, its record batches, its columns in order.
type SheetSpec<'py> = (String, Vec<Bound<'py, PyAny>>, Vec<ColumnSpec>);

fn bad(message: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(message.to_string())
}

/// Writes `sheets` to `path`: an XLSX workbook (one sheet each), or with `csv` a CSV file
/// (UTF-8 with BOM) of the one sheet. Booleans are `yes`/`no`, list cells joined with
/// `separator`. Gives the number of rows written.
#[pyfunction]
#[pyo3(signature = (sheets, path, *, csv = false, yes = "是", no = "否", separator = "、"))]
pub fn export_tables(
    py: Python<'_>,
    sheets: Vec<SheetSpec<'_>>,
    path: PathBuf,
    csv: bool,
    yes: &str,
    no: &str,
    separator: &str,
) -> PyResult<usize> {
    let mut read = Vec::with_capacity(sheets.len());
    for (name, batches, columns) in &sheets {
        let batches = batches
            .iter()
            .map(crate::arrow_doors::import_batch)
            .collect::<PyResult<Vec<_>>>()?;
        read.push((name.as_str(), batches, columns.as_slice()));
    }
    if csv && read.len() != 1 {
        return Err(bad("a CSV file holds one table; write .xlsx for several"));
    }
    let words = Words { yes, no };
    py.detach(|| {
        if csv {
            write_csv(&read, &path, words, separator)
        } else {
            write_xlsx(&read, &path, words, separator)
        }
    })
    .map_err(bad)
}

type Sheets<'a> = [(&'a str, Vec<RecordBatch>, &'a [ColumnSpec])];

fn write_xlsx(
    sheets: &Sheets<'_>,
    path: &std::path::Path,
    words: Words<'_>,
    separator: &str,
) -> Result<usize, String> {
    let mut book = TableXlsx::new();
    let mut written = 0;
    for (name, batches, columns) in sheets {
        let header: Vec<&str> = columns.iter().map(|(_, h, _)| h.as_str()).collect();
        let mut sheet = book.sheet(name, &header, words)?;
        let mut cells = Vec::with_capacity(columns.len());
        for batch in batches {
            let arrays = arrays_of(batch, columns)?;
            for row in 0..batch.num_rows() {
                cells.clear();
                cells.extend(
                    arrays
                        .iter()
                        .map(|(a, labels)| cell(*a, row, *labels, separator)),
                );
                sheet.row(&cells)?;
                written += 1;
            }
        }
        book.push(sheet)?;
    }
    book.save(path)
        .map_err(|e| format!("{}: cannot write the file: {e}", path.display()))?;
    Ok(written)
}

fn write_csv(
    sheets: &Sheets<'_>,
    path: &std::path::Path,
    words: Words<'_>,
    separator: &str,
) -> Result<usize, String> {
    let io = |e: std::io::Error| format!("{}: cannot write the file: {e}", path.display());
    let file = std::fs::File::create(path).map_err(io)?;
    let mut written = 0;
    for (_, batches, columns) in sheets {
        let header: Vec<&str> = columns.iter().map(|(_, h, _)| h.as_str()).collect();
        let mut out =
            CsvWriter::new(BufWriter::with_capacity(1 << 20, &file), &header).map_err(io)?;
        let mut cells = Vec::with_capacity(columns.len());
        for batch in batches {
            let arrays = arrays_of(batch, columns)?;
            for row in 0..batch.num_rows() {
                cells.clear();
                cells.extend(
                    arrays
                        .iter()
                        .map(|(a, labels)| cell(*a, row, *labels, separator)),
                );
                out.typed_row(&cells, words).map_err(io)?;
                written += 1;
            }
        }
        out.finish().map_err(io)?;
    }
    Ok(written)
}

type Labels = HashMap<String, String>;

/// A column of one batch: its array and its labels.
type Read<'a> = (&'a dyn Array, Option<&'a Labels>);

/// The batch's array of each column, with its labels.
fn arrays_of<'a>(
    batch: &'a RecordBatch,
    columns: &'a [ColumnSpec],
) -> Result<Vec<Read<'a>>, String> {
    columns
        .iter()
        .map(|(name, _, labels)| {
            batch
                .column_by_name(name)
                .map(|a| (a.as_ref(), labels.as_ref()))
                .ok_or_else(|| format!("no column `{name}` in the table"))
        })
        .collect()
}

/// A word as its label: the label of the whole word, or for `who:word` (a coverage gap that
/// names its member) `who` and the word's label; the word itself when the labels lack it.
fn labelled<'a>(text: &'a str, labels: Option<&'a Labels>) -> Cow<'a, str> {
    let Some(labels) = labels else {
        return Cow::Borrowed(text);
    };
    if let Some(label) = labels.get(text) {
        return Cow::Borrowed(label.as_str());
    }
    if let Some((who, word)) = text.split_once(':')
        && let Some(label) = labels.get(word)
    {
        return Cow::Owned(format!("{who} {label}"));
    }
    Cow::Borrowed(text)
}

/// The cell at `row` of an Arrow array.
fn cell<'a>(
    array: &'a dyn Array,
    row: usize,
    labels: Option<&'a Labels>,
    separator: &str,
) -> TypedCell<'a> {
    if array.is_null(row) {
        return TypedCell::Empty;
    }
    let int = |n: Option<i64>| n.map_or(TypedCell::Empty, TypedCell::Int);
    match array.data_type() {
        DataType::Utf8 => TypedCell::Text(labelled(array.as_string::<i32>().value(row), labels)),
        DataType::LargeUtf8 => {
            TypedCell::Text(labelled(array.as_string::<i64>().value(row), labels))
        }
        DataType::Utf8View => TypedCell::Text(labelled(array.as_string_view().value(row), labels)),
        DataType::Boolean => TypedCell::Bool(array.as_boolean().value(row)),
        DataType::Int8 => TypedCell::Int(array.as_primitive::<Int8Type>().value(row).into()),
        DataType::Int16 => TypedCell::Int(array.as_primitive::<Int16Type>().value(row).into()),
        DataType::Int32 => TypedCell::Int(array.as_primitive::<Int32Type>().value(row).into()),
        DataType::Int64 => TypedCell::Int(array.as_primitive::<Int64Type>().value(row)),
        DataType::UInt8 => TypedCell::Int(array.as_primitive::<UInt8Type>().value(row).into()),
        DataType::UInt16 => TypedCell::Int(array.as_primitive::<UInt16Type>().value(row).into()),
        DataType::UInt32 => TypedCell::Int(array.as_primitive::<UInt32Type>().value(row).into()),
        DataType::UInt64 => int(i64::try_from(array.as_primitive::<UInt64Type>().value(row)).ok()),
        // A float (a column the analyst kept): its shortest text, as Python prints it.
        DataType::Float32 => float(array.as_primitive::<Float32Type>().value(row).into()),
        DataType::Float64 => float(array.as_primitive::<Float64Type>().value(row)),
        DataType::Decimal128(_, scale) => {
            let units = array.as_primitive::<Decimal128Type>().value(row);
            u32::try_from(*scale)
                .ok()
                .and_then(|s| Decimal::try_from_i128_with_scale(units, s).ok())
                .map_or(TypedCell::Empty, TypedCell::Decimal)
        }
        DataType::Date32 => {
            let days = array
                .as_primitive::<arrow_array::types::Date32Type>()
                .value(row);
            let date = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
                .and_then(|d| d.checked_add_signed(chrono::TimeDelta::days(days.into())));
            date.map_or(TypedCell::Empty, |d| {
                TypedCell::Text(Cow::Owned(d.to_string()))
            })
        }
        DataType::List(_) => joined(array.as_list::<i32>().value(row), labels, separator),
        DataType::LargeList(_) => joined(array.as_list::<i64>().value(row), labels, separator),
        other => TypedCell::Text(Cow::Owned(format!("({other})"))),
    }
}

fn float(x: f64) -> TypedCell<'static> {
    if x.is_finite() {
        x.to_string().parse::<Decimal>().map_or_else(
            |_| TypedCell::Text(Cow::Owned(x.to_string())),
            TypedCell::Decimal,
        )
    } else {
        TypedCell::Empty
    }
}

/// A list cell: its items (labelled) joined with `separator`.
fn joined<'a>(
    items: arrow_array::ArrayRef,
    labels: Option<&'a Labels>,
    separator: &str,
) -> TypedCell<'a> {
    let texts: Vec<String> = (0..items.len())
        .filter(|&i| !items.is_null(i))
        .map(|i| match cell(items.as_ref(), i, labels, separator) {
            TypedCell::Text(t) => t.into_owned(),
            TypedCell::Int(n) => n.to_string(),
            TypedCell::Decimal(d) => d.to_string(),
            TypedCell::Bool(b) => b.to_string(),
            TypedCell::Empty => String::new(),
        })
        .collect();
    TypedCell::Text(Cow::Owned(texts.join(separator)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_member_gaps_are_labelled() {
        let labels: Labels = [("pension_not_insured".to_owned(), "未参保".to_owned())].into();
        assert_eq!(labelled("pension_not_insured", Some(&labels)), "未参保");
        assert_eq!(
            labelled("P4:pension_not_insured", Some(&labels)),
            "P4 未参保"
        );
        assert_eq!(labelled("P4:other", Some(&labels)), "P4:other");
        assert_eq!(labelled("x", None), "x");
    }
}
