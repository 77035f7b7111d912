//! §1 Transition period (过渡期) — 阳发〔2021〕30号 §二 "设立5年过渡期", §三(一) "四个不摘".
//!
//! The window `transition.start` ..= `transition.end`; `year` counts from 1 inside it. The
//! reason inside the window cites §三(一); before and after it, §二.

use chrono::Datelike;
use serde::Serialize;

use super::Facts;
use crate::date::Date;
use crate::explain::{Trail, reasons};
use crate::params::Param;

/// The parameters this rule records.
pub const PARAMS: &[Param] = &[Param::TransitionEnd, Param::TransitionStart];

/// Where the as-of date falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Before,
    In,
    After,
}

/// `transition` of the assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
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
    let (phase, year, reason) = if facts.as_of < start {
        (Phase::Before, None, TransitionReason::Before { start, end })
    } else if facts.as_of > end {
        (Phase::After, None, TransitionReason::After { start, end })
    } else {
        let year = u32::try_from(facts.as_of.year() - start.year() + 1).unwrap_or(0);
        // §三(一) "四个不摘": policies stay in place through the window; what is phased or
        // adjusted inside it says so through its own dated parameters.
        (
            Phase::In,
            Some(year),
            TransitionReason::In { year, start, end },
        )
    };
    trail.reason(None, reason);
    Transition { phase, year }
}

reasons! {
    /// §1's reasons: the window is `start` ..= `end`.
    pub(crate) enum TransitionReason for Transition {
        /// start ≤ as-of ≤ end ("四个不摘": policies stay in place, phased or adjusted ones
        /// through their dated parameters).
        In("in_transition", "§三(一)") { year: u32, start: Date, end: Date }
        values(year, start, end)
        zh("评估日期处于过渡期第 {year} 年({start} 至 {end}):“四个不摘”,主要帮扶政策保持总体稳定,该延续的延续、该调整的调整(按各项政策的日期参数)")
        en("the assessment date is in year {year} of the transition period {start}..{end}: the main support policies stay in place, some continued and some adjusted as their dated parameters say")

        /// as-of < start.
        Before("before_transition", "§二") { start: Date, end: Date }
        values(start, end)
        zh("评估日期早于过渡期({start} 至 {end})")
        en("the assessment date is before the transition period {start}..{end}")

        /// as-of > end.
        After("after_transition", "§二") { start: Date, end: Date }
        values(start, end)
        zh("评估日期晚于过渡期({start} 至 {end})")
        en("the assessment date is after the transition period {start}..{end}")
    }
}
