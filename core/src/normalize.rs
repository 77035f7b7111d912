//! `normalize(household)`: what a person types into a form, made into what the contract reads,
//! before validation. Only text is touched, and only in ways that cannot change what was meant:
//!
//! - every string: white space around it removed (the ideographic space U+3000 included), so a
//!   blank entry becomes `""` and is still `empty_value`;
//! - full-width characters of a Chinese keyboard (IME) become their ASCII forms: digits
//!   `０`–`９`, letters, `．` `－` `＋` `，` `／`, and the ideographic full stop `。` between
//!   two digits (a decimal point typed in Chinese mode);
//! - money (`income/*`, `previous_year_income`, `rigid_expenditure/*`, `members/*/own_income`,
//!   `dibao/current_monthly_benefit`, `credit/outstanding`, `hospitalizations/*/expense`):
//!   thousands separators (`,` and `，` between digits, and spaces between digit groups) removed,
//!   a leading `¥`/`￥` and a trailing `元` (or `元整`, `块`, `块钱`) removed;
//! - dates (`members/*/birth_date`, `dibao/since`, `dibao/income_exceeded_on`,
//!   `monitoring/since`): `1980/5/1`, `1980.5.1` and `1980年5月1日` become `1980-05-01`;
//! - words of a list (`labor_capacity`, `housing_grade`, …): case fixed to the contract's
//!   (`a` → `A`, `FULL` → `full`).
//!
//! Anything else (numbers, booleans, unknown fields, text that is still not a valid value after
//! these steps) is left as it is, for the validator to report. Normalizing twice gives the same
//! value as normalizing once.

use serde_json::Value;

use crate::labels;

const MONEY: &[&str] = &[
    "income/wages",
    "income/business",
    "income/property",
    "income/transfers",
    "previous_year_income",
    "rigid_expenditure/medical",
    "rigid_expenditure/education",
    "rigid_expenditure/disaster",
    "rigid_expenditure/accident",
    "members/*/own_income",
    "dibao/current_monthly_benefit",
    "credit/outstanding",
    "hospitalizations/*/expense",
];

const DATES: &[&str] = &[
    "members/*/birth_date",
    "dibao/since",
    "dibao/income_exceeded_on",
    "monitoring/since",
];

/// The household value with form input normalized (see the module documentation).
pub fn normalize(household: &Value) -> Value {
    let mut out = household.clone();
    walk(&mut out, &mut String::new());
    out
}

fn walk(value: &mut Value, pointer: &mut String) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                let mark = pointer.len();
                pointer.push('/');
                pointer.push_str(&crate::error::escape_pointer_token(key));
                walk(v, pointer);
                pointer.truncate(mark);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                let mark = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
                walk(v, pointer);
                pointer.truncate(mark);
            }
        }
        Value::String(s) => {
            let pattern = labels::pattern_of(pointer);
            *s = text(s, &pattern);
        }
        _ => {}
    }
}

/// One string at a field pattern (`members/*/birth_date`), normalized as [`normalize`] does it
/// inside a household: the table readers of the doors call it per cell.
pub fn field_text(s: &str, pattern: &str) -> String {
    text(s, pattern)
}

/// One string at a field pattern.
fn text(s: &str, pattern: &str) -> String {
    let t = half_width(s.trim());
    let t = t.trim();
    if MONEY.contains(&pattern) {
        money(t)
    } else if DATES.contains(&pattern) {
        date(t).unwrap_or_else(|| t.to_owned())
    } else if let Some(list) = labels::word_list_of_field(pattern) {
        list.words
            .iter()
            .find(|w| w.word.eq_ignore_ascii_case(t))
            .map_or_else(|| t.to_owned(), |w| w.word.to_owned())
    } else {
        t.to_owned()
    }
}

/// Full-width ASCII forms (U+FF01–U+FF5E) to ASCII, U+3000 to a space, and `。` between digits
/// to `.`.
fn half_width(s: &str) -> String {
    let chars: Vec<char> = s
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFF01 + 0x21).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect();
    let mut out = String::with_capacity(s.len());
    for (i, c) in chars.iter().enumerate() {
        let digit_before = i > 0 && chars.get(i - 1).is_some_and(char::is_ascii_digit);
        let digit_after = chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if *c == '。' && digit_before && digit_after {
            out.push('.');
        } else {
            out.push(*c);
        }
    }
    out
}

/// A money text without currency signs, units and thousands separators.
fn money(t: &str) -> String {
    let mut t = t.trim_start_matches(['¥', '￥']).trim();
    for unit in ["块钱", "元整", "元", "块", "圆"] {
        if let Some(rest) = t.strip_suffix(unit) {
            t = rest.trim_end();
            break;
        }
    }
    let chars: Vec<char> = t.chars().collect();
    let mut out = String::with_capacity(t.len());
    for (i, c) in chars.iter().enumerate() {
        let separator = matches!(c, ',' | '，' | ' ' | '\'');
        let between_digits = i > 0
            && chars.get(i - 1).is_some_and(char::is_ascii_digit)
            && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if !(separator && between_digits) {
            out.push(*c);
        }
    }
    out
}

/// `Y/M/D`, `Y.M.D`, `Y-M-D` with one- or two-digit month and day, or `Y年M月D日`, as
/// `YYYY-MM-DD`; `None` for anything else.
fn date(t: &str) -> Option<String> {
    let parts: Vec<&str> = t
        .trim_end_matches('日')
        .split(['/', '.', '-', '年', '月'])
        .collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    let digits = |p: &str, max_len: usize| {
        (!p.is_empty() && p.len() <= max_len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    if y.len() != 4 {
        return None;
    }
    let (y, m, d) = (digits(y, 4)?, digits(m, 2)?, digits(d, 2)?);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn wages(s: &str) -> Value {
        normalize(&json!({"income": {"wages": s}}))["income"]["wages"].clone()
    }

    #[test]
    fn money_typed_with_a_chinese_keyboard_becomes_decimal_text() {
        assert_eq!(wages("１２００"), "1200");
        assert_eq!(wages("1,200"), "1200");
        assert_eq!(wages("1，200。50"), "1200.50");
        assert_eq!(wages("1200元"), "1200");
        assert_eq!(wages(" 1200 "), "1200");
        assert_eq!(wages("\u{3000}１２，０００．５元\u{3000}"), "12000.5");
        assert_eq!(wages("￥1 200 元整"), "1200");
        assert_eq!(wages("－300"), "-300");
        // Left for the validator: still not money.
        assert_eq!(wages("abc"), "abc");
        assert_eq!(wages("  "), "");
    }

    #[test]
    fn dates_words_and_other_text() {
        let h = normalize(&json!({"id": " HH-1 ", "housing_grade": "ｃ",
            "members": [{"birth_date": "1980年5月1日", "labor_capacity": "FULL"},
                        {"birth_date": "１９８０/０５/０１"}, {"birth_date": "1980-5"}],
            "poverty_alleviated": true, "x": 1.5}));
        assert_eq!(h["id"], "HH-1");
        assert_eq!(h["housing_grade"], "C");
        assert_eq!(h["members"][0]["birth_date"], "1980-05-01");
        assert_eq!(h["members"][0]["labor_capacity"], "full");
        assert_eq!(h["members"][1]["birth_date"], "1980-05-01");
        assert_eq!(h["members"][2]["birth_date"], "1980-5");
        assert_eq!(h["poverty_alleviated"], true);
        assert_eq!(h["x"], 1.5);
    }

    #[test]
    fn normalized_form_input_validates_as_is_and_twice_is_once() {
        let typed = json!({"id": "HH-1", "poverty_alleviated": false,
            "members": [{"id": "P1", "birth_date": "1980年5月1日", "labor_capacity": " Full ",
                         "medical_insured": true, "own_income": "３，６００元"}],
            "income": {"wages": "１２，０００元", "business": " 1 200.50 "},
            "housing_grade": "b",
            "hospitalizations": [{"person_id": "P1", "expense": "￥30,000", "level": "county"}]});
        let as_of = crate::api::parse_as_of("2023-06-30").unwrap();
        assert!(!crate::api::validate_value(&typed, as_of).is_empty());
        let once = normalize(&typed);
        assert!(
            crate::api::validate_value(&once, as_of).is_empty(),
            "{:?}",
            crate::api::validate_value(&once, as_of)
        );
        assert_eq!(once["income"]["business"], "1200.50");
        assert_eq!(normalize(&once), once);
    }
}
