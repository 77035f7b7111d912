"""hengjie.export (results out, issue 21): a result table as a Chinese spreadsheet, read back
here from the XLSX's own XML (no spreadsheet library), so the exact cell text is checked."""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

pytest.importorskip("pyarrow")
pytest.importorskip("pandas")

import pandas as pd
import pyarrow as pa

import hengjie
from hengjie import whatif

AS_OF = datetime.date(2023, 6, 30)
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def read_xlsx(path: Path) -> dict[str, list[list[str | None]]]:
    """Every sheet as rows of cell texts: a string cell its text (from the shared-string table
    or inline, as the writer's constant-memory mode writes it), a number cell the number as the
    file writes it (``83.33``), an empty cell None."""
    with zipfile.ZipFile(path) as z:
        shared = (
            [
                "".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t"))
                for si in ElementTree.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS)
            ]
            if "xl/sharedStrings.xml" in z.namelist()
            else []
        )
        book = ElementTree.fromstring(z.read("xl/workbook.xml"))
        names = [s.get("name") for s in book.findall("m:sheets/m:sheet", NS)]
        out: dict[str, list[list[str | None]]] = {}
        for i, name in enumerate(names, start=1):
            sheet = ElementTree.fromstring(z.read(f"xl/worksheets/sheet{i}.xml"))
            rows: list[list[str | None]] = []
            for row in sheet.findall("m:sheetData/m:row", NS):
                cells: list[str | None] = []
                for c in row.findall("m:c", NS):
                    col = _column_index(str(c.get("r")))
                    cells += [None] * (col - len(cells))
                    v = c.find("m:v", NS)
                    text = None if v is None else v.text
                    if c.get("t") == "s" and text is not None:
                        text = shared[int(text)]
                    elif c.get("t") == "inlineStr":
                        text = "".join(t.text or "" for t in c.iter(f"{{{NS['m']}}}t"))
                    cells.append(text)
                rows.append(cells)
            out[str(name)] = rows
    return out


def _column_index(ref: str) -> int:
    letters = re.match(r"[A-Z]+", ref)
    assert letters is not None
    n = 0
    for ch in letters.group(0):
        n = n * 26 + ord(ch) - ord("A") + 1
    return n - 1


def _household(hid: str, wages: str, member: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": hid,
        "poverty_alleviated": False,
        "members": [member],
        "income": {"wages": wages},
    }


# HH-1: one member, wages 5000 a year. The dibao standard on 2023-06-30 is 500 a month (docs/rules/dibao.md,
# from 2022-12-01): line 500 × 12 × 1 = 6000 > 5000, so dibao is owed, (6000 − 5000) / 12 =
# 83.33 a month, and the household is not on dibao: the gap `dibao_not_covered` (no member).
# HH-2: wages 20000, above the line: no dibao, no gap.
HOUSEHOLDS = [
    _household(
        "HH-1",
        "5000",
        {"id": "P1", "birth_date": "1980-05-01", "labor_capacity": "full", "medical_insured": True},
    ),
    _household(
        "HH-2",
        "20000",
        {"id": "P1", "birth_date": "1980-05-01", "labor_capacity": "full", "medical_insured": True},
    ),
]


@pytest.fixture(scope="module")
def result() -> Any:
    frame = hengjie.assess_batch(HOUSEHOLDS, AS_OF)
    # A column the analyst carried from the input (keep=), added last: export puts it first.
    frame["village_id"] = ["V-东村", "V-西村"]
    return frame


def test_xlsx_has_chinese_headers_words_and_the_kept_column_first(result: Any, tmp_path: Path) -> None:
    path = hengjie.export(result, tmp_path / "结果.xlsx")
    sheets = read_xlsx(path)
    assert list(sheets) == ["结果"]
    rows = sheets["结果"]
    header = rows[0]
    assert header[:3] == ["村编号", "户编号", "错误代码"]
    col = {h: i for i, h in enumerate(header)}
    hh1, hh2 = rows[1], rows[2]
    assert (hh1[0], hh1[1]) == ("V-东村", "HH-1")
    assert hh1[col["低保状态"]] == "符合条件"
    assert hh2[col["低保状态"]] == "不符合条件"
    assert hh1[col["符合低保条件"]] == "是"
    assert hh2[col["符合低保条件"]] == "否"
    # The exact benefit: the file holds 83.33, not 83.3299999….
    assert hh1[col["低保金（每户每月）"]] == "83.33"
    assert hh2[col["低保金（每户每月）"]] == "0"
    # and P1 (43, no `pension_insured`) in a household owed dibao is the member whose pension
    # contributions could be paid (docs/rules/pension.md): the gap names P1.
    assert hh1[col["应享未享的帮扶"]] == "符合低保条件但未纳入、P1 可代缴养老保险但未参保"
    assert hh2[col["应享未享的帮扶"]] in (None, "")
    assert hh1[col["评估日期"]] == "2023-06-30"
    assert hh1[col["过渡期阶段"]] == "过渡期内"
    assert len(header) == len(result.columns)


def test_lists_are_joined_and_member_gaps_name_their_member(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "household_id": ["HH-9"],
            "coverage_gaps": pd.array(
                [["dibao_not_covered", "P4:pension_not_insured"]],
                dtype=pd.ArrowDtype(pa.list_(pa.string())),
            ),
            "monitoring.risks": pd.array(
                [["income_below_line", "uninsured"]],
                dtype=pd.ArrowDtype(pa.list_(pa.string())),
            ),
        }
    )
    zh = read_xlsx(hengjie.export(frame, tmp_path / "a.xlsx"))["结果"]
    assert zh[1] == [
        "HH-9",
        "符合低保条件但未纳入、P4 可代缴养老保险但未参保",
        "收入低于监测线、未参加基本医疗保险",
    ]
    en = read_xlsx(hengjie.export(frame, tmp_path / "b.xlsx", lang="en"))["result"]
    assert en[0] == ["household number", "support owed but not received", "risks"]
    assert en[1][1] == (
        "eligible for dibao but not receiving it, P4 pension contributions could be paid but not enrolled"
    )


def test_the_households_table_names_the_member_of_each_gap() -> None:
    # P2 is 30, not insured for pension, in a dibao-eligible household (docs/rules/pension.md: the proxy
    # payment applies to dibao households): the gap is P2's, written `P2:pension_not_insured`.
    h = _household(
        "HH-3",
        "0",
        {"id": "P1", "birth_date": "1950-01-01", "labor_capacity": "none", "medical_insured": True},
    )
    h["members"].append(
        {
            "id": "P2",
            "birth_date": "1993-01-01",
            "labor_capacity": "full",
            "medical_insured": True,
            "pension_insured": False,
        }
    )
    one = hengjie.assess(h, AS_OF)
    expected = [
        g["code"] if g["person_id"] is None else f"{g['person_id']}:{g['code']}" for g in one["coverage_gaps"]
    ]
    out = hengjie.assess_batch([h], AS_OF)
    assert out["coverage_gaps"].tolist()[0] == expected
    assert "P2:pension_not_insured" in expected


def test_csv_has_a_bom_exact_money_and_english_words(result: Any, tmp_path: Path) -> None:
    path = hengjie.export(result, tmp_path / "out.csv", lang="en")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") == 3
    header, first, _ = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert header[:2] == ["village number", "household number"]
    assert first[header.index("dibao per household per month")] == "83.33"
    assert first[header.index("eligible for dibao")] == "Yes"
    assert first[header.index("dibao status")] == "eligible"


def test_only_xlsx_or_csv() -> None:
    with pytest.raises(ValueError, match=r"\.xlsx or \.csv"):
        hengjie.export(pd.DataFrame({"a": [1]}), "out.xls")


def test_parquet_round_trips_with_plain_read_parquet(result: Any, tmp_path: Path) -> None:
    path = tmp_path / "result.parquet"
    result.to_parquet(path)
    back = pd.read_parquet(path)
    assert back["coverage_gaps"].tolist()[0] == ["dibao_not_covered", "P1:pension_not_insured"]
    assert back["dibao.monthly_benefit"].tolist()[0] == Decimal("83.33")
    assert back.columns.tolist() == result.columns.tolist()


def test_summarize_by_a_kept_column(result: Any) -> None:
    by = whatif.summarize(result, by="village_id")
    assert by.index.tolist() == ["V-东村", "V-西村"]
    assert by.loc["V-东村", "dibao_households"] == 1
    assert by.loc["V-西村", "dibao_households"] == 0
    assert by.loc["V-东村", "dibao_monthly_total"] == Decimal("83.33")
    assert str(by["dibao_monthly_total"].dtype) == "decimal128(20, 2)[pyarrow]"
    with pytest.raises(KeyError, match="keep"):
        whatif.summarize(result, by="town")


def _reform(value: str) -> hengjie.Policy:
    return hengjie.Policy.default().with_layer(
        {
            "jurisdiction": "reform",
            "parameters": {"dibao.standard_monthly": [{"from": "2023-01-01", "value": value}]},
        }
    )


def test_compare_by_village_from_the_input_and_typed_summary(tmp_path: Path) -> None:
    data = [dict(h, village_id=v) for h, v in zip(HOUSEHOLDS, ["V1", "V2"], strict=True)]
    # 550 a month: HH-1's line 6600, benefit (6600 − 5000) / 12 = 133.33; HH-2 (20000) none.
    c = hengjie.compare(data, AS_OF, None, _reform("550"), by="village_id")
    s = c.summary
    assert s.loc["dibao_monthly_total", "baseline"] == Decimal("83.33")
    assert s.loc["dibao_monthly_total", "reform"] == Decimal("133.33")
    assert s.loc["dibao_monthly_total", "change"] == Decimal("50.00")
    assert s.loc["dibao_monthly_total", "unit"] == "yuan_per_month"
    assert s.loc["temporary_assistance_total", "unit"] == "yuan_once"
    assert s.loc["households", "unit"] == "households"
    assert all(str(s[c].dtype) == "decimal128(20, 2)[pyarrow]" for c in ("baseline", "reform", "change"))
    assert c.groups is not None
    assert c.groups.loc[("V1", "dibao_monthly_total"), "change"] == Decimal("50.00")
    assert c.groups.loc[("V2", "dibao_monthly_total"), "change"] == Decimal("0.00")
    sheets = read_xlsx(hengjie.export(c, tmp_path / "c.xlsx"))
    assert list(sheets) == ["汇总", "变化的家庭", "分组"]
    summary = sheets["汇总"]
    assert summary[0] == ["指标", "单位", "现行政策", "调整后", "变化"]
    row = next(r for r in summary if r[0] == "低保金合计（每月）")
    assert row == ["低保金合计（每月）", "元/月", "83.33", "133.33", "50"]
    changed = sheets["变化的家庭"]
    assert "低保金（每户每月）（现行政策）" in changed[0]
    with pytest.raises(ValueError, match="two tables"):
        hengjie.export(c, tmp_path / "c.csv")


def test_sweep_table_is_numeric_and_plots(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    s = hengjie.sweep(HOUSEHOLDS, AS_OF, "dibao.standard_monthly", [Decimal("450"), Decimal("550")])
    t = s.table
    # 450: line 5400 > 5000, (5400 − 5000) / 12 = 33.33; 550: 133.33.
    assert t["dibao_monthly_total"].tolist() == [Decimal("33.33"), Decimal("133.33")]
    assert str(t["value"].dtype).startswith("decimal128")
    assert str(t["included"].dtype) == "int64[pyarrow]"
    ax = t.plot(x="value", y="dibao_monthly_total")
    assert [round(y, 2) for y in ax.get_lines()[0].get_ydata()] == [33.33, 133.33]
    sheet = read_xlsx(hengjie.export(s, tmp_path / "s.xlsx"))["参数试算"]
    assert sheet[0][0] == "参数取值（dibao.standard_monthly）"
    assert sheet[1][0] == "450"


def test_a_misspelt_parameter_says_which_was_meant() -> None:
    with pytest.raises(hengjie.ParameterError, match="did you mean"):
        hengjie.sweep(HOUSEHOLDS, AS_OF, "dibao.standrd_monthly", [Decimal("450")])


def test_an_offices_two_csv_exports_in_and_a_chinese_spreadsheet_out(tmp_path: Path) -> None:
    """Issue 21 end to end: the office's two CSV exports (Chinese headers and words, extra
    columns) assessed as docs/fields.md shows, written as a Chinese XLSX and read back."""
    import warnings

    from conftest import ROOT

    export = ROOT / "examples" / "office-export"
    households = pd.read_csv(export / "households.csv", dtype=str)
    members = pd.read_csv(export / "members.csv", dtype=str)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the columns left out (test_own_data checks the warning)
        frame = hengjie.assess_batch(households, "2023-06-30", members=members, keep=["村", "户主姓名"])
    rows = read_xlsx(hengjie.export(frame, tmp_path / "结果.xlsx"))["结果"]
    header = rows[0]
    # The kept columns first, under the office's own headers; then the result in Chinese.
    assert header[:3] == ["村", "户主姓名", "户编号"]
    col = {h: i for i, h in enumerate(header)}
    wanted = ["村", "户编号", "纳入防返贫监测", "监测对象类别", "人均纯收入", "低保状态"]
    wanted.append("低保金（每户每月）")
    got = [[r[col[h]] for h in wanted] for r in rows[1:]]
    # 1001: (3000 + 1200.50 + 0 + 600) / 3 = 1600.1666… → 1600.17, under the 7000 line, alleviated:
    # monitored as 脱贫不稳定户; dibao (500 × 12 × 3 − 4800.50) / 12 = 1099.958… → 1099.96.
    # 1002: 30000 / 2 = 15000, over the line: not monitored, no dibao.
    # 1003: 1800 under the line, not alleviated: 边缘易致贫户; its assets are over the limit: no dibao.
    assert got == [
        ["新村", "1001", "是", "脱贫不稳定户", "1600.17", "符合条件", "1099.96"],
        ["河边村", "1002", "否", None, "15000", "不符合条件", "0"],
        ["新村", "1003", "是", "边缘易致贫户", "1800", "不符合条件", "0"],
    ]
    # Lists joined with 、, each member's gap naming the member (成员编号 1 and 2 of household 1001).
    gaps = rows[1][col["应享未享的帮扶"]]
    assert gaps == "符合低保条件但未纳入、1 可代缴养老保险但未参保、2 可代缴养老保险但未参保"
    assert rows[3][col["住房安全情况"]] == "危房，可申请危房改造"
