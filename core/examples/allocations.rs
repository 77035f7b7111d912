//! Heap allocations a household costs on the rules-only path (issue 18, "no allocation per
//! household"): a counting global allocator around `Assessor::assess_checked` with explanations
//! off, codes and full, on the typical and worst-case households of the criterion bench and on
//! the 24 samples. Counts, not times: the same on a busy machine.
//!
//!     cargo run --release -p hengjie --example allocations
//!
//! dhat's allocator counts (in its testing mode: no profile file is written, unless
//! `HENGJIE_DHAT=1`).

use hengjie::Explain;
use hengjie::{Policy, api};

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

const TYPICAL: &str = include_str!("../benches/typical.json");
const WORST: &str = include_str!("../benches/worst.json");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // HENGJIE_DHAT=1 profiles the explanations-off path alone into dhat-heap.json (every
    // allocation site, for dhat's viewer `dh_view.html`).
    let profile = std::env::var_os("HENGJIE_DHAT").is_some();
    let _profiler = if profile {
        dhat::Profiler::new_heap()
    } else {
        dhat::Profiler::builder().testing().build()
    };
    let policy = Policy::default();
    let as_of = api::parse_as_of("2023-06-30")?;
    let mut households = vec![
        ("typical".to_owned(), serde_json::from_str(TYPICAL)?),
        ("worst case".to_owned(), serde_json::from_str(WORST)?),
    ];
    let samples: Vec<serde_json::Value> = include_str!("../../examples/households.jsonl")
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    if profile {
        let (n, _) = count(&policy, as_of, Explain::None, &samples)?;
        println!("{n:.1} allocations a household, explanations off: see dhat-heap.json");
        return Ok(());
    }
    println!("allocations (bytes) per household, rules only (Assessor::assess_checked)");
    println!(
        "{:<14} {:>16} {:>16} {:>16}",
        "household", "none", "codes", "full"
    );
    for (name, value) in households.drain(..) {
        print!("{name:<14}");
        for explain in [Explain::None, Explain::Codes, Explain::Full] {
            let (n, b) = count(&policy, as_of, explain, std::slice::from_ref(&value))?;
            print!(" {:>16}", format!("{n:.0} ({b:.0})"));
        }
        println!();
    }
    print!("{:<14}", "24 samples");
    for explain in [Explain::None, Explain::Codes, Explain::Full] {
        let (n, b) = count(&policy, as_of, explain, &samples)?;
        print!(" {:>16}", format!("{n:.1} ({b:.0})"));
    }
    println!("  (mean)");
    let assessor = api::Assessor::new(&policy, as_of)?;
    let before = dhat::HeapStats::get();
    for v in &samples {
        std::hint::black_box(assessor.parse(v)?);
    }
    let after = dhat::HeapStats::get();
    let k = samples.len() as f64;
    println!(
        "validation of a parsed value (Assessor::parse), 24 samples: {:.1} ({:.0}) a household",
        (after.total_blocks - before.total_blocks) as f64 / k,
        (after.total_bytes - before.total_bytes) as f64 / k
    );
    Ok(())
}

/// Mean allocations and bytes of one `assess_checked` over `values`.
fn count(
    policy: &Policy,
    as_of: hengjie::date::Date,
    explain: Explain,
    values: &[serde_json::Value],
) -> Result<(f64, f64), Box<dyn std::error::Error>> {
    let assessor = api::Assessor::new(policy, as_of)?.explanations(explain);
    let checked = values
        .iter()
        .map(|v| assessor.parse(v))
        .collect::<Result<Vec<_>, _>>()?;
    let before = dhat::HeapStats::get();
    for h in &checked {
        std::hint::black_box(assessor.assess_checked(h));
    }
    let after = dhat::HeapStats::get();
    let k = checked.len() as f64;
    Ok((
        (after.total_blocks - before.total_blocks) as f64 / k,
        (after.total_bytes - before.total_bytes) as f64 / k,
    ))
}
