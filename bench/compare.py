"""Side by side: hengjie (Python on Arrow, and the CLI on JSON Lines), OpenFisca and zen-engine on
one synthetic population and one rule subset: monitoring flags 1-3 and 5-8 with the category
(RULES §2) and the dibao status and top-up (RULES §3).

1. Builds N households (bench/population.py) and gives each engine its preferred input form:
   hengjie a nested pyarrow Table (money `decimal128(20, 2)`, dates `date32`), the CLI a JSON
   Lines file, OpenFisca numpy arrays per variable, zen one context dict per household.
   Preparing these is not timed.
2. Checks that every engine reaches the same decisions for every household (include, category,
   risks restricted to the subset, dibao status, monthly benefit to the fen); exits 1 naming the
   first disagreement.
3. Times each engine from "population in memory in its input form" to "decisions in memory",
   excluding one-time start-up (loading the OpenFisca tax-benefit system, compiling the zen
   graph, importing modules): one household (median of many) and the whole population (best of
   5 at N = 100 000, the engines taking turns); the crossover table best of at least 3 at each N.

The last line is exactly
`speedup_vs_openfisca_single=<x> speedup_vs_openfisca_batch=<y> speedup_vs_zen=<z>
speedup_vs_openfisca_batch_full=<w> speedup_vs_openfisca_single_outputs=<v>` (one line), hengjie
Python against each: `single` is one household's latency (`assess(..., explain=False)`, the full
assessment; `single_outputs` the same asked for the outputs the others compute), `batch` and
`zen` are population throughput with hengjie asked for the outputs the others compute
(`assess_arrow(..., outputs=["monitoring", "dibao"])`, as in the crossover table), and
`batch_full` is hengjie's full assessment (every rule of §1–§16) against OpenFisca's subset.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import openfisca as of_model  # noqa: E402  (bench/openfisca, the OpenFisca model)
import population  # noqa: E402
import zen  # noqa: E402

import hengjie  # noqa: E402

SUBSET_RISKS = (
    "income_below_line",
    "rigid_expenditure",
    "income_drop",
    "uninsured",
    "unsafe_housing",
    "unsafe_water",
    "food_clothing",
)
FEN = Decimal("0.01")

# hengjie's Arrow form, as `hengjie.synth` makes it (docs/python.md): money `decimal128(20, 2)`
# (exact, like OpenFisca's integer fen arrays), dates `date32`; the JSON texts of bench/population.py
# become `Decimal`s and `date`s when the table is built (not timed).
_money = pa.decimal128(20, 2)
_date = pa.date32()
_MONEY_KEYS = frozenset(
    {"wages", "business", "property", "transfers", "previous_year_income", "current_monthly_benefit"}
    | {"medical", "education", "disaster", "accident"}
)
_DATE_KEYS = frozenset(("birth_date", "since", "income_exceeded_on"))
INPUT_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("village_id", pa.string()),
        ("poverty_alleviated", pa.bool_()),
        (
            "members",
            pa.list_(
                pa.struct(
                    [
                        ("id", pa.string()),
                        ("birth_date", _date),
                        ("labor_capacity", pa.string()),
                        ("medical_insured", pa.bool_()),
                    ]
                )
            ),
        ),
        (
            "income",
            pa.struct([(k, _money) for k in ("wages", "business", "property", "transfers")]),
        ),
        ("previous_year_income", _money),
        (
            "rigid_expenditure",
            pa.struct([(k, _money) for k in ("medical", "education", "disaster", "accident")]),
        ),
        ("housing_grade", pa.string()),
        ("drinking_water_safe", pa.bool_()),
        ("food_clothing_secure", pa.bool_()),
        ("assets_within_limit", pa.bool_()),
        (
            "dibao",
            pa.struct(
                [
                    ("since", _date),
                    ("current_monthly_benefit", _money),
                    ("income_exceeded_on", _date),
                ]
            ),
        ),
    ]
)


def _arrow_value(key: str | None, value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _arrow_value(k, v) for k, v in value.items()}
    if isinstance(value, list):
        return [_arrow_value(None, v) for v in value]
    if isinstance(value, str) and key in _MONEY_KEYS:
        return Decimal(value)
    if isinstance(value, str) and key in _DATE_KEYS:
        return datetime.date.fromisoformat(value)
    return value


def arrow_table(households: list[dict[str, Any]]) -> pa.Table:
    """The households as hengjie's nested Arrow table (money decimal128, dates date32)."""
    return pa.Table.from_pylist([_arrow_value(None, h) for h in households], schema=INPUT_SCHEMA)


Decision = tuple[bool, Any, tuple[str, ...], str, Decimal]
FIELDS = ("monitoring.include", "monitoring.category", "monitoring.risks", "dibao.status")
FIELDS += ("dibao.monthly_benefit",)


def _risks(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(r for r in values if r in SUBSET_RISKS)


def _fen(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(FEN, rounding=ROUND_HALF_UP)


# ---- each engine's decisions in one common form ------------------------------------------------


def decisions_hengjie_arrow(out: pa.Table) -> list[Decision]:
    errors = [e for e in out.column("error.code").to_pylist() if e is not None]
    if errors:
        raise SystemExit(f"hengjie refused {len(errors)} households, first: {errors[0]}")
    cols = [out.column(name).to_pylist() for name in FIELDS]
    return [
        (inc, cat, _risks(risks), status, _fen(benefit)) for inc, cat, risks, status, benefit in zip(*cols)
    ]


def decision_hengjie_dict(a: dict[str, Any]) -> Decision:
    m, d = a["monitoring"], a["dibao"]
    return (m["include"], m["category"], _risks(m["risks"]), d["status"], _fen(d["monthly_benefit"]))


def decisions_cli(stdout: bytes) -> list[Decision]:
    return [decision_hengjie_dict(json.loads(line)) for line in io.BytesIO(stdout) if line.strip()]


def decisions_openfisca(out: dict[str, Any]) -> list[Decision]:
    categories = out["category"].decode_to_str()
    statuses = out["dibao_status"].decode_to_str()
    flags = np.stack([out[r] for r in SUBSET_RISKS], axis=1)
    names = np.array(SUBSET_RISKS)
    return [
        (
            bool(out["include"][i]),
            None if categories[i] == "none" else str(categories[i]),
            tuple(names[flags[i]]),
            str(statuses[i]),
            Decimal(int(out["monthly_benefit_fen"][i])).scaleb(-2),
        )
        for i in range(len(statuses))
    ]


def decision_zen(result: dict[str, Any]) -> Decision:
    return (
        result["include"],
        result.get("category"),
        _risks(result["risks"]),
        result["dibao_status"],
        _fen(result["monthly_benefit"]),
    )


def check_agreement(ids: list[str], engines: dict[str, list[Decision]]) -> None:
    names = list(engines)
    reference = engines[names[0]]
    for name in names[1:]:
        other = engines[name]
        if len(other) != len(reference):
            raise SystemExit(f"DISAGREEMENT: {name} gave {len(other)} decisions for {len(ids)}")
    for i, hid in enumerate(ids):
        for name in names[1:]:
            if engines[name][i] != reference[i]:
                for f, field in enumerate(FIELDS):
                    if engines[name][i][f] != reference[i][f]:
                        values = ", ".join(f"{n}={engines[n][i][f]!r}" for n in names)
                        print(f"DISAGREEMENT household {hid} field {field}: {values}")
                        raise SystemExit(1)


# ---- timing -------------------------------------------------------------------------------------


def interleaved_medians(fns: dict[str, tuple[Callable[[int], Any], int]]) -> dict[str, float]:
    """Median seconds of each `fn(i)` for i in 0..its count, the engines taking turns on each i
    so that a change in the machine's load hits all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for i in range(max(count for _, count in fns.values())):
        for name, (fn, count) in fns.items():
            if i < count:
                t = time.perf_counter()
                fn(i)
                times[name].append(time.perf_counter() - t)
    return {name: statistics.median(values) for name, values in times.items()}


def interleaved_best(fns: dict[str, Callable[[], Any]], reps: int) -> dict[str, tuple[float, Any]]:
    """Best of `reps` seconds of each `fn()` and its last result, the engines taking turns."""
    best: dict[str, tuple[float, Any]] = {name: (float("inf"), None) for name in fns}
    for _ in range(reps):
        for name, fn in fns.items():
            best[name] = (best[name][0], None)  # free the previous result first
            t = time.perf_counter()
            result = fn()
            best[name] = (min(best[name][0], time.perf_counter() - t), result)
    return best


# What OpenFisca and zen compute: hengjie is asked for the same outputs (docs/rust.md#outputs).
SUBSET_OUTPUTS = ["monitoring", "dibao"]


def subset_options() -> dict[str, Any]:
    """`outputs=` when this hengjie has it (older builds compute everything)."""
    try:
        hengjie.output_schema(outputs=SUBSET_OUTPUTS)
    except TypeError:
        return {}
    return {"outputs": SUBSET_OUTPUTS}


def crossover(args: argparse.Namespace, households: list[dict[str, Any]], tbs: Any) -> None:
    print(
        "\ncrossover: hengjie assess_arrow (outputs monitoring, dibao) vs OpenFisca, same first N households"
    )
    print(f"{'N':>8} {'hengjie s':>11} {'OpenFisca s':>12} {'hengjie/OpenFisca':>18}")
    n = 1
    while n <= len(households):
        sub = households[:n]
        table = arrow_table(sub)
        arrays = of_model.to_arrays(sub)
        # Best of at least 3 at every N, as the main table's best of 5: one call at N = 100 000
        # was a single sample, the first on a new table, for both engines alike.
        reps = max(3, min(20, 20_000 // n))
        res = interleaved_best(
            {
                "hengjie": lambda t=table: hengjie.assess_arrow(t, args.as_of, **subset_options()),
                "openfisca": lambda a=arrays: of_model.simulate(tbs, a, args.as_of),
            },
            reps,
        )
        th, to = res["hengjie"][0], res["openfisca"][0]
        print(f"{n:>8} {th:>11.6f} {to:>12.6f} {th / to:>18.3f}")
        n *= 10


def ratio(x: float) -> str:
    """Three significant figures, never in exponent form (0.0153, 9.67, 123)."""
    return f"{x:.0f}" if x >= 100 else f"{x:.{max(0, 2 - int(np.floor(np.log10(x))))}f}"


def versions() -> str:
    names = ("hengjie", "openfisca-core", "zen-engine", "numpy", "pyarrow")
    return ", ".join(f"{n} {metadata.version(n)}" for n in names)


def machine() -> str:
    model = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import os

    return f"{model}, {os.cpu_count()} logical CPUs, Python {platform.python_version()}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000, help="households (default 100000)")
    ap.add_argument("--as-of", default="2023-06-30")
    ap.add_argument("--seed", type=int, default=20210824)
    ap.add_argument("--single", type=int, default=2000, help="single-household runs (hengjie, zen)")
    ap.add_argument("--single-openfisca", type=int, default=300, help="OpenFisca single runs")
    ap.add_argument("--cli", default=str(ROOT / "target/release/hengjie"))
    ap.add_argument("--crossover", action="store_true", help="also time N = 1, 10, ... both ways")
    args = ap.parse_args()
    n, as_of = args.n, args.as_of

    print(f"machine: {machine()}")
    print(f"versions: {versions()}")
    t = time.perf_counter()
    households = population.generate(n, args.seed, as_of)
    ids = [h["id"] for h in households]
    print(f"population: N={n} households, as of {as_of}, built in {time.perf_counter() - t:.1f} s")

    # Each engine's preferred input form (not timed) and one-time start-up (not timed).
    table = arrow_table(households)
    of_arrays = of_model.to_arrays(households)
    tbs = of_model.HengjieSubset()
    graph = (BENCH / "zen/monitoring_dibao.json").read_text()
    engine = zen.ZenEngine({"loader": {"type": "static", "content": {"md": json.loads(graph)}}})
    engine.evaluate("md", dict(households[0], as_of=as_of))  # load and compile the graph
    contexts = [dict(h, as_of=as_of) for h in households]
    policy = hengjie.Policy.default()
    hengjie.assess(households[0], as_of, policy=policy)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        f.writelines(json.dumps(h, ensure_ascii=False) + "\n" for h in households)
        jsonl = f.name

    # ---- whole population: run each engine, then check agreement ----
    reps = max(1, min(5, 500_000 // n))  # best of 5 at N = 100 000 (was 2: too noisy)
    batch_requests = [{"key": "md", "context": c} for c in contexts]

    def run_cli() -> bytes:
        proc = subprocess.run([args.cli, "assess", jsonl, "--as-of", as_of], capture_output=True, check=False)
        if proc.returncode not in (0, 1):  # 1: some household was refused
            raise SystemExit(f"hengjie CLI failed ({proc.returncode}): {proc.stderr[:500]!r}")
        return proc.stdout

    subset = subset_options()
    batch = interleaved_best(
        {
            "hengjie": lambda: hengjie.assess_arrow(table, as_of, policy=policy, **subset),
            "hengjie_full": lambda: hengjie.assess_arrow(table, as_of, policy=policy),
            "cli": run_cli,
            "openfisca": lambda: of_model.simulate(tbs, of_arrays, as_of),
            "zen_loop": lambda: [engine.evaluate("md", c)["result"] for c in contexts],
            "zen_batch": lambda: engine.evaluate_batch(batch_requests),
        },
        reps,
    )
    (t_h, out_h), (t_cli, out_cli), (t_of, out_of) = batch["hengjie"], batch["cli"], batch["openfisca"]
    t_hf, out_hf = batch["hengjie_full"]
    (t_zl, out_zl), (t_zb, out_zb) = batch["zen_loop"], batch["zen_batch"]
    del batch
    Path(jsonl).unlink()
    if not all(r.get("success") for r in out_zb):
        raise SystemExit("zen evaluate_batch reported a failure")

    single_idx = range(min(args.single, n))
    engines = {
        "hengjie_arrow": decisions_hengjie_arrow(out_h),
        "hengjie_arrow_full": decisions_hengjie_arrow(out_hf),
        "hengjie_cli": decisions_cli(out_cli),
        "openfisca": decisions_openfisca(out_of),
        "zen": [decision_zen(r) for r in out_zl],
        "zen_batch": [decision_zen(r["data"]["result"]) for r in out_zb],
    }
    check_agreement(ids, engines)
    # `explain=False` (decisions without reasons or parameters, as the other engines give) when
    # this hengjie has it; the explained call is timed too.
    try:
        hengjie.assess(households[0], as_of, policy=policy, explain=False)
        lean: dict[str, Any] = {"explain": False}
    except TypeError:
        lean = {}
    singles = [
        decision_hengjie_dict(hengjie.assess(households[i], as_of, policy=policy, **lean)) for i in single_idx
    ]
    singles_explained = [decision_hengjie_dict(hengjie.assess(households[i], as_of)) for i in single_idx]
    check_agreement(
        ids[: len(singles)],
        {"hengjie_arrow": engines["hengjie_arrow"][: len(singles)], "explained": singles_explained},
    )
    check_agreement(
        ids[: len(singles)],
        {"hengjie_arrow": engines["hengjie_arrow"][: len(singles)], "hengjie_assess": singles},
    )
    counts: dict[str, int] = {}
    for d in engines["hengjie_arrow"]:
        for key in (f"category={d[1]}", f"dibao={d[3]}", *(f"risk={r}" for r in d[2])):
            counts[key] = counts.get(key, 0) + 1
    print(f"agreement: all {len(engines)} engine runs agree on all {n} households x {len(FIELDS)} fields")
    print("population mix: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))

    # ---- one household: median of many, each on a different household ----
    k = len(single_idx)
    rows = [table.slice(i, 1) for i in range(min(k, 500))]
    ko = min(args.single_openfisca, n)
    of_one = [of_model.slice_arrays(of_arrays, i) for i in range(ko)]
    single = interleaved_medians(
        {
            "assess": (lambda i: hengjie.assess(households[i], as_of, policy=policy, **lean), k),
            "assess_outputs": (
                lambda i: hengjie.assess(households[i], as_of, policy=policy, **lean, **subset),
                k,
            ),
            "assess_explained": (lambda i: hengjie.assess(households[i], as_of, policy=policy), k),
            "assess_json": (lambda i: hengjie.assess_json(households[i], as_of, policy=policy), k),
            "arrow": (lambda i: hengjie.assess_arrow(rows[i], as_of, policy=policy), len(rows)),
            "openfisca": (lambda i: of_model.simulate(tbs, of_one[i], as_of), ko),
            "zen": (lambda i: engine.evaluate("md", contexts[i]), k),
        }
    )
    s_h, s_he, s_hj, s_ha = (
        single["assess"],
        single["assess_explained"],
        single["assess_json"],
        single["arrow"],
    )
    s_of, s_z = single["openfisca"], single["zen"]
    s_ho = single["assess_outputs"]

    t_z = min(t_zl, t_zb)
    print()
    print(f"{'engine':<58} {'single µs':>10} {'batch s':>9} {'households/s':>13}")
    table_rows = [
        (f"hengjie Python (assess{'(explain=False)' if lean else ''}; assess_arrow, outputs)", s_h, t_h),
        ("hengjie Python (assess_arrow, full assessment)", None, t_hf),
        ("hengjie Python (assess, outputs monitoring and dibao)", s_ho, None),
        ("hengjie Python (assess, explained)", s_he, None),
        ("hengjie Python (assess_json)", s_hj, None),
        ("hengjie Python (assess_arrow, 1-row table)", s_ha, None),
        ("hengjie CLI (JSONL, subprocess end to end)", None, t_cli),
        ("OpenFisca (openfisca-core, numpy)", s_of, t_of),
        ("zen-engine (engine.evaluate loop)", s_z, t_zl),
        ("zen-engine (evaluate_batch)", None, t_zb),
    ]
    for name, single, batch in table_rows:
        s = f"{single * 1e6:>10.1f}" if single is not None else f"{'-':>10}"
        b = f"{batch:>9.3f} {n / batch:>13,.0f}" if batch is not None else f"{'-':>9} {'-':>13}"
        print(f"{name:<58} {s} {b}")
    print(f"(N={n}; batch = best of {reps}; single = median of {k} (OpenFisca {ko}) households)")

    if args.crossover:
        crossover(args, households, tbs)

    print(
        f"speedup_vs_openfisca_single={ratio(s_of / s_h)} "
        f"speedup_vs_openfisca_batch={ratio(t_of / t_h)} "
        f"speedup_vs_zen={ratio(t_z / t_h)} "
        f"speedup_vs_openfisca_batch_full={ratio(t_of / t_hf)} "
        f"speedup_vs_openfisca_single_outputs={ratio(s_of / s_ho)}"
    )


if __name__ == "__main__":
    main()
