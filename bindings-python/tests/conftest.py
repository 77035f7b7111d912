"""Shared fixtures: the vector corpus and the dict-or-JSON input modes."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
VECTOR_DIR = ROOT / "tests" / "vectors"
# tests/vectors/vector_text.py: a vector member's exact text, shared with tests/cross.
sys.path.insert(0, str(VECTOR_DIR))

SAMPLE: dict[str, Any] = {
    "id": "HH-1",
    "poverty_alleviated": False,
    "members": [{"id": "P1", "birth_date": "1980-05-01", "labor_capacity": "full", "medical_insured": True}],
    "income": {"wages": "5000"},
}


def load_exact(text: str) -> Any:
    """JSON with decimal numbers as Decimal (never float), as an analyst's data would be."""
    return json.loads(text, parse_float=Decimal)


@pytest.fixture(params=["dict", "json"])
def py_and_json(request: pytest.FixtureRequest) -> Callable[[Any], Any]:
    """Runs a case with dict input and with JSON-string input (after pydantic-core)."""
    if request.param == "dict":
        return lambda doc: doc
    return lambda doc: json.dumps(doc, default=str) if not isinstance(doc, str) else doc
