//! §8 Pension (城乡居民养老保险代缴) — 阳发〔2021〕30号 §五(三) "为…代缴部分或全部最低标准的养老保险费
//! …继续保留原有最低缴费档次标准".
//!
//! For members of contribution age not in school: the proxy payment basis (特困, severe
//! disability, 低保, monitored), the payment for those enrolled, the lowest tier they may keep, and
//! the contribution subsidy ("并按规定继续给予缴费补助") for the enrolled with a basis or in an
//! alleviated household.

use serde::Serialize;

use super::{Facts, PerMemberOutcomes, Standing};
use crate::explain::{Trail, reasons};
use crate::model::SchoolingStatus;
use crate::money::{Money, fen_money, round_div};
use crate::params::Param;

/// The parameters this rule records.
pub const PARAMS: &[Param] = &[
    Param::PensionContributionSubsidy,
    Param::PensionLowestTier,
    Param::PensionMaxAge,
    Param::PensionMinAge,
    Param::PensionProxyShareDibao,
    Param::PensionProxyShareMonitored,
    Param::PensionProxyShareSevereDisability,
    Param::PensionProxyShareTekun,
    Param::PensionRetainedLowestTier,
];

/// `pension.proxy_basis`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProxyBasis {
    Tekun,
    SevereDisability,
    Dibao,
    Monitored,
}

impl ProxyBasis {
    /// The word the JSON output writes for this value.
    pub fn as_str(self) -> &'static str {
        match self {
            ProxyBasis::Tekun => "tekun",
            ProxyBasis::SevereDisability => "severe_disability",
            ProxyBasis::Dibao => "dibao",
            ProxyBasis::Monitored => "monitored",
        }
    }
}

/// `members[].pension`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Pension {
    pub proxy_payment: Money,
    pub proxy_basis: Option<ProxyBasis>,
    pub lowest_tier_available: Money,
    /// 缴费补助 ("并按规定继续给予缴费补助").
    pub contribution_subsidy: Money,
}

/// A member's pension output and whether it is the gap `pension_not_insured`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PensionOutcome {
    pub pension: Option<Pension>,
    pub not_insured: bool,
}

pub(crate) fn assess(
    facts: &Facts<'_>,
    standing: &Standing,
    trail: &mut Trail,
    out: &mut PerMemberOutcomes<PensionOutcome>,
) {
    trail.uses(PARAMS);
    let p = facts.params;
    let (min_age, max_age) = (p.int(Param::PensionMinAge), p.int(Param::PensionMaxAge));
    let retained = p.fen(Param::PensionRetainedLowestTier);
    let mut any = false;
    let outcomes = facts.members().map(|(m, age)| {
        let enrolled = m
            .schooling
            .is_some_and(|s| s.status == SchoolingStatus::Enrolled);
        if !(min_age..=max_age).contains(&age) || enrolled {
            return PensionOutcome {
                pension: None,
                not_insured: false,
            };
        }
        any = true;
        let basis = if m.tekun {
            Some(ProxyBasis::Tekun)
        } else if m.disability.is_some_and(|d| d.grade <= 2) {
            Some(ProxyBasis::SevereDisability)
        } else if standing.on_dibao {
            Some(ProxyBasis::Dibao)
        } else if standing.monitored {
            Some(ProxyBasis::Monitored)
        } else {
            None
        };
        let share = match basis {
            Some(ProxyBasis::Tekun) => p.bp(Param::PensionProxyShareTekun),
            Some(ProxyBasis::SevereDisability) => p.bp(Param::PensionProxyShareSevereDisability),
            Some(ProxyBasis::Dibao) => p.bp(Param::PensionProxyShareDibao),
            Some(ProxyBasis::Monitored) => p.bp(Param::PensionProxyShareMonitored),
            None => 0,
        };
        let payment = if basis.is_some() && m.pension_insured {
            // retained × share, the share in ten-thousandths.
            fen_money(round_div(i128::from(retained) * i128::from(share), 10_000))
        } else {
            Money::ZERO
        };
        let lowest = if basis.is_some() || facts.household.poverty_alleviated {
            Money::from_fen(retained)
        } else {
            Money::from_fen(p.fen(Param::PensionLowestTier))
        };
        let not_insured = basis.is_some() && !m.pension_insured;
        let subsidy =
            if m.pension_insured && (basis.is_some() || facts.household.poverty_alleviated) {
                Money::from_fen(p.fen(Param::PensionContributionSubsidy))
            } else {
                Money::ZERO
            };
        let pension = Pension {
            proxy_payment: payment,
            proxy_basis: basis,
            lowest_tier_available: lowest,
            contribution_subsidy: subsidy,
        };
        let reason = match basis {
            Some(basis) if m.pension_insured => PensionReason::ProxyPayment {
                age,
                basis,
                pension,
            },
            Some(basis) => PensionReason::NotInsured {
                age,
                basis,
                pension,
            },
            None => PensionReason::NoProxyBasis {
                age,
                insured: m.pension_insured,
                pension,
            },
        };
        trail.reason(Some(&m.id), reason);
        PensionOutcome {
            pension: Some(pension),
            not_insured,
        }
    });
    out.extend(outcomes);
    if !any {
        trail.reason(
            None,
            PensionReason::NoContributionAgeMember { min_age, max_age },
        );
    }
}

reasons! {
    /// §8's reasons, per member of contribution age (`pension.min_age` ..= `pension.max_age`)
    /// not in school unless said otherwise; their values end with `contribution_subsidy`.
    pub(crate) enum PensionReason for Pension {
        /// A proxy basis (特困, severe disability, 低保, monitored) and enrolled.
        ProxyPayment("proxy_payment", "§五(三)") { age: u32, basis: ProxyBasis, pension: Pension }
        values(
            age, basis, pension_insured = true, proxy_payment = pension.proxy_payment,
            lowest_tier_available = pension.lowest_tier_available,
            contribution_subsidy = pension.contribution_subsidy,
        )
        zh(
            "按{basis_zh}代缴养老保险费 {proxy_payment} 元,可保留最低缴费档次 {lowest_tier_available} 元,缴费补助 {contribution_subsidy} 元",
            basis_zh = basis_zh(basis),
        )
        en("pension contribution paid for them as {basis}: {proxy_payment} yuan; lowest tier {lowest_tier_available} yuan kept; contribution subsidy {contribution_subsidy} yuan")

        /// A proxy basis, not enrolled (the gap `pension_not_insured`).
        NotInsured("not_insured", "§五(三)") { age: u32, basis: ProxyBasis, pension: Pension }
        values(
            age, basis, pension_insured = false, proxy_payment = pension.proxy_payment,
            lowest_tier_available = pension.lowest_tier_available,
            contribution_subsidy = pension.contribution_subsidy,
        )
        zh("属于{basis_zh}代缴对象,但未参加城乡居民养老保险", basis_zh = basis_zh(basis))
        en("eligible for a proxy payment as {basis} but not enrolled in the residents' pension insurance")

        /// No proxy basis (the basis value is `none`).
        NoProxyBasis("no_proxy_basis", "§五(三)") { age: u32, insured: bool, pension: Pension }
        values(
            age, basis = "none", pension_insured = insured, proxy_payment = pension.proxy_payment,
            lowest_tier_available = pension.lowest_tier_available,
            contribution_subsidy = pension.contribution_subsidy,
        )
        zh("不属于代缴对象,最低缴费档次 {lowest_tier_available} 元,缴费补助 {contribution_subsidy} 元")
        en("no proxy payment applies; lowest tier {lowest_tier_available} yuan; contribution subsidy {contribution_subsidy} yuan")

        /// The household: no member of contribution age outside school.
        NoContributionAgeMember("no_contribution_age_member", "§五(三)") { min_age: u32, max_age: u32 }
        values(min_age, max_age)
        zh("无 {min_age} 至 {max_age} 岁非在校成员")
        en("no member aged {min_age} to {max_age} outside school")
    }
}

fn basis_zh(b: ProxyBasis) -> &'static str {
    match b {
        ProxyBasis::Tekun => "特困人员",
        ProxyBasis::SevereDisability => "重度残疾人",
        ProxyBasis::Dibao => "低保对象",
        ProxyBasis::Monitored => "监测对象",
    }
}
