//! The warning list as tables (docs/reconcile.md#output-document, Tables): a signals table (one row
//! per signal, household-less ones last) and a changes table (`household_id` then the change's
//! fields). CSV is UTF-8 with a BOM, so Excel opens it; a cell starting with `=`, `+`, `-` or
//! `@` gets a leading `'` (no formula runs). XLSX has the sheets `signals`, `changes`, `summary`.

use std::io::{self, Write};

use hengjie::Stamp;
use hengjie::date::Date;
use hengjie::params::ParamRow;
use hengjie::reconcile::{Change, Document, RosterSummary, Signal, Summary, Tail};

use serde_json::Value;

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
    let text = |v: &Value| match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
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
        defused
    }
}

fn defuse(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
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
        out.push((format!("parameter.{}", p.name), p.value.clone()));
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
            std::iter::empty::<&Value>(),
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
}
