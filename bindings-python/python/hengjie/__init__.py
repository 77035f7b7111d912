"""hengjie (衔接): the rules of 阳发〔2021〕30号 as exact, explained decisions.

>>> import hengjie
>>> household = {"id": "HH-1", "poverty_alleviated": False, "income": {"wages": "5000"},
...     "members": [{"id": "P1", "birth_date": "1980-05-01", "labor_capacity": "full",
...                  "medical_insured": True}]}
>>> hengjie.assess(household, "2023-06-30")["dibao"]["monthly_benefit"]
Decimal('83.33')
"""

from __future__ import annotations

from typing import Any

from . import _dtypes, synth
from ._batch import assess_arrow, assess_batch, output_schema, to_arrow, validate_batch
from ._core import (
    Policy,
    applicant_summary,
    assess,
    assess_json,
    assess_village,
    check_farmland,
    duties,
    error_codes,
    household_schema,
    indicators,
    labels,
    normalize,
    validate,
)
from ._export import export
from ._reconcile import Reconciliation, reconcile
from .explain import Explanation, explain
from .whatif import Comparison, Sweep, compare, sweep

__all__ = [
    "ERROR_CODES",
    "ColumnError",
    "Comparison",
    "Explanation",
    "HengjieError",
    "InvalidInputError",
    "ParameterError",
    "Policy",
    "Reconciliation",
    "Sweep",
    "applicant_summary",
    "assess",
    "assess_arrow",
    "assess_batch",
    "assess_json",
    "assess_village",
    "check_farmland",
    "compare",
    "duties",
    "explain",
    "export",
    "household_schema",
    "indicators",
    "labels",
    "normalize",
    "output_schema",
    "reconcile",
    "sweep",
    "synth",
    "to_arrow",
    "validate",
    "validate_batch",
]

_dtypes.register_if_loaded()

#: Every error code of the contract, in its order.
ERROR_CODES: tuple[str, ...] = tuple(error_codes())


class HengjieError(ValueError):
    """Base of hengjie's errors; `.errors()` gives the coded error list."""

    def __init__(self, message: str, errors: list[dict[str, Any]]) -> None:
        super().__init__(message)
        self._errors = errors

    def errors(self) -> list[dict[str, Any]]:
        """Every error: `{code, path, message_en, message_zh}`, sorted by path then code."""
        return [dict(e) for e in self._errors]


class InvalidInputError(HengjieError):
    """The household (or the as-of date) breaks the contract."""


class ColumnError(InvalidInputError):
    """A column of a table cannot be used (missing, floating-point money, a yes/no column with
    other words, a column no field takes with ``unknown="error"``): raised once for every such
    column of every table, before any row is read. Each error's path is ``/<table>/<header>``
    (``/members/出生日期``)."""


class ParameterError(HengjieError):
    """A parameter has no value on the date (`parameter_undefined`) or a layer is malformed
    (`invalid_parameter`)."""
