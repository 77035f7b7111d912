//! Population indicators (RULES §13) over a small batch computed by hand.

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
        // Alleviated, 5000 < 7000: unstable_alleviated, newly included; dibao (5280 − 5000)/12 = 23.33, not covered.
        household("A", true, "5000", json!({})),
        // Alleviated, 20000: no risk.
        household("B", true, "20000", json!({})),
        // Not alleviated, 3000: marginal, newly included; dibao (5280 − 3000)/12 = 190.00, not covered.
        household("C", false, "3000", json!({})),
        // On the roll and on dibao, 4000: marginal but not newly included; dibao (5280 − 4000)/12 = 106.67.
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
            "dibao_monthly_total": "320.00", "temporary_assistance_total": "0.00",
            // 1 newly included alleviated household of 2 alleviated: 0.5000 > 0.03.
            "large_scale_return": {"share": "0.5000", "threshold": "0.03", "exceeded": true},
        })
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
    // 1 of 3 alleviated newly included: 0.33333… → 0.3333. RULES §13 defines `share` as the rounded
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
