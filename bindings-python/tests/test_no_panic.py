"""10000 mutated documents never raise anything but HengjieError from the Python API (no
PanicException, no crash), and the module keeps working afterwards."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hengjie
from conftest import SAMPLE

TEXT = json.dumps(SAMPLE)

leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.dates(),
)
values = st.recursive(
    leaves,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def paths(doc: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out += paths(v, (*prefix, i))
    return out


def replace(doc: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    copy = dict(doc) if isinstance(doc, dict) else list(doc)
    copy[path[0]] = replace(doc[path[0]], path[1:], value)
    return copy


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    """A text mutation of the sample's JSON, or the sample with one value replaced."""
    if draw(st.booleans()):
        chars = list(TEXT)
        for _ in range(draw(st.integers(1, 4))):
            i = draw(st.integers(0, len(chars)))
            op = draw(st.sampled_from(["delete", "insert", "replace"]))
            c = draw(st.characters(codec="utf-8"))
            if op == "delete" and i < len(chars):
                del chars[i]
            elif op == "insert":
                chars.insert(i, c)
            elif i < len(chars):
                chars[i] = c
        return "".join(chars)
    all_paths = paths(SAMPLE)
    return replace(SAMPLE, draw(st.sampled_from(all_paths)), draw(values))


@settings(max_examples=10_000, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(mutated())
def test_mutated_documents_raise_only_hengjie_errors(doc: Any) -> None:
    for call in (
        lambda: hengjie.assess(doc, "2023-06-30"),
        lambda: hengjie.validate(doc, "2023-06-30"),
        lambda: hengjie.assess_village(doc, "2023-06-30"),
        lambda: hengjie.check_farmland(doc),
    ):
        try:
            call()
        except hengjie.HengjieError as e:
            assert e.errors(), "an error without its list"
            for err in e.errors():
                assert err["code"] in hengjie.ERROR_CODES


def test_the_module_still_works_afterwards() -> None:
    # (500 × 12 − 5000) / 12 = 83.33
    assert str(hengjie.assess(SAMPLE, "2023-06-30")["dibao"]["monthly_benefit"]) == "83.33"
