//! §16 Housing safety (住房安全, 农村危房改造) — 阳发〔2021〕30号 §三(三) "建立农村脱贫人口住房安全
//! 动态监测机制,继续实施农村危房改造,通过农村危房改造等多种方式保障低收入人口基本住房安全".
//!
//! From `housing_grade`: `unknown` (absent), `safe` (A, B), `renovation_eligible` (C, D, and the
//! household alleviated or in the low-income population of §15), `unsafe_not_in_group` (C, D
//! otherwise: a cadre follows up). No parameters.

use serde::Serialize;

use super::Facts;
use crate::explain::{Rule, Trail, Values};
use crate::model::HousingGrade;

/// `housing.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "HousingStatus"))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Unknown,
    Safe,
    RenovationEligible,
    UnsafeNotInGroup,
}

impl Status {
    /// The word used on the wire (and the reason's code).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Unknown => "unknown",
            Status::Safe => "safe",
            Status::RenovationEligible => "renovation_eligible",
            Status::UnsafeNotInGroup => "unsafe_not_in_group",
        }
    }
}

/// `housing` of the assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Housing {
    pub status: Status,
}

/// `low_income` is §15's `population`.
pub(crate) fn assess(facts: &Facts<'_>, low_income: bool, trail: &mut Trail) -> Housing {
    let grade = facts.household.housing_grade;
    let status = match grade {
        None => Status::Unknown,
        Some(HousingGrade::A | HousingGrade::B) => Status::Safe,
        Some(HousingGrade::C | HousingGrade::D)
            if facts.household.poverty_alleviated || low_income =>
        {
            Status::RenovationEligible
        }
        Some(HousingGrade::C | HousingGrade::D) => Status::UnsafeNotInGroup,
    };
    trail.reason(Rule::Housing, status.as_str(), "§三(三)", None, || {
        let values = match grade {
            Some(g) => Values::new().with("housing_grade", g.as_str()),
            None => Values::new(),
        };
        let g = grade.map_or("", HousingGrade::as_str);
        let messages = match status {
            Status::Unknown => (
                "未提供住房安全等级,无法判断住房安全".to_owned(),
                "the housing grade is not given: housing safety not assessed".to_owned(),
            ),
            Status::Safe => (
                format!("住房安全等级为 {g},住房安全有保障"),
                format!("the housing is grade {g}: safe"),
            ),
            Status::RenovationEligible => (
                format!("住房安全等级为 {g}(危房),属于脱贫户或农村低收入人口,可纳入农村危房改造"),
                format!("the housing is grade {g} (unsafe) and the household is alleviated or low-income: eligible for rural housing renovation"),
            ),
            Status::UnsafeNotInGroup => (
                format!("住房安全等级为 {g}(危房),但不属于脱贫户或农村低收入人口,由基层干部跟踪"),
                format!("the housing is grade {g} (unsafe) but the household is neither alleviated nor low-income: a cadre follows up"),
            ),
        };
        (values, messages)
    });
    Housing { status }
}
