//! Every limit on the input, named once (docs/contract.md#household-input): the validator
//! ([`crate::validate`]), the typed check ([`crate::validate::check_household`]) and the JSON
//! Schema of the model (the `schema` feature) all read these constants, so a limit changes in one
//! line.

use rust_decimal::Decimal;

/// The largest document accepted, in bytes of JSON text (1 MiB).
pub const MAX_DOCUMENT_BYTES: usize = 1024 * 1024;
/// The deepest nesting accepted (arrays and objects counted).
pub const MAX_DEPTH: usize = 32;
/// The most members a household may have.
pub const MAX_MEMBERS: usize = 50;
/// The oldest age accepted.
pub const MAX_AGE: u32 = 130;
/// The longest id (household, member, village, person) in characters.
pub const MAX_ID_CHARS: usize = 64;
/// The highest disability grade (grades run from 1).
pub const MAX_DISABILITY_GRADE: u32 = 4;
/// The most months of stable income a monitoring record may give.
pub const MAX_STABLE_INCOME_MONTHS: u32 = 600;
/// The most support measures a monitoring record may count.
pub const MAX_MEASURES: u32 = 1000;
/// The most months a village's list of months may hold.
pub const MAX_LISTED_MONTHS: usize = 10_000;
/// The bound on every money value of the input: ±10^10 yuan inclusive.
pub const MONEY_BOUND: Decimal = Decimal::from_parts(1_410_065_408, 2, 0, false, 0);
/// [`MONEY_BOUND`] as a JSON Schema `maximum` (and, negated, `minimum`).
pub const MONEY_BOUND_INT: i64 = 10_000_000_000;
/// The JSON Schema `pattern` of money that may not be negative: at most 10 integer digits and 2
/// decimals, or exactly the bound; `-0` is allowed (it is zero).
pub const MONEY_PATTERN: &str =
    r"^(0*[0-9]{1,10}(\.[0-9]{1,2})?|0*10000000000(\.0{1,2})?|-0+(\.0{1,2})?)$";
/// The JSON Schema `pattern` of money that may be negative (`business`, `property`).
pub const SIGNED_MONEY_PATTERN: &str =
    r"^-?(0*[0-9]{1,10}(\.[0-9]{1,2})?|0*10000000000(\.0{1,2})?)$";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bound_is_ten_billion_yuan_in_every_form() {
        assert_eq!(MONEY_BOUND, Decimal::from(MONEY_BOUND_INT));
        assert!(MONEY_PATTERN.contains(&MONEY_BOUND_INT.to_string()));
        assert!(SIGNED_MONEY_PATTERN.contains(&MONEY_BOUND_INT.to_string()));
    }
}
