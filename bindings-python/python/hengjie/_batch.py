"""Many households at once: tables in, one flat table out (docs/python-tables.md, "Tables").

The work runs in Rust (``_core.assess_batches``) on every core with the GIL released; Arrow
crosses the boundary through the C Data Interface (no copy), never as Python objects. pyarrow and
pandas are imported lazily: ``import hengjie`` stays fast without them.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from . import _core

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

__all__ = ["assess_arrow", "assess_batch", "output_schema", "to_arrow", "validate_batch"]

_TABLES = ("households", "members", "hospitalizations")


def _pa() -> Any:
    try:
        import pyarrow
    except ImportError as e:  # pragma: no cover - exercised only without pyarrow
        raise ImportError(
            "hengjie's table functions need pyarrow and pandas: pip install 'hengjie[tables]'"
        ) from e
    return pyarrow


def output_schema(
    level: Literal["households", "members"] = "households", *, outputs: Sequence[str] | None = None
) -> pa.Schema:
    """The fixed schema of `assess_arrow` / `assess_batch` output (for Spark `mapInArrow` etc.).

    Money columns are ``decimal128(20, 2)``, dates ``date32``, counts ``int32``, lists
    ``list<string>``; every field is nullable. With `outputs`, the columns of those outputs only
    (with the ids, ``error.*``, ``as_of``, ``jurisdiction``, ``provenance.*``, ``members.count``
    and ``age``, which every selection keeps).
    """
    pa = _pa()
    return pa.ipc.open_stream(_core.output_schema_ipc(level, _outputs(outputs))).schema


def _outputs(outputs: Sequence[str] | None) -> list[str] | None:
    """The `outputs=` argument as the core takes it: a list of names (a lone string is refused,
    so ``"monitoring"`` is not read as its letters)."""
    if outputs is None:
        return None
    if isinstance(outputs, (str, bytes)):
        raise TypeError('outputs must be a list of output names, such as ["monitoring", "dibao"]')
    return list(outputs)


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


def _check_errors(errors: str) -> None:
    if errors not in ("column", "raise", "rows"):
        raise ValueError(f'errors must be "column", "raise" or "rows", not {errors!r}')


def _batches(table: pa.Table) -> list[Any]:
    """A table's record batches, at least one (an empty table keeps its schema)."""
    pa = _pa()
    batches = table.to_batches()
    return batches or [pa.RecordBatch.from_pylist([], schema=table.schema)]


def _frame_table(data: Any) -> pa.Table:
    """`_as_table`, with the object columns pandas cannot type (ids that are sometimes numbers,
    sometimes text) read as text."""
    pa = _pa()
    try:
        return _as_table(data)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        if not _is_dataframe(data):
            raise
        import pandas as pd

        frame = data.copy()
        for name in frame.columns:
            column = frame[name]
            nested = column.map(lambda v: isinstance(v, (Mapping, list, tuple))).any()
            if column.dtype == object and not nested:
                frame[name] = column.map(lambda v: None if _is_missing(v, pd) else str(v)).astype("string")
        return _as_table(frame)


def _is_missing(value: Any, pd: Any) -> bool:
    try:
        return bool(value is None or pd.isna(value))
    except (TypeError, ValueError):
        return False


def _per_table(columns: Mapping[str, Any] | None, table: str) -> dict[str, str] | None:
    """`columns=` for one table: a flat ``{header: column}`` applies to every table; with a key
    ``households``/``members``/``hospitalizations`` holding a mapping, that mapping is the
    table's."""
    if columns is None:
        return None
    if any(isinstance(v, Mapping) for v in columns.values()):
        unknown = [k for k, v in columns.items() if isinstance(v, Mapping) and k not in _TABLES]
        if unknown:
            raise ValueError(f"columns= keys holding a mapping must be table names {_TABLES}, not {unknown}")
        flat = {str(k): str(v) for k, v in columns.items() if not isinstance(v, Mapping)}
        return {**flat, **{str(k): str(v) for k, v in (columns.get(table) or {}).items()}}
    return {str(k): str(v) for k, v in columns.items()}


class _Prepared:
    """The tables of one call read into the contract's columns, and what reading them did."""

    def __init__(self) -> None:
        self.tables: dict[str, Any] = {}
        self.inputs: dict[str, Any] = {}
        self.ignored: dict[str, list[str]] = {}
        self.read: dict[str, list[tuple[str, str]]] = {}


def _prepare(
    tables: Mapping[str, Any],
    *,
    columns: Mapping[str, Any] | None,
    values: Mapping[str, Mapping[str, Any]] | None,
    unknown: str,
    keep: Sequence[str] = (),
) -> _Prepared:
    """Each table through the core's reader (`_core.prepare_table`); the column errors of every
    table are raised together as one `ColumnError`."""
    pa = _pa()
    from . import ColumnError

    out = _Prepared()
    problems: list[dict[str, Any]] = []
    id_header = None
    for name in _TABLES:
        data = tables.get(name)
        if data is None:
            continue
        table = _frame_table(data)
        out.inputs[name] = table
        try:
            batches, ignored, read = _core.prepare_table(
                _batches(table),
                name,
                columns=_per_table(columns, name),
                values={str(k): {str(a): b for a, b in v.items()} for k, v in values.items()}
                if values
                else None,
                unknown=unknown,
                id_header=id_header,
            )
        except ColumnError as e:
            problems += e.errors()
            continue
        out.tables[name] = pa.Table.from_batches(batches)
        out.ignored[name] = ignored
        out.read[name] = read
        if name == "households":
            id_header = next((h for h, c in read if c == "id"), None)
    if problems:
        problems.sort(key=lambda e: (e["path"], e["code"]))
        n = len(problems)
        raise ColumnError(
            f"{n} column error{'s' if n != 1 else ''}; "
            + "; ".join(f"{e['path']}: {e['message_en']}" for e in problems),
            problems,
        )
    shown = {t: [c for c in cols if c not in keep] for t, cols in out.ignored.items()}
    gone = [f"{t}: {', '.join(cols)}" for t, cols in shown.items() if cols]
    if gone:
        warnings.warn(
            "hengjie ignored columns no field takes (map them with columns=, keep them with keep=): "
            + "; ".join(gone),
            UserWarning,
            stacklevel=4,
        )
    return out


def _run(
    data: Any,
    as_of: str | date,
    *,
    policy: _core.Policy | None,
    level: Literal["households", "members"],
    errors: str,
    members: Any = None,
    hospitalizations: Any = None,
    own: dict[str, Any] | None = None,
    outputs: Sequence[str] | None = None,
) -> tuple[pa.Table, list[tuple[int, list[dict[str, Any]]]], _Prepared | None]:
    """The output table, every error of every bad row (``(row, errors)``, for tables only) and
    the prepared tables (when `own` asks for the export reader: ``{columns, values, unknown}``)."""
    pa = _pa()
    _check_errors(errors)
    outputs = _outputs(outputs)
    options: dict[str, Any] = {
        "policy": policy,
        "level": level,
        "raise_errors": errors == "raise",
        "outputs": outputs,
    }
    if members is None and hospitalizations is None and not _is_tabular(data):
        if isinstance(data, (str, bytes, Mapping)) or not isinstance(data, Iterable):
            raise TypeError(
                "expected a list of household dicts, a pyarrow Table or RecordBatch, or a pandas "
                f"DataFrame; got {type(data).__name__}"
            )
        data = list(data)
        out = _core.assess_records(data, as_of, **options)
        table = pa.ipc.open_stream(out).read_all()
        return table, (_dict_errors(data, as_of) if errors == "rows" else []), None
    prepared = None
    if own is not None:
        try:
            prepared = _prepare(
                {"households": data, "members": members, "hospitalizations": hospitalizations}, **own
            )
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            if members is not None or hospitalizations is not None or not _is_dataframe(data):
                raise
            prepared = None
        if prepared is not None:
            data = prepared.tables["households"]
            members = prepared.tables.get("members")
            hospitalizations = prepared.tables.get("hospitalizations")
    try:
        table = to_arrow(data, members=members, hospitalizations=hospitalizations)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        # A nested DataFrame whose cells Arrow cannot type consistently: read it row by row,
        # as `assess` reads dicts (missing cells are absent fields).
        if members is not None or hospitalizations is not None or not _is_dataframe(data):
            raise
        records = _records(data)
        out = _core.assess_records(records, as_of, **options)
        table = pa.ipc.open_stream(out).read_all()
        return table, (_dict_errors(records, as_of) if errors == "rows" else []), None
    if own is None:
        # Zero copy both ways (the Arrow C Data Interface); `_core.assess_ipc` takes IPC bytes.
        batches = _core.assess_batches(table.to_batches(), as_of, **options)
        return pa.Table.from_batches(batches, schema=output_schema(level, outputs=outputs)), [], None
    joined = members is not None or hospitalizations is not None
    batches, row_errors = _core.assess_tables(
        _batches(table), as_of, unique_ids=joined, all_errors=errors == "rows", **options
    )
    return pa.Table.from_batches(batches, schema=output_schema(level, outputs=outputs)), row_errors, prepared


def _dict_errors(data: list[Any], as_of: str | date) -> list[tuple[int, list[dict[str, Any]]]]:
    out = []
    for i, doc in enumerate(data):
        found = _core.validate(doc, as_of)
        if found:
            out.append((i, found))
    return out


def _error_rows(table: pa.Table, row_errors: list[tuple[int, list[dict[str, Any]]]]) -> pa.Table:
    """One row per error: each bad row of `table` (those with ``error.count`` > 0, in input
    order, as `row_errors` lists them) repeated once per error, its ``error.*`` cells each
    error's."""
    pa = _pa()
    import numpy as np

    counts = np.asarray(table.column("error.count").to_numpy(zero_copy_only=False))
    bad = np.flatnonzero(np.nan_to_num(counts.astype(float)) > 0)
    if len(bad) != len(row_errors):  # pragma: no cover - the two come from one run
        raise RuntimeError("error rows and error lists disagree")
    repeats = np.ones(len(counts), dtype=np.int64)
    for position, (_, errs) in zip(bad, row_errors, strict=True):
        repeats[position] = max(len(errs), 1)
    index = np.repeat(np.arange(len(counts)), repeats)
    out = table.take(pa.array(index))
    starts = np.concatenate([[0], np.cumsum(repeats)[:-1]])
    cells = {k: out.column(f"error.{k}").to_pylist() for k in ("code", "path", "message_en", "message_zh")}
    for position, (_, errs) in zip(bad, row_errors, strict=True):
        for k, e in enumerate(errs):
            for key, column in cells.items():
                column[starts[position] + k] = e.get(key)
    for key, column in cells.items():
        name = f"error.{key}"
        out = out.set_column(out.schema.get_field_index(name), name, pa.array(column, pa.string()))
    return out


def _keep(table: pa.Table, prepared: _Prepared | None, keep: Sequence[str], level: str) -> pa.Table:
    """The kept input columns, after the ids: households' columns by household row (in input
    order), and at the member level members' columns by (household, member)."""
    pa = _pa()
    import pyarrow.compute as pc

    if prepared is None:
        raise ValueError("keep= needs a table (a pandas DataFrame or a pyarrow Table), not dicts")
    taken: list[tuple[str, Any]] = []
    for name in keep:
        if name in table.column_names:
            raise ValueError(f"keep={name!r} is already a column of the result")
        found = None
        for source in ("households", "members") if level == "members" else ("households",):
            inputs = prepared.inputs.get(source)
            if inputs is None:
                continue
            header = name if name in inputs.column_names else None
            if header is None:
                header = next((h for h, c in prepared.read.get(source, []) if c == name), None)
            if header is not None:
                found = (source, inputs.column(header))
                break
        if found is None:
            raise ValueError(f"keep={name!r} is no column of the input tables")
        source, column = found
        if source == "households" and level == "households":
            taken.append((name, column))
            continue
        # Join by household id (the first row of an id: a repeated id is a duplicate_id row),
        # and for members' columns by member id too.
        inputs = prepared.tables[source]

        def text(t: Any, name: str) -> Any:
            return t.column(name).cast(pa.string())

        if source == "households":
            at = pc.index_in(text(table, "household_id"), value_set=text(inputs, "id"))
        else:
            members = prepared.tables["members"]
            left = pc.binary_join_element_wise(text(table, "household_id"), text(table, "person_id"), "\x1f")
            right = pc.binary_join_element_wise(text(members, "household_id"), text(members, "id"), "\x1f")
            at = pc.index_in(left, value_set=right)
        taken.append((name, column.take(at)))
    if not taken:
        return table
    lead = 2 if level == "members" else 1
    for k, (name, column) in enumerate(taken):
        table = table.add_column(lead + k, name, column)
    return table


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
    errors: Literal["column", "raise", "rows"] = "column",
    level: Literal["households", "members"] = "households",
    members: Any = None,
    hospitalizations: Any = None,
    columns: Mapping[str, Any] | None = None,
    values: Mapping[str, Mapping[str, Any]] | None = None,
    unknown: Literal["ignore", "error"] = "ignore",
    keep: Sequence[str] | None = None,
    outputs: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Assesses many households on one date: a pandas DataFrame, one row per household (or per
    member with ``level="members"``), flat dotted columns with Arrow-backed dtypes (money
    ``decimal128(20, 2)``, read as ``decimal.Decimal``).

    `data`: a list of household dicts (or JSON texts), a pyarrow Table/RecordBatch or a pandas
    DataFrame (nested, or flat with dotted columns); or flat households with `members` (and
    `hospitalizations`) tables joined by household id.

    Tables may be an office's own export (docs/fields.md): headers such as 户编号, 出生日期,
    劳动能力 and words such as 是/否, 普通劳动力, B级, 二级 are read through the core's table of
    spellings; `columns` maps other headers to columns (``{"户码": "id"}``, or per table
    ``{"members": {...}}``), `values` other words to the contract's
    (``{"labor_capacity": {"半劳力": "partial"}}``); a column no field takes is left out with
    one warning naming them all (``unknown="error"`` raises instead); `keep` carries input
    columns (``["村", "户主姓名"]``) into the result, after the ids. Columns are checked once,
    before any row: a missing required column, a float money column, a yes/no column with other
    words raise `ColumnError`. Ids of any integer or text type are read as text; a household id
    used by two rows of a joined table is ``duplicate_id``.

    A bad row gets ``error.code``, ``error.path`` (its JSON Pointer within the household),
    ``error.message_en``, ``error.message_zh`` (its first error) and ``error.count``, nulls
    elsewhere; the other rows are still assessed. ``errors="rows"`` repeats a bad row once per
    error; ``errors="raise"`` raises `InvalidInputError` for the first bad row (paths prefixed
    with ``/<row index>``). A parameter undefined on `as_of` raises `ParameterError`.

    `outputs` (``["monitoring", "dibao"]``) computes only those outputs (and the rules they
    need): the frame has their columns and the ids, ``error.*``, ``as_of``, ``jurisdiction``,
    ``provenance.*``, ``members.count`` (and ``age``); see `output_schema`. A name that is not an
    output raises `InvalidInputError` (``invalid_value``).
    """
    import pandas as pd

    table, row_errors, prepared = _run(
        data,
        as_of,
        policy=policy,
        level=level,
        errors=errors,
        members=members,
        hospitalizations=hospitalizations,
        own={"columns": columns, "values": values, "unknown": unknown, "keep": list(keep or ())},
        outputs=outputs,
    )
    if errors == "rows":
        table = _error_rows(table, row_errors)
    if keep:
        table = _keep(table, prepared, list(keep), level)
    from ._dtypes import register

    register()  # list columns read back by plain pd.read_parquet (hengjie/_dtypes.py)
    frame = table.to_pandas(types_mapper=pd.ArrowDtype)
    if keep:
        frame.attrs["hengjie.kept"] = list(keep)
    return frame


def validate_batch(
    data: Any,
    as_of: str | date,
    *,
    members: Any = None,
    hospitalizations: Any = None,
    columns: Mapping[str, Any] | None = None,
    values: Mapping[str, Mapping[str, Any]] | None = None,
    unknown: Literal["ignore", "error"] = "ignore",
    policy: _core.Policy | None = None,
) -> pd.DataFrame:
    """Every error of every row, one row per error: ``row`` (the household's row in `data`,
    null for an error of a whole column), ``household_id``, ``code``, ``path``, ``message_en``,
    ``message_zh``. Reads what `assess_batch` reads, with the same arguments; an empty frame
    when everything can be assessed. Column errors (`ColumnError` in `assess_batch`) are rows
    here, with their path ``/<table>/<header>``."""
    import pandas as pd

    from . import ColumnError

    names = ["row", "household_id", "code", "path", "message_en", "message_zh"]
    rows: list[dict[str, Any]] = []
    try:
        table, row_errors, _ = _run(
            data,
            as_of,
            policy=policy,
            level="households",
            errors="rows",
            members=members,
            hospitalizations=hospitalizations,
            own={"columns": columns, "values": values, "unknown": unknown},
        )
    except ColumnError as e:
        rows = [{"row": None, "household_id": None, **{k: x.get(k) for k in names[2:]}} for x in e.errors()]
    else:
        ids = table.column("household_id").to_pylist()
        counts = table.column("error.count").to_pylist()
        bad = [i for i, n in enumerate(counts) if n]
        for position, (row, errs) in zip(bad, row_errors, strict=True):
            for x in errs:
                rows.append({"row": row, "household_id": ids[position], **{k: x.get(k) for k in names[2:]}})
    frame = pd.DataFrame(rows, columns=names)
    frame["row"] = frame["row"].astype("Int64")
    for name in names[1:]:
        frame[name] = frame[name].astype("string")
    return frame


def assess_arrow(
    data: Any,
    as_of: str | date,
    *,
    policy: _core.Policy | None = None,
    level: Literal["households", "members"] = "households",
    errors: Literal["column", "raise"] = "column",
    outputs: Sequence[str] | None = None,
) -> Any:
    """Like `assess_batch` for Arrow in, Arrow out: a RecordBatch gives a RecordBatch, a Table a
    Table, with the columns of `output_schema(level, outputs=outputs)`. Made for Spark
    ``mapInArrow``, Dask ``map_partitions`` and Ray ``map_batches``."""
    pa = _pa()
    if not isinstance(data, (pa.Table, pa.RecordBatch)):
        raise TypeError(f"assess_arrow expects a pyarrow Table or RecordBatch, got {type(data).__name__}")
    table, _, _ = _run(data, as_of, policy=policy, level=level, errors=errors, outputs=outputs)
    if isinstance(data, pa.RecordBatch):
        return table.combine_chunks().to_batches()[0] if table.num_rows else _empty_batch(table.schema)
    return table


def _empty_batch(schema: pa.Schema) -> pa.RecordBatch:
    pa = _pa()
    return pa.RecordBatch.from_pylist([], schema=schema)
