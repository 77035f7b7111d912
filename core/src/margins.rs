//! Margins ("why not"): for each threshold decision, how far the household or member is from
//! the threshold that would flip it — "eligible for dibao if monthly per-capita income falls by
//! more than 76.67 yuan". An addition to the assessment of docs/contract.md (`margins`,
//! docs/margins.md).
//!
//! A margin holds typed numbers; its messages are written only when it is serialised, so the
//! rules pay for no text they do not print.

use std::fmt;

use compact_str::CompactString;
use rust_decimal::Decimal;
use serde::de::{self, Deserializer};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use crate::date::{Date, add_months};
use crate::money::{Money, fen_money, round_div, round_div64};
use crate::params::Param;

/// The threshold decision a margin measures.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum MarginDecision {
    /// §2 flag 1: per-capita income against `monitoring.income_line` (yuan per person a year).
    #[serde(rename = "monitoring.income_below_line")]
    MonitoringIncomeBelowLine,
    /// §3: monthly per-capita income against `dibao.standard_monthly`.
    #[serde(rename = "dibao.income_below_standard")]
    DibaoIncomeBelowStandard,
    /// §3: the last day of the gradual exit (渐退期).
    #[serde(rename = "dibao.gradual_exit")]
    DibaoGradualExit,
    /// §4: the minor ground of 特困 ends at `tekun.minor_age_limit`.
    #[serde(rename = "tekun.minor")]
    TekunMinor,
    /// §6: child rehabilitation ends at `disability.child_rehab_age_limit`.
    #[serde(rename = "disability.child_rehabilitation")]
    ChildRehabilitation,
    /// §9: the dropout alert ends at `education.compulsory_age_limit`.
    #[serde(rename = "education.dropout_alert")]
    DropoutAlert,
    /// §8: the contribution ages end after `pension.max_age`.
    #[serde(rename = "pension.age")]
    PensionAge,
}

/// The unit of a margin's `current`, `threshold` and `change`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum MarginUnit {
    /// Money, yuan per person a year: `current`/`threshold`/`change` are 2-decimal strings.
    YuanPerPersonYear,
    /// Money, yuan per person a month.
    YuanPerPersonMonth,
    /// A date (`current` the as-of date, `threshold` the last day); `change` in days.
    Date,
    /// An age in whole years (`current` and `threshold` integers); `change` in days.
    Age,
}

/// How far one decision is from flipping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Margin {
    pub decision: MarginDecision,
    pub person_id: Option<CompactString>,
    pub parameter: Param,
    pub unit: MarginUnit,
    quantity: Quantity,
    /// The messages of a margin read back from a stored assessment, kept as they were written.
    recorded: Option<Box<(String, String)>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quantity {
    /// `current` and `threshold` in yuan; `change` = threshold − current, rounded to fen.
    /// `taken`: whether the decision the test belongs to is taken (monitoring: included; dibao:
    /// status `eligible`), so the message can say how the test relates to it.
    Money {
        current: PerPerson,
        /// In fen.
        threshold: i64,
        taken: bool,
    },
    /// `current` the as-of date, `threshold` the last day; `change` days until the day after.
    Date { current: Date, threshold: Date },
    /// Ages in years; `change` days until the birthday on which the age reaches `threshold`.
    Age {
        current: u32,
        threshold: u32,
        days: i64,
    },
    /// A money margin read back from a stored assessment: the amounts as they were written (the
    /// exact per-person amounts behind them are not stored).
    Recorded {
        current: Money,
        threshold: Money,
        change: Money,
    },
}

impl Margin {
    /// The signed amount (money) or the days (dates, ages) that flip the decision.
    pub fn change(&self) -> Decimal {
        match self.quantity {
            Quantity::Money {
                current, threshold, ..
            } => current.change_to(threshold).value(),
            Quantity::Date { current, threshold } => {
                Decimal::from((threshold - current).num_days() + 1)
            }
            Quantity::Age { days, .. } => Decimal::from(days),
            Quantity::Recorded { change, .. } => change.value(),
        }
    }

    /// Its message in Chinese (`zh`) or English, written to `f`.
    fn write_message(&self, zh: bool, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(recorded) = &self.recorded {
            return f.write_str(if zh { &recorded.0 } else { &recorded.1 });
        }
        match self.quantity {
            Quantity::Money {
                current,
                threshold,
                taken,
            } => {
                let (cur, thr) = (current.rounded(), Money::from_fen(threshold));
                let change = current.change_to(threshold);
                let below = current.below(threshold);
                // |change|: rounding half away from zero is symmetric.
                let by = Money::from_fen(change.fen().saturating_abs());
                match (self.decision, below, taken) {
                    // Below the line the flag is raised, and it alone includes the household.
                    (MarginDecision::MonitoringIncomeBelowLine, true, _) => {
                        if zh {
                            write!(
                                f,
                                "人均纯收入 {cur} 元低于监测线 {thr} 元;人均再增加 {change} 元即达到监测线"
                            )
                        } else {
                            write!(
                                f,
                                "per-capita income of {cur} yuan is below the monitoring line of {thr} yuan; a rise of {change} yuan per person reaches the line"
                            )
                        }
                    }
                    (MarginDecision::MonitoringIncomeBelowLine, false, true) => {
                        if zh {
                            write!(
                                f,
                                "该户因其他风险纳入监测,单看收入不会纳入:人均纯收入 {cur} 元不低于监测线 {thr} 元;人均减少超过 {by} 元,收入也将低于监测线"
                            )
                        } else {
                            write!(
                                f,
                                "monitored for another risk; the income test alone would not include the household: per-capita income of {cur} yuan is not below the monitoring line of {thr} yuan, and would be below it after a drop of more than {by} yuan per person"
                            )
                        }
                    }
                    (MarginDecision::MonitoringIncomeBelowLine, false, false) => {
                        if zh {
                            write!(
                                f,
                                "人均纯收入 {cur} 元不低于监测线 {thr} 元;人均减少超过 {by} 元即低于监测线,仅此一项就应纳入监测"
                            )
                        } else {
                            write!(
                                f,
                                "per-capita income of {cur} yuan is not below the monitoring line of {thr} yuan; after a drop of more than {by} yuan per person it would be below the line, which alone includes a household in monitoring"
                            )
                        }
                    }
                    (_, true, true) => {
                        if zh {
                            write!(
                                f,
                                "月人均收入 {cur} 元低于低保标准 {thr} 元;月人均再增加 {change} 元即达到标准"
                            )
                        } else {
                            write!(
                                f,
                                "monthly per-capita income of {cur} yuan is below the dibao standard of {thr} yuan; a rise of {change} yuan a month per person reaches the standard"
                            )
                        }
                    }
                    // Below the standard and still refused: another condition (the assets) fails.
                    (_, true, false) => {
                        if zh {
                            write!(
                                f,
                                "单看收入符合低保条件:月人均收入 {cur} 元低于低保标准 {thr} 元,但因其他条件不符合低保;月人均再增加 {change} 元即达到标准"
                            )
                        } else {
                            write!(
                                f,
                                "the income test alone is met: monthly per-capita income of {cur} yuan is below the dibao standard of {thr} yuan, but dibao is refused on another condition; a rise of {change} yuan a month per person reaches the standard"
                            )
                        }
                    }
                    (_, false, _) => {
                        if zh {
                            write!(
                                f,
                                "月人均收入 {cur} 元不低于低保标准 {thr} 元;月人均减少超过 {by} 元即符合低保收入条件"
                            )
                        } else {
                            write!(
                                f,
                                "eligible for dibao on income if monthly per-capita income (now {cur} yuan, standard {thr} yuan) falls by more than {by} yuan"
                            )
                        }
                    }
                }
            }
            Quantity::Date { threshold, .. } => {
                let days = self.change();
                if zh {
                    write!(f, "渐退期至 {threshold} 止,{days} 天后停发")
                } else {
                    write!(
                        f,
                        "the gradual exit lasts until {threshold}: the benefit stops in {days} days"
                    )
                }
            }
            Quantity::Age {
                threshold, days, ..
            } => {
                let (name_zh, name_en) = match self.decision {
                    MarginDecision::TekunMinor => ("未成年人特困条件", "the minor ground of tekun"),
                    MarginDecision::ChildRehabilitation => {
                        ("残疾儿童康复救助", "child rehabilitation")
                    }
                    MarginDecision::DropoutAlert => ("义务教育阶段控辍保学", "the dropout alert"),
                    _ => ("城乡居民养老保险代缴年龄", "the pension contribution age"),
                };
                if zh {
                    write!(f, "{name_zh}至年满 {threshold} 周岁止,还有 {days} 天")
                } else {
                    write!(f, "{name_en} ends at age {threshold}, in {days} days")
                }
            }
            // Read back with its messages (above); made by no rule.
            Quantity::Recorded { .. } => Ok(()),
        }
    }

    /// Its messages in Chinese and English.
    #[cfg(test)]
    fn messages(&self) -> (String, String) {
        (
            Message(self, true).to_string(),
            Message(self, false).to_string(),
        )
    }
}

/// A margin's message in Chinese (`.1`) or English, formatted as it is written: the canonical
/// writer escapes it into the record with no `String` in between.
struct Message<'a>(&'a Margin, bool);

impl fmt::Display for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.write_message(self.1, f)
    }
}

impl Serialize for Message<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl Serialize for Margin {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Margin", 9)?;
        s.serialize_field("decision", &self.decision)?;
        s.serialize_field("person_id", &self.person_id)?;
        s.serialize_field("parameter", self.parameter.name())?;
        s.serialize_field("unit", &self.unit)?;
        match self.quantity {
            Quantity::Money {
                current, threshold, ..
            } => {
                s.serialize_field("current", &current.rounded())?;
                s.serialize_field("threshold", &Money::from_fen(threshold))?;
                s.serialize_field("change", &current.change_to(threshold))?;
            }
            Quantity::Date { current, threshold } => {
                s.serialize_field("current", &current)?;
                s.serialize_field("threshold", &threshold)?;
                s.serialize_field("change", &((threshold - current).num_days() + 1))?;
            }
            Quantity::Age {
                current,
                threshold,
                days,
            } => {
                s.serialize_field("current", &current)?;
                s.serialize_field("threshold", &threshold)?;
                s.serialize_field("change", &days)?;
            }
            Quantity::Recorded {
                current,
                threshold,
                change,
            } => {
                s.serialize_field("current", &current)?;
                s.serialize_field("threshold", &threshold)?;
                s.serialize_field("change", &change)?;
            }
        }
        s.serialize_field("message_zh", &Message(self, true))?;
        s.serialize_field("message_en", &Message(self, false))?;
        s.end()
    }
}

/// Reads a stored margin back. Money margins keep the amounts and messages as written (the exact
/// amounts behind them are not stored); date and age margins are rebuilt from their fields, and a
/// `change` that does not follow from them is an error.
impl<'de> Deserialize<'de> for Margin {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Stored {
            decision: MarginDecision,
            person_id: Option<CompactString>,
            parameter: String,
            unit: MarginUnit,
            current: serde_json::Value,
            threshold: serde_json::Value,
            change: serde_json::Value,
            message_zh: String,
            message_en: String,
        }
        let m = Stored::deserialize(deserializer)?;
        let bad = |what: &str, v: &serde_json::Value| {
            de::Error::custom(format!("margin `{what}` {v} does not fit its unit"))
        };
        let money = |what: &str, v: &serde_json::Value| {
            v.as_str()
                .and_then(Money::from_output_text)
                .ok_or_else(|| bad(what, v))
        };
        let date = |what: &str, v: &serde_json::Value| {
            v.as_str()
                .and_then(|t| crate::date::parse_date(t).ok())
                .ok_or_else(|| bad(what, v))
        };
        let whole = |what: &str, v: &serde_json::Value| v.as_i64().ok_or_else(|| bad(what, v));
        let years = |what: &str, v: &serde_json::Value| {
            v.as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .ok_or_else(|| bad(what, v))
        };
        let quantity = match m.unit {
            MarginUnit::YuanPerPersonYear | MarginUnit::YuanPerPersonMonth => Quantity::Recorded {
                current: money("current", &m.current)?,
                threshold: money("threshold", &m.threshold)?,
                change: money("change", &m.change)?,
            },
            MarginUnit::Date => {
                let (current, threshold) = (
                    date("current", &m.current)?,
                    date("threshold", &m.threshold)?,
                );
                if whole("change", &m.change)? != (threshold - current).num_days() + 1 {
                    return Err(bad("change", &m.change));
                }
                Quantity::Date { current, threshold }
            }
            MarginUnit::Age => Quantity::Age {
                current: years("current", &m.current)?,
                threshold: years("threshold", &m.threshold)?,
                days: whole("change", &m.change)?,
            },
        };
        let parameter = Param::from_name(&m.parameter)
            .ok_or_else(|| de::Error::custom(format!("`{}` is not a parameter", m.parameter)))?;
        Ok(Margin {
            decision: m.decision,
            person_id: m.person_id,
            parameter,
            unit: m.unit,
            quantity,
            recorded: Some(Box::new((m.message_zh, m.message_en))),
        })
    }
}

/// In the schema of the output: what [`Margin`]'s `Serialize` writes. `current`, `threshold` and
/// `change` are 2-decimal strings for the money units; for `date`, `current` and `threshold` are
/// dates and `change` a number of days; for `age`, whole years and days (integers).
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Margin {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Margin".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let money =
            schemars::json_schema!({ "type": "string", "pattern": r"^-?[0-9]+\.[0-9]{2}$" });
        let date = schemars::json_schema!({
            "type": "string",
            "format": "date",
            "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
        });
        let integer = schemars::json_schema!({ "type": "integer" });
        schemars::json_schema!({
            "description": "How far a threshold decision is from flipping (\"why not\").",
            "type": "object",
            "properties": {
                "decision": generator.subschema_for::<MarginDecision>(),
                "person_id": generator.subschema_for::<Option<String>>(),
                "parameter": { "type": "string" },
                "unit": generator.subschema_for::<MarginUnit>(),
                "current": { "oneOf": [money, date, integer] },
                "threshold": { "oneOf": [money, date, integer] },
                "change": { "oneOf": [money, integer] },
                "message_zh": { "type": "string" },
                "message_en": { "type": "string" }
            },
            "required": [
                "decision", "person_id", "parameter", "unit", "current", "threshold", "change",
                "message_zh", "message_en"
            ],
            "additionalProperties": false
        })
    }
}

/// An amount per person, exact: `total` fen shared among `per` (> 0), rounded only when shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PerPerson {
    pub(crate) total: i64,
    pub(crate) per: i64,
}

impl PerPerson {
    /// The amount, rounded once to fen.
    fn rounded(self) -> Money {
        Money::from_fen(round_div64(self.total, self.per))
    }

    /// `threshold` − the amount, rounded once to fen: (threshold × per − total) / per.
    fn change_to(self, threshold: i64) -> Money {
        let diff = i128::from(threshold) * i128::from(self.per) - i128::from(self.total);
        fen_money(round_div(diff, i128::from(self.per)))
    }

    /// The amount < `threshold`.
    fn below(self, threshold: i64) -> bool {
        i128::from(self.total) < i128::from(threshold) * i128::from(self.per)
    }
}

/// An income margin: `current` per person (exact) and `threshold` in fen.
pub(crate) fn income(
    decision: MarginDecision,
    parameter: Param,
    unit: MarginUnit,
    current: PerPerson,
    threshold: i64,
    taken: bool,
) -> Margin {
    Margin {
        decision,
        person_id: None,
        parameter,
        unit,
        quantity: Quantity::Money {
            current,
            threshold,
            taken,
        },
        recorded: None,
    }
}

/// The gradual-exit margin: the benefit is kept through `until` and stops the day after.
pub(crate) fn gradual_exit(as_of: Date, until: Date) -> Margin {
    Margin {
        decision: MarginDecision::DibaoGradualExit,
        person_id: None,
        parameter: Param::DibaoGradualExitMonths,
        unit: MarginUnit::Date,
        quantity: Quantity::Date {
            current: as_of,
            threshold: until,
        },
        recorded: None,
    }
}

/// An age margin: the member, now `age`, reaches `limit` on the birthday `birth + limit years`
/// (a 29 February birthday falls on 28 February in other years, as ages do in
/// docs/rules/conventions.md#dates).
pub(crate) fn age(
    decision: MarginDecision,
    parameter: Param,
    person_id: &str,
    birth: Date,
    as_of: Date,
    age: u32,
    limit: u32,
) -> Option<Margin> {
    if age >= limit {
        return None;
    }
    let birthday = add_months(birth, limit.checked_mul(12)?)?;
    Some(Margin {
        decision,
        person_id: Some(CompactString::from(person_id)),
        parameter,
        unit: MarginUnit::Age,
        quantity: Quantity::Age {
            current: age,
            threshold: limit,
            days: (birthday - as_of).num_days(),
        },
        recorded: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::{age as age_on, parse_date};

    fn d(s: &str) -> Date {
        parse_date(s).unwrap()
    }

    #[test]
    fn birthdays_agree_with_ages_including_leap_days() {
        for (birth, limit) in [("2005-06-30", 18), ("2004-02-29", 18), ("2016-12-31", 7)] {
            let m = age(
                MarginDecision::TekunMinor,
                Param::TekunMinorAgeLimit,
                "P1",
                d(birth),
                d("2020-01-01"),
                age_on(d(birth), d("2020-01-01")),
                limit,
            )
            .unwrap();
            let days = m.change().to_string().parse::<i64>().unwrap();
            let birthday = d("2020-01-01") + chrono::Duration::days(days);
            assert_eq!(age_on(d(birth), birthday), limit, "{birth}");
            assert_eq!(
                age_on(d(birth), birthday - chrono::Duration::days(1)),
                limit - 1
            );
        }
    }

    #[test]
    fn money_change_is_signed_and_rounded_to_fen() {
        // 6200.04 yuan a year for one member is 516.67 a month, against 440.
        let m = income(
            MarginDecision::DibaoIncomeBelowStandard,
            Param::DibaoStandardMonthly,
            MarginUnit::YuanPerPersonMonth,
            PerPerson {
                total: 620_004,
                per: 12,
            },
            44_000,
            false,
        );
        assert_eq!(m.change(), Decimal::new(-7667, 2));
        let json = serde_json::to_string(&m).unwrap();
        assert!(json.contains("falls by more than 76.67 yuan"), "{json}");
    }

    /// The income margins are worded relative to the decision: a household monitored for
    /// another risk is not told its income "is not below the line" as if that were the decision.
    #[test]
    fn income_margins_never_read_as_contradicting_the_decision() {
        let msg = |decision, param, current: i64, threshold: i64, taken| {
            let m = income(
                decision,
                param,
                MarginUnit::YuanPerPersonYear,
                PerPerson {
                    total: current * 100,
                    per: 1,
                },
                threshold * 100,
                taken,
            );
            m.messages()
        };
        let line = (
            MarginDecision::MonitoringIncomeBelowLine,
            Param::MonitoringIncomeLine,
        );
        // 9000 per person against the line 7000: monitored for another risk, or not monitored.
        let (zh, en) = msg(line.0, line.1, 9000, 7000, true);
        assert!(
            zh.starts_with("该户因其他风险纳入监测,单看收入不会纳入"),
            "{zh}"
        );
        assert!(
            en.starts_with("monitored for another risk; the income test alone would not include")
                && en.contains("drop of more than 2000.00 yuan"),
            "{en}"
        );
        let (_, en) = msg(line.0, line.1, 9000, 7000, false);
        assert!(en.contains("which alone includes a household"), "{en}");
        let std = (
            MarginDecision::DibaoIncomeBelowStandard,
            Param::DibaoStandardMonthly,
        );
        // 400 a month against the standard 500, refused on the assets: the income test alone is met.
        let (zh, en) = msg(std.0, std.1, 400, 500, false);
        assert!(zh.contains("但因其他条件不符合低保"), "{zh}");
        assert!(en.starts_with("the income test alone is met"), "{en}");
        let (_, en) = msg(std.0, std.1, 400, 500, true);
        assert!(en.contains("a rise of 100.00 yuan a month"), "{en}");
    }

    #[test]
    fn gradual_exit_counts_days_to_the_first_day_without_benefit() {
        let m = gradual_exit(d("2023-06-30"), d("2023-06-30"));
        assert_eq!(m.change(), Decimal::ONE);
    }
}
