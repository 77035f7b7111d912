//! §10 Employment — 阳发〔2021〕30号 §四(二) (稳岗就业, 乡村公益岗位), §四(三) (就业信息推送).
//!
//! For alleviated, monitored and dibao households: job and training information for working-age
//! members able to work who want it, and public-welfare posts (priority for partial capacity).

use serde::Serialize;

use super::{Facts, Standing};
use crate::explain::{Rule, Trail, Values};
use crate::model::LaborCapacity;
use crate::params::Param;

/// The parameters this rule records.
pub const PARAMS: &[Param] = &[
    Param::EmploymentAgeLimit,
    Param::EmploymentMinAge,
    Param::EmploymentPostAgeLimit,
];

/// `members[].public_welfare_post`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
}

pub(crate) fn assess(
    facts: &Facts<'_>,
    standing: &Standing,
    trail: &mut Trail,
) -> Vec<EmploymentSupport> {
    trail.uses(PARAMS);
    let p = facts.params;
    let (min_age, age_limit, post_limit) = (
        p.int(Param::EmploymentMinAge),
        p.int(Param::EmploymentAgeLimit),
        p.int(Param::EmploymentPostAgeLimit),
    );
    let group = facts.household.poverty_alleviated || standing.monitored || standing.on_dibao;
    let mut any = false;
    let out = facts
        .members()
        .map(|(m, age)| {
            let able = matches!(
                m.labor_capacity,
                LaborCapacity::Full | LaborCapacity::Partial
            );
            let working_age = (min_age..age_limit).contains(&age);
            let push = group && able && working_age;
            let post =
                group && able && (min_age..post_limit).contains(&age) && !m.employment.employed;
            let s = EmploymentSupport {
                job_info_push: push && m.employment.wants_work,
                training_info_push: push && m.employment.wants_training,
                public_welfare_post: PublicWelfarePost {
                    eligible: post,
                    priority: post && m.labor_capacity == LaborCapacity::Partial,
                },
            };
            if s.job_info_push || s.training_info_push || post {
                any = true;
                let mut zh = Vec::new();
                let mut en = Vec::new();
                if s.job_info_push {
                    zh.push("推送就业岗位信息");
                    en.push("job information pushed");
                }
                if s.training_info_push {
                    zh.push("推送职业培训信息");
                    en.push("training information pushed");
                }
                if post {
                    zh.push(if s.public_welfare_post.priority {
                        "可优先安置乡村公益岗位"
                    } else {
                        "可安置乡村公益岗位"
                    });
                    en.push(if s.public_welfare_post.priority {
                        "public-welfare post, with priority"
                    } else {
                        "public-welfare post"
                    });
                }
                trail.reason(
                    Rule::Employment,
                    "employment_support",
                    "§四(二)",
                    Some(&m.id),
                    || {
                        (
                            Values::new()
                                .with("age", age)
                                .with("labor_capacity", m.labor_capacity.as_str()),
                            (zh.join(";"), en.join("; ")),
                        )
                    },
                );
            }
            s
        })
        .collect();
    if !any {
        let (zh, en) = if group {
            (
                "没有适用就业帮扶的成员",
                "no member qualifies for employment support",
            )
        } else {
            (
                "不属于脱贫户、监测户或低保户,不适用就业帮扶",
                "not an alleviated, monitored or dibao household: no employment support",
            )
        };
        trail.reason(
            Rule::Employment,
            "no_employment_support",
            "§四(二)",
            None,
            || (Values::new(), (zh.to_owned(), en.to_owned())),
        );
    }
    out
}
