//! The random contract-valid household generator shared by `differential.rs` and
//! `typed_validation.rs` (households as JSON values; only a birth date after the as-of date can
//! make one invalid).

use proptest::prelude::*;
use serde_json::{Value, json};

/// The as-of dates the generated households are assessed on.
pub const DATES: [&str; 6] = [
    "2021-03-04",
    "2021-07-01",
    "2022-12-31",
    "2023-06-30",
    "2025-12-31",
    "2026-01-01",
];

pub fn money(max_fen: i64) -> impl Strategy<Value = String> {
    (0..max_fen).prop_map(|f| format!("{}.{:02}", f / 100, f % 100))
}

pub fn member(i: usize) -> impl Strategy<Value = Value> {
    (
        (1930i32..2021, 1u32..13, 1u32..29),
        0usize..3,
        any::<bool>(),
        prop::option::of((1u8..5, 0usize..7)),
        prop::option::of((0usize..4, 0usize..8)),
        (any::<bool>(), any::<bool>(), any::<bool>()),
        money(2_000_000),
        (any::<bool>(), any::<bool>(), any::<bool>()),
        (prop::option::of(0usize..3), prop::option::of(any::<bool>())),
    )
        .prop_map(move |((y, mo, d), labor, insured, disability, schooling, (pension, tekun, supporter), own, (work, training, employed), (guardianship, self_care))| {
            let mut m = json!({
                "id": format!("P{i}"), "birth_date": format!("{y:04}-{mo:02}-{d:02}"),
                "labor_capacity": (["full", "partial", "none"][labor]), "medical_insured": insured,
                "pension_insured": pension, "tekun": tekun, "legal_supporter_able": supporter, "own_income": own,
                "employment": {"wants_work": work, "wants_training": training, "employed": employed},
            });
            if let Some((grade, category)) = disability {
                m["disability"] = json!({"grade": grade,
                    "category": (["visual", "hearing", "speech", "physical", "intellectual", "mental", "multiple"][category])});
            }
            // The inputs of docs/rules/children.md and docs/rules/care.md: absent (the defaults) or
            // any value.
            if let Some(g) = guardianship {
                m["guardianship"] = json!((["parents", "orphan", "unattended"][g]));
            }
            if let Some(able) = self_care {
                m["self_care_able"] = json!(able);
            }
            if let Some((status, stage)) = schooling {
                m["schooling"] = json!({"status": (["enrolled", "not_enrolled", "exempt_health", "completed"][status]),
                    "stage": (["preschool", "primary", "junior_secondary", "senior_secondary", "secondary_vocational",
                              "higher_vocational", "undergraduate", "postgraduate"][stage])});
            }
            m
        })
}

pub fn household() -> impl Strategy<Value = Value> {
    (1usize..7)
        .prop_flat_map(|n| {
            let members: Vec<_> = (0..n).map(member).collect();
            (
                members,
                (money(5_000_000), -500_000i64..500_000, money(300_000), money(1_000_000)),
                prop::option::of(money(8_000_000)),
                prop::option::of((money(3_000_000), money(500_000))),
                (prop::option::of(0usize..4), any::<bool>(), any::<bool>(), prop::option::of(any::<bool>())),
                prop::option::of((money(100_000), prop::option::of(1u32..29))),
                prop::option::of((0usize..3, 1u32..29, 0u32..24, 0u32..4)),
                prop::option::of((any::<bool>(), money(8_000_000))),
                prop::collection::vec((0..n, money(50_000_000), 0usize..3), 0..4),
                any::<bool>(),
            )
        })
        .prop_map(|(members, (wages, business, property, transfers), prev, rigid, (grade, water, food, assets), dibao, monitoring, credit, stays, alleviated)| {
            let mut h = json!({
                "id": "HH", "poverty_alleviated": alleviated, "members": members,
                "income": {"wages": wages, "business": format!("{}.{:02}", business / 100, (business % 100).abs()),
                           "property": property, "transfers": transfers},
                "drinking_water_safe": water, "food_clothing_secure": food,
            });
            if business < 0 && business > -100 {
                h["income"]["business"] = json!(format!("-0.{:02}", -business));
            }
            if let Some(p) = prev { h["previous_year_income"] = json!(p); }
            if let Some((medical, accident)) = rigid { h["rigid_expenditure"] = json!({"medical": medical, "accident": accident}); }
            if let Some(g) = grade { h["housing_grade"] = json!((["A", "B", "C", "D"][g])); }
            if let Some(a) = assets { h["assets_within_limit"] = json!(a); }
            if let Some((benefit, exceeded)) = dibao {
                h["dibao"] = json!({"since": "2021-01-01", "current_monthly_benefit": benefit});
                if let Some(day) = exceeded { h["dibao"]["income_exceeded_on"] = json!(format!("2021-02-{day:02}")); }
            }
            if let Some((category, day, stable, measures)) = monitoring {
                h["monitoring"] = json!({"category": (["unstable_alleviated", "marginal", "sudden_hardship"][category]),
                    "since": format!("2021-01-{day:02}"), "stable_income_months": stable, "measures": measures});
            }
            if let Some((ok, outstanding)) = credit { h["credit"] = json!({"rating_ok": ok, "outstanding": outstanding}); }
            let stays: Vec<Value> = stays
                .iter()
                .map(|(who, expense, level)| json!({"person_id": format!("P{who}"), "expense": expense,
                    "level": (["township", "county", "municipal"][*level])}))
                .collect();
            if !stays.is_empty() { h["hospitalizations"] = json!(stays); }
            h
        })
}
