//! Invariants of the rules, over generated households (proptest).
#![expect(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test helpers fail loudly on a broken fixture"
)]

use hengjie::rules::dibao::Status;
use hengjie::{Policy, api};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::json;

fn household(members: usize, wages: i64, transfers: i64, on_dibao: bool) -> serde_json::Value {
    let members: Vec<_> = (0..members)
        .map(|i| json!({"id": format!("P{i}"), "birth_date": "1980-05-01", "labor_capacity": "full", "medical_insured": true}))
        .collect();
    let mut h = json!({
        "id": "HH", "poverty_alleviated": false, "members": members,
        "income": {"wages": format!("{}.{:02}", wages / 100, wages % 100), "transfers": format!("{}.{:02}", transfers / 100, transfers % 100)},
    });
    if on_dibao {
        h["dibao"] = json!({"since": "2022-01-01", "current_monthly_benefit": "100", "income_exceeded_on": "2023-03-01"});
    }
    h
}

fn assess(h: &serde_json::Value, on: &str) -> hengjie::Assessment {
    api::assess_value(h, api::parse_as_of(on).unwrap(), &Policy::default()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// More income never makes a household eligible for dibao.
    #[test]
    fn more_income_never_makes_a_household_eligible(n in 1usize..7, wages in 0i64..5_000_000, extra in 0i64..5_000_000, t in 0i64..1_000_000) {
        let poorer = assess(&household(n, wages, t, false), "2023-06-30");
        let richer = assess(&household(n, wages + extra, t, false), "2023-06-30");
        prop_assert!(!(richer.dibao.status == Status::Eligible && poorer.dibao.status != Status::Eligible));
        prop_assert!(richer.dibao.monthly_benefit <= poorer.dibao.monthly_benefit);
    }

    /// The top-up never exceeds the standard times the members, and is never negative.
    #[test]
    fn the_benefit_is_bounded_by_the_standard(n in 1usize..7, wages in 0i64..5_000_000, year in 2021i32..2026) {
        let a = assess(&household(n, wages, 0, false), &format!("{year}-06-30"));
        let std = Decimal::from(400 + 20 * (year - 2021));
        prop_assert!(a.dibao.monthly_benefit.value() <= std * Decimal::from(n));
        prop_assert!(a.dibao.monthly_benefit.value() >= Decimal::ZERO);
    }

    /// Monitoring's income flag is exactly the cross-multiplied comparison with the line.
    #[test]
    fn the_income_flag_is_exact(n in 1usize..7, wages in 0i64..10_000_000) {
        let a = assess(&household(n, wages, 0, false), "2023-06-30");
        let below = Decimal::new(wages, 2) < Decimal::from(7000) * Decimal::from(n);
        prop_assert_eq!(a.monitoring.has(hengjie::rules::monitoring::RiskFlag::IncomeBelowLine), below);
    }

    /// Assessing in a batch (one after another with one policy) gives exactly what assessing
    /// alone gives: no state leaks between households and no fen is lost.
    #[test]
    fn batch_and_one_by_one_agree(incomes in proptest::collection::vec((1usize..5, 0i64..4_000_000), 1..8)) {
        let policy = Policy::default();
        let as_of = api::parse_as_of("2024-03-31").unwrap();
        let batch: Vec<_> = incomes.iter().map(|(n, w)| api::assess_value(&household(*n, *w, 0, false), as_of, &policy).unwrap()).collect();
        for ((n, w), b) in incomes.iter().zip(&batch) {
            let alone = api::assess_value(&household(*n, *w, 0, false), as_of, &Policy::default()).unwrap();
            prop_assert_eq!(alone.to_canonical_json(), b.to_canonical_json());
        }
    }

    /// The gradual-exit window is [income_exceeded_on, +6 months] and the benefit is the current one.
    #[test]
    fn gradual_exit_keeps_the_current_benefit(day in 0u32..400) {
        let on = chrono::NaiveDate::from_ymd_opt(2023, 3, 1).unwrap() + chrono::Days::new(u64::from(day));
        let a = assess(&household(1, 2_000_000, 0, true), &on.to_string());
        let until = chrono::NaiveDate::from_ymd_opt(2023, 9, 1).unwrap();
        if on <= until {
            prop_assert_eq!(a.dibao.status, Status::GradualExit);
            prop_assert_eq!(a.dibao.monthly_benefit.to_string(), "100.00");
        } else {
            prop_assert_eq!(a.dibao.status, Status::NotEligible);
        }
        prop_assert_eq!(a.dibao.gradual_exit_until, Some(until));
    }
}
