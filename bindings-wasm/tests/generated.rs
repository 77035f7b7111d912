//! The checked-in JSON Schema of the household input (`src/household.schema.json`, returned by
//! `householdSchema()` and turned into `src/household.d.ts` by `scripts/gen-types.mjs`) is the
//! one schemars derives from the core's model. Fails with a diff when they drift; regenerate with
//! `HENGJIE_BLESS=1 cargo test -p hengjie-wasm --test generated`.

use std::path::Path;

#[test]
fn household_schema_is_current() -> Result<(), Box<dyn std::error::Error>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/household.schema.json");
    let schema = schemars::schema_for!(hengjie::model::Household);
    let fresh = format!("{}\n", serde_json::to_string_pretty(&schema)?);
    if std::env::var_os("HENGJIE_BLESS").is_some() {
        std::fs::write(&path, &fresh)?;
        return Ok(());
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    if checked_in != fresh {
        let diff: Vec<String> = checked_in
            .lines()
            .zip(fresh.lines())
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .take(10)
            .map(|(i, (a, b))| format!("line {}:\n- {a}\n+ {b}", i + 1))
            .collect();
        return Err(format!(
            "{} is stale ({} vs {} lines); first differences:\n{}\n\
             regenerate: HENGJIE_BLESS=1 cargo test -p hengjie-wasm --test generated",
            path.display(),
            checked_in.lines().count(),
            fresh.lines().count(),
            diff.join("\n")
        )
        .into());
    }
    Ok(())
}
