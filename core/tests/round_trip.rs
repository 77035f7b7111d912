//! A stored assessment reads back (`Assessment: Deserialize`) and writes the same bytes again:
//! every household vector of `tests/vectors/` and every example household, under each
//! `--explain` choice and with the parameter rows once. On the way, the core's canonical writer
//! is checked against serde_json's on each of these records: the same bytes.
#![expect(clippy::unwrap_used, clippy::panic, reason = "tests fail loudly")]

use hengjie::Explain;
use hengjie::{Assessment, Policy, api};
use serde_json::Value;

/// Serialises, reads back, serialises again: the two texts must be equal.
fn round_trip(a: &Assessment, what: &str) -> Assessment {
    let text = a.to_canonical_json();
    assert_eq!(
        Some(&text),
        serde_json::to_string(a).ok().as_ref(),
        "{what}: the canonical writer and serde_json differ"
    );
    let back: Assessment = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{what}: the stored assessment does not read back: {e}"));
    assert_eq!(back.to_canonical_json(), text, "{what}");
    back
}

/// The decisions read back equal the ones made (the fields that are not output aside).
fn same_decisions(made: &Assessment, back: &Assessment, what: &str) {
    assert_eq!(back.household_id, made.household_id, "{what}");
    assert_eq!(back.as_of, made.as_of, "{what}");
    assert_eq!(back.provenance, made.provenance, "{what}");
    assert_eq!(back.monitoring.include, made.monitoring.include, "{what}");
    assert_eq!(back.monitoring.category, made.monitoring.category, "{what}");
    assert_eq!(back.monitoring.risks, made.monitoring.risks, "{what}");
    assert_eq!(back.dibao, made.dibao, "{what}");
    assert_eq!(back.members, made.members, "{what}");
    assert_eq!(back.reasons, made.reasons, "{what}");
    assert_eq!(back.parameters, made.parameters, "{what}");
    assert_eq!(back.warnings, made.warnings, "{what}");
    assert_eq!(back.margins.len(), made.margins.len(), "{what}");
    for (b, m) in back.margins.iter().zip(&made.margins) {
        assert_eq!(
            (b.decision, b.unit, b.parameter),
            (m.decision, m.unit, m.parameter)
        );
        assert_eq!(b.change(), m.change(), "{what}");
    }
}

fn assessors<'p>(policy: &'p Policy, as_of: &str) -> Vec<(String, api::Assessor<'p>)> {
    let on = api::parse_as_of(as_of).unwrap();
    let full = api::Assessor::new(policy, on).unwrap();
    let mut out = Vec::new();
    for explain in [Explain::Full, Explain::Codes, Explain::None] {
        for once in [false, true] {
            let a = full.clone().explanations(explain).parameters_once(once);
            out.push((format!("explain {explain}, parameters once {once}"), a));
        }
    }
    out
}

#[test]
fn every_vector_household_reads_back_byte_for_byte() {
    let mut households = 0;
    for path in hengjie_testkit::vector_files() {
        let vector: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let kind = vector.get("kind").and_then(Value::as_str);
        if !matches!(kind, None | Some("household")) || vector.get("expected").is_none() {
            continue;
        }
        let policy = match vector.get("params") {
            None | Some(Value::Null) => Policy::default(),
            Some(layer) => Policy::default()
                .with_layer_json(&layer.to_string())
                .unwrap(),
        };
        let as_of = vector["as_of"].as_str().unwrap();
        for (how, assessor) in assessors(&policy, as_of) {
            let what = format!("{} ({how})", path.display());
            let made = assessor.assess_value(&vector["input"]).unwrap();
            let back = round_trip(&made, &what);
            same_decisions(&made, &back, &what);
        }
        households += 1;
    }
    assert!(households > 150, "only {households} household vectors");
}

#[test]
fn every_example_household_reads_back_byte_for_byte() {
    let policy = Policy::default();
    let text = include_str!("../../examples/households.jsonl");
    let mut margins = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let input: Value = serde_json::from_str(line).unwrap();
        for (how, assessor) in assessors(&policy, "2023-06-30") {
            let made = assessor.assess_value(&input).unwrap();
            let back = round_trip(&made, &format!("{} ({how})", made.household_id));
            margins += back.margins.len();
        }
    }
    assert!(margins > 0);
}

#[test]
fn a_record_naming_what_this_engine_cannot_give_is_refused() {
    let policy = Policy::default();
    let input: Value = serde_json::from_str(
        include_str!("../../examples/households.jsonl")
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    let made = api::assess_value(&input, api::parse_as_of("2023-06-30").unwrap(), &policy).unwrap();
    let stored: Value = serde_json::to_value(&made).unwrap();
    let refused = |edit: &dyn Fn(&mut Value), why: &str| {
        let mut v = stored.clone();
        edit(&mut v);
        let err = serde_json::from_value::<Assessment>(v)
            .unwrap_err()
            .to_string();
        assert!(err.contains(why), "{err}");
    };
    assert!(!made.reasons.is_empty() && !made.parameters.is_empty());
    refused(
        &|v| v["reasons"][0]["code"] = "no_such_code".into(),
        "is not a reason code of rule",
    );
    refused(&|v| v["reasons"][0]["clause"] = "九(九)".into(), "cites");
    refused(
        &|v| v["parameters"][0]["name"] = "dibao.no_such".into(),
        "`dibao.no_such` is not a parameter",
    );
    // Money is read in its output form only: two decimals.
    refused(
        &|v| v["dibao"]["monthly_benefit"] = "249.9".into(),
        "two decimals",
    );
    refused(&|v| v["dibao"]["monthly_benefit"] = 249.96.into(), "");
    refused(&|v| v["monitoring"]["include"] = "yes".into(), "");
}
