//! §17 Children in difficulty (困境儿童基本生活保障) — 阳发〔2021〕30号 §五(三) "完善孤儿、事实无人
//! 抚养儿童、残疾儿童等困境儿童的基本生活保障政策".
//!
//! Per member under 18, the first basis that applies: `orphan` and `unattended` (the orphans'
//! basic-living amount), `disabled` (grade 1–2, in a low-income household of §15; the disabled
//! children's subsidy). A member supported as 特困 now keeps the basis with 0.00 (no double basic
//! living support).

use serde::Serialize;

use super::{Facts, PerMemberOutcomes};
use crate::explain::{Trail, reasons};
use crate::model::Guardianship;
use crate::money::Money;
use crate::params::Param;

/// The parameters this rule records, always.
pub const PARAMS: &[Param] = &[
    Param::ChildrenDisabledSubsidyMonthly,
    Param::ChildrenOrphanBasicLivingMonthly,
];

/// Children are members under this age (未满18周岁).
pub const CHILD_AGE_LIMIT: u32 = 18;

/// `child_support.basis`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "ChildSupportBasis"))]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    Orphan,
    Unattended,
    Disabled,
}

impl Basis {
    /// The word used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Orphan => "orphan",
            Basis::Unattended => "unattended",
            Basis::Disabled => "disabled",
        }
    }

    fn zh(self) -> &'static str {
        match self {
            Basis::Orphan => "孤儿",
            Basis::Unattended => "事实无人抚养儿童",
            Basis::Disabled => "残疾儿童",
        }
    }
}

/// `members[].child_support`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct ChildSupport {
    pub basis: Basis,
    pub monthly: Money,
}

/// `low_income` is §15's `population`.
pub(crate) fn assess(
    facts: &Facts<'_>,
    low_income: bool,
    trail: &mut Trail,
    out: &mut PerMemberOutcomes<Option<ChildSupport>>,
) {
    trail.uses(PARAMS);
    let p = facts.params;
    let orphan_amount = Money::from_fen(p.fen(Param::ChildrenOrphanBasicLivingMonthly));
    let disabled_amount = Money::from_fen(p.fen(Param::ChildrenDisabledSubsidyMonthly));
    let mut any = false;
    let outcomes = facts.members().map(|(m, age)| {
        if age >= CHILD_AGE_LIMIT {
            return None;
        }
        let (basis, amount) = match m.guardianship {
            Guardianship::Orphan => (Basis::Orphan, orphan_amount),
            Guardianship::Unattended => (Basis::Unattended, orphan_amount),
            Guardianship::Parents if low_income && m.disability.is_some_and(|d| d.grade <= 2) => {
                (Basis::Disabled, disabled_amount)
            }
            Guardianship::Parents => return None,
        };
        any = true;
        let (monthly, reason) = match (m.tekun, basis) {
            (true, _) => (Money::ZERO, ChildReason::CoveredByTekun { basis, age }),
            (false, Basis::Orphan) => (amount, ChildReason::Orphan { age, amount }),
            (false, Basis::Unattended) => (amount, ChildReason::Unattended { age, amount }),
            (false, Basis::Disabled) => (amount, ChildReason::Disabled { age, amount }),
        };
        trail.reason(Some(&m.id), reason);
        Some(ChildSupport { basis, monthly })
    });
    out.extend(outcomes);
    if !any {
        trail.reason(None, ChildReason::NoSupport {});
    }
}

impl std::fmt::Display for Basis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

reasons! {
    /// §17's reasons, per member under 18 with a basis unless said otherwise.
    pub(crate) enum ChildReason for Children {
        /// Guardianship `orphan`: the orphans' basic-living amount.
        Orphan("orphan", "§五(三)") { age: u32, amount: Money }
        values(basis = Basis::Orphan, monthly = amount)
        zh("孤儿({age} 岁),基本生活保障每月 {monthly} 元")
        en("a child ({age}) of basis {basis}: basic-living support of {monthly} yuan a month")

        /// Guardianship `unattended`: the orphans' basic-living amount.
        Unattended("unattended", "§五(三)") { age: u32, amount: Money }
        values(basis = Basis::Unattended, monthly = amount)
        zh("事实无人抚养儿童({age} 岁),基本生活保障每月 {monthly} 元")
        en("a child ({age}) of basis {basis}: basic-living support of {monthly} yuan a month")

        /// Disability grade 1–2 in a low-income household (§15): the disabled children's subsidy.
        Disabled("disabled", "§五(三)") { age: u32, amount: Money }
        values(basis = Basis::Disabled, monthly = amount)
        zh("残疾儿童({age} 岁),基本生活保障每月 {monthly} 元")
        en("a child ({age}) of basis {basis}: basic-living support of {monthly} yuan a month")

        /// A basis, and supported as 特困 (`tekun`): monthly 0.00.
        CoveredByTekun("covered_by_tekun", "§五(三)") { basis: Basis, age: u32 }
        values(basis, monthly = Money::ZERO)
        zh("{basis_zh}({age} 岁)已纳入特困人员救助供养,不重复发放基本生活保障", basis_zh = basis.zh())
        en("a child ({age}) of basis {basis} already supported as 特困: no second basic-living payment")

        /// The household: no member has a basis.
        NoSupport("no_child_support", "§五(三)") {}
        values()
        zh("家庭成员中没有孤儿、事实无人抚养儿童或低收入家庭的重度残疾儿童")
        en("no member is an orphan, an unattended child or a severely disabled child of a low-income household")
    }
}
