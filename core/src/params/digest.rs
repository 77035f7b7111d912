//! Digests of parameter layers and of a merged policy (docs/contract.md#provenance).
//!
//! A digest is `"sha256:"` + the lowercase hex SHA-256 of a canonical JSON text: an object with
//! one key per parameter name, sorted, whose value is the array of its dated entries in `from`
//! order, each `{"from", "provenance", "source", "value"}` (keys sorted, no spaces, serde_json's
//! string escaping). `value` is written as loaded: money, ratios and multiples as a string without
//! trailing zeros (`"520.5"`), integers as a number, booleans as `true`/`false`, dates as a
//! `YYYY-MM-DD` string. A user layer's defaults are filled in first (`provenance`
//! `illustrative`, `source` `""`), so a layer and the same layer written out in full have one
//! digest. The layer digest covers the layer's parameters only (not its `jurisdiction`, which the
//! stamp names beside it); the policy digest covers every parameter's merged series (an
//! undefined parameter is an empty array), so it does not depend on the as-of date.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Entry, Layer, Param, Value};

/// One layer of a policy, bottom to top: its jurisdiction and the digest of its parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
#[serde(deny_unknown_fields)]
pub struct LayerStamp {
    pub jurisdiction: String,
    pub digest: String,
}

/// The layers of a policy and the digest of its merged parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
#[serde(deny_unknown_fields)]
pub struct PolicyStamp {
    pub layers: Vec<LayerStamp>,
    pub digest: String,
}

/// An entry as the digest reads it: keys in sorted order.
#[derive(Serialize)]
struct Canonical<'a> {
    from: String,
    provenance: &'static str,
    source: &'a str,
    value: CanonicalValue,
}

#[derive(Serialize)]
#[serde(untagged)]
enum CanonicalValue {
    Text(String),
    Integer(u32),
    Boolean(bool),
}

fn canonical(entry: &Entry) -> Canonical<'_> {
    Canonical {
        from: entry.from().to_string(),
        provenance: entry.provenance().as_str(),
        source: entry.source(),
        value: match entry.value() {
            Value::Integer(n) => CanonicalValue::Integer(n),
            Value::Boolean(b) => CanonicalValue::Boolean(b),
            v @ (Value::Decimal(_) | Value::Date(_)) => CanonicalValue::Text(v.text()),
        },
    }
}

fn sha256<'a>(series: impl Iterator<Item = (&'static str, &'a [Entry])>) -> String {
    let map: BTreeMap<&str, Vec<Canonical<'_>>> = series
        .map(|(name, entries)| (name, entries.iter().map(canonical).collect()))
        .collect();
    // Serialising strings, numbers and booleans into a string cannot fail.
    let text = serde_json::to_string(&map).unwrap_or_default();
    let hash = Sha256::digest(text.as_bytes());
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for byte in hash.iter() {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

/// The digest of one layer's parameters as loaded.
pub(super) fn layer(layer: &Layer) -> String {
    sha256(layer.series().map(|(p, e)| (p.name(), e)))
}

/// The digest of every parameter's merged series (indexed as [`Param::ALL`]).
pub(super) fn merged(series: &[Vec<Entry>]) -> String {
    sha256(Param::ALL.iter().map(|p| {
        (
            p.name(),
            series.get(p.index()).map_or(&[][..], Vec::as_slice),
        )
    }))
}
