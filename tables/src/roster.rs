//! A roster file (or in-memory table) into the core's [`Rosters`]: the header found among the
//! first 10 rows, columns matched by their aliases, and each data row read into a
//! [`RowOutcome`] (docs/reconcile.md#rosters, #values, #bad-and-repeated-rows).

use std::str::FromStr;

use hengjie::date::Date;
use hengjie::model::{DisabilityCategory, SchoolingStatus};
use hengjie::reconcile::{
    ExclusionReason, FileId, RosterKind, Rosters, RowOutcome, RowProblem, RowValues, id,
};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::cell::Cell;
use crate::columns::{ColumnMap, header_aliases, value_alias};
use crate::{TableError, csv_text, excel};

/// How many rows the header may be preceded by titles.
const HEADER_WITHIN: usize = 10;

/// Reads a roster file's bytes (format detected by content) and adds its rows to `rosters` as
/// the next file of `kind`. `name` is the file's name as given (it appears in signals and
/// errors).
pub fn read_roster(
    rosters: &mut Rosters,
    kind: RosterKind,
    name: &str,
    bytes: &[u8],
    as_of: Date,
    map: &ColumnMap,
) -> Result<(), TableError> {
    let unreadable = |reason: String| TableError::Unreadable {
        file: name.to_owned(),
        reason,
    };
    if excel::is_workbook(bytes) {
        let sheets = excel::sheets(bytes).map_err(unreadable)?;
        for sheet in sheets {
            if let Some(layout) = find_header(sheet.iter().take(HEADER_WITHIN), kind, map) {
                let layout = layout.checked(kind, name)?;
                let file = rosters.add_file(kind, Some(name.to_owned()));
                let mut reader = RowReader::new(rosters, kind, file, &layout, as_of, map);
                for row in sheet.into_iter().skip(layout.header_row + 1) {
                    reader.row(&row);
                }
                return Ok(());
            }
        }
        return Err(TableError::NoIdHeader {
            file: name.to_owned(),
        });
    }
    if bytes.starts_with(b"PAR1") {
        let (header, rows) = crate::parquet_file::table(bytes).map_err(unreadable)?;
        return records(rosters, kind, Some(name), &header, rows, as_of, map);
    }
    let text = csv_text::decode(bytes);
    if crate::html::is_html(&text) {
        let rows = crate::html::rows(&text);
        let layout = find_header(rows.iter().take(HEADER_WITHIN), kind, map).ok_or_else(|| {
            TableError::NoIdHeader {
                file: name.to_owned(),
            }
        })?;
        let layout = layout.checked(kind, name)?;
        let file = rosters.add_file(kind, Some(name.to_owned()));
        let mut reader = RowReader::new(rosters, kind, file, &layout, as_of, map);
        for row in rows.into_iter().skip(layout.header_row + 1) {
            reader.row(&row);
        }
        return Ok(());
    }
    let mut head: Vec<Vec<Cell>> = Vec::new();
    csv_text::rows(&text, |row| {
        head.push(row);
        head.len() < HEADER_WITHIN
    });
    let layout = find_header(head.iter(), kind, map).ok_or_else(|| TableError::NoIdHeader {
        file: name.to_owned(),
    })?;
    let layout = layout.checked(kind, name)?;
    let file = rosters.add_file(kind, Some(name.to_owned()));
    // About one person a line: the roster's map is made its final size at once.
    let lines = text.bytes().filter(|b| *b == b'\n').count();
    rosters.reserve(kind, lines.saturating_sub(layout.header_row));
    let mut reader = RowReader::new(rosters, kind, file, &layout, as_of, map);
    let mut index = 0usize;
    csv_text::rows(&text, |row| {
        if index > layout.header_row {
            reader.row(&row);
        }
        index += 1;
        true
    });
    Ok(())
}

/// Adds an in-memory table (a DataFrame, a vector's rows) to `rosters` as the next file of
/// `kind`, with no file name: `header` names its columns (aliases allowed), each record gives
/// one cell per header column.
pub fn read_roster_records<I>(
    rosters: &mut Rosters,
    kind: RosterKind,
    header: &[String],
    records_in: I,
    as_of: Date,
    map: &ColumnMap,
) -> Result<(), TableError>
where
    I: IntoIterator<Item = Vec<Cell>>,
{
    records(rosters, kind, None, header, records_in, as_of, map)
}

/// A table with named columns (in memory, or a Parquet file named `name`).
fn records<I>(
    rosters: &mut Rosters,
    kind: RosterKind,
    name: Option<&str>,
    header: &[String],
    records: I,
    as_of: Date,
    map: &ColumnMap,
) -> Result<(), TableError>
where
    I: IntoIterator<Item = Vec<Cell>>,
{
    let shown = name.unwrap_or("(table)");
    let header_cells: Vec<Cell> = header.iter().map(|h| Cell::Text(h.clone())).collect();
    let layout = find_header(std::iter::once(&header_cells), kind, map).ok_or_else(|| {
        TableError::NoIdHeader {
            file: shown.to_owned(),
        }
    })?;
    let layout = layout.checked(kind, shown)?;
    let file = rosters.add_file(kind, name.map(str::to_owned));
    let mut reader = RowReader::new(rosters, kind, file, &layout, as_of, map);
    for record in records {
        reader.row(&record);
    }
    Ok(())
}

/// Where the header is and which table column holds which canonical column.
#[derive(Debug)]
struct Layout {
    header_row: usize,
    id_col: usize,
    /// The kind's columns present, in table order: (table column, canonical name).
    columns: Vec<(usize, &'static str)>,
}

impl Layout {
    fn checked(self, kind: RosterKind, file: &str) -> Result<Self, TableError> {
        for c in kind.columns().iter().filter(|c| c.required) {
            if !self.columns.iter().any(|(_, name)| *name == c.name) {
                return Err(TableError::MissingColumn {
                    file: file.to_owned(),
                    kind: kind.as_str(),
                    column: c.name,
                    aliases: header_aliases(c.name).join(", "),
                });
            }
        }
        Ok(self)
    }
}

fn find_header<'a>(
    rows: impl Iterator<Item = &'a Vec<Cell>>,
    kind: RosterKind,
    map: &ColumnMap,
) -> Option<Layout> {
    for (header_row, row) in rows.enumerate() {
        let names: Vec<Option<&'static str>> = row
            .iter()
            .map(|c| match c {
                Cell::Text(t) => map.column(kind, t),
                _ => None,
            })
            .collect();
        let Some(id_col) = names.iter().position(|n| *n == Some("id_number")) else {
            continue;
        };
        let mut columns: Vec<(usize, &'static str)> = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let Some(name) = name else { continue };
            let of_kind = kind.columns().iter().any(|c| c.name == *name);
            // The first column of a name counts; later ones are ignored.
            if of_kind && !columns.iter().any(|(_, n)| n == name) {
                columns.push((i, name));
            }
        }
        return Some(Layout {
            header_row,
            id_col,
            columns,
        });
    }
    None
}

struct RowReader<'r> {
    rosters: &'r mut Rosters,
    kind: RosterKind,
    file: FileId,
    layout: &'r Layout,
    as_of: Date,
    map: &'r ColumnMap,
    row: u64,
}

impl<'r> RowReader<'r> {
    fn new(
        rosters: &'r mut Rosters,
        kind: RosterKind,
        file: FileId,
        layout: &'r Layout,
        as_of: Date,
        map: &'r ColumnMap,
    ) -> Self {
        RowReader {
            rosters,
            kind,
            file,
            layout,
            as_of,
            map,
            row: 0,
        }
    }

    fn row(&mut self, cells: &[Cell]) {
        self.row += 1;
        if cells.iter().all(Cell::is_blank) {
            return;
        }
        let outcome = read_row(cells, self.layout, self.kind, self.as_of, self.map);
        self.rosters
            .add_row(self.kind, self.file, self.row, outcome);
    }
}

/// A bad value: the column and why.
struct Bad(&'static str, RowProblem);

fn read_row(
    cells: &[Cell],
    layout: &Layout,
    kind: RosterKind,
    as_of: Date,
    map: &ColumnMap,
) -> RowOutcome {
    let empty = Cell::Empty;
    let id = read_id(cells.get(layout.id_col).unwrap_or(&empty), kind, map);
    let values = read_values(cells, layout, kind, as_of, map);
    match (id, values) {
        (Ok(id_number), Ok(values)) => RowOutcome::Valid { id_number, values },
        (Err(problem), _) => RowOutcome::Invalid {
            id_number: None,
            column: "id_number",
            problem,
        },
        (Ok(id_number), Err(Bad(column, problem))) => RowOutcome::Invalid {
            id_number: Some(id_number),
            column,
            problem,
        },
    }
}

/// An id cell: spaces trimmed, a leading `'` or tab and an `="…"` wrapper removed, full-width
/// digits and `Ｘ` read as ASCII; then 17 digits and a digit or `X`. Excel's damage is named:
/// a number cell, E-notation text, 15 digits, or 18 digits ending in `000` with a wrong check
/// digit.
fn read_id(cell: &Cell, kind: RosterKind, map: &ColumnMap) -> Result<String, RowProblem> {
    let text = match cell {
        Cell::Empty => return Err(RowProblem::Missing),
        Cell::Number(_) => return Err(RowProblem::NumericIdCell),
        Cell::Date(_) | Cell::Bool(_) => return Err(RowProblem::Invalid),
        Cell::Text(t) => t,
    };
    let mut s = text.trim_matches(is_space);
    s = s.strip_prefix('\'').unwrap_or(s);
    if let Some(inner) = s.strip_prefix("=\"").and_then(|r| r.strip_suffix('"')) {
        s = inner;
    }
    let s = s.trim_matches(is_space);
    let narrowed: String;
    let s = if s.is_ascii() {
        s
    } else {
        narrowed = s.chars().map(narrow).collect();
        &narrowed
    };
    let s = map.value(kind, "id_number", s).unwrap_or(s);
    if s.is_empty() {
        return Err(RowProblem::Missing);
    }
    match id::canonical(s) {
        Some(c) if c.ends_with("000") && !id::check_digit_ok(&c) => Err(RowProblem::ExcelMangledId),
        Some(c) => Ok(c),
        None if s.contains(['E', 'e']) && s.contains('+') => Err(RowProblem::ExcelMangledId),
        None if s.len() == 15 && s.bytes().all(|b| b.is_ascii_digit()) => {
            Err(RowProblem::FirstGenerationId)
        }
        None => Err(RowProblem::Invalid),
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}'
}

/// NFKC for what an id cell may hold: full-width digits and letters read as ASCII.
fn narrow(c: char) -> char {
    match c {
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
            char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c)
        }
        c => c,
    }
}

fn read_values(
    cells: &[Cell],
    layout: &Layout,
    kind: RosterKind,
    as_of: Date,
    map: &ColumnMap,
) -> Result<RowValues, Bad> {
    let mut benefit = None;
    let mut since = None;
    let mut out_of_pocket = None;
    let mut status = None;
    let mut grade = None;
    let mut category = None;
    let mut date = None;
    let mut reason = None;
    for (i, column) in &layout.columns {
        let cell = cells.get(*i).unwrap_or(&Cell::Empty);
        if cell.is_blank() {
            let required = kind
                .columns()
                .iter()
                .any(|c| c.name == *column && c.required);
            if required {
                return Err(Bad(column, RowProblem::Missing));
            }
            continue;
        }
        let bad = || Bad(column, RowProblem::Invalid);
        let word = |cell: &Cell| -> Option<String> {
            match cell {
                Cell::Text(t) => {
                    let t = t.trim_matches(is_space);
                    Some(map.value(kind, column, t).unwrap_or(t).to_owned())
                }
                Cell::Number(n) if n.fract() == 0.0 => {
                    let t = format!("{n}");
                    Some(map.value(kind, column, &t).unwrap_or(&t).to_owned())
                }
                _ => None,
            }
        };
        match *column {
            "monthly_benefit" => benefit = Some(money(cell).ok_or_else(bad)?),
            "out_of_pocket" => out_of_pocket = Some(money(cell).ok_or_else(bad)?),
            "since" => since = Some(past_date(cell, as_of).ok_or_else(bad)?),
            "date" => date = Some(past_date(cell, as_of).ok_or_else(bad)?),
            "status" => status = Some(word(cell).and_then(|w| school_status(&w)).ok_or_else(bad)?),
            "grade" => {
                grade = Some(
                    word(cell)
                        .and_then(|w| disability_grade(&w))
                        .ok_or_else(bad)?,
                )
            }
            "category" => {
                category = Some(
                    word(cell)
                        .and_then(|w| disability_category(&w))
                        .ok_or_else(bad)?,
                );
            }
            "reason" => {
                reason = Some(
                    word(cell)
                        .and_then(|w| exclusion_reason(&w))
                        .ok_or_else(bad)?,
                )
            }
            _ => {}
        }
    }
    let missing = |c: &'static str| Bad(c, RowProblem::Missing);
    Ok(match kind {
        RosterKind::Dibao => RowValues::Dibao {
            monthly_benefit: benefit,
            since,
        },
        RosterKind::Tekun | RosterKind::MedicalInsured | RosterKind::PensionInsured => {
            RowValues::Listed
        }
        RosterKind::MedicalCost => RowValues::MedicalCost {
            out_of_pocket: out_of_pocket.ok_or_else(|| missing("out_of_pocket"))?,
        },
        RosterKind::School => RowValues::School {
            status: status.ok_or_else(|| missing("status"))?,
        },
        RosterKind::Disability => RowValues::Disability {
            grade: grade.ok_or_else(|| missing("grade"))?,
            category: category.ok_or_else(|| missing("category"))?,
        },
        RosterKind::Deceased => RowValues::Deceased {
            date: date.ok_or_else(|| missing("date"))?,
        },
        RosterKind::Exclusion => RowValues::Exclusion {
            reason: reason.ok_or_else(|| missing("reason"))?,
        },
    })
}

/// Money ≥ 0: digits with an optional `.d[d]`, thousands separators and a trailing `元`
/// allowed; a number cell rounded to 2 decimals half away from zero.
fn money(cell: &Cell) -> Option<Decimal> {
    match cell {
        Cell::Number(n) => {
            if !n.is_finite() || *n < 0.0 {
                return None;
            }
            // The shortest text that reads back as the same double: what the cell shows.
            let d = Decimal::from_str(&format!("{n}")).ok()?;
            (d <= Decimal::from(10_000_000_000u64))
                .then(|| d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
        }
        Cell::Text(t) => {
            let t = t.trim_matches(is_space);
            let t = t.strip_suffix('元').unwrap_or(t).trim_matches(is_space);
            let (whole, frac) = match t.split_once('.') {
                Some((w, f)) => (w, Some(f)),
                None => (t, None),
            };
            let digits_ok = !whole.is_empty()
                && whole.bytes().all(|b| b.is_ascii_digit() || b == b',')
                && !whole.starts_with(',')
                && !whole.ends_with(',');
            let frac_ok = frac.is_none_or(|f| {
                (1..=2).contains(&f.len()) && f.bytes().all(|b| b.is_ascii_digit())
            });
            if !digits_ok || !frac_ok {
                return None;
            }
            let plain = t.replace(',', "");
            let d = Decimal::from_str(&plain).ok()?;
            (d.abs() <= Decimal::from(10_000_000_000u64)).then_some(d)
        }
        _ => None,
    }
}

/// A date not after as-of: `YYYY-MM-DD`, `YYYY/M/D`, `YYYYMMDD`, `YYYY年M月D日`, or a date cell.
fn past_date(cell: &Cell, as_of: Date) -> Option<Date> {
    let date = match cell {
        Cell::Date(d) => *d,
        Cell::Text(t) => date_text(t.trim_matches(is_space))?,
        Cell::Number(n) if n.fract() == 0.0 && (1e7..1e8).contains(n) => {
            date_text(&format!("{n}"))?
        }
        _ => return None,
    };
    (date <= as_of).then_some(date)
}

fn date_text(t: &str) -> Option<Date> {
    let ymd = |y: &str, m: &str, d: &str| -> Option<Date> {
        let ok = |s: &str, n: std::ops::RangeInclusive<usize>| {
            n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
        };
        if !(ok(y, 4..=4) && ok(m, 1..=2) && ok(d, 1..=2)) {
            return None;
        }
        chrono::NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    };
    if let Some(rest) = t.strip_suffix('日') {
        let (y, rest) = rest.split_once('年')?;
        let (m, d) = rest.split_once('月')?;
        return ymd(y, m, d);
    }
    for sep in ['-', '/'] {
        let parts: Vec<&str> = t.split(sep).collect();
        if let [y, m, d] = parts.as_slice() {
            return ymd(y, m, d);
        }
    }
    if t.len() == 8 {
        return ymd(t.get(0..4)?, t.get(4..6)?, t.get(6..8)?);
    }
    None
}

/// The roster words (docs/reconcile.md#values), read through the one table of spellings
/// ([`crate::columns::value_alias`]) that the household tables read too.
fn school_status(w: &str) -> Option<SchoolingStatus> {
    // A roster's status is one of three: `exempt_health` is a household word only.
    value_alias("schooling_status", w)
        .and_then(SchoolingStatus::from_wire)
        .filter(|s| *s != SchoolingStatus::ExemptHealth)
}

fn disability_grade(w: &str) -> Option<u8> {
    value_alias("disability_grade", w).and_then(|g| g.parse().ok())
}

fn disability_category(w: &str) -> Option<DisabilityCategory> {
    value_alias("disability_category", w).and_then(DisabilityCategory::from_wire)
}

fn exclusion_reason(w: &str) -> Option<ExclusionReason> {
    value_alias("exclusion_reason", w).and_then(ExclusionReason::from_wire)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }

    #[test]
    fn ids_are_cleaned_and_excel_damage_named() {
        let m = ColumnMap::new();
        let k = RosterKind::Tekun;
        assert_eq!(
            read_id(&t(" '11010519491231002x "), k, &m),
            Ok("11010519491231002X".into())
        );
        assert_eq!(
            read_id(&t("=\"11010519491231002X\""), k, &m),
            Ok("11010519491231002X".into())
        );
        assert_eq!(
            read_id(&t("１１０１０５１９４９１２３１００２Ｘ"), k, &m),
            Ok("11010519491231002X".into())
        );
        assert_eq!(
            read_id(&Cell::Number(1.1e17), k, &m),
            Err(RowProblem::NumericIdCell)
        );
        assert_eq!(
            read_id(&t("1.10105E+17"), k, &m),
            Err(RowProblem::ExcelMangledId)
        );
        assert_eq!(
            read_id(&t("110105194912310000"), k, &m),
            Err(RowProblem::ExcelMangledId)
        );
        assert_eq!(
            read_id(&t("110105491231002"), k, &m),
            Err(RowProblem::FirstGenerationId)
        );
        assert_eq!(read_id(&t(""), k, &m), Err(RowProblem::Missing));
    }

    #[test]
    fn money_and_dates() {
        assert_eq!(money(&t("1,234.5元")), Some(Decimal::new(12345, 1)));
        assert_eq!(money(&t("1.234")), None);
        assert_eq!(money(&t("-5")), None);
        assert_eq!(money(&Cell::Number(2.675)), Some(Decimal::new(268, 2)));
        let as_of = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
        for text in ["2021-03-05", "2021/3/5", "20210305", "2021年3月5日"] {
            assert_eq!(
                past_date(&t(text), as_of).map(|d| d.to_string()).as_deref(),
                Some("2021-03-05")
            );
        }
        assert_eq!(past_date(&t("2021-07-01"), as_of), None);
        assert_eq!(past_date(&t("2021-02-30"), as_of), None);
    }
}
