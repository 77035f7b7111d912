//! Invariants of the rules, over generated households (proptest).
#![expect(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test helpers fail loudly on a broken fixture"
)]

use hengjie::rules::dibao::DibaoStatus as Status;
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
        // The standard on 06-30: 400 in 2021, 420 in 2022, 500 from 2022-12-01.
        let std = Decimal::from(match year { 2021 => 400, 2022 => 420, _ => 500 });
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

fn hospital_household(
    expenses: &[(u8, i64)],
    insured: bool,
    tekun: bool,
    on_dibao: bool,
) -> serde_json::Value {
    let levels = ["township", "county", "municipal"];
    let stays: Vec<_> = expenses
        .iter()
        .map(|(level, fen)| {
            json!({"person_id": "P0", "level": levels[usize::from(*level % 3)], "expense": format!("{}.{:02}", fen / 100, fen % 100)})
        })
        .collect();
    let mut h = json!({
        "id": "HH", "poverty_alleviated": true,
        "members": [{"id": "P0", "birth_date": "1970-01-01", "labor_capacity": "none", "medical_insured": insured,
                     "tekun": tekun, "legal_supporter_able": !tekun}],
        "income": {"wages": "3000"},
        "hospitalizations": stays,
    });
    if on_dibao {
        h["dibao"] = json!({"since": "2021-01-01"});
    }
    h
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// The three layers never pay more than was spent, each is never negative, and
    /// out_of_pocket is exactly the expense minus the three rounded amounts.
    #[test]
    fn the_three_layers_add_up(
        stays in proptest::collection::vec((0u8..3, 0i64..100_000_000), 1..5),
        insured: bool, tekun: bool, on_dibao: bool,
    ) {
        let a = assess(&hospital_household(&stays, insured, tekun, on_dibao), "2023-06-30");
        let t = a.members[0].triple_guarantee.unwrap();
        let (e, b, c, m, o) = (t.expense.value(), t.basic.value(), t.critical_illness.value(), t.assistance.value(), t.out_of_pocket.value());
        prop_assert_eq!(o, e - b - c - m);
        for part in [b, c, m] {
            prop_assert!(part >= Decimal::ZERO);
        }
        prop_assert!(b + c + m <= e + Decimal::new(3, 2), "paid {} of {}", b + c + m, e);
        prop_assert!(b <= Decimal::from(200_000) && m <= Decimal::from(50_000));
        if !insured {
            prop_assert_eq!((b, c), (Decimal::ZERO, Decimal::ZERO));
        }
    }

    /// The contribution subsidy is never above the contribution, and the personal share is the rest.
    #[test]
    fn the_subsidy_never_exceeds_the_contribution(year in 2021i32..2027, tekun: bool, on_dibao: bool) {
        let a = assess(&hospital_household(&[(1, 100)], true, tekun, on_dibao), &format!("{year}-06-30"));
        let s = a.members[0].medical_subsidy;
        let c = Decimal::from(match year { 2021 => 320, 2022 => 350, 2023 => 380, _ => 400 });
        prop_assert!(s.subsidy.value() <= c);
        prop_assert_eq!(s.subsidy.value() + s.personal_contribution.value(), c);
        if tekun {
            prop_assert_eq!(s.subsidy.value(), c);
        }
    }

    /// Temporary assistance never exceeds its cap of 6 × std × n (std 500 on 2023-06-30).
    #[test]
    fn temporary_assistance_stays_under_its_cap(n in 1usize..6, wages in 0i64..5_000_000, rigid in 1i64..10_000_000) {
        let mut h = household(n, wages, 0, false);
        h["rigid_expenditure"] = json!({"medical": format!("{}.{:02}", rigid / 100, rigid % 100)});
        let a = assess(&h, "2023-06-30");
        let cap = Decimal::from(6 * 500) * Decimal::from(n);
        prop_assert!(a.temporary_assistance.amount.value() <= cap);
        if !a.temporary_assistance.eligible {
            prop_assert!(a.temporary_assistance.amount.value().is_zero());
        }
    }
}

/// A random household without a `monitoring` entry: members of any age, capacity, insurance,
/// disability and 特困 status; any income; on dibao or not.
fn random_household() -> impl Strategy<Value = serde_json::Value> {
    let member = (
        1930i32..2023,
        0u8..3,
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        0u8..5,
        0i64..1_000_000,
    );
    (proptest::collection::vec(member, 1..5), 0i64..10_000_000, any::<bool>(), any::<bool>()).prop_map(
        |(members, wages, alleviated, on_dibao)| {
            let members: Vec<_> = members
                .iter()
                .enumerate()
                .map(|(i, (year, labor, insured, pension, tekun, supporter, grade, own))| {
                    let capacity = ["full", "partial", "none"][usize::from(*labor)];
                    let mut m = json!({
                        "id": format!("P{i}"), "birth_date": format!("{year}-03-01"),
                        "labor_capacity": capacity,
                        "medical_insured": insured, "pension_insured": pension, "tekun": tekun,
                        "legal_supporter_able": supporter, "own_income": format!("{}.{:02}", own / 100, own % 100),
                    });
                    if *grade > 0 {
                        m["disability"] = json!({"grade": grade, "category": "intellectual"});
                    }
                    m
                })
                .collect();
            let mut h = json!({"id": "HH", "poverty_alleviated": alleviated, "members": members,
                "income": {"wages": format!("{}.{:02}", wages / 100, wages % 100)}});
            if on_dibao {
                h["dibao"] = json!({"since": "2022-01-01", "current_monthly_benefit": "100"});
            }
            h
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Adding an insured, working-age, full-capacity member with no income never removes a
    /// coverage gap of another member (for households not yet on the monitoring roll: with a
    /// `monitoring` entry, the new member can lift the `no_labor_capacity` exit blocker, end the
    /// monitoring and with it a pension proxy basis — the rules allow that, see the closing note).
    #[test]
    fn a_new_working_member_never_removes_a_gap(h in random_household()) {
        let before = assess(&h, "2023-06-30");
        let mut bigger = h.clone();
        bigger["members"].as_array_mut().unwrap().push(json!({
            "id": "NEW", "birth_date": "1990-01-01", "labor_capacity": "full", "medical_insured": true, "pension_insured": true,
        }));
        let after = assess(&bigger, "2023-06-30");
        for gap in &before.coverage_gaps {
            prop_assert!(after.coverage_gaps.contains(gap), "{:?} lost", gap);
        }
    }
}
