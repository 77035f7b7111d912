"""Every conformance vector of tests/vectors (docs/contract.md#conformance-vectors), dict and JSON input."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from vector_text import member_text

import hengjie
from conftest import VECTOR_DIR, load_exact

VECTORS = sorted(VECTOR_DIR.rglob("*.json"))


def subset(expected: Any, actual: Any, path: str, diffs: list[str]) -> None:
    """`expected` ⊆ `actual`: objects by named keys, arrays element-wise, scalars type-strict.

    Money comes back as Decimal; the vector's 2-decimal string must equal `str()` of it exactly.
    """
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key, value in expected.items():
            if key not in actual:
                diffs.append(f"{path}/{key}: missing")
            else:
                subset(value, actual[key], f"{path}/{key}", diffs)
    elif isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            diffs.append(f"{path}: expected {len(expected)} elements, got {len(actual)}")
        else:
            for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
                subset(e, a, f"{path}/{i}", diffs)
    elif isinstance(actual, Decimal):
        if not (isinstance(expected, str) and str(actual) == expected):
            diffs.append(f"{path}: expected {expected!r}, got {actual!r}")
    elif type(expected) is not type(actual) or expected != actual:
        diffs.append(f"{path}: expected {expected!r}, got {actual!r}")


def run(path: Path, mode: str) -> list[str]:
    text = path.read_text(encoding="utf-8")
    vector = json.loads(text)
    kind = vector.get("kind", "household")
    if kind == "reconcile":
        return []  # department comparison: tables/tests/reconcile_vectors.rs runs these
    if kind not in ("household", "village", "farmland"):
        return [f"unknown kind {kind!r}"]
    raw_input = member_text(text, "input")
    household: Any = raw_input if mode == "json" else load_exact(raw_input or "null")
    raw_params = member_text(text, "params")
    try:
        policy = hengjie.Policy.default()
        if vector.get("params") is not None:
            policy = policy.with_layer(raw_params)
    except hengjie.ParameterError as e:
        got = {(x["code"], x["path"]) for x in e.errors()}
        want = {(x["code"], x["path"]) for x in vector.get("expected_errors", [])}
        return [] if got == want else [f"layer errors: expected {want}, got {got}"]
    if kind != "household":
        return run_other(kind, household, vector, policy)
    if "expected_errors" in vector:
        want = {(x["code"], x["path"]) for x in vector["expected_errors"]}
        try:
            hengjie.assess(household, vector["as_of"], policy=policy)
            got = {(x["code"], x["path"]) for x in hengjie.validate(household, vector["as_of"])}
        except hengjie.ParameterError as e:
            got = {(x["code"], x["path"]) for x in e.errors()}
        except hengjie.InvalidInputError:
            got = {(x["code"], x["path"]) for x in hengjie.validate(household, vector["as_of"])}
        return [] if got == want else [f"errors: expected {sorted(want)}, got {sorted(got)}"]
    actual = hengjie.assess(household, vector["as_of"], policy=policy)
    diffs: list[str] = []
    subset(vector["expected"], actual, "", diffs)
    return diffs


def run_other(kind: str, document: Any, vector: dict[str, Any], policy: hengjie.Policy) -> list[str]:
    """Villages and farmland projects: the result, or the errors the call raises."""
    try:
        if kind == "village":
            actual = hengjie.assess_village(document, vector["as_of"], policy=policy)
        else:
            actual = hengjie.check_farmland(document)
    except hengjie.HengjieError as e:
        got = {(x["code"], x["path"]) for x in e.errors()}
        want = {(x["code"], x["path"]) for x in vector.get("expected_errors", [])}
        return [] if "expected_errors" in vector and got == want else [f"errors: expected {want}, got {got}"]
    if "expected_errors" in vector:
        return [f"expected errors, got {actual!r}"]
    diffs: list[str] = []
    subset(vector["expected"], actual, "", diffs)
    return diffs


def test_the_corpus_is_there() -> None:
    assert len(VECTORS) >= 40


@pytest.mark.parametrize("mode", ["dict", "json"])
@pytest.mark.parametrize("path", VECTORS, ids=[str(p.relative_to(VECTOR_DIR)) for p in VECTORS])
def test_vector(path: Path, mode: str) -> None:
    diffs = run(path, mode)
    assert not diffs, "\n".join(diffs)


def test_the_runner_can_fail() -> None:
    diffs: list[str] = []
    subset(
        {"dibao": {"monthly_benefit": "23.30"}}, {"dibao": {"monthly_benefit": Decimal("23.3")}}, "", diffs
    )
    subset({"age": 53}, {"age": "53"}, "", diffs)
    subset({"risks": ["a"]}, {"risks": ["a", "b"]}, "", diffs)
    assert len(diffs) == 3
