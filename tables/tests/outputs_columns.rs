//! The Arrow output under an `outputs` selection (docs/rust.md#outputs): every column belongs to
//! one output or is kept by every selection, and a selected run gives the full run's cells.

use hengjie::{Output, Outputs, Policy, api};
use hengjie_tables::batch::{self, Level};

/// The columns every selection keeps, by level.
const ALWAYS: &[&str] = &[
    "household_id",
    "person_id",
    "error.code",
    "error.path",
    "error.message_en",
    "error.message_zh",
    "error.count",
    "as_of",
    "jurisdiction",
    "provenance.engine",
    "provenance.rules",
    "provenance.policy.digest",
    "members.count",
    "age",
];

#[test]
fn every_column_is_kept_always_or_by_its_output() {
    for level in [Level::Households, Level::Members] {
        let none = batch::selected_schema(level, Outputs::NONE);
        let kept: Vec<&str> = none.fields().iter().map(|f| f.name().as_str()).collect();
        assert!(kept.iter().all(|k| ALWAYS.contains(k)), "{kept:?}");
        for (name, _) in batch::columns(level) {
            let owners: Vec<Output> = Output::ALL
                .into_iter()
                .filter(|o| {
                    !batch::keeps(name, Outputs::NONE) && batch::keeps(name, Outputs::from([*o]))
                })
                .collect();
            assert!(
                ALWAYS.contains(&name) || owners.len() == 1,
                "{name}: {owners:?}"
            );
        }
    }
    // Hand-checked owners.
    let one = |o: Output| Outputs::from([o]);
    assert!(batch::keeps("dibao.monthly_benefit", one(Output::Dibao)));
    assert!(!batch::keeps(
        "dibao.monthly_benefit",
        one(Output::Monitoring)
    ));
    assert!(batch::keeps("margin.pension.age", one(Output::Margins)));
    assert!(batch::keeps("triple_guarantee.basic", one(Output::Medical)));
    assert!(batch::keeps("medical_subsidy.total", one(Output::Medical)));
    assert!(batch::keeps(
        "public_welfare_post.priority",
        one(Output::Employment)
    ));
    assert!(!batch::keeps(
        "public_welfare_post.priority",
        one(Output::Education)
    ));
    // Every output has a column at some level.
    for o in Output::ALL {
        let cols = [Level::Households, Level::Members]
            .into_iter()
            .flat_map(batch::columns)
            .filter(|(n, _)| !ALWAYS.contains(n) && batch::keeps(n, Outputs::from([o])))
            .count();
        assert!(cols > 0, "{o:?}");
    }
}

#[test]
fn a_selected_run_gives_the_full_run_cells() {
    let policy = Policy::default();
    let as_of = api::parse_as_of("2023-06-30").unwrap();
    let mut rows = batch::Rows::default();
    for file in hengjie_testkit::vector_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        // Households under the default policy (each on this one date: a few are then refused,
        // in both runs alike).
        let kind = v
            .get("kind")
            .and_then(|k| k.as_str())
            .unwrap_or("household");
        if kind != "household" || v.get("params").is_some_and(|p| !p.is_null()) {
            continue;
        }
        let input = hengjie::json::parse(&text).unwrap().value;
        rows.push(input.get("input").unwrap().clone(), Vec::new());
    }
    assert!(rows.values.len() > 100);
    let selection = Outputs::from([Output::Monitoring, Output::Dibao, Output::Pension]);
    for level in [Level::Households, Level::Members] {
        let full = batch::run_rows(&rows, as_of, &policy, level, Outputs::ALL);
        let some = batch::run_rows(&rows, as_of, &policy, level, selection);
        assert_eq!(full.batches.len(), some.batches.len());
        for (f, s) in full.batches.iter().zip(&some.batches) {
            assert_eq!(s.schema(), batch::selected_schema(level, selection));
            assert!(s.num_columns() < f.num_columns());
            for field in s.schema().fields() {
                let name = field.name();
                assert_eq!(
                    s.column_by_name(name).unwrap(),
                    f.column_by_name(name).unwrap(),
                    "{name}"
                );
            }
        }
    }
}
