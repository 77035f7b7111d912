//! The Rust surface: wire names on every output enum, common types at the crate root, one error
//! list from either error type.
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use hengjie::rules::{medical, monitoring};
use hengjie::{
    Assessor, DibaoStatus, Errors, Explain, GapCode, HousingStatus, LoanStatus, MarginDecision,
    Policy, Rule, WarningCode,
};

fn wire<T: serde::Serialize>(t: &T) -> String {
    let value = serde_json::to_value(t).unwrap();
    value.as_str().unwrap().to_owned()
}

#[test]
fn output_enums_say_their_wire_names() {
    assert_eq!(DibaoStatus::GradualExit.as_str(), "gradual_exit");
    assert_eq!(LoanStatus::NotInForce.to_string(), "not_in_force");
    assert_eq!(Rule::AssistanceApproach.as_str(), "assistance_approach");
    assert_eq!(
        WarningCode::IncomeExceededOnNotProvided.to_string(),
        "income_exceeded_on_not_provided"
    );
    assert_eq!(GapCode::PensionNotInsured.as_str(), "pension_not_insured");
    assert_eq!(
        MarginDecision::DibaoGradualExit.as_str(),
        "dibao.gradual_exit"
    );
    assert_eq!(
        monitoring::ExitBlocker::IncomeNotStable.to_string(),
        "income_not_stable"
    );
    assert_eq!(medical::Basis::Monitored.to_string(), "monitored");
    // Public `as_str` on the enums whose word their rule file writes.
    assert_eq!(
        monitoring::ExitBlocker::IncomeNotStable.as_str(),
        "income_not_stable"
    );
    assert_eq!(medical::Basis::Monitored.as_str(), "monitored");
    assert_eq!(
        hengjie::rules::pension::ProxyBasis::SevereDisability.as_str(),
        wire(&hengjie::rules::pension::ProxyBasis::SevereDisability)
    );
    assert_eq!(
        HousingStatus::RenovationEligible.as_str(),
        wire(&HousingStatus::RenovationEligible)
    );
    assert_eq!(hengjie::Provenance::Seed.to_string(), "seed");
    assert_eq!(Explain::Codes.to_string(), "codes");
    // Over the sample population: every enum value in the output says what it serialises as.
    let policy = Policy::default();
    let assessor =
        Assessor::new(&policy, hengjie::api::parse_as_of("2023-06-30").unwrap()).unwrap();
    let mut seen = 0;
    for line in include_str!("../../examples/households.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        let a = assessor
            .assess_value(&serde_json::from_str::<serde_json::Value>(line).unwrap())
            .unwrap();
        assert_eq!(a.dibao.status.as_str(), wire(&a.dibao.status));
        assert_eq!(a.small_loan.status.to_string(), wire(&a.small_loan.status));
        assert_eq!(a.transition.phase.as_str(), wire(&a.transition.phase));
        assert_eq!(a.housing.status.as_str(), wire(&a.housing.status));
        for r in &a.monitoring.risks {
            assert_eq!(r.as_str(), wire(r));
        }
        if let Some(c) = a.monitoring.category {
            assert_eq!(c.to_string(), wire(&c));
        }
        for r in &a.reasons {
            assert_eq!(r.rule.to_string(), wire(&r.rule));
            seen += 1;
        }
        for m in &a.margins {
            assert_eq!(m.decision.as_str(), wire(&m.decision));
        }
        for w in &a.warnings {
            assert_eq!(w.code.as_str(), wire(&w.code));
        }
    }
    assert!(seen > 0);
}

#[test]
fn either_error_type_gives_the_one_list() {
    let policy = Policy::default();
    let on = hengjie::api::parse_as_of("2023-06-30").unwrap();
    let e = hengjie::api::assess_json_str("{", on, &policy).unwrap_err();
    let list: Errors = e.clone().into();
    assert_eq!(&list, e.errors());
    assert_eq!(list.list()[0].code().as_str(), "malformed_json");
}

#[test]
fn rule_params_names_each_rules_parameters_in_rule_order() {
    let map = hengjie::api::rule_params();
    let map = map.as_object().unwrap();
    let rules: Vec<&str> = map.keys().map(String::as_str).collect();
    assert_eq!(rules.len(), 16);
    assert_eq!(
        rules[..4],
        ["transition", "monitoring", "assistance_approach", "dibao"]
    );
    // docs/rules/dibao.md reads the standard and the gradual-exit months; §15 and §16 read none.
    assert_eq!(
        map["dibao"],
        serde_json::json!(["dibao.gradual_exit_months", "dibao.standard_monthly"])
    );
    assert_eq!(map["low_income"], serde_json::json!([]));
    assert_eq!(map["housing"], serde_json::json!([]));
}
