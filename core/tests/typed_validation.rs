//! The fast typed check (`validate::check_household`, `Assessor::check`, `api::assess`) agrees
//! with the JSON path it stands for: a household passes exactly when its JSON value passes
//! `parse_household`, which then gives back an equal household (and the same JSON); the errors
//! of a failing household are byte-identical to its JSON's; a passing one is assessed
//! byte-identically.
//!
//! Random contract-valid households (the generator of `differential.rs`, fixed seed) are mutated
//! in every way a typed `Household` can break the contract, on and around every limit.
#![expect(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::panic,
    reason = "a generator over fixed arrays and a comparison helper; a test fails loudly"
)]

use chrono::{Datelike, Months, NaiveDate};
use hengjie::model::{
    Credit, DibaoReceipt, Disability, DisabilityCategory, HospitalLevel, Hospitalization,
    Household, MonitoringCategory, MonitoringRecord,
};
use hengjie::money::MONEY_BOUND;
use hengjie::validate::{MAX_MEMBERS, check_household};
use hengjie::{Policy, api, parse_household};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use rust_decimal::Decimal;
use serde_json::{Value, json};

mod common;

use common::{DATES, household};

// ---- mutations: every way a typed household can break the contract ----

/// A small deterministic dice (splitmix64), seeded from the proptest stream.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).unwrap_or(0)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }
}

/// Ids and references on and around the 1–64 character limit, in bytes and in characters.
fn text(dice: &mut Dice) -> String {
    match dice.below(12) {
        0 => String::new(),
        1 => "a".repeat(64),
        2 => "a".repeat(65),
        3 => "户".repeat(64),
        4 => "户".repeat(65),
        5 => "户".repeat(22), // 66 bytes, 22 characters
        6 => "😀".repeat(dice.below(3) + 63),
        7 => "\"\\/~\u{0}\u{1f}\u{7f}\u{2028}".to_owned(),
        8 => " ".to_owned(),
        9 => format!("P{}", dice.below(8)),
        _ => {
            let alphabet = ['a', 'Z', '0', '-', '户', '😀', '\u{301}', ' '];
            let len = dice.below(70);
            (0..len).map(|_| dice.pick(&alphabet)).collect()
        }
    }
}

/// Money on and around every limit: scale, bound, sign, negative zero.
fn amount(dice: &mut Dice) -> Decimal {
    let specials = [
        Decimal::ZERO,
        Decimal::from_parts(0, 0, 0, true, 0),
        Decimal::from_parts(0, 0, 0, true, 2),
        Decimal::from_parts(0, 0, 0, false, 5),
        MONEY_BOUND,
        -MONEY_BOUND,
        Decimal::new(1_000_000_000_000, 2),
        Decimal::new(1_000_000_000_001, 2),
        Decimal::new(-1_000_000_000_001, 2),
        Decimal::new(10_000_000_000_000, 3),
        Decimal::new(1000, 3),
        Decimal::new(1234, 3),
        Decimal::new(-1, 2),
        Decimal::new(-5, 0),
        Decimal::new(1, 28),
        Decimal::MAX,
        Decimal::MIN,
    ];
    if dice.chance(50) {
        return dice.pick(&specials);
    }
    let mantissa = i64::try_from(dice.next() % 2_000_000_000_000).unwrap_or(0)
        - if dice.chance(30) {
            1_000_000_000_000
        } else {
            0
        };
    let scale = u32::try_from(dice.below(4)).unwrap_or(0);
    Decimal::new(mantissa, scale)
}

/// Dates on and around the as-of date, the 130-year age limit and the 4-digit years.
fn date(dice: &mut Dice, as_of: NaiveDate) -> NaiveDate {
    let days = i64::try_from(dice.below(5)).unwrap_or(0) - 2;
    let around = |d: Option<NaiveDate>| {
        d.and_then(|d| d.checked_add_signed(chrono::TimeDelta::days(days)))
            .unwrap_or(as_of)
    };
    match dice.below(6) {
        0 => around(Some(as_of)),
        1 => around(as_of.checked_sub_months(Months::new(130 * 12))),
        2 => around(as_of.checked_sub_months(Months::new(131 * 12))),
        3 => {
            let (y, m, d) = dice.pick(&[
                (0, 1, 1),
                (-1, 12, 31),
                (9999, 12, 31),
                (10_000, 1, 1),
                (1896, 2, 29),
            ]);
            NaiveDate::from_ymd_opt(y, m, d).unwrap_or(as_of)
        }
        4 => NaiveDate::from_ymd_opt(
            1890 + i32::try_from(dice.below(140)).unwrap_or(0),
            1 + u32::try_from(dice.below(12)).unwrap_or(0),
            1 + u32::try_from(dice.below(28)).unwrap_or(0),
        )
        .unwrap_or(as_of),
        _ => around(Some(as_of))
            .with_year(as_of.year() + 1)
            .unwrap_or(as_of),
    }
}

/// Gives the optional parts a value now and then, so that their limits are reached too.
fn fill_options(h: &mut Household, dice: &mut Dice) {
    if h.previous_year_income.is_none() && dice.chance(30) {
        h.previous_year_income = Some(Decimal::new(12_000, 0));
    }
    if h.village_id.is_none() && dice.chance(30) {
        h.village_id = Some("V-1".to_owned());
    }
    if h.credit.is_none() && dice.chance(30) {
        h.credit = Some(Credit {
            rating_ok: true,
            outstanding: Decimal::ZERO,
        });
    }
    if dice.chance(30) {
        h.dibao = Some(DibaoReceipt {
            since: NaiveDate::from_ymd_opt(2021, 1, 1).unwrap_or_default(),
            current_monthly_benefit: Decimal::new(300, 0),
            income_exceeded_on: NaiveDate::from_ymd_opt(2021, 2, 1),
        });
    }
    if h.monitoring.is_none() && dice.chance(30) {
        h.monitoring = Some(MonitoringRecord {
            category: MonitoringCategory::Marginal,
            since: NaiveDate::from_ymd_opt(2021, 1, 1).unwrap_or_default(),
            stable_income_months: 0,
            measures: 0,
        });
    }
    for m in &mut h.members {
        if m.disability.is_none() && dice.chance(20) {
            m.disability = Some(Disability {
                grade: 2,
                category: DisabilityCategory::Visual,
            });
        }
    }
}

fn money_slots(h: &mut Household) -> Vec<(&mut Decimal, bool)> {
    let mut slots = vec![
        (&mut h.income.wages, true),
        (&mut h.income.business, false),
        (&mut h.income.property, false),
        (&mut h.income.transfers, true),
        (&mut h.rigid_expenditure.medical, true),
        (&mut h.rigid_expenditure.education, true),
        (&mut h.rigid_expenditure.disaster, true),
        (&mut h.rigid_expenditure.accident, true),
    ];
    slots.extend(h.previous_year_income.as_mut().map(|d| (d, true)));
    slots.extend(
        h.dibao
            .as_mut()
            .map(|d| (&mut d.current_monthly_benefit, true)),
    );
    slots.extend(h.credit.as_mut().map(|c| (&mut c.outstanding, true)));
    slots.extend(h.members.iter_mut().map(|m| (&mut m.own_income, true)));
    slots.extend(
        h.hospitalizations
            .iter_mut()
            .map(|s| (&mut s.expense, true)),
    );
    slots
}

fn date_slots(h: &mut Household) -> Vec<&mut NaiveDate> {
    let mut slots: Vec<&mut NaiveDate> = h.members.iter_mut().map(|m| &mut m.birth_date).collect();
    if let Some(d) = h.dibao.as_mut() {
        slots.push(&mut d.since);
        slots.extend(d.income_exceeded_on.as_mut());
    }
    slots.extend(h.monitoring.as_mut().map(|m| &mut m.since));
    slots
}

fn text_slots(h: &mut Household) -> Vec<&mut String> {
    let mut slots = vec![&mut h.id];
    slots.extend(h.village_id.as_mut());
    slots.extend(h.members.iter_mut().map(|m| &mut m.id));
    slots.extend(h.hospitalizations.iter_mut().map(|s| &mut s.person_id));
    slots
}

const KINDS: usize = 12;

/// Applies mutation `kind` (0 leaves the household as generated).
fn mutate(h: &mut Household, kind: usize, dice: &mut Dice, as_of: NaiveDate) {
    match kind {
        1 => {
            let t = text(dice);
            let mut slots = text_slots(h);
            let i = dice.below(slots.len());
            if let Some(slot) = slots.get_mut(i) {
                **slot = t;
            }
        }
        2 => h.village_id = dice.chance(80).then(|| text(dice)),
        3 => {
            // Duplicate member ids, a copy of a member, or a fresh id (which breaks the stays
            // naming the old one).
            let n = h.members.len();
            let (i, j) = (dice.below(n), dice.below(n));
            if dice.chance(25) {
                if let Some(m) = h.members.get_mut(i) {
                    m.id = format!("Q{i}");
                }
            } else if i != j {
                let id = h.members[i].id.clone();
                h.members[j].id = id;
            } else if let Some(m) = h.members.get(i).cloned() {
                h.members.push(m);
            }
        }
        4 => {
            // Member count around 0, 1 and the limit.
            let target = dice.pick(&[0, 1, MAX_MEMBERS - 1, MAX_MEMBERS, MAX_MEMBERS + 1, 64]);
            if target < h.members.len() {
                h.members.truncate(target);
            }
            let mut k = 0;
            while h.members.len() < target {
                if let Some(mut m) = h.members.first().cloned() {
                    m.id = format!("X{k}");
                    h.members.push(m);
                } else {
                    break;
                }
                k += 1;
            }
        }
        5 => {
            // A stay naming a member, no member, or an invalid id.
            let person = if dice.chance(50) {
                h.members
                    .get(dice.below(h.members.len()))
                    .map(|m| m.id.clone())
                    .unwrap_or_default()
            } else {
                text(dice)
            };
            let expense = amount(dice);
            let count = dice.pick(&[1, 2, 100]);
            for _ in 0..count {
                h.hospitalizations.push(Hospitalization {
                    person_id: person.clone(),
                    expense,
                    level: HospitalLevel::County,
                });
            }
        }
        6 | 7 => {
            let value = amount(dice);
            let mut slots = money_slots(h);
            let i = dice.below(slots.len());
            if let Some((slot, _)) = slots.get_mut(i) {
                **slot = value;
            }
        }
        8 | 9 => {
            let value = date(dice, as_of);
            let mut slots = date_slots(h);
            let i = dice.below(slots.len());
            if let Some(slot) = slots.get_mut(i) {
                **slot = value;
            }
        }
        10 => {
            let grade = dice.pick(&[0u8, 1, 4, 5, 255]);
            let i = dice.below(h.members.len());
            if let Some(m) = h.members.get_mut(i) {
                m.disability = Some(Disability {
                    grade,
                    category: DisabilityCategory::Multiple,
                });
            }
        }
        11 => {
            let stable = dice.pick(&[0, 599, 600, 601, u32::MAX]);
            let measures = dice.pick(&[0, 999, 1000, 1001, u32::MAX]);
            let since = date(dice, as_of);
            h.monitoring = Some(MonitoringRecord {
                category: MonitoringCategory::SuddenHardship,
                since,
                stable_income_months: stable,
                measures,
            });
        }
        _ => {}
    }
}

// ---- the comparison ----

/// The fast check against the JSON path for one household; returns whether it was valid.
fn compare(h: &Household, as_of: NaiveDate, policy: &Policy, assess_valid: bool) -> bool {
    let value = serde_json::to_value(h).unwrap();
    for date in [Some(as_of), None] {
        let fast = check_household(h, date);
        let slow = parse_household(&value, date);
        assert_eq!(fast, slow.is_ok(), "as of {date:?}: {value}\n{slow:?}");
        if let Ok(parsed) = slow {
            assert_eq!(&parsed, h, "the round trip changed {value}");
            assert_eq!(serde_json::to_value(&parsed).unwrap(), value);
        }
    }
    let assessor = api::Assessor::new(policy, as_of).unwrap();
    let checked = assessor.check(h.clone());
    let parsed = assessor.parse(&value);
    match (&checked, &parsed) {
        (Ok(a), Ok(b)) => assert_eq!(a, b),
        (Err(a), Err(b)) => assert_eq!(
            serde_json::to_string(a).unwrap(),
            serde_json::to_string(b).unwrap()
        ),
        _ => panic!("check {checked:?} but parse {parsed:?}"),
    }
    let valid = checked.is_ok();
    if valid && !assess_valid {
        return true;
    }
    let typed = api::assess(h, as_of, policy);
    let json = api::assess_value(&value, as_of, policy);
    match (typed, json) {
        (Ok(a), Ok(b)) => assert_eq!(a.to_canonical_json(), b.to_canonical_json()),
        (Err(a), Err(b)) => assert_eq!(
            serde_json::to_string(a.errors()).unwrap(),
            serde_json::to_string(b.errors()).unwrap()
        ),
        (a, b) => panic!("typed {a:?} but JSON {b:?}"),
    }
    valid
}

#[test]
fn the_fast_check_agrees_with_the_json_path_on_mutated_households() {
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let strategy = (household(), any::<u64>());
    let policy = Policy::default();
    let cases: usize = std::env::var("HENGJIE_TYPED_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2000);
    // (valid, invalid) per mutation kind.
    let mut seen = [(0usize, 0usize); KINDS];
    for case in 0..cases {
        let (value, seed) = strategy.new_tree(&mut runner).unwrap().current();
        let mut dice = Dice(seed);
        let as_of = api::parse_as_of(DATES[case % DATES.len()]).unwrap();
        let base = parse_household(&value, None).unwrap();
        let kind = case % KINDS;
        let mut h = base.clone();
        if kind != 0 {
            fill_options(&mut h, &mut dice);
        }
        // Mostly one mutation, sometimes several.
        mutate(&mut h, kind, &mut dice, as_of);
        if dice.chance(15) {
            for _ in 0..dice.below(3) + 1 {
                let extra = dice.below(KINDS);
                mutate(&mut h, extra, &mut dice, as_of);
            }
        }
        // Assessing is the slow part of a debug build: every invalid one, a third of the rest.
        let valid = compare(&h, as_of, &policy, case % 3 == 0);
        if valid {
            seen[kind].0 += 1;
        } else {
            seen[kind].1 += 1;
        }
    }
    println!("(valid, invalid) per mutation kind: {seen:?}");
    for (kind, (valid, invalid)) in seen.iter().enumerate() {
        assert!(*valid > 0, "mutation {kind} never gave a valid household");
        assert!(
            kind == 0 || *invalid > 0,
            "mutation {kind} never gave an invalid household"
        );
    }
}

/// The limits one by one, on a fixed household: the expected verdict, and both paths agree.
#[test]
fn each_limit_on_its_boundary() {
    let as_of = api::parse_as_of("2023-06-30").unwrap();
    let policy = Policy::default();
    let base = parse_household(
        &json!({"id": "HH", "poverty_alleviated": true, "village_id": "V",
            "members": [
                {"id": "P1", "birth_date": "1975-04-02", "labor_capacity": "full",
                 "medical_insured": true, "disability": {"grade": 2, "category": "visual"}},
                {"id": "P2", "birth_date": "2010-01-20", "labor_capacity": "full",
                 "medical_insured": true}],
            "income": {"wages": "18000.50", "business": "-2500"}, "previous_year_income": "1",
            "rigid_expenditure": {"medical": "1"},
            "dibao": {"since": "2022-01-01", "current_monthly_benefit": "600",
                      "income_exceeded_on": "2023-01-01"},
            "monitoring": {"category": "marginal", "since": "2022-06-01",
                           "stable_income_months": 2, "measures": 1},
            "credit": {"rating_ok": true, "outstanding": "10000"},
            "hospitalizations": [{"person_id": "P2", "expense": "3000", "level": "township"}]}),
        Some(as_of),
    )
    .unwrap();
    let d = |s: &str| api::parse_as_of(s).unwrap();
    type Edit = Box<dyn Fn(&mut Household)>;
    let cases: Vec<(&str, bool, Edit)> = vec![
        ("as generated", true, Box::new(|_| {})),
        ("empty id", false, Box::new(|h| h.id.clear())),
        ("64-char id", true, Box::new(|h| h.id = "户".repeat(64))),
        ("65-char id", false, Box::new(|h| h.id = "a".repeat(65))),
        (
            "empty village id",
            false,
            Box::new(|h| h.village_id = Some(String::new())),
        ),
        ("no village id", true, Box::new(|h| h.village_id = None)),
        ("no members", false, Box::new(|h| h.members.clear())),
        (
            "empty member id",
            false,
            Box::new(|h| h.members[0].id.clear()),
        ),
        (
            "duplicate member ids",
            false,
            Box::new(|h| h.members[0].id = "P2".to_owned()),
        ),
        (
            "51 members",
            false,
            Box::new(|h| {
                for k in 0..49 {
                    let mut m = h.members[0].clone();
                    m.id = format!("X{k}");
                    h.members.push(m);
                }
            }),
        ),
        (
            "50 members",
            true,
            Box::new(|h| {
                for k in 0..48 {
                    let mut m = h.members[0].clone();
                    m.id = format!("X{k}");
                    h.members.push(m);
                }
            }),
        ),
        (
            "stay of no member",
            false,
            Box::new(|h| h.hospitalizations[0].person_id = "P9".to_owned()),
        ),
        (
            "stay with an empty person",
            false,
            Box::new(|h| h.hospitalizations[0].person_id.clear()),
        ),
        (
            "negative wages",
            false,
            Box::new(|h| h.income.wages = Decimal::new(-1, 2)),
        ),
        (
            "negative zero wages",
            true,
            Box::new(|h| h.income.wages = Decimal::from_parts(0, 0, 0, true, 2)),
        ),
        (
            "negative business",
            true,
            Box::new(|h| h.income.business = -MONEY_BOUND),
        ),
        (
            "business beyond the bound",
            false,
            Box::new(|h| h.income.business = Decimal::new(-1_000_000_000_001, 2)),
        ),
        (
            "wages on the bound",
            true,
            Box::new(|h| h.income.wages = MONEY_BOUND),
        ),
        (
            "wages beyond the bound",
            false,
            Box::new(|h| h.income.wages = Decimal::new(1_000_000_000_001, 2)),
        ),
        (
            "3 decimals",
            false,
            Box::new(|h| h.income.property = Decimal::new(1234, 3)),
        ),
        (
            "3 decimals, last zero",
            false,
            Box::new(|h| h.income.property = Decimal::new(1230, 3)),
        ),
        (
            "negative previous income",
            false,
            Box::new(|h| h.previous_year_income = Some(Decimal::new(-1, 0))),
        ),
        (
            "negative rigid",
            false,
            Box::new(|h| h.rigid_expenditure.accident = Decimal::new(-1, 0)),
        ),
        (
            "negative benefit",
            false,
            Box::new(|h| {
                if let Some(d) = h.dibao.as_mut() {
                    d.current_monthly_benefit = Decimal::new(-1, 0)
                }
            }),
        ),
        (
            "negative outstanding",
            false,
            Box::new(|h| {
                if let Some(c) = h.credit.as_mut() {
                    c.outstanding = Decimal::new(-1, 0)
                }
            }),
        ),
        (
            "negative expense",
            false,
            Box::new(|h| h.hospitalizations[0].expense = Decimal::new(-1, 0)),
        ),
        (
            "negative own income",
            false,
            Box::new(|h| h.members[1].own_income = Decimal::new(-1, 0)),
        ),
        (
            "born on the as-of date",
            true,
            Box::new(move |h| h.members[1].birth_date = d("2023-06-30")),
        ),
        (
            "born after the as-of date",
            false,
            Box::new(move |h| h.members[1].birth_date = d("2023-07-01")),
        ),
        (
            "aged 130",
            true,
            Box::new(move |h| h.members[0].birth_date = d("1892-12-01")),
        ),
        (
            "aged 131",
            false,
            Box::new(move |h| h.members[0].birth_date = d("1892-06-30")),
        ),
        (
            "dibao since after",
            false,
            Box::new(move |h| {
                if let Some(x) = h.dibao.as_mut() {
                    x.since = d("2023-07-01")
                }
            }),
        ),
        (
            "income exceeded after",
            false,
            Box::new(move |h| {
                if let Some(x) = h.dibao.as_mut() {
                    x.income_exceeded_on = Some(d("2024-01-01"))
                }
            }),
        ),
        (
            "monitoring since after",
            false,
            Box::new(move |h| {
                if let Some(x) = h.monitoring.as_mut() {
                    x.since = d("2023-07-01")
                }
            }),
        ),
        (
            "grade 0",
            false,
            Box::new(|h| {
                if let Some(x) = h.members[0].disability.as_mut() {
                    x.grade = 0
                }
            }),
        ),
        (
            "grade 5",
            false,
            Box::new(|h| {
                if let Some(x) = h.members[0].disability.as_mut() {
                    x.grade = 5
                }
            }),
        ),
        (
            "600 stable months",
            true,
            Box::new(|h| {
                if let Some(x) = h.monitoring.as_mut() {
                    x.stable_income_months = 600
                }
            }),
        ),
        (
            "601 stable months",
            false,
            Box::new(|h| {
                if let Some(x) = h.monitoring.as_mut() {
                    x.stable_income_months = 601
                }
            }),
        ),
        (
            "1001 measures",
            false,
            Box::new(|h| {
                if let Some(x) = h.monitoring.as_mut() {
                    x.measures = 1001
                }
            }),
        ),
    ];
    for (name, expected, edit) in cases {
        let mut h = base.clone();
        edit(&mut h);
        assert_eq!(check_household(&h, Some(as_of)), expected, "{name}");
        assert_eq!(compare(&h, as_of, &policy, true), expected, "{name}");
    }
    // Dates of 5-digit or negative years do not serialise as YYYY-MM-DD: refused without an
    // as-of date too.
    for year in [-1, 10_000] {
        let mut h = base.clone();
        if let Some(x) = h.dibao.as_mut() {
            x.since = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
        }
        assert!(!check_household(&h, None), "{year}");
        assert!(parse_household(&serde_json::to_value(&h).unwrap(), None).is_err());
    }
    let mut h = base.clone();
    h.members[0].birth_date = NaiveDate::from_ymd_opt(0, 1, 1).unwrap();
    assert!(check_household(&h, None));
    assert!(!check_household(&h, Some(as_of)));
    compare(&h, as_of, &policy, true);
}

/// Every household input of the conformance vectors that the JSON path accepts passes the fast
/// check, and every one it refuses (when it can be typed at all) fails it.
#[test]
fn every_valid_vector_household_passes_the_fast_check() {
    let files = hengjie_testkit::vector_files();
    let mut passed = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let vector: Value = serde_json::from_str(&text).unwrap();
        let kind = vector
            .get("kind")
            .and_then(Value::as_str)
            .unwrap_or("household");
        let (Some(input), Some(as_of)) = (
            vector.get("input"),
            vector.get("as_of").and_then(Value::as_str),
        ) else {
            continue;
        };
        let Ok(as_of) = api::parse_as_of(as_of) else {
            continue;
        };
        if kind != "household" {
            continue;
        }
        let Ok(h) = parse_household(input, Some(as_of)) else {
            continue;
        };
        assert!(check_household(&h, Some(as_of)), "{}", file.display());
        assert!(check_household(&h, None), "{}", file.display());
        let round = parse_household(&serde_json::to_value(&h).unwrap(), Some(as_of)).unwrap();
        assert_eq!(round, h, "{}", file.display());
        passed += 1;
    }
    assert!(passed > 200, "only {passed} vector households");
}
