//! §15 Low-income population (农村低收入人口) — 阳发〔2021〕30号 §五(一) "对农村低保对象、农村特困人员、
//! 农村易返贫致贫人口,以及因病因灾因意外事故等刚性支出较大或收入大幅缩减导致基本生活出现严重困难人口等
//! 农村低收入人口开展动态监测".
//!
//! The household's groups, in order: `dibao` (on dibao, or §3 finds a benefit payable), `tekun`
//! (a member supported or eligible as 特困), `at_risk` (monitored), `hardship` (flag
//! `rigid_expenditure`, or `income_drop` with `income_below_line`, or §5 eligible). No parameters.

use serde::Serialize;

use super::Standing;
use super::monitoring::{Monitoring, RiskFlag};
use crate::explain::{List, Trail, reasons};

/// A group of the low-income population, in the order of docs/rules/low_income.md.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "LowIncomeGroup"))]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// 农村低保对象.
    Dibao,
    /// 农村特困人员.
    Tekun,
    /// 农村易返贫致贫人口.
    AtRisk,
    /// 基本生活出现严重困难人口.
    Hardship,
}

impl Group {
    /// Every group, in order.
    pub const ALL: [Group; 4] = [Group::Dibao, Group::Tekun, Group::AtRisk, Group::Hardship];

    /// The word used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Group::Dibao => "dibao",
            Group::Tekun => "tekun",
            Group::AtRisk => "at_risk",
            Group::Hardship => "hardship",
        }
    }

    fn zh(self) -> &'static str {
        match self {
            Group::Dibao => "低保对象",
            Group::Tekun => "特困人员",
            Group::AtRisk => "易返贫致贫人口",
            Group::Hardship => "基本生活出现严重困难人口",
        }
    }
}

/// `low_income` of the assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct LowIncome {
    pub population: bool,
    pub groups: Vec<Group>,
}

/// What §15 reads of the earlier rules.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Inputs<'a> {
    pub standing: &'a Standing,
    pub monitoring: &'a Monitoring,
    /// §3 `eligible` (status `eligible` or `gradual_exit`).
    pub dibao_payable: bool,
    /// Some member is `tekun` or §4 `tekun.eligible`.
    pub tekun: bool,
    /// §5 eligible.
    pub temporary_assistance: bool,
}

/// Decides the groups. The reason comes later, after §11's ([`explain`]).
pub(crate) fn decide(i: Inputs<'_>) -> LowIncome {
    let m = i.monitoring;
    let hardship = m.has(RiskFlag::RigidExpenditure)
        || (m.has(RiskFlag::IncomeDrop) && m.has(RiskFlag::IncomeBelowLine))
        || i.temporary_assistance;
    let applies = [
        i.standing.on_dibao || i.dibao_payable,
        i.tekun,
        i.standing.monitored,
        hardship,
    ];
    let groups: Vec<Group> = Group::ALL
        .into_iter()
        .zip(applies)
        .filter_map(|(g, a)| a.then_some(g))
        .collect();
    LowIncome {
        population: !groups.is_empty(),
        groups,
    }
}

/// The one reason of §15.
pub(crate) fn explain(li: &LowIncome, trail: &mut Trail) {
    trail.reason(
        None,
        if li.population {
            LowIncomeReason::InPopulation { list: &li.groups }
        } else {
            LowIncomeReason::NotInPopulation {}
        },
    );
}

impl std::fmt::Display for Group {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

reasons! {
    /// §15's reason.
    pub(crate) enum LowIncomeReason<'a> for LowIncome {
        /// Some group applies; `groups` in order dibao, tekun, at_risk, hardship.
        InPopulation("in_population", "§五(一)") { list: &'a [Group] }
        values(groups = List(list))
        zh(
            "属于农村低收入人口({groups_zh}),纳入动态监测和基础数据库",
            groups_zh = list.iter().map(|g| g.zh()).collect::<Vec<_>>().join("、"),
        )
        en("in the rural low-income population ({groups}): monitored and kept in the database")

        /// No group.
        NotInPopulation("not_in_population", "§五(一)") {}
        values()
        zh("不属于农村低收入人口")
        en("not in the rural low-income population")
    }
}
