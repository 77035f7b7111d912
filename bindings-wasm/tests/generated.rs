//! The checked-in JSON Schemas are the ones schemars derives from the core's types, and fail with
//! a diff when they drift (regenerate with `HENGJIE_BLESS=1 cargo test -p hengjie-wasm --test
//! generated`, then `node bindings-wasm/scripts/gen-types.mjs` for the TypeScript):
//!
//! - `src/household.schema.json`, the household input (returned by `householdSchema()`, turned
//!   into `src/household.d.ts`);
//! - `src/assessment.schema.json`, the outputs: `Assessment` at the root, with `VillageAssessment`,
//!   `FarmlandAssessment`, `ErrorDetail` and `ParamRow` among its definitions (turned into
//!   `src/assessment.d.ts`). It describes what is serialised (serde writes every key, `null` for
//!   an absent value), so an `Option` is a required, nullable property.

use std::path::Path;

use schemars::generate::SchemaSettings;

#[test]
fn household_schema_is_current() -> Result<(), Box<dyn std::error::Error>> {
    // With the label table's titles and value labels (one source: core/src/labels.rs).
    let schema = hengjie::labels::household_schema();
    check("src/household.schema.json", &schema)
}

#[test]
fn assessment_schema_is_current() -> Result<(), Box<dyn std::error::Error>> {
    let mut generator = SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    // Definitions of the other outputs, listed by the root (`$defs`) next to the assessment's own.
    generator.subschema_for::<hengjie::village::VillageAssessment>();
    generator.subschema_for::<hengjie::village::FarmlandAssessment>();
    generator.subschema_for::<hengjie::ErrorDetail>();
    generator.subschema_for::<hengjie::params::ParamRow>();
    let schema = generator.into_root_schema_for::<hengjie::Assessment>();
    check("src/assessment.schema.json", &schema)
}

fn check(relative: &str, schema: &impl serde::Serialize) -> Result<(), Box<dyn std::error::Error>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let fresh = format!("{}\n", serde_json::to_string_pretty(schema)?);
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
