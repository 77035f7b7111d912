"""One household at a time through `hengjie.assess`, for callgrind and quick loops.

    .venv/bin/python bench/single_call.py N [full|outputs|explained] [--print]

Calls `assess` N times on the bench population's first 200 households (`population.generate`),
after one call not counted. Under `valgrind --tool=callgrind`, two runs of different N, diffed,
give the instructions of one call (docs/performance.md, "The Python door's single call");
`--print` prints the mean wall time of a call.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import population

import hengjie

AS_OF = "2023-06-30"


def main() -> None:
    n = int(sys.argv[1])
    mode = sys.argv[2] if len(sys.argv) > 2 else "full"
    households = population.generate(200, 20210824, AS_OF)
    policy = hengjie.Policy.default()
    options: dict[str, Any] = {"explain": False}
    if mode == "outputs":
        options["outputs"] = ["monitoring", "dibao"]
    elif mode == "explained":
        options = {}
    hengjie.assess(households[0], AS_OF, policy=policy, **options)
    start = time.perf_counter()
    for i in range(n):
        hengjie.assess(households[i % 200], AS_OF, policy=policy, **options)
    if "--print" in sys.argv:
        print(f"{mode}: {(time.perf_counter() - start) / max(n, 1) * 1e6:.2f} µs a call")


if __name__ == "__main__":
    main()
