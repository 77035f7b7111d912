"""Issue 21, their own export in: an office's CSV files with Chinese headers and words, read with
only what docs/fields.md shows, assessed to the fen; every column checked once before any row;
every error of a row available."""

from __future__ import annotations

import json
import os
import re
import warnings
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import hengjie

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")

from conftest import ROOT  # noqa: E402

EXPORT = ROOT / "examples" / "office-export"
AS_OF = "2023-06-30"


def read(name: str, **kw: Any) -> Any:
    return pd.read_csv(EXPORT / name, dtype=str, **kw)


def doc_snippets() -> list[str]:
    text = (ROOT / "docs" / "fields.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_the_documented_export_example_runs_and_gives_the_hand_computed_benefit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first snippet of docs/fields.md, run as it is from the repository root."""
    monkeypatch.chdir(ROOT)
    scope: dict[str, Any] = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        exec(doc_snippets()[0], scope)  # the documentation's own example
    frame = scope["frame"]
    ours = [w for w in caught if "hengjie ignored" in str(w.message)]
    assert len(ours) == 1, [str(w.message) for w in caught]
    message = str(ours[0].message)
    assert "members: 姓名, 性别, 与户主关系" in message and "households: 联系电话" in message
    assert "户主姓名" not in message  # kept, so not left out
    assert frame["error.code"].isna().all(), frame["error.message_en"].tolist()
    assert frame["household_id"].tolist() == ["1001", "1002", "1003"]
    assert frame["村"].tolist() == ["新村", "河边村", "新村"]
    assert frame["户主姓名"].tolist() == ["张大山", "李小红", "王老五"]
    assert list(frame.columns[:3]) == ["household_id", "村", "户主姓名"]
    # (500 × 12 × 3 − (3000 + 1200.50 + 0 + 600)) / 12 = 13199.50 / 12 = 1099.958… → 1099.96
    assert frame["dibao.monthly_benefit"].tolist() == [Decimal("1099.96"), Decimal("0.00"), Decimal("0.00")]
    assert frame["dibao.status"].tolist() == ["eligible", "not_eligible", "not_eligible"]
    # 1003: net 1800 < 6000, but 家庭财产是否符合低保规定 否: not eligible.
    assert frame["monitoring.pc_income"].tolist()[2] == Decimal("1800.00")
    assert frame["members.count"].tolist() == [3, 2, 1]


def test_the_words_of_the_export_are_the_contract_s() -> None:
    """Each Chinese word reads as the contract word it stands for: the member level shows it."""
    with pytest.warns(UserWarning):
        people = hengjie.assess_batch(
            read("households.csv"), AS_OF, members=read("members.csv"), level="members", keep=["姓名"]
        )
    assert people["姓名"].tolist() == ["张大山", "刘翠花", "张小宝", "李小红", "赵强", "王老五"]
    by_name = {name: people.loc[i] for i, name in zip(people.index, people["姓名"], strict=True)}
    # Ages on 2023-06-30 from 1970/3/15, 1972-08-01, 2012年9月1日, …, 1950-02-02.
    assert people["age"].tolist() == [53, 50, 10, 38, 40, 73]
    # 刘翠花: 二级 肢体残疾 (grade 2) in household 1001, which is owed dibao: the care subsidy
    # (grades 1–2) and the living subsidy (a disability in a dibao household), 80 each in 2023.
    liu = by_name["刘翠花"]
    assert liu["disability_care_subsidy_monthly"] == Decimal("80.00")
    assert liu["disability_living_subsidy_monthly"] == Decimal("80.00")
    # 王老五: 一级 视力残疾 (grade 1), but household 1003 is not owed dibao: care only.
    wang = by_name["王老五"]
    assert wang["disability_care_subsidy_monthly"] == Decimal("80.00")
    assert wang["disability_living_subsidy_monthly"] == Decimal("0.00")
    assert people["person_id"].tolist() == ["1", "2", "3", "1", "2", "1"]


def test_the_same_export_read_without_dtype_str() -> None:
    """Integer household numbers (int64) read as text; a money column pandas made float is one
    column error whose fix is dtype=str, not one error per row."""
    households = pd.read_csv(EXPORT / "households.csv")
    members = pd.read_csv(EXPORT / "members.csv")
    assert households["户编号"].dtype == "int64"
    with pytest.raises(hengjie.ColumnError) as e, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        hengjie.assess_batch(households, AS_OF, members=members)
    errors = e.value.errors()
    assert [(x["code"], x["path"]) for x in errors] == [
        ("invalid_type", "/households/生产经营性收入（元）"),
    ]
    assert "dtype=str" in errors[0]["message_en"] and "dtype=str" in errors[0]["message_zh"]
    assert "户表" in errors[0]["message_zh"]
    assert isinstance(e.value, hengjie.InvalidInputError)
    # With that column as text, integer ids are fine.
    households["生产经营性收入（元）"] = read("households.csv")["生产经营性收入（元）"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = hengjie.assess_batch(households, AS_OF, members=members)
    assert frame["household_id"].tolist() == ["1001", "1002", "1003"]
    assert frame["error.code"].isna().all()
    assert frame["dibao.monthly_benefit"].tolist()[0] == Decimal("1099.96")


def test_a_missing_id_column_names_the_table_and_the_column() -> None:
    households = read("households.csv").rename(columns={"户编号": "编号"})
    members = read("members.csv").drop(columns=["出生日期"])
    with pytest.raises(hengjie.ColumnError) as e, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        hengjie.assess_batch(households, AS_OF, members=members)
    got = [(x["code"], x["path"]) for x in e.value.errors()]
    assert ("missing_field", "/households/id") in got
    assert ("missing_field", "/members/birth_date") in got
    zh = next(x["message_zh"] for x in e.value.errors() if x["path"] == "/households/id")
    assert "户表" in zh and "户编号" in zh and "columns=" in zh
    # The user's map names it; in the members table the same header is the household number.
    households = households.rename(columns={"编号": "农户编码"})
    members = read("members.csv").rename(columns={"户编号": "农户编码"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = hengjie.assess_batch(households, AS_OF, members=members, columns={"农户编码": "id"})
    assert frame["error.code"].isna().all() and frame["members.count"].tolist() == [3, 2, 1]


def test_unknown_error_and_user_values() -> None:
    households = read("households.csv")
    members = read("members.csv")
    members.loc[1, "劳动能力"] = "半劳力"
    households.loc[0, "是否脱贫户"] = "已脱贫"
    with pytest.raises(hengjie.ColumnError) as e:
        hengjie.assess_batch(households, AS_OF, members=members, unknown="error")
    got = [(x["code"], x["path"]) for x in e.value.errors()]
    assert ("unknown_field", "/members/姓名") in got and ("unknown_field", "/households/联系电话") in got
    # 已脱贫 in a yes/no column: one column error listing the word.
    assert ("invalid_value", "/households/是否脱贫户") in got
    with pytest.warns(UserWarning, match="姓名"):
        frame = hengjie.assess_batch(
            households,
            AS_OF,
            members=members,
            values={"labor_capacity": {"半劳力": "partial"}, "poverty_alleviated": {"已脱贫": True}},
            keep=["户主姓名", "村", "联系电话"],
            unknown="ignore",
        )
    assert frame["error.code"].isna().all()
    assert frame["联系电话"].tolist()[0] == "138****0001"


def test_a_repeated_household_is_duplicate_id() -> None:
    households = read("households.csv")
    households = pd.concat([households, households.iloc[[1]]], ignore_index=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = hengjie.assess_batch(households, AS_OF, members=read("members.csv"))
    assert frame["error.code"].tolist()[1] == "duplicate_id"
    assert frame["error.code"].tolist()[3] == "duplicate_id"
    assert frame["error.path"].tolist()[1] == "/id"
    assert frame["error.message_zh"].tolist()[1] == (
        "户编号（1002）在这张表中出现了 2 次，请让每户只占一行、编号各不相同。"
    )
    assert pd.isna(frame["error.code"].iloc[0])


def test_every_error_of_a_row() -> None:
    members = read("members.csv")
    members.loc[0, "出生日期"] = "2031-01-01"
    members.loc[0, "劳动能力"] = "说不清"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rows = hengjie.assess_batch(read("households.csv"), AS_OF, members=members, errors="rows")
        found = hengjie.validate_batch(read("households.csv"), AS_OF, members=members)
    bad = rows[rows["household_id"] == "1001"]
    assert sorted(bad["error.path"]) == ["/members/0/birth_date", "/members/0/labor_capacity"]
    assert set(bad["error.count"]) == {2}
    assert len(rows) == 4 and rows["error.code"].isna().sum() == 2
    assert found["row"].tolist() == [0, 0]
    assert found["household_id"].tolist() == ["1001", "1001"]
    assert sorted(found["code"]) == ["invalid_value", "out_of_range"]
    # A column error is a row there too, with no row number.
    broken = read("households.csv").drop(columns=["户编号"])
    found = hengjie.validate_batch(broken, AS_OF, members=members)
    assert found["path"].tolist() == ["/households/id"] and found["row"].isna().all()


def test_household_schema_is_the_javascript_one() -> None:
    schema = hengjie.household_schema()
    checked_in = json.loads((ROOT / "bindings-wasm" / "src" / "household.schema.json").read_text("utf-8"))
    assert schema == checked_in
    member = schema["$defs"]["Member"]["properties"]
    assert member["labor_capacity"]["title"] == "劳动能力"
    labels = schema["$defs"]["LaborCapacity"]["x-enum-labels"]
    assert labels == {"full": "能正常干活", "partial": "只能干些轻活", "none": "不能干活"}


def test_fields_md_is_in_the_docs_index() -> None:
    assert "fields.md" in (ROOT / "docs" / "README.md").read_text(encoding="utf-8")
    assert os.path.exists(ROOT / "docs" / "fields.md")
    assert Path(EXPORT / "members.csv").read_bytes().startswith(b"\xef\xbb\xbf")
