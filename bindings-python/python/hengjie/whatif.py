"""What-if analysis: the same population under two policies (`compare`) or under a range of one
parameter's values (`sweep`). Both run `hengjie.assess_batch`; money stays `decimal.Decimal`
(sums are exact Arrow decimal sums), floats appear only when a chart is drawn.
"""

from __future__ import annotations

import datetime
import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, overload

from . import _core
from ._batch import assess_batch

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

__all__ = ["DECISIONS", "METRICS", "UNITS", "Comparison", "Sweep", "compare", "summarize", "sweep"]

#: The household-level decision columns `compare` looks at, in output order.
DECISIONS: tuple[str, ...] = (
    "error.code",
    "monitoring.include",
    "monitoring.category",
    "monitoring.review",
    "monitoring.exit.eligible",
    "assistance_approach",
    "dibao.status",
    "dibao.monthly_benefit",
    "temporary_assistance.eligible",
    "temporary_assistance.amount",
    "small_loan.eligible",
    "small_loan.max_amount",
    "low_income.population",
    "housing.status",
    "medical_subsidy.total",
    "pension.proxy_payment_total",
)

#: The rows of a summary, in order: counts (int) then money totals (Decimal, 2 places).
METRICS: tuple[str, ...] = (
    "households",
    "assessed",
    "failed",
    "included",
    "unstable_alleviated",
    "marginal",
    "sudden_hardship",
    "newly_included",
    "dropped",
    "dibao_households",
    "dibao_monthly_total",
    "temporary_assistance_households",
    "temporary_assistance_total",
    "medical_subsidy_total",
    "pension_proxy_total",
    "small_loan_households",
    "low_income_households",
)

#: The unit of each metric (the label table's ``unit`` words): counts are households; dibao is
#: paid every month, temporary assistance once, medical and pension help every year.
UNITS: dict[str, str] = {m: "households" for m in METRICS} | {
    "dibao_monthly_total": "yuan_per_month",
    "temporary_assistance_total": "yuan_once",
    "medical_subsidy_total": "yuan_per_year",
    "pension_proxy_total": "yuan_per_year",
}

_MONEY_METRICS = {
    "dibao_monthly_total": "dibao.monthly_benefit",
    "temporary_assistance_total": "temporary_assistance.amount",
    "medical_subsidy_total": "medical_subsidy.total",
    "pension_proxy_total": "pension.proxy_payment_total",
}
_CENT = Decimal("0.01")


def _table(frame: pd.DataFrame) -> pa.Table:
    import pyarrow as pa

    return pa.Table.from_pandas(frame, preserve_index=False)


def _dsum(column: pa.ChunkedArray) -> Decimal:
    import pyarrow.compute as pc

    total = pc.sum(column).as_py()
    return (Decimal(0) if total is None else Decimal(total)).quantize(_CENT)


def _count(mask: pa.ChunkedArray | pa.Array) -> int:
    import pyarrow.compute as pc

    return int(pc.sum(pc.fill_null(mask, False)).as_py() or 0)


@overload
def summarize(result: pd.DataFrame, by: None = None) -> dict[str, int | Decimal]: ...
@overload
def summarize(result: pd.DataFrame, by: str | Sequence[Any] | pd.Series) -> pd.DataFrame: ...
def summarize(
    result: pd.DataFrame, by: str | Sequence[Any] | pd.Series | None = None
) -> dict[str, int | Decimal] | pd.DataFrame:
    """The METRICS of one `assess_batch` output (households level).

    `newly_included`: included without being on the monitoring roll in the input (the population
    indicators of docs/rules/village.md);
    `dropped`: on the roll in the input (it has `monitoring`) but no longer included. Failed rows
    count only in `failed`. Totals are exact decimal sums of the household columns.

    With `by` (a column of `result` — a kept ``village_id`` — or one key per row): a DataFrame,
    one row per group (sorted, a missing key as its own group) and one column per metric
    (counts ``int64``, money ``decimal128(20, 2)``, both Arrow-backed: exact and plottable).
    """
    t = _table(result)
    if by is None:
        return _summary(t)
    keys = _keys_of(result, by)
    return _grouped(t, keys, by if isinstance(by, str) else "group")


def _summary(t: pa.Table) -> dict[str, int | Decimal]:
    import pyarrow.compute as pc

    ok = pc.is_null(t.column("error.code"))
    include = pc.fill_null(t.column("monitoring.include"), False)
    on_roll = pc.is_valid(t.column("monitoring.exit.eligible"))
    category = t.column("monitoring.category")
    out: dict[str, int | Decimal] = {
        "households": t.num_rows,
        "assessed": _count(ok),
        "failed": t.num_rows - _count(ok),
        "included": _count(include),
    }
    for cat in ("unstable_alleviated", "marginal", "sudden_hardship"):
        out[cat] = _count(pc.equal(category, cat))
    out["newly_included"] = _count(pc.and_(include, pc.invert(on_roll)))
    out["dropped"] = _count(pc.and_(on_roll, pc.invert(include)))
    out["dibao_households"] = _count(t.column("dibao.eligible"))
    out["dibao_monthly_total"] = _dsum(t.column("dibao.monthly_benefit"))
    out["temporary_assistance_households"] = _count(t.column("temporary_assistance.eligible"))
    for name, column in _MONEY_METRICS.items():
        out[name] = _dsum(t.column(column))
    out["small_loan_households"] = _count(t.column("small_loan.eligible"))
    out["low_income_households"] = _count(t.column("low_income.population"))
    return {k: out[k] for k in METRICS}


def _keys_of(result: pd.DataFrame, by: str | Sequence[Any] | pd.Series) -> list[Any]:
    """One group key per row of `result`: its column `by`, or `by` itself (one key a row)."""
    if isinstance(by, str):
        if by not in result.columns:
            raise KeyError(
                f"by={by!r}: the result has no such column (keep it from the input with "
                "assess_batch(..., keep=[...]) or give one key per row)"
            )
        return list(result[by].tolist())
    keys = list(by)
    if len(keys) != len(result):
        raise ValueError(f"by has {len(keys)} keys for {len(result)} rows")
    return keys


def _groups(keys: list[Any]) -> list[tuple[Any, list[int]]]:
    """Row positions of each key, keys sorted (a missing key — None or NA — last)."""
    import pandas as pd

    rows: dict[Any, list[int]] = {}
    for i, k in enumerate(keys):
        rows.setdefault(None if k is None or k is pd.NA or k != k else k, []).append(i)
    present = sorted((k for k in rows if k is not None), key=lambda k: (str(type(k)), k))
    return [(k, rows[k]) for k in present] + ([(None, rows[None])] if None in rows else [])


def _grouped(t: pa.Table, keys: list[Any], name: str) -> pd.DataFrame:
    """METRICS per group as a typed DataFrame (index: the group key named `name`)."""
    import pyarrow as pa

    groups = _groups(keys)
    rows = [_summary(t.take(pa.array(idx, pa.int64()))) for _, idx in groups]
    frame = _metrics_frame(rows)
    frame.index = _index([k for k, _ in groups], name)
    return frame


def _index(values: list[Any], name: str) -> pd.Index:
    import pandas as pd

    return pd.Index(values, name=name, dtype=object)


def _metrics_frame(rows: list[dict[str, int | Decimal]]) -> pd.DataFrame:
    """One row per summary, one column per metric: counts ``int64``, money
    ``decimal128(20, 2)`` (Arrow-backed: exact, and numeric for ``.plot()``)."""
    import pandas as pd

    return pd.DataFrame({m: _column([r[m] for r in rows], m) for m in METRICS})


def _column(values: list[Any], metric: str) -> pd.Series:
    import pandas as pd
    import pyarrow as pa

    kind = pa.decimal128(20, 2) if metric in _MONEY_METRICS else pa.int64()
    return pd.Series(pd.array(values, dtype=pd.ArrowDtype(kind)))


def _materialise(data: Any) -> Any:
    """A one-shot iterable (generator) becomes a list, so it can be assessed twice."""
    if isinstance(data, (list, tuple)) or _is_tabular(data):
        return data
    if isinstance(data, Iterable) and not isinstance(data, (str, bytes, dict)):
        return list(data)
    return data


def _is_tabular(data: Any) -> bool:
    return type(data).__module__.startswith(("pyarrow", "pandas"))


def _differs(a: pa.ChunkedArray, b: pa.ChunkedArray) -> pa.ChunkedArray:
    """Null-aware inequality: true where the values differ or exactly one is null."""
    import pyarrow.compute as pc

    ne = pc.fill_null(pc.not_equal(a, b), False)
    return pc.or_(ne, pc.xor(pc.is_null(a), pc.is_null(b)))


@dataclass(frozen=True)
class Comparison:
    """`compare`'s result: `summary` (METRICS × baseline / reform / change), `changed` (one row per
    household whose decisions differ: `household_id`, `row`, `changes` — the DECISIONS columns
    that differ — then `baseline.<column>` and `reform.<column>` for every decision), and the
    household ids that enter (`moved_in`) and leave (`moved_out`) monitoring under the reform.

    `summary` columns: `unit` (``households``, ``yuan_per_month`` for dibao, ``yuan_once`` for
    temporary assistance, ``yuan_per_year`` for medical and pension help), then `baseline`,
    `reform` and `change` as ``decimal128(20, 2)`` (exact, and numeric for ``.plot()``). With
    ``compare(..., by=...)``, `groups` holds the same columns per group, indexed by (group,
    metric)."""

    as_of: str
    baseline_name: str
    reform_name: str
    summary: pd.DataFrame
    changed: pd.DataFrame
    moved_in: list[str] = field(default_factory=list)
    moved_out: list[str] = field(default_factory=list)
    groups: pd.DataFrame | None = None

    def _repr_html_(self) -> str:
        head = (
            f"<h4>hengjie.compare — {html.escape(self.baseline_name)} → "
            f"{html.escape(self.reform_name)}, as of {html.escape(self.as_of)}</h4>"
            f"<p>{len(self.changed)} households change; {len(self.moved_in)} enter monitoring, "
            f"{len(self.moved_out)} leave it.</p>"
        )
        shown = self.changed.head(20)
        more = (
            f"<p>… and {len(self.changed) - len(shown)} more (see <code>.changed</code>)</p>"
            if len(self.changed) > len(shown)
            else ""
        )
        return head + _html_table(self.summary) + "<h5>Changed households</h5>" + _html_table(shown) + more

    def __repr__(self) -> str:
        return (
            f"Comparison({self.baseline_name!r} → {self.reform_name!r}, as_of={self.as_of!r}, "
            f"{len(self.changed)} households changed)\n{self.summary.to_string()}"
        )

    def plot(
        self,
        ax: Any = None,
        metrics: Sequence[str] | None = None,
        *,
        lang: Literal["zh", "en"] = "zh",
    ) -> Any:
        """Bar chart of the money totals (or `metrics`) under both policies; needs matplotlib
        (`pip install hengjie[plot]`). Words in Chinese (``lang="zh"``) or English from
        `hengjie.labels`, as `Sweep.plot`. Returns the matplotlib Axes."""
        plt = _pyplot()
        words = _chart_words(lang)
        font = _font_of(lang)
        names = list(metrics) if metrics is not None else list(_MONEY_METRICS)
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 3.5))
        xs = range(len(names))
        base = [float(self.summary.loc[m, "baseline"]) for m in names]
        ref = [float(self.summary.loc[m, "reform"]) for m in names]
        baseline = words.qualified(words.column("baseline"), self.baseline_name)
        reform = words.qualified(words.column("reform"), self.reform_name)
        ax.bar([x - 0.2 for x in xs], base, width=0.4, label=baseline)
        ax.bar([x + 0.2 for x in xs], ref, width=0.4, label=reform)
        ax.set_xticks(list(xs), [words.column(m) for m in names], rotation=20, ha="right", **font)
        # one unit (元/月, 户), else 元 when every bar is money (each tick names its period)
        units = {UNITS.get(m) for m in names}
        if len(units) == 1:
            ax.set_ylabel(words.unit(names[0]), **font)
        elif all(m in _MONEY_METRICS for m in names):
            ax.set_ylabel(words.word("yuan"), **font)
        ax.legend(prop={"family": font["fontfamily"]} if font else None)
        ax.set_title(
            words.qualified(
                f"{words.column('baseline')} / {words.column('reform')}",
                f"{words.column('as_of')} {self.as_of}",
            ),
            **font,
        )
        return ax


def compare(
    data: Any,
    as_of: str | datetime.date,
    baseline: _core.Policy | None,
    reform: _core.Policy,
    *,
    members: Any = None,
    hospitalizations: Any = None,
    by: str | Sequence[Any] | None = None,
) -> Comparison:
    """Assesses `data` (anything `assess_batch` reads) under `baseline` (None: the default
    policy) and `reform` on one date; gives the households whose decisions change and a summary
    for both policies. Rows are matched by position (input order).

    `by`: a column of the result or of the input (``"village_id"``), or one key per household:
    the summary per group as well, in `Comparison.groups`."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    data = _materialise(data)
    base_policy = baseline if baseline is not None else _core.Policy.default()
    frames = [
        assess_batch(data, as_of, policy=p, members=members, hospitalizations=hospitalizations)
        for p in (base_policy, reform)
    ]
    b, r = (_table(f) for f in frames)
    diffs = {c: _differs(b.column(c), r.column(c)) for c in DECISIONS}
    any_diff = diffs[DECISIONS[0]]
    for c in DECISIONS[1:]:
        any_diff = pc.or_(any_diff, diffs[c])
    rows = pc.indices_nonzero(any_diff)
    changes: list[list[str]] = [[] for _ in range(len(rows))]
    for c in DECISIONS:
        for i, flag in enumerate(diffs[c].take(rows).to_pylist()):
            if flag:
                changes[i].append(c)
    cols: dict[str, Any] = {
        "household_id": b.column("household_id").take(rows),
        "row": pc.cast(rows, pa.int64()),
        "changes": pa.array(changes, type=pa.list_(pa.string())),
    }
    for c in DECISIONS:
        cols[f"baseline.{c}"] = b.column(c).take(rows)
        cols[f"reform.{c}"] = r.column(c).take(rows)
    changed = pa.table(cols).to_pandas(types_mapper=pd.ArrowDtype)

    summary = _comparison_summary(_summary(b), _summary(r))
    groups = None
    if by is not None:
        keys = _input_keys(data, frames[0], by)
        parts = []
        index: list[tuple[Any, str]] = []
        for key, idx in _groups(keys):
            take = pa.array(idx, pa.int64())
            parts.append(_comparison_summary(_summary(b.take(take)), _summary(r.take(take))))
            index += [(key, m) for m in METRICS]
        groups = pd.concat(parts, ignore_index=True)
        groups.index = pd.MultiIndex.from_tuples(index, names=[_by_name(by), "metric"])
    inc_b = pc.fill_null(b.column("monitoring.include"), False)
    inc_r = pc.fill_null(r.column("monitoring.include"), False)
    ids = b.column("household_id")
    moved_in = ids.filter(pc.and_(inc_r, pc.invert(inc_b))).to_pylist()
    moved_out = ids.filter(pc.and_(inc_b, pc.invert(inc_r))).to_pylist()
    return Comparison(
        as_of=str(as_of),
        baseline_name=base_policy.jurisdiction,
        reform_name=reform.jurisdiction,
        summary=summary,
        changed=changed,
        moved_in=moved_in,
        moved_out=moved_out,
        groups=groups,
    )


def _comparison_summary(sb: dict[str, int | Decimal], sr: dict[str, int | Decimal]) -> pd.DataFrame:
    import pandas as pd
    import pyarrow as pa

    money = pd.ArrowDtype(pa.decimal128(20, 2))

    def column(values: list[Any]) -> Any:
        return pd.array([Decimal(v) for v in values], dtype=money)

    summary = pd.DataFrame(
        {
            "unit": pd.array([UNITS[m] for m in METRICS], dtype=pd.ArrowDtype(pa.string())),
            "baseline": column([sb[m] for m in METRICS]),
            "reform": column([sr[m] for m in METRICS]),
            "change": column([sr[m] - sb[m] for m in METRICS]),
        },
        index=pd.Index(METRICS, name="metric"),
    )
    return summary


def _by_name(by: Any) -> str:
    return by if isinstance(by, str) else "group"


def _input_keys(data: Any, frame: pd.DataFrame, by: str | Sequence[Any] | pd.Series) -> list[Any]:
    """One group key per household: the result's column `by` (a kept column), else the input's
    column or field `by` (rows are in input order), else `by` itself (one key a household)."""
    if not isinstance(by, str) or by in frame.columns:
        return _keys_of(frame, by)
    if _is_tabular(data):
        from ._batch import _as_table

        table = _as_table(data)
        if by in table.column_names and table.num_rows == len(frame):
            return list(table.column(by).to_pylist())
    elif isinstance(data, (list, tuple)) and all(isinstance(d, dict) for d in data):
        return [d.get(by) for d in data]
    raise KeyError(f"by={by!r}: neither the result nor the input has such a column")


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        raise TypeError(f"sweep values must be Decimal, int or str (not the float {value!r})")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class Sweep:
    """`sweep`'s result: `table` has one row per value (`value`, then the METRICS), in the order
    of `values`; `effective_from` is the date every value applies from. Columns are typed:
    `value` is ``decimal128`` or ``int64`` when every value is a number (else the values as
    given), counts ``int64``, money ``decimal128(20, 2)`` (exact, and numeric for
    ``table.plot(x="value", y="included")``); `UNITS` gives each metric's unit. With
    ``sweep(..., by=...)``, `groups` has one row per value and group (`value`, the group, then
    the METRICS). `current_value` is the parameter's value in effect on the as-of date under the
    policy swept over (its text, as ``Policy.params`` gives it; None if it has none there)."""

    parameter: str
    as_of: str
    effective_from: str
    table: pd.DataFrame
    groups: pd.DataFrame | None = None
    current_value: str | None = None

    def _repr_html_(self) -> str:
        return (
            f"<h4>hengjie.sweep — <code>{html.escape(self.parameter)}</code> from "
            f"{html.escape(self.effective_from)}, as of {html.escape(self.as_of)}</h4>"
            + _html_table(self.table)
        )

    def __repr__(self) -> str:
        return f"Sweep({self.parameter!r}, as_of={self.as_of!r})\n{self.table.to_string()}"

    def plot(
        self,
        y: str = "included",
        y2: str | None = "dibao_monthly_total",
        ax: Any = None,
        *,
        lang: Literal["zh", "en"] = "zh",
    ) -> Any:
        """A curve of `y` (and `y2` on a second axis) against the parameter's value, with the
        current value (`current_value`) marked by a dashed vertical line named in the legend
        (when it is a number, or one of the values); needs matplotlib
        (`pip install hengjie[plot]`). Titles, axes and legend in Chinese (``lang="zh"``) or
        English, words from `hengjie.labels`; Chinese text is drawn in an installed CJK font
        when one is found (else in matplotlib's configured font). Returns the matplotlib Axes."""
        plt = _pyplot()
        words = _chart_words(lang)
        font = _font_of(lang)
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 4))
        labels = [_value_text(v) for v in self.table["value"]]
        try:
            xs = [float(Decimal(v)) for v in labels]
            numeric = True
        except ArithmeticError:  # booleans or dates: evenly spaced, labelled
            xs = [float(i) for i in range(len(labels))]
            ax.set_xticks(xs, labels)
            numeric = False
        series = ax.plot(
            xs, [float(v) for v in self.table[y]], marker="o", color="tab:blue", label=words.column(y)
        )
        ax.set_xlabel(words.qualified(words.column("value"), self.parameter), **font)
        ax.set_ylabel(words.unit(y), color="tab:blue", **font)
        if y2 is not None:
            ax2 = ax.twinx()
            series += ax2.plot(
                xs, [float(v) for v in self.table[y2]], marker="s", color="tab:red", label=words.column(y2)
            )
            ax2.set_ylabel(words.unit(y2), color="tab:red", **font)
        at = _marker_x(self.current_value, labels, numeric)
        if at is not None:
            text = words.labelled(words.column("current_value"), str(self.current_value))
            series.append(
                ax.axvline(at, color="0.35", linestyle="--", linewidth=1, label=text, gid="current-value")
            )
        legend_font = {"family": font["fontfamily"]} if font else None
        ax.legend(series, [line.get_label() for line in series], loc="upper left", prop=legend_font)
        when = words.joined(
            [
                f"{words.column('effective_from')} {self.effective_from}",
                f"{words.column('as_of')} {self.as_of}",
            ]
        )
        ax.set_title(words.qualified(self.parameter, when), **font)
        return ax


def sweep(
    data: Any,
    as_of: str | datetime.date,
    parameter: str,
    values: Iterable[Any],
    *,
    policy: _core.Policy | None = None,
    members: Any = None,
    hospitalizations: Any = None,
    by: str | Sequence[Any] | None = None,
) -> Sweep:
    """Assesses `data` once per value of `parameter` and summarises each run (METRICS).

    Each value is laid over `policy` (default: the default policy) as a user layer whose single
    entry starts on **1 January of the as-of year**: the value is in force on `as_of`, earlier
    years keep their history, and the `from` reported in the assessments' `parameters` follows
    the annual convention of docs/parameters.md. Values are Decimal, int, str or bool (never float).
    A parameter name that does not exist is a `ParameterError` that names the nearest one.
    `by`: as in `compare` — the METRICS per value and group as well, in `Sweep.groups`.
    """
    import pandas as pd
    import pyarrow as pa

    data = _materialise(data)
    base = policy if policy is not None else _core.Policy.default()
    day = as_of if isinstance(as_of, datetime.date) else datetime.date.fromisoformat(as_of)
    start = datetime.date(day.year, 1, 1).isoformat()
    values = list(values)
    rows = []
    grouped: list[tuple[Any, Any, dict[str, int | Decimal]]] = []
    keys: list[tuple[Any, list[int]]] | None = None
    for v in values:
        layer = {
            "jurisdiction": f"{base.jurisdiction}+sweep",
            "parameters": {
                parameter: [{"from": start, "value": v if isinstance(v, bool) else _value_text(v)}]
            },
        }
        frame = assess_batch(
            data,
            as_of,
            policy=base.with_layer(layer),
            members=members,
            hospitalizations=hospitalizations,
        )
        t = _table(frame)
        rows.append(_summary(t))
        if by is not None:
            if keys is None:
                keys = _groups(_input_keys(data, frame, by))
            for key, idx in keys:
                grouped.append((v, key, _summary(t.take(pa.array(idx, pa.int64())))))
    table = _metrics_frame(rows)
    table.insert(0, "value", _values_column(values))
    groups = None
    if by is not None:
        groups = _metrics_frame([g for _, _, g in grouped])
        groups.insert(0, _by_name(by), pd.Series([k for _, k, _ in grouped], dtype=object))
        groups.insert(0, "value", _values_column([v for v, _, _ in grouped]))
    return Sweep(
        parameter=parameter,
        as_of=str(as_of),
        effective_from=start,
        table=table,
        groups=groups,
        current_value=_current_value(base, parameter, day),
    )


def _current_value(policy: _core.Policy, parameter: str, day: datetime.date) -> str | None:
    """The text of `parameter`'s value in effect on `day` under `policy` (None if it has none)."""
    from . import ParameterError

    try:
        rows = policy.params(day)
    except ParameterError:  # some parameter has no value on that day
        return None
    return next((r["value"] for r in rows if r["name"] == parameter), None)


def _marker_x(current: str | None, labels: list[str], numeric: bool) -> float | None:
    """Where the current value sits on a sweep's x axis: the number itself, or the position of
    the equal label when the values are not numbers (None when it is not among them)."""
    if current is None:
        return None
    if numeric:
        try:
            return float(Decimal(current))
        except ArithmeticError:
            return None
    return float(labels.index(current)) if current in labels else None


@dataclass(frozen=True)
class _ChartWords:
    """A chart's words in one language, from the core's label table."""

    lang: str
    table: dict[str, Any]

    def column(self, name: str) -> str:
        columns: dict[str, str] = self.table["columns"]
        return columns.get(name, name)

    def unit(self, metric: str) -> str:
        """An axis title: the metric's unit (户, 元/月, …) for a metric, else its name."""
        units: dict[str, str] = self.table["outputs"]["unit"]
        return units[UNITS[metric]] if metric in UNITS else metric

    def word(self, unit: str) -> str:
        """A word of the label table's unit list (``yuan`` → 元)."""
        units: dict[str, str] = self.table["outputs"]["unit"]
        return units[unit]

    def qualified(self, text: str, extra: str) -> str:
        return f"{text}（{extra}）" if self.lang == "zh" else f"{text} ({extra})"

    def labelled(self, text: str, value: str) -> str:
        return f"{text}：{value}" if self.lang == "zh" else f"{text}: {value}"

    def joined(self, parts: list[str]) -> str:
        return ("，" if self.lang == "zh" else ", ").join(parts)


def _chart_words(lang: Literal["zh", "en"]) -> _ChartWords:
    if lang not in ("zh", "en"):
        raise ValueError(f'lang must be "zh" or "en", not {lang!r}')
    return _ChartWords(lang, _core.labels(lang))


#: CJK fonts tried in order when fontconfig does not name one matplotlib knows.
_CJK_FONTS = (
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Droid Sans Fallback",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Heiti SC",
    "AR PL UMing CN",
)


def _font_of(lang: str) -> dict[str, Any]:
    """Keyword arguments that draw a chart's text in a font with Chinese glyphs (``{}`` for
    English, or when no such font is installed: matplotlib's configured font is kept)."""
    family = _cjk_family() if lang == "zh" else None
    return {"fontfamily": family} if family else {}


#: The CJK family found by `_cjk_family` (a one-element list once looked up).
_CJK_FOUND: list[str | None] = []


def _cjk_family() -> str | None:
    """An installed font family with Chinese glyphs that matplotlib can use, or None (looked up
    once a session)."""
    if not _CJK_FOUND:
        _CJK_FOUND.append(_find_cjk_family())
    return _CJK_FOUND[0]


def _find_cjk_family() -> str | None:
    try:
        from matplotlib import font_manager

        known = {f.name for f in font_manager.fontManager.ttflist}
        for family in _fontconfig_chinese():
            if family in known:
                return family
        return next((f for f in _CJK_FONTS if f in known), None)
    except Exception:  # a font lookup never breaks a chart
        return None


def _fontconfig_chinese() -> list[str]:
    """The families fontconfig says cover Chinese (``fc-list :lang=zh family``), if it is there."""
    import shutil
    import subprocess

    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        out = subprocess.run(
            [fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [name.strip() for line in out.splitlines() for name in line.split(",") if name.strip()]


def _values_column(values: list[Any]) -> pd.Series:
    """The swept values: Arrow ``decimal128``/``int64`` when all are numbers, else as given."""
    import pandas as pd
    import pyarrow as pa

    if values and all(isinstance(v, (int, Decimal)) and not isinstance(v, bool) for v in values):
        try:
            array = (
                pa.array([Decimal(v) for v in values])
                if any(isinstance(v, Decimal) for v in values)
                else pa.array(values, pa.int64())
            )
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            pass
        else:
            return pd.Series(pd.array(array, dtype=pd.ArrowDtype(array.type)))
    return pd.Series(values, dtype=object)


def _html_table(frame: pd.DataFrame) -> str:
    return str(frame.to_html(border=0, na_rep="—", escape=True))


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as e:
        raise ImportError("plotting needs matplotlib: pip install 'hengjie[plot]' (or matplotlib)") from e
    return plt
