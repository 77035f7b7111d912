//! The provenance stamp (docs/contract.md#provenance): engine, rules, the layers with their digests
//! and one policy digest; each parameter row names its layer.
#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

use hengjie::json::Value;
use hengjie::params::{Layer, LayerSource};
use hengjie::{Policy, api};

const HH: &str = r#"{"id": "HH-1", "poverty_alleviated": false,
  "members": [{"id": "P1", "birth_date": "1980-05-01", "labor_capacity": "full", "medical_insured": true}],
  "income": {"wages": "5000"}}"#;

fn assess(policy: &Policy, on: &str) -> Value {
    let a = api::assess_json_str(HH, api::parse_as_of(on).unwrap(), policy).unwrap();
    hengjie::json::to_value(&a)
}

fn layer(value: &str) -> Policy {
    Policy::default()
        .with_layer_json(&format!(
            r#"{{"jurisdiction": "what-if", "parameters": {{"dibao.standard_monthly":
                [{{"from": "2024-01-01", "value": "{value}"}}]}}}}"#
        ))
        .unwrap()
}

fn is_digest(text: &Value) -> bool {
    text.as_str().is_some_and(|s| {
        s.strip_prefix("sha256:").is_some_and(|h| {
            h.len() == 64
                && h.bytes()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        })
    })
}

#[test]
fn every_assessment_is_stamped_after_its_jurisdiction() {
    let a = assess(&Policy::default(), "2023-06-30");
    let keys: Vec<&str> = a.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        &keys[..4],
        ["household_id", "as_of", "jurisdiction", "provenance"]
    );
    let p = &a["provenance"];
    assert_eq!(p["engine"], env!("CARGO_PKG_VERSION"));
    assert_eq!(p["rules"], "1.3");
    let layers: Vec<&str> = p["policy"]["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            assert!(is_digest(&l["digest"]), "{l}");
            l["jurisdiction"].as_str().unwrap()
        })
        .collect();
    assert_eq!(layers, ["national", "guangxi", "liuzhou", "yanghe"]);
    assert!(is_digest(&p["policy"]["digest"]));
    assert_eq!(p["policy"]["digest"], Policy::default().digest());
    // Every row names the layer that supplied it; `layer` follows `source`.
    for row in a["parameters"].as_array().unwrap() {
        let keys: Vec<&str> = row
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            ["name", "value", "from", "provenance", "source", "layer"]
        );
        assert!(layers.contains(&row["layer"].as_str().unwrap()), "{row}");
    }
}

#[test]
fn one_policy_has_one_digest_on_every_date() {
    let policy = layer("500");
    let before = assess(&policy, "2023-06-30");
    let after = assess(&policy, "2024-06-30");
    assert_eq!(before["provenance"], after["provenance"]);
    let layers = after["provenance"]["policy"]["layers"].as_array().unwrap();
    assert_eq!(layers.len(), 5);
    assert_eq!(layers[4]["jurisdiction"], "what-if");
    // The value in force on 2024-06-30 came from the user's layer, the 2023 one from below.
    let row = |a: &Value| {
        a["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == "dibao.standard_monthly")
            .unwrap()
            .clone()
    };
    assert_eq!(row(&after)["layer"], "what-if");
    assert_eq!(row(&after)["value"], "500");
    assert_ne!(row(&before)["layer"], "what-if");
}

#[test]
fn changing_one_value_changes_the_digests() {
    let a = layer("500");
    let b = layer("500.01");
    assert_ne!(a.digest(), b.digest());
    assert_ne!(a.digest(), Policy::default().digest());
    let (la, lb) = (&a.stamp().layers[4], &b.stamp().layers[4]);
    assert_ne!(la.digest, lb.digest);
    // The layers below are the same.
    assert_eq!(a.stamp().layers[..4], b.stamp().layers[..4]);
    // The same value written differently ("500.00", provenance and source in full) is the same.
    let c = Policy::default()
        .with_layer_json(
            r#"{"jurisdiction": "what-if", "parameters": {"dibao.standard_monthly":
                [{"from": "2024-01-01", "value": "500.00", "provenance": "illustrative", "source": ""}]}}"#,
        )
        .unwrap();
    assert_eq!(a.digest(), c.digest());
}

/// The layer digest is SHA-256 of the canonical JSON of its parameters as loaded (the
/// expectation computed apart, with Python's hashlib, from the text in the doc comment).
#[test]
fn a_layer_digest_is_sha256_of_its_canonical_parameters() {
    // {"dibao.standard_monthly":[{"from":"2024-01-01","provenance":"illustrative","source":"","value":"500.5"}]}
    let layer = Layer::from_json_str(
        r#"{"jurisdiction": "t", "parameters": {"dibao.standard_monthly": [{"value": "500.50", "from": "2024-01-01"}]}}"#,
        LayerSource::User,
    )
    .unwrap();
    let policy = Policy::default().with_layer(&layer);
    assert_eq!(
        policy.stamp().layers[4].digest,
        "sha256:914fddc52d7147e9ec1d99ca9e54a676d8e9478a2af6a579b9aa3b0b1837359d"
    );
}
