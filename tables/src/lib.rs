//! # hengjie-tables
//!
//! The tables county staff really have, for hengjie's doors (the CLI, Python): department
//! rosters (名单) read from CSV (UTF-8 with or without BOM, UTF-16 with BOM, GB18030; comma or
//! tab), XLSX and XLS, Parquet (format detected by content), with Chinese headers, title rows and
//! Excel's habits; and the warning list written back as CSV (UTF-8 with BOM, so Excel opens it)
//! or XLSX. The core (`hengjie`) stays free of all of it, and so does the WASM build.
//!
//! Decisions are not made here: a roster row becomes a typed
//! [`RowOutcome`](hengjie::reconcile::RowOutcome) and the core compares it.

pub mod arrow_cells;
pub mod arrow_household;
pub mod batch;
mod cell;
pub mod columns;
mod csv_text;
mod excel;
pub mod export;
pub mod household_file;
pub mod household_table;
mod html;
mod parquet_file;
pub mod roster;
pub mod write;

pub use cell::Cell;
pub use columns::ColumnMap;
pub use roster::{read_roster, read_roster_records};

/// A table that cannot be used: the run stops (the CLI exits with status 2). Each message names
/// the file.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    /// The file cannot be opened or decoded.
    #[error("{file}: cannot read the file: {reason}")]
    Unreadable { file: String, reason: String },
    /// No row among the first 10 holds an id-number header.
    #[error(
        "{file}: no id-number column (公民身份号码, 身份证号, …) in the first 10 rows of any sheet"
    )]
    NoIdHeader { file: String },
    /// A required column is missing.
    #[error("{file}: the {kind} roster needs a `{column}` column ({aliases})")]
    MissingColumn {
        file: String,
        kind: &'static str,
        column: &'static str,
        aliases: String,
    },
    /// A column map that cannot be used.
    #[error("{file}: bad column map: {reason}")]
    ColumnMap { file: String, reason: String },
    /// A roster kind that does not exist.
    #[error(
        "unknown roster kind `{0}`: use dibao, tekun, medical_insured, medical_cost, school, disability, deceased, pension_insured or exclusion"
    )]
    UnknownKind(String),
}

impl TableError {
    /// The message in Chinese, for the office that sent the file (the English one is
    /// `Display`).
    pub fn message_zh(&self) -> String {
        match self {
            TableError::Unreadable { file, reason } => {
                format!("{file}：无法读取这个文件（{reason}）。")
            }
            TableError::NoIdHeader { file } => format!(
                "{file}：任何工作表的前 10 行都没有公民身份号码列（公民身份号码、身份证号等），请检查表头。"
            ),
            TableError::MissingColumn {
                file,
                kind,
                column,
                aliases,
            } => format!("{file}：{kind} 名单需要“{column}”列（{aliases}）。"),
            TableError::ColumnMap { file, reason } => {
                format!("{file}：列对照表无法使用（{reason}）。")
            }
            TableError::UnknownKind(kind) => format!(
                "没有“{kind}”这种名单：请用 dibao、tekun、medical_insured、medical_cost、school、disability、deceased、pension_insured 或 exclusion。"
            ),
        }
    }
}

#[cfg(test)]
mod message_tests {
    use super::TableError;

    #[test]
    fn every_table_error_has_a_chinese_message_naming_its_file() {
        let errors = [
            TableError::Unreadable {
                file: "低保.xlsx".into(),
                reason: "not a zip".into(),
            },
            TableError::NoIdHeader {
                file: "低保.xlsx".into(),
            },
            TableError::MissingColumn {
                file: "低保.xlsx".into(),
                kind: "dibao",
                column: "公民身份号码",
                aliases: "身份证号".into(),
            },
            TableError::ColumnMap {
                file: "低保.xlsx".into(),
                reason: "bad TOML".into(),
            },
        ];
        for e in &errors {
            let zh = e.message_zh();
            assert!(zh.starts_with("低保.xlsx："), "{zh}");
            assert!(zh.ends_with('。') && !zh.contains('`'), "{zh}");
            assert_ne!(zh, e.to_string());
        }
        let kind = TableError::UnknownKind("xuejí".into()).message_zh();
        assert!(kind.contains("“xuejí”") && kind.contains("dibao"), "{kind}");
    }
}
