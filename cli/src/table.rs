//! `hengjie assess --table`: a human-readable summary, one row per household.

use std::fmt::Write as _;

use hengjie::date::Date;

use hengjie::lines::Outcome;
use words::Words as _;

/// One household's row.
#[derive(Debug)]
pub struct Row {
    id: String,
    cells: Vec<String>,
}

impl Row {
    /// The row of an outcome.
    pub fn of(outcome: &Outcome) -> Row {
        match outcome {
            Outcome::Assessed(a) => {
                let category = match a.monitoring.category {
                    Some(c) => c.as_str(),
                    None if a.monitoring.review => "review",
                    None => "-",
                }
                .to_owned();
                let risks = a.monitoring.risks.words();
                let exit = match &a.monitoring.exit {
                    None => "-".to_owned(),
                    Some(e) if e.eligible => "eligible".to_owned(),
                    Some(e) => e.blockers.words(),
                };
                let approach = a.assistance_approach.words();
                let dibao = format!("{} {}", a.dibao.status.words(), a.dibao.monthly_benefit);
                let gaps = a
                    .coverage_gaps
                    .iter()
                    .map(|g| {
                        let code = g.code.words();
                        match &g.person_id {
                            Some(p) => format!("{code}:{p}"),
                            None => code,
                        }
                    })
                    .collect::<Vec<_>>();
                let gaps = if gaps.is_empty() {
                    "-".to_owned()
                } else {
                    gaps.join(",")
                };
                let low_income = a.low_income.groups.words();
                let housing = a.housing.status.words();
                // §17–§19 per member: who gets work relief, child support, care visits.
                let supports = a
                    .members
                    .iter()
                    .flat_map(|m| {
                        [
                            (m.work_relief_priority, "work_relief"),
                            (m.child_support.is_some(), "child_support"),
                            (m.care_visits, "care_visits"),
                        ]
                        .into_iter()
                        .filter(|(on, _)| *on)
                        .map(move |(_, what)| format!("{what}:{}", m.person_id))
                    })
                    .collect::<Vec<_>>();
                let supports = if supports.is_empty() {
                    "-".to_owned()
                } else {
                    supports.join(",")
                };
                let lines = [
                    category, risks, exit, approach, dibao, low_income, housing, supports, gaps,
                ];
                Row {
                    id: a.household_id.to_string(),
                    cells: lines.to_vec(),
                }
            }
            Outcome::Village(v) => Row {
                id: v.village_id.clone(),
                cells: vec![v.gaps.join(",")],
            },
            Outcome::Farmland(f) => Row {
                id: f.project_id.clone(),
                cells: vec![f.gaps.join(",")],
            },
            Outcome::Failed { id, errors, .. } => {
                let list = errors
                    .list()
                    .iter()
                    .map(|e| {
                        format!(
                            "{}@{}",
                            e.code(),
                            if e.path().is_empty() { "/" } else { e.path() }
                        )
                    })
                    .collect::<Vec<_>>();
                Row {
                    id: id.clone().unwrap_or_else(|| "?".to_owned()),
                    cells: vec![format!("ERROR {}", list.join(","))],
                }
            }
        }
    }
}

mod words {
    //! Short text for output enums and lists: their JSON words without quotes.
    pub trait Words {
        fn words(&self) -> String;
    }
    impl<T: serde::Serialize> Words for T {
        fn words(&self) -> String {
            match serde_json::to_value(self) {
                Ok(serde_json::Value::String(s)) => s,
                Ok(serde_json::Value::Null) => "-".to_owned(),
                Ok(serde_json::Value::Array(items)) if items.is_empty() => "-".to_owned(),
                Ok(serde_json::Value::Array(items)) => items
                    .iter()
                    .filter_map(|i| i.as_str())
                    .collect::<Vec<_>>()
                    .join(","),
                Ok(other) => other.to_string(),
                Err(_) => "?".to_owned(),
            }
        }
    }
}

const HEADERS: [&str; 10] = [
    "household",
    "monitoring",
    "risks",
    "exit",
    "approach",
    "dibao (monthly)",
    "low income",
    "housing",
    "member supports",
    "coverage gaps",
];

/// The table, with a count line.
pub fn render(rows: &[Row], as_of: Date) -> String {
    let mut widths: Vec<usize> = HEADERS.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        let cells = std::iter::once(&row.id).chain(&row.cells);
        for (i, cell) in cells.enumerate() {
            if row.cells.len() > 1 || i == 0 {
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(cell.chars().count());
                }
            }
        }
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "hengjie assessment as of {as_of}: {} households",
        rows.len()
    );
    let line = |cells: Vec<&str>, out: &mut String| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w.saturating_sub(c.chars().count()))))
            .collect();
        let _ = writeln!(out, "{}", padded.join("  ").trim_end());
    };
    line(HEADERS.to_vec(), &mut out);
    line(
        widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str)
            .collect(),
        &mut out,
    );
    for row in rows {
        let cells: Vec<&str> = std::iter::once(row.id.as_str())
            .chain(row.cells.iter().map(String::as_str))
            .collect();
        line(cells, &mut out);
    }
    out
}
