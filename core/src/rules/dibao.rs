//! §3 Rural minimum living guarantee (农村低保) — 阳发〔2021〕30号 §五(二), §五(四).
//!
//! Eligible when net < std × 12 × n and the asset test is not failed; benefit is the top-up
//! (补差) (std × 12 × n − net) / 12. A household on dibao whose income rose above the standard
//! through work or business keeps its benefit for `dibao.gradual_exit_months` (渐退期). An
//! eligible household not on dibao is the coverage gap `dibao_not_covered` (应保尽保).

use serde::Serialize;

use super::Facts;
use crate::date::{Date, add_months};
use crate::explain::{Trail, WarningCode, reasons};
use crate::money::{Money, fen_money, fen_of, round_div};
use crate::params::Param;

/// The parameters this rule records.
pub const PARAMS: &[Param] = &[Param::DibaoGradualExitMonths, Param::DibaoStandardMonthly];

/// `dibao.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DibaoStatus {
    Eligible,
    GradualExit,
    NotEligible,
}

/// `dibao` of the assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Dibao {
    pub status: DibaoStatus,
    pub eligible: bool,
    pub monthly_benefit: Money,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("format" = "date", "pattern" = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")))]
    pub gradual_exit_until: Option<Date>,
}

impl Dibao {
    /// Dibao-eligible in the sense of docs/rules/conventions.md#terms: status `eligible`.
    pub fn income_eligible(&self) -> bool {
        self.status == DibaoStatus::Eligible
    }

    /// The coverage gap `dibao_not_covered`: eligible and not on dibao.
    pub fn not_covered(&self, on_dibao: bool) -> bool {
        self.status == DibaoStatus::Eligible && !on_dibao
    }
}

/// Tests eligibility, the top-up and the gradual exit.
pub(crate) fn assess(facts: &Facts<'_>, trail: &mut Trail) -> Dibao {
    trail.uses(PARAMS);
    let h = facts.household;
    let std = facts.params.fen(Param::DibaoStandardMonthly);
    let yearly = i128::from(std) * 12 * i128::from(facts.n);
    let net = i128::from(facts.net);
    let test = IncomeTest {
        net,
        n: facts.n,
        std,
    };

    if net < yearly {
        if h.assets_within_limit == Some(false) {
            trail.reason(None, DibaoReason::AssetsExceedLimit { test });
            return not_eligible(None);
        }
        if h.assets_within_limit.is_none() {
            trail.warn(WarningCode::AssetTestNotProvided, None);
        }
        let benefit = fen_money(round_div(yearly - net, 12));
        trail.reason(None, DibaoReason::Eligible { test, benefit });
        if h.dibao.is_none() {
            trail.reason(None, DibaoReason::NotCovered { benefit });
        }
        return Dibao {
            status: DibaoStatus::Eligible,
            eligible: true,
            monthly_benefit: benefit,
            gradual_exit_until: None,
        };
    }

    // net ≥ std × 12 × n from here on.
    let from_work =
        net - i128::from(fen_of(h.income.wages)) - i128::from(fen_of(h.income.business)) < yearly;
    if let (Some(receipt), true) = (h.dibao, from_work) {
        let months = facts.params.int(Param::DibaoGradualExitMonths);
        let start = match receipt.income_exceeded_on {
            Some(d) => d,
            None => {
                trail.warn(WarningCode::IncomeExceededOnNotProvided, None);
                facts.as_of
            }
        };
        // `None` only for dates past year 262143, which validation makes impossible.
        let until = add_months(start, months).unwrap_or(Date::MAX);
        let exit = ExitWindow {
            start,
            months,
            until,
        };
        if facts.as_of <= until {
            let benefit = Money::from_fen(fen_of(receipt.current_monthly_benefit));
            trail.reason(None, DibaoReason::GradualExit { exit, benefit });
            return Dibao {
                status: DibaoStatus::GradualExit,
                eligible: true,
                monthly_benefit: benefit,
                gradual_exit_until: Some(until),
            };
        }
        trail.reason(None, DibaoReason::GradualExitEnded { exit });
        return not_eligible(Some(until));
    }

    trail.reason(None, DibaoReason::IncomeAboveStandard { test });
    not_eligible(None)
}

fn not_eligible(gradual_exit_until: Option<Date>) -> Dibao {
    Dibao {
        status: DibaoStatus::NotEligible,
        eligible: false,
        monthly_benefit: Money::ZERO,
        gradual_exit_until,
    }
}

/// The income test: net income, members and the monthly standard.
#[derive(Debug, Clone, Copy)]
pub(crate) struct IncomeTest {
    /// In fen.
    net: i128,
    n: i64,
    /// In fen.
    std: i64,
}

/// The 渐退期: income above the standard since `start`, `months` long, ending on `until`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ExitWindow {
    start: Date,
    months: u32,
    until: Date,
}

reasons! {
    /// §3's reasons. The income test's values are net, members, standard_monthly and
    /// pc_income_monthly = net / (12 × n).
    pub(crate) enum DibaoReason for Dibao {
        /// net < std × 12 × n, and `assets_within_limit` is false.
        AssetsExceedLimit("assets_exceed_limit", "§五(二)") { test: IncomeTest }
        values(
            net = fen_money(test.net), members = test.n, standard_monthly = Money::from_fen(test.std),
            pc_income_monthly = fen_money(round_div(test.net, 12 * i128::from(test.n))),
        )
        zh("收入低于低保标准 {standard_monthly} 元/人·月,但家庭财产超过规定")
        en("income is below the dibao standard of {standard_monthly} yuan per person per month, but the assets exceed the limit")

        /// net < std × 12 × n, the assets not over the limit: the top-up (std × 12 × n − net) / 12.
        Eligible("eligible", "§五(二)") { test: IncomeTest, benefit: Money }
        values(
            net = fen_money(test.net), members = test.n, standard_monthly = Money::from_fen(test.std),
            pc_income_monthly = fen_money(round_div(test.net, 12 * i128::from(test.n))),
            monthly_benefit = benefit,
        )
        zh("月人均收入低于低保标准 {standard_monthly} 元,按差额补助每月 {monthly_benefit} 元")
        en("monthly income per person is below the standard of {standard_monthly} yuan: a top-up of {monthly_benefit} yuan a month")

        /// Eligible and not on dibao (after `eligible`).
        NotCovered("not_covered", "§五(四)") { benefit: Money }
        values(monthly_benefit = benefit)
        zh("符合低保条件但尚未纳入低保(应保尽保)")
        en("eligible for dibao but not receiving it (应保尽保: all who qualify must be covered)")

        /// On dibao, income above the standard through work or business (net − wages − business
        /// < std × 12 × n), inside the 渐退期 of `dibao.gradual_exit_months`: the benefit is kept.
        GradualExit("gradual_exit", "§五(二)") { exit: ExitWindow, benefit: Money }
        values(
            income_exceeded_on = exit.start, gradual_exit_months = exit.months, until = exit.until,
            monthly_benefit = benefit,
        )
        zh("就业或经营收入超过低保标准,给予 {gradual_exit_months} 个月渐退期至 {until},期间继续发放每月 {monthly_benefit} 元")
        en("income from work or business rose above the standard: a {gradual_exit_months}-month gradual exit until {until}, keeping {monthly_benefit} yuan a month")

        /// As `gradual_exit`, the 渐退期 has passed.
        GradualExitEnded("gradual_exit_ended", "§五(二)") { exit: ExitWindow }
        values(income_exceeded_on = exit.start, gradual_exit_months = exit.months, until = exit.until)
        zh("{gradual_exit_months} 个月渐退期已于 {until} 结束")
        en("the {gradual_exit_months}-month gradual exit ended on {until}")

        /// Otherwise: net ≥ std × 12 × n.
        IncomeAboveStandard("income_above_standard", "§五(二)") { test: IncomeTest }
        values(
            net = fen_money(test.net), members = test.n, standard_monthly = Money::from_fen(test.std),
            pc_income_monthly = fen_money(round_div(test.net, 12 * i128::from(test.n))),
        )
        zh("月人均收入不低于低保标准 {standard_monthly} 元")
        en("monthly income per person is not below the dibao standard of {standard_monthly} yuan")
    }
}
