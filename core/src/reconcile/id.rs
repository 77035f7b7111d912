//! 公民身份号码 (citizen identity number, GB 11643): its shape, check digit and masking.
//! Id numbers are never printed whole: [`mask`] keeps the first 6 and last 4 characters.

use crate::date::Date;

/// The weights of the first 17 digits (GB 11643).
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// The check character for each value of the weighted sum mod 11.
const CHECK: [u8; 11] = *b"10X98765432";

/// The canonical form of a well-formed id number (17 ASCII digits then a digit or `X`, `x`
/// read as `X`), or `None` when `text` has any other shape. The check digit is not verified.
pub fn canonical(text: &str) -> Option<String> {
    let (last, body) = text.as_bytes().split_last()?;
    if body.len() != 17 || !body.iter().all(u8::is_ascii_digit) {
        return None;
    }
    match last {
        b'0'..=b'9' | b'X' => Some(text.to_owned()),
        b'x' => Some(text.to_ascii_uppercase()),
        _ => None,
    }
}

/// Whether `text` is a well-formed id number (the check digit is not verified).
pub fn is_well_formed(text: &str) -> bool {
    canonical(text).is_some()
}

/// The check character GB 11643 gives the first 17 digits of a well-formed number.
pub fn expected_check(canonical: &str) -> Option<char> {
    let digits = canonical.as_bytes().get(..17)?;
    let sum: u32 = digits
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d.wrapping_sub(b'0')) * w)
        .sum();
    CHECK
        .get(usize::try_from(sum % 11).ok()?)
        .map(|c| char::from(*c))
}

/// Whether a well-formed number's last character is its GB 11643 check character.
pub fn check_digit_ok(canonical: &str) -> bool {
    let last = canonical
        .as_bytes()
        .get(17)
        .map(|b| char::from(b.to_ascii_uppercase()));
    expected_check(canonical).is_some_and(|c| Some(c) == last)
}

/// The number masked for printing: the first 6 characters, 8 `*`, the last 4
/// (`450205********123X`). Text of another length is masked whole, with as many `*`.
pub fn mask(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() == 18 {
        let head: String = chars.iter().take(6).collect();
        let tail: String = chars.iter().skip(14).collect();
        format!("{head}********{tail}")
    } else {
        "*".repeat(chars.len())
    }
}

/// Digits 7–14 (the birth date) as text: `YYYY-MM-DD` when they name a real date, else the 8
/// digits as they are; and the date itself when real.
pub fn birth_digits(canonical: &str) -> (String, Option<Date>) {
    let raw = canonical.get(6..14).unwrap_or_default();
    match (raw.get(0..4), raw.get(4..6), raw.get(6..8)) {
        (Some(y), Some(m), Some(d)) => {
            let text = format!("{y}-{m}-{d}");
            match crate::date::parse_date(&text) {
                Ok(date) => (text, Some(date)),
                Err(_) => (raw.to_owned(), None),
            }
        }
        _ => (raw.to_owned(), None),
    }
}

/// A compact key for a well-formed number: the 17 digits and the check character (X = 10).
pub fn key(canonical: &str) -> Option<u64> {
    let bytes = canonical.as_bytes();
    let mut n: u64 = 0;
    for b in bytes.get(..17)? {
        n = n * 10 + u64::from(b.checked_sub(b'0').filter(|d| *d < 10)?);
    }
    let last = match bytes.get(17)? {
        b'X' | b'x' => 10,
        b @ b'0'..=b'9' => u64::from(b - b'0'),
        _ => return None,
    };
    Some(n * 11 + last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits_follow_gb_11643() {
        // 11010519491231002X is the standard's own example.
        assert!(check_digit_ok("11010519491231002X"));
        assert!(check_digit_ok("11010519491231002x"));
        assert!(!check_digit_ok("110105194912310021"));
        assert_eq!(expected_check("44052418800101001"), Some('4'));
    }

    #[test]
    fn shapes() {
        assert_eq!(
            canonical("11010519491231002x").as_deref(),
            Some("11010519491231002X")
        );
        assert_eq!(canonical("1101051949123100"), None);
        assert_eq!(canonical("11010519491231002Y"), None);
        assert_eq!(canonical("１1010519491231002X"), None);
        assert_eq!(canonical("X10105194912310021"), None);
    }

    #[test]
    fn masks_keep_six_and_four() {
        assert_eq!(mask("45020519800101123X"), "450205********123X");
        assert_eq!(mask("123"), "***");
    }

    #[test]
    fn birth_digits_read_dates_or_raw() {
        assert_eq!(birth_digits("11010519491231002X").0, "1949-12-31");
        assert_eq!(
            birth_digits("110105194913310021"),
            ("19491331".to_owned(), None)
        );
    }

    #[test]
    fn keys_are_distinct_per_number() {
        assert_ne!(key("11010519491231002X"), key("110105194912310021"));
        assert_eq!(key("11010519491231002x"), key("11010519491231002X"));
    }
}
