//! Parameter layer text (JSON and TOML) → a policy → resolve: never a panic.
#![no_main]
use hengjie::params::{Layer, LayerSource};
use hengjie::{Policy, api};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for layer in [
        Layer::from_json_str(text, LayerSource::User),
        Layer::from_toml_str(text, LayerSource::User),
    ] {
        if let Ok(layer) = layer {
            let policy = Policy::default().with_layer(&layer);
            for date in ["0001-01-01", "2021-06-30", "2023-06-30", "2099-12-31"] {
                if let Ok(on) = api::parse_as_of(date) {
                    let _ = policy.rows_on(on);
                }
            }
            let _ = policy.rows();
        }
    }
});
