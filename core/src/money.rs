//! Money: yuan as [`Decimal`], never a float.
//!
//! Input money is decimal text (from a JSON number's own digits or a string) of the form
//! `-?digits[.d[d]]`, within ±10^10. Output money is always a string with exactly two decimals,
//! rounded once, half away from zero; zero prints as `"0.00"`, never `"-0.00"`.

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use crate::limits::MONEY_BOUND;

/// The newtype name under which [`Money`] serialises, so that a binding's serializer can tell
/// money from other strings (serde_json ignores the name and writes the inner string).
pub const MONEY_TOKEN: &str = "$hengjie::Money";

/// Why a money text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyTextError {
    /// Not `-?digits[.d[d]]`.
    Format,
    /// Outside ±10^10.
    Range,
}

/// Parses money text strictly: `-?digits[.d[d]]`, no `+`, no leading `.`, no exponent.
pub fn parse_money_text(text: &str) -> Result<Decimal, MoneyTextError> {
    parse_decimal_text(text, 2)
}

/// Parses decimal text strictly: `-?digits[.digits]` with 1 to `max_decimals` decimals, within
/// ±10^10.
pub fn parse_decimal_text(text: &str, max_decimals: usize) -> Result<Decimal, MoneyTextError> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let int_ok = !int.is_empty() && int.bytes().all(|b| b.is_ascii_digit());
    let frac_ok = frac.is_none_or(|f| {
        (1..=max_decimals).contains(&f.len()) && f.bytes().all(|b| b.is_ascii_digit())
    });
    if !int_ok || !frac_ok {
        return Err(MoneyTextError::Format);
    }
    // More than 11 integer digits (leading zeros aside) is out of range whatever follows.
    if int.trim_start_matches('0').len() > 11 {
        return Err(MoneyTextError::Range);
    }
    let value = Decimal::from_str_exact(text).map_err(|_| MoneyTextError::Format)?;
    if value.abs() > MONEY_BOUND {
        return Err(MoneyTextError::Range);
    }
    Ok(value)
}

/// Rounds to fen (2 decimals), half away from zero, without a negative zero.
pub fn round_fen(value: Decimal) -> Decimal {
    let mut rounded = value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    if rounded.is_zero() {
        rounded = Decimal::ZERO;
    }
    rounded.rescale(2);
    rounded
}

/// `num / den` rounded once to a whole number, half away from zero — the integer form of
/// [`round_fen`] when `num / den` is an amount in fen (`den` > 0).
pub(crate) fn round_div(num: i128, den: i128) -> i128 {
    // In 64 bits when both fit (every per-household amount does): 128-bit division is slow.
    if let (Ok(n), Ok(d)) = (i64::try_from(num), i64::try_from(den)) {
        return i128::from(round_div64(n, d));
    }
    let (Some(q), Some(r)) = (num.checked_div(den), num.checked_rem(den)) else {
        return 0;
    };
    let twice = r.unsigned_abs().saturating_mul(2);
    if twice >= den.unsigned_abs() {
        q + num.signum() * den.signum()
    } else {
        q
    }
}

/// [`round_div`] in 64 bits (0 for a zero `den`, which no rule gives: a household has members).
pub(crate) fn round_div64(num: i64, den: i64) -> i64 {
    let (Some(q), Some(r)) = (num.checked_div(den), num.checked_rem(den)) else {
        return 0;
    };
    if r.unsigned_abs().saturating_mul(2) >= den.unsigned_abs() {
        q + num.signum() * den.signum()
    } else {
        q
    }
}

/// The number of fen an exact amount holds, rounded once half away from zero as [`round_fen`]
/// (input money has whole fen, so nothing is rounded there); saturates at the range of `i64`.
pub fn fen_of(value: Decimal) -> i64 {
    let scale = value.scale();
    let mantissa = value.mantissa();
    // Input money: at most 13 digits with 0 to 2 decimals, in 64 bits.
    if let Ok(small) = i64::try_from(mantissa) {
        let fen = match scale {
            0 => small.checked_mul(100),
            1 => small.checked_mul(10),
            2 => Some(small),
            _ => None,
        };
        if let Some(fen) = fen {
            return fen;
        }
    }
    let fen = if scale <= 2 {
        mantissa.saturating_mul(10_i128.pow(2 - scale))
    } else if scale <= 38 {
        match 10_i128.checked_pow(scale - 2) {
            Some(div) => round_div(mantissa, div),
            None => 0,
        }
    } else {
        0
    };
    i64::try_from(fen).unwrap_or(if fen < 0 { i64::MIN } else { i64::MAX })
}

/// An amount of fen as [`Money`] (every amount a rule computes fits; saturates otherwise).
pub(crate) fn fen_money(fen: i128) -> Money {
    Money(i64::try_from(fen).unwrap_or(if fen < 0 { i64::MIN } else { i64::MAX }))
}

/// An output amount in yuan: a whole number of fen (rounded once, half away from zero, when
/// made from an exact amount), printed with exactly 2 decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(i64);

impl Money {
    /// Zero yuan.
    pub const ZERO: Money = Money(0);

    /// Rounds an exact amount once, half away from zero, to fen.
    pub fn round(value: Decimal) -> Money {
        Money(fen_of(value))
    }

    /// An amount of whole fen.
    pub const fn from_fen(fen: i64) -> Money {
        Money(fen)
    }

    /// The amount in fen.
    pub const fn fen(self) -> i64 {
        self.0
    }

    /// The amount as a [`Decimal`] with 2 decimals.
    pub fn value(self) -> Decimal {
        Decimal::new(self.0, 2)
    }

    /// The amount as a [`Decimal`] with 2 decimals (as [`Money::value`]).
    pub fn as_decimal(self) -> Decimal {
        self.value()
    }
}

impl From<Money> for Decimal {
    fn from(money: Money) -> Decimal {
        money.value()
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(FenText::new(self.0).as_str())
    }
}

/// The text of an amount in fen, written without a heap allocation or the formatting
/// machinery: every output amount is written this way, tens of times a household.
pub(crate) struct FenText {
    /// Sign, at most 19 digits of an `i64`, and the point.
    bytes: [u8; 24],
    start: usize,
}

impl FenText {
    pub(crate) fn new(fen: i64) -> FenText {
        let mut text = FenText {
            bytes: [0; 24],
            start: 24,
        };
        // The two decimals and the point, then the yuan (at least one digit, by itoa).
        let abs = fen.unsigned_abs();
        let cents = u8::try_from(abs % 100).unwrap_or(0);
        text.push(b'0' + cents % 10);
        text.push(b'0' + cents / 10);
        text.push(b'.');
        let mut yuan = itoa::Buffer::new();
        let digits = yuan.format(abs / 100).as_bytes();
        let start = text.start.saturating_sub(digits.len());
        if let Some(slot) = text.bytes.get_mut(start..text.start) {
            slot.copy_from_slice(digits);
            text.start = start;
        }
        // Zero is never negative ("0.00", not "-0.00").
        if fen < 0 {
            text.push(b'-');
        }
        text
    }

    fn push(&mut self, byte: u8) {
        self.start = self.start.saturating_sub(1);
        if let Some(slot) = self.bytes.get_mut(self.start) {
            *slot = byte;
        }
    }

    /// The text's bytes: ASCII.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.bytes.get(self.start..).unwrap_or_default()
    }

    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The canonical writer writes the digits as they are made; every other serializer gets
        // the text under the money newtype.
        if crate::canonical::writing() {
            return crate::canonical::money(serializer, self.0);
        }
        serializer.serialize_newtype_struct(MONEY_TOKEN, FenText::new(self.0).as_str())
    }
}

/// Reads the output form back: a string with exactly two decimals (`"249.96"`, `"-3.00"`), so a
/// stored assessment reads as the [`Money`] that wrote it.
impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Money::from_output_text(&text).ok_or_else(|| {
            serde::de::Error::invalid_value(
                serde::de::Unexpected::Str(&text),
                &"an amount with exactly two decimals, such as \"249.96\"",
            )
        })
    }
}

impl Money {
    /// The amount an output string stands for: `-?digits.dd`, exactly two decimals, within the
    /// range of [`Money`] (±9.2 × 10^16 yuan).
    pub fn from_output_text(text: &str) -> Option<Money> {
        let digits = text.strip_prefix('-').unwrap_or(text);
        let (int, frac) = digits.split_once('.')?;
        let shape = !int.is_empty()
            && int.bytes().all(|b| b.is_ascii_digit())
            && frac.len() == 2
            && frac.bytes().all(|b| b.is_ascii_digit());
        if !shape || text == "-0.00" {
            return None;
        }
        let mut fen: i64 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            fen = fen.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
        }
        Some(Money(if text.starts_with('-') { -fen } else { fen }))
    }
}

/// In the schema of the output: the 2-decimal text it serialises as (inlined at each use).
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Money {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Money".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": r"^-?[0-9]+\.[0-9]{2}$"
        })
    }
}

/// A decimal's text without trailing zeros (`"440"`, `"0.3"`), as parameters print.
pub fn plain_decimal(value: Decimal) -> String {
    let n = value.normalize();
    if n.is_zero() {
        "0".to_owned()
    } else {
        n.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_written_with_exactly_two_decimals_without_a_negative_zero() {
        // Hand-written expectations: the digits of the amount, a point, two decimals.
        let cases = [
            (Decimal::new(0, 0), "0.00"),
            (Decimal::new(5, 3), "0.01"), // 0.005 rounds half away from zero
            (Decimal::new(-5, 3), "-0.01"), // and so does -0.005
            (Decimal::new(-4, 3), "0.00"), // -0.004 is zero, not "-0.00"
            (Decimal::new(7, 1), "0.70"),
            (Decimal::new(8333333, 5), "83.33"),
            (Decimal::new(-2343, 2), "-23.43"),
            (Decimal::new(120050, 2), "1200.50"),
            (MONEY_BOUND, "10000000000.00"),
            (-MONEY_BOUND, "-10000000000.00"),
            (Decimal::new(-123_456_789_012_345, 4), "-12345678901.23"),
            (Decimal::new(99_995, 4), "10.00"),
        ];
        for (value, text) in cases {
            let money = Money::round(value);
            assert_eq!(money.to_string(), text, "{value}");
            assert_eq!(
                serde_json::to_string(&money).unwrap(),
                format!("\"{text}\"")
            );
        }
        // A scale other than 2 (the zero constant) is written the same way.
        assert_eq!(Money::ZERO.to_string(), "0.00");
        assert_eq!(serde_json::to_string(&Money::ZERO).unwrap(), "\"0.00\"");
    }

    proptest::proptest! {
        /// Any whole number of fen is written as rust_decimal writes that many hundredths, by
        /// `Display`, serde_json and the canonical writer alike.
        #[test]
        fn any_amount_is_written_as_its_decimal(fen in proptest::prelude::any::<i64>()) {
            let text = Decimal::new(fen, 2).to_string();
            let money = Money::from_fen(fen);
            proptest::prop_assert_eq!(money.to_string(), text.clone());
            proptest::prop_assert_eq!(serde_json::to_string(&money).unwrap(), format!("\"{text}\""));
            proptest::prop_assert_eq!(crate::canonical_json(&money), format!("\"{text}\""));
        }
    }

    #[test]
    fn parses_strict_money_text() {
        assert_eq!(parse_money_text("1200.50"), Ok(Decimal::new(120050, 2)));
        assert_eq!(parse_money_text("-3"), Ok(Decimal::new(-3, 0)));
        assert_eq!(parse_money_text("10000000000"), Ok(MONEY_BOUND));
        assert_eq!(parse_money_text("-10000000000.00"), Ok(-MONEY_BOUND));
        assert_eq!(
            parse_money_text("10000000000.01"),
            Err(MoneyTextError::Range)
        );
        assert_eq!(
            parse_money_text("999999999999999999999999999999999"),
            Err(MoneyTextError::Range)
        );
        for bad in [
            "", "+1", ".5", "1.", "1.234", "1e3", "1E3", "--1", "1,0", " 1", "0x10", "NaN",
        ] {
            assert_eq!(parse_money_text(bad), Err(MoneyTextError::Format), "{bad}");
        }
    }

    #[test]
    fn decimal_text_takes_its_own_number_of_decimals() {
        assert_eq!(parse_decimal_text("1.2345", 4), Ok(Decimal::new(12345, 4)));
        assert_eq!(
            parse_decimal_text("1.23456", 4),
            Err(MoneyTextError::Format)
        );
        assert_eq!(parse_decimal_text("-1.234", 4), Ok(Decimal::new(-1234, 3)));
        assert_eq!(
            parse_decimal_text("-20000000000", 4),
            Err(MoneyTextError::Range)
        );
        assert_eq!(parse_money_text("1.234"), Err(MoneyTextError::Format));
    }

    #[test]
    fn rounds_half_away_from_zero_without_negative_zero() {
        assert_eq!(
            Money::round(Decimal::new(1499985, 3)).to_string(),
            "1499.99"
        );
        assert_eq!(
            Money::round(Decimal::new(-1499985, 3)).to_string(),
            "-1499.99"
        );
        assert_eq!(Money::round(Decimal::new(-4, 3)).to_string(), "0.00");
        assert_eq!(Money::round(Decimal::new(5, 0)).to_string(), "5.00");
        assert_eq!(
            Money::round(Decimal::new(12996666, 5)).to_string(),
            "129.97"
        );
    }

    #[test]
    fn integer_division_rounds_once_half_away_from_zero() {
        // (numerator, denominator, fen): ties go away from zero, either sign.
        let cases: [(i128, i128, i128); 10] = [
            (5, 10, 1),
            (-5, 10, -1),
            (4, 10, 0),
            (-4, 10, 0),
            (15, 10, 2),
            (-15, 10, -2),
            (1_000_001, 3, 333_334),
            (-1_000_001, 3, -333_334),
            (7, -2, -4),
            (i128::from(i64::MAX) * 4 + 2, 4, i128::from(i64::MAX) + 1),
        ];
        for (num, den, want) in cases {
            assert_eq!(round_div(num, den), want, "{num} / {den}");
        }
        assert_eq!(round_div(1, 0), 0);
        assert_eq!(round_div64(-7, 2), -4);
        assert_eq!(round_div64(i64::MIN, -1), 0);
    }

    #[test]
    fn an_exact_amount_is_counted_in_fen() {
        assert_eq!(fen_of(Decimal::new(120_050, 2)), 120_050);
        assert_eq!(fen_of(Decimal::new(-3, 0)), -300);
        assert_eq!(fen_of(Decimal::new(55, 1)), 550);
        assert_eq!(fen_of(MONEY_BOUND), 1_000_000_000_000);
        // More decimals round once, half away from zero, as `round_fen`.
        assert_eq!(fen_of(Decimal::new(1_499_985, 3)), 149_999);
        assert_eq!(fen_of(Decimal::new(-1_499_985, 3)), -149_999);
        assert_eq!(fen_of(Decimal::new(-4, 3)), 0);
        // Beyond an i64 of fen: saturates.
        assert_eq!(fen_of(Decimal::MAX), i64::MAX);
        assert_eq!(Money::from_fen(-5).to_string(), "-0.05");
        assert_eq!(
            Money::from_fen(i64::MIN).to_string(),
            "-92233720368547758.08"
        );
    }

    #[test]
    fn output_text_reads_back_to_the_same_fen() {
        assert_eq!(
            Money::from_output_text("249.96"),
            Some(Money::from_fen(24_996))
        );
        assert_eq!(
            Money::from_output_text("-3.00"),
            Some(Money::from_fen(-300))
        );
        assert_eq!(Money::from_output_text("0.00"), Some(Money::ZERO));
        for bad in [
            "-0.00",
            "1.5",
            "1",
            ".50",
            "1.500",
            "99999999999999999999.00",
        ] {
            assert_eq!(Money::from_output_text(bad), None, "{bad}");
        }
    }

    #[test]
    fn plain_decimal_drops_trailing_zeros() {
        assert_eq!(plain_decimal(Decimal::new(4400, 1)), "440");
        assert_eq!(plain_decimal(Decimal::new(30, 2)), "0.3");
        assert_eq!(plain_decimal(Decimal::new(0, 2)), "0");
    }
}
