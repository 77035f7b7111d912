//! §2a Assistance approach (分层分类: 开发式帮扶 vs 兜底保障) — 阳发〔2021〕30号 §五(一).
//!
//! For a household that is monitored, on dibao, dibao-eligible, or has a `tekun` member:
//! `development` when some member of working age has labour capacity `full` or `partial`,
//! otherwise `safety_net`; any other household: null.

use serde::Serialize;

use super::Facts;
use crate::explain::{List, Trail, reasons};
use crate::model::LaborCapacity;
use crate::params::Param;

/// The parameters this rule records.
pub const PARAMS: &[Param] = &[Param::EmploymentAgeLimit, Param::EmploymentMinAge];

/// `assistance_approach` of the assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Approach {
    /// 开发式帮扶: help the household earn.
    Development,
    /// 兜底保障: social security carries the household.
    SafetyNet,
}

/// Chooses the approach. `monitored` and `dibao_eligible` come from §2 and §3.
pub(crate) fn assess(
    facts: &Facts<'_>,
    monitored: bool,
    dibao_eligible: bool,
    trail: &mut Trail,
) -> Option<Approach> {
    trail.uses(PARAMS);
    let h = facts.household;
    let has_tekun = h.members.iter().any(|m| m.tekun);
    let on_dibao = h.dibao.is_some();
    if !(monitored || on_dibao || dibao_eligible || has_tekun) {
        trail.reason(None, ApproachReason::NotApplicable {});
        return None;
    }
    let (min_age, age_limit) = (
        facts.params.int(Param::EmploymentMinAge),
        facts.params.int(Param::EmploymentAgeLimit),
    );
    let workers: Vec<&str> = facts
        .members()
        .filter(|(m, age)| {
            (min_age..age_limit).contains(age)
                && matches!(
                    m.labor_capacity,
                    LaborCapacity::Full | LaborCapacity::Partial
                )
        })
        .map(|(m, _)| m.id.as_str())
        .collect();
    if workers.is_empty() {
        trail.reason(None, ApproachReason::SafetyNet { min_age, age_limit });
        Some(Approach::SafetyNet)
    } else {
        let workers = workers.as_slice();
        trail.reason(
            None,
            ApproachReason::Development {
                workers,
                min_age,
                age_limit,
            },
        );
        Some(Approach::Development)
    }
}

reasons! {
    /// §2a's reasons: working age is `min_age` ..< `age_limit`.
    pub(crate) enum ApproachReason<'a> for AssistanceApproach {
        /// A working-age member can work (`full` or `partial`).
        Development("development", "§五(一)") { workers: &'a [&'a str], min_age: u32, age_limit: u32 }
        values(workers = List(workers), min_age, age_limit)
        zh("家庭有劳动年龄内有劳动能力的成员({workers}),实行开发式帮扶")
        en("working-age members able to work ({workers}): development assistance applies")

        /// No working-age member can work.
        SafetyNet("safety_net", "§五(一)") { min_age: u32, age_limit: u32 }
        values(min_age, age_limit)
        zh("家庭无 {min_age} 至 {max_age} 岁有劳动能力的成员,实行兜底保障", max_age = age_limit.saturating_sub(1))
        en("no member aged {min_age} to {max_age} can work: the safety net applies", max_age = age_limit.saturating_sub(1))

        /// Not monitored, not on dibao nor dibao-eligible, no `tekun` member.
        NotApplicable("not_applicable", "§五(一)") {}
        values()
        zh("不属于监测对象、低保或特困家庭,无需确定帮扶方式")
        en("not monitored, on dibao, dibao-eligible or with a tekun member: no approach to choose")
    }
}
