"""`outputs=[...]`: only the outputs asked for, each exactly as in the full assessment
(docs/rust.md#outputs)."""

from __future__ import annotations

import json
from typing import Any

import pytest

import hengjie

pa = pytest.importorskip("pyarrow")

from conftest import SAMPLE  # noqa: E402

AS_OF = "2023-06-30"
IDS = ["household_id", "as_of", "jurisdiction", "provenance"]
EXPLANATION = ["reasons", "parameters", "warnings"]


def _key_order(text: str) -> list[str]:
    return list(json.loads(text, object_pairs_hook=lambda pairs: dict(pairs)).keys())


def test_assess_gives_the_outputs_asked_for_and_the_same_values() -> None:
    full = hengjie.assess(SAMPLE, AS_OF)
    some = hengjie.assess(SAMPLE, AS_OF, outputs=["dibao", "monitoring"])
    assert list(some) == [*IDS, "monitoring", "dibao", *EXPLANATION]
    assert some["monitoring"] == full["monitoring"]
    assert some["dibao"] == full["dibao"]
    # (500 × 12 − 5000) / 12 = 83.33 a month.
    assert str(some["dibao"]["monthly_benefit"]) == "83.33"
    assert {r["rule"] for r in some["reasons"]} <= {"monitoring", "dibao"}


def test_assess_json_keeps_the_bytes_of_each_output() -> None:
    full = json.loads(hengjie.assess_json(SAMPLE, AS_OF))
    text = hengjie.assess_json(SAMPLE, AS_OF, outputs=["pension", "housing"], explain=False)
    some = json.loads(text)
    assert _key_order(text) == [*IDS, "housing", "members", *EXPLANATION]
    assert some["housing"] == full["housing"]
    assert [list(m) for m in some["members"]] == [["person_id", "age", "pension"]]
    assert some["members"][0]["pension"] == full["members"][0]["pension"]
    assert some["reasons"] == [] and some["parameters"] == []


def test_an_unknown_output_is_invalid_value() -> None:
    with pytest.raises(hengjie.InvalidInputError) as e:
        hengjie.assess(SAMPLE, AS_OF, outputs=["monitoring", "dibao_amount"])
    (error,) = e.value.errors()
    assert error["code"] == "invalid_value"
    assert error["path"] == ""
    assert '"dibao_amount"' in error["message_en"]
    assert "dibao" in error["params"]["allowed"]
    with pytest.raises(TypeError):
        hengjie.assess_arrow(pa.Table.from_pylist([SAMPLE]), AS_OF, outputs="dibao")  # type: ignore[arg-type]


def _table(n: int) -> Any:
    synth = pytest.importorskip("hengjie.synth")
    return synth.population(n, seed=7)


def test_assess_arrow_with_outputs_has_their_columns_and_the_same_cells() -> None:
    table = _table(500)
    full = hengjie.assess_arrow(table, AS_OF)
    some = hengjie.assess_arrow(table, AS_OF, outputs=["monitoring", "dibao"])
    names = some.column_names
    assert names[:6] == [
        "household_id",
        "error.code",
        "error.path",
        "error.message_en",
        "error.message_zh",
        "error.count",
    ]
    assert "as_of" in names and "provenance.policy.digest" in names and "members.count" in names
    assert {n.split(".")[0] for n in names} >= {"monitoring", "dibao"}
    assert not any(n.startswith(("transition", "small_loan", "margin", "coverage_gaps")) for n in names)
    assert some.schema == hengjie.output_schema(outputs=["monitoring", "dibao"])
    for name in names:
        assert some.column(name).equals(full.column(name)), name


@pytest.mark.parametrize("outputs", [["tekun"], ["margins", "pension"], ["care_visits", "low_income"]])
def test_assess_batch_members_level_with_outputs(outputs: list[str]) -> None:
    table = _table(300)
    full = hengjie.assess_batch(table, AS_OF, level="members")
    some = hengjie.assess_batch(table, AS_OF, level="members", outputs=outputs)
    assert list(some.columns) == [c for c in full.columns if c in set(some.columns)]
    assert set(some.columns) < set(full.columns)
    for name in some.columns:
        assert some[name].equals(full[name]), name
