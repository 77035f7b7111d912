//! Criterion benchmarks of the core (`make bench`): one typical household, a worst case, the
//! JSON → validate → assess path, the rules alone with explanations on and off, a batch of 10 000
//! on 1 and 2 threads, and parameter resolution.

use criterion::{Criterion, criterion_group, criterion_main};
use hengjie::{Policy, api};
use rayon::prelude::*;
use std::hint::black_box;

const TYPICAL: &str = include_str!("typical.json");

const WORST: &str = include_str!("worst.json");

fn benches(c: &mut Criterion) {
    let policy = Policy::default();
    let as_of = api::parse_as_of("2023-06-30").unwrap_or_default();
    // Parsed values are the core's own tree (hengjie::json), as its text readers give them.
    let tree = |text: &str| {
        hengjie::json::parse(text)
            .map(|r| r.value)
            .unwrap_or_default()
    };
    let (typical, worst) = (tree(TYPICAL), tree(WORST));
    let typical_household = hengjie::parse_household(&typical, Some(as_of));
    let worst_household = hengjie::parse_household(&worst, Some(as_of));

    c.bench_function("assess typical (from a parsed value)", |b| {
        b.iter(|| api::assess_value(black_box(&typical), as_of, &policy));
    });
    c.bench_function("assess worst case (from a parsed value)", |b| {
        b.iter(|| api::assess_value(black_box(&worst), as_of, &policy));
    });
    if let (Ok(t), Ok(w)) = (&typical_household, &worst_household) {
        c.bench_function("assess typical (typed household)", |b| {
            b.iter(|| api::assess(black_box(t), as_of, &policy))
        });
        c.bench_function("assess worst case (typed household)", |b| {
            b.iter(|| api::assess(black_box(w), as_of, &policy))
        });
    }
    if let Ok(assessor) = api::Assessor::new(&policy, as_of) {
        let quiet = assessor.clone().explain(false);
        let codes = assessor.clone().explanations(hengjie::Explain::Codes);
        for (name, value) in [("typical", &typical), ("worst case", &worst)] {
            let Ok(checked) = assessor.parse(value) else {
                continue;
            };
            c.bench_function(&format!("validate a parsed value, {name}"), |b| {
                b.iter(|| assessor.parse(black_box(value)))
            });
            c.bench_function(&format!("typed check, {name}"), |b| {
                b.iter(|| hengjie::validate::check_household(black_box(&checked), Some(as_of)))
            });
            c.bench_function(
                &format!("typed check via the JSON path (serialise + validate), {name}"),
                |b| {
                    b.iter(|| {
                        serde_json::to_value(black_box(&*checked))
                            .map(|v| hengjie::parse_household(&v, Some(as_of)))
                    })
                },
            );
            // A household moved in (as a typed table reader does), checked, assessed.
            c.bench_function(
                &format!("assess typed household (fast check), {name}, explanations off"),
                |b| {
                    b.iter_batched(
                        || hengjie::Household::clone(&checked),
                        |h| quiet.check(h).map(|h| quiet.assess_checked(&h)),
                        criterion::BatchSize::SmallInput,
                    )
                },
            );
            c.bench_function(&format!("rules only, {name}, explanations on"), |b| {
                b.iter(|| assessor.assess_checked(black_box(&checked)))
            });
            c.bench_function(&format!("rules only, {name}, explanations codes"), |b| {
                b.iter(|| codes.assess_checked(black_box(&checked)))
            });
            c.bench_function(&format!("rules only, {name}, explanations off"), |b| {
                b.iter(|| quiet.assess_checked(black_box(&checked)))
            });
            // Only what OpenFisca computes in `make bench-compare` (docs/rust.md#outputs).
            let subset = quiet
                .clone()
                .outputs(&[hengjie::Output::Monitoring, hengjie::Output::Dibao]);
            c.bench_function(
                &format!("rules only, {name}, explanations off, outputs monitoring,dibao"),
                |b| b.iter(|| subset.assess_checked(black_box(&checked))),
            );
        }
        // A batch: the 24 sample households repeated to 10 000, parsed, explanations off.
        let samples: Vec<serde_json::Value> = include_str!("../../examples/households.jsonl")
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect();
        let batch: Vec<_> = samples
            .iter()
            .cycle()
            .take(10_000)
            .filter_map(|v| quiet.parse(v).ok())
            .collect();
        for threads in [1, 2] {
            if let Ok(pool) = rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
                c.bench_function(
                    &format!("batch of 10 000, rules only, {threads} thread(s)"),
                    |b| {
                        b.iter(|| {
                            pool.install(|| {
                                batch
                                    .par_iter()
                                    .map(|h| quiet.assess_checked(h))
                                    .collect::<Vec<_>>()
                            })
                        })
                    },
                );
            }
        }
    }
    c.bench_function(
        "JSON text → validate → assess → canonical JSON (typical)",
        |b| {
            b.iter(|| {
                api::assess_json_str(black_box(TYPICAL), as_of, &policy)
                    .map(|a| a.to_canonical_json())
            });
        },
    );
    // The core's text reader (docs/rust.md#json: serde_json's syntax check, then its own tree with
    // numbers as written and repeated keys found), serde_json's parse alone for comparison, and
    // what a door holding a serde_json::Value pays to hand it over.
    c.bench_function(
        "JSON text → the core's tree, repeated keys found (typical)",
        |b| b.iter(|| hengjie::validate::read_json_text(black_box(TYPICAL)).is_ok()),
    );
    c.bench_function(
        "JSON text → serde_json::Value, serde_json alone (typical)",
        |b| b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(TYPICAL)).is_ok()),
    );
    let serde_typical: serde_json::Value = serde_json::from_str(TYPICAL).unwrap_or_default();
    c.bench_function("serde_json::Value → the core's tree (typical)", |b| {
        b.iter(|| hengjie::json::Value::from(black_box(&serde_typical)))
    });
    c.bench_function("validate only (typical)", |b| {
        b.iter(|| api::validate_json_str(black_box(TYPICAL), as_of))
    });
    c.bench_function("resolve every parameter on a date", |b| {
        b.iter(|| policy.resolve(black_box(as_of)).is_ok())
    });
}

criterion_group!(core_benches, benches);
criterion_main!(core_benches);
