from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from os import PathLike
from typing import Any, Literal, final

__all__ = [
    "Policy",
    "applicant_summary",
    "assess",
    "assess_batches",
    "assess_ipc",
    "assess_json",
    "assess_records",
    "assess_tables",
    "assess_village",
    "check_farmland",
    "duties",
    "error_codes",
    "export_tables",
    "household_schema",
    "indicators",
    "labels",
    "normalize",
    "output_schema_ipc",
    "prepare_table",
    "reconcile_json",
    "validate",
    "warning_list_columns",
]

ErrorCode = Literal[
    "malformed_json",
    "invalid_type",
    "missing_field",
    "unknown_field",
    "invalid_value",
    "out_of_range",
    "duplicate_id",
    "duplicate_key",
    "empty_value",
    "unknown_reference",
    "too_large",
    "parameter_undefined",
    "invalid_parameter",
]

#: A household: a dict of the shape of docs/contract.md (money as Decimal, int or str — never float),
#: or its JSON text. Money comes back as `decimal.Decimal`.
_HouseholdInput = dict[str, Any] | str | bytes
_AsOf = str | date

@final
class Policy:
    @staticmethod
    def default() -> Policy: ...
    @staticmethod
    def from_file(path: str | PathLike[str]) -> Policy: ...
    def with_layer(self, layer: dict[str, Any] | str) -> Policy: ...
    def with_overrides(self, overrides: Mapping[str, list[dict[str, Any]]]) -> Policy: ...
    @property
    def jurisdiction(self) -> str: ...
    def params(self, as_of: _AsOf | None = None) -> list[dict[str, str]]: ...

def assess(
    household: _HouseholdInput,
    as_of: _AsOf,
    *,
    policy: Policy | None = None,
    explain: bool = True,
    outputs: Sequence[str] | None = None,
) -> dict[str, Any]: ...
def assess_json(
    household: _HouseholdInput,
    as_of: _AsOf,
    *,
    policy: Policy | None = None,
    explain: bool = True,
    outputs: Sequence[str] | None = None,
) -> str: ...
def validate(household: _HouseholdInput, as_of: _AsOf) -> list[dict[str, str]]: ...
def error_codes() -> list[ErrorCode]: ...
def assess_village(
    village: dict[str, Any] | str | bytes, as_of: _AsOf, *, policy: Policy | None = None
) -> dict[str, Any]: ...
def check_farmland(project: dict[str, Any] | str | bytes) -> dict[str, Any]: ...
def reconcile_json(
    households: list[str],
    rosters: list[tuple[str, str | tuple[list[str], list[list[str | None]]]]],
    as_of: str,
    *,
    policy: Policy | None = None,
    columns: str | None = None,
) -> tuple[str, bytes]: ...
def warning_list_columns() -> tuple[list[str], list[str]]: ...
def duties(*, unit: str | None = None, clause: str | None = None) -> list[dict[str, Any]]: ...
def labels(lang: Literal["zh", "en"] = "zh") -> dict[str, Any]: ...
def normalize(household: dict[str, Any]) -> dict[str, Any]: ...
def applicant_summary(assessment: dict[str, Any], lang: Literal["zh", "en"] = "zh") -> dict[str, Any]: ...
def indicators(
    households: Iterable[_HouseholdInput], as_of: _AsOf, *, policy: Policy | None = None
) -> dict[str, Any]: ...

_Level = Literal["households", "members"]

def assess_ipc(
    data: bytes,
    as_of: _AsOf,
    *,
    policy: Policy | None = None,
    level: _Level = "households",
    raise_errors: bool = False,
    outputs: Sequence[str] | None = None,
) -> bytes: ...
def assess_records(
    households: Iterable[_HouseholdInput],
    as_of: _AsOf,
    *,
    policy: Policy | None = None,
    level: _Level = "households",
    raise_errors: bool = False,
    outputs: Sequence[str] | None = None,
) -> bytes: ...
def output_schema_ipc(level: _Level = "households", outputs: Sequence[str] | None = None) -> bytes: ...
def assess_batches(
    batches: list[Any],
    as_of: _AsOf,
    *,
    policy: Policy | None = None,
    level: _Level = "households",
    raise_errors: bool = False,
    outputs: Sequence[str] | None = None,
) -> list[Any]: ...
def assess_tables(
    batches: list[Any],
    as_of: _AsOf,
    *,
    policy: Policy | None = None,
    level: _Level = "households",
    raise_errors: bool = False,
    unique_ids: bool = False,
    all_errors: bool = False,
    outputs: Sequence[str] | None = None,
) -> tuple[list[Any], list[tuple[int, list[dict[str, Any]]]]]: ...
def prepare_table(
    batches: list[Any],
    table: str,
    *,
    columns: Mapping[str, str] | None = None,
    values: Mapping[str, Mapping[str, str | bool | int]] | None = None,
    unknown: str = "ignore",
    id_header: str | None = None,
) -> tuple[list[Any], list[str], list[tuple[str, str]]]: ...
def household_schema() -> dict[str, Any]: ...

# `hengjie.export` (bindings-python/src/export.rs): per sheet its word ("result", "summary",
# "changed", "groups", "sweep"), its record batches and its column names; the tables crate
# chooses the columns, headers and words. `parameter`: a sweep's.
def export_tables(
    sheets: list[tuple[str, list[Any], list[str]]],
    path: str,
    *,
    lang: str = "zh",
    parameter: str | None = None,
) -> int: ...
