//! `normalize` never changes a decision on valid contract input: every household vector that
//! assesses gives the same canonical assessment after normalization.
#![expect(clippy::unwrap_used, reason = "test helpers read known-good files")]

use std::path::{Path, PathBuf};

use hengjie::{Policy, api, canonical_json};
use serde_json::Value;

fn vector_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            vector_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "json") {
            out.push(path);
        }
    }
}

#[test]
fn normalizing_valid_input_changes_no_decision() {
    let mut files = Vec::new();
    vector_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors"),
        &mut files,
    );
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
