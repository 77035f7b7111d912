//! §10 Employment — 阳发〔2021〕30号 §四(二) (稳岗就业, 乡村公益岗位), §四(三) (就业信息推送); and
//! §18 work relief (以工代赈, §四(二)).
//!
//! For alleviated, monitored and dibao households: job and training information for working-age
//! members able to work who want it (reason `info_push`, §四(三)), and public-welfare posts
//! (priority for partial capacity; reason `public_welfare_post`, §四(二)). For alleviated and
//! low-income households (§15): work relief for working-age members able to work and not
//! employed (reason `work_relief`, §四(二)).

use serde::Serialize;

use super::{Facts, PerMemberOutcomes, Standing};
use crate::explain::{Trail, reasons};
use crate::model::LaborCapacity;
use crate::params::Param;

/// The parameters this rule records.
pub const PARAMS: &[Param] = &[
    Param::EmploymentAgeLimit,
    Param::EmploymentMinAge,
    Param::EmploymentPostAgeLimit,
];

/// `members[].public_welfare_post`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct PublicWelfarePost {
    pub eligible: bool,
    pub priority: bool,
}

/// A member's employment supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmploymentSupport {
    pub job_info_push: bool,
    pub training_info_push: bool,
    pub public_welfare_post: PublicWelfarePost,
    /// §18 work relief (以工代赈) priority.
    pub work_relief_priority: bool,
}

/// §10 and §18. `low_income` is §15's `population` (work relief reaches alleviated households
/// and the low-income population).
pub(crate) fn assess(
    facts: &Facts<'_>,
    standing: &Standing,
    low_income: bool,
    trail: &mut Trail,
    out: &mut PerMemberOutcomes<EmploymentSupport>,
) {
    trail.uses(PARAMS);
    let p = facts.params;
    let (min_age, age_limit, post_limit) = (
        p.int(Param::EmploymentMinAge),
        p.int(Param::EmploymentAgeLimit),
        p.int(Param::EmploymentPostAgeLimit),
    );
    let alleviated = facts.household.poverty_alleviated;
    let group = alleviated || standing.monitored || standing.on_dibao;
    let relief_group = alleviated || low_income;
    let mut any = false;
    let outcomes = facts.members().map(|(m, age)| {
        let able = matches!(
            m.labor_capacity,
            LaborCapacity::Full | LaborCapacity::Partial
        );
        let working_age = (min_age..age_limit).contains(&age);
        let push = group && able && working_age;
        let post = group && able && (min_age..post_limit).contains(&age) && !m.employment.employed;
        let s = EmploymentSupport {
            job_info_push: push && m.employment.wants_work,
            training_info_push: push && m.employment.wants_training,
            public_welfare_post: PublicWelfarePost {
                eligible: post,
                priority: post && m.labor_capacity == LaborCapacity::Partial,
            },
            work_relief_priority: relief_group && able && working_age && !m.employment.employed,
        };
        let (labor, id) = (m.labor_capacity, Some(m.id.as_str()));
        if s.job_info_push || s.training_info_push {
            any = true;
            let (job, training) = (s.job_info_push, s.training_info_push);
            trail.reason(
                id,
                EmploymentReason::InfoPush {
                    age,
                    labor,
                    job,
                    training,
                },
            );
        }
        if post {
            any = true;
            let priority = s.public_welfare_post.priority;
            trail.reason(
                id,
                EmploymentReason::PublicWelfarePost {
                    age,
                    labor,
                    priority,
                },
            );
        }
        if s.work_relief_priority {
            any = true;
            trail.reason(id, EmploymentReason::WorkRelief {});
        }
        s
    });
    out.extend(outcomes);
    if !any {
        let in_group = group || relief_group;
        trail.reason(None, EmploymentReason::NoSupport { in_group });
    }
}

reasons! {
    /// §10's and §18's reasons, per member in this order unless said otherwise. Working age is
    /// `employment.min_age` ..< `employment.age_limit`; able is labour capacity full or partial.
    pub(crate) enum EmploymentReason for Employment {
        /// Alleviated, monitored or dibao household, working age, able, wants work or training.
        InfoPush("info_push", "§四(三)") { age: u32, labor: LaborCapacity, job: bool, training: bool }
        values(age, labor_capacity = labor, job_info_push = job, training_info_push = training)
        zh(
            "{pushes}",
            pushes = match (job, training) {
                (true, true) => "推送适合的就业岗位信息;推送职业培训信息",
                (true, false) => "推送适合的就业岗位信息",
                _ => "推送职业培训信息",
            },
        )
        en(
            "{pushes}",
            pushes = match (job, training) {
                (true, true) => "suitable job information is pushed; training information is pushed",
                (true, false) => "suitable job information is pushed",
                _ => "training information is pushed",
            },
        )

        /// Same group, able, `employment.min_age` ..< `employment.post_age_limit`, not employed;
        /// priority for partial labour capacity.
        PublicWelfarePost("public_welfare_post", "§四(二)") { age: u32, labor: LaborCapacity, priority: bool }
        values(age, labor_capacity = labor, priority)
        zh(
            "{post}",
            post = if priority { "可优先安置乡村公益岗位(弱劳力、半劳力)" } else { "可安置乡村公益岗位" },
        )
        en(
            "{post}",
            post = if priority {
                "a public-welfare post, with priority (partial labour capacity)"
            } else {
                "a public-welfare post"
            },
        )

        /// §18: alleviated or low-income household (§15), working age, able, not employed.
        WorkRelief("work_relief", "§四(二)") {}
        values()
        zh("以工代赈:优先安排涉农项目建设和管护岗位")
        en("work relief: priority for jobs building and maintaining rural projects")

        /// The household: no member has a push, a post or work relief (`in_group`: the
        /// household is alleviated, monitored, on dibao or low-income).
        NoSupport("no_employment_support", "§四(二)") { in_group: bool }
        values()
        zh(
            "{text}",
            text = if in_group {
                "没有适用就业帮扶的成员"
            } else {
                "不属于脱贫户、监测户、低保户或农村低收入人口,不适用就业帮扶"
            },
        )
        en(
            "{text}",
            text = if in_group {
                "no member qualifies for employment support"
            } else {
                "not an alleviated, monitored, dibao or low-income household: no employment support"
            },
        )
    }
}
