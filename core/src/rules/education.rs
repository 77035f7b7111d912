//! §9 Education — 阳发〔2021〕30号 §三(三) (控辍保学 "一对一、人盯人"), §四(三) (家庭经济困难学生资助,
//! 营养改善计划), §六(四) (雨露计划, 普通高校本科资助).

use super::{Facts, PerMemberOutcomes, Standing};
use crate::explain::{OrNone, Trail, reasons};
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
    out: &mut PerMemberOutcomes<EducationSupport>,
) {
    trail.uses(PARAMS);
    let p = facts.params;
    let alleviated = facts.household.poverty_alleviated;
    let vocational_on = p.flag(Param::EducationVocationalInForce);
    let subsidy = Money::from_fen(p.fen(Param::EducationVocationalSubsidyAnnual));
    let mut any = false;
    let outcomes = facts
        .members()
        .zip(standing.dropouts.as_slice().iter().copied())
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
            let stage = OrNone(enrolled_stage);
            let items = [
                (s.dropout_alert, EducationReason::DropoutAlert { stage }),
                (
                    !s.vocational_subsidy_annual.value().is_zero(),
                    EducationReason::VocationalSubsidy { stage, subsidy },
                ),
                (
                    s.undergraduate_aid,
                    EducationReason::UndergraduateAid { stage },
                ),
                (s.nutrition_plan, EducationReason::NutritionPlan { stage }),
                (s.student_aid, EducationReason::StudentAid { stage }),
            ];
            for (on, reason) in items {
                if on {
                    any = true;
                    trail.reason(Some(&m.id), reason);
                }
            }
            s
        });
    out.extend(outcomes);
    if !any {
        trail.reason(None, EducationReason::NoSupport {});
    }
}

reasons! {
    /// §9's reasons, per member in this order; `stage` is the stage the member is enrolled in
    /// (`none` when not enrolled).
    pub(crate) enum EducationReason for Education {
        /// Flag 4 (`dropout`) in an alleviated or monitored household: 控辍保学.
        DropoutAlert("dropout_alert", "§三(三)") { stage: OrNone<SchoolStage> }
        values(stage)
        zh("义务教育阶段失学辍学,实行“一对一、人盯人”劝返")
        en("out of compulsory school: one-to-one follow-up to bring them back")

        /// Enrolled in secondary or higher vocational school, alleviated or monitored, while
        /// `education.vocational_in_force`: 雨露计划.
        VocationalSubsidy("vocational_subsidy", "§六(四)") { stage: OrNone<SchoolStage>, subsidy: Money }
        values(stage)
        zh("雨露计划职业教育补助每年 {subsidy} 元")
        en("雨露计划 vocational education subsidy of {subsidy} yuan a year")

        /// An undergraduate of an alleviated household.
        UndergraduateAid("undergraduate_aid", "§六(四)") { stage: OrNone<SchoolStage> }
        values(stage)
        zh("脱贫家庭普通高校本科学生资助")
        en("aid for an undergraduate of an alleviated household")

        /// Enrolled in primary or junior secondary school.
        NutritionPlan("nutrition_plan", "§四(三)") { stage: OrNone<SchoolStage> }
        values(stage)
        zh("农村义务教育学生营养改善计划")
        en("rural compulsory-education nutrition plan")

        /// Enrolled, and `tekun`, alleviated, monitored or on dibao.
        StudentAid("student_aid", "§四(三)") { stage: OrNone<SchoolStage> }
        values(stage)
        zh("家庭经济困难学生资助")
        en("aid for a student of a household in financial difficulty")

        /// The household: no member has any of them.
        NoSupport("no_education_support", "§四(三)") {}
        values()
        zh("没有成员适用教育帮扶措施")
        en("no education support applies to any member")
    }
}
