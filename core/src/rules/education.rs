//! §9 Education — 阳发〔2021〕30号 §三(三) (控辍保学 "一对一、人盯人"), §四(三) (家庭经济困难学生资助,
//! 营养改善计划), §六(四) (雨露计划, 普通高校本科资助).

use super::{Facts, Standing};
use crate::explain::{Rule, Trail, Values};
use crate::model::{SchoolStage, SchoolingStatus};
use crate::money::Money;
use crate::params::Param;

/// The parameters this rule records.
pub const PARAMS: &[Param] = &[
    Param::EducationCompulsoryAgeLimit,
    Param::EducationCompulsoryAgeMin,
    Param::EducationVocationalInForce,
    Param::EducationVocationalSubsidyAnnual,
];

/// A member's education supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EducationSupport {
    pub dropout_alert: bool,
    pub vocational_subsidy_annual: Money,
    pub undergraduate_aid: bool,
    pub nutrition_plan: bool,
    pub student_aid: bool,
}

pub(crate) fn assess(
    facts: &Facts<'_>,
    standing: &Standing,
    trail: &mut Trail,
) -> Vec<EducationSupport> {
    trail.uses(PARAMS);
    let p = facts.params;
    let alleviated = facts.household.poverty_alleviated;
    let vocational_on = p.flag(Param::EducationVocationalInForce);
    let subsidy = Money::round(p.dec(Param::EducationVocationalSubsidyAnnual));
    let mut any = false;
    let out = facts
        .members()
        .zip(standing.dropouts.iter().copied())
        .map(|((m, _age), dropout)| {
            let enrolled_stage = m
                .schooling
                .filter(|s| s.status == SchoolingStatus::Enrolled)
                .map(|s| s.stage);
            let s = EducationSupport {
                dropout_alert: dropout && (alleviated || standing.monitored),
                vocational_subsidy_annual: match enrolled_stage {
                    Some(SchoolStage::SecondaryVocational | SchoolStage::HigherVocational)
                        if vocational_on && (alleviated || standing.monitored) =>
                    {
                        subsidy
                    }
                    _ => Money::ZERO,
                },
                undergraduate_aid: enrolled_stage == Some(SchoolStage::Undergraduate) && alleviated,
                nutrition_plan: matches!(
                    enrolled_stage,
                    Some(SchoolStage::Primary | SchoolStage::JuniorSecondary)
                ),
                student_aid: enrolled_stage.is_some()
                    && (m.tekun || alleviated || standing.monitored || standing.on_dibao),
            };
            let items: [(bool, &'static str); 5] = [
                (s.dropout_alert, "dropout_alert"),
                (
                    !s.vocational_subsidy_annual.value().is_zero(),
                    "vocational_subsidy",
                ),
                (s.undergraduate_aid, "undergraduate_aid"),
                (s.nutrition_plan, "nutrition_plan"),
                (s.student_aid, "student_aid"),
            ];
            for (on, code) in items {
                if on {
                    any = true;
                    let clause = match code {
                        "dropout_alert" => "§三(三)",
                        "vocational_subsidy" | "undergraduate_aid" => "§六(四)",
                        _ => "§四(三)",
                    };
                    let stage = enrolled_stage.map_or("none", |st| st.as_str());
                    trail.reason_lazy(Rule::Education, code, clause, Some(&m.id), || {
                        (Values::new().with("stage", stage), messages(code, subsidy))
                    });
                }
            }
            s
        })
        .collect();
    if !any {
        trail.reason_lazy(
            Rule::Education,
            "no_education_support",
            "§四(三)",
            None,
            || {
                (
                    Values::new(),
                    (
                        "没有成员适用教育帮扶措施".to_owned(),
                        "no education support applies to any member".to_owned(),
                    ),
                )
            },
        );
    }
    out
}

/// The messages (zh, en) of an education support.
fn messages(code: &str, subsidy: Money) -> (String, String) {
    let (zh, en) = match code {
        "dropout_alert" => (
            "义务教育阶段失学辍学,实行“一对一、人盯人”劝返",
            "out of compulsory school: one-to-one follow-up to bring them back",
        ),
        "vocational_subsidy" => {
            return (
                format!("雨露计划职业教育补助每年 {subsidy} 元"),
                format!("雨露计划 vocational education subsidy of {subsidy} yuan a year"),
            );
        }
        "undergraduate_aid" => (
            "脱贫家庭普通高校本科学生资助",
            "aid for an undergraduate of an alleviated household",
        ),
        "nutrition_plan" => (
            "农村义务教育学生营养改善计划",
            "rural compulsory-education nutrition plan",
        ),
        _ => (
            "家庭经济困难学生资助",
            "aid for a student of a household in financial difficulty",
        ),
    };
    (zh.to_owned(), en.to_owned())
}
