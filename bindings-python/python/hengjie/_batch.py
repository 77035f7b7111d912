"""Many households at once: tables in, one flat table out (docs/python-tables.md, "Tables").

The work runs in Rust (``_core.assess_batches``) on every core with the GIL released; Arrow
crosses the boundary through the C Data Interface (no copy), never as Python objects. pyarrow and
pandas are imported lazily: ``import hengjie`` stays fast without them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from . import _core

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

__all__ = ["assess_arrow", "assess_batch", "output_schema", "to_arrow"]


def _pa() -> Any:
    try:
        import pyarrow
    except ImportError as e:  # pragma: no cover - exercised only without pyarrow
        raise ImportError(
            "hengjie's table functions need pyarrow and pandas: pip install 'hengjie[tables]'"
        ) from e
    return pyarrow


def output_schema(level: Literal["households", "members"] = "households") -> pa.Schema:
    """The fixed schema of `assess_arrow` / `assess_batch` output (for Spark `mapInArrow` etc.).

    Money columns are ``decimal128(20, 2)``, dates ``date32``, counts ``int32``, lists
    ``list<string>``; every field is nullable.
    """
    pa = _pa()
    return pa.ipc.open_stream(_core.output_schema_ipc(level)).schema


def _is_flat(names: Iterable[str]) -> bool:
    return any("." in n for n in names)


def _unflatten(table: pa.Table, drop: tuple[str, ...] = ()) -> list[tuple[str, pa.ChunkedArray]]:
    """Dotted columns (``income.wages``) become nested struct columns; a struct whose every field
    is null in a row is null there (the field is absent)."""
    pa = _pa()
    import pyarrow.compute as pc

    tree: dict[str, Any] = {}
    for name in table.column_names:
        if name in drop:
            continue
        node = tree
        parts = name.split(".")
        for part in parts[:-1]:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                raise ValueError(f"column {name!r} nests under a column that is not a group")
            node = child
        if parts[-1] in node:
            raise ValueError(f"column {name!r} appears twice")
        node[parts[-1]] = _decode(table.column(name).combine_chunks())

    def build(node: dict[str, Any]) -> list[tuple[str, Any]]:
        out = []
        for key, value in node.items():
            if isinstance(value, dict):
                children = build(value)
                arrays = [a for _, a in children]
                valid = arrays[0].is_valid()
                for a in arrays[1:]:
                    valid = pc.or_(valid, a.is_valid())
                struct = pa.StructArray.from_arrays(
                    arrays, names=[k for k, _ in children], mask=pc.invert(valid)
                )
                out.append((key, struct))
            else:
                out.append((key, value))
        return out

    return [(k, pa.chunked_array([v]) if not isinstance(v, pa.ChunkedArray) else v) for k, v in build(tree)]


def _decode(array: Any) -> Any:
    """Dictionary (categorical) columns become their values."""
    pa = _pa()
    if pa.types.is_dictionary(array.type):
        return array.dictionary_decode()
    return array


def _nest(
    households: pa.Table,
    children: pa.Table,
    *,
    what: str,
) -> pa.ListArray:
    """One list per household of the `children` rows whose ``household_id`` is its ``id``."""
    pa = _pa()
    import numpy as np
    import pyarrow.compute as pc

    if "household_id" not in children.column_names:
        raise ValueError(f"the {what} table needs a `household_id` column")
    ids = households.column("id").combine_chunks()
    idx = pc.index_in(children.column("household_id").combine_chunks(), value_set=ids)
    if idx.null_count:
        missing = pc.filter(children.column("household_id"), idx.is_null()).to_pylist()[:5]
        raise ValueError(f"{what} rows name households that are not in the households table: {missing}")
    order = pc.sort_indices(idx)
    fields = _unflatten(children, drop=("household_id",))
    struct = pa.StructArray.from_arrays(
        [c.combine_chunks() for _, c in fields], names=[k for k, _ in fields]
    ).take(order)
    counts = np.bincount(np.asarray(idx.to_numpy(zero_copy_only=False), dtype=np.int64), minlength=len(ids))
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), struct)


def to_arrow(
    data: Any,
    *,
    members: Any = None,
    hospitalizations: Any = None,
) -> pa.Table:
    """The nested Arrow table of the contract (one household per row) from any accepted shape.

    - a pyarrow Table or RecordBatch of the nested shape (struct and list columns);
    - a pandas DataFrame, nested (dict / list cells) or flat with dotted columns;
    - with `members` (and optionally `hospitalizations`): flat households joined by household id
      (``id`` in `data`, ``household_id`` in the others); the members table holds each member's
      fields (dotted for ``disability.grade`` etc.).
    """
    pa = _pa()
    table = _as_table(data)
    if members is not None or hospitalizations is not None or _is_flat(table.column_names):
        columns = _unflatten(table)
        if members is not None:
            if "members" in table.column_names:
                raise ValueError("the households table has a `members` column and a members table was given")
            columns.append(("members", _nest(table, _as_table(members), what="members")))
        if hospitalizations is not None:
            columns.append(
                ("hospitalizations", _nest(table, _as_table(hospitalizations), what="hospitalizations"))
            )
        table = pa.table(dict(columns))
    return table


def _as_table(data: Any) -> pa.Table:
    pa = _pa()
    if isinstance(data, pa.Table):
        return data
    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data])
    if isinstance(data, (list, tuple)) and all(isinstance(r, Mapping) for r in data):
        # `Table.from_pylist` takes its columns from the first dict only; a struct array takes
        # the union of every dict's keys.
        return pa.Table.from_struct_array(pa.array(data)) if data else pa.table({})
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover
        pd = None
    if pd is not None and isinstance(data, pd.DataFrame):
        return pa.Table.from_pandas(data, preserve_index=False)
    raise TypeError(
        "expected a list of household dicts, a pyarrow Table or RecordBatch, or a pandas DataFrame; "
        f"got {type(data).__name__}"
    )


def _run(
    data: Any,
    as_of: str | date,
    *,
    policy: _core.Policy | None,
    level: Literal["households", "members"],
    errors: Literal["column", "raise"],
    members: Any = None,
    hospitalizations: Any = None,
) -> pa.Table:
    pa = _pa()
    if errors not in ("column", "raise"):
        raise ValueError(f'errors must be "column" or "raise", not {errors!r}')
    options: dict[str, Any] = {"policy": policy, "level": level, "raise_errors": errors == "raise"}
    if members is None and hospitalizations is None and not _is_tabular(data):
        if isinstance(data, (str, bytes, Mapping)) or not isinstance(data, Iterable):
            raise TypeError(
                "expected a list of household dicts, a pyarrow Table or RecordBatch, or a pandas "
                f"DataFrame; got {type(data).__name__}"
            )
        out = _core.assess_records(data, as_of, **options)
    else:
        try:
            table = to_arrow(data, members=members, hospitalizations=hospitalizations)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            # A nested DataFrame whose cells Arrow cannot type consistently: read it row by row,
            # as `assess` reads dicts (missing cells are absent fields).
            if members is not None or hospitalizations is not None or not _is_dataframe(data):
                raise
            out = _core.assess_records(_records(data), as_of, **options)
        else:
            # Zero copy both ways (the Arrow C Data Interface); `_core.assess_ipc` takes IPC bytes.
            batches = _core.assess_batches(table.to_batches(), as_of, **options)
            return pa.Table.from_batches(batches, schema=output_schema(level))
    return pa.ipc.open_stream(out).read_all()


def _is_dataframe(data: Any) -> bool:
    return type(data).__module__.startswith("pandas") and hasattr(data, "to_dict")


def _records(frame: Any) -> list[dict[str, Any]]:
    import pandas as pd

    return [
        {k: v for k, v in row.items() if not (v is None or (isinstance(v, float) and pd.isna(v)))}
        for row in frame.to_dict("records")
    ]


def _is_tabular(data: Any) -> bool:
    module = type(data).__module__
    return module.startswith(("pyarrow", "pandas"))


def assess_batch(
    data: Any,
    as_of: str | date,
    *,
    policy: _core.Policy | None = None,
    errors: Literal["column", "raise"] = "column",
    level: Literal["households", "members"] = "households",
    members: Any = None,
    hospitalizations: Any = None,
) -> pd.DataFrame:
    """Assesses many households on one date: a pandas DataFrame, one row per household (or per
    member with ``level="members"``), flat dotted columns with Arrow-backed dtypes (money
    ``decimal128(20, 2)``, read as ``decimal.Decimal``).

    `data`: a list of household dicts (or JSON texts), a pyarrow Table/RecordBatch or a pandas
    DataFrame (nested, or flat with dotted columns); or flat households with `members` (and
    `hospitalizations`) tables joined by household id. A bad row gets ``error.code``,
    ``error.path`` (its JSON Pointer within the household), ``error.message_en``,
    ``error.message_zh`` and ``error.count`` and nulls elsewhere; the other rows are still
    assessed. ``errors="raise"`` raises `InvalidInputError` for the first bad row instead (paths
    prefixed with ``/<row index>``). A parameter undefined on `as_of` raises `ParameterError`.
    """
    import pandas as pd

    table = _run(
        data,
        as_of,
        policy=policy,
        level=level,
        errors=errors,
        members=members,
        hospitalizations=hospitalizations,
    )
    from ._dtypes import register

    register()  # list columns read back by plain pd.read_parquet (hengjie/_dtypes.py)
    return table.to_pandas(types_mapper=pd.ArrowDtype)


def assess_arrow(
    data: Any,
    as_of: str | date,
    *,
    policy: _core.Policy | None = None,
    level: Literal["households", "members"] = "households",
    errors: Literal["column", "raise"] = "column",
) -> Any:
    """Like `assess_batch` for Arrow in, Arrow out: a RecordBatch gives a RecordBatch, a Table a
    Table, with the columns of `output_schema(level)`. Made for Spark ``mapInArrow``, Dask
    ``map_partitions`` and Ray ``map_batches``."""
    pa = _pa()
    if not isinstance(data, (pa.Table, pa.RecordBatch)):
        raise TypeError(f"assess_arrow expects a pyarrow Table or RecordBatch, got {type(data).__name__}")
    table = _run(data, as_of, policy=policy, level=level, errors=errors)
    if isinstance(data, pa.RecordBatch):
        return table.combine_chunks().to_batches()[0] if table.num_rows else _empty_batch(table.schema)
    return table


def _empty_batch(schema: pa.Schema) -> pa.RecordBatch:
    pa = _pa()
    return pa.RecordBatch.from_pylist([], schema=schema)
