"""Parquet round trips of hengjie's tables with plain ``pd.read_parquet``.

A result table's list columns (``coverage_gaps``, ``monitoring.risks``, …) are
``pd.ArrowDtype(pa.list_(pa.string()))``. ``DataFrame.to_parquet`` records their dtype as the
text ``list<item: string>[pyarrow]``, which pandas cannot read back (pandas#53011,
apache/arrow#39914): ``pd.read_parquet`` without ``dtype_backend="pyarrow"`` raises
``TypeError: data type 'list<item: string>[pyarrow]' not understood``.

`register` teaches pandas' dtype lookup those texts (lists of any simple Arrow type), once per
process: it runs on ``import hengjie`` when pandas is already imported, and whenever a table
function builds a DataFrame. A file so written is an ordinary Parquet file: any Arrow reader,
and pandas with ``dtype_backend="pyarrow"``, read it without hengjie.
"""

from __future__ import annotations

import re
import sys
from typing import Any

_LIST = re.compile(r"(large_)?list<([A-Za-z_][A-Za-z0-9_]*): ([a-z0-9_]+(?:\[[a-z]+\])?)>\[pyarrow\]")
_done = False


def register() -> None:
    """Registers the lookup with pandas (idempotent)."""
    global _done
    if _done:
        return
    import pandas as pd
    from pandas.api.extensions import ExtensionDtype, register_extension_dtype

    def construct_from_string(cls: Any, string: str) -> Any:
        import pyarrow as pa

        match = _LIST.fullmatch(string) if isinstance(string, str) else None
        if match is None:
            raise TypeError(f"cannot construct a list dtype from {string!r}")
        try:
            value = pa.type_for_alias(match[3])
        except ValueError as e:
            raise TypeError(f"cannot construct a list dtype from {string!r}") from e
        field = pa.field(match[2], value)
        return pd.ArrowDtype(pa.large_list(field) if match[1] else pa.list_(field))

    def construct_array_type(cls: Any) -> Any:  # pragma: no cover - never an array's dtype
        raise NotImplementedError

    # Only a lookup: `construct_from_string` answers with a `pd.ArrowDtype` (built here, so that
    # `import hengjie` needs no pandas).
    lookup = type(
        "ArrowListText",
        (ExtensionDtype,),
        {
            "name": "hengjie-arrow-list-text",
            "type": list,
            "construct_from_string": classmethod(construct_from_string),
            "construct_array_type": classmethod(construct_array_type),
        },
    )
    register_extension_dtype(lookup)
    _done = True


def register_if_loaded() -> None:
    """`register`, when pandas is already imported (``import hengjie`` stays fast without)."""
    if "pandas" in sys.modules:
        register()
