"""Time of `hengjie.export` for N assessed households (not a test; issue 21's target: 200 000
households in ≤ 10 s as XLSX).

    .venv/bin/python bench/export.py            # N = 200 000
    .venv/bin/python bench/export.py --n 50000

Assesses `hengjie.synth.population(N)` once (not timed in the export figures), adds a kept
`village_id` column, then writes the households table as XLSX and as CSV (Chinese labels) into
a temporary directory and prints wall and CPU seconds (the machine may be shared: CPU time is
the work itself), rows per second and the file sizes.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import hengjie
from hengjie import synth

AS_OF = "2023-06-30"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=2021)
    args = parser.parse_args()
    n = args.n

    start = time.perf_counter()
    table = synth.population(n, seed=args.seed)
    result = hengjie.assess_batch(table, AS_OF)
    result.insert(0, "village_id", [f"V-{i % 300:03d}" for i in range(n)])
    print(f"population and assess_batch: {time.perf_counter() - start:.2f} s ({len(result.columns)} columns)")

    with tempfile.TemporaryDirectory() as tmp:
        for suffix in ("xlsx", "csv"):
            path = Path(tmp) / f"result.{suffix}"
            start, cpu = time.perf_counter(), time.process_time()
            hengjie.export(result, path)
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            size = path.stat().st_size / 1e6
            print(
                f"export .{suffix}: {seconds:6.2f} s wall, {cpu:6.2f} s CPU  "
                f"{n / seconds:>9,.0f} rows/s  {size:6.1f} MB"
            )


if __name__ == "__main__":
    main()
