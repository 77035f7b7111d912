//! An office's household tables as files — households, members and hospital stays, each a CSV
//! (UTF-8, UTF-16 or GB18030), XLSX/XLS or Parquet file, detected by content — read into the
//! contract's household documents for the command line (`hengjie assess --members`,
//! `hengjie reconcile --members`).
//!
//! Each file's first non-blank row is its header. The cells go through the same reader as the
//! Python batch layer's tables ([`crate::household_table::prepare`]: the one table of header and
//! value spellings, the columns checked once for the whole table), and each row becomes one JSON
//! document: dotted columns (`income.wages`) nest, members and hospital stays join their
//! household by `household_id` (or by the households table's own id header), in file order.
//! Nothing is decided here: a value the reader left as written is the core's to report, in place,
//! for its household alone.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::builder::StringBuilder;
use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Decimal128Type};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use hengjie::{ErrorCode, ErrorDetail, Errors};
use serde_json::{Map, Value};

use crate::arrow_cells::{int_value, text_value};
use crate::columns::HouseholdTable;
use crate::household_table::{Prepared, Unknown, UserMap, prepare};
use crate::{Cell, TableError, csv_text, excel, html, parquet_file};

/// Why the household tables cannot be read: the run stops (the CLI exits with status 2).
#[derive(Debug, thiserror::Error)]
pub enum HouseholdFileError {
    /// The file cannot be opened or decoded.
    #[error(transparent)]
    Table(#[from] TableError),
    /// Columns that cannot be used (missing, repeated, of the wrong kind): one error each.
    #[error("{file}: {errors}")]
    Columns { file: String, errors: Errors },
    /// A member or hospital-stay row names a household the households table does not have.
    #[error(
        "{file}: row {row} names household {id:?}, which is not in the households table ({households})"
    )]
    UnknownHousehold {
        file: String,
        row: usize,
        id: String,
        households: String,
    },
    /// A member or hospital-stay row without its household's id.
    #[error(
        "{file}: row {row} has no household id (column household_id, or the households table's id header)"
    )]
    NoHousehold { file: String, row: usize },
}

impl HouseholdFileError {
    /// The message in Chinese (the English one is `Display`).
    pub fn message_zh(&self) -> String {
        match self {
            HouseholdFileError::Table(e) => e.message_zh(),
            HouseholdFileError::Columns { file, errors } => {
                let messages: Vec<&str> = errors.list().iter().map(|e| e.message_zh()).collect();
                format!("{file}：{}", messages.join("；"))
            }
            HouseholdFileError::UnknownHousehold {
                file,
                row,
                id,
                households,
            } => format!("{file}：第 {row} 行的户编号“{id}”不在农户表（{households}）中"),
            HouseholdFileError::NoHousehold { file, row } => {
                format!("{file}：第 {row} 行没有户编号（household_id 列，或农户表的户编号列）")
            }
        }
    }
}

/// A file given by name (as it appears in messages) and content.
pub type NamedBytes<'a> = (&'a str, &'a [u8]);

/// One household as read: its JSON document, and the errors only its file can show (a member's
/// id number in an Excel number cell), each at its JSON Pointer in the document, for the core's
/// errors to join.
#[derive(Debug, Clone, PartialEq)]
pub struct HouseholdDocument {
    pub value: Value,
    pub errors: Vec<ErrorDetail>,
}

/// Reads the households table and, when given, the members and hospital-stays tables into one
/// JSON document per household, in the households table's order.
pub fn read_households(
    households: NamedBytes<'_>,
    members: Option<NamedBytes<'_>>,
    hospitalizations: Option<NamedBytes<'_>>,
    map: &UserMap,
) -> Result<Vec<HouseholdDocument>, HouseholdFileError> {
    let (name, bytes) = households;
    let (homes, _) = prepared(HouseholdTable::Households, name, bytes, map, None)?;
    let id_header = homes
        .columns
        .iter()
        .find(|(_, column)| column == "id")
        .map(|(header, _)| header.clone());
    let mut documents: Vec<Map<String, Value>> = rows(&homes);
    let mut errors: Vec<Vec<ErrorDetail>> = vec![Vec::new(); documents.len()];
    let index: HashMap<String, usize> = documents
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            d.get("id")
                .and_then(Value::as_str)
                .map(|id| (id.to_owned(), i))
        })
        .collect();
    for (table, key, given) in [
        (HouseholdTable::Members, "members", members),
        (
            HouseholdTable::Hospitalizations,
            "hospitalizations",
            hospitalizations,
        ),
    ] {
        let Some((file, bytes)) = given else {
            continue;
        };
        let (children, numbers) = prepared(table, file, bytes, map, id_header.as_deref())?;
        // The rows whose id number is an Excel number cell (members only).
        let numeric_ids: std::collections::HashSet<usize> = children
            .columns
            .iter()
            .filter(|(_, column)| column == "id_number")
            .filter_map(|(header, _)| numbers.get(header))
            .flatten()
            .copied()
            .collect();
        for (i, mut row) in rows(&children).into_iter().enumerate() {
            // Row numbers as the office sees them: the header is row 1.
            let at = i + 2;
            let id = match row.remove("household_id") {
                Some(Value::String(id)) => id,
                Some(other) => other.to_string(),
                None => {
                    return Err(HouseholdFileError::NoHousehold {
                        file: file.to_owned(),
                        row: at,
                    });
                }
            };
            let numeric_id = numeric_ids.contains(&i) && row.remove("id_number").is_some();
            let Some((document, own)) = index
                .get(&id)
                .and_then(|&h| documents.get_mut(h).zip(errors.get_mut(h)))
            else {
                return Err(HouseholdFileError::UnknownHousehold {
                    file: file.to_owned(),
                    row: at,
                    id,
                    households: name.to_owned(),
                });
            };
            if let Value::Array(list) = document
                .entry(key)
                .or_insert_with(|| Value::Array(Vec::new()))
            {
                if numeric_id {
                    own.push(numeric_id_number(list.len()));
                }
                list.push(Value::Object(row));
            }
        }
    }
    Ok(documents
        .into_iter()
        .zip(errors)
        .map(|(document, errors)| HouseholdDocument {
            value: Value::Object(document),
            errors,
        })
        .collect())
}

/// A member's id number in an Excel number cell: Excel keeps 15 significant digits, so an
/// 18-digit number has lost its last digits and can never be read back. The id is left out of
/// the document (no other error about it) and this error stands at its place.
fn numeric_id_number(member: usize) -> ErrorDetail {
    ErrorDetail::new(
        ErrorCode::InvalidType,
        format!("/members/{member}/id_number"),
        "The citizen ID number is an Excel number cell: Excel keeps only 15 significant digits, so its last digits are lost. Format the column as text and export the table again.",
        "公民身份号码是 Excel 数字格式单元格：Excel 只保留 15 位有效数字，后几位已丢失。请把这一列设为文本后重新导出。",
    )
}

/// The rows (0-based, after the header) of each column, by its header, whose cell is an
/// Excel number.
type NumberCells = HashMap<String, Vec<usize>>;

/// One table read and checked, with its number cells.
fn prepared(
    table: HouseholdTable,
    name: &str,
    bytes: &[u8],
    map: &UserMap,
    id_header: Option<&str>,
) -> Result<(Prepared, NumberCells), HouseholdFileError> {
    let (header, body) = cells(name, bytes)?;
    let batch = text_batch(&header, &body).map_err(|e| TableError::Unreadable {
        file: name.to_owned(),
        reason: e.to_string(),
    })?;
    let mut numbers = NumberCells::new();
    for (j, h) in header.iter().enumerate() {
        let rows: Vec<usize> = body
            .iter()
            .enumerate()
            .filter(|(_, row)| matches!(row.get(j), Some(Cell::Number(_))))
            .map(|(i, _)| i)
            .collect();
        if !rows.is_empty() && !h.trim().is_empty() {
            numbers.entry(h.trim().to_owned()).or_default().extend(rows);
        }
    }
    let read = prepare(
        table,
        batch.schema().as_ref(),
        std::slice::from_ref(&batch),
        map,
        Unknown::Ignore,
        id_header,
    )
    .map_err(|errors| HouseholdFileError::Columns {
        file: name.to_owned(),
        errors,
    })?;
    Ok((read, numbers))
}

/// The header (the first non-blank row) and the rows after it, as the file gives them.
fn cells(name: &str, bytes: &[u8]) -> Result<(Vec<String>, Vec<Vec<Cell>>), TableError> {
    let unreadable = |reason: String| TableError::Unreadable {
        file: name.to_owned(),
        reason,
    };
    let all: Vec<Vec<Cell>> = if excel::is_workbook(bytes) {
        excel::sheets(bytes)
            .map_err(unreadable)?
            .into_iter()
            .find(|sheet| sheet.iter().any(|row| !row.iter().all(Cell::is_blank)))
            .unwrap_or_default()
    } else if bytes.starts_with(b"PAR1") {
        let (header, rows) = parquet_file::table(bytes).map_err(unreadable)?;
        return Ok((header, rows));
    } else {
        let text = csv_text::decode(bytes);
        if html::is_html(&text) {
            html::rows(&text)
        } else {
            let mut rows = Vec::new();
            csv_text::rows(&text, |row| {
                rows.push(row);
                true
            });
            rows
        }
    };
    let mut rows = all
        .into_iter()
        .skip_while(|row| row.iter().all(Cell::is_blank));
    let header = rows
        .next()
        .ok_or_else(|| unreadable("the file has no header row".to_owned()))?
        .iter()
        .map(|c| text_of(c).unwrap_or_default())
        .collect();
    Ok((header, rows.collect()))
}

/// A cell as text: numbers as their shortest exact form (3000, 1200.5), dates as YYYY-MM-DD,
/// yes/no as true/false; blank cells are absent.
fn text_of(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Empty => None,
        Cell::Text(t) if t.trim().is_empty() => None,
        Cell::Text(t) => Some(t.clone()),
        Cell::Number(x) => Some(x.to_string()),
        Cell::Date(d) => Some(d.to_string()),
        Cell::Bool(b) => Some(b.to_string()),
    }
}

/// The rows as one batch of text columns, one per header cell (blank headers are left out).
fn text_batch(
    header: &[String],
    rows: &[Vec<Cell>],
) -> Result<RecordBatch, arrow_schema::ArrowError> {
    let mut fields = Vec::new();
    let mut columns: Vec<ArrayRef> = Vec::new();
    for (j, name) in header.iter().enumerate() {
        if name.trim().is_empty() {
            continue;
        }
        let mut b = StringBuilder::with_capacity(rows.len(), rows.len() * 8);
        for row in rows {
            match row.get(j).and_then(text_of) {
                Some(t) => b.append_value(t),
                None => b.append_null(),
            }
        }
        fields.push(Field::new(name.trim(), DataType::Utf8, true));
        columns.push(Arc::new(b.finish()));
    }
    let options = arrow_array::RecordBatchOptions::new().with_row_count(Some(rows.len()));
    RecordBatch::try_new_with_options(Arc::new(Schema::new(fields)), columns, &options)
}

/// Each row of a read table as a JSON object: dotted columns nested, empty cells left out.
fn rows(table: &Prepared) -> Vec<Map<String, Value>> {
    let mut out = Vec::new();
    for batch in &table.batches {
        let schema = batch.schema();
        for i in 0..batch.num_rows() {
            let mut row = Map::new();
            for (field, column) in schema.fields().iter().zip(batch.columns()) {
                if let Some(value) = json_cell(column.as_ref(), i) {
                    insert(&mut row, field.name(), value);
                }
            }
            out.push(row);
        }
    }
    out
}

/// Sets `a.b.c` in a nested object.
fn insert(row: &mut Map<String, Value>, dotted: &str, value: Value) {
    match dotted.split_once('.') {
        None => {
            row.insert(dotted.to_owned(), value);
        }
        Some((head, rest)) => {
            let child = row.entry(head).or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(inner) = child {
                insert(inner, rest, value);
            }
        }
    }
}

/// A cell of a read column as JSON: text as a string, yes/no as a boolean, whole numbers as
/// numbers, exact decimals as their text (money stays exact), dates as YYYY-MM-DD.
fn json_cell(a: &dyn Array, i: usize) -> Option<Value> {
    if a.is_null(i) {
        return None;
    }
    match a.data_type() {
        DataType::Boolean => Some(Value::Bool(a.as_boolean().value(i))),
        DataType::Decimal128(_, scale) => {
            let v = a.as_primitive_opt::<Decimal128Type>()?.value(i);
            let d = rust_decimal::Decimal::try_from_i128_with_scale(v, u32::try_from(*scale).ok()?)
                .ok()?;
            Some(Value::String(d.to_string()))
        }
        DataType::Date32 => {
            let days = a.as_primitive_opt::<Date32Type>()?.value(i);
            let date = chrono::NaiveDate::from_num_days_from_ce_opt(days.checked_add(719_163)?)?;
            Some(Value::String(date.format("%Y-%m-%d").to_string()))
        }
        _ => {
            if let Some(t) = text_value(a, i) {
                return Some(Value::String(t.to_owned()));
            }
            int_value(a, i).map(|v| match i64::try_from(v) {
                Ok(v) => Value::from(v),
                Err(_) => Value::String(v.to_string()),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUSEHOLDS: &str = "户编号,是否脱贫户,工资性收入,经营净收入,村名\n\
                              1001,是,12000,1500.5,新村\n\
                              1002,否,,,\n";
    const MEMBERS: &str = "户编号,成员编号,出生日期,劳动能力,是否参加医保,残疾等级\n\
                           1001,P1,1975-04-02,普通劳动力,是,\n\
                           1002,P1,1950-01-01,无劳动力,否,二级\n\
                           1001,P2,2012-09-01,普通劳动力,是,\n";

    #[test]
    fn an_offices_two_csv_files_make_nested_documents_in_file_order() {
        let docs = read_households(
            ("households.csv", HOUSEHOLDS.as_bytes()),
            Some(("members.csv", MEMBERS.as_bytes())),
            None,
            &UserMap::new(),
        )
        .unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(
            docs[0].value,
            serde_json::json!({
                "id": "1001",
                "poverty_alleviated": true,
                // 村名 is the village's column (the reader's aliases).
                "village_id": "新村",
                "income": {"wages": "12000", "business": "1500.5"},
                "members": [
                    {"id": "P1", "birth_date": "1975-04-02", "labor_capacity": "full", "medical_insured": true},
                    {"id": "P2", "birth_date": "2012-09-01", "labor_capacity": "full", "medical_insured": true}
                ]
            })
        );
        // 二级 is grade 2 (a whole number); 否 is false; the empty money cells are absent.
        assert_eq!(docs[1].value["members"][0]["disability"]["grade"], 2);
        assert_eq!(docs[1].value["members"][0]["medical_insured"], false);
        assert!(docs[1].value.get("income").is_none());
        assert!(docs.iter().all(|d| d.errors.is_empty()));
    }

    /// Excel keeps 15 significant digits: an 18-digit id number typed as a number has lost its
    /// last three (450205197208011023 is stored as 4.50205197208011e17). The member's id is an
    /// error at its place naming the limit, never a wrong id read as text.
    #[test]
    fn an_id_number_in_a_number_cell_is_an_error_at_its_path() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        let header = [
            "户编号",
            "成员编号",
            "出生日期",
            "劳动能力",
            "是否参加医保",
            "身份证号",
        ];
        for (c, h) in (0u16..).zip(header) {
            sheet.write_string(0, c, h).unwrap();
        }
        for (r, (hh, member, id)) in (1u32..).zip([
            ("1001", "P1", None),
            ("1001", "P2", Some(450_205_197_208_011_023_u64)),
            ("1002", "P1", None),
        ]) {
            for (c, text) in (0u16..).zip([hh, member, "1975-04-02", "普通劳动力", "是"]) {
                sheet.write_string(r, c, text).unwrap();
            }
            if let Some(id) = id {
                #[expect(clippy::cast_precision_loss, reason = "what Excel does")]
                sheet.write_number(r, 5, id as f64).unwrap();
            }
        }
        let members = book.save_to_buffer().unwrap();
        let docs = read_households(
            ("households.csv", HOUSEHOLDS.as_bytes()),
            Some(("members.xlsx", &members)),
            None,
            &UserMap::new(),
        )
        .unwrap();
        assert_eq!(docs[0].errors.len(), 1);
        let e = &docs[0].errors[0];
        assert_eq!(e.code().as_str(), "invalid_type");
        assert_eq!(e.path(), "/members/1/id_number");
        assert!(e.message_en().contains("15 significant digits"));
        assert!(e.message_zh().contains("15 位有效数字"));
        assert!(docs[0].value["members"][1].get("id_number").is_none());
        assert!(docs[1].errors.is_empty());
    }

    #[test]
    fn a_member_of_a_household_not_in_the_table_stops_the_run() {
        let members =
            "户编号,成员编号,出生日期,劳动能力,是否参加医保\n1003,P1,1975-04-02,普通劳动力,是\n";
        let err = read_households(
            ("households.csv", HOUSEHOLDS.as_bytes()),
            Some(("members.csv", members.as_bytes())),
            None,
            &UserMap::new(),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "members.csv: row 2 names household \"1003\", which is not in the households table (households.csv)"
        );
        assert!(err.message_zh().contains("第 2 行的户编号“1003”不在农户表"));
    }

    #[test]
    fn a_households_table_without_ids_is_a_column_error() {
        let err = read_households(
            ("households.csv", "是否脱贫户\n是\n".as_bytes()),
            None,
            None,
            &UserMap::new(),
        )
        .unwrap_err();
        let HouseholdFileError::Columns { file, errors } = &err else {
            panic!("{err}");
        };
        assert_eq!(file, "households.csv");
        assert_eq!(errors.list()[0].code().as_str(), "missing_field");
    }
}
