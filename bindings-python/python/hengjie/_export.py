"""Results out: `export` writes a result table as a spreadsheet a colleague reads without
hengjie — Chinese (or English) headers and words from the core's one label table
(`hengjie.labels`), 是/否 for booleans, list cells joined with 、, the analyst's own columns first.

XLSX is written by the Rust writer of the tables crate (no openpyxl), CSV is UTF-8 with a BOM so
Excel opens it. Which columns, in what order, their headers and words, the sheet names and the
yes/no words are chosen there too (`hengjie_tables::export`), once for this and for
`hengjie assess --out`: this module only hands over the data. Money stays exact: a decimal cell
is written from its decimal digits (an XLSX number when a double holds those digits exactly, else
the text), never through float arithmetic.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from . import _core

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["export"]


def export(
    data: Any,
    path: str | os.PathLike[str],
    *,
    lang: Literal["zh", "en"] = "zh",
) -> Path:
    """Writes `data` to `path` as XLSX (``.xlsx``) or CSV (``.csv``, UTF-8 with BOM) for people:
    headers and words in Chinese (``lang="zh"``) or English from `hengjie.labels`, booleans as
    是/否 (Yes/No), list cells joined with 、 (", "), and any column that is not an output
    column (a kept ``village_id``, a name) first. A coverage gap that names its member
    (``P4:pension_not_insured``) is written ``P4 可代缴养老保险但未参保``.

    `data`: an `assess_batch` DataFrame (either level) or any DataFrame / pyarrow Table of such
    columns; a `Comparison` (sheets "summary" and "changed"; XLSX only) or a `Sweep` (its
    table). Money is exact: a ``decimal128`` cell is a number when a double holds its digits
    exactly (up to 15 significant digits), else its text; never computed through a float.
    Returns the path written.
    """
    from .whatif import Comparison, Sweep

    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ValueError(f"export writes .xlsx or .csv files, not {target.name!r}")
    if lang not in ("zh", "en"):
        raise ValueError(f'lang must be "zh" or "en", not {lang!r}')
    parameter = None
    if isinstance(data, Comparison):
        parts = [("summary", _as_table(data.summary)), ("changed", _as_table(data.changed))]
        if data.groups is not None:
            parts.append(("groups", _as_table(data.groups)))
    elif isinstance(data, Sweep):
        parameter = data.parameter
        parts = [("sweep", _sweep(data.table))]
        if data.groups is not None:
            parts.append(("groups", _sweep(data.groups)))
    else:
        parts = [("result", _as_table(data))]
    if suffix == ".csv" and len(parts) != 1:
        raise ValueError(
            "a comparison has two tables (summary and changed households): write it to .xlsx, "
            "or export `comparison.summary` and `comparison.changed` to two CSV files"
        )
    sent = [(sheet, _sendable(table).to_batches(), table.column_names) for sheet, table in parts]
    _core.export_tables(sent, str(target), lang=lang, parameter=parameter)
    return target


def _as_table(data: Any) -> pa.Table:
    import pyarrow as pa

    if isinstance(data, pa.Table):
        return data
    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data])
    if type(data).__module__.startswith("pandas") and hasattr(data, "columns"):
        frame = data
        if frame.index.name is not None or not _default_index(frame):
            frame = frame.reset_index()
        return pa.Table.from_pandas(frame, preserve_index=False)
    raise TypeError(
        "export writes an assess_batch DataFrame, a pyarrow Table, a Comparison or a Sweep; "
        f"got {type(data).__name__}"
    )


def _default_index(frame: Any) -> bool:
    import pandas as pd

    index = frame.index
    return isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1


def _sendable(table: pa.Table) -> pa.Table:
    """Columns the writer reads: dictionaries decoded; types it does not know (timestamps,
    structs) as their text."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = []
    for name in table.column_names:
        column = table.column(name)
        t = column.type
        if pa.types.is_dictionary(t):
            column = pc.cast(column, t.value_type)
            t = column.type
        if not _known(t):
            try:
                column = pc.cast(column, pa.string())
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                column = pa.chunked_array(
                    [pa.array([None if v is None else str(v) for v in column.to_pylist()], pa.string())]
                )
        columns.append(column)
    return pa.table(columns, names=table.column_names).combine_chunks()


def _known(t: pa.DataType) -> bool:
    import pyarrow as pa

    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return _known(t.value_type) and not pa.types.is_list(t.value_type)
    return bool(
        pa.types.is_string(t)
        or pa.types.is_large_string(t)
        or pa.types.is_boolean(t)
        or pa.types.is_integer(t)
        or pa.types.is_floating(t)
        or pa.types.is_decimal128(t)
        or pa.types.is_date32(t)
        or pa.types.is_null(t)
    )


def _sweep(table: Any) -> pa.Table:
    import pandas as pd
    import pyarrow as pa

    frame = table.copy()
    if frame["value"].dtype == object:
        # The values as given (Decimal, int, str, bool) may mix types: written as their text.
        frame["value"] = pd.Series([_value_text(v) for v in frame["value"]], dtype=object, index=frame.index)
    return pa.Table.from_pandas(frame, preserve_index=False)


def _value_text(value: Any) -> str:
    from .whatif import _value_text as text

    return text(value)
