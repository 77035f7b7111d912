//! Test helpers shared by hengjie's crates, as a dev-dependency only (the core does no I/O): the
//! walk over the conformance vectors of `tests/vectors/` and the subset match of their
//! `expected` (docs/contract.md#conformance-vectors). Every crate's tests that read the vectors
//! call these, so the vectors are found and compared one way.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The shared conformance vectors: `tests/vectors/` of the workspace.
#[must_use]
pub fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
}

/// Every `.json` file under `dir`, in every sub-folder, sorted by path; none when `dir` cannot
/// be read.
#[must_use]
pub fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    walk(dir, &mut out);
    out.sort();
    out
}

/// Every conformance vector file: [`json_files`] of [`vectors_dir`].
#[must_use]
pub fn vector_files() -> Vec<PathBuf> {
    json_files(&vectors_dir())
}

/// (as-of, household) pairs: every household vector with the default parameters (no `params`),
/// its `as_of` and `input`, then each household of `examples/households.jsonl` as of
/// 2023-06-30.
#[must_use]
pub fn default_policy_households() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for file in vector_files() {
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
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/households.jsonl");
    let samples = std::fs::read_to_string(samples).unwrap_or_default();
    for line in samples.lines().filter(|l| !l.trim().is_empty()) {
        if let Ok(v) = serde_json::from_str(line) {
            out.push(("2023-06-30".to_owned(), v));
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for path in entries.filter_map(Result::ok).map(|e| e.path()) {
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|x| x == "json") {
            out.push(path);
        }
    }
}

/// `expected` ⊆ `actual`, as a vector's `expected` matches: objects by the keys `expected` names,
/// arrays element by element with equal length, scalars (`null` included) equal and
/// type-strict. Each difference is pushed to `diffs` with its JSON Pointer under `path`.
pub fn subset(expected: &Value, actual: &Value, path: &str, diffs: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                match a.get(k) {
                    Some(av) => subset(ev, av, &format!("{path}/{k}"), diffs),
                    None => diffs.push(format!("{path}/{k}: missing in output")),
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() == a.len() {
                for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                    subset(ev, av, &format!("{path}/{i}"), diffs);
                }
            } else {
                diffs.push(format!(
                    "{path}: expected {} elements, got {}: {actual}",
                    e.len(),
                    a.len()
                ));
            }
        }
        _ if expected == actual => {}
        _ => diffs.push(format!("{path}: expected {expected}, got {actual}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_every_vector_sorted() {
        let files = vector_files();
        assert!(files.len() > 400, "{} vectors", files.len());
        assert!(files.windows(2).all(|w| w.first() < w.get(1)));
        assert!(
            files
                .iter()
                .any(|f| f.ends_with("contract/example_household.json"))
        );
        assert!(json_files(Path::new("/no/such/folder")).is_empty());
    }

    #[test]
    fn subset_matches_named_keys_and_equal_length_arrays() {
        let actual = json!({"a": "1.00", "b": [1, {"c": null, "d": 2}], "e": true});
        let mut diffs = Vec::new();
        subset(&json!({"b": [1, {"c": null}]}), &actual, "", &mut diffs);
        assert!(diffs.is_empty(), "{diffs:?}");
        subset(&json!({"a": 1, "b": [1], "x": 0}), &actual, "", &mut diffs);
        assert_eq!(
            diffs,
            [
                "/a: expected 1, got \"1.00\"",
                "/b: expected 1 elements, got 2: [1,{\"c\":null,\"d\":2}]",
                "/x: missing in output"
            ]
        );
    }
}
