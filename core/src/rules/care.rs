//! §19 Care visits (访视、照料服务) — 阳发〔2021〕30号 §五(二) "鼓励通过政府购买服务对社会救助家庭中
//! 生活不能自理的老年人、未成年人、残疾人提供必要的访视、照料服务".
//!
//! In a social-assistance household (on dibao, dibao-eligible, or with a member who is or may be
//! 特困), each member who cannot look after themselves (`self_care_able` false) and is elderly
//! (age ≥ `tekun.elder_age`), a minor (under 18) or disabled.

use super::children::CHILD_AGE_LIMIT;
use super::{Facts, PerMemberOutcomes};
use crate::explain::{Trail, reasons};
use crate::params::Param;

/// The parameter this rule records.
pub const PARAMS: &[Param] = &[Param::TekunElderAge];

/// `social_assistance`: the household is one of §19's social-assistance households.
pub(crate) fn assess(
    facts: &Facts<'_>,
    social_assistance: bool,
    trail: &mut Trail,
    out: &mut PerMemberOutcomes<bool>,
) {
    trail.uses(PARAMS);
    let elder_age = facts.params.int(Param::TekunElderAge);
    let mut any = false;
    let outcomes = facts.members().map(|(m, age)| {
        let who = if age >= elder_age {
            Some(Who::Elderly)
        } else if age < CHILD_AGE_LIMIT {
            Some(Who::Minor)
        } else if m.disability.is_some() {
            Some(Who::Disabled)
        } else {
            None
        };
        let visits = social_assistance && !m.self_care_able && who.is_some();
        if let (true, Some(who)) = (visits, who) {
            any = true;
            trail.reason(Some(&m.id), CareReason::Visits { who, age });
        }
        visits
    });
    out.extend(outcomes);
    if !any {
        trail.reason(None, CareReason::NoVisits { social_assistance });
    }
}

/// Who §19 reaches: the elderly, minors and disabled people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Who {
    Elderly,
    Minor,
    Disabled,
}

impl Who {
    fn zh(self) -> &'static str {
        match self {
            Who::Elderly => "老年人",
            Who::Minor => "未成年人",
            Who::Disabled => "残疾人",
        }
    }

    fn en(self) -> &'static str {
        match self {
            Who::Elderly => "an elderly person",
            Who::Minor => "a minor",
            Who::Disabled => "a disabled person",
        }
    }
}

reasons! {
    /// §19's reasons.
    pub(crate) enum CareReason for Care {
        /// Per member of a social-assistance household who cannot look after themselves and is
        /// elderly (age ≥ `tekun.elder_age`), a minor or disabled (no values).
        Visits("care_visits", "§五(二)") { who: Who, age: u32 }
        values()
        zh("社会救助家庭中生活不能自理的{who_zh}({age} 岁):提供访视、照料服务", who_zh = who.zh())
        en("{who_en} ({age}) in a social-assistance household who cannot look after themselves: care visits", who_en = who.en())

        /// The household: no member qualifies.
        NoVisits("no_care_visits", "§五(二)") { social_assistance: bool }
        values()
        zh(
            "{text}",
            text = if social_assistance {
                "没有生活不能自理的老年人、未成年人或残疾人"
            } else {
                "不属于社会救助家庭(低保、特困)"
            },
        )
        en(
            "{text}",
            text = if social_assistance {
                "no elderly, minor or disabled member who cannot look after themselves"
            } else {
                "not a social-assistance household (dibao, 特困)"
            },
        )
    }
}
