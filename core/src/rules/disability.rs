//! §6 Disability subsidies (残疾人两项补贴, 残疾儿童康复救助) — 阳发〔2021〕30号 §五(二).
//!
//! Living subsidy for a disabled member of a household on dibao or dibao-eligible; care subsidy
//! for grade 1 or 2; child rehabilitation under `disability.child_rehab_age_limit`.

use super::{Facts, PerMemberOutcomes, Standing};
use crate::explain::{Trail, reasons};
use crate::model::Disability;
use crate::money::Money;
use crate::params::Param;

/// The parameters this rule records.
pub const PARAMS: &[Param] = &[
    Param::DisabilityCareSubsidyMonthly,
    Param::DisabilityChildRehabAgeLimit,
    Param::DisabilityLivingSubsidyMonthly,
];

/// A member's disability supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DisabilitySupport {
    pub living_subsidy_monthly: Money,
    pub care_subsidy_monthly: Money,
    pub child_rehabilitation: bool,
}

pub(crate) fn assess(
    facts: &Facts<'_>,
    standing: &Standing,
    trail: &mut Trail,
    out: &mut PerMemberOutcomes<DisabilitySupport>,
) {
    trail.uses(PARAMS);
    let p = facts.params;
    let living = Money::from_fen(p.fen(Param::DisabilityLivingSubsidyMonthly));
    let care = Money::from_fen(p.fen(Param::DisabilityCareSubsidyMonthly));
    let rehab_limit = p.int(Param::DisabilityChildRehabAgeLimit);
    let poor = standing.on_dibao || standing.dibao_eligible;
    let mut any = false;
    let outcomes = facts.members().map(|(m, age)| {
        let Some(disability) = m.disability else {
            return DisabilitySupport {
                living_subsidy_monthly: Money::ZERO,
                care_subsidy_monthly: Money::ZERO,
                child_rehabilitation: false,
            };
        };
        any = true;
        let support = DisabilitySupport {
            living_subsidy_monthly: if poor { living } else { Money::ZERO },
            care_subsidy_monthly: if disability.grade <= 2 {
                care
            } else {
                Money::ZERO
            },
            child_rehabilitation: age < rehab_limit,
        };
        trail.reason(
            Some(&m.id),
            DisabilityReason::Supports {
                disability,
                age,
                poor,
                support,
                living,
                care,
                rehab_limit,
            },
        );
        support
    });
    out.extend(outcomes);
    if !any {
        trail.reason(None, DisabilityReason::NoDisability {});
    }
}

reasons! {
    /// §6's reasons. `living` and `care` are the two subsidies' amounts, `poor` on dibao or
    /// dibao-eligible.
    pub(crate) enum DisabilityReason for Disability {
        /// Per member with a disability: the living subsidy (dibao household), the care subsidy
        /// (grade 1–2), child rehabilitation (under `disability.child_rehab_age_limit`).
        Supports("disability_supports", "§五(二)") {
            disability: Disability, age: u32, poor: bool, support: DisabilitySupport,
            living: Money, care: Money, rehab_limit: u32,
        }
        values(
            grade = disability.grade, category = disability.category, age,
            living_subsidy_monthly = support.living_subsidy_monthly,
            care_subsidy_monthly = support.care_subsidy_monthly,
        )
        zh(
            "{grade}级{category}残疾;{living_text};{care_text}{rehab_text}",
            living_text = if poor {
                format!("低保家庭,困难残疾人生活补贴每月 {living} 元")
            } else {
                "非低保家庭,无困难残疾人生活补贴".to_owned()
            },
            care_text = if grade <= 2 {
                format!("重度残疾人护理补贴每月 {care} 元")
            } else {
                "非一、二级残疾,无护理补贴".to_owned()
            },
            rehab_text = if support.child_rehabilitation {
                format!(";未满 {rehab_limit} 周岁,纳入残疾儿童康复救助")
            } else {
                String::new()
            },
        )
        en(
            "grade {grade} {category} disability; {living_text}; {care_text}{rehab_text}",
            living_text = if poor {
                format!("living subsidy {living} yuan a month (dibao household)")
            } else {
                "no living subsidy (not a dibao household)".to_owned()
            },
            care_text = if grade <= 2 {
                format!("care subsidy {care} yuan a month (grade 1–2)")
            } else {
                "no care subsidy (grade 3–4)".to_owned()
            },
            rehab_text = if support.child_rehabilitation {
                format!("; under {rehab_limit}: child rehabilitation")
            } else {
                String::new()
            },
        )

        /// No member has a disability.
        NoDisability("no_disability", "§五(二)") {}
        values()
        zh("家庭成员无持证残疾")
        en("no member has a certified disability")
    }
}
