//! §5 Temporary assistance (临时救助) — 阳发〔2021〕30号 §五(二) "健全临时性救助制度".
//!
//! Eligible when (rigid > 0 or the `income_drop` flag) and net − rigid < std × 12 × n; `amount` =
//! min(std × 12 × n − (net − rigid), `temporary_assistance.cap_months` × std × n).

use rust_decimal::Decimal;
use serde::Serialize;

use super::{Facts, Standing};
use crate::explain::{Rule, Trail, Values};
use crate::money::Money;
use crate::params::Param;

/// The parameters this rule records.
pub const PARAMS: &[Param] = &[
    Param::DibaoStandardMonthly,
    Param::TemporaryAssistanceCapMonths,
];

/// `temporary_assistance` of the assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
    let std = facts.params.dec(Param::DibaoStandardMonthly);
    let yearly = std * Decimal::from(12) * facts.n;
    let after = facts.net - facts.rigid;
    let cause = facts.rigid > Decimal::ZERO || standing.income_drop;
    let values = || {
        Values::new()
            .with("net", Money::round(facts.net))
            .with("rigid", Money::round(facts.rigid))
            .with("threshold", Money::round(yearly))
    };
    if cause && after < yearly {
        let cap =
            Decimal::from(facts.params.int(Param::TemporaryAssistanceCapMonths)) * std * facts.n;
        let amount = Money::round((yearly - after).min(cap));
        trail.reason_lazy(
            Rule::TemporaryAssistance,
            "eligible",
            "§五(二)",
            None, || (values().with("cap", Money::round(cap)).with("amount", amount), (
                format!("刚性支出或收入骤减使扣除支出后的收入低于低保标准全年 {} 元,临时救助 {amount} 元", Money::round(yearly)),
                format!(
                    "rigid expenditure or a sharp income drop leaves income below the yearly standard of {} yuan: temporary assistance of {amount} yuan",
                    Money::round(yearly)
                ),
            )));
        TemporaryAssistance {
            eligible: true,
            amount,
        }
    } else {
        let (code, zh, en) = if cause {
            (
                "income_sufficient",
                "扣除刚性支出后的收入不低于低保标准全年额",
                "income after rigid expenditure is not below the yearly standard",
            )
        } else {
            (
                "no_sudden_hardship",
                "没有刚性支出或收入骤减",
                "no rigid expenditure and no sharp income drop",
            )
        };
        trail.reason_lazy(Rule::TemporaryAssistance, code, "§五(二)", None, || {
            (values(), (zh.to_owned(), en.to_owned()))
        });
        TemporaryAssistance {
            eligible: false,
            amount: Money::ZERO,
        }
    }
}
