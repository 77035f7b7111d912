"""Results out: `export` writes a result table as a spreadsheet a colleague reads without
hengjie — Chinese (or English) headers and words from the core's one label table
(`hengjie.labels`), 是/否 for booleans, list cells joined with 、, the analyst's own columns first.

XLSX is written by the Rust writer of the tables crate (no openpyxl), CSV is UTF-8 with a BOM so
Excel opens it. Money stays exact: a decimal cell is written from its decimal digits (an XLSX
number when a double holds those digits exactly, else the text), never through float arithmetic.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from . import _core

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["export"]

#: The label-table key of the words of a result column, where it is not the column's own name.
_OUTPUT_WORDS = {
    "coverage_gaps": "coverage_gaps.code",
    "child_support.basis": "members.child_support.basis",
    "medical_subsidy.basis": "members.medical_subsidy.basis",
    "pension.proxy_basis": "members.pension.proxy_basis",
}

#: Sheet names (the workbook's tabs).
_SHEETS = {
    "zh": {
        "result": "结果",
        "summary": "汇总",
        "changed": "变化的家庭",
        "sweep": "参数试算",
        "groups": "分组",
    },
    "en": {
        "result": "result",
        "summary": "summary",
        "changed": "changed",
        "sweep": "sweep",
        "groups": "groups",
    },
}

#: How each language writes booleans and joins list cells.
_WORDS = {"zh": ("是", "否", "、"), "en": ("Yes", "No", ", ")}

# A column is (name in the table, header, labels of its words or None).
_Column = tuple[str, str, "dict[str, str] | None"]


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
    if lang not in _WORDS:
        raise ValueError(f'lang must be "zh" or "en", not {lang!r}')
    labels = _core.labels(lang)
    sheets = _SHEETS[lang]
    if isinstance(data, Comparison):
        parts = _comparison(data, labels, sheets)
    elif isinstance(data, Sweep):
        parts = [(sheets["sweep"], *_sweep(data.table, data.parameter, labels))]
        if data.groups is not None:
            parts.append((sheets["groups"], *_sweep(data.groups, data.parameter, labels)))
    else:
        table = _as_table(data)
        parts = [(sheets["result"], table, _result_columns(table, labels))]
    if suffix == ".csv" and len(parts) != 1:
        raise ValueError(
            "a comparison has two tables (summary and changed households): write it to .xlsx, "
            "or export `comparison.summary` and `comparison.changed` to two CSV files"
        )
    yes, no, separator = _WORDS[lang]
    sent = [(name, _sendable(table).to_batches(), columns) for name, table, columns in parts]
    _core.export_tables(sent, str(target), csv=suffix == ".csv", yes=yes, no=no, separator=separator)
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


def _output_names() -> set[str]:
    from ._batch import output_schema

    return set(output_schema("households").names) | set(output_schema("members").names)


def _header(name: str, labels: dict[str, Any]) -> str:
    """A column's header: the label table's column label, else its input field label
    (``village_id`` → 村编号), else the name itself."""
    columns: dict[str, str] = labels["columns"]
    fields: dict[str, str] = labels["fields"]
    if name in columns:
        return columns[name]
    return fields.get(name.replace(".", "/"), name)


def _words(name: str, labels: dict[str, Any]) -> dict[str, str] | None:
    outputs: dict[str, dict[str, str]] = labels["outputs"]
    return outputs.get(_OUTPUT_WORDS.get(name, name))


def _result_columns(table: pa.Table, labels: dict[str, Any]) -> list[_Column]:
    """Kept columns (any that is not an output column) first, then the output columns, in the
    table's order."""
    known = _output_names()
    names = table.column_names
    ordered = [n for n in names if n not in known] + [n for n in names if n in known]
    return [(n, _header(n, labels), _words(n, labels)) for n in ordered]


def _comparison(
    c: Any, labels: dict[str, Any], sheets: dict[str, str]
) -> list[tuple[str, pa.Table, list[_Column]]]:
    summary = _as_table(c.summary)
    changed = _as_table(c.changed)
    cols: dict[str, str] = labels["columns"]
    summary_columns = [(n, _header(n, labels), _metric_words(n, labels)) for n in summary.column_names]
    changed_columns: list[_Column] = []
    known = _output_names()
    names = changed.column_names
    ordered = [n for n in names if n not in known and not n.startswith(("baseline.", "reform."))]
    ordered += [n for n in names if n not in ordered]
    for n in ordered:
        side, _, column = n.partition(".")
        if side in ("baseline", "reform") and column:
            header = _qualified(_header(column, labels), cols[side], labels)
            changed_columns.append((n, header, _words(column, labels)))
        elif n == "changes":
            changed_columns.append((n, _header(n, labels), cols))
        else:
            changed_columns.append((n, _header(n, labels), _words(n, labels)))
    parts = [(sheets["summary"], summary, summary_columns), (sheets["changed"], changed, changed_columns)]
    if c.groups is not None:
        groups = _as_table(c.groups)
        columns = [(n, _header(n, labels), _metric_words(n, labels)) for n in groups.column_names]
        parts.append((sheets["groups"], groups, columns))
    return parts


def _qualified(header: str, extra: str, labels: dict[str, Any]) -> str:
    """``低保状态（现行政策）`` in Chinese, ``dibao status (baseline)`` in English."""
    return f"{header}（{extra}）" if labels["lang"] == "zh" else f"{header} ({extra})"


def _metric_words(name: str, labels: dict[str, Any]) -> dict[str, str] | None:
    """The words of a what-if table column: metric names (their column labels), units."""
    if name == "metric":
        columns: dict[str, str] = labels["columns"]
        return columns
    if name == "unit":
        outputs: dict[str, dict[str, str]] = labels["outputs"]
        return outputs["unit"]
    return _words(name, labels)


def _sweep(table: Any, parameter: str, labels: dict[str, Any]) -> tuple[pa.Table, list[_Column]]:
    import pandas as pd
    import pyarrow as pa

    frame = table.copy()
    if frame["value"].dtype == object:
        # The values as given (Decimal, int, str, bool) may mix types: written as their text.
        frame["value"] = pd.Series([_value_text(v) for v in frame["value"]], dtype=object, index=frame.index)
    out = pa.Table.from_pandas(frame, preserve_index=False)
    columns: list[_Column] = []
    for n in out.column_names:
        header = _header(n, labels)
        if n == "value":
            header = _qualified(header, parameter, labels)
        columns.append((n, header, _metric_words(n, labels)))
    return out, columns


def _value_text(value: Any) -> str:
    from .whatif import _value_text as text

    return text(value)
