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
use crate::explain::{List, Trail, WarningCode, reasons};
use crate::model::{HousingGrade, LaborCapacity, MonitoringCategory, SchoolingStatus};
use crate::money::{Money, fen_of, round_div64};
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

/// A risk flag, in the order of docs/rules/monitoring.md.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
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

/// Why a monitored household cannot leave monitoring yet, in the order of docs/rules/monitoring.md.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
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
    /// The word the JSON output writes for this value.
    pub fn as_str(self) -> &'static str {
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Exit {
    pub eligible: bool,
    pub blockers: Vec<ExitBlocker>,
}

/// `monitoring` of the assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
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
    pub dropouts: super::PerMember<bool>,
}

impl Monitoring {
    /// *Monitored* (docs/rules/conventions.md#terms): included now, or on the roll and not eligible
    /// to exit.
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
    let line = p.fen(Param::MonitoringIncomeLine);
    let (net, rigid, n) = (facts.net, facts.rigid, facts.n);
    // In 128 bits: a parameter times the members, and the amounts compared with it.
    let threshold = i128::from(line) * i128::from(n);
    let (net_w, rigid_w) = (i128::from(net), i128::from(rigid));
    let pc_income = Money::from_fen(round_div64(net, n));
    let pc_after = Money::from_fen(round_div64(net - rigid, n));
    let line = Money::from_fen(line);
    let mut risks = Vec::new();

    // 1. income below the line.
    if net_w < threshold {
        risks.push(RiskFlag::IncomeBelowLine);
        trail.reason(
            None,
            MonitoringReason::IncomeBelowLine {
                net,
                n,
                pc_income,
                line,
            },
        );
    }
    // 2. rigid expenditure pushes the household under the line.
    if rigid > 0 && net_w >= threshold && net_w - rigid_w < threshold {
        risks.push(RiskFlag::RigidExpenditure);
        trail.reason(
            None,
            MonitoringReason::RigidExpenditure {
                rigid,
                pc_income,
                pc_after,
                line,
            },
        );
    }
    // 3. a sharp drop against the previous year's own income.
    // net ≤ (1 − share) × prev, the share in ten-thousandths: net × 10000 ≤ (10000 − share) × prev.
    let share = p.bp(Param::MonitoringIncomeDropShare);
    let prev = h.previous_year_income.map(fen_of).filter(|v| *v > 0);
    if let Some(prev) = prev {
        if net_w * 10_000 <= (10_000 - i128::from(share)) * i128::from(prev) {
            risks.push(RiskFlag::IncomeDrop);
            trail.reason(None, MonitoringReason::IncomeDrop { net, prev, share });
        }
    }
    // 4. a child of compulsory-school age out of school.
    let (age_min, age_limit) = (
        p.int(Param::EducationCompulsoryAgeMin),
        p.int(Param::EducationCompulsoryAgeLimit),
    );
    let mut dropout = false;
    let mut dropouts = super::PerMember::new(h.members.iter().map(|_| false));
    for ((m, age), flagged) in facts.members().zip(dropouts.as_mut_slice().iter_mut()) {
        if !(age_min..age_limit).contains(&age) {
            continue;
        }
        match m.schooling {
            Some(s) if s.status == SchoolingStatus::NotEnrolled => {
                dropout = true;
                *flagged = true;
                trail.reason(Some(&m.id), MonitoringReason::Dropout { age });
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
        trail.reason(Some(&m.id), MonitoringReason::Uninsured {});
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
        trail.reason(None, MonitoringReason::UnsafeHousing { grade });
    }
    // 7. unsafe drinking water.
    if !h.drinking_water_safe {
        risks.push(RiskFlag::UnsafeWater);
        trail.reason(None, MonitoringReason::UnsafeWater {});
    }
    // 8. food and clothing not secure.
    if !h.food_clothing_secure {
        risks.push(RiskFlag::FoodClothing);
        trail.reason(None, MonitoringReason::FoodClothing {});
    }
    if risks.is_empty() {
        trail.reason(None, MonitoringReason::NoRisk { pc_income, line });
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
        Some(MonitoringCategory::UnstableAlleviated) => {
            trail.reason(None, MonitoringReason::UnstableAlleviated {});
        }
        Some(MonitoringCategory::Marginal) => trail.reason(None, MonitoringReason::Marginal {}),
        Some(MonitoringCategory::SuddenHardship) => {
            trail.reason(None, MonitoringReason::SuddenHardship {});
        }
        None if review => trail.reason(None, MonitoringReason::Review {}),
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
        if h.members
            .iter()
            .all(|m| m.labor_capacity == LaborCapacity::None)
        {
            blockers.push(ExitBlocker::NoLaborCapacity);
        }
        let test = ExitTest {
            months,
            min_months,
            stable: record.stable_income_months,
            min_stable,
            measures: record.measures,
        };
        if blockers.is_empty() {
            trail.reason(None, MonitoringReason::ExitEligible { test });
        } else {
            let blockers = blockers.as_slice();
            trail.reason(None, MonitoringReason::ExitBlocked { test, blockers });
        }
        Exit {
            eligible: blockers.is_empty(),
            blockers,
        }
    });

    Monitoring {
        include: category.is_some(),
        category,
        risks,
        review,
        pc_income,
        pc_income_after_rigid: pc_after,
        line,
        exit,
        dropouts,
    }
}

/// The exit test's quantities: months monitored and the minimum, months of stable income and
/// the minimum, measures taken.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ExitTest {
    months: u32,
    min_months: u32,
    stable: u32,
    min_stable: u32,
    measures: u32,
}

reasons! {
    /// §2's reasons: the eight risk flags (per member for 4 and 5), the category, the exit.
    /// `line` is `monitoring.income_line`; `net`, `rigid` and `n` as in
    /// docs/rules/conventions.md#household-amounts.
    pub(crate) enum MonitoringReason<'a> for Monitoring {
        /// Flag 1: net < line × n.
        IncomeBelowLine("income_below_line", "§三(二)") { net: i64, n: i64, pc_income: Money, line: Money }
        values(net = Money::from_fen(net), members = n, pc_income, line)
        zh("家庭年人均纯收入 {pc_income} 元低于监测标准 {line} 元")
        en("annual net income per person {pc_income} yuan is below the monitoring line {line} yuan")

        /// Flag 2: rigid > 0, net ≥ line × n and net − rigid < line × n.
        RigidExpenditure("rigid_expenditure", "§三(二)") { rigid: i64, pc_income: Money, pc_after: Money, line: Money }
        values(rigid = Money::from_fen(rigid), pc_income, pc_income_after_rigid = pc_after, line)
        zh("刚性支出 {rigid} 元使人均收入由 {pc_income} 元降至 {pc_income_after_rigid} 元,低于监测标准 {line} 元")
        en("rigid expenditure of {rigid} yuan brings income per person from {pc_income} down to {pc_income_after_rigid} yuan, below the line {line} yuan")

        /// Flag 3: net ≤ (1 − `monitoring.income_drop_share`) × last year's income (> 0).
        IncomeDrop("income_drop", "§三(二)") { net: i64, prev: i64, share: i64 }
        values(
            net = Money::from_fen(net), previous_year_income = Money::from_fen(prev),
            drop_share = crate::money::plain_decimal(Decimal::new(share, 4)),
        )
        zh("家庭年纯收入 {net} 元较上年 {previous_year_income} 元减少 {percent} 以上", percent = percent(share))
        en("annual net income of {net} yuan fell by {percent} or more from last year's {previous_year_income} yuan", percent = percent(share))

        /// Flag 4, per member of compulsory-school age not enrolled.
        Dropout("dropout", "§三(三)") { age: u32 }
        values(age)
        zh("义务教育阶段适龄成员({age} 岁)未在学")
        en("a member of compulsory-school age ({age}) is not enrolled")

        /// Flag 5, per member without basic medical insurance.
        Uninsured("uninsured", "§三(三)") {}
        values()
        zh("成员未参加基本医疗保险")
        en("the member has no basic medical insurance")

        /// Flag 6: housing grade C or D.
        UnsafeHousing("unsafe_housing", "§三(三)") { grade: HousingGrade }
        values(housing_grade = grade)
        zh("住房安全等级为 {housing_grade},属于危房")
        en("the housing is grade {housing_grade}, unsafe")

        /// Flag 7: drinking water not safe.
        UnsafeWater("unsafe_water", "§三(二)") {}
        values()
        zh("饮水安全没有保障")
        en("drinking water is not safe")

        /// Flag 8: food and clothing not secure.
        FoodClothing("food_clothing", "§三(二)") {}
        values()
        zh("吃穿没有保障(“两不愁”未达标)")
        en("food and clothing are not secure")

        /// No flag.
        NoRisk("no_risk", "§三(二)") { pc_income: Money, line: Money }
        values(pc_income, line)
        zh("未发现返贫致贫风险:人均收入 {pc_income} 元不低于监测标准 {line} 元,“两不愁三保障”及饮水安全有保障")
        en("no risk found: income per person {pc_income} yuan is not below the line {line} yuan, and basic needs are secure")

        /// Category 脱贫不稳定户: alleviated, some flag.
        UnstableAlleviated("category_unstable_alleviated", "§三(二)") {}
        values(category = MonitoringCategory::UnstableAlleviated)
        zh("纳入监测:脱贫不稳定户")
        en("to be monitored as an unstable alleviated household")

        /// Category 边缘易致贫户: not alleviated, flag 1 (and not sudden hardship).
        Marginal("category_marginal", "§三(二)") {}
        values(category = MonitoringCategory::Marginal)
        zh("纳入监测:边缘易致贫户")
        en("to be monitored as a marginal household at risk of poverty")

        /// Category 突发严重困难户: not alleviated, flag 2, or flags 3 and 1.
        SuddenHardship("category_sudden_hardship", "§三(二)") {}
        values(category = MonitoringCategory::SuddenHardship)
        zh("纳入监测:突发严重困难户")
        en("to be monitored as a household in sudden severe hardship")

        /// Some flag but no category, not alleviated: a cadre follows up.
        Review("review", "§三(二)") {}
        values()
        zh("存在风险但不属于监测对象类别,由基层干部跟踪回访")
        en("a risk is present but no monitoring category applies; a cadre follows up")

        /// On the roll (`monitoring` given), no exit blocker.
        ExitEligible("exit_eligible", "§三(二)") { test: ExitTest }
        values(
            months_monitored = test.months, min_months_monitored = test.min_months,
            stable_income_months = test.stable, exit_stable_income_months = test.min_stable,
            measures = test.measures,
        )
        zh("已监测 {months_monitored} 个月,收入稳定 {stable_income_months} 个月,风险已消除,可标注风险消除")
        en("monitored for {months_monitored} months with stable income for {stable_income_months} months and no risk left: the risk can be marked as eliminated")

        /// On the roll, some blocker (too_recent, income_not_stable, risk_remaining,
        /// no_measure, no_labor_capacity).
        ExitBlocked("exit_blocked", "§三(二)") { test: ExitTest, blockers: &'a [ExitBlocker] }
        values(
            months_monitored = test.months, min_months_monitored = test.min_months,
            stable_income_months = test.stable, exit_stable_income_months = test.min_stable,
            measures = test.measures, blockers = List(blockers),
        )
        zh("暂不能退出监测:{blockers}")
        en("cannot leave monitoring yet: {blockers}")
    }
}

/// A share in ten-thousandths as a percentage (3000 is `30%`).
fn percent(share: i64) -> String {
    format!("{}%", crate::money::plain_decimal(Decimal::new(share, 2)))
}
