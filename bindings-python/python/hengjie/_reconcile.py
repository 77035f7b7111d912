"""Department data comparison (部门信息比对, docs/reconcile.md): rosters against households.

The Rust side reads the rosters (hengjie-tables) and compares (the core); this module only turns
DataFrames and Arrow tables into text tables and the answer into DataFrames."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from ._core import Policy, reconcile_json, warning_list_columns

_SEVERITIES = ("red", "orange", "yellow")


def _roster(source: Any) -> Any:
    """A path as text, or a table as (header, rows of text cells)."""
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    if hasattr(source, "to_pylist") and hasattr(source, "column_names"):  # pyarrow Table/RecordBatch
        header = list(source.column_names)
        rows = [[_text(row.get(h)) for h in header] for row in source.to_pylist()]
        return (header, rows)
    if hasattr(source, "columns") and hasattr(source, "itertuples"):  # pandas DataFrame
        header = [str(c) for c in source.columns]
        rows = [[_text(v) for v in row] for row in source.itertuples(index=False, name=None)]
        return (header, rows)
    raise TypeError(f"a roster is a path, a pandas DataFrame or a pyarrow Table, not {type(source).__name__}")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (ImportError, TypeError, ValueError):
        pass
    if hasattr(value, "isoformat"):
        return str(value.isoformat())[:10]
    return str(value)


def _household(doc: Any) -> str:
    if isinstance(doc, (bytes, bytearray)):
        return doc.decode("utf-8")
    if isinstance(doc, str):
        return doc
    return json.dumps(doc, default=lambda x: str(x) if isinstance(x, Decimal) else x, ensure_ascii=False)


class Reconciliation:
    """The answer: `.signals` and `.changes` (pandas, Arrow dtypes), `.summary`, `.document`
    (the whole JSON document as a dict), `.to_excel(path)`; shown in a notebook grouped by
    severity."""

    def __init__(self, text: str, xlsx: bytes) -> None:
        self.document: dict[str, Any] = json.loads(text)
        self._xlsx = xlsx

    @property
    def summary(self) -> dict[str, Any]:
        return dict(self.document["summary"])

    def _signal_rows(self) -> list[dict[str, Any]]:
        rows = [s for h in self.document["households"] for s in h.get("signals") or []]
        return rows + list(self.document["other_signals"])

    @property
    def signals(self) -> Any:
        import pandas as pd
        import pyarrow as pa

        columns, _ = warning_list_columns()
        schema = pa.schema([(c, pa.int64() if c == "row" else pa.string()) for c in columns])
        table = pa.Table.from_pylist(self._signal_rows(), schema=schema)
        return table.to_pandas(types_mapper=pd.ArrowDtype)

    @property
    def changes(self) -> Any:
        import pandas as pd
        import pyarrow as pa

        def text(v: Any) -> str | None:
            return v if isinstance(v, str) or v is None else json.dumps(v, ensure_ascii=False)

        rows = [
            {
                "household_id": h["household_id"],
                "decision": c["decision"],
                "person_id": c["person_id"],
                "declared": text(c["declared"]),
                "reconciled": text(c["reconciled"]),
            }
            for h in self.document["households"]
            for c in h.get("changes") or []
        ]
        _, columns = warning_list_columns()
        schema = pa.schema([(c, pa.string()) for c in columns])
        return pa.Table.from_pylist(rows, schema=schema).to_pandas(types_mapper=pd.ArrowDtype)

    def to_excel(self, path: str | os.PathLike[str]) -> None:
        """Writes the warning list as XLSX (sheets signals, changes, summary)."""
        with open(path, "wb") as f:
            f.write(self._xlsx)

    def _repr_html_(self) -> str:
        from html import escape

        parts = [f"<p>{escape(json.dumps(self.summary['by_severity']))}</p>"]
        for severity in _SEVERITIES:
            rows = [s for s in self._signal_rows() if s["severity"] == severity]
            if not rows:
                continue
            parts.append(f"<h4>{severity} ({len(rows)})</h4><table>")
            for s in rows:
                cells = (
                    s["household_id"] or s["file"] or "",
                    s["person_id"] or "",
                    s["code"],
                    s["message_zh"],
                )
                parts.append("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in cells) + "</tr>")
            parts.append("</table>")
        return "".join(parts)

    def __repr__(self) -> str:
        return f"Reconciliation({self.summary!r})"


def reconcile(
    households: Iterable[Any],
    rosters: Mapping[str, Any],
    as_of: Any,
    *,
    policy: Policy | None = None,
    columns: str | None = None,
) -> Reconciliation:
    """Compares department rosters with households (docs/reconcile.md).

    `households`: dicts or JSON texts, in order. `rosters`: kind → a path (CSV, XLSX, XLS,
    Parquet), a pandas DataFrame or a pyarrow Table (columns by canonical or Chinese names), or a
    list of those for several files of one kind. `columns`: a column map's TOML text. A file that
    cannot be read, a missing id or required column, or an unknown kind raises ValueError.
    """
    given: list[tuple[str, Any]] = []
    for kind, source in rosters.items():
        for one in source if isinstance(source, (list, tuple)) else [source]:
            given.append((kind, _roster(one)))
    date = as_of.isoformat() if hasattr(as_of, "isoformat") else str(as_of)
    text, xlsx = reconcile_json(
        [_household(h) for h in households], given, date, policy=policy, columns=columns
    )
    return Reconciliation(text, xlsx)
