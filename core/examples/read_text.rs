//! The JSON text path N times, for instruction counts under callgrind (deterministic on a shared
//! machine; docs/performance.md, "The core's JSON reader"):
//!
//! ```text
//! cargo build --release -p hengjie --example read_text
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/read_text 2000 read
//! ```
//!
//! `read`: text → the core's tree (`validate::read_json_text`); `full`: text → validate → assess →
//! canonical JSON; `convert`: a `serde_json::Value` → the core's tree (what a door holding one
//! pays); `value`: a `serde_json::Value` → validate → assess (explanations off) → canonical JSON,
//! the path of a door holding one; `rules`: the rules alone on a checked household, explanations
//! off; `text-quick`: text → the core's tree → validate → assess (explanations off) → canonical
//! JSON, the path of a stream. Subtract a run with N = 0.

use std::hint::black_box;

fn main() {
    let text = include_str!("../benches/typical.json");
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    let what = std::env::args().nth(2).unwrap_or_default();
    let as_of = hengjie::api::parse_as_of("2023-06-30").unwrap_or_default();
    let policy = hengjie::Policy::default();
    let serde: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
    let quick = hengjie::api::Assessor::new(&policy, as_of).map(|a| a.explain(false));
    let checked = quick.as_ref().ok().and_then(|a| a.parse(&serde).ok());
    let mut ok = 0usize;
    for _ in 0..n {
        ok += match what.as_str() {
            "convert" => usize::from(!hengjie::json::Value::from(black_box(&serde)).is_null()),
            "value" => usize::from(quick.as_ref().is_ok_and(|a| {
                a.assess_value(black_box(&serde))
                    .map(|x| x.to_canonical_json())
                    .is_ok()
            })),
            "rules" => usize::from(quick.as_ref().is_ok_and(|a| {
                checked
                    .as_ref()
                    .is_some_and(|c| a.assess_checked(black_box(c)).dibao.eligible)
            })),
            "text-quick" => usize::from(quick.as_ref().is_ok_and(|a| {
                hengjie::validate::read_json_text(black_box(text))
                    .ok()
                    .and_then(|p| a.assess_value(&p.value).ok())
                    .map(|x| x.to_canonical_json())
                    .is_some()
            })),
            "read" => usize::from(hengjie::validate::read_json_text(black_box(text)).is_ok()),
            _ => usize::from(
                hengjie::api::assess_json_str(black_box(text), as_of, &policy)
                    .map(|a| a.to_canonical_json())
                    .is_ok(),
            ),
        };
    }
    println!("{ok}");
}
