//! The rules compute money in integer fen (ratios in ten-thousandths, fixed when parameters
//! resolve, docs/performance.md): over random households and random parameter layers, every
//! money amount and money comparison of the output equals the `Decimal` formula of
//! docs/rules/ written out here, independently of the engine, and rounded once to fen, half
//! away from zero.
#![expect(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test helpers fail loudly on a broken fixture"
)]

use hengjie::{Policy, api};
use proptest::prelude::*;
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{Value, json};

/// Rounds once to fen, half away from zero, and writes two decimals (never `-0.00`).
fn r(d: Decimal) -> String {
    let mut x = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    if x.is_zero() {
        x = Decimal::ZERO;
    }
    x.rescale(2);
    x.to_string()
}

/// Fen as money text (`-12.05`).
fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    format!(
        "{sign}{}.{:02}",
        fen.unsigned_abs() / 100,
        fen.unsigned_abs() % 100
    )
}

/// Ten-thousandths as ratio text (`0.1234`).
fn ratio(bp: i64) -> String {
    format!("{}.{:04}", bp / 10_000, bp % 10_000)
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str_exact(text).unwrap()
}

/// Money: mostly household-sized, sometimes anywhere up to the bound of 10^10 yuan.
fn money(max_small: i64) -> impl Strategy<Value = i64> {
    prop_oneof![
        4 => 0..max_small,
        1 => 0..=1_000_000_000_000_i64,
    ]
}

fn signed_money() -> impl Strategy<Value = i64> {
    prop_oneof![
        4 => -1_000_000_i64..5_000_000,
        1 => -1_000_000_000_000_i64..=1_000_000_000_000,
    ]
}

/// A ratio 0..1 in ten-thousandths, with the round values (0, 1, halves) often.
fn share() -> impl Strategy<Value = i64> {
    prop_oneof![
        3 => 0..=10_000_i64,
        1 => prop::sample::select(vec![0_i64, 5_000, 10_000, 3_333, 6_667]),
    ]
}

#[derive(Debug, Clone)]
struct Params {
    money: Vec<(&'static str, i64)>,
    ratios: Vec<(&'static str, i64)>,
    multiple: i64,
    cap_months: u32,
}

const MONEY_PARAMS: [&str; 17] = [
    "monitoring.income_line",
    "dibao.standard_monthly",
    "medical.individual_contribution",
    "medical.subsidy.dibao",
    "medical.subsidy.monitored",
    "medical.subsidy.alleviated",
    "medical.deductible.township",
    "medical.deductible.county",
    "medical.deductible.municipal",
    "medical.basic_cap",
    "medical.ci_deductible",
    "medical.ci_cap",
    "medical.ma_deductible.monitored",
    "medical.ma_cap",
    "pension.retained_lowest_tier",
    "pension.lowest_tier",
    "credit.max_amount",
];

const RATIO_PARAMS: [&str; 15] = [
    "monitoring.income_drop_share",
    "medical.ratio.township",
    "medical.ratio.county",
    "medical.ratio.municipal",
    "medical.ci_ratio",
    "medical.ci_tilt_deductible_factor",
    "medical.ci_tilt_ratio_add",
    "medical.ma_ratio.tekun",
    "medical.ma_ratio.dibao",
    "medical.ma_ratio.monitored",
    "pension.proxy_share.tekun",
    "pension.proxy_share.severe_disability",
    "pension.proxy_share.dibao",
    "pension.proxy_share.monitored",
    "indicators.large_scale_share",
];

fn params() -> impl Strategy<Value = Params> {
    (
        prop::collection::vec(money(5_000_000), MONEY_PARAMS.len()),
        prop::collection::vec(share(), RATIO_PARAMS.len()),
        prop_oneof![3 => 0..50_000_i64, 1 => 0..=10_000_000_i64],
        0_u32..=24,
    )
        .prop_map(|(m, r, multiple, cap_months)| Params {
            money: MONEY_PARAMS.iter().copied().zip(m).collect(),
            ratios: RATIO_PARAMS.iter().copied().zip(r).collect(),
            multiple,
            cap_months,
        })
}

impl Params {
    fn policy(&self) -> Policy {
        let entry = |value: Value| json!([{"from": "2000-01-01", "value": value, "provenance": "illustrative", "source": "test"}]);
        let mut map = serde_json::Map::new();
        for (name, fen) in &self.money {
            map.insert((*name).to_owned(), entry(json!(yuan(*fen))));
        }
        for (name, bp) in &self.ratios {
            map.insert((*name).to_owned(), entry(json!(ratio(*bp))));
        }
        map.insert(
            "tekun.basic_living_multiple".to_owned(),
            entry(json!(ratio(self.multiple))),
        );
        map.insert(
            "temporary_assistance.cap_months".to_owned(),
            entry(json!(self.cap_months)),
        );
        let layer = json!({"jurisdiction": "test", "parameters": map});
        Policy::default()
            .with_layer_json(&layer.to_string())
            .unwrap()
    }

    fn get(&self, name: &str) -> Decimal {
        if let Some((_, fen)) = self.money.iter().find(|(n, _)| *n == name) {
            return Decimal::new(*fen, 2);
        }
        if let Some((_, bp)) = self.ratios.iter().find(|(n, _)| *n == name) {
            return Decimal::new(*bp, 4);
        }
        panic!("{name}")
    }
}

#[derive(Debug, Clone)]
struct Member {
    birth: &'static str,
    labor: &'static str,
    tekun: bool,
    supporter: bool,
    own_income: i64,
    insured: bool,
    pension_insured: bool,
    grade: Option<u32>,
    stays: Vec<(usize, i64)>,
}

fn member() -> impl Strategy<Value = Member> {
    (
        prop::sample::select(vec!["1940-01-01", "1960-07-01", "1980-05-01", "2010-01-01"]),
        prop::sample::select(vec!["full", "partial", "none"]),
        (any::<bool>(), any::<bool>(), money(3_000_000)),
        (any::<bool>(), any::<bool>(), prop::option::of(1_u32..=4)),
        prop::collection::vec((0_usize..3, money(20_000_000)), 0..4),
    )
        .prop_map(
            |(
                birth,
                labor,
                (tekun, supporter, own_income),
                (insured, pension_insured, grade),
                stays,
            )| {
                Member {
                    birth,
                    labor,
                    tekun,
                    supporter,
                    own_income,
                    insured,
                    pension_insured,
                    grade,
                    stays,
                }
            },
        )
}

#[derive(Debug, Clone)]
struct Household {
    members: Vec<Member>,
    income: [i64; 4],
    rigid: [i64; 4],
    previous: Option<i64>,
    dibao: Option<i64>,
    credit: Option<i64>,
    alleviated: bool,
}

fn household() -> impl Strategy<Value = Household> {
    (
        prop::collection::vec(member(), 1..6),
        (
            money(5_000_000),
            signed_money(),
            signed_money(),
            money(2_000_000),
        ),
        prop::collection::vec(prop_oneof![1 => money(2_000_000), 1 => Just(0_i64)], 4),
        prop::option::of(money(10_000_000)),
        prop::option::of(money(200_000)),
        prop::option::of(money(10_000_000)),
        any::<bool>(),
    )
        .prop_map(
            |(members, (w, b, p, t), rigid, previous, dibao, credit, alleviated)| Household {
                members,
                income: [w, b, p, t],
                rigid: [rigid[0], rigid[1], rigid[2], rigid[3]],
                previous,
                dibao,
                credit,
                alleviated,
            },
        )
}

const LEVELS: [&str; 3] = ["township", "county", "municipal"];

impl Household {
    fn json(&self) -> Value {
        let members: Vec<Value> = self
            .members
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let mut v = json!({
                    "id": format!("P{i}"), "birth_date": m.birth, "labor_capacity": m.labor,
                    "medical_insured": m.insured, "pension_insured": m.pension_insured,
                    "tekun": m.tekun, "legal_supporter_able": m.supporter,
                    "own_income": yuan(m.own_income),
                });
                if let Some(grade) = m.grade {
                    v["disability"] = json!({"grade": grade, "category": "physical"});
                }
                v
            })
            .collect();
        let stays: Vec<Value> = self
            .members
            .iter()
            .enumerate()
            .flat_map(|(i, m)| {
                m.stays.iter().map(move |(level, fen)| {
                    json!({"person_id": format!("P{i}"), "expense": yuan(*fen), "level": LEVELS[*level]})
                })
            })
            .collect();
        let [w, b, p, t] = self.income;
        let [rm, re, rd, ra] = self.rigid;
        let mut h = json!({
            "id": "HH", "poverty_alleviated": self.alleviated, "members": members,
            "income": {"wages": yuan(w), "business": yuan(b), "property": yuan(p), "transfers": yuan(t)},
            "rigid_expenditure": {"medical": yuan(rm), "education": yuan(re), "disaster": yuan(rd), "accident": yuan(ra)},
            "hospitalizations": stays,
        });
        if let Some(prev) = self.previous {
            h["previous_year_income"] = json!(yuan(prev));
        }
        if let Some(benefit) = self.dibao {
            h["dibao"] = json!({"since": "2022-01-01", "current_monthly_benefit": yuan(benefit), "income_exceeded_on": "2023-03-01"});
        }
        if let Some(outstanding) = self.credit {
            h["credit"] = json!({"rating_ok": true, "outstanding": yuan(outstanding)});
        }
        h
    }
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

/// The values of the reason `code` (of `person`, if given).
fn reason<'a>(a: &'a Value, code: &str, person: Option<&str>) -> Option<&'a Value> {
    a["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == code && person.is_none_or(|p| r["person_id"] == p))
        .map(|r| &r["values"])
}

/// Checks every money amount and money test of one assessment against the `Decimal` formulas.
fn check(h: &Household, p: &Params, a: &Value) -> Result<(), TestCaseError> {
    let d = |fen: i64| Decimal::new(fen, 2);
    let n = Decimal::from(h.members.len());
    let twelve = Decimal::from(12);
    let net: Decimal = h.income.iter().map(|f| d(*f)).sum();
    let rigid: Decimal = h.rigid.iter().map(|f| d(*f)).sum();

    // §2: per-person income, the line, flags 1 to 3, the margin.
    let line = p.get("monitoring.income_line");
    let mon = &a["monitoring"];
    prop_assert_eq!(text(&mon["pc_income"]), r(net / n));
    prop_assert_eq!(text(&mon["pc_income_after_rigid"]), r((net - rigid) / n));
    prop_assert_eq!(text(&mon["line"]), r(line));
    let risks: Vec<&str> = mon["risks"].as_array().unwrap().iter().map(text).collect();
    let threshold = line * n;
    prop_assert_eq!(risks.contains(&"income_below_line"), net < threshold);
    prop_assert_eq!(
        risks.contains(&"rigid_expenditure"),
        rigid > Decimal::ZERO && net >= threshold && net - rigid < threshold
    );
    let share = p.get("monitoring.income_drop_share");
    let drop = h
        .previous
        .map(d)
        .is_some_and(|prev| prev > Decimal::ZERO && net <= (Decimal::ONE - share) * prev);
    prop_assert_eq!(risks.contains(&"income_drop"), drop);
    if drop {
        let v = reason(a, "income_drop", None).unwrap();
        prop_assert_eq!(text(&v["net"]), r(net));
        prop_assert_eq!(text(&v["drop_share"]), share.normalize().to_string());
    }

    // §3: the test and the top-up; the gradual exit keeps the benefit.
    let std = p.get("dibao.standard_monthly");
    let yearly = std * twelve * n;
    let dibao = &a["dibao"];
    if net < yearly {
        prop_assert_eq!(&dibao["status"], "eligible");
        prop_assert_eq!(text(&dibao["monthly_benefit"]), r((yearly - net) / twelve));
        let v = reason(a, "eligible", None).unwrap();
        prop_assert_eq!(text(&v["pc_income_monthly"]), r(net / (twelve * n)));
    } else if dibao["status"] == "gradual_exit" {
        prop_assert!(net - d(h.income[0]) - d(h.income[1]) < yearly);
        prop_assert_eq!(text(&dibao["monthly_benefit"]), r(d(h.dibao.unwrap())));
    } else {
        prop_assert_eq!(&dibao["status"], "not_eligible");
        prop_assert_eq!(text(&dibao["monthly_benefit"]), "0.00");
    }

    // §5: a cause and income after rigid expenditure below the yearly standard.
    let temp = &a["temporary_assistance"];
    let after = net - rigid;
    let cause = rigid > Decimal::ZERO || drop;
    prop_assert_eq!(temp["eligible"].as_bool().unwrap(), cause && after < yearly);
    if cause && after < yearly {
        let cap = Decimal::from(p.cap_months) * std * n;
        prop_assert_eq!(text(&temp["amount"]), r((yearly - after).min(cap)));
    }

    // Per member: §4's basic living, §7's subsidy and three layers, §8's proxy payment.
    let multiple = Decimal::new(p.multiple, 4);
    let c = p.get("medical.individual_contribution");
    for (i, (m, out)) in h
        .members
        .iter()
        .zip(a["members"].as_array().unwrap())
        .enumerate()
    {
        let id = format!("P{i}");
        if out["tekun"]["eligible"] == true {
            prop_assert!(d(m.own_income) < std * twelve);
            prop_assert_eq!(
                text(&out["tekun"]["basic_living_monthly"]),
                r(multiple * std)
            );
        }

        let sub = &out["medical_subsidy"];
        let amount = match sub["basis"].as_str() {
            Some("tekun") => c,
            Some("dibao") => p.get("medical.subsidy.dibao"),
            Some("monitored") => p.get("medical.subsidy.monitored"),
            Some("alleviated") => p.get("medical.subsidy.alleviated"),
            _ => Decimal::ZERO,
        }
        .min(c);
        prop_assert_eq!(text(&sub["subsidy"]), r(amount));
        prop_assert_eq!(text(&sub["personal_contribution"]), r(c - amount));

        let triple = &out["triple_guarantee"];
        if m.stays.is_empty() {
            prop_assert!(triple.is_null());
        } else {
            let v = reason(a, "triple_guarantee", Some(&id)).unwrap();
            let group = text(&v["group"]);
            let want = three_layers(m, p, group);
            for (field, amount) in [
                "expense",
                "basic",
                "critical_illness",
                "assistance",
                "out_of_pocket",
            ]
            .iter()
            .zip(want)
            {
                prop_assert_eq!(text(&triple[field]), amount, "{}", field);
            }
        }

        let pension = &out["pension"];
        if let Some(basis) = pension["proxy_basis"]
            .as_str()
            .filter(|_| m.pension_insured)
        {
            let share = p.get(&format!("pension.proxy_share.{basis}"));
            let retained = p.get("pension.retained_lowest_tier");
            prop_assert_eq!(text(&pension["proxy_payment"]), r(retained * share));
        } else if !pension.is_null() {
            prop_assert_eq!(text(&pension["proxy_payment"]), "0.00");
        }
    }

    // §11: up to the maximum less what is outstanding.
    let loan = &a["small_loan"];
    let max = p.get("credit.max_amount");
    if loan["eligible"] == true {
        let outstanding = d(h.credit.unwrap());
        prop_assert!(outstanding < max);
        prop_assert_eq!(
            text(&loan["max_amount"]),
            r((max - outstanding).max(Decimal::ZERO))
        );
    }
    if let Some(v) = reason(a, "outstanding_at_limit", None) {
        prop_assert!(d(h.credit.unwrap()) >= max);
        prop_assert_eq!(text(&v["credit_max_amount"]), r(max));
    }

    // The two income margins: per person, exact until shown.
    for (decision, current, threshold) in [
        ("monitoring.income_below_line", net / n, line),
        ("dibao.income_below_standard", net / (twelve * n), std),
    ] {
        let m = a["margins"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["decision"] == decision)
            .unwrap();
        prop_assert_eq!(text(&m["current"]), r(current));
        prop_assert_eq!(text(&m["threshold"]), r(threshold));
        prop_assert_eq!(text(&m["change"]), r(threshold - current));
    }
    Ok(())
}

/// §7's three layers for one member, as docs/rules/medical.md gives them, in `Decimal`.
fn three_layers(m: &Member, p: &Params, group: &str) -> [String; 5] {
    let zero = Decimal::ZERO;
    let mut expense = zero;
    let mut basic = zero;
    for (i, level) in LEVELS.iter().enumerate() {
        let e: Decimal = m
            .stays
            .iter()
            .filter(|(l, _)| *l == i)
            .map(|(_, fen)| Decimal::new(*fen, 2))
            .sum();
        expense += e;
        basic += (e - p.get(&format!("medical.deductible.{level}"))).max(zero)
            * p.get(&format!("medical.ratio.{level}"));
    }
    if !m.insured {
        basic = zero;
    }
    basic = basic.min(p.get("medical.basic_cap"));
    let r1 = expense - basic;
    let ci = if !m.insured {
        zero
    } else if group != "none" {
        (r1 - p.get("medical.ci_deductible") * p.get("medical.ci_tilt_deductible_factor")).max(zero)
            * (p.get("medical.ci_ratio") + p.get("medical.ci_tilt_ratio_add"))
    } else {
        ((r1 - p.get("medical.ci_deductible")).max(zero) * p.get("medical.ci_ratio"))
            .min(p.get("medical.ci_cap"))
    };
    let r2 = r1 - ci;
    let assistance = match group {
        "tekun" => p.get("medical.ma_ratio.tekun") * r2,
        "dibao" => p.get("medical.ma_ratio.dibao") * r2,
        "monitored" => {
            p.get("medical.ma_ratio.monitored")
                * (r2 - p.get("medical.ma_deductible.monitored")).max(zero)
        }
        _ => zero,
    }
    .min(p.get("medical.ma_cap"));
    let (e, b, c, a) = (r(expense), r(basic), r(ci), r(assistance));
    let out = r(dec(&e) - dec(&b) - dec(&c) - dec(&a));
    [e, b, c, a, out]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// The integer path equals the `Decimal` formulas for every rule's money arithmetic.
    #[test]
    fn integer_money_equals_the_decimal_formulas(h in household(), p in params()) {
        let policy = p.policy();
        let as_of = api::parse_as_of("2023-06-30").unwrap();
        let assessment = api::assess_value(&h.json(), as_of, &policy).unwrap();
        let a = serde_json::to_value(&assessment).unwrap();
        check(&h, &p, &a)?;
    }

    /// Rounding at a division: an amount shared among 1 to 60 gives the `Decimal` quotient
    /// rounded once, half away from zero, for any amount within the bound (and beyond).
    #[test]
    fn shares_round_half_away_from_zero(
        fen in -2_000_000_000_000_i64..=4_000_000_000_000,
        per in 1_usize..=50,
        line in 0_i64..=1_000_000_000_000,
    ) {
        // One member per share: the per-person income is net / n, the margin line − net / n.
        // Net income is split into components within the bound of 10^10 yuan.
        const B: i64 = 1_000_000_000_000;
        let members: Vec<Value> = (0..per)
            .map(|i| json!({"id": format!("P{i}"), "birth_date": "1980-05-01", "labor_capacity": "full", "medical_insured": true}))
            .collect();
        let mut parts = [0_i64; 4];
        let mut rest = fen;
        for part in &mut parts {
            *part = rest.clamp(-B, B);
            rest -= *part;
        }
        let [business, property, wages, transfers] = parts;
        let (wages, transfers) = (wages.max(0), transfers.max(0));
        let h = json!({
            "id": "HH", "poverty_alleviated": false, "members": members,
            "income": {"wages": yuan(wages), "business": yuan(business), "property": yuan(property), "transfers": yuan(transfers)},
        });
        let layer = json!({"jurisdiction": "t", "parameters": {"monitoring.income_line": [
            {"from": "2000-01-01", "value": yuan(line), "provenance": "illustrative", "source": "t"}]}});
        let policy = Policy::default().with_layer_json(&layer.to_string()).unwrap();
        let as_of = api::parse_as_of("2023-06-30").unwrap();
        let assessment = api::assess_value(&h, as_of, &policy).unwrap();
        let a = serde_json::to_value(&assessment).unwrap();
        let (net, n) = (Decimal::new(fen, 2), Decimal::from(per));
        prop_assert_eq!(text(&a["monitoring"]["pc_income"]), r(net / n));
        let m = &a["margins"][0];
        prop_assert_eq!(text(&m["change"]), r(Decimal::new(line, 2) - net / n));
    }
}

/// A layer built in code may hold what a layer file cannot (a ratio of 1000, a negative amount):
/// the integer arithmetic still neither overflows nor panics on the largest household amounts.
#[test]
fn extreme_parameters_built_in_code_do_not_overflow() {
    use hengjie::params::{Entry, Layer, Param, Provenance, Value as P};
    let from = api::parse_as_of("2000-01-01").unwrap();
    let entry = |value: Decimal| {
        vec![Entry::new(
            from,
            P::Decimal(value),
            Provenance::Illustrative,
            "t",
        )]
    };
    let mut layer = Layer::new("extreme");
    for param in Param::ALL {
        let value = match param.kind() {
            hengjie::params::Kind::Money => Decimal::from(-10_000_000_000_i64),
            hengjie::params::Kind::Ratio | hengjie::params::Kind::Multiple => Decimal::from(1000),
            _ => continue,
        };
        layer = layer.with_series(*param, entry(value));
    }
    let policy = Policy::default().with_layer(&layer);
    let members: Vec<Value> = (0..50)
        .map(|i| json!({"id": format!("P{i}"), "birth_date": "1940-01-01", "labor_capacity": "none", "medical_insured": true, "tekun": i % 2 == 0, "pension_insured": true, "own_income": "10000000000"}))
        .collect();
    let stays: Vec<Value> = (0..300)
        .map(|i| json!({"person_id": format!("P{}", i % 3), "expense": "10000000000", "level": LEVELS[i % 3]}))
        .collect();
    let h = json!({
        "id": "HH", "poverty_alleviated": true, "members": members,
        "income": {"wages": "10000000000", "business": "-10000000000", "property": "-10000000000", "transfers": "10000000000"},
        "rigid_expenditure": {"medical": "10000000000", "education": "10000000000", "disaster": "10000000000", "accident": "10000000000"},
        "previous_year_income": "10000000000",
        "dibao": {"since": "2022-01-01", "current_monthly_benefit": "10000000000"},
        "credit": {"rating_ok": true, "outstanding": "10000000000"},
        "hospitalizations": stays,
    });
    let as_of = api::parse_as_of("2023-06-30").unwrap();
    let a = serde_json::to_value(api::assess_value(&h, as_of, &policy).unwrap()).unwrap();
    // Every amount is still written with two decimals.
    let triple = &a["members"][0]["triple_guarantee"];
    assert!(text(&triple["out_of_pocket"]).ends_with(|c: char| c.is_ascii_digit()));
    assert_eq!(text(&triple["expense"]), "1000000000000.00");
}
