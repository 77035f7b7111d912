//! §8 Pension (城乡居民养老保险代缴) — 阳发〔2021〕30号 §五(三) "为…代缴部分或全部最低标准的养老保险费
//! …继续保留原有最低缴费档次标准".
//!
//! For members of contribution age not in school: the proxy payment basis (特困, severe
//! disability, 低保, monitored), the payment for those enrolled, the lowest tier they may keep, and
//! the contribution subsidy ("并按规定继续给予缴费补助") for the enrolled with a basis or in an
//! alleviated household.

use serde::Serialize;

use super::{Facts, Standing};
use crate::explain::{Rule, Trail, Values};
use crate::model::SchoolingStatus;
use crate::money::Money;
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProxyBasis {
    Tekun,
    SevereDisability,
    Dibao,
    Monitored,
}

impl ProxyBasis {
    fn as_str(self) -> &'static str {
        match self {
            ProxyBasis::Tekun => "tekun",
            ProxyBasis::SevereDisability => "severe_disability",
            ProxyBasis::Dibao => "dibao",
            ProxyBasis::Monitored => "monitored",
        }
    }
}

/// `members[].pension`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
) -> Vec<PensionOutcome> {
    trail.uses(PARAMS);
    let p = facts.params;
    let (min_age, max_age) = (p.int(Param::PensionMinAge), p.int(Param::PensionMaxAge));
    let retained = p.dec(Param::PensionRetainedLowestTier);
    let mut any = false;
    let out = facts
        .members()
        .map(|(m, age)| {
            let enrolled = m.schooling.is_some_and(|s| s.status == SchoolingStatus::Enrolled);
            if !(min_age..=max_age).contains(&age) || enrolled {
                return PensionOutcome { pension: None, not_insured: false };
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
                Some(ProxyBasis::Tekun) => p.dec(Param::PensionProxyShareTekun),
                Some(ProxyBasis::SevereDisability) => p.dec(Param::PensionProxyShareSevereDisability),
                Some(ProxyBasis::Dibao) => p.dec(Param::PensionProxyShareDibao),
                Some(ProxyBasis::Monitored) => p.dec(Param::PensionProxyShareMonitored),
                None => rust_decimal::Decimal::ZERO,
            };
            let payment = if basis.is_some() && m.pension_insured { Money::round(retained * share) } else { Money::ZERO };
            let lowest = if basis.is_some() || facts.household.poverty_alleviated {
                Money::round(retained)
            } else {
                Money::round(p.dec(Param::PensionLowestTier))
            };
            let not_insured = basis.is_some() && !m.pension_insured;
            let subsidy = if m.pension_insured
                && (basis.is_some() || facts.household.poverty_alleviated)
            {
                Money::round(p.dec(Param::PensionContributionSubsidy))
            } else {
                Money::ZERO
            };
            let values = || Values::new()
                .with("age", age)
                .with("basis", basis.map_or("none", ProxyBasis::as_str))
                .with("pension_insured", m.pension_insured)
                .with("proxy_payment", payment)
                .with("lowest_tier_available", lowest)
                .with("contribution_subsidy", subsidy);
            let code = match basis {
                Some(_) if m.pension_insured => "proxy_payment",
                Some(_) => "not_insured",
                None => "no_proxy_basis",
            };
            let messages = || match basis {
                Some(b) if m.pension_insured => (
                    format!("按{}代缴养老保险费 {payment} 元,可保留最低缴费档次 {lowest} 元,缴费补助 {subsidy} 元", basis_zh(b)),
                    format!("pension contribution paid for them as {}: {payment} yuan; lowest tier {lowest} yuan kept; contribution subsidy {subsidy} yuan", b.as_str()),
                ),
                Some(b) => (
                    format!("属于{}代缴对象,但未参加城乡居民养老保险", basis_zh(b)),
                    format!("eligible for a proxy payment as {} but not enrolled in the residents' pension insurance", b.as_str()),
                ),
                None => (
                    format!("不属于代缴对象,最低缴费档次 {lowest} 元,缴费补助 {subsidy} 元"),
                    format!("no proxy payment applies; lowest tier {lowest} yuan; contribution subsidy {subsidy} yuan"),
                ),
            };
            trail.reason(Rule::Pension, code, "§五(三)", Some(&m.id), || (values(), messages()));
            PensionOutcome { pension: Some(Pension { proxy_payment: payment, proxy_basis: basis, lowest_tier_available: lowest, contribution_subsidy: subsidy }), not_insured }
        })
        .collect();
    if !any {
        trail.reason(
            Rule::Pension,
            "no_contribution_age_member",
            "§五(三)",
            None,
            || {
                (
                    Values::new()
                        .with("min_age", min_age)
                        .with("max_age", max_age),
                    (
                        format!("无 {min_age} 至 {max_age} 岁非在校成员"),
                        format!("no member aged {min_age} to {max_age} outside school"),
                    ),
                )
            },
        );
    }
    out
}

fn basis_zh(b: ProxyBasis) -> &'static str {
    match b {
        ProxyBasis::Tekun => "特困人员",
        ProxyBasis::SevereDisability => "重度残疾人",
        ProxyBasis::Dibao => "低保对象",
        ProxyBasis::Monitored => "监测对象",
    }
}
