//! `Explain::Codes` keeps every reason's rule, code, clause, person and values with empty texts;
//! `Explain::None` drops reasons and rows; `parameters_once` moves the shared rows and the
//! `illustrative_parameter` warnings into one header. Decisions never change.
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use hengjie::{Explain, WarningCode};
use hengjie::{Policy, api};
use serde_json::Value;

fn households() -> Vec<Value> {
    let text = include_str!("../../examples/households.jsonl");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn codes_keep_everything_but_the_texts_and_none_keeps_the_decisions() {
    let policy = Policy::default();
    let on = api::parse_as_of("2023-06-30").unwrap();
    let full = api::Assessor::new(&policy, on).unwrap();
    let codes = full.clone().explanations(Explain::Codes);
    let none = full.clone().explanations(Explain::None);
    let mut reasons = 0;
    for h in households() {
        let (f, c, n) = (
            full.assess_value(&h).unwrap(),
            codes.assess_value(&h).unwrap(),
            none.assess_value(&h).unwrap(),
        );
        assert_eq!(f.reasons.len(), c.reasons.len());
        for (a, b) in f.reasons.iter().zip(&c.reasons) {
            assert_eq!((a.rule, a.code, a.clause), (b.rule, b.code, b.clause));
            assert_eq!((&a.person_id, &a.values), (&b.person_id, &b.values));
            assert!(!a.message_en.is_empty() && !a.message_zh.is_empty());
            assert!(b.message_en.is_empty() && b.message_zh.is_empty());
            reasons += 1;
        }
        assert_eq!(f.parameters, c.parameters);
        assert!(n.reasons.is_empty() && n.parameters.is_empty());
        assert_eq!((&f.warnings, &f.margins), (&n.warnings, &n.margins));
        let strip = |mut a: hengjie::Assessment| {
            a.reasons.clear();
            a.parameters.clear();
            a
        };
        assert_eq!(strip(f), strip(n));
        // Every key stays present: the texts are empty strings.
        let v = serde_json::to_value(&c).unwrap();
        if let Some(r) = v["reasons"].as_array().and_then(|r| r.first()) {
            assert_eq!(r["message_en"], "");
            assert_eq!(r["message_zh"], "");
        }
    }
    assert!(reasons > 20, "{reasons}");
    assert_eq!(Explain::Codes.to_string(), "codes");
    assert_eq!(Explain::from_word("none"), Some(Explain::None));
}

#[test]
fn parameters_once_moves_the_shared_rows_into_one_header() {
    let policy = Policy::default();
    let on = api::parse_as_of("2023-06-30").unwrap();
    let each = api::Assessor::new(&policy, on).unwrap();
    let once = each.clone().parameters_once(true);
    let header = once.header();
    assert_eq!(header.as_of, on);
    assert_eq!(header.parameters, policy.rows_on(on).unwrap());
    assert_eq!(header.provenance, *hengjie::Stamp::of(&policy));
    for h in households() {
        let (a, b) = (
            each.assess_value(&h).unwrap(),
            once.assess_value(&h).unwrap(),
        );
        assert!(b.parameters.is_empty());
        // Every row of a record is in the header; so is every illustrative warning.
        for row in &a.parameters {
            assert!(header.parameters.contains(row), "{row:?}");
        }
        let (shared, own): (Vec<_>, Vec<_>) = a
            .warnings
            .iter()
            .cloned()
            .partition(|w| w.code == WarningCode::IllustrativeParameter);
        for w in &shared {
            assert!(header.warnings.contains(w), "{w:?}");
        }
        assert_eq!(b.warnings, own);
        assert_eq!((a.dibao, a.monitoring), (b.dibao, b.monitoring));
    }
}

#[test]
fn an_assessor_for_a_thread_makes_the_same_assessments_with_its_own_shared_values() {
    let policy = Policy::default();
    let on = api::parse_as_of("2023-06-30").unwrap();
    let shared = api::Assessor::new(&policy, on).unwrap().explain(false);
    let own = shared.for_thread();
    for h in households() {
        let (a, b) = (
            shared.assess_value(&h).unwrap(),
            own.assess_value(&h).unwrap(),
        );
        assert_eq!(a, b);
        assert_eq!(hengjie::canonical_json(&a), hengjie::canonical_json(&b));
        // The stamp and the jurisdiction are equal copies, not the policy's own.
        assert!(std::sync::Arc::ptr_eq(&a.provenance, policy.provenance()));
        assert!(!std::sync::Arc::ptr_eq(&a.provenance, &b.provenance));
        assert!(!std::sync::Arc::ptr_eq(&a.jurisdiction, &b.jurisdiction));
        assert_eq!(*b.jurisdiction, *policy.jurisdiction());
    }
}
