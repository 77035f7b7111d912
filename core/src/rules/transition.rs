//! §1 Transition period (过渡期) — 阳发〔2021〕30号 §二 "设立5年过渡期", §三(一) "四个不摘".
//!
//! The window `transition.start` ..= `transition.end`; `year` counts from 1 inside it. The
//! reason inside the window cites §三(一); before and after it, §二.

use chrono::Datelike;
use serde::Serialize;

use super::Facts;
use crate::explain::{Rule, Trail, Values};
use crate::params::Param;

/// The parameters this rule records.
pub const PARAMS: &[Param] = &[Param::TransitionEnd, Param::TransitionStart];

/// Where the as-of date falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Before,
    In,
    After,
}

/// `transition` of the assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Transition {
    pub phase: Phase,
    pub year: Option<u32>,
}

/// Places the as-of date in the transition window.
pub(crate) fn assess(facts: &Facts<'_>, trail: &mut Trail) -> Transition {
    trail.uses(PARAMS);
    let start = facts.params.date(Param::TransitionStart);
    let end = facts.params.date(Param::TransitionEnd);
    let values = || Values::new().with("start", start).with("end", end);
    if facts.as_of < start {
        trail.reason(Rule::Transition, "before_transition", "§二", None, || {
            (
                values(),
                (
                    format!("评估日期早于过渡期({start} 至 {end})"),
                    format!("the assessment date is before the transition period {start}..{end}"),
                ),
            )
        });
        Transition {
            phase: Phase::Before,
            year: None,
        }
    } else if facts.as_of > end {
        trail.reason(Rule::Transition, "after_transition", "§二", None, || {
            (
                values(),
                (
                    format!("评估日期晚于过渡期({start} 至 {end})"),
                    format!("the assessment date is after the transition period {start}..{end}"),
                ),
            )
        });
        Transition {
            phase: Phase::After,
            year: None,
        }
    } else {
        let year = u32::try_from(facts.as_of.year() - start.year() + 1).unwrap_or(0);
        // §三(一) "四个不摘": policies stay in place through the window; what is phased or
        // adjusted inside it says so through its own dated parameters.
        trail.reason(
            Rule::Transition,
            "in_transition",
            "§三(一)",
            None, || (Values::new().with("year", year).with("start", start).with("end", end), (
                format!("评估日期处于过渡期第 {year} 年({start} 至 {end}):“四个不摘”,主要帮扶政策保持总体稳定,该延续的延续、该调整的调整(按各项政策的日期参数)"),
                format!("the assessment date is in year {year} of the transition period {start}..{end}: the main support policies stay in place, some continued and some adjusted as their dated parameters say"),
            )));
        Transition {
            phase: Phase::In,
            year: Some(year),
        }
    }
}
