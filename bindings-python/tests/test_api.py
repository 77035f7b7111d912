"""The Python API: types in and out, errors, policies."""

from __future__ import annotations

import ast
import copy
import datetime
import enum
import json
import re
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import hengjie
from conftest import ROOT, SAMPLE

CONTRACT_CODES = (
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
)


SHARED_CONTRACT = Path("/work/shared/spec/CONTRACT.md")


def with_(**changes: Any) -> dict[str, Any]:
    doc = copy.deepcopy(SAMPLE)
    doc.update(changes)
    return doc


def codes(errors: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(e["code"], e["path"]) for e in errors]


def test_money_comes_back_as_decimal(py_and_json: Callable[[Any], Any]) -> None:
    a = hengjie.assess(py_and_json(SAMPLE), "2023-06-30")
    benefit = a["dibao"]["monthly_benefit"]
    # (500 × 12 − 5000) / 12 = 83.33
    assert type(benefit) is Decimal and benefit == Decimal("83.33") and str(benefit) == "83.33"
    assert a["monitoring"]["category"] == "marginal"
    assert a["monitoring"]["line"] == Decimal("7000.00")
    assert a["members"][0]["age"] == 43 and type(a["members"][0]["age"]) is int
    # Reason values stay text.
    assert all(isinstance(v, str) for r in a["reasons"] for v in r["values"].values())


def test_each_amount_is_the_decimal_of_its_text_across_many_amounts() -> None:
    # The door keeps one Decimal per amount in a table of 4 096 slots; 6 000 different incomes
    # (each wage a different number of fen) fill it and replace its entries, and every amount
    # must still be its own text's Decimal.
    for i in range(6000):
        wages = Decimal(3_000_000 + 37 * i) / 100
        household = with_(income={"wages": wages})
        a = hengjie.assess(household, "2023-06-30", explain=False)
        text = json.loads(hengjie.assess_json(household, "2023-06-30", explain=False))
        for field in ("pc_income", "pc_income_after_rigid", "line"):
            got = a["monitoring"][field]
            assert type(got) is Decimal and str(got) == text["monitoring"][field], (i, field)
        assert str(a["dibao"]["monthly_benefit"]) == text["dibao"]["monthly_benefit"], i


def test_dict_and_json_give_the_same_canonical_json() -> None:
    assert hengjie.assess_json(SAMPLE, "2023-06-30") == hengjie.assess_json(json.dumps(SAMPLE), "2023-06-30")
    text = hengjie.assess_json(SAMPLE, "2023-06-30")
    assert text.startswith('{"household_id":"HH-1","as_of":"2023-06-30","jurisdiction":"yanghe"')
    assert not text.endswith("\n")


@pytest.mark.parametrize(
    ("wages", "benefit"),
    # (6000 − 5000) / 12 = 83.333… → 83.33; (6000 − 4999.50) / 12 = 83.375 → 83.38 (half away from zero)
    [(Decimal("5000"), "83.33"), (5000, "83.33"), ("4999.50", "83.38"), (Decimal("4999.5"), "83.38")],
)
def test_exact_money_inputs(wages: Any, benefit: str) -> None:
    a = hengjie.assess(with_(income={"wages": wages}), "2023-06-30")
    assert str(a["dibao"]["monthly_benefit"]) == benefit


def test_a_float_is_invalid_type_at_its_path() -> None:
    with pytest.raises(hengjie.InvalidInputError) as info:
        hengjie.assess(with_(income={"wages": 5000.0}), "2023-06-30")
    assert codes(info.value.errors()) == [("invalid_type", "/income/wages")]
    assert "float" in info.value.errors()[0]["message_en"]
    assert "float" in info.value.errors()[0]["message_zh"]
    # Reported alongside the core's other errors, sorted.
    doc = with_(income={"wages": 1.5}, poverty_alleviated="no")
    assert codes(hengjie.validate(doc, "2023-06-30")) == [
        ("invalid_type", "/income/wages"),
        ("invalid_type", "/poverty_alleviated"),
    ]
    # A float where a required field is: invalid_type, not missing_field.
    member = dict(SAMPLE["members"][0], medical_insured=1.0)
    assert codes(hengjie.validate(with_(members=[member]), "2023-06-30")) == [
        ("invalid_type", "/members/0/medical_insured")
    ]


def test_a_float_deep_in_lists_and_odd_keys_is_reported_at_its_escaped_pointer() -> None:
    # The door's own errors carry the JSON Pointer of where they are: list indexes, and keys
    # with "/" and "~" escaped (RFC 6901), however deep.
    member = dict(SAMPLE["members"][0], notes=[{"a/b~c": [0, 2.5]}])
    found = codes(hengjie.validate(with_(members=[SAMPLE["members"][0], member]), "2023-06-30"))
    assert ("invalid_type", "/members/1/notes/0/a~1b~0c/1") in found


def test_decimal_with_an_exponent_is_invalid_value() -> None:
    assert codes(hengjie.validate(with_(income={"wages": Decimal("1E+3")}), "2023-06-30")) == [
        ("invalid_value", "/income/wages")
    ]


def test_a_bool_is_not_an_int() -> None:
    doc = with_(monitoring={"category": "marginal", "since": "2023-01-01", "measures": True})
    assert codes(hengjie.validate(doc, "2023-06-30")) == [("invalid_type", "/monitoring/measures")]
    doc = with_(monitoring={"category": "marginal", "since": "2023-01-01", "measures": 2})
    assert hengjie.validate(doc, "2023-06-30") == []


class Seven(int):
    """An int whose `str()` lies: conversion must read the integer itself."""

    def __str__(self) -> str:
        return "7"


class Level(enum.IntEnum):
    THREE = 3


@pytest.mark.parametrize(
    ("measures", "errors"),
    [(Seven(-1), [("out_of_range", "/monitoring/measures")]), (Seven(3), []), (Level.THREE, [])],
)
def test_int_subclasses_are_read_by_value(measures: int, errors: list[tuple[str, str]]) -> None:
    doc = with_(monitoring={"category": "marginal", "since": "2023-01-01", "measures": measures})
    assert codes(hengjie.validate(doc, "2023-06-30")) == errors


def test_dates_in_the_household_may_be_date_objects() -> None:
    member = dict(SAMPLE["members"][0], birth_date=datetime.date(1980, 5, 1))
    assert hengjie.assess(with_(members=[member]), "2023-06-30")["members"][0]["age"] == 43
    member = dict(SAMPLE["members"][0], birth_date=datetime.datetime(1980, 5, 1))
    assert codes(hengjie.validate(with_(members=[member]), "2023-06-30")) == [
        ("invalid_type", "/members/0/birth_date")
    ]


def test_as_of_is_a_str_or_a_date_never_a_datetime() -> None:
    by_date = hengjie.assess_json(SAMPLE, datetime.date(2023, 6, 30))
    assert by_date == hengjie.assess_json(SAMPLE, "2023-06-30")
    with pytest.raises(TypeError):
        hengjie.assess(SAMPLE, datetime.datetime(2023, 6, 30))
    with pytest.raises(TypeError):
        hengjie.assess(SAMPLE, 20230630)
    with pytest.raises(hengjie.InvalidInputError) as info:
        hengjie.assess(SAMPLE, "2023-02-30")
    assert codes(info.value.errors()) == [("invalid_value", "")]


def test_the_exception_hierarchy() -> None:
    assert issubclass(hengjie.InvalidInputError, hengjie.HengjieError)
    assert issubclass(hengjie.ParameterError, hengjie.HengjieError)
    assert issubclass(hengjie.HengjieError, ValueError)
    with pytest.raises(ValueError) as info:
        hengjie.assess(with_(members=[]), "2023-06-30")
    assert isinstance(info.value, hengjie.InvalidInputError)
    (error,) = info.value.errors()
    assert (error["code"], error["path"]) == ("out_of_range", "/members")
    assert list(error) == ["code", "path", "params", "message_en", "message_zh"]
    assert error["params"] == {"min": "1", "max": "50"}
    assert error["message_zh"] == "请至少填写一位家庭成员。"


def test_a_date_before_the_parameters_is_a_parameter_error() -> None:
    with pytest.raises(hengjie.ParameterError) as info:
        hengjie.assess(SAMPLE, "2020-12-31")
    assert codes(info.value.errors()) == [("parameter_undefined", "")]


def test_malformed_and_oversized_json_text() -> None:
    assert codes(hengjie.validate('{"id": ', "2023-06-30")) == [("malformed_json", "")]
    big = json.dumps(with_(id="x" * (1024 * 1024)))
    assert codes(hengjie.validate(big, "2023-06-30")) == [("too_large", "")]
    assert codes(hengjie.validate(with_(village_id="x" * (1024 * 1024)), "2023-06-30")) == [("too_large", "")]


def test_a_dict_is_measured_as_its_canonical_json_at_the_size_limit() -> None:
    # The limit is 1 MiB of the document's canonical JSON (compact, non-ASCII as itself, "\n"
    # two bytes). A dict of exactly that size is read; one byte more is too_large. Escapes and
    # Chinese make the estimate the binding uses far above the size, so the exact measure runs.
    limit = 1024 * 1024
    base = with_(village_id="")
    filler = "户\n"  # 3 + 2 bytes written
    empty = len(json.dumps(base, ensure_ascii=False, separators=(",", ":")).encode())
    room = limit - empty
    text = filler * (room // 5) + "x" * (room % 5)
    exact = with_(village_id=text)
    assert len(json.dumps(exact, ensure_ascii=False, separators=(",", ":")).encode()) == limit
    assert "too_large" not in [c for c, _ in codes(hengjie.validate(exact, "2023-06-30"))]
    over = with_(village_id=text + "x")
    assert codes(hengjie.validate(over, "2023-06-30")) == [("too_large", "")]
    # Over the limit in numbers, nulls, booleans and empty containers rather than text.
    for filler_item, count in [(0, 530_000), (None, 220_000), (True, 220_000), ([], 360_000), ({}, 360_000)]:
        doc = with_(members=[filler_item] * count)
        size = len(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode())
        assert size > limit, (filler_item, size)
        assert codes(hengjie.validate(doc, "2023-06-30")) == [("too_large", "")], filler_item


def test_deep_and_self_referencing_input_is_refused_not_crashed() -> None:
    deep: Any = {}
    for _ in range(100):
        deep = {"x": deep}
    assert codes(hengjie.validate(with_(income=deep), "2023-06-30")) == [("invalid_value", "")]
    loop: dict[str, Any] = with_()
    loop["income"] = loop
    assert codes(hengjie.validate(loop, "2023-06-30")) == [("invalid_value", "")]


def test_other_python_types_are_invalid_type() -> None:
    assert codes(hengjie.validate(with_(income={"wages": object()}), "2023-06-30")) == [
        ("invalid_type", "/income/wages")
    ]
    assert codes(hengjie.validate(with_(income={1: "5000"}), "2023-06-30")) == [("invalid_type", "/income")]


def test_a_layer_changes_the_benefit() -> None:
    layer = {
        "jurisdiction": "what-if",
        "parameters": {"dibao.standard_monthly": [{"from": "2023-01-01", "value": "550"}]},
    }
    reform = hengjie.Policy.default().with_layer(layer)
    assert reform.jurisdiction == "what-if"
    a = hengjie.assess(SAMPLE, "2023-06-30", policy=reform)
    assert a["dibao"]["monthly_benefit"] == Decimal("133.33")  # (550 × 12 − 5000) / 12
    assert hengjie.Policy.default().with_layer(json.dumps(layer)).jurisdiction == "what-if"
    with pytest.raises(hengjie.ParameterError) as info:
        hengjie.Policy.default().with_layer({"jurisdiction": "x", "parameters": {"dibao.standard": []}})
    assert codes(info.value.errors()) == [("invalid_parameter", "/parameters/dibao.standard")]
    with pytest.raises(hengjie.ParameterError) as info:
        hengjie.Policy.default().with_layer(
            {
                "jurisdiction": "x",
                "parameters": {"dibao.standard_monthly": [{"from": "2023-01-01", "value": 5.5}]},
            }
        )
    assert codes(info.value.errors()) == [("invalid_parameter", "/parameters/dibao.standard_monthly/0/value")]


def test_a_layer_file(tmp_path: Path) -> None:
    path = tmp_path / "layer.toml"
    path.write_text(
        'jurisdiction = "t"\n[[parameters."dibao.standard_monthly"]]\nfrom = "2023-01-01"\nvalue = "550"\n'
    )
    policy = hengjie.Policy.from_file(path)
    # (550 × 12 − 5000) / 12 = 133.33
    assert hengjie.assess(SAMPLE, "2023-06-30", policy=policy)["dibao"]["monthly_benefit"] == Decimal(
        "133.33"
    )
    assert repr(policy) == 'Policy(jurisdiction="t")'


def test_params() -> None:
    rows = hengjie.Policy.default().params("2023-06-30")
    row = next(r for r in rows if r["name"] == "dibao.standard_monthly")
    assert (row["value"], row["from"], row["provenance"]) == ("500", "2022-12-01", "local")
    assert len(rows) == 66  # docs/parameters.md: one row a parameter on a date, 66 parameters
    assert len(hengjie.Policy.default().params()) == 95  # every dated value of the §14 table
    with pytest.raises(hengjie.ParameterError):
        hengjie.Policy.default().params("2020-01-01")


def test_error_codes_agree_everywhere() -> None:
    assert hengjie.ERROR_CODES == CONTRACT_CODES
    stub = (ROOT / "bindings-python" / "python" / "hengjie" / "_core.pyi").read_text()
    literal = re.search(r"ErrorCode = Literal\[(.*?)\]", stub, re.S)
    assert literal is not None
    assert tuple(ast.literal_eval("(" + literal.group(1) + ")")) == CONTRACT_CODES
    # The TypeScript union is generated from the Rust enum (bindings-wasm/src/assessment.d.ts).
    dts = (ROOT / "bindings-wasm" / "src" / "assessment.d.ts").read_text()
    union = re.search(r"export type ErrorCode =(.*?);", dts, re.S)
    assert union is not None
    assert tuple(re.findall(r'"(\w+)"', union.group(1))) == CONTRACT_CODES
    catalogue = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert tuple(re.findall(r"^### `(\w+)`", catalogue, re.M)) == CONTRACT_CODES


@pytest.mark.skipif(not SHARED_CONTRACT.exists(), reason="the shared spec is not on this machine")
def test_error_codes_are_the_contracts() -> None:
    """The `- Codes:` sentence of the contract, where the spec is at hand."""
    text = SHARED_CONTRACT.read_text(encoding="utf-8")
    sentence = re.search(r"^- Codes: (.*?)\. ", text, re.M | re.S)
    assert sentence is not None
    assert tuple(re.findall(r"`(\w+)`", sentence.group(1))) == CONTRACT_CODES == hengjie.ERROR_CODES


def test_the_stub_names_every_public_function() -> None:
    stub = (ROOT / "bindings-python" / "python" / "hengjie" / "_core.pyi").read_text()
    tree = ast.parse(stub)
    stubbed = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    public = {n for n in dir(hengjie._core) if not n.startswith("_")}
    assert public == stubbed
    methods = {
        n.name
        for c in tree.body
        if isinstance(c, ast.ClassDef)
        for n in c.body
        if isinstance(n, ast.FunctionDef)
    }
    assert {n for n in dir(hengjie.Policy) if not n.startswith("_")} == methods


def test_policy_is_a_frozen_class_of_the_package() -> None:
    assert hengjie.Policy.__module__ == "hengjie"
    with pytest.raises(TypeError):

        class Sub(hengjie.Policy):  # type: ignore[misc]
            pass


def test_the_stub_matches_the_module_by_stubtest(tmp_path: Path) -> None:
    """mypy.stubtest over the package (run from elsewhere, so the source tree is not found twice)."""
    pytest.importorskip("mypy.stubtest", reason="mypy is not installed (pip install mypy)")
    allowlist = ROOT / "bindings-python" / "stubtest-allowlist.txt"
    config = ROOT / "bindings-python" / "pyproject.toml"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy.stubtest",
            "hengjie",
            "--allowlist",
            str(allowlist),
            "--mypy-config-file",
            str(config),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_threads_share_a_policy() -> None:
    """Assessments run without the GIL; concurrent calls on one policy agree with a serial one."""
    policy = hengjie.Policy.default()
    docs = [with_(id=f"HH-{i}", income={"wages": str(4000 + 17 * i)}) for i in range(64)]
    serial = [hengjie.assess_json(d, "2023-06-30", policy=policy) for d in docs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(lambda d: hengjie.assess_json(d, "2023-06-30", policy=policy), docs))
    assert parallel == serial


def test_explain_false_leaves_out_the_texts_and_changes_no_decision() -> None:
    full = hengjie.assess(SAMPLE, "2023-06-30")
    quiet = hengjie.assess(SAMPLE, "2023-06-30", explain=False)
    assert full["reasons"] and full["parameters"]
    assert quiet["reasons"] == [] and quiet["parameters"] == []
    assert {**quiet, "reasons": full["reasons"], "parameters": full["parameters"]} == full
    text = hengjie.assess_json(json.dumps(SAMPLE), "2023-06-30", explain=False)
    assert json.loads(text)["dibao"] == json.loads(hengjie.assess_json(SAMPLE, "2023-06-30"))["dibao"]


def test_labels_normalize_and_the_applicant_summary_come_from_the_core() -> None:
    zh, en = hengjie.labels("zh"), hengjie.labels("en")
    assert zh["fields"]["members/*/birth_date"] == "出生日期"
    assert en["fields"]["members/*/birth_date"] == "date of birth"
    assert list(zh["values"]["labor_capacity"]) == ["full", "partial", "none"]
    titles = sys.modules["hengjie.explain"].RULE_TITLES
    assert titles["education"] == ("教育资助", en["rules"]["education"])
    typed = with_(income={"wages": "１２，０００元"})
    assert hengjie.validate(typed, "2023-06-30")[0]["path"] == "/income/wages"
    assert hengjie.normalize(typed)["income"]["wages"] == "12000"
    assert hengjie.validate(hengjie.normalize(typed), "2023-06-30") == []
    summary = hengjie.applicant_summary(hengjie.assess(SAMPLE, "2023-06-30"), "zh")
    first = summary["items"][0]
    assert (first["code"], first["unit"], first["apply_at"][0]) == (
        "dibao",
        "household_monthly",
        "阳和街道办事处",
    )
    with pytest.raises(ValueError):
        hengjie.labels("fr")


def test_the_summary_names_the_v1_3_supports_in_words() -> None:
    # P2, 13, an orphan who cannot look after themselves, in a dibao-eligible household (rules
    # v1.3 on 2025-06-30): orphan support children.orphan_basic_living_monthly 1200 a month
    # (14400 a year) comes before dibao's (500 × 12 × 2 − 6000) / 12 = 500.00 a month.
    household = {
        "id": "HH-O",
        "poverty_alleviated": False,
        "members": [
            {"id": "P1", "birth_date": "1970-01-01", "labor_capacity": "partial", "medical_insured": True},
            {
                "id": "P2",
                "birth_date": "2012-03-01",
                "labor_capacity": "none",
                "medical_insured": True,
                "schooling": {"status": "enrolled", "stage": "primary"},
                "guardianship": "orphan",
                "self_care_able": False,
            },
        ],
        "income": {"wages": "6000"},
        "assets_within_limit": True,
    }
    summary = hengjie.applicant_summary(hengjie.assess(household, "2025-06-30"), "en")
    items = {i["code"]: i for i in summary["items"]}
    assert [i["code"] for i in summary["items"][:2]] == ["child_support", "dibao"]
    assert (items["child_support"]["amount"], items["child_support"]["annual_value"]) == (
        "1200.00",
        "14400.00",
    )
    assert items["child_support"]["detail"] == "orphan"
    assert items["low_income"]["detail"] == "receiving or owed dibao, at risk of falling (back) into poverty"
    assert items["care_visits"]["members"] == ["P2"]
    assert items["work_relief"]["members"] == ["P1"]
    zh = hengjie.labels("zh")
    assert zh["fields"]["members/*/guardianship"] == "未成年人由谁抚养"
    assert list(zh["values"]["guardianship"]) == ["parents", "orphan", "unattended"]


def test_an_empty_field_is_empty_value_worded_by_its_label() -> None:
    member = dict(SAMPLE["members"][0], birth_date=" ")
    (error,) = hengjie.validate(with_(members=[member]), "2023-06-30")
    assert (error["code"], error["path"]) == ("empty_value", "/members/0/birth_date")
    assert error["message_zh"] == "请填写出生日期（现在是空的）。"
    assert "`" not in error["message_en"] and "birth_date" not in error["message_en"]


def test_a_repeated_key_comes_with_the_documents_other_errors() -> None:
    # `poverty_alleviated` twice: the first occurrence ("no") is the one read, and is not a
    # boolean; the second is the repeated key. The contract reports both, sorted by path then code,
    # as the CLI and the service do, whichever call reads the text.
    text = '{"poverty_alleviated": "no", ' + json.dumps(SAMPLE)[1:]
    expected = [("invalid_type", "/poverty_alleviated"), ("duplicate_key", "/poverty_alleviated")]
    assert codes(hengjie.validate(text, "2023-06-30")) == expected
    assert codes(hengjie.validate(text.encode(), "2023-06-30")) == expected
    for call in (hengjie.assess, hengjie.assess_json):
        with pytest.raises(hengjie.InvalidInputError) as info:
            call(text, "2023-06-30")
        assert codes(info.value.errors()) == expected
    frame = hengjie.assess_batch([text, SAMPLE], "2023-06-30")
    assert frame["error.code"].tolist()[0] == "invalid_type"
    assert frame["household_id"].tolist() == ["HH-1", "HH-1"]
    # A village's text reads the same way: its first `id` is not a string, and the required
    # fields it lacks are missing (docs/contract.md, the village input).
    with pytest.raises(hengjie.InvalidInputError) as info:
        hengjie.assess_village('{"id": 7, "id": "V-1"}', "2023-06-30")
    assert codes(info.value.errors()) == [
        ("missing_field", "/clinic"),
        ("invalid_type", "/id"),
        ("duplicate_key", "/id"),
        ("missing_field", "/period_end"),
        ("missing_field", "/period_start"),
        ("missing_field", "/platform_staff"),
    ]
