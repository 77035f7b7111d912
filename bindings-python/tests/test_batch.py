"""The batch layer: every input shape gives, row for row, what `hengjie.assess` gives."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

import hengjie

pa = pytest.importorskip("pyarrow")
pd = pytest.importorskip("pandas")

from vector_text import member_text  # noqa: E402

from conftest import ROOT, VECTOR_DIR, load_exact  # noqa: E402

AS_OF = "2023-06-30"
MONEY_KEYS = {
    "wages",
    "business",
    "property",
    "transfers",
    "previous_year_income",
    "medical",
    "education",
    "disaster",
    "accident",
    "current_monthly_benefit",
    "outstanding",
    "expense",
    "own_income",
}
SKIPPED = {"members", "reasons", "parameters", "warnings", "margins"}


def money_as_text(doc: Any) -> Any:
    """Money as strings, so that one Arrow column has one type across households."""
    if isinstance(doc, dict):
        return {
            k: str(v)
            if k in MONEY_KEYS and isinstance(v, (int, Decimal)) and not isinstance(v, bool)
            else money_as_text(v)
            for k, v in doc.items()
        }
    if isinstance(doc, list):
        return [money_as_text(v) for v in doc]
    return doc


def households() -> list[dict[str, Any]]:
    """Valid households: the vectors assessed on AS_OF with the default parameters, then the
    sample population."""
    out = []
    for path in sorted(VECTOR_DIR.rglob("*.json")):
        case = load_exact(path.read_text(encoding="utf-8"))
        if case.get("kind", "household") != "household" or case.get("params") or "expected" not in case:
            continue
        if case["as_of"] != AS_OF:
            continue
        out.append(money_as_text(case["input"]))
    lines = (ROOT / "examples" / "households.jsonl").read_text(encoding="utf-8").splitlines()
    out += [money_as_text(load_exact(line)) for line in lines if line.strip()]
    ids: set[str] = set()
    unique = []
    for doc in out:  # one row per id, so the joins of the flat-table shape are unambiguous
        if doc["id"] not in ids:
            ids.add(doc["id"])
            unique.append(doc)
    return unique


HOUSEHOLDS = households()


def flat(assessment: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in assessment.items():
        if not prefix and key in SKIPPED:
            continue
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flat(value, name + "."))
        else:
            out[name] = value
    return out


def expected_household(a: dict[str, Any]) -> dict[str, Any]:
    row = flat(a)
    row["as_of"] = date.fromisoformat(row["as_of"])
    # The table carries the stamp's engine, rules and policy digest, not the per-layer list.
    del row["provenance.policy.layers"]
    if row["dibao.gradual_exit_until"] is not None:
        row["dibao.gradual_exit_until"] = date.fromisoformat(row["dibao.gradual_exit_until"])
    row["coverage_gaps"] = [
        g["code"] if g["person_id"] is None else f"{g['person_id']}:{g['code']}" for g in a["coverage_gaps"]
    ]
    if a["monitoring"]["exit"] is None:
        row["monitoring.exit.eligible"] = None
        row["monitoring.exit.blockers"] = None
        del row["monitoring.exit"]
    row["members.count"] = len(a["members"])
    row["medical_subsidy.total"] = sum(
        (m["medical_subsidy"]["subsidy"] for m in a["members"]), Decimal("0.00")
    )
    row["pension.proxy_payment_total"] = sum(
        (m["pension"]["proxy_payment"] for m in a["members"] if m["pension"]), Decimal("0.00")
    )
    for m in a["margins"]:
        if m["person_id"] is None:
            row[f"margin.{m['decision']}"] = m["change"]
    row["error.code"] = None
    row["error.count"] = 0
    return row


def expected_members(a: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for m in a["members"]:
        row = flat(m)
        for group, fields in (
            ("pension", ("proxy_payment", "proxy_basis", "lowest_tier_available", "contribution_subsidy")),
            ("triple_guarantee", ("expense", "basic", "critical_illness", "assistance", "out_of_pocket")),
            ("child_support", ("basis", "monthly")),
        ):
            if m[group] is None:
                del row[group]
                row.update({f"{group}.{f}": None for f in fields})
        row["household_id"] = a["household_id"]
        row["coverage_gaps"] = [g["code"] for g in a["coverage_gaps"] if g["person_id"] == m["person_id"]]
        for g in a["margins"]:
            if g["person_id"] == m["person_id"]:
                row[f"margin.{g['decision']}"] = g["change"]
        rows.append(row)
    return rows


@pytest.fixture(scope="module")
def one_by_one() -> list[dict[str, Any]]:
    return [hengjie.assess(h, AS_OF) for h in HOUSEHOLDS]


def check_households(table: Any, assessments: list[dict[str, Any]]) -> None:
    got = table.to_pylist()
    assert len(got) == len(assessments)
    for row, a in zip(got, assessments, strict=True):
        expected = expected_household(a)
        for name, value in expected.items():
            assert row[name] == value, (a["household_id"], name)
        margin_cols = {c for c in row if c.startswith("margin.")}
        for name in margin_cols - expected.keys():
            assert row[name] is None, (a["household_id"], name)


def check_members(table: Any, assessments: list[dict[str, Any]]) -> None:
    got = table.to_pylist()
    expected = [m for a in assessments for m in expected_members(a)]
    assert len(got) == len(expected)
    for row, want in zip(got, expected, strict=True):
        for name, value in want.items():
            assert row[name] == value, (want["household_id"], want["person_id"], name)
        assert row["error.code"] is None


def frame_table(frame: Any) -> Any:
    return pa.Table.from_pandas(frame, preserve_index=False)


def flat_tables() -> tuple[Any, Any, Any]:
    top = [{k: v for k, v in h.items() if k not in ("members", "hospitalizations")} for h in HOUSEHOLDS]
    members = [dict(m, household_id=h["id"]) for h in HOUSEHOLDS for m in h["members"]]
    stays = [dict(s, household_id=h["id"]) for h in HOUSEHOLDS for s in h.get("hospitalizations") or []]
    return (
        pd.json_normalize(top).convert_dtypes(),
        pd.json_normalize(members).convert_dtypes(),
        pd.json_normalize(stays).convert_dtypes(),
    )


SHAPES = {
    "dicts": lambda: HOUSEHOLDS,
    "json_texts": lambda: [json.dumps(h, default=str) for h in HOUSEHOLDS],
    "arrow_table": lambda: hengjie.to_arrow(HOUSEHOLDS),
    "arrow_record_batch": lambda: hengjie.to_arrow(HOUSEHOLDS).combine_chunks().to_batches()[0],
    "pandas_nested": lambda: pd.DataFrame(HOUSEHOLDS),
    "pandas_dotted": lambda: pd.json_normalize(HOUSEHOLDS).convert_dtypes(),
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_every_shape_agrees_with_assess(shape: str, one_by_one: list[dict[str, Any]]) -> None:
    data = SHAPES[shape]()
    check_households(frame_table(hengjie.assess_batch(data, AS_OF)), one_by_one)
    check_members(frame_table(hengjie.assess_batch(data, AS_OF, level="members")), one_by_one)


def test_two_flat_tables_joined_by_household_id(one_by_one: list[dict[str, Any]]) -> None:
    top, members, stays = flat_tables()
    assert "disability.grade" in members.columns and "income.wages" in top.columns
    out = hengjie.assess_batch(top, AS_OF, members=members, hospitalizations=stays)
    check_households(frame_table(out), one_by_one)
    shuffled = members.sample(frac=1, random_state=7)  # member order within a household is kept
    by_members = hengjie.assess_batch(top, AS_OF, members=shuffled, hospitalizations=stays, level="members")
    assert set(by_members["household_id"]) == {a["household_id"] for a in one_by_one}


def test_a_member_of_no_household_is_refused() -> None:
    top, members, _ = flat_tables()
    members.loc[0, "household_id"] = "NOBODY"
    with pytest.raises(ValueError, match="NOBODY"):
        hengjie.assess_batch(top, AS_OF, members=members)


def test_assess_arrow_keeps_the_kind_and_the_schema() -> None:
    table = hengjie.to_arrow(HOUSEHOLDS)
    out = hengjie.assess_arrow(table, AS_OF)
    assert isinstance(out, pa.Table) and out.schema == hengjie.output_schema()
    batch = hengjie.assess_arrow(table.to_batches()[0], AS_OF, level="members")
    assert isinstance(batch, pa.RecordBatch) and batch.schema == hengjie.output_schema("members")
    assert hengjie.assess_batch(table, AS_OF).equals(out.to_pandas(types_mapper=pd.ArrowDtype))


@pytest.mark.parametrize("level", ["households", "members"])
def test_money_is_decimal_everywhere(level: str) -> None:
    schema = hengjie.output_schema(level)  # type: ignore[arg-type]
    money = [f.name for f in schema if pa.types.is_decimal(f.type)]
    assert all(f.type == pa.decimal128(20, 2) for f in schema if f.name in money)
    assert not [f.name for f in schema if pa.types.is_floating(f.type)]
    expected = {
        "households": {"monitoring.pc_income", "dibao.monthly_benefit", "temporary_assistance.amount"},
        "members": {"medical_subsidy.subsidy", "pension.proxy_payment", "triple_guarantee.out_of_pocket"},
    }[level]
    assert expected <= set(money)
    frame = hengjie.assess_batch(HOUSEHOLDS, AS_OF, level=level)  # type: ignore[arg-type]
    for name in money:
        assert isinstance(frame[name].dtype, pd.ArrowDtype)
        values = [v for v in frame[name].tolist() if v is not None and v is not pd.NA]
        assert all(isinstance(v, Decimal) for v in values), name
    assert any(frame[name].notna().any() for name in money)


def bad_household() -> dict[str, Any]:
    doc = json.loads(json.dumps(HOUSEHOLDS[0]))
    doc["id"] = "HH-BAD"
    doc["members"][0]["birth_date"] = "2031-01-01"
    return doc


@pytest.mark.parametrize("shape", ["dicts", "arrow"])
def test_a_bad_row_gets_error_columns_and_the_others_are_assessed(shape: str) -> None:
    docs = [HOUSEHOLDS[1], bad_household(), HOUSEHOLDS[2]]
    data = docs if shape == "dicts" else hengjie.to_arrow(docs)
    out = hengjie.assess_batch(data, AS_OF)
    assert out["household_id"].tolist() == [docs[0]["id"], "HH-BAD", docs[2]["id"]]
    assert out["error.code"].tolist()[1] == "out_of_range"
    assert out["error.path"].tolist()[1] == "/members/0/birth_date"
    assert out["error.count"].tolist() == [0, 1, 0]
    assert out["error.code"].isna().tolist() == [True, False, True]
    assert pd.isna(out["dibao.status"].iloc[1]) and not pd.isna(out["dibao.status"].iloc[2])
    members = hengjie.assess_batch(data, AS_OF, level="members")
    bad = members[members["household_id"] == "HH-BAD"]
    assert len(bad) == 1 and pd.isna(bad["person_id"].iloc[0]) and bad["error.code"].iloc[0] == "out_of_range"


def test_no_record_is_lost_whatever_the_bad_ones_are() -> None:
    """The batch door's answer to issue 20's lost batch: JSON texts with a truncated first record,
    a byte order mark, a 2 MiB record, a blank one and a bad last one give one row per record, in
    order, and every good record is assessed."""
    good = [json.dumps(h, ensure_ascii=False) for h in HOUSEHOLDS[:3]]
    huge = json.dumps({**HOUSEHOLDS[0], "id": "HH-HUGE", "note": "x" * (2 * 1024 * 1024)})
    texts = [
        '{"id": "X", "poverty_alleviated": tru',
        good[0],
        "\ufeff" + good[1],
        huge,
        "",
        good[2],
        '{"id": "LAST", "poverty_alleviated": false, "members": [',
    ]
    out = hengjie.assess_batch(texts, AS_OF)
    assert len(out) == len(texts)
    ids = out["household_id"].tolist()
    assert ids[1] == HOUSEHOLDS[0]["id"] and ids[5] == HOUSEHOLDS[2]["id"]
    codes = out["error.code"].tolist()
    assert codes[0] == "malformed_json" and codes[4] == "malformed_json" and codes[6] == "malformed_json"
    # A text that is not read (too large, not JSON) has no household id in the table.
    assert codes[3] == "too_large" and pd.isna(ids[3])
    # A byte order mark inside a record is not JSON (only the CLI reads files, where it is skipped).
    assert codes[2] == "malformed_json"
    assert out["error.code"].isna().tolist() == [False, True, False, False, False, True, False]
    one = hengjie.assess(HOUSEHOLDS[2], AS_OF)
    assert out["dibao.status"].iloc[5] == one["dibao"]["status"]


def test_a_float_in_arrow_is_invalid_type_at_its_pointer() -> None:
    table = hengjie.to_arrow([HOUSEHOLDS[1], HOUSEHOLDS[2]])
    wages = pa.array([1200.5, None], pa.float64())
    table = table.append_column("previous_year_income_f", wages)
    table = (
        table.drop_columns(["previous_year_income"])
        if "previous_year_income" in table.column_names
        else table
    )
    table = table.rename_columns(
        [c if c != "previous_year_income_f" else "previous_year_income" for c in table.column_names]
    )
    # assess_batch checks the columns once, before any row: one error for the column.
    with pytest.raises(hengjie.ColumnError) as e:
        hengjie.assess_batch(table, AS_OF)
    assert [(x["code"], x["path"]) for x in e.value.errors()] == [
        ("invalid_type", "/households/previous_year_income")
    ]
    # assess_arrow (the Spark path) reads the contract's shape as it is: the float is the row's.
    out = hengjie.assess_arrow(table, AS_OF).to_pandas(types_mapper=pd.ArrowDtype)
    assert out["error.code"].tolist()[0] == "invalid_type"
    assert out["error.path"].tolist()[0] == "/previous_year_income"
    assert pd.isna(out["error.code"].iloc[1])


def test_errors_raise_names_the_row() -> None:
    docs = [HOUSEHOLDS[1], bad_household(), HOUSEHOLDS[2]]
    for data in (docs, hengjie.to_arrow(docs)):
        with pytest.raises(hengjie.InvalidInputError) as e:
            hengjie.assess_batch(data, AS_OF, errors="raise")
        assert [(x["code"], x["path"]) for x in e.value.errors()] == [
            ("out_of_range", "/1/members/0/birth_date")
        ]
    with pytest.raises(ValueError, match="errors must be"):
        hengjie.assess_batch(docs, AS_OF, errors="ignore")  # type: ignore[arg-type]


def test_an_undefined_parameter_fails_the_whole_batch() -> None:
    with pytest.raises(hengjie.ParameterError) as e:
        hengjie.assess_batch(HOUSEHOLDS[:3], "2010-01-01")
    assert e.value.errors()[0]["code"] == "parameter_undefined"


@pytest.mark.parametrize("level", ["households", "members"])
def test_empty_input_gives_the_full_schema(level: str) -> None:
    schema = hengjie.output_schema(level)  # type: ignore[arg-type]
    for data in ([], hengjie.to_arrow(HOUSEHOLDS).slice(0, 0)):
        frame = hengjie.assess_batch(data, AS_OF, level=level)  # type: ignore[arg-type]
        assert len(frame) == 0 and list(frame.columns) == schema.names
        assert frame_table(frame).schema.types == schema.types


def test_columns_other_helpers_read_are_there() -> None:
    names = set(hengjie.output_schema().names)
    assert {
        "household_id",
        "monitoring.include",
        "monitoring.category",
        "dibao.eligible",
        "dibao.monthly_benefit",
        "temporary_assistance.amount",
        "medical_subsidy.total",
        "pension.proxy_payment_total",
        "error.code",
    } <= names


HOUSEHOLD_7600 = {
    "id": "HH-7600",
    "poverty_alleviated": False,
    "members": [{"id": "P1", "birth_date": "1980-05-01", "labor_capacity": "full", "medical_insured": True}],
    "income": {"wages": "7600"},
}


def test_with_overrides_changes_a_decision() -> None:
    base = hengjie.Policy.default()
    policy = base.with_overrides({"monitoring.income_line": [{"from": "2024-01-01", "value": "7800"}]})
    assert policy.jurisdiction == f"{base.jurisdiction}+overrides"
    before = hengjie.assess_batch([HOUSEHOLD_7600], "2024-06-30")
    after = hengjie.assess_batch([HOUSEHOLD_7600], "2024-06-30", policy=policy)
    assert before["monitoring.include"].tolist() == [False]
    assert after["monitoring.include"].tolist() == [True]
    assert after["monitoring.line"].tolist() == [Decimal("7800.00")]
    assert after["jurisdiction"].tolist() == ["yanghe+overrides"]
    assert hengjie.assess(HOUSEHOLD_7600, "2024-06-30", policy=policy)["monitoring"]["include"] is True


@pytest.mark.parametrize(
    ("overrides", "path"),
    [
        (
            {"monitoring.income_line": [{"from": "2024-01-01", "value": "abc"}]},
            "/parameters/monitoring.income_line/0/value",
        ),
        (
            {"monitoring.income_line": [{"from": "2024-01-01", "value": 7800.0}]},
            "/parameters/monitoring.income_line/0/value",
        ),
        ({"monitoring.income_line": [{"value": "7800"}]}, "/parameters/monitoring.income_line/0/from"),
        ({"no.such_parameter": [{"from": "2024-01-01", "value": "1"}]}, "/parameters/no.such_parameter"),
        (["monitoring.income_line"], "/parameters"),
    ],
)
def test_a_bad_override_is_invalid_parameter_at_its_pointer(overrides: Any, path: str) -> None:
    with pytest.raises(hengjie.ParameterError) as e:
        hengjie.Policy.default().with_overrides(overrides)
    assert ("invalid_parameter", path) in [(x["code"], x["path"]) for x in e.value.errors()]


def test_policy_from_file_still_works(tmp_path: Any) -> None:
    layer = tmp_path / "layer.json"
    layer.write_text(
        json.dumps(
            {
                "jurisdiction": "test",
                "parameters": {"monitoring.income_line": [{"from": "2024-01-01", "value": "7800"}]},
            }
        )
    )
    policy = hengjie.Policy.from_file(layer)
    assert hengjie.assess_batch([HOUSEHOLD_7600], "2024-06-30", policy=policy)[
        "monitoring.include"
    ].tolist() == [True]


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="level"):
        hengjie.assess_batch(HOUSEHOLDS[:1], AS_OF, level="villages")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        hengjie.assess_batch("not a table", AS_OF)
    with pytest.raises(TypeError):
        hengjie.assess_arrow(HOUSEHOLDS, AS_OF)


def test_chunks_and_the_ipc_route_give_the_same_table() -> None:
    table = hengjie.to_arrow(HOUSEHOLDS)
    whole = hengjie.assess_arrow(table, AS_OF)
    chunked = pa.concat_tables([table.slice(0, 5), table.slice(5, 1), table.slice(6)])
    assert chunked.num_columns == table.num_columns and len(chunked.to_batches()) == 3
    assert hengjie.assess_arrow(chunked, AS_OF).equals(whole)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(chunked)
    via_ipc = pa.ipc.open_stream(hengjie._core.assess_ipc(sink.getvalue().to_pybytes(), AS_OF)).read_all()
    assert via_ipc.equals(whole)
    with pytest.raises(ValueError, match="Arrow stream"):
        hengjie._core.assess_ipc(b"not arrow", AS_OF)


def test_the_typed_fast_path_agrees_with_the_json_path_on_a_synthetic_population() -> None:
    """Arrow rows are read straight into typed households (falling back to JSON values only for
    rows they cannot read); dicts always go through JSON values. Both must agree everywhere."""
    synth = pytest.importorskip("hengjie.synth")
    table = synth.population(3000, seed=11)
    rows = table.to_pylist()
    for level in ("households", "members"):
        via_arrow = hengjie.assess_arrow(table, AS_OF, level=level)  # type: ignore[arg-type]
        via_dicts = frame_table(hengjie.assess_batch(rows, AS_OF, level=level))  # type: ignore[arg-type]
        assert via_arrow.to_pylist() == via_dicts.to_pylist()
    # Rows the fast path hands over to the JSON path keep their exact errors.
    rows[5]["members"][0]["birth_date"] = date(2031, 1, 1)
    rows[6]["housing_grade"] = "Z"
    out = hengjie.assess_arrow(hengjie.to_arrow(rows[4:8]), AS_OF).to_pylist()
    assert [(r["error.code"], r["error.path"]) for r in out] == [
        (None, None),
        ("out_of_range", "/members/0/birth_date"),
        ("invalid_value", "/housing_grade"),
        (None, None),
    ]


def absent_nulls(doc: Any) -> Any:
    """A dict as the Arrow reader sees its row: a null field is an absent one."""
    if isinstance(doc, dict):
        return {k: absent_nulls(v) for k, v in doc.items() if v is not None}
    if isinstance(doc, list):
        return [absent_nulls(v) for v in doc]
    return doc


def test_the_typed_fast_path_agrees_with_the_json_path_on_every_vector() -> None:
    """Every household vector's input (valid or not, on its own date and parameters) as a
    one-row Arrow table: `assess_arrow` reads it through the typed fast path when it can (the
    JSON way when it cannot), `assess_batch` of the same row as a dict (nulls left out, as Arrow
    rows read) always through JSON values. The two tables are equal, error columns included."""
    compared = refused = 0
    for path in sorted(VECTOR_DIR.rglob("*.json")):
        text = path.read_text(encoding="utf-8")
        case = load_exact(text)
        if case.get("kind", "household") != "household" or not isinstance(case.get("input"), dict):
            continue
        try:
            policy = hengjie.Policy.default()
            if case.get("params") is not None:
                policy = policy.with_layer(member_text(text, "params"))
            hengjie.assess_batch([], case["as_of"], policy=policy)
            table = pa.Table.from_pylist([case["input"]])
        except (hengjie.HengjieError, pa.ArrowException, ValueError, TypeError, OverflowError):
            continue  # a bad parameter layer or date, or an input Arrow cannot type
        row = absent_nulls(table.to_pylist())
        for level in ("households", "members"):
            via_arrow = hengjie.assess_arrow(table, case["as_of"], policy=policy, level=level).to_pylist()
            via_dicts = frame_table(
                hengjie.assess_batch(row, case["as_of"], policy=policy, level=level)
            ).to_pylist()
            if path.name == "nesting_deeper_than_32.json":
                # Refused both ways; the dict door does not read the id of a value nested
                # deeper than the limit, the Arrow door does.
                for r in via_arrow + via_dicts:
                    r.pop("household_id")
            assert via_arrow == via_dicts, path.name
        compared += 1
        refused += via_arrow[0]["error.code"] is not None
    # Most vectors, and among them many refused inputs whose errors the JSON way gives.
    assert compared > 400 and refused > 50, (compared, refused)
