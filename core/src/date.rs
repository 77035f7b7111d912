//! Calendar arithmetic of docs/rules/conventions.md#dates: months clamped to the month's end, whole
//! months, ages.

use chrono::{Datelike, Months, NaiveDate};

/// A calendar date (`YYYY-MM-DD`).
pub type Date = NaiveDate;

/// Why a date text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateTextError {
    /// Not `YYYY-MM-DD`, or no such day (`2023-02-30`).
    Invalid,
}

/// Serialises a date as chrono does (`YYYY-MM-DD` for the years 0 to 9999), the text made from
/// its digits without the formatting machinery: every record's `as_of` is written this way.
pub(crate) fn serialize_iso<S: serde::Serializer>(
    date: &Date,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::Serialize;
    let Some(year) = u32::try_from(date.year()).ok().filter(|y| *y <= 9999) else {
        return date.serialize(serializer);
    };
    let digit = |n: u32| b'0' + u8::try_from(n % 10).unwrap_or(0);
    let (m, d) = (date.month(), date.day());
    let text = [
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        b'-',
        digit(m / 10),
        digit(m),
        b'-',
        digit(d / 10),
        digit(d),
    ];
    match std::str::from_utf8(&text) {
        Ok(text) => serializer.serialize_str(text),
        Err(_) => date.serialize(serializer),
    }
}

/// Parses `YYYY-MM-DD` strictly: four-digit year, two-digit month and day, a real day.
pub fn parse_date(text: &str) -> Result<Date, DateTextError> {
    let b = text.as_bytes();
    let shape = b.len() == 10
        && b.get(4) == Some(&b'-')
        && b.get(7) == Some(&b'-')
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return Err(DateTextError::Invalid);
    }
    let num = |r: std::ops::Range<usize>| text.get(r).and_then(|s| s.parse::<u32>().ok());
    match (num(0..4), num(5..7), num(8..10)) {
        (Some(y), Some(m), Some(d)) => i32::try_from(y)
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
            .ok_or(DateTextError::Invalid),
        _ => Err(DateTextError::Invalid),
    }
}

/// Parses `YYYY-MM` strictly, giving the first day of that month.
pub fn parse_month(text: &str) -> Result<Date, DateTextError> {
    if text.len() != 7 {
        return Err(DateTextError::Invalid);
    }
    parse_date(&format!("{text}-01"))
}

/// `date + n` calendar months, clamped to the month's end (2021-08-31 + 6 = 2022-02-28).
/// `None` only past year 262143.
pub fn add_months(date: Date, n: u32) -> Option<Date> {
    date.checked_add_months(Months::new(n))
}

/// The largest n ≥ 0 with `from + n months ≤ to` (0 when `to` is before `from`).
///
/// With `span` the months between the two months, `from + span months` falls in `to`'s month on
/// `from`'s day, or on the month's last day when it has fewer days (the clamping of
/// [`add_months`]). It is not after `to` exactly when `from`'s day is not after `to`'s, or `to`
/// is its month's last day; otherwise `from + (span − 1) months` is in an earlier month, so it
/// is. Plain arithmetic on the two dates: the rules take an age for every member.
pub fn whole_months(from: Date, to: Date) -> u32 {
    if to <= from {
        return 0;
    }
    let span = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    let span = u32::try_from(span).unwrap_or(0);
    let last_day = to.succ_opt().is_none_or(|next| next.day() == 1);
    if from.day() <= to.day() || last_day {
        span
    } else {
        span.saturating_sub(1)
    }
}

/// Age in whole years on `on`: the largest n with `birth + 12n months ≤ on`, so a 29 February
/// birthday falls on 28 February in common years. 0 when `on` is before `birth`.
pub fn age(birth: Date, on: Date) -> u32 {
    whole_months(birth, on) / 12
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        parse_date(s).unwrap()
    }

    /// [`serialize_iso`] as a value.
    struct Iso(Date);

    impl serde::Serialize for Iso {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serialize_iso(&self.0, serializer)
        }
    }

    #[test]
    fn a_date_at_the_edges_of_four_digit_years_is_written_as_chrono_writes_it() {
        for (y, m, d) in [
            (0, 1, 1),
            (-1, 12, 31),
            (9999, 12, 31),
            (10000, 1, 1),
            (2023, 6, 30),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let chrono = serde_json::to_string(&date).unwrap();
            assert_eq!(serde_json::to_string(&Iso(date)).unwrap(), chrono);
            assert_eq!(crate::canonical_json(&Iso(date)), chrono);
        }
        assert_eq!(
            crate::canonical_json(&Iso(d("2023-06-30"))),
            r#""2023-06-30""#
        );
    }

    proptest::proptest! {
        #[test]
        fn a_date_is_written_as_chrono_writes_it(days in -800_000i32..3_700_000) {
            let date = NaiveDate::from_num_days_from_ce_opt(days).unwrap();
            proptest::prop_assert_eq!(
                serde_json::to_string(&Iso(date)).unwrap(),
                serde_json::to_string(&date).unwrap()
            );
            proptest::prop_assert_eq!(
                crate::canonical_json(&Iso(date)),
                serde_json::to_string(&date).unwrap()
            );
        }
    }

    #[test]
    fn parses_only_real_dates_in_the_strict_shape() {
        assert_eq!(d("2024-02-29").to_string(), "2024-02-29");
        for bad in [
            "2023-02-30",
            "2023-2-03",
            "20230203",
            "2023-13-01",
            "2023-00-10",
            "+023-01-01",
            "2023-01-1 ",
            "２０２３-01-01",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_month("2023-06").unwrap(), d("2023-06-01"));
        assert!(parse_month("2023-6").is_err());
    }

    #[test]
    fn months_clamp_to_month_end() {
        assert_eq!(add_months(d("2021-08-31"), 6), Some(d("2022-02-28")));
        assert_eq!(add_months(d("2023-08-31"), 6), Some(d("2024-02-29")));
    }

    /// The definition itself: the largest n with `from + n months ≤ to`, by trying every n.
    fn whole_months_by_definition(from: Date, to: Date) -> u32 {
        (0..=(12 * 12_000))
            .take_while(|&n| add_months(from, n).is_some_and(|d| d <= to))
            .last()
            .unwrap_or(0)
    }

    proptest::proptest! {
        #[test]
        fn whole_months_is_the_largest_n_with_from_plus_n_months_not_after_to(
            a in -3_000i64..3_000, b in 0i64..1_500,
        ) {
            // Dates around the leap days and month ends of 2000–2016, `to` within four years.
            let base = NaiveDate::from_ymd_opt(2008, 2, 29).unwrap();
            let from = base + chrono::TimeDelta::days(a);
            let to = from + chrono::TimeDelta::days(b);
            proptest::prop_assert_eq!(whole_months(from, to), whole_months_by_definition(from, to));
            proptest::prop_assert_eq!(whole_months(to, from), 0);
        }
    }

    #[test]
    fn whole_months_follow_the_spec_examples() {
        assert_eq!(whole_months(d("2023-01-31"), d("2023-02-28")), 1);
        assert_eq!(whole_months(d("2023-03-15"), d("2023-09-14")), 5);
        assert_eq!(whole_months(d("2023-03-15"), d("2023-09-15")), 6);
        assert_eq!(whole_months(d("2023-09-15"), d("2023-03-15")), 0);
    }

    #[test]
    fn ages_turn_on_birthdays_and_leap_days() {
        assert_eq!(age(d("2005-06-30"), d("2023-06-29")), 17);
        assert_eq!(age(d("2005-06-30"), d("2023-06-30")), 18);
        assert_eq!(age(d("2004-02-29"), d("2022-02-27")), 17);
        assert_eq!(age(d("2004-02-29"), d("2022-02-28")), 18);
        assert_eq!(age(d("2004-02-29"), d("2024-02-28")), 19);
        assert_eq!(age(d("2004-02-29"), d("2024-02-29")), 20);
    }
}
