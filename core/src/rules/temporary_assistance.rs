//! §5 Temporary assistance (临时救助) — 阳发〔2021〕30号 §五(二) "健全临时性救助制度".
//!
//! Eligible when (rigid > 0 or the `income_drop` flag) and net − rigid < std × 12 × n; `amount` =
//! min(std × 12 × n − (net − rigid), `temporary_assistance.cap_months` × std × n).

use serde::Serialize;

use super::{Facts, Standing};
use crate::explain::{Trail, reasons};
use crate::money::{Money, fen_money};
use crate::params::Param;

/// The parameters this rule records.
pub const PARAMS: &[Param] = &[
    Param::DibaoStandardMonthly,
    Param::TemporaryAssistanceCapMonths,
];

/// `temporary_assistance` of the assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct TemporaryAssistance {
    pub eligible: bool,
    pub amount: Money,
}

pub(crate) fn assess(
    facts: &Facts<'_>,
    standing: &Standing,
    trail: &mut Trail,
) -> TemporaryAssistance {
    trail.uses(PARAMS);
    let std = i128::from(facts.params.fen(Param::DibaoStandardMonthly));
    let n = i128::from(facts.n);
    let yearly = std * 12 * n;
    let after = i128::from(facts.net) - i128::from(facts.rigid);
    let cause = facts.rigid > 0 || standing.income_drop;
    let (net, rigid) = (facts.net, facts.rigid);
    if cause && after < yearly {
        let cap = i128::from(facts.params.int(Param::TemporaryAssistanceCapMonths)) * std * n;
        let amount = fen_money((yearly - after).min(cap));
        trail.reason(
            None,
            TemporaryReason::Eligible {
                net,
                rigid,
                yearly,
                cap,
                amount,
            },
        );
        TemporaryAssistance {
            eligible: true,
            amount,
        }
    } else {
        trail.reason(
            None,
            if cause {
                TemporaryReason::IncomeSufficient { net, rigid, yearly }
            } else {
                TemporaryReason::NoSuddenHardship { net, rigid, yearly }
            },
        );
        TemporaryAssistance {
            eligible: false,
            amount: Money::ZERO,
        }
    }
}

reasons! {
    /// §5's reasons: `yearly` is std × 12 × n.
    pub(crate) enum TemporaryReason for TemporaryAssistance {
        /// rigid > 0 or the `income_drop` flag, and net − rigid < std × 12 × n:
        /// amount = min(std × 12 × n − (net − rigid), cap_months × std × n).
        Eligible("eligible", "§五(二)") { net: i64, rigid: i64, yearly: i128, cap: i128, amount: Money }
        values(
            net = Money::from_fen(net), rigid = Money::from_fen(rigid), threshold = fen_money(yearly),
            cap = fen_money(cap), amount,
        )
        zh("刚性支出或收入骤减使扣除支出后的收入低于低保标准全年 {threshold} 元,临时救助 {amount} 元")
        en("rigid expenditure or a sharp income drop leaves income below the yearly standard of {threshold} yuan: temporary assistance of {amount} yuan")

        /// A cause, but net − rigid ≥ std × 12 × n.
        IncomeSufficient("income_sufficient", "§五(二)") { net: i64, rigid: i64, yearly: i128 }
        values(net = Money::from_fen(net), rigid = Money::from_fen(rigid), threshold = fen_money(yearly))
        zh("扣除刚性支出后的收入不低于低保标准全年额")
        en("income after rigid expenditure is not below the yearly standard")

        /// No rigid expenditure and no `income_drop` flag.
        NoSuddenHardship("no_sudden_hardship", "§五(二)") { net: i64, rigid: i64, yearly: i128 }
        values(net = Money::from_fen(net), rigid = Money::from_fen(rigid), threshold = fen_money(yearly))
        zh("没有刚性支出或收入骤减")
        en("no rigid expenditure and no sharp income drop")
    }
}
