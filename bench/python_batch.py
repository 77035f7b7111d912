"""Throughput of `hengjie.assess_batch` / `assess_arrow` on N synthetic households (not a test).

    make bench-python                      # N = 1_000_000
    .venv/bin/python bench/python_batch.py --n 100000

Prints wall and CPU seconds and households/s for each stage, and the peak RSS. The split says
where the time goes: `invalid` assesses the same table with every household's `id` blanked
(hand-over → JSON value → validation → error columns, no rules), `arrow` the whole path,
`batch` adds the pandas DataFrame. Arrow crosses into Rust and back through the C Data Interface
(no copy).
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow as pa

import hengjie

AS_OF = "2023-06-30"


def fallback_population(n: int, seed: int) -> pa.Table:
    """A plain vectorised generator (used when `hengjie.synth` is not available): 1–4 members,
    wages and transfers as decimal128, birth dates as date32."""
    rng = np.random.default_rng(seed)
    size = rng.integers(1, 5, n)
    offsets = np.concatenate([[0], np.cumsum(size)]).astype(np.int32)
    m = int(offsets[-1])
    member_ids = pa.array(np.char.add("P", (np.arange(m) - np.repeat(offsets[:-1], size)).astype(str)))
    born = pa.array(rng.integers(-20000, 19000, m).astype(np.int32), pa.date32())
    labour = pa.array(np.array(["full", "partial", "none"])[rng.integers(0, 3, m)])
    insured = pa.array(rng.random(m) < 0.95)
    members = pa.StructArray.from_arrays(
        [member_ids, born, labour, insured], names=["id", "birth_date", "labor_capacity", "medical_insured"]
    )
    money = pa.decimal128(20, 2)
    wages = pa.array(rng.integers(0, 40000, n), pa.int64()).cast(money)
    income = pa.StructArray.from_arrays([wages], names=["wages"])
    return pa.table(
        {
            "id": pa.array(np.char.add("HH-", np.arange(n).astype(str))),
            "poverty_alleviated": pa.array(rng.random(n) < 0.5),
            "members": pa.ListArray.from_arrays(pa.array(offsets), members),
            "income": income,
        }
    )


def population(n: int, seed: int) -> tuple[pa.Table, str]:
    try:
        from hengjie import synth
    except ImportError:
        return fallback_population(n, seed), "bench fallback generator"
    return synth.population(n, seed=seed), "hengjie.synth.population"


def timed(label: str, n: int, fn: Callable[[], Any]) -> Any:
    start, cpu = time.perf_counter(), time.process_time()
    result = fn()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"{label:<42} {seconds:8.3f} s {n / seconds:>11,.0f} households/s"
        f"  (CPU {cpu:7.3f} s = {cpu / n * 1e6:6.1f} µs/household)"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2021)
    args = parser.parse_args()
    n = args.n
    print(f"hengjie batch benchmark: {n:,} households as of {AS_OF}, {os.cpu_count()} cores")
    table, source = timed("generate (not hengjie)", n, lambda: population(n, args.seed))
    table = table.combine_chunks()
    hengjie.assess_arrow(table.slice(0, 1000), AS_OF)  # warm-up: thread pool, allocator
    members = int(pa.compute.sum(pa.compute.list_value_length(table.column("members"))).as_py())
    print(f"  source: {source}; {members:,} members; {table.nbytes / 1e6:,.0f} MB in Arrow")
    invalid = table.set_column(table.schema.get_field_index("id"), "id", pa.array([""] * n, pa.string()))
    out = timed("invalid: assess_arrow, every row refused", n, lambda: hengjie.assess_arrow(invalid, AS_OF))
    assert out.column("error.code").null_count == 0
    out = timed("arrow: assess_arrow (households)", n, lambda: hengjie.assess_arrow(table, AS_OF))
    errors = n - out.column("error.code").null_count
    timed("arrow: assess_arrow (members)", n, lambda: hengjie.assess_arrow(table, AS_OF, level="members"))
    frame = timed("batch: assess_batch -> pandas", n, lambda: hengjie.assess_batch(table, AS_OF))
    print(f"  rows with errors: {errors:,}; output {len(frame):,} rows x {len(frame.columns)} columns")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:,.0f} MB")


if __name__ == "__main__":
    main()
