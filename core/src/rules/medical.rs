//! §7 Medical insurance — 阳发〔2021〕30号 §五(五): 分类资助参保 ("继续全额资助农村特困人员,定额
//! 资助低保对象,过渡期内逐步调整脱贫人口资助政策") and 三重保障 ("综合梯次减负"); both cite §五(五).
//!
//! The contribution subsidy is the largest applicable candidate (特困, 低保, monitored, alleviated),
//! each capped at the contribution, never summed. The three-layer calculator runs basic insurance,
//! critical-illness insurance (tilted for 特困, 低保 and monitored people) and medical assistance
//! in turn, on the hospital expenses of the 12 months before the as-of date.

use serde::Serialize;

use super::{Facts, PerMemberOutcomes, Standing};
use crate::explain::{OrNone, Trail, reasons};
use crate::model::HospitalLevel;
use crate::money::{Money, fen_money, fen_of, round_div};
use crate::params::Param;

/// The parameters the subsidy records.
pub const SUBSIDY_PARAMS: &[Param] = &[
    Param::MedicalIndividualContribution,
    Param::MedicalSubsidyAlleviated,
    Param::MedicalSubsidyDibao,
    Param::MedicalSubsidyMonitored,
];

/// The parameters the three-layer calculator records, when some member was in hospital.
pub const TRIPLE_PARAMS: &[Param] = &[
    Param::MedicalBasicCap,
    Param::MedicalCiCap,
    Param::MedicalCiDeductible,
    Param::MedicalCiRatio,
    Param::MedicalCiTiltDeductibleFactor,
    Param::MedicalCiTiltRatioAdd,
    Param::MedicalDeductibleCounty,
    Param::MedicalDeductibleMunicipal,
    Param::MedicalDeductibleTownship,
    Param::MedicalMaCap,
    Param::MedicalMaDeductibleMonitored,
    Param::MedicalMaRatioDibao,
    Param::MedicalMaRatioMonitored,
    Param::MedicalMaRatioTekun,
    Param::MedicalRatioCounty,
    Param::MedicalRatioMunicipal,
    Param::MedicalRatioTownship,
];

/// `medical_subsidy.basis` (and the three-layer group).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    Tekun,
    Dibao,
    Monitored,
    Alleviated,
}

impl Basis {
    /// The word the JSON output writes for this value.
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Tekun => "tekun",
            Basis::Dibao => "dibao",
            Basis::Monitored => "monitored",
            Basis::Alleviated => "alleviated",
        }
    }
}

/// `members[].medical_subsidy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct MedicalSubsidy {
    pub basis: Option<Basis>,
    pub subsidy: Money,
    pub personal_contribution: Money,
}

/// `members[].triple_guarantee`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct TripleGuarantee {
    pub expense: Money,
    pub basic: Money,
    pub critical_illness: Money,
    pub assistance: Money,
    pub out_of_pocket: Money,
}

/// A member's medical outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Medical {
    pub subsidy: MedicalSubsidy,
    pub triple_guarantee: Option<TripleGuarantee>,
}

pub(crate) fn assess(
    facts: &Facts<'_>,
    standing: &Standing,
    trail: &mut Trail,
    out: &mut PerMemberOutcomes<Medical>,
) {
    trail.uses(SUBSIDY_PARAMS);
    let h = facts.household;
    if !h.hospitalizations.is_empty() {
        trail.uses(TRIPLE_PARAMS);
    }
    let p = facts.params;
    let c = p.fen(Param::MedicalIndividualContribution);
    for m in &h.members {
        let candidates = [
            (m.tekun, Basis::Tekun, c),
            (
                standing.on_dibao,
                Basis::Dibao,
                p.fen(Param::MedicalSubsidyDibao),
            ),
            (
                standing.monitored,
                Basis::Monitored,
                p.fen(Param::MedicalSubsidyMonitored),
            ),
            (
                h.poverty_alleviated,
                Basis::Alleviated,
                p.fen(Param::MedicalSubsidyAlleviated),
            ),
        ];
        let mut best: Option<(Basis, i64)> = None;
        for (applies, basis, amount) in candidates {
            let capped = amount.min(c);
            if applies && best.is_none_or(|(_, b)| capped > b) {
                best = Some((basis, capped));
            }
        }
        let (basis, subsidy) = match best {
            Some((basis, amount)) if amount > 0 => (Some(basis), amount),
            _ => (None, 0),
        };
        let s = MedicalSubsidy {
            basis,
            subsidy: Money::from_fen(subsidy),
            personal_contribution: Money::from_fen(c - subsidy),
        };
        let reason = match basis {
            Some(basis) => MedicalReason::Subsidy { c, basis, s },
            None => MedicalReason::NoSubsidy { c, s },
        };
        trail.reason(Some(&m.id), reason);
        let group = if m.tekun {
            Some(Basis::Tekun)
        } else if standing.on_dibao {
            Some(Basis::Dibao)
        } else if standing.monitored {
            Some(Basis::Monitored)
        } else {
            None
        };
        let triple = triple_guarantee(facts, &m.id, m.medical_insured, group, trail);
        out.push(Medical {
            subsidy: s,
            triple_guarantee: triple,
        });
    }
}

fn basis_zh(b: Basis) -> &'static str {
    match b {
        Basis::Tekun => "特困人员",
        Basis::Dibao => "低保对象",
        Basis::Monitored => "监测对象",
        Basis::Alleviated => "脱贫人口",
    }
}

/// The three-layer calculator for one member; `None` without hospitalizations.
fn triple_guarantee(
    facts: &Facts<'_>,
    id: &str,
    insured: bool,
    group: Option<Basis>,
    trail: &mut Trail,
) -> Option<TripleGuarantee> {
    let p = facts.params;
    let stays: Vec<_> = facts
        .household
        .hospitalizations
        .iter()
        .filter(|s| s.person_id == id)
        .collect();
    if stays.is_empty() {
        return None;
    }
    let levels = [
        (
            HospitalLevel::Township,
            Param::MedicalDeductibleTownship,
            Param::MedicalRatioTownship,
        ),
        (
            HospitalLevel::County,
            Param::MedicalDeductibleCounty,
            Param::MedicalRatioCounty,
        ),
        (
            HospitalLevel::Municipal,
            Param::MedicalDeductibleMunicipal,
            Param::MedicalRatioMunicipal,
        ),
    ];
    // Exact in 128-bit integers: money in fen, ratios in ten-thousandths, so each product with a
    // ratio adds 4 decimals: `basic` and `r1` are in 10^-4 fen, `ci` and `r2` in 10^-8 fen,
    // `assistance` in 10^-12 fen; each is rounded once, half away from zero, to fen.
    const S4: i128 = 10_000;
    const S8: i128 = S4 * S4;
    const S12: i128 = S8 * S4;
    let fen = |param| i128::from(p.fen(param));
    let bp = |param| i128::from(p.bp(param));
    let mut expense: i128 = 0;
    let mut basic: i128 = 0;
    for (level, deductible, ratio) in levels {
        let e: i128 = stays
            .iter()
            .filter(|s| s.level == level)
            .map(|s| i128::from(fen_of(s.expense)))
            .sum();
        expense += e;
        basic += (e - fen(deductible)).max(0) * bp(ratio);
    }
    if !insured {
        basic = 0;
    }
    basic = basic.min(fen(Param::MedicalBasicCap) * S4);
    let r1 = expense * S4 - basic;
    let ci = if !insured {
        0
    } else if group.is_some() {
        (r1 - fen(Param::MedicalCiDeductible) * bp(Param::MedicalCiTiltDeductibleFactor)).max(0)
            * (bp(Param::MedicalCiRatio) + bp(Param::MedicalCiTiltRatioAdd))
    } else {
        ((r1 - fen(Param::MedicalCiDeductible) * S4).max(0) * bp(Param::MedicalCiRatio))
            .min(fen(Param::MedicalCiCap) * S8)
    };
    let r2 = r1 * S4 - ci;
    let assistance = match group {
        Some(Basis::Tekun) => bp(Param::MedicalMaRatioTekun) * r2,
        Some(Basis::Dibao) => bp(Param::MedicalMaRatioDibao) * r2,
        Some(Basis::Monitored) => {
            bp(Param::MedicalMaRatioMonitored)
                * (r2 - fen(Param::MedicalMaDeductibleMonitored) * S8).max(0)
        }
        _ => 0,
    }
    .min(fen(Param::MedicalMaCap) * S12);
    let (e, b, c, a) = (
        fen_money(expense),
        fen_money(round_div(basic, S4)),
        fen_money(round_div(ci, S8)),
        fen_money(round_div(assistance, S12)),
    );
    let out_of_pocket = fen_money(
        [b, c, a]
            .iter()
            .fold(i128::from(e.fen()), |rest, m| rest - i128::from(m.fen())),
    );
    let t = TripleGuarantee {
        expense: e,
        basic: b,
        critical_illness: c,
        assistance: a,
        out_of_pocket,
    };
    trail.reason(Some(id), MedicalReason::Triple { insured, group, t });
    Some(t)
}

reasons! {
    /// §7's reasons, per member. `c` is `medical.individual_contribution`.
    pub(crate) enum MedicalReason for Medical {
        /// The largest applicable subsidy (特困, 低保, monitored, alleviated), capped at the
        /// contribution, is above zero.
        Subsidy("contribution_subsidy", "§五(五)") { c: i64, basis: Basis, s: MedicalSubsidy }
        values(
            contribution = Money::from_fen(c), basis, subsidy = s.subsidy,
            personal_contribution = s.personal_contribution,
        )
        zh("按{basis_zh}身份资助参保 {subsidy} 元,个人缴费 {personal_contribution} 元", basis_zh = basis_zh(basis))
        en("contribution subsidised as {basis}: {subsidy} yuan; personal share {personal_contribution} yuan")

        /// No subsidy applies (the basis value is `none`).
        NoSubsidy("no_contribution_subsidy", "§五(五)") { c: i64, s: MedicalSubsidy }
        values(
            contribution = Money::from_fen(c), basis = "none", subsidy = s.subsidy,
            personal_contribution = s.personal_contribution,
        )
        zh("不属于分类资助参保对象,个人缴费 {personal_contribution} 元")
        en("no contribution subsidy applies; personal share {personal_contribution} yuan")

        /// A member with hospitalizations in the 12 months: basic insurance, critical illness
        /// (tilted for the group 特困, 低保, monitored), medical assistance, out of pocket.
        Triple("triple_guarantee", "§五(五)") { insured: bool, group: Option<Basis>, t: TripleGuarantee }
        values(
            insured, group = OrNone(group), expense = t.expense, basic = t.basic,
            critical_illness = t.critical_illness, assistance = t.assistance,
            out_of_pocket = t.out_of_pocket,
        )
        zh("住院费用 {expense} 元:基本医保 {basic} 元,大病保险 {critical_illness} 元,医疗救助 {assistance} 元,个人自付 {out_of_pocket} 元")
        en("hospital expenses {expense} yuan: basic insurance {basic}, critical illness {critical_illness}, medical assistance {assistance}, out of pocket {out_of_pocket} yuan")
    }
}
