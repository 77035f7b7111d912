//! `normalize` never changes a decision on valid contract input: every household vector that
//! assesses gives the same canonical assessment after normalization.

use hengjie::{Policy, api, canonical_json};
use serde_json::Value;

#[test]
fn normalizing_valid_input_changes_no_decision() {
    let files = hengjie_testkit::vector_files();
    let mut compared = 0;
    for file in files {
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        if v["kind"] != "household" || v["params"] != Value::Null {
            continue;
        }
        let Some(as_of) = v["as_of"].as_str() else {
            continue;
        };
        let as_of = api::parse_as_of(as_of).unwrap();
        let Ok(before) = api::assess_value(&v["input"], as_of, &Policy::default()) else {
            continue;
        };
        let after = api::assess_value(&api::normalize(&v["input"]), as_of, &Policy::default())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert_eq!(
            canonical_json(&before),
            canonical_json(&after),
            "{}",
            file.display()
        );
        compared += 1;
    }
    assert!(compared > 300, "only {compared} vectors compared");
}
