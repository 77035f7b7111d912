//! Population indicators (docs/rules/village.md#13-population-indicators-七三-不发生规模性返贫) over a small
//! batch computed by hand.

use hengjie::indicators::IndicatorsBuilder;
use hengjie::{Policy, api};
use serde_json::json;

fn household(
    id: &str,
    alleviated: bool,
    wages: &str,
    extra: serde_json::Value,
) -> serde_json::Value {
    let mut h = json!({
        "id": id, "poverty_alleviated": alleviated,
        "members": [{"id": "P1", "birth_date": "1980-05-01", "labor_capacity": "full", "medical_insured": true, "pension_insured": true}],
        "income": {"wages": wages},
    });
    if let (Some(h), Some(extra)) = (h.as_object_mut(), extra.as_object()) {
        h.extend(extra.clone());
    }
    h
}

#[test]
fn indicators_of_a_hand_computed_batch() {
    let as_of = api::parse_as_of("2023-06-30").unwrap();
    let policy = Policy::default();
    let batch = [
        // Standard 500 a month (from 2022-12-01): 6000 a year for one member.
        // Alleviated, 5000 < 7000: unstable_alleviated, newly included; dibao (6000 − 5000)/12 = 83.33,
        // not covered. Low-income: dibao, at_risk.
        household("A", true, "5000", json!({})),
        // Alleviated, 20000: no risk; not low-income.
        household("B", true, "20000", json!({})),
        // Not alleviated, 3000: marginal, newly included; dibao (6000 − 3000)/12 = 250.00, not
        // covered. Low-income: dibao, at_risk.
        household("C", false, "3000", json!({})),
        // On the roll and on dibao, 4000: marginal but not newly included; dibao (6000 − 4000)/12 =
        // 166.67. Low-income: dibao, at_risk.
        household(
            "D",
            false,
            "4000",
            json!({
                "monitoring": {"category": "marginal", "since": "2023-01-01"},
                "dibao": {"since": "2022-01-01", "current_monthly_benefit": "100"},
            }),
        ),
    ];
    let mut builder = IndicatorsBuilder::for_date(&policy, as_of).unwrap();
    for h in &batch {
        builder.add(&api::assess_value(h, as_of, &policy).unwrap());
    }
    builder.add_failed();
    let got = serde_json::to_value(builder.finish()).unwrap();
    assert_eq!(
        got,
        json!({
            "households": 5, "assessed": 4, "failed": 1,
            "by_category": {"unstable_alleviated": 1, "marginal": 2, "sudden_hardship": 0},
            "newly_included": 2, "exit_eligible": 0,
            "coverage_gaps": {"dibao_not_covered": 2, "tekun_not_covered": 0, "pension_not_insured": 0},
            "dropout_alerts": 0,
            // 83.33 + 250.00 + 166.67
            "dibao_monthly_total": "500.00", "temporary_assistance_total": "0.00",
            // 1 newly included alleviated household of 2 alleviated: 0.5000 > 0.03.
            "large_scale_return": {"share": "0.5000", "threshold": "0.03", "exceeded": true},
            "low_income": {"households": 3, "persons": 3,
                "by_group": {"dibao": 3, "tekun": 0, "at_risk": 3, "hardship": 0}},
            // No household gives a previous year's income.
            "income_growth": {"alleviated_households": 0, "growth": null, "liuzhou_growth": "0.07",
                "liuzhou_growth_provenance": "illustrative", "ahead": null},
        })
    );
}

#[test]
fn parts_counted_apart_and_merged_give_the_batch_counted_whole() {
    // The hand-computed batch above, split as a stream's groups are counted on two cores:
    // A and a failed record on one, B, C and D on the other, then merged.
    let as_of = api::parse_as_of("2023-06-30").unwrap();
    let policy = Policy::default();
    let assess = |h: serde_json::Value| api::assess_value(&h, as_of, &policy).unwrap();
    let mut first = IndicatorsBuilder::for_date(&policy, as_of).unwrap();
    first.add(&assess(household("A", true, "5000", json!({}))));
    first.add_failed();
    let mut second = IndicatorsBuilder::for_date(&policy, as_of).unwrap();
    second.add(&assess(household("B", true, "20000", json!({}))));
    second.add(&assess(household("C", false, "3000", json!({}))));
    second.add(&assess(household(
        "D",
        false,
        "4000",
        json!({
            "monitoring": {"category": "marginal", "since": "2023-01-01"},
            "dibao": {"since": "2022-01-01", "current_monthly_benefit": "100"},
        }),
    )));
    first.merge(&second);
    let got = serde_json::to_value(first.finish()).unwrap();
    // The figures of indicators_of_a_hand_computed_batch.
    assert_eq!(got["households"], 5);
    assert_eq!(got["assessed"], 4);
    assert_eq!(got["failed"], 1);
    assert_eq!(
        got["by_category"],
        json!({"unstable_alleviated": 1, "marginal": 2, "sudden_hardship": 0})
    );
    assert_eq!(got["newly_included"], 2);
    assert_eq!(got["coverage_gaps"]["dibao_not_covered"], 2);
    // 83.33 + 250.00 + 166.67
    assert_eq!(got["dibao_monthly_total"], "500.00");
    assert_eq!(
        got["large_scale_return"],
        json!({"share": "0.5000", "threshold": "0.03", "exceeded": true})
    );
    assert_eq!(
        got["low_income"],
        json!({"households": 3, "persons": 3,
            "by_group": {"dibao": 3, "tekun": 0, "at_risk": 3, "hardship": 0}})
    );
}

#[test]
fn an_empty_batch_has_a_zero_share() {
    let builder =
        IndicatorsBuilder::for_date(&Policy::default(), api::parse_as_of("2023-06-30").unwrap())
            .unwrap();
    let got = serde_json::to_value(builder.finish()).unwrap();
    assert_eq!(
        got["large_scale_return"],
        json!({"share": "0.0000", "threshold": "0.03", "exceeded": false})
    );
    assert_eq!(got["households"], 0);
}

#[test]
fn the_share_rounds_half_away_from_zero_to_four_decimals() {
    // 1 of 3 alleviated newly included: 0.33333… → 0.3333.
    // docs/rules/village.md#13-population-indicators-七三-不发生规模性返贫 defines `share` as the rounded
    // value and `exceeded` as share > threshold, so a threshold of exactly 0.3333 is not exceeded.
    let as_of = api::parse_as_of("2023-06-30").unwrap();
    let policy = Policy::default();
    let mut builder = IndicatorsBuilder::with_threshold(rust_decimal::Decimal::new(3333, 4));
    builder
        .add(&api::assess_value(&household("A", true, "5000", json!({})), as_of, &policy).unwrap());
    for id in ["B", "C"] {
        builder.add(
            &api::assess_value(&household(id, true, "20000", json!({})), as_of, &policy).unwrap(),
        );
    }
    let got = builder.finish();
    assert_eq!(got.large_scale_return.share, "0.3333");
    assert!(!got.large_scale_return.exceeded);
}

/// §21 over households given as (alleviated, net, previous) on 2023-06-30 (Liuzhou 0.07).
#[expect(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "a test helper: a failure fails the test"
)]
fn growth(rows: &[(bool, &str, Option<&str>)]) -> serde_json::Value {
    let as_of = api::parse_as_of("2023-06-30").unwrap();
    let policy = Policy::default();
    let mut builder = IndicatorsBuilder::for_date(&policy, as_of).unwrap();
    for (i, (alleviated, wages, previous)) in rows.iter().enumerate() {
        let extra = match previous {
            Some(p) => json!({"previous_year_income": p}),
            None => json!({}),
        };
        let h = household(&format!("H{i}"), *alleviated, wages, extra);
        builder.add(&api::assess_value(&h, as_of, &policy).unwrap());
    }
    serde_json::to_value(builder.finish()).unwrap()["income_growth"].clone()
}

#[test]
fn income_growth_counts_alleviated_households_with_a_previous_income() {
    // Counted: 10700/10000 and 5000/5000. Not counted: not alleviated; no previous income; 0.
    // Σ net 15700, Σ previous 15000: 15700/15000 − 1 = 0.04666… → 0.0467;
    // ahead: 15700 > 1.07 × 15000 = 16050? no.
    let got = growth(&[
        (true, "10700", Some("10000")),
        (true, "5000", Some("5000")),
        (false, "90000", Some("1000")),
        (true, "90000", None),
        (true, "90000", Some("0")),
    ]);
    assert_eq!(
        got,
        json!({"alleviated_households": 2, "growth": "0.0467", "liuzhou_growth": "0.07",
               "liuzhou_growth_provenance": "illustrative", "ahead": false})
    );
}

#[test]
fn income_growth_rounds_half_away_from_zero_never_minus_zero() {
    let g = |net: &str, prev: &str| growth(&[(true, net, Some(prev))]);
    // 1 / 20000 = 0.00005 → 0.0001; −1 / 20000 → −0.0001.
    assert_eq!(g("20001", "20000")["growth"], "0.0001");
    assert_eq!(g("19999", "20000")["growth"], "-0.0001");
    // −0.5 / 20000 = −0.000025 → 0.0000, not −0.0000.
    assert_eq!(g("19999.50", "20000")["growth"], "0.0000");
    // 12000 / 10000 − 1 = 0.2 → 0.2000.
    assert_eq!(g("12000", "10000")["growth"], "0.2000");
}

#[test]
fn income_growth_ahead_is_exact() {
    let g = |net: &str| growth(&[(true, net, Some("10000"))]);
    // (1 + 0.07) × 10000 = 10700: equal is not ahead; one fen more is.
    assert_eq!(g("10700")["ahead"], false);
    assert_eq!(g("10700.01")["ahead"], true);
    assert_eq!(g("10700.01")["growth"], "0.0700");
}
