//! Result tables for people (`hengjie assess --out`, Python's `hengjie.export`): the batch
//! layer's Arrow output written as XLSX or CSV (UTF-8 with BOM) that a colleague reads without
//! hengjie. The choice of columns lives here, once, for both doors: which columns and in what
//! order (an analyst's own columns first), their headers and the labels of their words (all from
//! the core's label table, [`hengjie::labels`]), the sheet names, the words for yes/no and the
//! joiner of list cells.
//!
//! Money stays exact: a `decimal128` cell is the decimal itself
//! ([`TypedCell::Decimal`]), never a float computed from it.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Decimal128Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type,
    Int64Type, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::DataType;
use hengjie::labels::{COLUMNS, HOUSEHOLD_FIELDS, Lang, OUTPUT_WORDS, column_label};
use rust_decimal::Decimal;

use crate::batch::{Level, columns as output_columns};
use crate::write::{CsvWriter, TableSheet, TableXlsx, TypedCell, Words};

/// The label-table key of the words of a result column, where it is not the column's own name.
const OUTPUT_WORDS_OF: [(&str, &str); 4] = [
    ("coverage_gaps", "coverage_gaps.code"),
    ("child_support.basis", "members.child_support.basis"),
    ("medical_subsidy.basis", "members.medical_subsidy.basis"),
    ("pension.proxy_basis", "members.pension.proxy_basis"),
];

/// A sheet of a workbook: which table it holds (and so its name and columns).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sheet<'a> {
    /// An assessment table (`assess_batch`, `hengjie assess --out`), with any columns an
    /// analyst kept: sheet 结果/result.
    Result,
    /// A comparison's summary, one row per metric: 汇总/summary.
    Summary,
    /// A comparison's changed households, `baseline.*` and `reform.*` columns: 变化的家庭/changed.
    Changed,
    /// A comparison's metrics per group: 分组/groups.
    Groups,
    /// A parameter sweep, one row per value of `parameter`: 参数试算/sweep.
    Sweep { parameter: &'a str },
    /// A sweep's rows per group: 分组/groups.
    SweepGroups { parameter: &'a str },
}

impl<'a> Sheet<'a> {
    /// The sheet of a word (`result`, `summary`, `changed`, `groups`, `sweep`); `groups` of a
    /// sweep when a parameter is given.
    pub fn parse(word: &str, parameter: Option<&'a str>) -> Option<Sheet<'a>> {
        Some(match (word, parameter) {
            ("result", _) => Sheet::Result,
            ("summary", _) => Sheet::Summary,
            ("changed", _) => Sheet::Changed,
            ("groups", None) => Sheet::Groups,
            ("groups", Some(parameter)) => Sheet::SweepGroups { parameter },
            ("sweep", Some(parameter)) => Sheet::Sweep { parameter },
            _ => return None,
        })
    }

    /// The sheet's name (the workbook's tab).
    pub fn name(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Sheet::Result => ("结果", "result"),
            Sheet::Summary => ("汇总", "summary"),
            Sheet::Changed => ("变化的家庭", "changed"),
            Sheet::Groups | Sheet::SweepGroups { .. } => ("分组", "groups"),
            Sheet::Sweep { .. } => ("参数试算", "sweep"),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// The columns to write of a table with columns `names` (in its order).
    pub fn columns(self, names: &[&str], lang: Lang) -> Vec<Column> {
        let known = |n: &str| is_output_column(n);
        match self {
            Sheet::Result => {
                // Kept columns (any that is not an output column) first, then the output
                // columns, in the table's order.
                let kept = names.iter().filter(|n| !known(n));
                let out = names.iter().filter(|n| known(n));
                kept.chain(out)
                    .map(|n| Column::new(n, header(n, lang), words(n, lang)))
                    .collect()
            }
            Sheet::Summary | Sheet::Groups => names
                .iter()
                .map(|n| Column::new(n, header(n, lang), metric_words(n, lang)))
                .collect(),
            Sheet::Sweep { parameter } | Sheet::SweepGroups { parameter } => names
                .iter()
                .map(|n| {
                    let mut h = header(n, lang);
                    if *n == "value" {
                        h = qualified(&h, parameter, lang);
                    }
                    Column::new(n, h, metric_words(n, lang))
                })
                .collect(),
            Sheet::Changed => {
                let side = |n: &str| n.starts_with("baseline.") || n.starts_with("reform.");
                let first = names.iter().filter(|n| !known(n) && !side(n));
                let rest = names.iter().filter(|n| known(n) || side(n));
                first
                    .chain(rest)
                    .map(|n| match n.split_once('.') {
                        Some((s @ ("baseline" | "reform"), column)) if !column.is_empty() => {
                            let extra = column_label(s).map_or(s, |l| l.get(lang));
                            let h = qualified(&header(column, lang), extra, lang);
                            Column::new(n, h, words(column, lang))
                        }
                        _ if *n == "changes" => Column::new(n, header(n, lang), all_columns(lang)),
                        _ => Column::new(n, header(n, lang), words(n, lang)),
                    })
                    .collect()
            }
        }
    }
}

/// One column to write: its name in the batches, its header, and the labels of its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub header: String,
    pub labels: Option<HashMap<String, String>>,
}

impl Column {
    fn new(name: &str, header: String, labels: Option<HashMap<String, String>>) -> Column {
        Column {
            name: name.to_owned(),
            header,
            labels,
        }
    }
}

/// Whether a column is one the batch layer writes (either level), not an analyst's own.
fn is_output_column(name: &str) -> bool {
    [Level::Households, Level::Members]
        .into_iter()
        .any(|level| output_columns(level).iter().any(|(n, _)| *n == name))
}

/// A column's header: the label table's column label, else its input field label
/// (`village_id` → 村编号), else the name itself.
pub fn header(name: &str, lang: Lang) -> String {
    if let Some(label) = column_label(name) {
        return label.get(lang).to_owned();
    }
    let pattern = name.replace('.', "/");
    HOUSEHOLD_FIELDS
        .iter()
        .find(|f| f.pattern == pattern)
        .map_or_else(|| name.to_owned(), |f| f.label.get(lang).to_owned())
}

/// The labels of the words of the output field `field` (its label-table key).
fn output_words(field: &str, lang: Lang) -> Option<HashMap<String, String>> {
    OUTPUT_WORDS
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, list)| {
            list.iter()
                .map(|w| (w.word.to_owned(), w.label.get(lang).to_owned()))
                .collect()
        })
}

/// The labels of a result column's words.
fn words(name: &str, lang: Lang) -> Option<HashMap<String, String>> {
    let key = OUTPUT_WORDS_OF
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(name, |(_, key)| key);
    output_words(key, lang)
}

/// Every column label: the words of a `metric` or `changes` cell are column names.
fn all_columns(lang: Lang) -> Option<HashMap<String, String>> {
    Some(
        COLUMNS
            .iter()
            .map(|(c, l)| ((*c).to_owned(), l.get(lang).to_owned()))
            .collect(),
    )
}

/// The words of a what-if table column: metric names (their column labels), units.
fn metric_words(name: &str, lang: Lang) -> Option<HashMap<String, String>> {
    match name {
        "metric" => all_columns(lang),
        "unit" => output_words("unit", lang),
        _ => words(name, lang),
    }
}

/// `低保状态（现行政策）` in Chinese, `dibao status (baseline)` in English.
fn qualified(header: &str, extra: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{header}（{extra}）"),
        Lang::En => format!("{header} ({extra})"),
    }
}

/// How a language writes booleans and joins list cells.
fn table_words(lang: Lang) -> (Words<'static>, &'static str) {
    match lang {
        Lang::Zh => (
            Words {
                yes: "是",
                no: "否",
            },
            "、",
        ),
        Lang::En => (
            Words {
                yes: "Yes",
                no: "No",
            },
            ", ",
        ),
    }
}

/// The file format of a table, from its path's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.csv`: UTF-8 with BOM, one table.
    Csv,
    /// `.xlsx`: one sheet per table.
    Xlsx,
}

impl Format {
    /// `.csv` or `.xlsx` (any case); `None` for another extension.
    pub fn of_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }
}

enum Out {
    Csv {
        file: File,
        table: Option<CsvWriter<BufWriter<File>>>,
    },
    Xlsx {
        book: Box<TableXlsx>,
        sheet: Option<Box<TableSheet<'static>>>,
    },
}

/// A file of result tables being written: [`TableFile::sheet`] starts a table (a CSV file holds
/// one), [`TableFile::batch`] writes its rows, [`TableFile::finish`] closes the file.
pub struct TableFile {
    path: std::path::PathBuf,
    out: Out,
    lang: Lang,
    columns: Vec<Column>,
    rows: usize,
}

impl std::fmt::Debug for TableFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TableFile")
            .field("path", &self.path)
            .field("rows", &self.rows)
            .finish_non_exhaustive()
    }
}

impl TableFile {
    /// A file at `path` in `format`, its headers and words in `lang`. A CSV file is created
    /// at once; an XLSX workbook is written by [`TableFile::finish`].
    pub fn create(path: &Path, format: Format, lang: Lang) -> Result<TableFile, String> {
        let out = match format {
            Format::Csv => Out::Csv {
                file: File::create(path).map_err(|e| cannot_write(path, &e))?,
                table: None,
            },
            Format::Xlsx => Out::Xlsx {
                book: Box::new(TableXlsx::new()),
                sheet: None,
            },
        };
        Ok(TableFile {
            path: path.to_owned(),
            out,
            lang,
            columns: Vec::new(),
            rows: 0,
        })
    }

    /// Starts the table `sheet` whose batches have the columns `names` (the columns written are
    /// [`Sheet::columns`]).
    pub fn sheet(&mut self, sheet: Sheet<'_>, names: &[&str]) -> Result<(), String> {
        let columns = sheet.columns(names, self.lang);
        let header: Vec<&str> = columns.iter().map(|c| c.header.as_str()).collect();
        let (words, _) = table_words(self.lang);
        let path = &self.path;
        match &mut self.out {
            Out::Csv { file, table } => {
                if table.is_some() {
                    return Err("a CSV file holds one table; write .xlsx for several".to_owned());
                }
                let clone = file.try_clone().map_err(|e| cannot_write(path, &e))?;
                *table = Some(
                    CsvWriter::new(BufWriter::with_capacity(1 << 20, clone), &header)
                        .map_err(|e| cannot_write(path, &e))?,
                );
            }
            Out::Xlsx { book, sheet: open } => {
                if let Some(done) = open.take() {
                    book.push(*done)?;
                }
                *open = Some(Box::new(book.sheet(
                    sheet.name(self.lang),
                    &header,
                    words,
                )?));
            }
        }
        self.columns = columns;
        Ok(())
    }

    /// Writes the rows of a batch of the current table.
    pub fn batch(&mut self, batch: &RecordBatch) -> Result<(), String> {
        let (words, separator) = table_words(self.lang);
        let arrays: Vec<(&ArrayRef, Option<&Labels>)> = self
            .columns
            .iter()
            .map(|c| {
                batch
                    .column_by_name(&c.name)
                    .map(|a| (a, c.labels.as_ref()))
                    .ok_or_else(|| format!("no column `{}` in the table", c.name))
            })
            .collect::<Result<_, _>>()?;
        let mut cells = Vec::with_capacity(arrays.len());
        let path = &self.path;
        for row in 0..batch.num_rows() {
            cells.clear();
            cells.extend(
                arrays
                    .iter()
                    .map(|(a, labels)| cell(a.as_ref(), row, *labels, separator)),
            );
            match &mut self.out {
                Out::Csv {
                    table: Some(out), ..
                } => out
                    .typed_row(&cells, words)
                    .map_err(|e| cannot_write(path, &e))?,
                Out::Xlsx {
                    sheet: Some(sheet), ..
                } => sheet.row(&cells)?,
                _ => return Err("no table started".to_owned()),
            }
            self.rows += 1;
        }
        Ok(())
    }

    /// Closes the file; gives the number of rows written.
    pub fn finish(self) -> Result<usize, String> {
        let path = &self.path;
        match self.out {
            Out::Csv { table, .. } => {
                if let Some(out) = table {
                    out.finish().map_err(|e| cannot_write(path, &e))?;
                }
            }
            Out::Xlsx { mut book, sheet } => {
                if let Some(sheet) = sheet {
                    book.push(*sheet)?;
                }
                book.save(path).map_err(|e| cannot_write(path, &e))?;
            }
        }
        Ok(self.rows)
    }
}

fn cannot_write(path: &Path, e: &dyn std::fmt::Display) -> String {
    format!("{}: cannot write the file: {e}", path.display())
}

type Labels = HashMap<String, String>;

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
            let days = array.as_primitive::<Date32Type>().value(row);
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
fn joined<'a>(items: ArrayRef, labels: Option<&'a Labels>, separator: &str) -> TypedCell<'a> {
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

    #[test]
    fn kept_columns_come_first_with_field_labels() {
        let cols = Sheet::Result.columns(
            &["household_id", "village_id", "dibao.eligible", "户主姓名"],
            Lang::Zh,
        );
        let headers: Vec<&str> = cols.iter().map(|c| c.header.as_str()).collect();
        // 村编号 is the input field's label; a column no table names keeps its name.
        assert_eq!(headers, ["村编号", "户主姓名", "户编号", "符合低保条件"]);
        let en = Sheet::Result.columns(&["household_id"], Lang::En);
        assert_eq!(en[0].header, "household number");
    }

    #[test]
    fn comparison_sides_are_qualified_and_sweep_values_name_their_parameter() {
        let cols = Sheet::Changed.columns(&["baseline.dibao.status", "village_id"], Lang::Zh);
        assert_eq!(cols[0].header, "村编号");
        assert_eq!(cols[1].header, "低保状态（现行政策）");
        let labels = cols[1].labels.as_ref().map(|l| l.get("eligible").cloned());
        assert_eq!(labels, Some(Some("符合条件".to_owned())));
        let sweep = Sheet::Sweep {
            parameter: "dibao.standard_monthly",
        }
        .columns(&["value"], Lang::En);
        assert!(sweep[0].header.ends_with(" (dibao.standard_monthly)"));
    }
}
