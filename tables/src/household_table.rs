//! An office's household export — households, members and hospital stays as flat tables with
//! Chinese headers and words (户编号, 劳动能力 普通劳动力, 是/否, B级, 二级) — read into the
//! contract's flat columns (`id`, `labor_capacity` `full`, `true`, `B`, `2`) before any row is
//! assessed. Headers and words are found through the one table of spellings
//! ([`crate::columns`]) and a user's map; the columns are checked once, for the whole table:
//! a missing required column, a float where money or an id is, a yes/no column with a word that
//! means neither, stop the table with one error per column. Nothing is decided here: a word
//! that is still not a contract word is left as it is, for the core to report at its row.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Int64Builder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use hengjie::error::escape_pointer_token;
use hengjie::labels::{HOUSEHOLD_FIELDS, Label};
use hengjie::{ErrorCode, ErrorDetail, Errors};

use crate::arrow_cells::{int_value, text_value};
use crate::columns::{
    CellKind, HouseholdColumn, HouseholdTable, household_column, household_columns,
    normalise_header, value_alias,
};

/// What to do with a column no field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unknown {
    /// Leave it out (the caller warns once, naming every such column).
    Ignore,
    /// Stop the table: `unknown_field`, one per column.
    Error,
}

/// A user's map: headers to column names, and per column (or per list of words) the words of
/// the export to the contract's.
#[derive(Debug, Clone, Default)]
pub struct UserMap {
    headers: HashMap<String, String>,
    values: HashMap<String, HashMap<String, String>>,
}

impl UserMap {
    /// No user entries: the built-in spellings only.
    pub fn new() -> Self {
        UserMap::default()
    }

    /// `header` (as written in the export) is the column `column` (`id`, `income.wages`, …).
    pub fn header(&mut self, header: &str, column: &str) {
        self.headers
            .insert(normalise_header(header), column.to_owned());
    }

    /// In column (or list of words) `key`, the export's `from` means the contract's `to`
    /// (`"true"`/`"false"` for a yes/no column).
    pub fn value(&mut self, key: &str, from: &str, to: &str) {
        self.values
            .entry(key.to_owned())
            .or_default()
            .insert(from.trim().to_owned(), to.to_owned());
    }

    fn word(&self, column: &HouseholdColumn, header: &str, text: &str) -> Option<&str> {
        let list = match column.kind {
            CellKind::Word(l) => Some(l),
            CellKind::Bool => Some("bool"),
            _ => None,
        };
        [Some(column.name), list, Some(header)]
            .into_iter()
            .flatten()
            .find_map(|k| self.values.get(k)?.get(text.trim()))
            .map(String::as_str)
    }
}

/// A table read: its batches with the contract's column names and types, and what was done.
#[derive(Debug)]
pub struct Prepared {
    pub schema: SchemaRef,
    pub batches: Vec<RecordBatch>,
    /// Columns no field takes, left out, as written.
    pub ignored: Vec<String>,
    /// (header as written, column name) of every column read.
    pub columns: Vec<(String, String)>,
}

/// The table's name in messages and error paths.
pub fn table_name(table: HouseholdTable) -> (&'static str, Label) {
    match table {
        HouseholdTable::Households => (
            "households",
            Label {
                zh: "户表",
                en: "households table",
            },
        ),
        HouseholdTable::Members => (
            "members",
            Label {
                zh: "成员表",
                en: "members table",
            },
        ),
        HouseholdTable::Hospitalizations => (
            "hospitalizations",
            Label {
                zh: "住院表",
                en: "hospital stays table",
            },
        ),
    }
}

/// Columns a table must have (the contract's required fields; `members` of the households
/// table may come as a table of its own).
fn required(table: HouseholdTable) -> &'static [&'static str] {
    match table {
        HouseholdTable::Households => &["id", "poverty_alleviated"],
        HouseholdTable::Members => &[
            "household_id",
            "id",
            "birth_date",
            "labor_capacity",
            "medical_insured",
        ],
        HouseholdTable::Hospitalizations => &["household_id", "person_id", "expense", "level"],
    }
}

/// Nested columns passed on as they are (a struct or list of the contract's shape).
fn nested(table: HouseholdTable) -> &'static [&'static str] {
    match table {
        HouseholdTable::Households => &[
            "income",
            "rigid_expenditure",
            "dibao",
            "monitoring",
            "credit",
            "members",
            "hospitalizations",
        ],
        HouseholdTable::Members => &["disability", "schooling", "employment"],
        HouseholdTable::Hospitalizations => &[],
    }
}

fn label_of(column: &HouseholdColumn) -> Label {
    HOUSEHOLD_FIELDS
        .iter()
        .find(|f| f.pattern == column.pattern)
        .map_or(
            Label {
                zh: column.name,
                en: column.name,
            },
            |f| f.label,
        )
}

/// One column's error: its code, the path `/<table>/<header>` and both messages.
fn column_error(
    table: HouseholdTable,
    header: &str,
    code: ErrorCode,
    en: String,
    zh: String,
) -> ErrorDetail {
    let (name, _) = table_name(table);
    ErrorDetail::new(
        code,
        format!("/{name}/{}", escape_pointer_token(header)),
        en,
        zh,
    )
}

/// What a column of a household table is read as.
enum Plan {
    Read(&'static HouseholdColumn),
    Nested,
}

/// Reads a household table: the columns found by header (the user's map first, then each
/// column's own name, its label and the built-in aliases), checked once; then every batch
/// converted. `id_header`: in a members or hospital stays table, the header the households
/// table's `id` column has — the column of that header is `household_id` here.
pub fn prepare(
    table: HouseholdTable,
    schema: &Schema,
    batches: &[RecordBatch],
    map: &UserMap,
    unknown: Unknown,
    id_header: Option<&str>,
) -> Result<Prepared, Errors> {
    let (_, tname) = table_name(table);
    let mut errors = Vec::new();
    let mut plans: Vec<Option<Plan>> = Vec::new();
    let mut ignored = Vec::new();
    let mut read: Vec<(String, String)> = Vec::new();
    let columns = household_columns(table);
    let any_table = |c: &str| {
        [
            HouseholdTable::Households,
            HouseholdTable::Members,
            HouseholdTable::Hospitalizations,
        ]
        .iter()
        .any(|t| household_columns(*t).iter().any(|x| x.name == c))
    };
    for field in schema.fields() {
        let header = field.name().as_str();
        let h = normalise_header(header);
        let by_user = map.headers.get(&h).or_else(|| map.headers.get(header));
        // (A header that is a column name of this table, such as `id`, is that column.)
        let id_of_households = table != HouseholdTable::Households
            && id_header.is_some_and(|i| normalise_header(i) == h)
            && !columns.iter().any(|c| c.name == h);
        let found = if id_of_households {
            columns.iter().find(|c| c.name == "household_id")
        } else if let Some(target) = by_user {
            match columns.iter().find(|c| c.name == target.as_str()) {
                Some(c) => Some(c),
                None if any_table(target) || nested(table).contains(&target.as_str()) => None,
                None => {
                    let names: Vec<&str> = columns.iter().map(|c| c.name).collect();
                    errors.push(column_error(
                        table,
                        header,
                        ErrorCode::InvalidValue,
                        format!(
                            "columns= maps \"{header}\" to \"{target}\", which is no column of any household table; the {} has {}.",
                            tname.en,
                            names.join(", ")
                        ),
                        format!(
                            "columns= 把“{header}”对应到“{target}”，但没有这一列；{}的列有：{}。",
                            tname.zh,
                            names.join("、")
                        ),
                    ));
                    plans.push(None);
                    continue;
                }
            }
        } else {
            household_column(table, header)
        };
        let plan = match found {
            Some(c) => {
                if let Some((first, _)) = read.iter().find(|(_, n)| n == c.name) {
                    let l = label_of(c);
                    errors.push(column_error(
                        table,
                        header,
                        ErrorCode::DuplicateKey,
                        format!(
                            "The {} has two columns for {} ({}): \"{first}\" and \"{header}\"; keep one, or map the other to another column with columns=.",
                            tname.en, l.en, c.name
                        ),
                        format!(
                            "{}有两列都是{}：“{first}”和“{header}”，请只保留一列，或用 columns= 指明另一列。",
                            tname.zh, l.zh
                        ),
                    ));
                    None
                } else {
                    read.push((header.to_owned(), c.name.to_owned()));
                    check_type(table, header, c, field.data_type(), &mut errors);
                    Some(Plan::Read(c))
                }
            }
            None if nested(table).contains(&header) => Some(Plan::Nested),
            None if field.data_type() == &DataType::Null => None,
            None => {
                match unknown {
                    Unknown::Ignore => ignored.push(header.to_owned()),
                    Unknown::Error => errors.push(column_error(
                        table,
                        header,
                        ErrorCode::UnknownField,
                        format!(
                            "The {} has a column \"{header}\" that no field takes; map it with columns=, or pass unknown=\"ignore\".",
                            tname.en
                        ),
                        format!(
                            "{}的“{header}”列不对应任何字段：请用 columns= 指明它是哪一列，或传入 unknown=\"ignore\"。",
                            tname.zh
                        ),
                    )),
                }
                None
            }
        };
        plans.push(plan);
    }
    for name in required(table) {
        let have = read.iter().any(|(_, n)| n == name)
            || (table == HouseholdTable::Households
                && schema.fields().iter().any(|f| f.name() == name));
        if !have {
            let Some(c) = columns.iter().find(|c| c.name == *name) else {
                continue;
            };
            let l = label_of(c);
            errors.push(column_error(
                table,
                name,
                ErrorCode::MissingField,
                format!(
                    "The {} has no column for {} ({name}); name the column that holds it with columns={{\"<header>\": \"{name}\"}}.",
                    tname.en, l.en
                ),
                format!(
                    "{}没有“{}”列（{name}）：请用 columns={{\"表头\": \"{name}\"}} 指明哪一列是{}。",
                    tname.zh, l.zh, l.zh
                ),
            ));
        }
    }
    // Cells: only a yes/no or a whole-number column can fail, once per column.
    let mut out_fields: Vec<Field> = Vec::new();
    let mut out_batches: Vec<Vec<ArrayRef>> = batches.iter().map(|_| Vec::new()).collect();
    for (k, (field, plan)) in schema.fields().iter().zip(&plans).enumerate() {
        let header = field.name().as_str();
        match plan {
            None => {}
            Some(Plan::Nested) => {
                out_fields.push(field.as_ref().clone());
                for (b, cols) in batches.iter().zip(out_batches.iter_mut()) {
                    if let Some(a) = b.columns().get(k) {
                        cols.push(Arc::clone(a));
                    }
                }
            }
            Some(Plan::Read(c)) => {
                let mut unread: Vec<String> = Vec::new();
                let mut data_type = None;
                for (b, cols) in batches.iter().zip(out_batches.iter_mut()) {
                    let Some(a) = b.columns().get(k) else {
                        continue;
                    };
                    let converted = convert(c, header, a, map, &mut unread);
                    data_type.get_or_insert_with(|| converted.data_type().clone());
                    cols.push(converted);
                }
                if !unread.is_empty() {
                    unread.sort();
                    unread.dedup();
                    errors.push(unread_error(table, header, c, &unread));
                }
                let dt = data_type.unwrap_or_else(|| field.data_type().clone());
                out_fields.push(Field::new(c.name, dt, true));
            }
        }
    }
    if !errors.is_empty() {
        return Err(Errors::new(errors));
    }
    let schema: SchemaRef = Arc::new(Schema::new(out_fields));
    let mut out = Vec::with_capacity(batches.len());
    for (b, cols) in batches.iter().zip(out_batches) {
        let options = arrow_array::RecordBatchOptions::new().with_row_count(Some(b.num_rows()));
        let batch = RecordBatch::try_new_with_options(Arc::clone(&schema), cols, &options)
            .map_err(|e| {
                Errors::one(ErrorDetail::new(
                    ErrorCode::InvalidType,
                    "",
                    format!("the table cannot be rebuilt: {e}"),
                    format!("无法重建这张表：{e}"),
                ))
            })?;
        out.push(batch);
    }
    Ok(Prepared {
        schema,
        batches: out,
        ignored,
        columns: read,
    })
}

/// A column whose Arrow type cannot hold its field: a float where money, an id or a date is;
/// a list or group where one value is.
fn check_type(
    table: HouseholdTable,
    header: &str,
    c: &HouseholdColumn,
    data_type: &DataType,
    errors: &mut Vec<ErrorDetail>,
) {
    let (_, tname) = table_name(table);
    let l = label_of(c);
    let data_type = match data_type {
        DataType::Dictionary(_, v) => v.as_ref(),
        d => d,
    };
    let float = matches!(
        data_type,
        DataType::Float16 | DataType::Float32 | DataType::Float64
    );
    let whole_number = matches!(c.kind, CellKind::Count | CellKind::Word("disability_grade"));
    if float && !whole_number {
        let why = match c.kind {
            CellKind::Money => (
                "floating-point numbers cannot hold money exactly",
                "浮点数无法精确表示金额",
            ),
            _ => (
                "a number read as floating point has lost what was written (leading zeros, long digits)",
                "读成浮点数后已经丢失了原来写的内容（开头的 0、较长的数字）",
            ),
        };
        errors.push(column_error(
            table,
            header,
            ErrorCode::InvalidType,
            format!(
                "Column \"{header}\" of the {} ({}) holds floating-point numbers: {}. Read the file with dtype=str, e.g. pd.read_csv(path, dtype=str).",
                tname.en, l.en, why.0
            ),
            format!(
                "{}的“{header}”列（{}）是浮点数：{}。请用 dtype=str 读取文件，例如 pd.read_csv(路径, dtype=str)。",
                tname.zh, l.zh, why.1
            ),
        ));
    } else if matches!(
        data_type,
        DataType::Struct(_)
            | DataType::List(_)
            | DataType::LargeList(_)
            | DataType::Map(_, _)
            | DataType::Binary
            | DataType::LargeBinary
    ) {
        errors.push(column_error(
            table,
            header,
            ErrorCode::InvalidType,
            format!(
                "Column \"{header}\" of the {} ({}) holds lists or groups; it should hold one value per row.",
                tname.en, l.en
            ),
            format!(
                "{}的“{header}”列（{}）每行应只有一个值，现在是列表或一组值。",
                tname.zh, l.zh
            ),
        ));
    }
}

fn unread_error(
    table: HouseholdTable,
    header: &str,
    c: &HouseholdColumn,
    unread: &[String],
) -> ErrorDetail {
    let (_, tname) = table_name(table);
    let l = label_of(c);
    let shown: Vec<&str> = unread.iter().take(5).map(String::as_str).collect();
    let more = if unread.len() > 5 { "…" } else { "" };
    let (want_en, want_zh, example) = match c.kind {
        CellKind::Bool => ("yes or no (是/否)", "是或否", "True"),
        _ => ("whole numbers", "整数", "2"),
    };
    ErrorDetail::new(
        ErrorCode::InvalidValue,
        format!("/{}/{}", table_name(table).0, escape_pointer_token(header)),
        format!(
            "Column \"{header}\" of the {} ({}) should hold {want_en}; these cannot be read: {}{more}. Say what they mean with values={{\"{}\": {{\"{}\": {example}}}}}.",
            tname.en,
            l.en,
            shown.join(", "),
            c.name,
            shown.first().copied().unwrap_or_default()
        ),
        format!(
            "{}的“{header}”列（{}）应填{want_zh}，以下取值无法识别：{}{more}。请用 values={{\"{}\": {{\"{}\": {example}}}}} 说明它们的意思。",
            tname.zh,
            l.zh,
            shown.join("、"),
            c.name,
            shown.first().copied().unwrap_or_default()
        ),
    )
}

fn is_text(d: &DataType) -> bool {
    matches!(d, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View)
}

fn is_int(d: &DataType) -> bool {
    d.is_integer()
}

fn float_at(a: &dyn Array, i: usize) -> Option<f64> {
    use arrow_array::types::{Float32Type, Float64Type};
    match a.data_type() {
        DataType::Float64 => a.as_primitive_opt::<Float64Type>().map(|p| p.value(i)),
        DataType::Float32 => a
            .as_primitive_opt::<Float32Type>()
            .map(|p| f64::from(p.value(i))),
        _ => None,
    }
}

/// Whether a text cell is already what the contract reads (so the column needs no rewriting).
fn plain(kind: CellKind, t: &str) -> bool {
    let b = t.as_bytes();
    match kind {
        CellKind::Money => {
            !b.is_empty()
                && b.iter()
                    .all(|x| x.is_ascii_digit() || *x == b'.' || *x == b'-')
        }
        CellKind::Date => {
            b.len() == 10
                && b.iter().enumerate().all(|(i, x)| {
                    if i == 4 || i == 7 {
                        *x == b'-'
                    } else {
                        x.is_ascii_digit()
                    }
                })
        }
        CellKind::Word(list) => {
            hengjie::labels::word_list(list).is_some_and(|l| l.words.iter().any(|w| w.word == t))
        }
        _ => true,
    }
}

/// One column converted to the contract's type; a cell a yes/no or whole-number column cannot
/// read is added to `unread` (and left null).
fn convert(
    c: &HouseholdColumn,
    header: &str,
    a: &ArrayRef,
    map: &UserMap,
    unread: &mut Vec<String>,
) -> ArrayRef {
    let decoded;
    let a: &ArrayRef = if let DataType::Dictionary(_, values) = a.data_type() {
        decoded = arrow_cast::cast(a.as_ref(), values).unwrap_or_else(|_| Arc::clone(a));
        &decoded
    } else {
        a
    };
    let dt = a.data_type();
    let n = a.len();
    let pattern = c.pattern;
    match c.kind {
        CellKind::Id | CellKind::Money | CellKind::Date | CellKind::Word(_)
            if c.kind != CellKind::Word("disability_grade") =>
        {
            if is_text(dt) {
                // Ids as they are; other text only where a cell is not already the contract's
                // (most tables: no copy at all).
                if c.kind == CellKind::Id
                    || (0..n).all(|i| text_value(a.as_ref(), i).is_none_or(|t| plain(c.kind, t)))
                {
                    return Arc::clone(a);
                }
                let mut b = StringBuilder::with_capacity(n, n * 8);
                for i in 0..n {
                    match text_value(a.as_ref(), i) {
                        None => b.append_null(),
                        Some(t) => {
                            let t = hengjie::normalize::field_text(t, pattern);
                            let word = match c.kind {
                                CellKind::Word(list) => map
                                    .word(c, header, &t)
                                    .map(str::to_owned)
                                    .or_else(|| value_alias(list, &t).map(str::to_owned)),
                                _ => None,
                            };
                            b.append_value(word.as_deref().unwrap_or(&t));
                        }
                    }
                }
                Arc::new(b.finish())
            } else if c.kind == CellKind::Id && is_int(dt) {
                let mut b = StringBuilder::with_capacity(n, n * 8);
                for i in 0..n {
                    match (a.is_null(i), int_value(a.as_ref(), i)) {
                        (false, Some(v)) => b.append_value(v.to_string()),
                        _ => b.append_null(),
                    }
                }
                Arc::new(b.finish())
            } else {
                Arc::clone(a)
            }
        }
        CellKind::Bool => {
            if dt == &DataType::Boolean {
                return Arc::clone(a);
            }
            let mut b = BooleanBuilder::with_capacity(n);
            for i in 0..n {
                if a.is_null(i) {
                    b.append_null();
                    continue;
                }
                let text = if is_text(dt) {
                    text_value(a.as_ref(), i).map(str::to_owned)
                } else {
                    int_value(a.as_ref(), i)
                        .map(|v| v.to_string())
                        .or_else(|| float_at(a.as_ref(), i).map(|f| f.to_string()))
                };
                let Some(text) = text else {
                    b.append_null();
                    continue;
                };
                let word = map
                    .word(c, header, &text)
                    .map(str::to_owned)
                    .or_else(|| value_alias("bool", &text).map(str::to_owned));
                match word.as_deref() {
                    Some("true") => b.append_value(true),
                    Some("false") => b.append_value(false),
                    _ => {
                        unread.push(text);
                        b.append_null();
                    }
                }
            }
            Arc::new(b.finish())
        }
        _ => {
            // Whole numbers: counts and the disability grade.
            if is_int(dt) {
                return Arc::clone(a);
            }
            let mut b = Int64Builder::with_capacity(n);
            for i in 0..n {
                if a.is_null(i) {
                    b.append_null();
                    continue;
                }
                if let Some(f) = float_at(a.as_ref(), i) {
                    if f.is_nan() {
                        b.append_null();
                    } else if f.fract() == 0.0 && f.abs() < 1e15 {
                        #[expect(
                            clippy::cast_possible_truncation,
                            reason = "a whole number below 1e15"
                        )]
                        b.append_value(f as i64);
                    } else {
                        unread.push(f.to_string());
                        b.append_null();
                    }
                    continue;
                }
                let Some(t) = text_value(a.as_ref(), i) else {
                    b.append_null();
                    continue;
                };
                let t = hengjie::normalize::field_text(t, pattern);
                let word = match c.kind {
                    CellKind::Word(list) => map
                        .word(c, header, &t)
                        .map(str::to_owned)
                        .or_else(|| value_alias(list, &t).map(str::to_owned)),
                    _ => None,
                };
                match word.as_deref().unwrap_or(&t).parse::<i64>() {
                    Ok(v) => b.append_value(v),
                    Err(_) => {
                        unread.push(t.clone());
                        b.append_null();
                    }
                }
            }
            Arc::new(b.finish())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{Float64Array, Int64Array, StringArray};

    fn batch(columns: Vec<(&str, ArrayRef)>) -> RecordBatch {
        RecordBatch::try_from_iter(columns).unwrap()
    }

    fn texts(v: &[Option<&str>]) -> ArrayRef {
        Arc::new(StringArray::from(v.to_vec()))
    }

    #[test]
    fn an_export_reads_as_the_contract_s_columns() {
        let members = batch(vec![
            (
                "户编号",
                Arc::new(Int64Array::from(vec![1001, 1001])) as ArrayRef,
            ),
            ("成员编号", texts(&[Some("1"), Some("2")])),
            ("姓名", texts(&[Some("张三"), Some("李四")])),
            ("出生日期", texts(&[Some("1980/5/1"), Some("2010年3月5日")])),
            ("劳动能力", texts(&[Some("普通劳动力"), Some("丧失劳动力")])),
            ("是否参加医保", texts(&[Some("是"), Some("否")])),
            ("残疾等级", texts(&[None, Some("二级")])),
        ]);
        let p = prepare(
            HouseholdTable::Members,
            &members.schema(),
            &[members],
            &UserMap::new(),
            Unknown::Ignore,
            None,
        )
        .unwrap();
        assert_eq!(p.ignored, vec!["姓名".to_owned()]);
        let b = &p.batches[0];
        let col = |name: &str| b.column_by_name(name).unwrap().clone();
        let s = |name: &str, i: usize| col(name).as_string::<i32>().value(i).to_owned();
        assert_eq!(s("household_id", 0), "1001");
        assert_eq!(s("birth_date", 0), "1980-05-01");
        assert_eq!(s("birth_date", 1), "2010-03-05");
        assert_eq!(s("labor_capacity", 0), "full");
        assert_eq!(s("labor_capacity", 1), "none");
        let insured = col("medical_insured");
        assert!(insured.as_boolean().value(0) && !insured.as_boolean().value(1));
        let grade = col("disability.grade");
        let grade = grade.as_primitive::<arrow_array::types::Int64Type>();
        assert!(grade.is_null(0));
        assert_eq!(grade.value(1), 2);
    }

    #[test]
    fn columns_are_checked_once_before_any_row() {
        let households = batch(vec![
            ("户号X", texts(&[Some("H1"), Some("H2")])),
            ("是否脱贫户", texts(&[Some("是"), Some("也许")])),
            (
                "工资性收入",
                Arc::new(Float64Array::from(vec![1200.5, 800.0])) as ArrayRef,
            ),
        ]);
        let e = prepare(
            HouseholdTable::Households,
            &households.schema(),
            std::slice::from_ref(&households),
            &UserMap::new(),
            Unknown::Error,
            None,
        )
        .unwrap_err();
        let got: Vec<(&str, &str)> = e
            .list()
            .iter()
            .map(|e| (e.code().as_str(), e.path()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("missing_field", "/households/id"),
                ("invalid_type", "/households/工资性收入"),
                ("unknown_field", "/households/户号X"),
                ("invalid_value", "/households/是否脱贫户"),
            ]
        );
        let float = e
            .list()
            .iter()
            .find(|e| e.path().ends_with("收入"))
            .unwrap();
        assert!(
            float.message_en().contains("dtype=str"),
            "{}",
            float.message_en()
        );
        assert!(float.message_zh().contains("dtype=str"));
        let word = e.list().iter().find(|e| e.path().ends_with("户")).unwrap();
        assert!(word.message_zh().contains("也许"), "{}", word.message_zh());
        // A user's map makes the same table readable.
        let mut map = UserMap::new();
        map.header("户号X", "id");
        map.value("poverty_alleviated", "也许", "false");
        let ok = batch(vec![
            ("户号X", texts(&[Some("H1"), Some("H2")])),
            ("是否脱贫户", texts(&[Some("是"), Some("也许")])),
        ]);
        let p = prepare(
            HouseholdTable::Households,
            &ok.schema(),
            &[ok],
            &map,
            Unknown::Error,
            None,
        )
        .unwrap();
        let alleviated = p.batches[0]
            .column_by_name("poverty_alleviated")
            .unwrap()
            .as_boolean()
            .clone();
        assert!(alleviated.value(0) && !alleviated.value(1));
        // In a members table, the households' id header names the household.
        let members = batch(vec![
            ("户号X", texts(&[Some("H1")])),
            ("成员编号", texts(&[Some("P1")])),
        ]);
        let p = prepare(
            HouseholdTable::Members,
            &members.schema(),
            &[members],
            &map,
            Unknown::Ignore,
            Some("户号X"),
        );
        let e = p.unwrap_err();
        assert!(
            e.list()
                .iter()
                .all(|e| e.code() == ErrorCode::MissingField && e.path() != "/members/household_id")
        );
    }
}
