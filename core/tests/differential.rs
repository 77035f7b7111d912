//! Differential test: 10000 random contract-valid households (fixed seed) give byte-identical
//! canonical JSON through the typed path, the JSON value path, the JSON text path, the fast path
//! for JSON text (`hengjie::fast_json`, the household read straight from the text) and the batch
//! path. (The CLI, Python and Node are compared on their own 10000 in `tests/cross`.)
#![expect(
    clippy::indexing_slicing,
    reason = "a generator over fixed arrays; a test fails loudly"
)]

use hengjie::fast_json::household_from_json;
use hengjie::validate::check_household;
use hengjie::{Policy, api};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::Value;

mod common;

use common::{DATES, household};

/// Slow in a debug build (about 100 s): `make test` runs it in release (`make test-differential`).
#[test]
#[ignore = "run in release by `make test-differential`"]
fn ten_thousand_households_agree_on_every_rust_path() {
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let strategy = household();
    let policy = Policy::default();
    let mut compared = 0;
    // How often the v1.3 outputs are non-trivial, so the comparison covers them.
    let (mut children, mut care, mut relief, mut renovation, mut low_income) = (0, 0, 0, 0, 0);
    for (k, date) in DATES.iter().enumerate() {
        let as_of = api::parse_as_of(date).unwrap();
        let batch: Vec<Value> = (0..10_000 / DATES.len() + usize::from(k < 10_000 % DATES.len()))
            .map(|_| strategy.new_tree(&mut runner).unwrap().current())
            .collect();
        let batched = api::assess_batch(&batch, as_of, &policy).unwrap();
        let assessor = api::Assessor::new(&policy, as_of).unwrap();
        for (value, from_batch) in batch.iter().zip(batched) {
            let from_value = api::assess_value(value, as_of, &policy);
            // The fast reader reads every generated household; the typed check then decides.
            let fast = household_from_json(value.to_string().as_bytes()).unwrap();
            let Ok(from_value) = from_value else {
                assert!(!check_household(&fast, Some(as_of)));
                // Only birth dates after the as-of date are invalid by construction.
                let errors = from_value.unwrap_err();
                assert!(
                    errors
                        .errors()
                        .list()
                        .iter()
                        .all(|e| e.path().ends_with("/birth_date")),
                    "{errors}"
                );
                assert!(from_batch.is_err());
                continue;
            };
            let canonical = from_value.to_canonical_json();
            let typed = api::assess(
                &hengjie::parse_household(value, Some(as_of)).unwrap(),
                as_of,
                &policy,
            )
            .unwrap();
            let text = api::assess_json_str(&value.to_string(), as_of, &policy).unwrap();
            assert_eq!(fast, hengjie::parse_household(value, Some(as_of)).unwrap());
            let from_fast = assessor.assess_typed(&fast).unwrap();
            assert_eq!(from_fast.to_canonical_json(), canonical);
            assert_eq!(typed.to_canonical_json(), canonical);
            assert_eq!(text.to_canonical_json(), canonical);
            assert_eq!(from_batch.unwrap().to_canonical_json(), canonical);
            compared += 1;
            let m = &from_value.members;
            children += usize::from(m.iter().any(|m| m.child_support.is_some()));
            care += usize::from(m.iter().any(|m| m.care_visits));
            relief += usize::from(m.iter().any(|m| m.work_relief_priority));
            renovation += usize::from(
                from_value.housing.status
                    == hengjie::rules::housing::HousingStatus::RenovationEligible,
            );
            low_income += usize::from(from_value.low_income.population);
        }
    }
    assert!(
        compared >= 9_000,
        "only {compared} valid households of 10000"
    );
    for (what, count) in [
        ("child support", children),
        ("care visits", care),
        ("work relief", relief),
        ("housing renovation", renovation),
        ("low-income population", low_income),
    ] {
        assert!(count >= 100, "only {count} households with {what}");
    }
}
