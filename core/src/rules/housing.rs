//! §16 Housing safety (住房安全, 农村危房改造) — 阳发〔2021〕30号 §三(三) "建立农村脱贫人口住房安全
//! 动态监测机制,继续实施农村危房改造,通过农村危房改造等多种方式保障低收入人口基本住房安全".
//!
//! From `housing_grade`: `unknown` (absent), `safe` (A, B), `renovation_eligible` (C, D, and the
//! household alleviated or in the low-income population of §15), `unsafe_not_in_group` (C, D
//! otherwise: a cadre follows up). No parameters.

use serde::Serialize;

use super::Facts;
use crate::explain::{Trail, reasons};
use crate::model::HousingGrade;

/// `housing.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum HousingStatus {
    Unknown,
    Safe,
    RenovationEligible,
    UnsafeNotInGroup,
}

impl HousingStatus {
    /// The word used on the wire (and the reason's code).
    pub fn as_str(self) -> &'static str {
        match self {
            HousingStatus::Unknown => "unknown",
            HousingStatus::Safe => "safe",
            HousingStatus::RenovationEligible => "renovation_eligible",
            HousingStatus::UnsafeNotInGroup => "unsafe_not_in_group",
        }
    }
}

/// `housing` of the assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Housing {
    pub status: HousingStatus,
}

/// `low_income` is §15's `population`.
pub(crate) fn assess(facts: &Facts<'_>, low_income: bool, trail: &mut Trail) -> Housing {
    let in_group = facts.household.poverty_alleviated || low_income;
    let (status, reason) = match facts.household.housing_grade {
        None => (HousingStatus::Unknown, HousingReason::Unknown {}),
        Some(grade @ (HousingGrade::A | HousingGrade::B)) => {
            (HousingStatus::Safe, HousingReason::Safe { grade })
        }
        Some(grade) if in_group => (
            HousingStatus::RenovationEligible,
            HousingReason::RenovationEligible { grade },
        ),
        Some(grade) => (
            HousingStatus::UnsafeNotInGroup,
            HousingReason::UnsafeNotInGroup { grade },
        ),
    };
    trail.reason(None, reason);
    Housing { status }
}

reasons! {
    /// §16's reason: its code is the status.
    pub(crate) enum HousingReason for Housing {
        /// No `housing_grade` (no values).
        Unknown("unknown", "§三(三)") {}
        values()
        zh("未提供住房安全等级,无法判断住房安全")
        en("the housing grade is not given: housing safety not assessed")

        /// Grade A or B.
        Safe("safe", "§三(三)") { grade: HousingGrade }
        values(housing_grade = grade)
        zh("住房安全等级为 {housing_grade},住房安全有保障")
        en("the housing is grade {housing_grade}: safe")

        /// Grade C or D, and the household alleviated or low-income (§15).
        RenovationEligible("renovation_eligible", "§三(三)") { grade: HousingGrade }
        values(housing_grade = grade)
        zh("住房安全等级为 {housing_grade}(危房),属于脱贫户或农村低收入人口,可纳入农村危房改造")
        en("the housing is grade {housing_grade} (unsafe) and the household is alleviated or low-income: eligible for rural housing renovation")

        /// Grade C or D otherwise: a cadre follows up.
        UnsafeNotInGroup("unsafe_not_in_group", "§三(三)") { grade: HousingGrade }
        values(housing_grade = grade)
        zh("住房安全等级为 {housing_grade}(危房),但不属于脱贫户或农村低收入人口,由基层干部跟踪")
        en("the housing is grade {housing_grade} (unsafe) but the household is neither alleviated nor low-income: a cadre follows up")
    }
}
