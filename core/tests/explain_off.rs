//! Explanations off (`Assessor::explain(false)`) changes nothing but the texts: for every
//! household of the conformance vectors and the sample population, the canonical JSON with
//! `reasons` and `parameters` emptied is byte-identical either way.

use hengjie::{Policy, api, canonical_json};

#[test]
fn decisions_are_byte_identical_with_explanations_off() {
    let policy = Policy::default();
    let cases = hengjie_testkit::default_policy_households();
    assert!(cases.len() > 400, "only {} households found", cases.len());
    let mut assessed = 0;
    for (as_of, value) in &cases {
        let Ok(date) = api::parse_as_of(as_of) else {
            continue;
        };
        let Ok(on) = api::Assessor::new(&policy, date) else {
            continue;
        };
        let off = on.clone().explain(false);
        let (Ok(mut full), Ok(quiet)) = (on.assess_value(value), off.assess_value(value)) else {
            continue;
        };
        assert!(!full.reasons.is_empty());
        assert!(quiet.reasons.is_empty() && quiet.parameters.is_empty());
        full.reasons.clear();
        full.parameters.clear();
        assert_eq!(canonical_json(&full), canonical_json(&quiet), "{value}");
        assessed += 1;
    }
    assert!(assessed > 300, "only {assessed} households assessed");
}
