"""Side by side: hengjie (Python on Arrow, and the CLI on JSON Lines), OpenFisca and zen-engine on
one synthetic population and one rule subset: monitoring flags 1-3 and 5-8 with the category
(RULES §2) and the dibao status and top-up (RULES §3).

1. Builds N households (bench/population.py) and gives each engine its preferred input form:
   hengjie a nested pyarrow Table (money `decimal128(20, 2)`, dates `date32`), the CLI a JSON
   Lines file, OpenFisca numpy arrays per variable, zen one context dict per household.
   Preparing these is not timed.
2. Checks that every engine reaches the same decisions for every household (include, category,
   risks restricted to the subset, dibao status, monthly benefit to the fen); exits 1 naming the
   first disagreement. Each engine's last answer is reduced to these five fields (numpy arrays,
   not timed) as soon as it is in, and dropped (N = 1 000 000: 11 GiB at the peak). The CLI's
   answer checked is that of a second run of the same command, not timed, read a line at a time.
3. Times each engine from "population in memory in its input form" to "decisions in memory",
   excluding one-time start-up (loading the OpenFisca tax-benefit system, compiling the zen
   graph, importing modules): one household (median of many) and the whole population (best of
   5 at N = 100 000, 1 from N = 500 000, the engines taking turns); the crossover table best of at
   least 3 at each N, up to the whole population. The CLI is timed end to end, `hengjie assess
   FILE --as-of` (the full explained output, about 20 KB a household) read from its pipe as it
   comes; until 2026-12-02 the bench also kept that output whole in its own memory (2 GB at
   N = 100 000, 20 GB at 1 000 000), now it does not keep it.

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
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
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


def arrow_table(households: list[dict[str, Any]], chunk: int = 100_000) -> pa.Table:
    """The households as hengjie's nested Arrow table (money decimal128, dates date32), one chunk
    a column as `from_pylist` makes it; over `chunk` households built `chunk` at a time and then
    combined, so that the converted dicts of a million households are never all in memory."""
    if len(households) <= chunk:
        return pa.Table.from_pylist([_arrow_value(None, h) for h in households], schema=INPUT_SCHEMA)
    parts = [
        pa.Table.from_pylist([_arrow_value(None, h) for h in households[i : i + chunk]], schema=INPUT_SCHEMA)
        for i in range(0, len(households), chunk)
    ]
    return pa.concat_tables(parts).combine_chunks()


FIELDS = ("monitoring.include", "monitoring.category", "monitoring.risks", "dibao.status")
FIELDS += ("dibao.monthly_benefit",)

# ---- each engine's decisions in one compact common form ---------------------------------------
#
# One household's decision is (include, category, risks restricted to the subset in the engine's
# order, dibao status, monthly benefit to the fen). At N = 1 000 000 the engines' whole answers
# cannot all be held (the CLI's explained output alone is about 20 GB), so each answer is reduced
# to five numpy arrays as soon as it is in, and dropped: `include` as booleans, the benefit as
# integer fen, and the category, the risks tuple and the status as small integer codes into one
# table of the distinct values (`_VALUES`), so that equal codes are equal values.

_CODES: dict[Any, int] = {}
_VALUES: list[Any] = []


def _code(value: Any) -> int:
    code = _CODES.get(value)
    if code is None:
        code = _CODES[value] = len(_VALUES)
        _VALUES.append(value)
    return code


class Decisions:
    """Every household's decision of one engine, one array a field (in FIELDS' order)."""

    def __init__(self, include: Any, category: Any, risks: Any, status: Any, benefit_fen: Any) -> None:
        self.arrays = (
            np.asarray(include, dtype=bool),
            np.asarray(category, dtype=np.int32),
            np.asarray(risks, dtype=np.int32),
            np.asarray(status, dtype=np.int32),
            np.asarray(benefit_fen, dtype=np.int64),
        )

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[Any, Any, Sequence[str], str, Any]]) -> Decisions:
        """From (include, category, risks, status, benefit) a household, benefit as `_fen` takes."""
        cols: tuple[list[Any], ...] = ([], [], [], [], [])
        inc, cat, risk, status, fen = cols
        for i, c, r, s, b in rows:
            inc.append(i)
            cat.append(_code(c))
            risk.append(_code(_risks(r)))
            status.append(_code(s))
            fen.append(int(_fen(b).scaleb(2)))
        return cls(*cols)

    def __len__(self) -> int:
        return len(self.arrays[0])

    def head(self, k: int) -> Decisions:
        return Decisions(*(a[:k] for a in self.arrays))

    def value(self, i: int, field: int) -> Any:
        """Household `i`'s value of FIELDS[field], as the engine gave it."""
        v = self.arrays[field][i]
        if field == 0:
            return bool(v)
        if field == 4:
            return Decimal(int(v)).scaleb(-2)
        return _VALUES[v]


def _risks(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(r for r in values if r in SUBSET_RISKS)


def _fen(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(FEN, rounding=ROUND_HALF_UP)


def decisions_hengjie_arrow(out: pa.Table) -> Decisions:
    errors = [e for e in out.column("error.code").to_pylist() if e is not None]
    if errors:
        raise SystemExit(f"hengjie refused {len(errors)} households, first: {errors[0]}")
    return Decisions.from_rows(zip(*(out.column(name).to_pylist() for name in FIELDS), strict=True))


def _hengjie_row(a: dict[str, Any]) -> tuple[Any, Any, Sequence[str], str, Any]:
    m, d = a["monitoring"], a["dibao"]
    return (m["include"], m["category"], m["risks"], d["status"], d["monthly_benefit"])


def decisions_hengjie_dicts(answers: Iterable[dict[str, Any]]) -> Decisions:
    return Decisions.from_rows(_hengjie_row(a) for a in answers)


def decisions_cli(lines: Iterable[bytes]) -> Decisions:
    """The CLI's JSON Lines, read one line at a time."""
    return decisions_hengjie_dicts(json.loads(line) for line in lines if line.strip())


def decisions_openfisca(out: dict[str, Any]) -> Decisions:
    categories = out["category"].decode_to_str()
    statuses = out["dibao_status"].decode_to_str()
    names, inverse = np.unique(categories, return_inverse=True)
    category = np.array([_code(None if c == "none" else str(c)) for c in names])[inverse]
    names, inverse = np.unique(statuses, return_inverse=True)
    status = np.array([_code(str(s)) for s in names])[inverse]
    # The risks in SUBSET_RISKS' order, as one bit each, then each distinct set's tuple's code.
    flags = np.stack([out[r] for r in SUBSET_RISKS], axis=1).astype(np.int64)
    masks, inverse = np.unique(flags @ (1 << np.arange(len(SUBSET_RISKS))), return_inverse=True)
    risks = np.array(
        [_code(tuple(r for b, r in enumerate(SUBSET_RISKS) if m >> b & 1)) for m in masks.tolist()]
    )[inverse]
    return Decisions(out["include"], category, risks, status, out["monthly_benefit_fen"])


def decisions_zen(results: Iterable[dict[str, Any]]) -> Decisions:
    return Decisions.from_rows(
        (r["include"], r.get("category"), r["risks"], r["dibao_status"], r["monthly_benefit"])
        for r in results
    )


def check_agreement(ids: list[str], engines: dict[str, Decisions]) -> None:
    names = list(engines)
    reference = engines[names[0]]
    for name in names[1:]:
        if len(engines[name]) != len(reference):
            raise SystemExit(f"DISAGREEMENT: {name} gave {len(engines[name])} decisions for {len(ids)}")
    # The first household where some engine differs from the first, then its first such field.
    differ = np.zeros(len(reference), dtype=bool)
    for name in names[1:]:
        for a, b in zip(engines[name].arrays, reference.arrays, strict=True):
            differ |= a != b
    if not differ.any():
        return
    i = int(np.argmax(differ))
    for name in names[1:]:
        for f, field in enumerate(FIELDS):
            if engines[name].arrays[f][i] != reference.arrays[f][i]:
                values = ", ".join(f"{n}={engines[n].value(i, f)!r}" for n in names)
                print(f"DISAGREEMENT household {ids[i]} field {field}: {values}")
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


def interleaved_best(
    fns: dict[str, Callable[[], Any]],
    reps: int,
    keep: dict[str, Callable[[Any], Any]] | None = None,
) -> dict[str, tuple[float, Any]]:
    """Best of `reps` seconds of each `fn()`, the engines taking turns, and its last result, made
    compact by `keep[name]` (not timed) as soon as it is in when `keep` names the engine: at
    N = 1 000 000 the engines' whole answers do not fit in memory side by side."""
    best: dict[str, tuple[float, Any]] = {name: (float("inf"), None) for name in fns}
    for rep in range(reps):
        for name, fn in fns.items():
            best[name] = (best[name][0], None)  # free the previous result first
            t = time.perf_counter()
            result = fn()
            elapsed = time.perf_counter() - t
            if keep and name in keep:
                result = keep[name](result) if rep == reps - 1 else None
            best[name] = (min(best[name][0], elapsed), result)
            del result
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


def crossover(
    args: argparse.Namespace,
    households: list[dict[str, Any]],
    tbs: Any,
    whole: tuple[pa.Table, dict[str, np.ndarray]],
) -> None:
    print(
        "\ncrossover: hengjie assess_arrow (outputs monitoring, dibao) vs OpenFisca, same first N households"
    )
    print(f"{'N':>8} {'hengjie s':>11} {'OpenFisca s':>12} {'hengjie/OpenFisca':>18}")
    n = 1
    while n <= len(households):
        sub = households[:n]
        # The whole population's table and arrays are the main table's, not built again.
        table, arrays = whole if n == len(households) else (arrow_table(sub), of_model.to_arrays(sub))
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

    cli_command = [args.cli, "assess", jsonl, "--as-of", as_of]

    def cli_done(proc: subprocess.Popen[bytes], stderr: Any) -> None:
        if proc.wait() not in (0, 1):  # 1: some household was refused
            stderr.seek(0)
            raise SystemExit(f"hengjie CLI failed ({proc.returncode}): {stderr.read(500)!r}")

    def run_cli() -> int:
        """The CLI end to end, its whole explained output read through a pipe as it comes, and
        not kept (20 KB a household); the bytes read."""
        buf, total = bytearray(1 << 20), 0
        with tempfile.TemporaryFile() as stderr:
            with subprocess.Popen(cli_command, stdout=subprocess.PIPE, stderr=stderr, bufsize=0) as proc:
                assert proc.stdout is not None
                while got := proc.stdout.readinto(buf):
                    total += got
            cli_done(proc, stderr)
        return total

    def cli_decisions() -> Decisions:
        """The same command run again, not timed, its output read a line at a time."""
        with tempfile.TemporaryFile() as stderr:
            with subprocess.Popen(cli_command, stdout=subprocess.PIPE, stderr=stderr) as proc:
                assert proc.stdout is not None
                decisions = decisions_cli(proc.stdout)
            cli_done(proc, stderr)
        return decisions

    def zen_batch_decisions(out: list[dict[str, Any]]) -> Decisions:
        if not all(r.get("success") for r in out):
            raise SystemExit("zen evaluate_batch reported a failure")
        return decisions_zen(r["data"]["result"] for r in out)

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
        keep={
            "hengjie": decisions_hengjie_arrow,
            "hengjie_full": decisions_hengjie_arrow,
            "openfisca": decisions_openfisca,
            "zen_loop": decisions_zen,
            "zen_batch": zen_batch_decisions,
        },
    )
    t_h, t_hf, t_cli, t_of = (batch[e][0] for e in ("hengjie", "hengjie_full", "cli", "openfisca"))
    t_zl, t_zb = batch["zen_loop"][0], batch["zen_batch"][0]
    engines: dict[str, Decisions] = {
        "hengjie_arrow": batch["hengjie"][1],
        "hengjie_arrow_full": batch["hengjie_full"][1],
        "hengjie_cli": cli_decisions(),
        "openfisca": batch["openfisca"][1],
        "zen": batch["zen_loop"][1],
        "zen_batch": batch["zen_batch"][1],
    }
    del batch
    batch_requests.clear()
    Path(jsonl).unlink()

    single_idx = range(min(args.single, n))
    check_agreement(ids, engines)
    # `explain=False` (decisions without reasons or parameters, as the other engines give) when
    # this hengjie has it; the explained call is timed too.
    try:
        hengjie.assess(households[0], as_of, policy=policy, explain=False)
        lean: dict[str, Any] = {"explain": False}
    except TypeError:
        lean = {}
    singles = decisions_hengjie_dicts(
        hengjie.assess(households[i], as_of, policy=policy, **lean) for i in single_idx
    )
    singles_explained = decisions_hengjie_dicts(hengjie.assess(households[i], as_of) for i in single_idx)
    check_agreement(
        ids[: len(singles)],
        {"hengjie_arrow": engines["hengjie_arrow"].head(len(singles)), "explained": singles_explained},
    )
    check_agreement(
        ids[: len(singles)],
        {"hengjie_arrow": engines["hengjie_arrow"].head(len(singles)), "hengjie_assess": singles},
    )
    counts: dict[str, int] = {}
    reference = engines["hengjie_arrow"].arrays
    for field, prefix in ((1, "category"), (3, "dibao"), (2, None)):
        codes, how_many = np.unique(reference[field], return_counts=True)
        for code, count in zip(codes.tolist(), how_many.tolist(), strict=True):
            value = _VALUES[code]
            for key in [f"risk={r}" for r in value] if prefix is None else [f"{prefix}={value}"]:
                counts[key] = counts.get(key, 0) + count
    print(f"agreement: all {len(engines)} engine runs agree on all {n} households x {len(FIELDS)} fields")
    print("population mix: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))

    # ---- one household: median of many, each on a different household ----
    k = len(single_idx)
    rows = [table.slice(i, 1) for i in range(min(k, 500))]
    # The lean answers as text (not timed): CPython's own C parser building the same dicts from
    # them is a floor for any door that gives dicts.
    answers = [hengjie.assess_json(households[i], as_of, policy=policy, **lean) for i in single_idx]
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
            "assess_json_lean": (
                lambda i: hengjie.assess_json(households[i], as_of, policy=policy, **lean),
                k,
            ),
            "json_loads": (lambda i: json.loads(answers[i]), k),
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
        (
            f"hengjie Python (assess_json{'(explain=False)' if lean else ''})",
            single["assess_json_lean"],
            None,
        ),
        ("CPython json.loads of that answer's text (no engine)", single["json_loads"], None),
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
        crossover(args, households, tbs, (table, of_arrays))

    print(
        f"speedup_vs_openfisca_single={ratio(s_of / s_h)} "
        f"speedup_vs_openfisca_batch={ratio(t_of / t_h)} "
        f"speedup_vs_zen={ratio(t_z / t_h)} "
        f"speedup_vs_openfisca_batch_full={ratio(t_of / t_hf)} "
        f"speedup_vs_openfisca_single_outputs={ratio(s_of / s_ho)}"
    )


if __name__ == "__main__":
    main()
