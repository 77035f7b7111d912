//! The warning list as tables (docs/reconcile.md#output-document, Tables): a signals table (one row
//! per signal, household-less ones last) and a changes table (`household_id` then the change's
//! fields). CSV is UTF-8 with a BOM, so Excel opens it; a cell starting with `=`, `+`, `-` or
//! `@` gets a leading `'` (no formula runs). XLSX has the sheets `signals`, `changes`, `summary`.

use std::borrow::Cow;
use std::io::{self, Write};

use hengjie::Stamp;
use hengjie::date::Date;
use hengjie::params::ParamRow;
use hengjie::reconcile::{Change, Document, RosterSummary, Signal, Summary, Tail};

use rust_decimal::Decimal;

/// The signals table's columns.
pub const SIGNAL_COLUMNS: [&str; 13] = [
    "code",
    "severity",
    "action",
    "kind",
    "household_id",
    "person_id",
    "file",
    "row",
    "declared",
    "roster",
    "clause",
    "message_zh",
    "message_en",
];

/// The changes table's columns.
pub const CHANGE_COLUMNS: [&str; 5] = [
    "household_id",
    "decision",
    "person_id",
    "declared",
    "reconciled",
];

/// A signal as its table row.
pub fn signal_row(s: &Signal) -> [String; 13] {
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    [
        s.code.as_str().to_owned(),
        s.severity.as_str().to_owned(),
        s.action.as_str().to_owned(),
        s.kind.to_owned(),
        opt(&s.household_id),
        opt(&s.person_id),
        opt(&s.file),
        s.row.map(|r| r.to_string()).unwrap_or_default(),
        opt(&s.declared),
        opt(&s.roster),
        s.clause.to_owned(),
        s.message_zh.clone(),
        s.message_en.clone(),
    ]
}

/// A change as its table row: strings as themselves, null empty, anything else as JSON.
pub fn change_row(household_id: &str, c: &Change) -> [String; 5] {
    let text = |v: &hengjie::json::Value| match v {
        hengjie::json::Value::Null => String::new(),
        hengjie::json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    [
        household_id.to_owned(),
        c.decision.to_owned(),
        c.person_id.clone().unwrap_or_default(),
        text(&c.declared),
        text(&c.reconciled),
    ]
}

/// A CSV writer: UTF-8 with BOM, comma, CRLF, fields quoted when needed, formulas defused.
#[derive(Debug)]
pub struct CsvWriter<W: Write> {
    out: W,
}

impl<W: Write> CsvWriter<W> {
    /// Writes the BOM and the header row.
    pub fn new(mut out: W, header: &[&str]) -> io::Result<Self> {
        out.write_all(b"\xEF\xBB\xBF")?;
        let mut w = CsvWriter { out };
        w.row(header)?;
        Ok(w)
    }

    /// Writes one row.
    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) -> io::Result<()> {
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                self.out.write_all(b",")?;
            }
            self.out.write_all(csv_cell(cell.as_ref()).as_bytes())?;
        }
        self.out.write_all(b"\r\n")
    }

    /// Flushes and gives the writer back.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

/// A cell as CSV text: a leading `=`, `+`, `-` or `@` defused with `'`; quoted when it holds a
/// comma, a quote or a line break.
pub fn csv_cell(text: &str) -> String {
    let defused = defuse(text);
    if defused.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused.into_owned()
    }
}

fn defuse(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// With its `constant_memory` feature (which [`TableXlsx`] uses for speed), rust_xlsxwriter opens a
/// temporary file in [`std::env::temp_dir`] for every worksheet, and panics when it cannot. Each
/// writer checks first, so that an unwritable temporary folder is an error naming the folder,
/// never a panic in the host (the command line, Python).
fn temp_folder_writable() -> Result<(), String> {
    let dir = std::env::temp_dir();
    tempfile::tempfile_in(&dir).map(drop).map_err(|e| {
        format!(
            "cannot write an XLSX file: no temporary file can be made in {} ({e}); set TMPDIR to a writable folder",
            dir.display()
        )
    })
}

/// The whole warning list as an XLSX workbook (sheets `signals`, `changes`, `summary`); the
/// summary sheet holds `summary` (see [`summary_rows`]).
pub fn xlsx(
    signals: &[Signal],
    changes: &[(String, Change)],
    summary: &[(String, String)],
) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| e.to_string();
    temp_folder_writable()?;
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let cell_row = |i: usize| u32::try_from(i + 1).unwrap_or(u32::MAX);
    {
        let sheet = book.add_worksheet().set_name("signals").map_err(err)?;
        for (c, name) in (0u16..).zip(SIGNAL_COLUMNS) {
            sheet
                .write_string_with_format(0, c, name, &bold)
                .map_err(err)?;
        }
        for (i, s) in signals.iter().enumerate() {
            for (c, text) in (0u16..).zip(signal_row(s)) {
                sheet
                    .write_string(cell_row(i), c, defuse(&text))
                    .map_err(err)?;
            }
        }
    }
    {
        let sheet = book.add_worksheet().set_name("changes").map_err(err)?;
        for (c, name) in (0u16..).zip(CHANGE_COLUMNS) {
            sheet
                .write_string_with_format(0, c, name, &bold)
                .map_err(err)?;
        }
        for (i, (id, change)) in changes.iter().enumerate() {
            for (c, text) in (0u16..).zip(change_row(id, change)) {
                sheet
                    .write_string(cell_row(i), c, defuse(&text))
                    .map_err(err)?;
            }
        }
    }
    {
        let sheet = book.add_worksheet().set_name("summary").map_err(err)?;
        for (i, (key, value)) in summary.iter().enumerate() {
            let r = u32::try_from(i).unwrap_or(u32::MAX);
            sheet.write_string(r, 0, key).map_err(err)?;
            sheet.write_string(r, 1, value).map_err(err)?;
        }
    }
    book.save_to_buffer().map_err(err)
}

/// A typed cell of a general table ([`TableXlsx`], [`CsvWriter::typed_row`]).
#[derive(Debug, Clone, PartialEq)]
pub enum TypedCell<'a> {
    /// An empty cell.
    Empty,
    /// Text, written as it is (a leading `=`, `+`, `-` or `@` is defused).
    Text(Cow<'a, str>),
    /// An integer: a number in XLSX when Excel holds it exactly (|n| < 10^15), else text.
    Int(i64),
    /// An exact decimal (money): a number in XLSX when it has at most 15 significant digits (a
    /// double then gives back exactly its digits, so nothing is rounded), else its text; shown
    /// with its scale's places (`0.00`). Always its exact text in CSV.
    Decimal(Decimal),
    /// A yes/no cell, written with the table's words ([`Words`]).
    Bool(bool),
}

/// The words a general table writes for booleans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Words<'a> {
    pub yes: &'a str,
    pub no: &'a str,
}

/// Excel's limits: rows per sheet (the header included) and exact integers in a double shown
/// with 15 digits.
const XLSX_MAX_ROWS: usize = 1_048_576;
const EXACT_DIGITS: u64 = 1_000_000_000_000_000;

/// The decimal as an `f64` that gives its exact digits back, when it has at most 15
/// significant digits (the nearest double of such a decimal prints as that decimal).
fn exact_f64(d: &Decimal) -> Option<f64> {
    if d.mantissa().unsigned_abs() >= u128::from(EXACT_DIGITS) {
        return None;
    }
    d.to_string().parse::<f64>().ok()
}

impl<W: Write> CsvWriter<W> {
    /// Writes one row of typed cells: text defused and quoted as [`csv_cell`] does, numbers and
    /// decimals as their exact text (a negative number is not a formula), booleans as `words`.
    pub fn typed_row(&mut self, cells: &[TypedCell<'_>], words: Words<'_>) -> io::Result<()> {
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                self.out.write_all(b",")?;
            }
            match cell {
                TypedCell::Empty => {}
                TypedCell::Text(t) => self.out.write_all(csv_cell(t).as_bytes())?,
                TypedCell::Int(n) => write!(self.out, "{n}")?,
                TypedCell::Decimal(d) => write!(self.out, "{d}")?,
                TypedCell::Bool(b) => {
                    let word = if *b { words.yes } else { words.no };
                    self.out.write_all(csv_cell(word).as_bytes())?;
                }
            }
        }
        self.out.write_all(b"\r\n")
    }
}

/// A general XLSX workbook of tables, one sheet each: a bold, frozen header row with a filter,
/// then rows of [`TypedCell`]s.
pub struct TableXlsx {
    book: rust_xlsxwriter::Workbook,
}

impl std::fmt::Debug for TableXlsx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TableXlsx")
    }
}

/// One sheet being written ([`TableXlsx::sheet`]); [`TableSheet::finish`] adds it to the book.
pub struct TableSheet<'w> {
    sheet: rust_xlsxwriter::Worksheet,
    columns: u16,
    rows: u32,
    widths: Vec<usize>,
    words: Words<'w>,
    places: Vec<Option<rust_xlsxwriter::Format>>,
}

impl std::fmt::Debug for TableSheet<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TableSheet")
            .field("columns", &self.columns)
            .field("rows", &self.rows)
            .finish_non_exhaustive()
    }
}

fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> String {
    e.to_string()
}

/// The width of a text in Excel's character units (a CJK character counts two).
fn text_width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

impl Default for TableXlsx {
    fn default() -> Self {
        Self::new()
    }
}

impl TableXlsx {
    /// An empty workbook.
    pub fn new() -> Self {
        TableXlsx {
            book: rust_xlsxwriter::Workbook::new(),
        }
    }

    /// Starts a sheet named `name` with its header row. The sheet is in rust_xlsxwriter's
    /// constant-memory mode: each row goes to a temporary file as soon as the next one starts,
    /// and text is written inline in the cell (no shared-string table), so rows are written
    /// in order only, which [`TableSheet::row`] does.
    pub fn sheet<'w>(
        &mut self,
        name: &str,
        header: &[&str],
        words: Words<'w>,
    ) -> Result<TableSheet<'w>, String> {
        use rust_xlsxwriter::Format;
        let columns = u16::try_from(header.len())
            .ok()
            .filter(|&n| n <= 16_384)
            .ok_or_else(|| format!("{} columns: a sheet holds at most 16384", header.len()))?;
        temp_folder_writable()?;
        let mut sheet = self.book.new_worksheet_with_constant_memory();
        sheet.set_name(name).map_err(xlsx_err)?;
        let bold = Format::new().set_bold();
        for (c, text) in (0u16..).zip(header) {
            sheet
                .write_string_with_format(0, c, *text, &bold)
                .map_err(xlsx_err)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(xlsx_err)?;
        Ok(TableSheet {
            sheet,
            columns,
            rows: 0,
            widths: header.iter().map(|h| text_width(h)).collect(),
            words,
            places: vec![None; header.len()],
        })
    }

    /// Adds a finished sheet.
    pub fn push(&mut self, sheet: TableSheet<'_>) -> Result<(), String> {
        let mut s = sheet.sheet;
        let last_col = sheet.columns.saturating_sub(1);
        if sheet.columns > 0 {
            s.autofilter(0, 0, sheet.rows, last_col).map_err(xlsx_err)?;
        }
        for (c, w) in (0u16..).zip(&sheet.widths) {
            // Between 6 and 40 characters wide; the width is in character units.
            let width = u32::try_from((*w).clamp(6, 40) + 2).unwrap_or(42);
            s.set_column_width(c, width).map_err(xlsx_err)?;
        }
        self.book.push_worksheet(s);
        Ok(())
    }

    /// The workbook's bytes.
    pub fn finish(mut self) -> Result<Vec<u8>, String> {
        self.book.save_to_buffer().map_err(xlsx_err)
    }

    /// Writes the workbook to a file.
    pub fn save(mut self, path: &std::path::Path) -> Result<(), String> {
        self.book.save(path).map_err(xlsx_err)
    }
}

impl TableSheet<'_> {
    /// Writes the next row (at most as many cells as the header has columns).
    pub fn row(&mut self, cells: &[TypedCell<'_>]) -> Result<(), String> {
        if self.rows as usize + 1 >= XLSX_MAX_ROWS {
            return Err(format!(
                "more than {} rows: an XLSX sheet holds at most {XLSX_MAX_ROWS} (write CSV instead)",
                XLSX_MAX_ROWS - 1
            ));
        }
        self.rows += 1;
        let r = self.rows;
        for (c, cell) in (0u16..self.columns).zip(cells) {
            let width = match cell {
                TypedCell::Empty => 0,
                TypedCell::Text(t) => {
                    let t = defuse(t);
                    let width = text_width(&t);
                    self.sheet
                        .write_string(r, c, t.into_owned())
                        .map_err(xlsx_err)?;
                    width
                }
                TypedCell::Int(n) => {
                    if n.unsigned_abs() < EXACT_DIGITS {
                        #[allow(clippy::cast_precision_loss)] // exact below 10^15
                        self.sheet.write_number(r, c, *n as f64).map_err(xlsx_err)?;
                    } else {
                        self.sheet
                            .write_string(r, c, n.to_string())
                            .map_err(xlsx_err)?;
                    }
                    0
                }
                TypedCell::Decimal(d) => {
                    match exact_f64(d) {
                        Some(x) => {
                            let i = usize::from(c);
                            if let Some(slot @ None) = self.places.get_mut(i) {
                                *slot = Some(places_format(d.scale()));
                            }
                            match self.places.get(i).and_then(Option::as_ref) {
                                Some(f) => self.sheet.write_number_with_format(r, c, x, f),
                                None => self.sheet.write_number(r, c, x),
                            }
                            .map_err(xlsx_err)?;
                        }
                        None => {
                            self.sheet
                                .write_string(r, c, d.to_string())
                                .map_err(xlsx_err)?;
                        }
                    }
                    0
                }
                TypedCell::Bool(b) => {
                    let word = if *b { self.words.yes } else { self.words.no };
                    self.sheet.write_string(r, c, word).map_err(xlsx_err)?;
                    text_width(word)
                }
            };
            if let Some(w) = self.widths.get_mut(usize::from(c))
                && width > *w
            {
                *w = width;
            }
        }
        Ok(())
    }
}

/// The number format of decimals with `scale` places (`0.00` for 2).
fn places_format(scale: u32) -> rust_xlsxwriter::Format {
    let pattern = if scale == 0 {
        "0".to_owned()
    } else {
        format!("0.{}", "0".repeat(scale as usize))
    };
    rust_xlsxwriter::Format::new().set_num_format(pattern)
}

/// The summary sheet of a run as (key, value) rows: the date, what produced it (engine, rules,
/// policy digest), each roster's counts, the household counts, the parameters read.
pub fn summary_rows(tail: &Tail) -> Vec<(String, String)> {
    rows(
        tail.as_of,
        &tail.provenance,
        &tail.rosters,
        &tail.summary,
        &tail.parameters,
    )
}

/// The same rows from a whole document (the Python door holds one).
pub fn document_summary_rows(doc: &Document) -> Vec<(String, String)> {
    rows(
        doc.as_of,
        &doc.provenance,
        &doc.rosters,
        &doc.summary,
        &doc.parameters,
    )
}

fn rows(
    as_of: Date,
    provenance: &Stamp,
    rosters: &[RosterSummary],
    s: &Summary,
    parameters: &[ParamRow],
) -> Vec<(String, String)> {
    let mut out = vec![
        ("as_of".to_owned(), as_of.to_string()),
        ("provenance.engine".to_owned(), provenance.engine.clone()),
        ("provenance.rules".to_owned(), provenance.rules.clone()),
        (
            "provenance.policy.digest".to_owned(),
            provenance.policy.digest.clone(),
        ),
    ];
    for r in rosters {
        let k = r.kind.as_str();
        let files: Vec<&str> = r.files.iter().map(|f| f.as_deref().unwrap_or("")).collect();
        out.push((format!("rosters.{k}.files"), files.join("; ")));
        out.push((format!("rosters.{k}.rows"), r.rows.to_string()));
        out.push((format!("rosters.{k}.matched"), r.matched.to_string()));
        out.push((format!("rosters.{k}.invalid"), r.invalid.to_string()));
        out.push((format!("rosters.{k}.duplicates"), r.duplicates.to_string()));
    }
    out.push(("households".to_owned(), s.households.to_string()));
    out.push(("failed".to_owned(), s.failed.to_string()));
    out.push(("with_signals".to_owned(), s.with_signals.to_string()));
    out.push(("with_changes".to_owned(), s.with_changes.to_string()));
    out.push(("red".to_owned(), s.by_severity.red.to_string()));
    out.push(("orange".to_owned(), s.by_severity.orange.to_string()));
    out.push(("yellow".to_owned(), s.by_severity.yellow.to_string()));
    for (code, n) in &s.by_code {
        out.push((format!("by_code.{code}"), n.to_string()));
    }
    for p in parameters {
        out.push((format!("parameter.{}", p.name), p.value.to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_defused() {
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("=1+1"), "'=1+1");
        assert_eq!(csv_cell("-3"), "'-3");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        let w = CsvWriter::new(Vec::new(), &["a", "b"]).unwrap();
        assert_eq!(w.finish().unwrap(), b"\xEF\xBB\xBFa,b\r\n");
    }

    #[test]
    fn the_summary_sheet_says_what_produced_it() {
        let policy = hengjie::Policy::default();
        let as_of = hengjie::api::parse_as_of("2021-06-30").unwrap();
        let doc = hengjie::reconcile::reconcile_values(
            std::iter::empty::<&serde_json::Value>(),
            hengjie::reconcile::Rosters::new(),
            as_of,
            &policy,
        )
        .unwrap();
        let rows = document_summary_rows(&doc);
        let keys: Vec<&str> = rows.iter().take(4).map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            [
                "as_of",
                "provenance.engine",
                "provenance.rules",
                "provenance.policy.digest"
            ]
        );
        assert_eq!(rows[0].1, "2021-06-30");
        assert_eq!(rows[2].1, hengjie::RULES_VERSION);
        assert_eq!(rows[3].1, policy.digest());
        assert_eq!(rows.iter().find(|(k, _)| k == "households").unwrap().1, "0");
    }

    #[test]
    fn the_warning_list_workbook_reads_back() {
        use calamine::{Data, Reader, Xlsx};
        let summary = [
            ("households".to_owned(), "2".to_owned()),
            ("note".to_owned(), "=1+1".to_owned()),
        ];
        let bytes = xlsx(&[], &[], &summary).unwrap();
        let mut x: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(x.sheet_names(), ["signals", "changes", "summary"]);
        let signals = x.worksheet_range("signals").unwrap();
        assert_eq!(signals.get((0, 0)), Some(&Data::String("code".into())));
        assert_eq!(
            signals.get((0, 12)),
            Some(&Data::String("message_en".into()))
        );
        let range = x.worksheet_range("summary").unwrap();
        let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
        assert_eq!(
            rows,
            [
                [Data::String("households".into()), Data::String("2".into())],
                // The summary sheet writes values as they are (no defusing there).
                [Data::String("note".into()), Data::String("=1+1".into())],
            ]
        );
    }

    #[test]
    fn a_general_table_keeps_money_exact_and_writes_words() {
        use calamine::{Data, Reader, Xlsx};
        let words = Words {
            yes: "是",
            no: "否",
        };
        let mut book = TableXlsx::new();
        let mut sheet = book
            .sheet("结果", &["村编号", "低保金", "人数", "纳入监测"], words)
            .unwrap();
        let dec = |s: &str| TypedCell::Decimal(s.parse().unwrap());
        sheet
            .row(&[
                TypedCell::Text("=V1".into()),
                dec("83.30"),
                TypedCell::Int(3),
                TypedCell::Bool(true),
            ])
            .unwrap();
        // 16 significant digits: a double cannot hold them, so the cell is the exact text.
        sheet
            .row(&[
                TypedCell::Empty,
                dec("12345678901234.56"),
                TypedCell::Int(-2),
                TypedCell::Bool(false),
            ])
            .unwrap();
        book.push(sheet).unwrap();
        let bytes = book.finish().unwrap();
        let mut x: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let range = x.worksheet_range("结果").unwrap();
        let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
        assert_eq!(rows[0][0], Data::String("村编号".into()));
        assert_eq!(rows[1][0], Data::String("'=V1".into()));
        assert_eq!(rows[1][1], Data::Float(83.3));
        assert_eq!(rows[1][2], Data::Float(3.0));
        assert_eq!(rows[1][3], Data::String("是".into()));
        assert_eq!(rows[2][0], Data::Empty);
        assert_eq!(rows[2][1], Data::String("12345678901234.56".into()));
        assert_eq!(rows[2][2], Data::Float(-2.0));
        assert_eq!(rows[2][3], Data::String("否".into()));

        let mut w = CsvWriter::new(Vec::new(), &["a", "b", "c", "d"]).unwrap();
        w.typed_row(
            &[
                TypedCell::Text("-x".into()),
                dec("-0.50"),
                TypedCell::Int(-2),
                TypedCell::Bool(false),
            ],
            words,
        )
        .unwrap();
        let text = String::from_utf8(w.finish().unwrap()).unwrap();
        assert_eq!(text, "\u{feff}a,b,c,d\r\n'-x,-0.50,-2,否\r\n");
    }
}
