//! Malformed input of every kind gives coded errors with paths — never a panic.
#![expect(
    clippy::unwrap_used,
    reason = "test helpers fail loudly on a broken fixture"
)]

use hengjie::{ErrorCode, Policy, api};
use proptest::prelude::*;

fn as_of() -> hengjie::date::Date {
    api::parse_as_of("2023-06-30").unwrap()
}

const VALID: &str = r#"{"id":"HH-1","poverty_alleviated":false,"members":[{"id":"P1","birth_date":"1980-05-01","labor_capacity":"full","medical_insured":true}],"income":{"wages":"5000"}}"#;

fn errors_of(text: &str) -> Vec<(ErrorCode, String)> {
    api::validate_json_str(text, as_of())
        .list()
        .iter()
        .map(|e| (e.code(), e.path().to_owned()))
        .collect()
}

fn one(code: ErrorCode, path: &str) -> Vec<(ErrorCode, String)> {
    vec![(code, path.to_owned())]
}

#[test]
fn the_valid_sample_is_valid() {
    assert!(api::validate_json_str(VALID, as_of()).is_empty());
}

#[test]
fn truncated_json_is_malformed() {
    for cut in [1, 10, 50, VALID.len() - 1] {
        assert_eq!(
            errors_of(&VALID[..cut]),
            one(ErrorCode::MalformedJson, ""),
            "cut at {cut}"
        );
    }
    assert_eq!(errors_of(""), one(ErrorCode::MalformedJson, ""));
    assert_eq!(errors_of("not json"), one(ErrorCode::MalformedJson, ""));
    assert_eq!(errors_of("{} {}"), one(ErrorCode::MalformedJson, ""));
}

#[test]
fn invalid_utf8_is_malformed() {
    let err = hengjie::validate::parse_json_bytes(b"{\"id\": \"\xff\"}").unwrap_err();
    assert_eq!(err.list()[0].code(), ErrorCode::MalformedJson);
}

#[test]
fn wrong_types_are_invalid_type_at_the_value() {
    let text = VALID
        .replace(
            r#""poverty_alleviated":false"#,
            r#""poverty_alleviated":"false""#,
        )
        .replace(r#""medical_insured":true"#, r#""medical_insured":1"#);
    assert_eq!(
        errors_of(&text),
        vec![
            (
                ErrorCode::InvalidType,
                "/members/0/medical_insured".to_owned()
            ),
            (ErrorCode::InvalidType, "/poverty_alleviated".to_owned()),
        ]
    );
    assert_eq!(errors_of("[]"), one(ErrorCode::InvalidType, ""));
    assert_eq!(errors_of("42"), one(ErrorCode::InvalidType, ""));
    let members_object = VALID
        .replace(r#""members":["#, r#""members":{"x":["#)
        .replace("}],", "}]},");
    assert_eq!(
        errors_of(&members_object),
        one(ErrorCode::InvalidType, "/members")
    );
    let integer_as_float = VALID.replace(
        r#""income""#,
        r#""monitoring":{"category":"marginal","since":"2023-01-01","measures":2.0},"income""#,
    );
    assert_eq!(
        errors_of(&integer_as_float),
        one(ErrorCode::InvalidType, "/monitoring/measures")
    );
}

#[test]
fn huge_and_negative_numbers_are_out_of_range() {
    let huge = VALID.replace(r#""wages":"5000""#, r#""wages":1e400"#);
    assert_eq!(
        errors_of(&huge),
        one(ErrorCode::InvalidValue, "/income/wages")
    );
    let big = VALID.replace(
        r#""wages":"5000""#,
        r#""wages":123456789012345678901234567890"#,
    );
    assert_eq!(errors_of(&big), one(ErrorCode::OutOfRange, "/income/wages"));
    let over = VALID.replace(r#""wages":"5000""#, r#""wages":"10000000000.01""#);
    assert_eq!(
        errors_of(&over),
        one(ErrorCode::OutOfRange, "/income/wages")
    );
    let edge = VALID.replace(r#""wages":"5000""#, r#""wages":"10000000000""#);
    assert!(errors_of(&edge).is_empty());
    let negative = VALID.replace(r#""wages":"5000""#, r#""wages":-1"#);
    assert_eq!(
        errors_of(&negative),
        one(ErrorCode::OutOfRange, "/income/wages")
    );
    let negative_business = VALID.replace(r#""wages":"5000""#, r#""business":"-10000000000""#);
    assert!(errors_of(&negative_business).is_empty());
    let measures = VALID.replace(
        r#""income""#,
        r#""monitoring":{"category":"marginal","since":"2023-01-01","measures":-1,"stable_income_months":99999999999999999999},"income""#,
    );
    assert_eq!(
        errors_of(&measures),
        vec![
            (ErrorCode::OutOfRange, "/monitoring/measures".to_owned()),
            (
                ErrorCode::OutOfRange,
                "/monitoring/stable_income_months".to_owned()
            ),
        ]
    );
}

#[test]
fn deep_nesting_is_invalid_value_at_the_root() {
    for depth in [33, 200, 100_000] {
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert_eq!(
            errors_of(&text),
            one(ErrorCode::InvalidValue, ""),
            "depth {depth}"
        );
    }
    // 32 levels is allowed by the limit (and then fails on type alone).
    let text = format!("{}{}", "[".repeat(32), "]".repeat(32));
    assert_eq!(errors_of(&text), one(ErrorCode::InvalidType, ""));
    let deep_field = VALID.replace(
        r#""income":{"wages":"5000"}"#,
        &format!(r#""income":{}{}"#, "[".repeat(40), "]".repeat(40)),
    );
    assert_eq!(errors_of(&deep_field), one(ErrorCode::InvalidValue, ""));
}

#[test]
fn documents_over_one_mebibyte_are_too_large_before_parsing() {
    let ten_mb = format!(r#"{{"id":"{}"}}"#, "x".repeat(10 * 1024 * 1024));
    assert_eq!(errors_of(&ten_mb), one(ErrorCode::TooLarge, ""));
    // Not even JSON: the size is checked first.
    let junk = "{".repeat(1024 * 1024 + 1);
    assert_eq!(errors_of(&junk), one(ErrorCode::TooLarge, ""));
    let padded = format!("{VALID}{}", " ".repeat(1024 * 1024 - VALID.len()));
    assert!(errors_of(&padded).is_empty(), "exactly 1 MiB is accepted");
}

#[test]
fn impossible_dates_are_invalid_value() {
    for bad in ["2023-02-30", "2023-13-01", "2023-2-3", "1980/05/01"] {
        let text = VALID.replace("1980-05-01", bad);
        assert_eq!(
            errors_of(&text),
            one(ErrorCode::InvalidValue, "/members/0/birth_date"),
            "{bad}"
        );
    }
    // docs/contract.md#errors: an empty or blank string is `empty_value`, and only that.
    for blank in ["", " ", "\u{3000}"] {
        let text = VALID.replace("1980-05-01", blank);
        assert_eq!(
            errors_of(&text),
            one(ErrorCode::EmptyValue, "/members/0/birth_date"),
            "{blank:?}"
        );
    }
    let future = VALID.replace("1980-05-01", "2031-01-01");
    let errors = api::validate_json_str(&future, as_of());
    assert_eq!(errors.list()[0].code(), ErrorCode::OutOfRange);
    assert_eq!(
        errors.list()[0].message_en(),
        "The date of birth (2031-01-01) is after the assessment date (2023-06-30)."
    );
    assert_eq!(
        errors.list()[0].message_zh(),
        "出生日期（2031-01-01）晚于评估日期（2023-06-30）。"
    );
    let ancient = VALID.replace("1980-05-01", "1892-06-30");
    assert_eq!(
        errors_of(&ancient),
        one(ErrorCode::OutOfRange, "/members/0/birth_date")
    );
    let oldest = VALID.replace("1980-05-01", "1892-07-01");
    assert!(errors_of(&oldest).is_empty(), "age 130 is allowed");
}

#[test]
fn every_error_of_a_document_is_reported_sorted_by_path_then_code() {
    let text = r#"{"id":"","poverty_alleviated":1,"members":[
        {"id":"P1","birth_date":"2023-02-30","labor_capacity":"strong","medical_insured":true,"colour":"red"},
        {"id":"P1","birth_date":"1990-01-01","labor_capacity":"none"}],
        "income":{"wages":"1.234"},"housing_grade":"E",
        "hospitalizations":[{"person_id":"P9","expense":"10","level":"county"}]}"#;
    assert_eq!(
        errors_of(text),
        vec![
            (
                ErrorCode::UnknownReference,
                "/hospitalizations/0/person_id".to_owned()
            ),
            (ErrorCode::InvalidValue, "/housing_grade".to_owned()),
            (ErrorCode::EmptyValue, "/id".to_owned()),
            (ErrorCode::InvalidValue, "/income/wages".to_owned()),
            (ErrorCode::InvalidValue, "/members/0/birth_date".to_owned()),
            (ErrorCode::UnknownField, "/members/0/colour".to_owned()),
            (
                ErrorCode::InvalidValue,
                "/members/0/labor_capacity".to_owned()
            ),
            (ErrorCode::DuplicateId, "/members/1/id".to_owned()),
            (
                ErrorCode::MissingField,
                "/members/1/medical_insured".to_owned()
            ),
            (ErrorCode::InvalidType, "/poverty_alleviated".to_owned()),
        ]
    );
}

#[test]
fn pointer_tokens_are_escaped() {
    let text = VALID.replace(r#""id":"HH-1""#, r#""id":"HH-1","a/b~c":1"#);
    assert_eq!(errors_of(&text), one(ErrorCode::UnknownField, "/a~1b~0c"));
}

/// docs/contract.md#errors: a repeated key is `duplicate_key` (it used to be "the last one wins").
#[test]
fn a_repeated_key_is_duplicate_key() {
    let text = VALID.replace(r#""id":"HH-1""#, r#""id":"first","id":"HH-1""#);
    let e = api::assess_json_str(&text, as_of(), &Policy::default()).unwrap_err();
    assert_eq!(e.errors().list().len(), 1);
    assert_eq!(e.errors().list()[0].code(), ErrorCode::DuplicateKey);
    assert_eq!(e.errors().list()[0].path(), "/id");
}

#[test]
fn null_means_absent() {
    let text = VALID.replace(
        r#""income":{"wages":"5000"}"#,
        r#""income":null,"housing_grade":null"#,
    );
    assert!(errors_of(&text).is_empty());
    let missing = VALID.replace(
        r#""poverty_alleviated":false"#,
        r#""poverty_alleviated":null"#,
    );
    assert_eq!(
        errors_of(&missing),
        one(ErrorCode::MissingField, "/poverty_alleviated")
    );
}

#[test]
fn a_household_built_in_code_is_checked_like_json() {
    let mut h = hengjie::parse_household(
        &serde_json::from_str::<serde_json::Value>(VALID).unwrap(),
        None,
    )
    .unwrap();
    h.members.clear();
    let err = api::assess(&h, as_of(), &Policy::default()).unwrap_err();
    assert_eq!(err.errors().list()[0].code(), ErrorCode::OutOfRange);
    assert_eq!(err.errors().list()[0].path(), "/members");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,300}") {
        let _ = api::validate_json_str(&text, as_of());
        let _ = api::assess_json_str(&text, as_of(), &Policy::default());
    }

    #[test]
    fn mutated_valid_documents_never_panic(pos in 0usize..200, byte in any::<u8>()) {
        let mut bytes = VALID.as_bytes().to_vec();
        let i = pos % bytes.len();
        bytes[i] = byte;
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let _ = api::assess_json_str(text, as_of(), &Policy::default());
        }
    }
}
