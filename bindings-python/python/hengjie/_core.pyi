from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from os import PathLike
from typing import Any, Literal

ErrorCode = Literal[
    "malformed_json",
    "invalid_type",
    "missing_field",
    "unknown_field",
    "invalid_value",
    "out_of_range",
    "duplicate_id",
    "unknown_reference",
    "too_large",
    "parameter_undefined",
    "invalid_parameter",
]

#: A household: a dict of the CONTRACT shape (money as Decimal, int or str — never float),
#: or its JSON text.
HouseholdInput = dict[str, Any] | str | bytes
AsOf = str | date

class Policy:
    @staticmethod
    def default() -> Policy: ...
    @staticmethod
    def from_file(path: str | PathLike[str]) -> Policy: ...
    def with_layer(self, layer: dict[str, Any] | str) -> Policy: ...
    @property
    def jurisdiction(self) -> str: ...
    def params(self, as_of: AsOf | None = None) -> list[dict[str, str]]: ...

def assess(household: HouseholdInput, as_of: AsOf, *, policy: Policy | None = None) -> dict[str, Any]: ...
def assess_json(household: HouseholdInput, as_of: AsOf, *, policy: Policy | None = None) -> str: ...
def validate(household: HouseholdInput, as_of: AsOf) -> list[dict[str, str]]: ...
def error_codes() -> list[ErrorCode]: ...
def assess_village(
    village: dict[str, Any] | str | bytes, as_of: AsOf, *, policy: Policy | None = None
) -> dict[str, Any]: ...
def check_farmland(project: dict[str, Any] | str | bytes) -> dict[str, Any]: ...
def duties(*, unit: str | None = None, clause: str | None = None) -> list[dict[str, Any]]: ...
def indicators(
    households: Iterable[HouseholdInput], as_of: AsOf, *, policy: Policy | None = None
) -> dict[str, Any]: ...

Money = Decimal
