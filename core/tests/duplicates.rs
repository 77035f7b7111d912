//! A repeated key is `duplicate_key` at its pointer, one per extra occurrence, the first
//! occurrence validated (docs/contract.md#provenance); in a layer, `invalid_parameter`. Layer money
//! takes at most 2 decimals and ratios 4; a TOML float is quoted as written.
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use hengjie::params::{Layer, LayerSource};
use hengjie::{ErrorCode, Errors, Policy, api};

const HH: &str = r#""poverty_alleviated": false,
  "members": [{"id": "P1", "birth_date": "1980-05-01", "labor_capacity": "full", "medical_insured": true}],
  "income": {"wages": "5000"}"#;

fn codes(errors: &Errors) -> Vec<(String, String)> {
    errors
        .list()
        .iter()
        .map(|e| (e.code().to_string(), e.path().to_owned()))
        .collect()
}

fn on() -> hengjie::date::Date {
    api::parse_as_of("2023-06-30").unwrap()
}

#[test]
fn a_repeated_key_is_duplicate_key_and_the_first_value_is_read() {
    let text = format!(r#"{{"id": "A", "id": "B", "id": "C", {HH}}}"#);
    let errors = api::validate_json_str(&text, on());
    assert_eq!(
        codes(&errors),
        [
            ("duplicate_key".into(), "/id".into()),
            ("duplicate_key".into(), "/id".into())
        ]
    );
    let e = api::assess_json_str(&text, on(), &Policy::default()).unwrap_err();
    assert_eq!(e.errors().list().len(), 2);
    // The first occurrence is the one validated; the document's other errors come with it.
    let text = format!(
        r#"{{"id": "A", {HH}, "poverty_alleviated": "no", "members": [{{"id": "P1", "id": "P2", "birth_date": "1980-05-01", "labor_capacity": "full", "medical_insured": true}}]}}"#
    );
    assert_eq!(
        codes(&api::validate_json_str(&text, on())),
        [
            ("duplicate_key".into(), "/members".into()),
            ("duplicate_key".into(), "/poverty_alleviated".into()),
        ]
    );
    let text = format!(
        r#"{{"id": "A", "poverty_alleviated": "no", "poverty_alleviated": false, {}}}"#,
        HH.trim_start_matches(r#""poverty_alleviated": false,"#)
    );
    assert_eq!(
        codes(&api::validate_json_str(&text, on())),
        [
            ("invalid_type".into(), "/poverty_alleviated".into()),
            ("duplicate_key".into(), "/poverty_alleviated".into()),
        ]
    );
    // Assessing the text gives the same list, by `assess_json_str` and by the one entry every
    // door given text calls.
    let e = api::assess_json_str(&text, on(), &Policy::default()).unwrap_err();
    assert_eq!(
        codes(e.errors()),
        [
            ("invalid_type".into(), "/poverty_alleviated".into()),
            ("duplicate_key".into(), "/poverty_alleviated".into()),
        ]
    );
    let policy = Policy::default();
    let e = api::Assessor::new(&policy, on())
        .unwrap()
        .assess_json_text(&text)
        .unwrap_err();
    assert_eq!(e, api::validate_json_str(&text, on()));
    assert_eq!(codes(&e).len(), 2);
    // The doors' reading of a document's text gives the same list, and the value when no key
    // repeats.
    let read = hengjie::validate::read_document(&text, |v| api::validate_value(v, on()));
    assert_eq!(read, Err(e));
    let once = format!(r#"{{"id": "A", {HH}}}"#);
    let read = hengjie::validate::read_document(&once, |_| unreachable!("no key repeats"));
    assert!(read.is_ok_and(|v| v.get("id").is_some()));
    // Escaped keys are compared as text and pointed at escaped.
    let text = format!(r#"{{"id": "A", "income": {{"wages": "1", "w\u0061ges": "2"}}, {HH}}}"#);
    assert_eq!(
        codes(&api::validate_json_str(&text, on())),
        [
            ("duplicate_key".into(), "/income".into()),
            ("duplicate_key".into(), "/income/wages".into()),
        ]
    );
    assert!(ErrorCode::ALL.contains(&ErrorCode::DuplicateKey));
}

fn layer(json: &str) -> Result<Layer, Errors> {
    Layer::from_json_str(json, LayerSource::User)
}

fn one(name: &str, value: &str) -> Result<Layer, Errors> {
    layer(&format!(
        r#"{{"jurisdiction": "t", "parameters": {{"{name}": [{{"from": "2024-01-01", "value": "{value}"}}]}}}}"#
    ))
}

#[test]
fn a_layer_repeating_a_key_is_invalid_parameter_at_that_key() {
    let e = layer(
        r#"{"jurisdiction": "t", "jurisdiction": "u", "parameters": {"dibao.standard_monthly": [{"from": "2024-01-01", "value": "500", "value": "600"}]}}"#,
    )
    .unwrap_err();
    assert_eq!(
        codes(&e),
        [
            ("invalid_parameter".into(), "/jurisdiction".into()),
            (
                "invalid_parameter".into(),
                "/parameters/dibao.standard_monthly/0/value".into()
            ),
        ]
    );
}

#[test]
fn layer_money_takes_two_decimals_and_ratios_four() {
    assert!(one("dibao.standard_monthly", "520.56").is_ok());
    assert!(one("dibao.standard_monthly", "520.500").is_ok());
    let e = one("dibao.standard_monthly", "520.555").unwrap_err();
    assert_eq!(
        codes(&e),
        [(
            "invalid_parameter".into(),
            "/parameters/dibao.standard_monthly/0/value".into()
        )]
    );
    assert!(e.list()[0].message_en().contains("at most 2 decimals"));
    let ratio = "medical.ci_ratio";
    assert!(one(ratio, "0.1234").is_ok());
    assert!(one(ratio, "0.123400").is_ok());
    assert!(one(ratio, "0.12345").is_err());
}

#[test]
fn a_toml_float_is_quoted_as_written() {
    let e = Layer::from_toml_str(
        "jurisdiction = \"t\"\n[[parameters.\"dibao.standard_monthly\"]]\nfrom = \"2024-01-01\"\nvalue = 520.0\n",
        LayerSource::User,
    )
    .unwrap_err();
    assert_eq!(
        e.list()[0].message_en(),
        "\"520.0\" is a TOML float; write money and ratios as strings"
    );
}
