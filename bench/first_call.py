"""The first `assess_arrow` calls of a fresh Python process, one by one (not a test).

    .venv/bin/python bench/first_call.py --n 100000          # hengjie.synth households
    .venv/bin/python bench/first_call.py --parquet FILE.parquet --outputs monitoring,dibao

Prints each call's wall time, its system time and minor page faults, and the peak RSS: the
first call of a process pays the kernel for fresh memory, so it is the one an analyst waits for
(docs/performance.md, "The Python door's first call").
"""

from __future__ import annotations

import argparse
import resource
import time

import pyarrow.parquet as pq

import hengjie
from hengjie import synth

AS_OF = "2023-06-30"


def usage() -> tuple[float, int]:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_stime, r.ru_minflt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="hengjie.synth households")
    parser.add_argument("--parquet", help="a households table instead of synth's")
    parser.add_argument("--outputs", help="comma-separated outputs (default: every output)")
    parser.add_argument("--calls", type=int, default=4)
    args = parser.parse_args()
    table = pq.read_table(args.parquet) if args.parquet else synth.population(args.n, seed=1)
    options = {"outputs": args.outputs.split(",")} if args.outputs else {}
    for call in range(1, args.calls + 1):
        sys0, faults0 = usage()
        start = time.perf_counter()
        result = hengjie.assess_arrow(table, AS_OF, **options)
        wall = time.perf_counter() - start
        sys1, faults1 = usage()
        print(f"call {call}: {wall:.3f} s, system {sys1 - sys0:.3f} s, {faults1 - faults0} minor faults")
        del result
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"{table.num_rows} households, peak RSS {peak_mb} MB")


if __name__ == "__main__":
    main()
