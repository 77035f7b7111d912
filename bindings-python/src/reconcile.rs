//! `hengjie.reconcile`: department rosters against households (docs/reconcile.md). Thin glue: the
//! rosters are read by hengjie-tables (files) or given as text tables (DataFrames and Arrow
//! tables, turned into text cells on the Python side), the core compares, and the document
//! comes back as JSON text with the XLSX warning list beside it.

use std::sync::Arc;

use hengjie::Policy;
use hengjie::reconcile::{Document, RosterKind, Rosters, reconcile_texts};
use hengjie_tables::{Cell, ColumnMap, read_roster, read_roster_records};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::PyPolicy;

/// A roster as Python gives it: a file path, or a text table (header, rows of cells).
#[derive(Debug, FromPyObject)]
pub enum Source {
    Path(String),
    Table((Vec<String>, Vec<Vec<Option<String>>>)),
}

fn bad(message: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(message.to_string())
}

/// The columns of the warning list's two tables, signals and changes, in order (the tables
/// crate's, as the CLI's CSV and XLSX write them).
#[pyfunction]
pub fn warning_list_columns() -> (Vec<&'static str>, Vec<&'static str>) {
    (
        hengjie_tables::write::SIGNAL_COLUMNS.to_vec(),
        hengjie_tables::write::CHANGE_COLUMNS.to_vec(),
    )
}

/// Compares households (JSON texts, in order) with rosters (kind, source) on `as_of`; returns
/// the document as JSON text and the warning list as XLSX bytes.
#[pyfunction]
#[pyo3(signature = (households, rosters, as_of, *, policy = None, columns = None))]
pub fn reconcile_json(
    py: Python<'_>,
    households: Vec<String>,
    rosters: Vec<(String, Source)>,
    as_of: &str,
    policy: Option<PyRef<'_, PyPolicy>>,
    columns: Option<&str>,
) -> PyResult<(String, Vec<u8>)> {
    let date = hengjie::api::parse_as_of(as_of).map_err(bad)?;
    let policy: Arc<Policy> = crate::policy::policy_of(policy.as_deref());
    let map = match columns {
        Some(text) => ColumnMap::from_toml(text, "columns").map_err(bad)?,
        None => ColumnMap::new(),
    };
    py.detach(|| {
        let mut read = Rosters::new();
        for kind in RosterKind::ALL {
            for (word, source) in &rosters {
                let k = RosterKind::from_wire(word)
                    .ok_or_else(|| bad(format!("unknown roster kind `{word}`")))?;
                if k != kind {
                    continue;
                }
                match source {
                    Source::Path(path) => {
                        let bytes = std::fs::read(path)
                            .map_err(|e| bad(format!("{path}: cannot read the file: {e}")))?;
                        read_roster(&mut read, kind, path, &bytes, date, &map).map_err(bad)?;
                    }
                    Source::Table((header, rows)) => {
                        let cells = rows.iter().map(|r| {
                            r.iter()
                                .map(|c| match c {
                                    Some(t) if !t.is_empty() => Cell::Text(t.clone()),
                                    _ => Cell::Empty,
                                })
                                .collect::<Vec<Cell>>()
                        });
                        read_roster_records(&mut read, kind, header, cells, date, &map)
                            .map_err(bad)?;
                    }
                }
            }
        }
        let doc: Document =
            reconcile_texts(households.iter().map(String::as_str), read, date, &policy)
                .map_err(bad)?;
        let signals: Vec<_> = doc
            .households
            .iter()
            .flat_map(|h| h.signals().unwrap_or_default().iter().cloned())
            .chain(doc.other_signals.iter().cloned())
            .collect();
        let changes: Vec<_> = doc
            .households
            .iter()
            .filter_map(|h| match h {
                hengjie::reconcile::HouseholdOutcome::Compared {
                    household_id,
                    changes: Some(c),
                    ..
                } => Some(c.iter().map(move |c| (household_id.clone(), c.clone()))),
                _ => None,
            })
            .flatten()
            .collect();
        let summary = hengjie_tables::write::document_summary_rows(&doc);
        let xlsx = hengjie_tables::write::xlsx(&signals, &changes, &summary).map_err(bad)?;
        Ok((hengjie::canonical_json(&doc), xlsx))
    })
}
