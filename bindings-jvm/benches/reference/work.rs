//! The measurements of benches/reference.rs and benches/reference_mimalloc.rs.

use std::hint::black_box;
use std::time::{Duration, Instant};

use cpu_time::ThreadTime;
use hengjie::validate::parse_json_text;
use hengjie::{Policy, api, canonical_json};

const TYPICAL: &str = r#"{"id":"HH-1","poverty_alleviated":true,"members":[{"id":"P1","birth_date":"1975-04-02","labor_capacity":"full","medical_insured":true,"pension_insured":true},{"id":"P2","birth_date":"1978-09-10","labor_capacity":"partial","medical_insured":true},{"id":"P3","birth_date":"2010-01-20","labor_capacity":"full","medical_insured":true,"schooling":{"status":"enrolled","stage":"junior_secondary"}}],"income":{"wages":"18000","business":"2500","transfers":"1200"},"housing_grade":"B"}"#;
const ROUNDS: usize = 7;

/// Median wall and CPU nanoseconds per call.
fn measure(calls: u32, mut call: impl FnMut() -> usize) -> (f64, f64) {
    let mut wall = Vec::with_capacity(ROUNDS);
    let mut cpu = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let (c0, t0) = (ThreadTime::now(), Instant::now());
        for _ in 0..calls {
            black_box(call());
        }
        wall.push(t0.elapsed().as_nanos() as f64 / f64::from(calls));
        cpu.push(c0.elapsed().as_nanos() as f64 / f64::from(calls));
    }
    wall.sort_by(f64::total_cmp);
    cpu.sort_by(f64::total_cmp);
    (
        wall.get(ROUNDS / 2).copied().unwrap_or_default(),
        cpu.get(ROUNDS / 2).copied().unwrap_or_default(),
    )
}

fn warm(millis: u64, mut call: impl FnMut() -> usize) {
    let end = Instant::now() + Duration::from_millis(millis);
    while Instant::now() < end {
        black_box(call());
    }
}

/// Runs every measurement; `allocator` names the program's global allocator in the output.
pub fn run(allocator: &str) {
    println!("rust reference, {allocator}:");
    let policy = Policy::default();
    let Ok(as_of) = api::parse_as_of("2023-06-30") else {
        return;
    };
    let explained = |text: &str| {
        api::assess_json_str(black_box(text), as_of, &policy)
            .map(|a| canonical_json(&a).len())
            .unwrap_or_default()
    };
    let quiet = |text: &str| {
        let assessor = api::Assessor::new(&policy, as_of).map(|a| a.explain(false));
        match (assessor, parse_json_text(black_box(text))) {
            (Ok(a), Ok(v)) => a
                .assess_value(&v)
                .map(|x| canonical_json(&x).len())
                .unwrap_or_default(),
            _ => 0,
        }
    };
    warm(3000, || explained(TYPICAL));
    warm(2000, || quiet(TYPICAL));
    let e = measure(5000, || explained(TYPICAL));
    let q = measure(5000, || quiet(TYPICAL));
    println!(
        "rust assess_json_str, explanations on:  {:.1} µs wall, {:.1} µs CPU per call",
        e.0 / 1e3,
        e.1 / 1e3
    );
    println!(
        "rust assess, explanations off:          {:.1} µs wall, {:.1} µs CPU per call",
        q.0 / 1e3,
        q.1 / 1e3
    );
    let lines: Vec<String> = (0..10_000)
        .map(|i| TYPICAL.replace("\"HH-1\"", &format!("\"HH-{i}\"")))
        .collect();
    for (name, one) in [
        ("on ", &explained as &dyn Fn(&str) -> usize),
        ("off", &quiet),
    ] {
        let batch = || lines.iter().map(|l| one(l)).sum::<usize>();
        warm(2000, batch);
        let (wall, cpu) = measure(1, batch);
        println!(
            "rust 10000 lines one after another, explanations {name}: {:.1} ms wall, {:.1} ms CPU ({:.0} households/s of CPU, {:.1} µs each)",
            wall / 1e6,
            cpu / 1e6,
            1e4 / (cpu / 1e9),
            cpu / 1e3 / 1e4
        );
    }
}
