//! §2 Return-to-poverty monitoring (防返贫动态监测) — 阳发〔2021〕30号 §三(二), §五(一). Flags 4–6
//! (education, medical insurance, housing: "三保障") cite §三(三); flags 7–8 ("两不愁" and
//! drinking water) cite §三(二), which names the "两不愁三保障" status as what is monitored.
//!
//! Risk flags, the category (脱贫不稳定户, 边缘易致贫户, 突发严重困难户), the cadre follow-up
//! (`review`) and the exit test (风险消除, "有进有出").

use rust_decimal::Decimal;
use serde::Serialize;

use super::Facts;
use crate::date::whole_months;
use crate::explain::{Rule, Trail, Values, WarningCode};
use crate::model::{HousingGrade, LaborCapacity, MonitoringCategory, SchoolingStatus};
use crate::money::Money;
use crate::params::Param;

/// The parameters this rule records.
pub const PARAMS: &[Param] = &[
    Param::EducationCompulsoryAgeLimit,
    Param::EducationCompulsoryAgeMin,
    Param::MonitoringIncomeDropShare,
    Param::MonitoringIncomeLine,
];

/// The parameters its exit test records, when the input has `monitoring`.
pub const EXIT_PARAMS: &[Param] = &[
    Param::MonitoringExitStableIncomeMonths,
    Param::MonitoringMinMonthsMonitored,
];

/// A risk flag, in RULES §2 order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RiskFlag {
    IncomeBelowLine,
    RigidExpenditure,
    IncomeDrop,
    Dropout,
    Uninsured,
    UnsafeHousing,
    UnsafeWater,
    FoodClothing,
}

/// Why a monitored household cannot leave monitoring yet, in RULES order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ExitBlocker {
    TooRecent,
    IncomeNotStable,
    RiskRemaining,
    NoMeasure,
    NoLaborCapacity,
}

impl ExitBlocker {
    fn as_str(self) -> &'static str {
        match self {
            ExitBlocker::TooRecent => "too_recent",
            ExitBlocker::IncomeNotStable => "income_not_stable",
            ExitBlocker::RiskRemaining => "risk_remaining",
            ExitBlocker::NoMeasure => "no_measure",
            ExitBlocker::NoLaborCapacity => "no_labor_capacity",
        }
    }
}

/// `monitoring.exit`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Exit {
    pub eligible: bool,
    pub blockers: Vec<ExitBlocker>,
}

/// `monitoring` of the assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Monitoring {
    pub include: bool,
    pub category: Option<MonitoringCategory>,
    pub risks: Vec<RiskFlag>,
    pub review: bool,
    pub pc_income: Money,
    pub pc_income_after_rigid: Money,
    pub line: Money,
    pub exit: Option<Exit>,
    /// Per member, in input order: raised flag 4 (`dropout`). Not part of the output.
    #[serde(skip)]
    pub dropouts: Vec<bool>,
}

impl Monitoring {
    /// *Monitored* (RULES §0): included now, or on the roll and not eligible to exit.
    pub fn monitored(&self) -> bool {
        self.include || self.exit.as_ref().is_some_and(|e| !e.eligible)
    }

    /// Whether a flag was raised.
    pub fn has(&self, flag: RiskFlag) -> bool {
        self.risks.contains(&flag)
    }
}

/// Raises the risk flags, sets the category and tests the exit.
pub(crate) fn assess(facts: &Facts<'_>, trail: &mut Trail) -> Monitoring {
    trail.uses(PARAMS);
    let h = facts.household;
    let p = facts.params;
    let line = p.dec(Param::MonitoringIncomeLine);
    let threshold = line * facts.n;
    let (net, rigid, n) = (facts.net, facts.rigid, facts.n);
    let pc_income = Money::round(net / n);
    let pc_after = Money::round((net - rigid) / n);
    let line_m = Money::round(line);
    let mut risks = Vec::new();

    // 1. income below the line.
    if net < threshold {
        risks.push(RiskFlag::IncomeBelowLine);
        trail.reason(
            Rule::Monitoring,
            "income_below_line",
            "§三(二)",
            None, || (Values::new().with("net", Money::round(net)).with("members", n).with("pc_income", pc_income).with("line", line_m), (
                format!("家庭年人均纯收入 {pc_income} 元低于监测标准 {line_m} 元"),
                format!("annual net income per person {pc_income} yuan is below the monitoring line {line_m} yuan"),
            )));
    }
    // 2. rigid expenditure pushes the household under the line.
    if rigid > Decimal::ZERO && net >= threshold && net - rigid < threshold {
        risks.push(RiskFlag::RigidExpenditure);
        trail.reason(
            Rule::Monitoring,
            "rigid_expenditure",
            "§三(二)",
            None, || (Values::new()
                .with("rigid", Money::round(rigid))
                .with("pc_income", pc_income)
                .with("pc_income_after_rigid", pc_after)
                .with("line", line_m), (
                format!("刚性支出 {} 元使人均收入由 {pc_income} 元降至 {pc_after} 元,低于监测标准 {line_m} 元", Money::round(rigid)),
                format!(
                    "rigid expenditure of {} yuan brings income per person from {pc_income} down to {pc_after} yuan, below the line {line_m} yuan",
                    Money::round(rigid)
                ),
            )));
    }
    // 3. a sharp drop against the previous year's own income.
    let share = p.dec(Param::MonitoringIncomeDropShare);
    if let Some(prev) = h.previous_year_income.filter(|v| *v > Decimal::ZERO) {
        if net <= (Decimal::ONE - share) * prev {
            risks.push(RiskFlag::IncomeDrop);
            trail.reason(
                Rule::Monitoring,
                "income_drop",
                "§三(二)",
                None, || (Values::new()
                    .with("net", Money::round(net))
                    .with("previous_year_income", Money::round(prev))
                    .with("drop_share", crate::money::plain_decimal(share)), (
                    format!(
                        "家庭年纯收入 {} 元较上年 {} 元减少 {} 以上",
                        Money::round(net),
                        Money::round(prev),
                        percent(share)
                    ),
                    format!(
                        "annual net income of {} yuan fell by {} or more from last year's {} yuan",
                        Money::round(net),
                        percent(share),
                        Money::round(prev)
                    ),
                )));
        }
    }
    // 4. a child of compulsory-school age out of school.
    let (age_min, age_limit) = (
        p.int(Param::EducationCompulsoryAgeMin),
        p.int(Param::EducationCompulsoryAgeLimit),
    );
    let mut dropout = false;
    let mut dropouts = vec![false; h.members.len()];
    for ((m, age), flagged) in facts.members().zip(dropouts.iter_mut()) {
        if !(age_min..age_limit).contains(&age) {
            continue;
        }
        match m.schooling {
            Some(s) if s.status == SchoolingStatus::NotEnrolled => {
                dropout = true;
                *flagged = true;
                trail.reason(
                    Rule::Monitoring,
                    "dropout",
                    "§三(三)",
                    Some(&m.id),
                    || {
                        (
                            Values::new().with("age", age),
                            (
                                format!("义务教育阶段适龄成员({age} 岁)未在学"),
                                format!(
                                    "a member of compulsory-school age ({age}) is not enrolled"
                                ),
                            ),
                        )
                    },
                );
            }
            Some(_) => {}
            None => trail.warn(WarningCode::SchoolingUnknown, Some(&m.id)),
        }
    }
    if dropout {
        risks.push(RiskFlag::Dropout);
    }
    // 5. a member without basic medical insurance.
    let mut uninsured = false;
    for m in h.members.iter().filter(|m| !m.medical_insured) {
        uninsured = true;
        trail.reason(
            Rule::Monitoring,
            "uninsured",
            "§三(三)",
            Some(&m.id),
            || {
                (
                    Values::new(),
                    (
                        "成员未参加基本医疗保险".to_owned(),
                        "the member has no basic medical insurance".to_owned(),
                    ),
                )
            },
        );
    }
    if uninsured {
        risks.push(RiskFlag::Uninsured);
    }
    // 6. unsafe housing (C or D).
    if let Some(grade) = h
        .housing_grade
        .filter(|g| matches!(g, HousingGrade::C | HousingGrade::D))
    {
        risks.push(RiskFlag::UnsafeHousing);
        trail.reason(
            Rule::Monitoring,
            "unsafe_housing",
            "§三(三)",
            None,
            || {
                (
                    Values::new().with("housing_grade", grade.as_str()),
                    (
                        format!("住房安全等级为 {},属于危房", grade.as_str()),
                        format!("the housing is grade {}, unsafe", grade.as_str()),
                    ),
                )
            },
        );
    }
    // 7. unsafe drinking water.
    if !h.drinking_water_safe {
        risks.push(RiskFlag::UnsafeWater);
        trail.reason(Rule::Monitoring, "unsafe_water", "§三(二)", None, || {
            (
                Values::new(),
                (
                    "饮水安全没有保障".to_owned(),
                    "drinking water is not safe".to_owned(),
                ),
            )
        });
    }
    // 8. food and clothing not secure.
    if !h.food_clothing_secure {
        risks.push(RiskFlag::FoodClothing);
        trail.reason(
            Rule::Monitoring,
            "food_clothing",
            "§三(二)",
            None,
            || {
                (
                    Values::new(),
                    (
                        "吃穿没有保障(“两不愁”未达标)".to_owned(),
                        "food and clothing are not secure".to_owned(),
                    ),
                )
            },
        );
    }
    if risks.is_empty() {
        trail.reason(
            Rule::Monitoring,
            "no_risk",
            "§三(二)",
            None, || (Values::new().with("pc_income", pc_income).with("line", line_m), (
                format!("未发现返贫致贫风险:人均收入 {pc_income} 元不低于监测标准 {line_m} 元,“两不愁三保障”及饮水安全有保障"),
                format!("no risk found: income per person {pc_income} yuan is not below the line {line_m} yuan, and basic needs are secure"),
            )));
    }

    let has = |f: RiskFlag| risks.contains(&f);
    let category = if h.poverty_alleviated {
        (!risks.is_empty()).then_some(MonitoringCategory::UnstableAlleviated)
    } else if has(RiskFlag::RigidExpenditure)
        || (has(RiskFlag::IncomeDrop) && has(RiskFlag::IncomeBelowLine))
    {
        Some(MonitoringCategory::SuddenHardship)
    } else if has(RiskFlag::IncomeBelowLine) {
        Some(MonitoringCategory::Marginal)
    } else {
        None
    };
    let review = !h.poverty_alleviated && category.is_none() && !risks.is_empty();
    match category {
        Some(c) => {
            let (zh, en) = match c {
                MonitoringCategory::UnstableAlleviated => {
                    ("脱贫不稳定户", "an unstable alleviated household")
                }
                MonitoringCategory::Marginal => {
                    ("边缘易致贫户", "a marginal household at risk of poverty")
                }
                MonitoringCategory::SuddenHardship => {
                    ("突发严重困难户", "a household in sudden severe hardship")
                }
            };
            trail.reason(
                Rule::Monitoring,
                match c {
                    MonitoringCategory::UnstableAlleviated => "category_unstable_alleviated",
                    MonitoringCategory::Marginal => "category_marginal",
                    MonitoringCategory::SuddenHardship => "category_sudden_hardship",
                },
                "§三(二)",
                None,
                || {
                    (
                        Values::new().with("category", c.as_str()),
                        (format!("纳入监测:{zh}"), format!("to be monitored as {en}")),
                    )
                },
            );
        }
        None if review => trail.reason(Rule::Monitoring, "review", "§三(二)", None, || {
            (
                Values::new(),
                (
                    "存在风险但不属于监测对象类别,由基层干部跟踪回访".to_owned(),
                    "a risk is present but no monitoring category applies; a cadre follows up"
                        .to_owned(),
                ),
            )
        }),
        None => {}
    }

    let exit = h.monitoring.map(|record| {
        trail.uses(EXIT_PARAMS);
        let months = whole_months(record.since, facts.as_of);
        let min_months = p.int(Param::MonitoringMinMonthsMonitored);
        let min_stable = p.int(Param::MonitoringExitStableIncomeMonths);
        let mut blockers = Vec::new();
        if months < min_months {
            blockers.push(ExitBlocker::TooRecent);
        }
        if record.stable_income_months < min_stable {
            blockers.push(ExitBlocker::IncomeNotStable);
        }
        if !risks.is_empty() {
            blockers.push(ExitBlocker::RiskRemaining);
        }
        if record.measures < 1 {
            blockers.push(ExitBlocker::NoMeasure);
        }
        if h.members.iter().all(|m| m.labor_capacity == LaborCapacity::None) {
            blockers.push(ExitBlocker::NoLaborCapacity);
        }
        let values = || Values::new()
            .with("months_monitored", months)
            .with("min_months_monitored", min_months)
            .with("stable_income_months", record.stable_income_months)
            .with("exit_stable_income_months", min_stable)
            .with("measures", record.measures);
        if blockers.is_empty() {
            trail.reason(
                Rule::Monitoring,
                "exit_eligible",
                "§三(二)",
                None, || (values(), (
                    format!("已监测 {months} 个月,收入稳定 {} 个月,风险已消除,可标注风险消除", record.stable_income_months),
                    format!(
                        "monitored for {months} months with stable income for {} months and no risk left: the risk can be marked as eliminated",
                        record.stable_income_months
                    ),
                )));
        } else {
            let list = blockers.iter().map(|b| b.as_str()).collect::<Vec<_>>().join(",");
            trail.reason(
                Rule::Monitoring,
                "exit_blocked",
                "§三(二)",
                None, || (values().with("blockers", &list), (format!("暂不能退出监测:{list}"), format!("cannot leave monitoring yet: {list}"))));
        }
        Exit { eligible: blockers.is_empty(), blockers }
    });

    Monitoring {
        include: category.is_some(),
        category,
        risks,
        review,
        pc_income,
        pc_income_after_rigid: pc_after,
        line: line_m,
        exit,
        dropouts,
    }
}

fn percent(share: Decimal) -> String {
    format!(
        "{}%",
        crate::money::plain_decimal(share * Decimal::ONE_HUNDRED)
    )
}
