//! The responsibility ledger (docs/rules/village.md#13-responsibility-ledger-责任分工): every measure
//! of 阳发〔2021〕30号 §三–§七 and the closing paragraph with its lead (牵头单位), cooperating (配合单位) and shared (按职责分工负责) units,
//! kept as a reviewed data file (`core/data/ledger.json`) and embedded.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// One measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// The clause, with ASCII parentheses: `五(二)`; `结语` for the closing paragraph.
    pub clause: String,
    pub title: String,
    pub lead: Vec<String>,
    pub cooperating: Vec<String>,
    pub shared: Vec<String>,
    /// A reviewer's note, where the text needed a judgment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Measure {
    /// Whether a unit is named in any role.
    pub fn involves(&self, unit: &str) -> bool {
        self.lead
            .iter()
            .chain(&self.cooperating)
            .chain(&self.shared)
            .any(|u| u == unit)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LedgerFile {
    #[allow(dead_code, reason = "kept in the file for readers")]
    source: String,
    measures: Vec<Measure>,
}

const LEDGER: &str = include_str!("../data/ledger.json");

/// Every measure, in document order. Empty only if the embedded file were unreadable, which a
/// test rules out.
pub fn measures() -> &'static [Measure] {
    static PARSED: OnceLock<Vec<Measure>> = OnceLock::new();
    PARSED.get_or_init(|| {
        serde_json::from_str::<LedgerFile>(LEDGER)
            .map(|f| f.measures)
            .unwrap_or_default()
    })
}

/// The measures a unit leads, cooperates on or shares, in document order.
pub fn by_unit(unit: &str) -> Vec<&'static Measure> {
    measures().iter().filter(|m| m.involves(unit)).collect()
}

/// The measure of a clause (`五(二)`; full-width parentheses are accepted too).
pub fn by_clause(clause: &str) -> Vec<&'static Measure> {
    let normal = clause
        .trim()
        .trim_start_matches('§')
        .replace('\u{FF08}', "(")
        .replace('\u{FF09}', ")");
    measures().iter().filter(|m| m.clause == normal).collect()
}

/// Every unit named in the ledger, sorted, once each.
pub fn units() -> Vec<&'static str> {
    let mut all: Vec<&str> = measures()
        .iter()
        .flat_map(|m| m.lead.iter().chain(&m.cooperating).chain(&m.shared))
        .map(String::as_str)
        .collect();
    all.sort_unstable();
    all.dedup();
    all
}
