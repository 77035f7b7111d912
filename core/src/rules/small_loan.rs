//! §11 Small loans (脱贫人口小额信贷) — 阳发〔2021〕30号 §六(二); in force 2021-03-04 ..= 2025-12-31
//! (the 2021 national notice). With §20's interest subsidy (贷款贴息, §六(一)): an eligible
//! household's loan is subsidised while `credit.interest_subsidy_in_force`; every reason of the
//! rule ends with the value `interest_subsidised`.

use compact_str::CompactString;
use serde::Serialize;

use super::{Facts, Standing};
use crate::explain::{List, Trail, reasons};
use crate::model::LaborCapacity;
use crate::money::{Money, fen_of};
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "SmallLoanStatus"))]
#[serde(rename_all = "snake_case")]
pub enum LoanStatus {
    Eligible,
    NotEligible,
    NotInForce,
}

/// `small_loan` of the assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct SmallLoan {
    pub status: LoanStatus,
    pub eligible: bool,
    pub max_amount: Money,
    pub max_term_months: Option<u32>,
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub borrowers: Vec<CompactString>,
    /// §20: eligible while `credit.interest_subsidy_in_force`.
    pub interest_subsidised: bool,
}

pub(crate) fn assess(facts: &Facts<'_>, standing: &Standing, trail: &mut Trail) -> SmallLoan {
    trail.uses(PARAMS);
    let p = facts.params;
    if !p.flag(Param::CreditInForce) {
        trail.reason(None, LoanReason::NotInForce {});
        return not_eligible(LoanStatus::NotInForce, Vec::new());
    }
    trail.uses(IN_FORCE_PARAMS);
    let h = facts.household;
    let (min_age, max_age) = (p.int(Param::CreditMinAge), p.int(Param::CreditMaxAge));
    let borrowers: Vec<CompactString> = facts
        .members()
        .filter(|(m, age)| {
            (min_age..=max_age).contains(age)
                && matches!(
                    m.labor_capacity,
                    LaborCapacity::Full | LaborCapacity::Partial
                )
        })
        .map(|(m, _)| CompactString::from(m.id.as_str()))
        .collect();
    let max = p.fen(Param::CreditMaxAmount);
    let list = borrowers.as_slice();
    let refusal = if !(h.poverty_alleviated || standing.monitored) {
        Some(LoanReason::NotInGroup { list, max })
    } else if borrowers.is_empty() {
        Some(LoanReason::NoBorrower {
            list,
            max,
            min_age,
            max_age,
        })
    } else {
        match h.credit {
            None => Some(LoanReason::CreditUnknown { list, max }),
            Some(c) if !c.rating_ok => Some(LoanReason::CreditRatingNotOk { list, max }),
            Some(c) if fen_of(c.outstanding) >= max => {
                let outstanding = Money::from_fen(fen_of(c.outstanding));
                Some(LoanReason::OutstandingAtLimit {
                    list,
                    max,
                    outstanding,
                })
            }
            Some(_) => None,
        }
    };
    // `credit` is present whenever nothing was refused.
    let (Some(credit), None) = (h.credit, refusal) else {
        if let Some(reason) = refusal {
            trail.reason(None, reason);
        }
        return not_eligible(LoanStatus::NotEligible, borrowers);
    };
    let outstanding = Money::from_fen(fen_of(credit.outstanding));
    let amount = Money::from_fen((max - outstanding.fen()).max(0));
    let term = p.int(Param::CreditMaxTermMonths);
    let subsidised = p.flag(Param::CreditInterestSubsidyInForce);
    trail.reason(
        None,
        LoanReason::Eligible {
            list,
            max,
            outstanding,
            amount,
            term,
            subsidised,
        },
    );
    SmallLoan {
        status: LoanStatus::Eligible,
        eligible: true,
        max_amount: amount,
        max_term_months: Some(term),
        borrowers,
        interest_subsidised: subsidised,
    }
}

fn not_eligible(status: LoanStatus, borrowers: Vec<CompactString>) -> SmallLoan {
    SmallLoan {
        status,
        eligible: false,
        max_amount: Money::ZERO,
        max_term_months: None,
        borrowers,
        interest_subsidised: false,
    }
}

reasons! {
    /// §11's (and §20's) reasons: refusals in the order group, borrowers, credit. Borrowers are
    /// members aged `credit.min_age` ..= `credit.max_age` able to work (`list`); `max` is
    /// `credit.max_amount`. Every reason's values end with `interest_subsidised` (§20).
    pub(crate) enum LoanReason<'a> for SmallLoan {
        /// Alleviated or monitored, a borrower, credit rating ok, outstanding < max:
        /// up to max − outstanding, subsidised while `credit.interest_subsidy_in_force`.
        Eligible("eligible", "§六(二)") {
            list: &'a [CompactString], max: i64, outstanding: Money, amount: Money, term: u32,
            subsidised: bool,
        }
        values(
            borrowers = List(list), credit_max_amount = Money::from_fen(max), outstanding,
            max_amount = amount, max_term_months = term, interest_subsidised = subsidised,
        )
        zh(
            "可申请脱贫人口小额信贷,最高 {max_amount} 元,期限不超过 {max_term_months} 个月;{subsidy}",
            subsidy = if subsidised { "财政贴息" } else { "贴息政策不在期内" },
        )
        en(
            "eligible for a small loan of up to {max_amount} yuan for up to {max_term_months} months, {subsidy}",
            subsidy = if subsidised { "with an interest subsidy" } else { "no interest subsidy in force" },
        )

        /// Neither alleviated nor monitored.
        NotInGroup("not_in_group", "§六(二)") { list: &'a [CompactString], max: i64 }
        values(borrowers = List(list), credit_max_amount = Money::from_fen(max), interest_subsidised = false)
        zh("不属于脱贫户或监测户")
        en("not an alleviated or monitored household")

        /// No borrower.
        NoBorrower("no_borrower", "§六(二)") { list: &'a [CompactString], max: i64, min_age: u32, max_age: u32 }
        values(borrowers = List(list), credit_max_amount = Money::from_fen(max), interest_subsidised = false)
        zh("无 {min_age} 至 {max_age} 岁有劳动能力的成员")
        en("no member aged {min_age} to {max_age} able to work")

        /// No `credit` in the input.
        CreditUnknown("credit_unknown", "§六(二)") { list: &'a [CompactString], max: i64 }
        values(borrowers = List(list), credit_max_amount = Money::from_fen(max), interest_subsidised = false)
        zh("信用评级情况未提供")
        en("the credit rating is unknown")

        /// `credit.rating_ok` false.
        CreditRatingNotOk("credit_rating_not_ok", "§六(二)") { list: &'a [CompactString], max: i64 }
        values(borrowers = List(list), credit_max_amount = Money::from_fen(max), interest_subsidised = false)
        zh("信用评级不符合要求")
        en("the credit rating does not qualify")

        /// outstanding ≥ max.
        OutstandingAtLimit("outstanding_at_limit", "§六(二)") { list: &'a [CompactString], max: i64, outstanding: Money }
        values(
            borrowers = List(list), credit_max_amount = Money::from_fen(max), outstanding,
            interest_subsidised = false,
        )
        zh("未还贷款余额已达上限")
        en("the outstanding balance has reached the maximum")

        /// The assessment date is outside `credit.in_force` (only `interest_subsidised`).
        NotInForce("not_in_force", "§六(二)") {}
        values(interest_subsidised = false)
        zh("评估日期不在脱贫人口小额信贷政策期内")
        en("small loans for alleviated people are not in force on the assessment date")
    }
}
