//! The canonical writer takes some texts whole instead of writing them field by field: the
//! provenance stamp (kept per thread for the last stamp written), each `illustrative_parameter`
//! warning (kept per parameter), each list of `warnings` naming no person and each list of
//! `parameters` rows (kept per thread, found by their names' and texts' addresses) and the margins' messages (formatted straight into the record).
//! serde_json writes every value field by field, so on every household of the conformance vectors
//! and the samples, explained and not, under two policies taking turns on one thread, the two
//! must give the same bytes.
#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

use hengjie::api::{self, Assessor};
use hengjie::{Assessment, Explain, Policy, Warning, WarningCode, canonical_json};
use serde_json::Value;

/// A policy whose stamp differs from the default's: one more layer.
fn what_if() -> Policy {
    Policy::default()
        .with_layer_json(
            r#"{"jurisdiction": "what-if", "parameters": {"dibao.standard_monthly":
                [{"from": "2021-01-01", "value": "650"}]}}"#,
        )
        .unwrap()
}

#[test]
fn every_record_is_the_text_serde_json_writes_field_by_field() {
    let policies = [Policy::default(), what_if()];
    let cases = hengjie_testkit::default_policy_households();
    assert!(cases.len() > 400, "only {} households found", cases.len());
    let (mut written, mut warnings, mut margins, mut stamps) = (0, 0, 0, Vec::new());
    for (as_of, value) in &cases {
        let Ok(date) = api::parse_as_of(as_of) else {
            continue;
        };
        // The two policies take turns on this thread: each record must carry its own stamp.
        for policy in &policies {
            for explain in [Explain::Full, Explain::None] {
                let Ok(assessor) = Assessor::new(policy, date) else {
                    continue;
                };
                let Ok(a) = assessor.explanations(explain).assess_value(value) else {
                    continue;
                };
                let canonical = canonical_json(&a);
                assert_eq!(canonical, serde_json::to_string(&a).unwrap(), "{value}");
                written += 1;
                warnings += a
                    .warnings
                    .iter()
                    .filter(|w| w.code == WarningCode::IllustrativeParameter)
                    .count();
                margins += a.margins.len();
                let stamp = serde_json::to_value(&a.provenance).unwrap();
                let record: Value = serde_json::from_str(&canonical).unwrap();
                assert_eq!(record.get("provenance"), Some(&stamp));
                if !stamps.contains(&stamp) {
                    stamps.push(stamp);
                }
            }
        }
    }
    assert!(written > 1200, "only {written} records written");
    assert!(warnings > 10_000 && margins > 1_000, "{warnings} {margins}");
    assert_eq!(stamps.len(), 2, "both policies' stamps were written");
}

#[test]
fn a_warning_the_writer_keeps_no_text_for_is_written_field_by_field() {
    let kept = Warning {
        code: WarningCode::IllustrativeParameter,
        parameter: Some(hengjie::params::Param::MonitoringIncomeLine.name()),
        person_id: None,
    };
    // The same name in another string, a person, another code: written field by field.
    let name = String::from("monitoring.income_line").leak();
    let others = [
        Warning {
            parameter: Some(name),
            ..kept.clone()
        },
        Warning {
            person_id: Some("P\"1".to_owned()),
            ..kept.clone()
        },
        Warning {
            code: WarningCode::SchoolingUnknown,
            parameter: None,
            person_id: Some("P2".to_owned()),
        },
    ];
    assert_eq!(
        canonical_json(&kept),
        r#"{"code":"illustrative_parameter","parameter":"monitoring.income_line","person_id":null}"#
    );
    for w in &others {
        assert_eq!(canonical_json(w), serde_json::to_string(w).unwrap());
    }
    assert_eq!(
        canonical_json(&others[1]),
        r#"{"code":"illustrative_parameter","parameter":"monitoring.income_line","person_id":"P\"1"}"#
    );
}

/// The first household of the vectors and samples, under the default policy, whose assessment
/// `keep` takes.
fn first_assessment(explain: Explain, keep: impl Fn(&Assessment) -> bool) -> Assessment {
    let policy = Policy::default();
    hengjie_testkit::default_policy_households()
        .iter()
        .filter_map(|(as_of, value)| {
            let assessor = Assessor::new(&policy, api::parse_as_of(as_of).ok()?).ok()?;
            assessor.explanations(explain).assess_value(value).ok()
        })
        .find(|a| keep(a))
        .unwrap()
}

/// Writes each variant twice, `a` between: a kept text is taken only for its own list, and
/// every record is the text serde_json writes.
fn each_as_serde_json_writes_it(a: &Assessment, variants: impl IntoIterator<Item = Assessment>) {
    let text = canonical_json(a);
    assert_eq!(text, serde_json::to_string(a).unwrap());
    for b in variants {
        for _ in 0..2 {
            assert_eq!(canonical_json(&b), serde_json::to_string(&b).unwrap());
            assert_eq!(canonical_json(a), text);
        }
    }
}

#[test]
fn a_kept_list_of_warnings_is_taken_only_for_the_same_list() {
    // A household whose rules read illustrative parameters: a list of some twenty warnings.
    let a = first_assessment(Explain::None, |a| {
        a.warnings.len() > 3 && a.warnings.iter().all(|w| w.person_id.is_none())
    });
    let last = a.warnings.len() - 1;
    // The last warning naming a parameter (some name none: a missing input value).
    let at = a
        .warnings
        .iter()
        .rposition(|w| w.parameter.is_some())
        .unwrap();
    let same_text = String::from(a.warnings[at].parameter.unwrap()).leak();
    // The list with its warning at `i` changed.
    let changed = |i: usize, change: &dyn Fn(&mut Warning)| {
        let mut list = a.warnings.clone();
        change(&mut list[i]);
        list
    };
    let variants: Vec<Vec<Warning>> = vec![
        // The same names, one of them in another string: the same text, kept apart.
        changed(at, &|w| w.parameter = Some(same_text)),
        // Another parameter's name in its place.
        changed(at, &|w| w.parameter = a.warnings[0].parameter),
        // Another code, a person, one fewer, the order turned round, none.
        changed(last, &|w| w.code = WarningCode::SchoolingUnknown),
        changed(last, &|w| w.person_id = Some("P\"1".to_owned())),
        a.warnings[..last].to_vec(),
        a.warnings.iter().rev().cloned().collect(),
        Vec::new(),
    ];
    let variants = variants.into_iter().map(|warnings| Assessment {
        warnings,
        ..a.clone()
    });
    each_as_serde_json_writes_it(&a, variants);
}

#[test]
fn a_kept_list_of_parameter_rows_is_taken_only_for_the_same_rows() {
    let a = first_assessment(Explain::Full, |a| a.parameters.len() > 3);
    let last = a.parameters.len() - 1;
    // The rows with row `i` changed.
    let changed = |i: usize, change: &dyn Fn(&mut hengjie::params::ParamRow)| {
        let mut rows = a.parameters.clone();
        change(&mut rows[i]);
        rows
    };
    let variants = vec![
        // The same text in another `Arc`: the same text, kept apart.
        changed(last, &|r| r.value = std::sync::Arc::from(&*r.value)),
        changed(0, &|r| {
            r.source = std::sync::Arc::from(format!("{} \"x\"", r.source))
        }),
        changed(last, &|r| r.layer = std::sync::Arc::from("what-if")),
        changed(last, &|r| {
            r.provenance = hengjie::params::Provenance::Illustrative
        }),
        changed(0, &|r| {
            r.name = hengjie::params::Param::MonitoringIncomeLine.name()
        }),
        a.parameters[..last].to_vec(),
        a.parameters.iter().rev().cloned().collect(),
        Vec::new(),
    ];
    let variants = variants.into_iter().map(|parameters| Assessment {
        parameters,
        ..a.clone()
    });
    each_as_serde_json_writes_it(&a, variants);
}
