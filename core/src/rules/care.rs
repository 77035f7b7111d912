//! §19 Care visits (访视、照料服务) — 阳发〔2021〕30号 §五(二) "鼓励通过政府购买服务对社会救助家庭中
//! 生活不能自理的老年人、未成年人、残疾人提供必要的访视、照料服务".
//!
//! In a social-assistance household (on dibao, dibao-eligible, or with a member who is or may be
//! 特困), each member who cannot look after themselves (`self_care_able` false) and is elderly
//! (age ≥ `tekun.elder_age`), a minor (under 18) or disabled.

use super::Facts;
use super::children::CHILD_AGE_LIMIT;
use crate::explain::{Rule, Trail, Values};
use crate::params::Param;

/// The parameter this rule records.
pub const PARAMS: &[Param] = &[Param::TekunElderAge];

/// `social_assistance`: the household is one of §19's social-assistance households.
pub(crate) fn assess(facts: &Facts<'_>, social_assistance: bool, trail: &mut Trail) -> Vec<bool> {
    trail.uses(PARAMS);
    let elder_age = facts.params.int(Param::TekunElderAge);
    let mut any = false;
    let out = facts
        .members()
        .map(|(m, age)| {
            let who = if age >= elder_age {
                Some(("老年人", "an elderly person"))
            } else if age < CHILD_AGE_LIMIT {
                Some(("未成年人", "a minor"))
            } else if m.disability.is_some() {
                Some(("残疾人", "a disabled person"))
            } else {
                None
            };
            let visits = social_assistance && !m.self_care_able && who.is_some();
            if let (true, Some((zh, en))) = (visits, who) {
                any = true;
                trail.reason(Rule::Care, "care_visits", "§五(二)", Some(&m.id), || {
                    (
                        Values::new(),
                        (
                            format!("社会救助家庭中生活不能自理的{zh}({age} 岁):提供访视、照料服务"),
                            format!("{en} ({age}) in a social-assistance household who cannot look after themselves: care visits"),
                        ),
                    )
                });
            }
            visits
        })
        .collect();
    if !any {
        trail.reason(Rule::Care, "no_care_visits", "§五(二)", None, || {
            let (zh, en) = if social_assistance {
                (
                    "没有生活不能自理的老年人、未成年人或残疾人",
                    "no elderly, minor or disabled member who cannot look after themselves",
                )
            } else {
                (
                    "不属于社会救助家庭(低保、特困)",
                    "not a social-assistance household (dibao, 特困)",
                )
            };
            (Values::new(), (zh.to_owned(), en.to_owned()))
        });
    }
    out
}
