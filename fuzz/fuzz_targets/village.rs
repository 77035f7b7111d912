//! Village and farmland documents: never a panic, gaps bounded.
#![no_main]
use hengjie::{Policy, api, village};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = hengjie::validate::parse_json_bytes(data) else {
        return;
    };
    let as_of = api::parse_as_of("2023-06-30").unwrap_or_default();
    if let Ok(v) = village::assess_village_value(&value, as_of, &Policy::default()) {
        assert!(
            v.gaps.len() <= 4 + usize::try_from(village::MAX_PERIOD_MONTHS).unwrap_or(usize::MAX)
        );
    }
    let _ = village::check_farmland_value(&value);
});
