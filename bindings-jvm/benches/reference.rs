//! The Rust side of `make bench-jvm`: what the Java calls cost without the JVM, on the same
//! household (core/benches/assess.rs's TYPICAL): `assess_json_str` to canonical JSON (the issue's
//! reference), the same with explanations off (`Assessor::explain(false)`, as `Hengjie.assess(…,
//! false)` runs it), and 10 000 JSON Lines one after another on one thread.

use criterion::{Criterion, criterion_group, criterion_main};
use hengjie::validate::parse_json_text;
use hengjie::{Policy, api, canonical_json};
use std::hint::black_box;

const TYPICAL: &str = r#"{"id":"HH-1","poverty_alleviated":true,"members":[{"id":"P1","birth_date":"1975-04-02","labor_capacity":"full","medical_insured":true,"pension_insured":true},{"id":"P2","birth_date":"1978-09-10","labor_capacity":"partial","medical_insured":true},{"id":"P3","birth_date":"2010-01-20","labor_capacity":"full","medical_insured":true,"schooling":{"status":"enrolled","stage":"junior_secondary"}}],"income":{"wages":"18000","business":"2500","transfers":"1200"},"housing_grade":"B"}"#;

fn benches(c: &mut Criterion) {
    let policy = Policy::default();
    let Ok(as_of) = api::parse_as_of("2023-06-30") else {
        return;
    };
    c.bench_function("assess_json_str → canonical JSON (typical)", |b| {
        b.iter(|| {
            api::assess_json_str(black_box(TYPICAL), as_of, &policy).map(|a| canonical_json(&a))
        })
    });
    c.bench_function(
        "text → assess, explanations off → canonical JSON (typical)",
        |b| {
            b.iter(|| {
                let assessor = api::Assessor::new(&policy, as_of).map(|a| a.explain(false));
                let value = parse_json_text(black_box(TYPICAL));
                match (assessor, value) {
                    (Ok(a), Ok(v)) => a.assess_value(&v).map(|x| canonical_json(&x)).ok(),
                    _ => None,
                }
            })
        },
    );
    let lines: Vec<String> = (0..10_000)
        .map(|i| TYPICAL.replace("\"HH-1\"", &format!("\"HH-{i}\"")))
        .collect();
    let mut group = c.benchmark_group("10 000 lines, one thread");
    group.sample_size(10);
    group.bench_function("assess_json_str → canonical JSON", |b| {
        b.iter(|| {
            lines
                .iter()
                .filter_map(|l| api::assess_json_str(l, as_of, &policy).ok())
                .map(|a| canonical_json(&a).len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(reference, benches);
criterion_main!(reference);
