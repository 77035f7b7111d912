//! The typed check: whether a [`Household`] built in code (or read from a typed table) is one
//! that [`parse_household`](super::parse_household) would accept from its JSON, answered
//! straight from the struct, with no serialisation and no allocation.
//!
//! The JSON path checks types and shapes (which a typed value cannot get wrong) and the
//! semantic limits below (which it can). Serialising a household writes text fields verbatim,
//! dates as `YYYY-MM-DD` (a sign and more digits outside years 0–9999), money with its own scale
//! (`Decimal::new(1000, 3)` is `"1.000"`) and `None` as `null` (read back as absent, the
//! default). So a household passes here exactly when its JSON passes there, and the JSON path
//! then gives back an equal household (except that an `id_number` ending in `x` comes back
//! ending in `X`); `core/tests/typed_validation.rs` checks both claims.
//!
//! | field | limit |
//! |---|---|
//! | `id`, `village_id`, member `id`, `person_id` | 1–64 characters, not blank |
//! | `members` | 1–[`MAX_MEMBERS`], ids distinct |
//! | `person_id` of a hospitalisation | a member's id |
//! | money | at most 2 decimals, within ±[`MONEY_BOUND`], ≥ 0 except `business`, `property` |
//! | dates (`birth_date`, `since`, `income_exceeded_on`) | years 0–9999, not after as-of |
//! | `birth_date` | age at most [`MAX_AGE`] on the as-of date |
//! | `disability.grade` | 1–[`MAX_DISABILITY_GRADE`] |
//! | `id_number` | 17 ASCII digits then a digit, `X` or `x`; distinct in the household (`x` = `X`) |
//! | `monitoring.stable_income_months`, `monitoring.measures` | ≤ [`MAX_STABLE_INCOME_MONTHS`], ≤ [`MAX_MEASURES`] |

use chrono::Datelike;
use rust_decimal::Decimal;

use super::{MAX_AGE, MAX_MEMBERS};
use crate::date::{self, Date};
use crate::limits::MONEY_BOUND_INT;
use crate::limits::{MAX_DISABILITY_GRADE, MAX_MEASURES, MAX_STABLE_INCOME_MONTHS};
use crate::model::{
    Credit, DibaoReceipt, Hospitalization, Household, Income, Member, MonitoringRecord,
    RigidExpenditure,
};
#[cfg(any(doc, test))]
use crate::money::MONEY_BOUND;

/// The longest id or reference, in characters.
use crate::limits::MAX_ID_CHARS as MAX_TEXT_CHARS;

/// True exactly when `parse_household(&serde_json::to_value(household)?, as_of)` succeeds (and
/// then it gives back an equal household). With `as_of` `None`, dates are not compared with it,
/// as in the JSON path. It allocates nothing; the errors themselves come from the JSON path
/// ([`crate::api::Assessor::check`] falls back to it).
pub fn check_household(household: &Household, as_of: Option<Date>) -> bool {
    let h = household;
    text_ok(&h.id)
        && h.village_id.as_deref().is_none_or(text_ok)
        && members_ok(&h.members, as_of)
        && income_ok(&h.income)
        && h.previous_year_income.is_none_or(|d| money_ok(d, true))
        && rigid_ok(&h.rigid_expenditure)
        && h.dibao.as_ref().is_none_or(|d| dibao_ok(d, as_of))
        && h.monitoring
            .as_ref()
            .is_none_or(|m| monitoring_ok(m, as_of))
        && h.credit.as_ref().is_none_or(credit_ok)
        && h.hospitalizations
            .iter()
            .all(|s| hospitalization_ok(s, &h.members))
}

/// 1 to 64 characters, not all white space (`empty_value`; counted only when the byte length
/// leaves a doubt). A text that starts with a visible ASCII character is not blank, which spares
/// the ids the trim's walk from both ends.
#[inline]
fn text_ok(s: &str) -> bool {
    let visible = s.as_bytes().first().is_some_and(u8::is_ascii_graphic);
    (visible || !s.trim().is_empty())
        && (s.len() <= MAX_TEXT_CHARS || s.chars().count() <= MAX_TEXT_CHARS)
}

/// What `parse_money_text` accepts of the decimal's own text: at most 2 decimals, within
/// ±10^10; `non_negative` refuses negatives other than zero.
fn money_ok(d: Decimal, non_negative: bool) -> bool {
    // |d| ≤ MONEY_BOUND compared in whole fen: with at most 2 decimals the amount is
    // |mantissa| × 10^(2 − scale) fen exactly (a 96-bit mantissa times 100 fits 128 bits), an
    // integer comparison instead of `Decimal`'s rescaling one.
    let Some(up) = 2u32.checked_sub(d.scale()) else {
        return false;
    };
    let fen = d.mantissa().unsigned_abs().saturating_mul(10u128.pow(up));
    fen <= MONEY_BOUND_FEN && !(non_negative && d.is_sign_negative() && !d.is_zero())
}

/// [`MONEY_BOUND`] in fen.
const MONEY_BOUND_FEN: u128 = MONEY_BOUND_INT.unsigned_abs() as u128 * 100;

/// A date that serialises as `YYYY-MM-DD` and is not after the as-of date.
fn past_ok(d: Date, as_of: Option<Date>) -> bool {
    (0..=9999).contains(&d.year()) && as_of.is_none_or(|a| d <= a)
}

fn members_ok(members: &[Member], as_of: Option<Date>) -> bool {
    (1..=MAX_MEMBERS).contains(&members.len())
        && members.iter().enumerate().all(|(i, m)| {
            member_ok(m, as_of)
                && !members.iter().take(i).any(|earlier| {
                    earlier.id == m.id
                        || same_id_number(earlier.id_number.as_deref(), m.id_number.as_deref())
                })
        })
}

/// Two id numbers equal with `x` read as `X` (both are well-formed here).
fn same_id_number(a: Option<&str>, b: Option<&str>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b))
}

fn member_ok(m: &Member, as_of: Option<Date>) -> bool {
    text_ok(&m.id)
        && past_ok(m.birth_date, as_of)
        && as_of.is_none_or(|a| age_ok(m.birth_date, a))
        && m.disability
            .is_none_or(|d| (1..=MAX_DISABILITY_GRADE).contains(&u32::from(d.grade)))
        && money_ok(m.own_income, true)
        && m.id_number
            .as_deref()
            .is_none_or(crate::reconcile::id::is_well_formed)
}

/// Age at most [`MAX_AGE`]; the calendar walk only near the limit.
fn age_ok(birth: Date, as_of: Date) -> bool {
    let years = i64::from(as_of.year()) - i64::from(birth.year());
    years <= i64::from(MAX_AGE) || date::age(birth, as_of) <= MAX_AGE
}

fn income_ok(i: &Income) -> bool {
    money_ok(i.wages, true)
        && money_ok(i.business, false)
        && money_ok(i.property, false)
        && money_ok(i.transfers, true)
}

fn rigid_ok(r: &RigidExpenditure) -> bool {
    money_ok(r.medical, true)
        && money_ok(r.education, true)
        && money_ok(r.disaster, true)
        && money_ok(r.accident, true)
}

fn dibao_ok(d: &DibaoReceipt, as_of: Option<Date>) -> bool {
    past_ok(d.since, as_of)
        && money_ok(d.current_monthly_benefit, true)
        && d.income_exceeded_on.is_none_or(|x| past_ok(x, as_of))
}

fn monitoring_ok(m: &MonitoringRecord, as_of: Option<Date>) -> bool {
    past_ok(m.since, as_of)
        && m.stable_income_months <= MAX_STABLE_INCOME_MONTHS
        && m.measures <= MAX_MEASURES
}

fn credit_ok(c: &Credit) -> bool {
    money_ok(c.outstanding, true)
}

fn hospitalization_ok(s: &Hospitalization, members: &[Member]) -> bool {
    text_ok(&s.person_id)
        && members.iter().any(|m| m.id == s.person_id)
        && money_ok(s.expense, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_blank_only_when_all_white_space() {
        for blank in ["", " ", "\t\n", "\u{3000}", " \u{a0} "] {
            assert!(!text_ok(blank), "{blank:?}");
        }
        for text in ["P1", " P1", "\u{3000}户1", "户", "-", "x "] {
            assert!(text_ok(text), "{text:?}");
        }
        // 64 characters (192 bytes of 户) is allowed, 65 is not; so is 65 ASCII bytes.
        assert!(text_ok(&"户".repeat(64)));
        assert!(!text_ok(&"户".repeat(65)));
        assert!(!text_ok(&"P".repeat(65)));
    }

    #[test]
    fn the_bound_in_fen_is_the_bound() {
        // 10^10 yuan is 10^12 fen; on it is allowed, one fen over is not, either sign.
        assert_eq!(MONEY_BOUND_FEN, 1_000_000_000_000);
        assert_eq!(
            Decimal::from(MONEY_BOUND_FEN) / Decimal::from(100),
            MONEY_BOUND
        );
        assert!(money_ok(MONEY_BOUND, true));
        assert!(money_ok(-MONEY_BOUND, false));
        assert!(!money_ok(Decimal::new(1_000_000_000_001, 2), true));
        assert!(!money_ok(Decimal::new(-1_000_000_000_001, 2), false));
        assert!(money_ok(Decimal::new(10_000_000_000, 0), true));
        assert!(!money_ok(Decimal::new(10_000_000_001, 0), true));
        assert!(!money_ok(Decimal::new(1, 3), true));
    }
}
