//! Explanations off (`Assessor::explain(false)`) changes nothing but the texts: for every
//! household of the conformance vectors and the sample population, the canonical JSON with
//! `reasons` and `parameters` emptied is byte-identical either way.

use std::path::Path;

use hengjie::{Policy, api, canonical_json};
use serde_json::Value;

/// (as-of, household) pairs: every household vector with default parameters, then the samples.
fn households() -> Vec<(String, Value)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let files = hengjie_testkit::vector_files();
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let Ok(v) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let field = |name: &str| v.get(name).cloned().unwrap_or_default();
        if field("kind") == "household" && field("params").is_null() {
            let as_of = field("as_of").as_str().unwrap_or("2023-06-30").to_owned();
            out.push((as_of, field("input")));
        }
    }
    let samples =
        std::fs::read_to_string(root.join("examples/households.jsonl")).unwrap_or_default();
    for line in samples.lines().filter(|l| !l.trim().is_empty()) {
        if let Ok(v) = serde_json::from_str(line) {
            out.push(("2023-06-30".to_owned(), v));
        }
    }
    out
}

#[test]
fn decisions_are_byte_identical_with_explanations_off() {
    let policy = Policy::default();
    let cases = households();
    assert!(cases.len() > 400, "only {} households found", cases.len());
    let mut assessed = 0;
    for (as_of, value) in &cases {
        let Ok(date) = api::parse_as_of(as_of) else {
            continue;
        };
        let Ok(on) = api::Assessor::new(&policy, date) else {
            continue;
        };
        let off = on.clone().explain(false);
        let (Ok(mut full), Ok(quiet)) = (on.assess_value(value), off.assess_value(value)) else {
            continue;
        };
        assert!(!full.reasons.is_empty());
        assert!(quiet.reasons.is_empty() && quiet.parameters.is_empty());
        full.reasons.clear();
        full.parameters.clear();
        assert_eq!(canonical_json(&full), canonical_json(&quiet), "{value}");
        assessed += 1;
    }
    assert!(assessed > 300, "only {assessed} households assessed");
}
