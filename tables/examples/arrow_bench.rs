//! Times the Arrow batch path (`batch::run_arrow`, explanations off) on a population saved as
//! Parquet, and prints wall and CPU seconds (issue 18):
//!
//! ```sh
//! .venv/bin/python -c "import hengjie.synth as s, pyarrow.parquet as pq; \
//!     pq.write_table(s.population(1_000_000, seed=2021), '/tmp/pop1m.parquet')"
//! cargo run --release -p hengjie-tables --example arrow_bench /tmp/pop1m.parquet [runs] [members]
//! ```
//!
//! The population is `bench/python_batch.py`'s (`hengjie.synth.population`); the file is read
//! whole before the clock starts, as one record batch like the bench's `combine_chunks()`.
//! `ARROW_BENCH_ROWS=n` keeps the first `n` households (two callgrind runs of different `n`,
//! diffed, give the instructions a household); `ARROW_BENCH_OUTPUTS=monitoring,dibao` asks for
//! those outputs only (docs/rust.md#outputs).

use std::time::Instant;

use arrow_array::RecordBatch;
use hengjie::Policy;
use hengjie_tables::batch::{self, Level};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

/// The allocator of the programs that run this path (the Python extension, the JVM library, the
/// CLI), with their setting (the workspace's `no_thp`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "common/cpu.rs"]
mod cpu;
use cpu::cpu_seconds;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: arrow_bench <population.parquet> [runs]")?;
    let runs: usize = args.next().map_or(Ok(3), |r| r.parse())?;
    let level = match args.next().as_deref() {
        Some("members") => Level::Members,
        _ => Level::Households,
    };
    let file = std::fs::File::open(&path)?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)?
        .with_batch_size(1 << 22)
        .build()?;
    let parts = reader.collect::<Result<Vec<RecordBatch>, _>>()?;
    let mut whole = arrow_select_concat(&parts)?;
    // `ARROW_BENCH_ROWS=n`: the first n households only (for callgrind).
    if let Some(rows) = std::env::var("ARROW_BENCH_ROWS")
        .ok()
        .and_then(|r| r.parse().ok())
    {
        whole = whole.slice(0, whole.num_rows().min(rows));
    }
    let warm = whole.slice(0, whole.num_rows().min(1000));
    let input = vec![whole];
    let n = input.iter().map(RecordBatch::num_rows).sum::<usize>();
    let policy = Policy::default();
    let as_of = hengjie::api::parse_as_of("2023-06-30").map_err(|e| format!("{e:?}"))?;
    let outputs = match std::env::var("ARROW_BENCH_OUTPUTS") {
        Ok(names) => hengjie::Outputs::parse(&names).map_err(|e| format!("{e:?}"))?,
        Err(_) => hengjie::Outputs::ALL,
    };
    // Warm-up: the thread pool and the allocator.
    let _ = batch::run_arrow(&[warm], as_of, &policy, level, outputs);
    for _ in 0..runs {
        let (start, cpu) = (Instant::now(), cpu_seconds().unwrap_or(0.0));
        let out = batch::run_arrow(&input, as_of, &policy, level, outputs);
        let wall = start.elapsed().as_secs_f64();
        let cpu = cpu_seconds().unwrap_or(0.0) - cpu;
        let rows: usize = out.batches.iter().map(RecordBatch::num_rows).sum();
        #[expect(clippy::cast_precision_loss, reason = "a rate to print")]
        let per = cpu / n as f64 * 1e6;
        println!(
            "{n} households ({level:?}, {rows} rows out, first error {:?}): wall {wall:.3} s, CPU {cpu:.2} s = {per:.2} µs/household",
            out.first_error.as_ref().map(|(row, _)| row),
        );
    }
    Ok(())
}

/// The record batches of the file as one (the parquet reader caps a batch's rows).
fn arrow_select_concat(parts: &[RecordBatch]) -> Result<RecordBatch, Box<dyn std::error::Error>> {
    match parts {
        [one] => Ok(one.clone()),
        _ => Err(format!("expected one record batch, read {}", parts.len()).into()),
    }
}
