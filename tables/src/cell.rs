//! One cell as a file gives it.

use hengjie::date::Date;

/// A cell: text (CSV, XLSX text), a number or a date (XLSX), or nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// An empty cell.
    Empty,
    /// Text, as written.
    Text(String),
    /// An Excel number cell.
    Number(f64),
    /// An Excel date cell.
    Date(Date),
    /// An Excel boolean cell.
    Bool(bool),
}

impl Cell {
    /// Empty, or text of spaces only (an absent value).
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}
