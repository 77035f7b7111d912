//! An `outputs` selection (docs/rust.md#outputs) against the full assessment, for every valid
//! household of the conformance corpus: each output asked for alone (and a few combinations) is
//! written byte for byte as the same field of the full assessment, the assessment has exactly the
//! identifying fields and the selected ones in output order, and its reasons are the full
//! assessment's reasons of the rules that ran. This also proves the dependency table of
//! `core/src/outputs.rs` complete: an output whose rule missed a dependency would not run (or run
//! on a placeholder) and differ from the full assessment here.

#![expect(
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test helpers fail loudly"
)]

use std::collections::HashMap;

use hengjie::{Output, Outputs, Policy, api};
use serde_json::Value;
use serde_json::value::RawValue;

/// The valid households of the corpus: (file name, input, as-of date, policy).
fn households() -> Vec<(String, Value, hengjie::Date, Policy)> {
    let mut out = Vec::new();
    for file in hengjie_testkit::vector_files() {
        let text = std::fs::read_to_string(&file).expect("readable vector");
        let vector: Value = serde_json::from_str(&text).expect("JSON vector");
        if vector
            .get("kind")
            .and_then(Value::as_str)
            .unwrap_or("household")
            != "household"
            || vector.get("expected").is_none()
        {
            continue;
        }
        let as_of = api::parse_as_of(vector["as_of"].as_str().expect("as_of")).expect("date");
        let policy = match vector.get("params") {
            None | Some(Value::Null) => Policy::default(),
            Some(layer) => Policy::default()
                .with_layer_json(&layer.to_string())
                .expect("layer"),
        };
        out.push((
            file.display().to_string(),
            vector["input"].clone(),
            as_of,
            policy,
        ));
    }
    out
}

/// The keys of a JSON object text, in order, with their raw values.
fn fields(text: &str) -> Vec<(String, String)> {
    // A map keeps no order; the keys are found in the text by parsing it field by field.
    struct Ordered(Vec<(String, String)>);
    impl<'de> serde::Deserialize<'de> for Ordered {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> serde::de::Visitor<'de> for V {
                type Value = Ordered;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    mut map: A,
                ) -> Result<Ordered, A::Error> {
                    let mut out = Vec::new();
                    while let Some((k, v)) = map.next_entry::<String, &'de RawValue>()? {
                        out.push((k, v.get().to_owned()));
                    }
                    Ok(Ordered(out))
                }
            }
            d.deserialize_map(V)
        }
    }
    serde_json::from_str::<Ordered>(text).expect("an object").0
}

fn members(raw: &str) -> Vec<Vec<(String, String)>> {
    let list: Vec<&RawValue> = serde_json::from_str(raw).expect("a list");
    list.iter().map(|m| fields(m.get())).collect()
}

/// The rule (`reasons[].rule`) of an output, when it has one.
fn rule_of(o: Output) -> Option<&'static str> {
    match o {
        Output::ChildSupport => Some("children"),
        Output::CareVisits => Some("care"),
        Output::CoverageGaps | Output::Margins => None,
        other => Some(other.name()),
    }
}

const IDENTIFYING: [&str; 4] = ["household_id", "as_of", "jurisdiction", "provenance"];
const EXPLANATION: [&str; 3] = ["reasons", "parameters", "warnings"];

/// Checks one selection of one household against its full assessment.
fn check(full_text: &str, selected_text: &str, selection: Outputs) -> Result<(), String> {
    let full: HashMap<String, String> = fields(full_text).into_iter().collect();
    let got = fields(selected_text);
    // The keys: identifying, selected household outputs (and members), explanation, in order.
    let mut want_keys: Vec<&str> = IDENTIFYING.to_vec();
    for o in selection.iter() {
        match o {
            Output::CoverageGaps | Output::Margins => {}
            o if o.row().place == hengjie::outputs::Place::Household => want_keys.push(o.name()),
            _ => {}
        }
    }
    if selection.any_member() {
        want_keys.push("members");
    }
    for o in [Output::CoverageGaps, Output::Margins] {
        if selection.contains(o) {
            want_keys.push(o.name());
        }
    }
    want_keys.extend(EXPLANATION);
    let got_keys: Vec<&str> = got.iter().map(|(k, _)| k.as_str()).collect();
    if got_keys != want_keys {
        return Err(format!("keys {got_keys:?}, want {want_keys:?}"));
    }
    for (key, raw) in &got {
        let whole = &full[key];
        if key == "members" {
            let (got_m, full_m) = (members(raw), members(whole));
            if got_m.len() != full_m.len() {
                return Err("member count".into());
            }
            for (g, f) in got_m.iter().zip(&full_m) {
                // Member keys in the full output's order.
                let mut want: Vec<&str> = vec!["person_id", "age"];
                for (k, _) in f {
                    if Output::of_key(k).is_some_and(|o| selection.contains(o)) {
                        want.push(k);
                    }
                }
                let f: HashMap<&str, &str> =
                    f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                let keys: Vec<&str> = g.iter().map(|(k, _)| k.as_str()).collect();
                if keys != want {
                    return Err(format!("member keys {keys:?}, want {want:?}"));
                }
                for (k, v) in g {
                    if f[k.as_str()] != v {
                        return Err(format!("member {k}: {v} ≠ {}", f[k.as_str()]));
                    }
                }
            }
        } else if !EXPLANATION.contains(&key.as_str()) && raw != whole {
            return Err(format!("{key}: {raw} ≠ {whole}"));
        }
    }
    // The reasons: exactly the full assessment's reasons of the rules that ran, in order.
    let ran: Vec<&str> = selection.needed().iter().filter_map(rule_of).collect();
    let full_reasons: Vec<Value> = serde_json::from_str(&full["reasons"]).expect("reasons");
    let want: Vec<&Value> = full_reasons
        .iter()
        .filter(|r| ran.contains(&r["rule"].as_str().unwrap_or_default()))
        .collect();
    let got_reasons: Vec<Value> =
        serde_json::from_str(&got.iter().find(|(k, _)| k == "reasons").expect("reasons").1)
            .expect("reasons");
    if got_reasons.iter().collect::<Vec<_>>() != want {
        return Err("reasons are not the full reasons of the rules that ran".into());
    }
    // Parameters and warnings: a part of the full lists, in their order.
    for key in ["parameters", "warnings"] {
        let all: Vec<Value> = serde_json::from_str(&full[key]).expect("list");
        let part: Vec<Value> =
            serde_json::from_str(&got.iter().find(|(k, _)| k == key).expect("key").1)
                .expect("list");
        let mut rest = all.iter();
        if !part.iter().all(|p| rest.any(|a| a == p)) {
            return Err(format!("{key} are not a part of the full {key}"));
        }
    }
    Ok(())
}

fn selections() -> Vec<Outputs> {
    use Output as O;
    let mut out: Vec<Outputs> = Output::ALL.iter().map(|o| Outputs::from([*o])).collect();
    out.extend([
        Outputs::NONE,
        Outputs::from([O::Monitoring, O::Dibao]),
        Outputs::from([O::Transition, O::Housing, O::Pension]),
        Outputs::from([O::AssistanceApproach, O::CareVisits, O::Margins]),
        Outputs::from([O::Tekun, O::Employment, O::CoverageGaps]),
        Outputs::from([O::LowIncome, O::Medical, O::Education, O::ChildSupport]),
    ]);
    out
}

#[test]
fn every_selected_output_is_the_same_field_of_the_full_assessment() {
    let mut failures = Vec::new();
    let mut compared = 0;
    for (name, input, as_of, policy) in households() {
        let assessor = api::Assessor::new(&policy, as_of).expect("parameters");
        let Ok(full) = assessor.assess_value(&input) else {
            continue;
        };
        let full_text = full.to_canonical_json();
        assert_eq!(
            full_text,
            api::assess_value(&input, as_of, &policy)
                .expect("assessed")
                .to_canonical_json(),
            "no selection is the full assessment: {name}"
        );
        for selection in selections() {
            let a = assessor
                .clone()
                .selection(selection)
                .assess_value(&input)
                .expect("assessed");
            let text = hengjie::canonical_json(&a);
            if let Err(why) = check(&full_text, &text, selection) {
                let names: Vec<&str> = selection.iter().map(Output::name).collect();
                failures.push(format!("{name} {names:?}: {why}"));
            }
            compared += 1;
        }
    }
    assert!(compared > 200 * 24, "only {compared} selections compared");
    assert!(
        failures.is_empty(),
        "{} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Without explanations the selection writes no reasons and no parameters, and its decisions
/// are those with explanations.
#[test]
fn a_selection_without_explanations_has_the_same_decisions() {
    let (_, input, as_of, policy) = households().into_iter().next().expect("a household");
    let selection = Outputs::from([Output::Monitoring, Output::Dibao]);
    let on = api::Assessor::new(&policy, as_of)
        .expect("parameters")
        .selection(selection);
    let off = on.clone().explain(false);
    let (a, b) = (
        fields(&on.assess_value(&input).expect("ok").to_canonical_json()),
        fields(&off.assess_value(&input).expect("ok").to_canonical_json()),
    );
    assert_eq!(a.len(), b.len());
    for ((ka, va), (kb, vb)) in a.iter().zip(&b) {
        assert_eq!(ka, kb);
        match ka.as_str() {
            "reasons" | "parameters" => assert_eq!(vb, "[]"),
            _ => assert_eq!(va, vb, "{ka}"),
        }
    }
}

/// Monitoring and dibao alone, hand-checked on the docs' example household (one member, wages
/// 5000 a year, on 2023-06-30: dibao standard 500 a month): dibao eligible, (500 × 12 − 5000) /
/// 12 = 83.33 a month; 5000 a year is under the monitoring line, a marginal household. Nothing
/// else is written.
#[test]
fn monitoring_and_dibao_alone() {
    let policy = Policy::default();
    let as_of = api::parse_as_of("2023-06-30").expect("date");
    let input = serde_json::json!({"id": "HH-1", "poverty_alleviated": false,
        "members": [{"id": "P1", "birth_date": "1980-05-01", "labor_capacity": "full",
                     "medical_insured": true}], "income": {"wages": "5000"}});
    let a = api::Assessor::new(&policy, as_of)
        .expect("parameters")
        .explain(false)
        .selection(Outputs::parse("monitoring,dibao").expect("names"))
        .assess_value(&input)
        .expect("ok");
    let keys: Vec<String> = fields(&a.to_canonical_json())
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    assert_eq!(
        keys,
        [
            "household_id",
            "as_of",
            "jurisdiction",
            "provenance",
            "monitoring",
            "dibao",
            "reasons",
            "parameters",
            "warnings"
        ]
    );
    assert_eq!(a.dibao.monthly_benefit.to_string(), "83.33");
    assert_eq!(a.monitoring.category.map(|c| c.as_str()), Some("marginal"));
}

#[test]
fn an_unknown_output_name_is_a_coded_error() {
    let errors = Outputs::parse("monitoring,dibao_amount").expect_err("unknown");
    let e = &errors.list()[0];
    assert_eq!(errors.list().len(), 1);
    assert_eq!(e.code().as_str(), "invalid_value");
    assert_eq!(e.path(), "");
    assert!(
        e.message_en().contains("\"dibao_amount\""),
        "{}",
        e.message_en()
    );
    assert!(
        e.message_zh().contains("“dibao_amount”"),
        "{}",
        e.message_zh()
    );
    assert!(Outputs::parse("").is_err());
}
