//! §11 Small loans (脱贫人口小额信贷) — 阳发〔2021〕30号 §六(二); in force 2021-03-04 ..= 2025-12-31
//! (the 2021 national notice). With §20's interest subsidy (贷款贴息, §六(一)): an eligible
//! household's loan is subsidised while `credit.interest_subsidy_in_force`; every reason of the
//! rule ends with the value `interest_subsidised`.

use rust_decimal::Decimal;
use serde::Serialize;

use super::{Facts, Standing};
use crate::explain::{Rule, Trail, Values};
use crate::model::LaborCapacity;
use crate::money::Money;
use crate::params::Param;

/// The parameters this rule always records (§20's window with §11's).
pub const PARAMS: &[Param] = &[Param::CreditInForce, Param::CreditInterestSubsidyInForce];
/// The parameters it records while in force.
pub const IN_FORCE_PARAMS: &[Param] = &[
    Param::CreditMaxAge,
    Param::CreditMaxAmount,
    Param::CreditMaxTermMonths,
    Param::CreditMinAge,
];

/// `small_loan.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "SmallLoanStatus"))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Eligible,
    NotEligible,
    NotInForce,
}

/// `small_loan` of the assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct SmallLoan {
    pub status: Status,
    pub eligible: bool,
    pub max_amount: Money,
    pub max_term_months: Option<u32>,
    pub borrowers: Vec<String>,
    /// §20: eligible while `credit.interest_subsidy_in_force`.
    pub interest_subsidised: bool,
}

pub(crate) fn assess(facts: &Facts<'_>, standing: &Standing, trail: &mut Trail) -> SmallLoan {
    trail.uses(PARAMS);
    let p = facts.params;
    if !p.flag(Param::CreditInForce) {
        trail.reason(Rule::SmallLoan, "not_in_force", "§六(二)", None, || {
            (
                Values::new().with("interest_subsidised", false),
                (
                    "评估日期不在脱贫人口小额信贷政策期内".to_owned(),
                    "small loans for alleviated people are not in force on the assessment date"
                        .to_owned(),
                ),
            )
        });
        return SmallLoan {
            status: Status::NotInForce,
            eligible: false,
            max_amount: Money::ZERO,
            max_term_months: None,
            borrowers: Vec::new(),
            interest_subsidised: false,
        };
    }
    trail.uses(IN_FORCE_PARAMS);
    let h = facts.household;
    let (min_age, max_age) = (p.int(Param::CreditMinAge), p.int(Param::CreditMaxAge));
    let borrowers: Vec<String> = facts
        .members()
        .filter(|(m, age)| {
            (min_age..=max_age).contains(age)
                && matches!(
                    m.labor_capacity,
                    LaborCapacity::Full | LaborCapacity::Partial
                )
        })
        .map(|(m, _)| m.id.clone())
        .collect();
    let max = p.dec(Param::CreditMaxAmount);
    let base = |borrowers: &[String]| {
        Values::new()
            .with("borrowers", borrowers.join(","))
            .with("credit_max_amount", Money::round(max))
    };
    let refuse = |code: &'static str,
                  zh: &str,
                  en: &str,
                  outstanding: Option<Money>,
                  trail: &mut Trail,
                  borrowers: Vec<String>| {
        trail.reason(Rule::SmallLoan, code, "§六(二)", None, || {
            let mut values = base(&borrowers);
            if let Some(o) = outstanding {
                values = values.with("outstanding", o);
            }
            (
                values.with("interest_subsidised", false),
                (zh.to_owned(), en.to_owned()),
            )
        });
        SmallLoan {
            status: Status::NotEligible,
            eligible: false,
            max_amount: Money::ZERO,
            max_term_months: None,
            borrowers,
            interest_subsidised: false,
        }
    };
    if !(h.poverty_alleviated || standing.monitored) {
        return refuse(
            "not_in_group",
            "不属于脱贫户或监测户",
            "not an alleviated or monitored household",
            None,
            trail,
            borrowers,
        );
    }
    if borrowers.is_empty() {
        return refuse(
            "no_borrower",
            &format!("无 {min_age} 至 {max_age} 岁有劳动能力的成员"),
            &format!("no member aged {min_age} to {max_age} able to work"),
            None,
            trail,
            borrowers,
        );
    }
    let Some(credit) = h.credit else {
        return refuse(
            "credit_unknown",
            "信用评级情况未提供",
            "the credit rating is unknown",
            None,
            trail,
            borrowers,
        );
    };
    if !credit.rating_ok {
        return refuse(
            "credit_rating_not_ok",
            "信用评级不符合要求",
            "the credit rating does not qualify",
            None,
            trail,
            borrowers,
        );
    }
    let outstanding = Money::round(credit.outstanding);
    if credit.outstanding >= max {
        return refuse(
            "outstanding_at_limit",
            "未还贷款余额已达上限",
            "the outstanding balance has reached the maximum",
            Some(outstanding),
            trail,
            borrowers,
        );
    }
    let amount = Money::round((max - credit.outstanding).max(Decimal::ZERO));
    let term = p.int(Param::CreditMaxTermMonths);
    let subsidised = p.flag(Param::CreditInterestSubsidyInForce);
    trail.reason(Rule::SmallLoan, "eligible", "§六(二)", None, || {
        let (zh, en) = if subsidised {
            ("财政贴息", "with an interest subsidy")
        } else {
            ("贴息政策不在期内", "no interest subsidy in force")
        };
        (
            base(&borrowers)
                .with("outstanding", outstanding)
                .with("max_amount", amount)
                .with("max_term_months", term)
                .with("interest_subsidised", subsidised),
            (
                format!("可申请脱贫人口小额信贷,最高 {amount} 元,期限不超过 {term} 个月;{zh}"),
                format!(
                    "eligible for a small loan of up to {amount} yuan for up to {term} months, {en}"
                ),
            ),
        )
    });
    SmallLoan {
        status: Status::Eligible,
        eligible: true,
        max_amount: amount,
        max_term_months: Some(term),
        borrowers,
        interest_subsidised: subsidised,
    }
}
