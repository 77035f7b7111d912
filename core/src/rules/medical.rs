//! §7 Medical insurance — 阳发〔2021〕30号 §五(五): 分类资助参保 ("继续全额资助农村特困人员,定额
//! 资助低保对象,过渡期内逐步调整脱贫人口资助政策") and 三重保障 ("综合梯次减负"); both cite §五(五).
//!
//! The contribution subsidy is the largest applicable candidate (特困, 低保, monitored, alleviated),
//! each capped at the contribution, never summed. The three-layer calculator runs basic insurance,
//! critical-illness insurance (tilted for 特困, 低保 and monitored people) and medical assistance
//! in turn, on the hospital expenses of the 12 months before the as-of date.

use rust_decimal::Decimal;
use serde::Serialize;

use super::{Facts, Standing};
use crate::explain::{Rule, Trail, Values};
use crate::model::HospitalLevel;
use crate::money::Money;
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    Tekun,
    Dibao,
    Monitored,
    Alleviated,
}

impl Basis {
    fn as_str(self) -> &'static str {
        match self {
            Basis::Tekun => "tekun",
            Basis::Dibao => "dibao",
            Basis::Monitored => "monitored",
            Basis::Alleviated => "alleviated",
        }
    }
}

/// `members[].medical_subsidy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct MedicalSubsidy {
    pub basis: Option<Basis>,
    pub subsidy: Money,
    pub personal_contribution: Money,
}

/// `members[].triple_guarantee`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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

pub(crate) fn assess(facts: &Facts<'_>, standing: &Standing, trail: &mut Trail) -> Vec<Medical> {
    trail.uses(SUBSIDY_PARAMS);
    let h = facts.household;
    if !h.hospitalizations.is_empty() {
        trail.uses(TRIPLE_PARAMS);
    }
    let p = facts.params;
    let c = p.dec(Param::MedicalIndividualContribution);
    let mut out = Vec::with_capacity(h.members.len());
    for m in &h.members {
        let candidates = [
            (m.tekun, Basis::Tekun, c),
            (
                standing.on_dibao,
                Basis::Dibao,
                p.dec(Param::MedicalSubsidyDibao),
            ),
            (
                standing.monitored,
                Basis::Monitored,
                p.dec(Param::MedicalSubsidyMonitored),
            ),
            (
                h.poverty_alleviated,
                Basis::Alleviated,
                p.dec(Param::MedicalSubsidyAlleviated),
            ),
        ];
        let mut best: Option<(Basis, Decimal)> = None;
        for (applies, basis, amount) in candidates {
            let capped = amount.min(c);
            if applies && best.is_none_or(|(_, b)| capped > b) {
                best = Some((basis, capped));
            }
        }
        let (basis, subsidy) = match best {
            Some((basis, amount)) if amount > Decimal::ZERO => (Some(basis), amount),
            _ => (None, Decimal::ZERO),
        };
        let s = MedicalSubsidy {
            basis,
            subsidy: Money::round(subsidy),
            personal_contribution: Money::round(c - subsidy),
        };
        let values = || {
            Values::new()
                .with("contribution", Money::round(c))
                .with("basis", basis.map_or("none", Basis::as_str))
                .with("subsidy", s.subsidy)
                .with("personal_contribution", s.personal_contribution)
        };
        match basis {
            Some(b) => trail.reason(
                Rule::Medical,
                "contribution_subsidy",
                "§五(五)",
                Some(&m.id),
                || {
                    (
                        values(),
                        (
                            format!(
                                "按{}身份资助参保 {} 元,个人缴费 {} 元",
                                basis_zh(b),
                                s.subsidy,
                                s.personal_contribution
                            ),
                            format!(
                                "contribution subsidised as {}: {} yuan; personal share {} yuan",
                                b.as_str(),
                                s.subsidy,
                                s.personal_contribution
                            ),
                        ),
                    )
                },
            ),
            None => trail.reason(
                Rule::Medical,
                "no_contribution_subsidy",
                "§五(五)",
                Some(&m.id),
                || {
                    (
                        values(),
                        (
                            format!(
                                "不属于分类资助参保对象,个人缴费 {} 元",
                                s.personal_contribution
                            ),
                            format!(
                                "no contribution subsidy applies; personal share {} yuan",
                                s.personal_contribution
                            ),
                        ),
                    )
                },
            ),
        }
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
    out
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
    let mut expense = Decimal::ZERO;
    let mut basic = Decimal::ZERO;
    for (level, deductible, ratio) in levels {
        let e: Decimal = stays
            .iter()
            .filter(|s| s.level == level)
            .map(|s| s.expense)
            .sum();
        expense += e;
        basic += (e - p.dec(deductible)).max(Decimal::ZERO) * p.dec(ratio);
    }
    if !insured {
        basic = Decimal::ZERO;
    }
    basic = basic.min(p.dec(Param::MedicalBasicCap));
    let r1 = expense - basic;
    let ci = if !insured {
        Decimal::ZERO
    } else if group.is_some() {
        (r1 - p.dec(Param::MedicalCiDeductible) * p.dec(Param::MedicalCiTiltDeductibleFactor))
            .max(Decimal::ZERO)
            * (p.dec(Param::MedicalCiRatio) + p.dec(Param::MedicalCiTiltRatioAdd))
    } else {
        ((r1 - p.dec(Param::MedicalCiDeductible)).max(Decimal::ZERO) * p.dec(Param::MedicalCiRatio))
            .min(p.dec(Param::MedicalCiCap))
    };
    let r2 = r1 - ci;
    let assistance = match group {
        Some(Basis::Tekun) => p.dec(Param::MedicalMaRatioTekun) * r2,
        Some(Basis::Dibao) => p.dec(Param::MedicalMaRatioDibao) * r2,
        Some(Basis::Monitored) => {
            p.dec(Param::MedicalMaRatioMonitored)
                * (r2 - p.dec(Param::MedicalMaDeductibleMonitored)).max(Decimal::ZERO)
        }
        _ => Decimal::ZERO,
    }
    .min(p.dec(Param::MedicalMaCap));
    let (e, b, c, a) = (
        Money::round(expense),
        Money::round(basic),
        Money::round(ci),
        Money::round(assistance),
    );
    let out_of_pocket = Money::round(e.value() - b.value() - c.value() - a.value());
    let t = TripleGuarantee {
        expense: e,
        basic: b,
        critical_illness: c,
        assistance: a,
        out_of_pocket,
    };
    trail.reason(
        Rule::Medical,
        "triple_guarantee",
        "§五(五)",
        Some(id), || (Values::new()
            .with("insured", insured)
            .with("group", group.map_or("none", Basis::as_str))
            .with("expense", e)
            .with("basic", b)
            .with("critical_illness", c)
            .with("assistance", a)
            .with("out_of_pocket", out_of_pocket), (
            format!("住院费用 {e} 元:基本医保 {b} 元,大病保险 {c} 元,医疗救助 {a} 元,个人自付 {out_of_pocket} 元"),
            format!("hospital expenses {e} yuan: basic insurance {b}, critical illness {c}, medical assistance {a}, out of pocket {out_of_pocket} yuan"),
        )));
    Some(t)
}
