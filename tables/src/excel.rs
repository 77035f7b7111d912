//! XLSX, XLSM, XLSB and XLS workbooks (calamine), as rows of [`Cell`]s of every sheet in order.

use std::io::Cursor;

use calamine::{Data, Reader, open_workbook_auto_from_rs};

use crate::cell::Cell;

/// Whether the bytes are a workbook: a ZIP (XLSX) or an OLE compound file (XLS).
pub(crate) fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
}

/// The sheets of a workbook, each as its rows (from the sheet's first row, so row positions
/// are the sheet's own).
pub(crate) fn sheets(bytes: &[u8]) -> Result<Vec<Vec<Vec<Cell>>>, String> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let names = book.sheet_names();
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let range = book.worksheet_range(&name).map_err(|e| e.to_string())?;
        let (top, left) = range.start().unwrap_or((0, 0));
        let mut rows: Vec<Vec<Cell>> = (0..top).map(|_| vec![Cell::Empty]).collect();
        for r in range.rows() {
            let mut row: Vec<Cell> = (0..left).map(|_| Cell::Empty).collect();
            row.extend(r.iter().map(cell));
            rows.push(row);
        }
        out.push(rows);
    }
    Ok(out)
}

fn cell(d: &Data) -> Cell {
    match d {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        #[expect(
            clippy::cast_precision_loss,
            reason = "Excel numbers are doubles anyway"
        )]
        Data::Int(n) => Cell::Number(*n as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => excel_date(dt.as_f64())
            .map(Cell::Date)
            .unwrap_or(Cell::Number(dt.as_f64())),
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
    }
}

/// An Excel serial date (1900 system: day 1 is 1900-01-01, with Excel's phantom 1900-02-29).
fn excel_date(serial: f64) -> Option<hengjie::date::Date> {
    if !serial.is_finite() || !(1.0..3_000_000.0).contains(&serial) {
        return None;
    }
    #[expect(clippy::cast_possible_truncation, reason = "bounded just above")]
    let days = serial.floor() as i64;
    let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let days = if days < 61 { days + 1 } else { days };
    base.checked_add_signed(chrono::Duration::days(days))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_dates() {
        assert_eq!(
            excel_date(44377.0).map(|d| d.to_string()).as_deref(),
            Some("2021-06-30")
        );
        assert_eq!(
            excel_date(1.0).map(|d| d.to_string()).as_deref(),
            Some("1900-01-01")
        );
    }
}
