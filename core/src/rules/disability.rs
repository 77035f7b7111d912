//! §6 Disability subsidies (残疾人两项补贴, 残疾儿童康复救助) — 阳发〔2021〕30号 §五(二).
//!
//! Living subsidy for a disabled member of a household on dibao or dibao-eligible; care subsidy
//! for grade 1 or 2; child rehabilitation under `disability.child_rehab_age_limit`.

use super::{Facts, Standing};
use crate::explain::{Rule, Trail, Values};
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
) -> Vec<DisabilitySupport> {
    trail.uses(PARAMS);
    let p = facts.params;
    let living = Money::round(p.dec(Param::DisabilityLivingSubsidyMonthly));
    let care = Money::round(p.dec(Param::DisabilityCareSubsidyMonthly));
    let rehab_limit = p.int(Param::DisabilityChildRehabAgeLimit);
    let poor = standing.on_dibao || standing.dibao_eligible;
    let mut any = false;
    let out = facts
        .members()
        .map(|(m, age)| {
            let Some(d) = m.disability else {
                return DisabilitySupport {
                    living_subsidy_monthly: Money::ZERO,
                    care_subsidy_monthly: Money::ZERO,
                    child_rehabilitation: false,
                };
            };
            any = true;
            let support = DisabilitySupport {
                living_subsidy_monthly: if poor { living } else { Money::ZERO },
                care_subsidy_monthly: if d.grade <= 2 { care } else { Money::ZERO },
                child_rehabilitation: age < rehab_limit,
            };
            let values = || {
                Values::new()
                    .with("grade", d.grade)
                    .with("category", d.category.as_str())
                    .with("age", age)
                    .with("living_subsidy_monthly", support.living_subsidy_monthly)
                    .with("care_subsidy_monthly", support.care_subsidy_monthly)
            };
            let messages = || {
                let mut zh = vec![format!("{}级{}残疾", d.grade, d.category.as_str())];
                let mut en = vec![format!(
                    "grade {} {} disability",
                    d.grade,
                    d.category.as_str()
                )];
                zh.push(if poor {
                    format!("低保家庭,困难残疾人生活补贴每月 {living} 元")
                } else {
                    "非低保家庭,无困难残疾人生活补贴".to_owned()
                });
                en.push(if poor {
                    format!("living subsidy {living} yuan a month (dibao household)")
                } else {
                    "no living subsidy (not a dibao household)".to_owned()
                });
                zh.push(if d.grade <= 2 {
                    format!("重度残疾人护理补贴每月 {care} 元")
                } else {
                    "非一、二级残疾,无护理补贴".to_owned()
                });
                en.push(if d.grade <= 2 {
                    format!("care subsidy {care} yuan a month (grade 1–2)")
                } else {
                    "no care subsidy (grade 3–4)".to_owned()
                });
                if support.child_rehabilitation {
                    zh.push(format!("未满 {rehab_limit} 周岁,纳入残疾儿童康复救助"));
                    en.push(format!("under {rehab_limit}: child rehabilitation"));
                }
                (zh.join(";"), en.join("; "))
            };
            trail.reason_lazy(
                Rule::Disability,
                "disability_supports",
                "§五(二)",
                Some(&m.id),
                || (values(), messages()),
            );
            support
        })
        .collect();
    if !any {
        trail.reason_lazy(
            Rule::Disability,
            "no_disability",
            "§五(二)",
            None,
            || {
                (
                    Values::new(),
                    (
                        "家庭成员无持证残疾".to_owned(),
                        "no member has a certified disability".to_owned(),
                    ),
                )
            },
        );
    }
    out
}
