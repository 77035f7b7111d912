//! Household bytes → validate → assess → canonical JSON: never a panic. And the fast path for
//! household text (`core/src/fast_json.rs`) agrees with the slow one: a household it reads is
//! the slow path's when it passes the typed check, and the slow path refuses the text when it
//! does not.
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
    if let Some(fast) = hengjie::fast_json::household_from_json(data) {
        let slow = hengjie::validate::read_json_bytes(data)
            .and_then(|p| p.check(hengjie::parse_household(&p.value, Some(as_of))));
        let passes = hengjie::validate::check_household(&fast, Some(as_of));
        match slow {
            Ok(h) => assert!(passes && h == fast, "the fast path read another household"),
            Err(_) => assert!(!passes, "the fast path passed a household the slow path refuses"),
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = api::assess_json_str(text, as_of, &policy);
    }
});
