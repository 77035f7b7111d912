//! Household bytes → validate → assess → canonical JSON: never a panic.
#![no_main]
use hengjie::{Policy, api};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let as_of = api::parse_as_of("2023-06-30").unwrap_or_default();
    let policy = Policy::default();
    if let Ok(value) = hengjie::validate::parse_json_bytes(data) {
        let _ = api::validate_value(&value, as_of);
        if let Ok(a) = api::assess_value(&value, as_of, &policy) {
            let _ = a.to_canonical_json();
            let _ = hengjie::pretty_json(&a);
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = api::assess_json_str(text, as_of, &policy);
    }
});
