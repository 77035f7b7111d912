//! Runs every `kind: "reconcile"` conformance vector of `tests/vectors/` (docs/reconcile.md
//! "Conformance vectors"): households and rosters in, the output document out, `expected`
//! matched as a subset.
//!
//! A roster is given either as an array of row objects (an in-memory table: text cells under
//! column names, `file` null; a JSON number is an Excel number cell, null an empty cell), or as
//! `{"files": [{"name", "encoding", "text"}]}`: files, each the `text` encoded as `utf-8`,
//! `utf-8-bom`, `utf-16le` (with BOM), `utf-16be` (with BOM) or `gb18030`, read exactly as the
//! CLI reads a file. An optional `columns` is a column map's TOML text.

use hengjie::reconcile::{RosterKind, Rosters, reconcile_values};
use hengjie::{Policy, api};
use hengjie_tables::{Cell, ColumnMap, read_roster, read_roster_records};
use hengjie_testkit::subset;
use serde_json::Value;

fn encode(text: &str, encoding: &str) -> Result<Vec<u8>, String> {
    Ok(match encoding {
        "utf-8" => text.as_bytes().to_vec(),
        "utf-8-bom" => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        "utf-16le" => {
            let mut out = vec![0xFF, 0xFE];
            text.encode_utf16()
                .for_each(|u| out.extend(u.to_le_bytes()));
            out
        }
        "utf-16be" => {
            let mut out = vec![0xFE, 0xFF];
            text.encode_utf16()
                .for_each(|u| out.extend(u.to_be_bytes()));
            out
        }
        "gb18030" => encoding_rs::GB18030.encode(text).0.into_owned(),
        other => return Err(format!("unknown encoding `{other}`")),
    })
}

fn cell(v: Option<&Value>) -> Cell {
    match v {
        None | Some(Value::Null) => Cell::Empty,
        Some(Value::String(s)) if s.is_empty() => Cell::Empty,
        Some(Value::String(s)) => Cell::Text(s.clone()),
        Some(Value::Number(n)) => Cell::Number(n.as_f64().unwrap_or(f64::NAN)),
        Some(Value::Bool(b)) => Cell::Bool(*b),
        Some(other) => Cell::Text(other.to_string()),
    }
}

/// The output document of a vector, or the run-stopping error's message.
pub fn run(vector: &Value) -> Result<Value, String> {
    let as_of = vector
        .get("as_of")
        .and_then(Value::as_str)
        .ok_or("no as_of")?;
    let as_of = api::parse_as_of(as_of).map_err(|e| e.to_string())?;
    let policy = match vector.get("params") {
        None | Some(Value::Null) => Policy::default(),
        Some(layer) => Policy::default()
            .with_layer_json(&layer.to_string())
            .map_err(|e| e.to_string())?,
    };
    let map = match vector.get("columns").and_then(Value::as_str) {
        Some(text) => ColumnMap::from_toml(text, "columns.toml").map_err(|e| e.to_string())?,
        None => ColumnMap::new(),
    };
    let mut rosters = Rosters::new();
    let given = vector
        .get("rosters")
        .and_then(Value::as_object)
        .ok_or("no rosters")?;
    // Supplied kinds are read in the kind order, whatever the object's order.
    for kind_word in given.keys() {
        RosterKind::from_wire(kind_word).ok_or(format!("unknown roster kind `{kind_word}`"))?;
    }
    for kind in RosterKind::ALL {
        let Some(roster) = given.get(kind.as_str()) else {
            continue;
        };
        match roster {
            Value::Array(rows) => {
                // An in-memory table has the kind's columns (a DataFrame keeps its columns even
                // with no rows); a file vector tests missing ones.
                let mut header: Vec<String> = std::iter::once("id_number")
                    .chain(kind.columns().iter().map(|c| c.name))
                    .map(str::to_owned)
                    .collect();
                for row in rows {
                    for key in row.as_object().ok_or("a row is not an object")?.keys() {
                        if !header.contains(key) {
                            header.push(key.clone());
                        }
                    }
                }
                let records = rows.iter().map(|row| {
                    header
                        .iter()
                        .map(|h| cell(row.get(h)))
                        .collect::<Vec<Cell>>()
                });
                read_roster_records(&mut rosters, kind, &header, records, as_of, &map)
                    .map_err(|e| e.to_string())?;
            }
            Value::Object(o) => {
                let files = o
                    .get("files")
                    .and_then(Value::as_array)
                    .ok_or("a roster object needs `files`")?;
                for f in files {
                    let name = f.get("name").and_then(Value::as_str).ok_or("no name")?;
                    let text = f.get("text").and_then(Value::as_str).ok_or("no text")?;
                    let encoding = f.get("encoding").and_then(Value::as_str).unwrap_or("utf-8");
                    let bytes = encode(text, encoding)?;
                    read_roster(&mut rosters, kind, name, &bytes, as_of, &map)
                        .map_err(|e| e.to_string())?;
                }
            }
            _ => return Err("a roster is an array of rows or {files}".to_owned()),
        }
    }
    let households = vector
        .get("households")
        .and_then(Value::as_array)
        .ok_or("no households")?;
    let document =
        reconcile_values(households, rosters, as_of, &policy).map_err(|e| e.to_string())?;
    serde_json::to_value(&document).map_err(|e| e.to_string())
}

#[test]
fn every_reconcile_vector_passes() {
    let root = hengjie_testkit::vectors_dir();
    let files = hengjie_testkit::vector_files();
    let mut failures = Vec::new();
    let mut count = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let vector: Value = serde_json::from_str(&text).unwrap();
        if vector.get("kind").and_then(Value::as_str) != Some("reconcile") {
            continue;
        }
        count += 1;
        let name = file
            .strip_prefix(&root)
            .unwrap_or(file)
            .display()
            .to_string();
        let outcome = run(&vector);
        let result = match (vector.get("expected_error"), outcome) {
            (Some(Value::String(want)), Err(got)) if got.contains(want.as_str()) => Ok(()),
            (Some(want), Err(got)) => Err(format!("error: expected {want}, got {got}")),
            (Some(want), Ok(doc)) => Err(format!("expected error {want}, got {doc}")),
            (None, Err(e)) => Err(format!("failed: {e}")),
            (None, Ok(doc)) => {
                let mut diffs = Vec::new();
                subset(&vector["expected"], &doc, "", &mut diffs);
                if diffs.is_empty() {
                    Ok(())
                } else {
                    Err(diffs.join("\n    "))
                }
            }
        };
        if let Err(why) = result {
            failures.push(format!("{name}:\n    {why}"));
        }
    }
    println!("{count} reconcile vectors, {} failed", failures.len());
    assert!(count >= 40, "only {count} reconcile vectors");
    assert!(
        failures.is_empty(),
        "{} of {count} vectors failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
