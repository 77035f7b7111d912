//! §4 Extremely poor persons (特困人员) — 阳发〔2021〕30号 §五(二) (minors "从16周岁延长至18周岁"),
//! §五(四).
//!
//! Per member, eligible when all three hold: no labour capacity (age ≥ `tekun.elder_age`; age <
//! `tekun.minor_age_limit`; labour capacity `none`; disability grade 1–2 intellectual or mental,
//! or grade 1 physical; or, while `tekun.in_school_extension`, age ≥ the minor limit and enrolled
//! in primary to secondary school); no means of living (`own_income` < std × 12); no able legal
//! supporter. `basic_living_monthly` = `tekun.basic_living_multiple` × std.

use serde::Serialize;

use super::{Facts, PerMemberOutcomes, Standing};
use crate::explain::{Trail, reasons};
use crate::model::{DisabilityCategory, LaborCapacity, Member, SchoolStage, SchoolingStatus};
use crate::money::{Money, fen_money, fen_of, round_div};
use crate::params::Param;

/// The parameters this rule records.
pub const PARAMS: &[Param] = &[
    Param::DibaoStandardMonthly,
    Param::TekunBasicLivingMultiple,
    Param::TekunElderAge,
    Param::TekunInSchoolExtension,
    Param::TekunMinorAgeLimit,
];

/// `members[].tekun`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Tekun {
    pub eligible: bool,
    pub basic_living_monthly: Option<Money>,
}

/// The ground on which a member is found unable to work (docs/rules/tekun.md condition 1), if any.
fn ground(facts: &Facts<'_>, m: &Member, age: u32) -> Option<&'static str> {
    let p = facts.params;
    let minor_limit = p.int(Param::TekunMinorAgeLimit);
    let severe = m.disability.is_some_and(|d| match d.category {
        DisabilityCategory::Intellectual | DisabilityCategory::Mental => d.grade <= 2,
        DisabilityCategory::Physical => d.grade == 1,
        _ => false,
    });
    let in_school = m.schooling.is_some_and(|s| {
        s.status == SchoolingStatus::Enrolled
            && matches!(
                s.stage,
                SchoolStage::Primary
                    | SchoolStage::JuniorSecondary
                    | SchoolStage::SeniorSecondary
                    | SchoolStage::SecondaryVocational
            )
    });
    if age >= p.int(Param::TekunElderAge) {
        Some("elder")
    } else if age < minor_limit {
        Some("minor")
    } else if m.labor_capacity == LaborCapacity::None {
        Some("no_labor_capacity")
    } else if severe {
        Some("severe_disability")
    } else if p.flag(Param::TekunInSchoolExtension) && in_school {
        Some("in_school")
    } else {
        None
    }
}

/// Tests every member; `_standing` is unused but keeps the rule signatures alike.
pub(crate) fn assess(
    facts: &Facts<'_>,
    _standing: &Standing,
    trail: &mut Trail,
    out: &mut PerMemberOutcomes<Tekun>,
) {
    trail.uses(PARAMS);
    let p = facts.params;
    let std = p.fen(Param::DibaoStandardMonthly);
    let yearly = std * 12;
    let mut any_ground = false;
    const NOT_ELIGIBLE: Tekun = Tekun {
        eligible: false,
        basic_living_monthly: None,
    };
    for (m, age) in facts.members() {
        let Some(ground) = ground(facts, m, age) else {
            out.push(NOT_ELIGIBLE);
            continue;
        };
        any_ground = true;
        let test = Test {
            ground,
            age,
            own_income: fen_of(m.own_income),
            yearly,
        };
        if test.own_income >= yearly {
            trail.reason(Some(&m.id), TekunReason::HasMeansOfLiving { test });
            out.push(NOT_ELIGIBLE);
        } else if m.legal_supporter_able {
            trail.reason(Some(&m.id), TekunReason::HasAbleSupporter { test });
            out.push(NOT_ELIGIBLE);
        } else {
            // multiple × std, the multiple in ten-thousandths.
            let multiple = p.bp(Param::TekunBasicLivingMultiple);
            let monthly = fen_money(round_div(i128::from(multiple) * i128::from(std), 10_000));
            trail.reason(Some(&m.id), TekunReason::Eligible { test, monthly });
            if !m.tekun {
                trail.reason(Some(&m.id), TekunReason::NotCovered {});
            }
            out.push(Tekun {
                eligible: true,
                basic_living_monthly: Some(monthly),
            });
        }
    }
    if !any_ground {
        trail.reason(None, TekunReason::AbleToWork {});
    }
}

/// What a member with a ground was tested on: the ground, age, own income and the yearly
/// standard (std × 12).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Test {
    ground: &'static str,
    age: u32,
    /// In fen.
    own_income: i64,
    /// In fen.
    yearly: i64,
}

reasons! {
    /// §4's reasons, per member with a ground (elder, minor, no_labor_capacity,
    /// severe_disability, in_school) unless said otherwise.
    pub(crate) enum TekunReason for Tekun {
        /// All three conditions hold.
        Eligible("eligible", "§五(二)") { test: Test, monthly: Money }
        values(
            ground = test.ground, age = test.age, own_income = Money::from_fen(test.own_income),
            income_limit = Money::from_fen(test.yearly), basic_living_monthly = monthly,
        )
        zh("无劳动能力({ground})、无生活来源、无法定赡养抚养扶养义务人或其无能力:符合特困人员条件,基本生活标准每月 {basic_living_monthly} 元")
        en("unable to work ({ground}), without means of living and without an able legal supporter: eligible as 特困, basic living {basic_living_monthly} yuan a month")

        /// Eligible and not `tekun` (after `eligible`).
        NotCovered("not_covered", "§五(四)") {}
        values()
        zh("符合特困人员条件但尚未纳入救助供养")
        en("eligible as 特困 but not supported as such")

        /// Own income ≥ std × 12.
        HasMeansOfLiving("has_means_of_living", "§五(二)") { test: Test }
        values(
            ground = test.ground, age = test.age, own_income = Money::from_fen(test.own_income),
            income_limit = Money::from_fen(test.yearly),
        )
        zh("本人年收入 {own_income} 元不低于低保标准全年 {income_limit} 元,不属于无生活来源")
        en("own income of {own_income} yuan a year is not below the yearly standard of {income_limit} yuan: has a means of living")

        /// Own income below, and `legal_supporter_able`.
        HasAbleSupporter("has_able_supporter", "§五(二)") { test: Test }
        values(
            ground = test.ground, age = test.age, own_income = Money::from_fen(test.own_income),
            income_limit = Money::from_fen(test.yearly),
        )
        zh("有具备赡养、抚养、扶养能力的法定义务人")
        en("has a legal supporter able to support them")

        /// The household: no member has a ground.
        AbleToWork("able_to_work", "§五(二)") {}
        values()
        zh("家庭成员均不属于无劳动能力人员")
        en("no member is unable to work in the sense of the 特困 rules")
    }
}
