//! The JSON Schema of a parameter layer file (docs/contract.md#parameter-layer-files), built from
//! the registry so that every parameter name and kind is in it (`hengjie schema layer`).
//!
//! What it cannot say, and the loader checks: a value's upper bound (money ≤ 10^10, ratios ≤ 1,
//! multiples ≤ 1000, integers ≤ 10 000), that a date is a real date, that `from` dates increase
//! within a series, and that a key is not repeated.

use serde_json::{Value, json};

use super::{Kind, Param};

fn value_schema(kind: Kind) -> Value {
    // Decimal text: up to 12 integer digits, up to 10 decimals of which at most 2 (money) or 4
    // (ratios, multiples) before trailing zeros; a JSON number is read by its text the same way.
    let decimal = |places: usize| {
        let pattern = format!(
            r"^[0-9]{{1,12}}(\.[0-9]{{0,{places}}}0{{0,{}}})?$",
            10 - places
        );
        json!({ "type": ["string", "number"], "pattern": pattern, "minimum": 0 })
    };
    match kind {
        Kind::Money => decimal(2),
        Kind::Ratio | Kind::Multiple => decimal(4),
        // A signed ratio (-1..1): the ratio's text with an optional minus sign.
        Kind::SignedRatio => json!({
            "type": ["string", "number"],
            "pattern": r"^-?[0-9]{1,12}(\.[0-9]{0,4}0{0,6})?$",
            "minimum": -1,
            "maximum": 1
        }),
        Kind::Integer => json!({
            "anyOf": [
                { "type": "integer", "minimum": 0, "maximum": 10000 },
                { "type": "string", "pattern": "^[0-9]+$" }
            ]
        }),
        Kind::Boolean => json!({ "type": "boolean" }),
        Kind::Date => {
            json!({ "type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "format": "date" })
        }
    }
}

/// The layer file's JSON Schema (draft 2020-12).
pub fn layer_schema() -> Value {
    let mut parameters = serde_json::Map::new();
    for param in Param::ALL {
        parameters.insert(
            param.name().to_owned(),
            json!({
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["from", "value"],
                    "properties": {
                        "from": { "type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "format": "date" },
                        "value": value_schema(param.kind()),
                        "provenance": { "enum": ["seed", "national", "local", "illustrative"] },
                        "source": { "type": "string" }
                    }
                }
            }),
        );
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Layer",
        "description": "A parameter layer (docs/contract.md#parameter-layer-files): a jurisdiction and, for some parameters, a dated series that replaces the one below from its first `from` date on.",
        "type": "object",
        "additionalProperties": false,
        "required": ["jurisdiction", "parameters"],
        "properties": {
            "jurisdiction": { "type": "string", "minLength": 1, "maxLength": 64 },
            "parameters": {
                "type": "object",
                "additionalProperties": false,
                "properties": parameters
            }
        }
    })
}
