//! Runs every conformance vector of `tests/vectors/` (docs/contract.md#conformance-vectors) against
//! the core. The Python and Node suites run the same files.

use std::collections::BTreeSet;
use std::path::Path;

use hengjie::{Error, Policy, api, village};
use hengjie_testkit::subset;
use serde_json::Value;

fn error_set(errors: &hengjie::Errors) -> BTreeSet<(String, String)> {
    errors
        .list()
        .iter()
        .map(|e| (e.code().as_str().to_owned(), e.path().to_owned()))
        .collect()
}

fn run_vector(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let vector: Value = serde_json::from_str(&text).map_err(|e| format!("not JSON: {e}"))?;
    let kind = vector
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or("household");
    if kind == "reconcile" {
        // Department comparison reads roster files: hengjie-tables runs these
        // (tables/tests/reconcile_vectors.rs).
        return Ok(());
    }
    let as_of = vector
        .get("as_of")
        .and_then(Value::as_str)
        .ok_or("no as_of")?;
    let as_of = api::parse_as_of(as_of).map_err(|e| e.to_string())?;
    // The input is read by the core's own reader, so its numbers keep their text whatever
    // features serde_json has here (the core is tested alone, without them).
    let lossless = hengjie::json::parse(&text)
        .map_err(|e| format!("not JSON: {e}"))?
        .value;
    let input = lossless.get("input").ok_or("no input")?;
    let layered = match vector.get("params") {
        None | Some(Value::Null) => Ok(Policy::default()),
        Some(layer) => Policy::default().with_layer_json(&layer.to_string()),
    };
    if let Some(expected) = vector.get("expected_errors") {
        let want: BTreeSet<(String, String)> = expected
            .as_array()
            .ok_or("expected_errors is not an array")?
            .iter()
            .map(|e| {
                let s = |k: &str| {
                    e.get(k)
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned()
                };
                (s("code"), s("path"))
            })
            .collect();
        let got = match (layered, kind) {
            (Err(errors), _) => error_set(&errors),
            (Ok(policy), "household") => match api::assess_value(input, as_of, &policy) {
                Err(Error::Parameter(errors)) => error_set(&errors),
                _ => error_set(&api::validate_value(input, as_of)),
            },
            (Ok(policy), "village") => match village::assess_village_value(input, as_of, &policy) {
                Err(e) => error_set(e.errors()),
                Ok(_) => BTreeSet::new(),
            },
            (Ok(_), "farmland") => match village::check_farmland_value(input) {
                Err(errors) => error_set(&errors),
                Ok(_) => BTreeSet::new(),
            },
            (_, other) => return Err(format!("unknown kind `{other}`")),
        };
        return if want == got {
            Ok(())
        } else {
            Err(format!("errors: expected {want:?}, got {got:?}"))
        };
    }
    let expected = vector
        .get("expected")
        .ok_or("neither expected nor expected_errors")?;
    let policy = layered.map_err(|e| format!("layer refused: {e}"))?;
    let actual = match kind {
        "household" => api::assess_value(input, as_of, &policy).map(|a| serde_json::to_value(&a)),
        "village" => {
            village::assess_village_value(input, as_of, &policy).map(|a| serde_json::to_value(&a))
        }
        "farmland" => village::check_farmland_value(input)
            .map(|a| serde_json::to_value(&a))
            .map_err(Error::InvalidInput),
        other => return Err(format!("unknown kind `{other}`")),
    }
    .map_err(|e| format!("assess failed: {e}"))?
    .map_err(|e| e.to_string())?;
    let mut diffs = Vec::new();
    subset(expected, &actual, "", &mut diffs);
    if diffs.is_empty() {
        Ok(())
    } else {
        Err(diffs.join("\n    "))
    }
}

#[test]
fn every_vector_passes() {
    let root = hengjie_testkit::vectors_dir();
    let files = hengjie_testkit::vector_files();
    let mut failures = Vec::new();
    for file in &files {
        if let Err(why) = run_vector(file) {
            let name = file
                .strip_prefix(&root)
                .unwrap_or(file)
                .display()
                .to_string();
            failures.push(format!("{name}:\n    {why}"));
        }
    }
    println!("{} vectors, {} failed", files.len(), failures.len());
    assert!(
        files.len() >= 40,
        "the corpus is missing: {} vectors",
        files.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} vectors failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

/// The typed path (`api::assess` on a `Household`) gives exactly what the JSON path gives, for
/// every valid household of the corpus.
#[test]
fn the_typed_path_agrees_with_the_json_path() {
    let files = hengjie_testkit::vector_files();
    let mut compared = 0;
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        let Ok(vector) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        if vector
            .get("kind")
            .and_then(Value::as_str)
            .unwrap_or("household")
            != "household"
            || vector.get("expected").is_none()
            || vector.get("params").is_some_and(|p| !p.is_null())
        {
            continue;
        }
        let (Some(input), Some(Ok(as_of))) = (
            vector.get("input"),
            vector
                .get("as_of")
                .and_then(Value::as_str)
                .map(api::parse_as_of),
        ) else {
            continue;
        };
        let policy = Policy::default();
        let Ok(from_json) = api::assess_value(input, as_of, &policy) else {
            continue;
        };
        let household = hengjie::parse_household(input, Some(as_of)).expect("valid input types");
        let typed =
            api::assess(&household, as_of, &policy).expect("the typed path assesses it too");
        assert_eq!(
            typed.to_canonical_json(),
            from_json.to_canonical_json(),
            "{}",
            file.display()
        );
        compared += 1;
    }
    assert!(compared > 200, "only {compared} households compared");
}
