"""hengjie.explain: decisions in plain words (both languages), clauses of 阳发〔2021〕30号, margins
worded relative to the decision, parameters collapsed, text(lang) = repr, to_html(path)."""

from __future__ import annotations

import html
import json
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import hengjie
from conftest import ROOT, VECTOR_DIR, load_exact

AS_OF = "2023-06-30"

HOUSEHOLD: dict[str, Any] = {
    "id": "HH-EX",
    "poverty_alleviated": True,
    "members": [
        {
            "id": "P1",
            "birth_date": "1970-03-15",
            "labor_capacity": "partial",
            "medical_insured": True,
            "disability": {"grade": 2, "category": "physical"},
            "pension_insured": True,
        },
        {
            "id": "P2",
            "birth_date": "2009-09-01",
            "labor_capacity": "full",
            "medical_insured": False,
            "schooling": {"status": "enrolled", "stage": "junior_secondary"},
        },
    ],
    "income": {"wages": "6000", "business": "1200.50", "transfers": "1800"},
    "rigid_expenditure": {"medical": "2500"},
    "monitoring": {"category": "unstable_alleviated", "since": "2022-03-01", "measures": 2},
    "hospitalizations": [{"person_id": "P1", "expense": "30000", "level": "county"}],
}


def test_explain_wraps_the_assessment() -> None:
    e = hengjie.explain(HOUSEHOLD, AS_OF)
    assert e.assessment == hengjie.assess(HOUSEHOLD, AS_OF)
    assert e.household_id == "HH-EX"
    assert all(r["rule"] == "dibao" for r in e.reasons("dibao")) and e.reasons("dibao")
    # The dibao standard is Liuzhou's (local) from 2022-12-01; the children's amounts are placeholders.
    assert "dibao.standard_monthly" not in e.illustrative_parameters()
    assert "children.orphan_basic_living_monthly" in e.illustrative_parameters()
    assert "transition.start" not in e.illustrative_parameters()


DOC = "阳发〔2021〕30号"
EXAMPLES = [
    load_exact(line) for line in (ROOT / "examples" / "households.jsonl").read_text("utf-8").splitlines()
]


def example(household_id: str) -> dict[str, Any]:
    return next(h for h in EXAMPLES if h["id"] == household_id)


def block(text: str, title: str) -> str:
    """The paragraph of `text` (blocks are separated by a blank line) that starts with `title`."""
    return next(b for b in text.split("\n\n") if b.startswith(title))


def test_headlines_are_plain_words_in_both_languages() -> None:
    e = hengjie.explain(HOUSEHOLD, AS_OF)
    # net 6000 + 1200.50 + 1800 = 9000.50 < 500 × 12 × 2 = 12000: eligible, (12000 − 9000.50) / 12
    # = 249.958… → 249.96 a month.
    assert e.headline("dibao") == "低保状态：符合条件；低保金（每户每月）：249.96 元"
    assert e.headline("dibao", "en") == "dibao status: eligible; dibao per household per month: 249.96 yuan"
    # Alleviated; 9000.50 / 2 = 4500.25 < 7000 and P2 uninsured: unstable_alleviated. On the roll
    # since 2022-03-01 (15 whole months ≥ 6), stable income 0 months < 6 and risks remain.
    assert e.headline("monitoring") == (
        "纳入防返贫监测：是；监测对象类别：脱贫不稳定户；风险：收入低于监测线、未参加基本医疗保险；"
        "可以退出监测：否；暂不能退出监测的原因：收入稳定的时间还不够长、风险尚未消除"
    )
    # 2023-06-30 is in year 3 of the transition period that began on 2021-01-01.
    assert e.headline("transition", "en") == (
        "transition phase: in the transition period; year of the transition period: 3"
    )
    # Rigid 2500 leaves 6500.50 < 12000: 12000 − 6500.50 = 5499.50 (under the cap 6 × 500 × 2).
    assert e.headline("temporary_assistance") == "符合临时救助条件：是；临时救助金额：5499.50 元"
    assert e.headline("low_income") == (
        "属于农村低收入人口：是；低收入人口类别：低保对象、易返贫致贫人口、基本生活出现严重困难人口"
    )
    assert e.headline("tekun", "en") == "decided for each member: see the reasons below"


def test_a_refused_loan_names_no_amount_term_or_borrower() -> None:
    # HH-002: marginal (25000 / 4 = 6250 < 7000) but no credit record: not eligible, while the
    # output still lists H1 and H2 as members of borrowing age.
    e = hengjie.explain(example("HH-002"), AS_OF)
    assert e.assessment["small_loan"]["borrowers"] == ["H1", "H2"]
    assert e.headline("small_loan") == "小额信贷状态：不符合条件"
    assert e.headline("small_loan", "en") == "small loan status: not eligible"
    assert "H1" not in block(e.text(), "小额信贷") and "H1" not in block(e.text("en"), "Small loans")
    # HH-001: alleviated, rating ok, nothing owed: 50000 over 36 months to P1 (53; P2 is 13), the
    # interest subsidised in 2023.
    e = hengjie.explain(example("HH-001"), AS_OF)
    assert e.headline("small_loan") == (
        "小额信贷状态：符合条件；小额信贷最高额度：50000.00 元；小额信贷最长期限（月）：36；"
        "可作借款人的成员：P1；小额信贷财政贴息：是"
    )


def household_vectors() -> list[tuple[str, Any, str, hengjie.Policy]]:
    cases = []
    for path in sorted(VECTOR_DIR.rglob("*.json")):
        vector = load_exact(path.read_text("utf-8"))
        if vector.get("kind", "household") != "household" or "expected_errors" in vector:
            continue
        policy = hengjie.Policy.default()
        if vector.get("params") is not None:
            policy = policy.with_layer(json.dumps(vector["params"], default=str))
        cases.append((str(path.relative_to(VECTOR_DIR)), vector["input"], vector["as_of"], policy))
    return cases


def test_no_none_true_false_or_raw_code_in_any_explanation() -> None:
    cases = household_vectors() + [(h["id"], h, AS_OF, hengjie.Policy.default()) for h in EXAMPLES]
    assert len(cases) > 300
    raw = re.compile(r"\b(None|True|False|null|true|false)\b")
    for name, household, as_of, policy in cases:
        e = hengjie.explain(household, as_of, policy=policy)
        for lang in ("zh", "en"):
            for rule in e.rules():
                line = e.headline(rule, lang)
                assert not raw.search(line) and "_" not in line, (name, rule, line)
            text = e.text(lang)
            assert not raw.search(text), (name, lang, raw.search(text))
        page = e.to_html()
        assert not re.search(r">\s*(None|True|False|true|false)\s*<", page), name


def test_every_reason_cites_its_clause_of_the_policy() -> None:
    e = hengjie.explain(HOUSEHOLD, AS_OF)
    text = e.text()
    assert f"{DOC} §五(二)：月人均收入低于低保标准 500.00 元" in text
    reason_lines = [line for line in text.splitlines() if line.startswith("  · 阳发")]
    assert len(reason_lines) == len(e.assessment["reasons"])
    page = e._repr_html_()
    for clause in ("§二", "§三(二)", "§五(一)", "§五(二)", "§五(三)"):
        assert f"<td>{DOC} {clause}</td>" in page or clause == "§二"


def test_margins_never_read_as_contradicting_the_decision() -> None:
    # HH-003: not alleviated, net 26000 + 4000 = 30000 / 3 = 10000 ≥ 7000, but rigid 15000 leaves
    # 15000 < 21000: sudden_hardship on the rigid expenditure. Its income margin: 7000 − 10000.
    e = hengjie.explain(example("HH-003"), AS_OF)
    assert e.headline("monitoring").startswith("纳入防返贫监测：是；监测对象类别：突发严重困难户")
    (m,) = [g for g in e.assessment["margins"] if g["decision"] == "monitoring.income_below_line"]
    assert (m["current"], m["threshold"], m["change"]) == (
        Decimal("10000.00"),
        Decimal("7000.00"),
        Decimal("-3000.00"),
    )
    assert m["message_zh"] == (
        "该户因其他风险纳入监测,单看收入不会纳入:人均纯收入 10000.00 元不低于监测线 7000.00 元;"
        "人均减少超过 3000.00 元,收入也将低于监测线"
    )
    assert m["message_en"].startswith("monitored for another risk; the income test alone would not include")
    assert f"距监测收入线：{m['message_zh']}" in block(e.text(), "离改变决定还差多少")
    # HH-011: not monitored (no flag), 10000 per person: the same margin says what a fall would do.
    e = hengjie.explain(example("HH-011"), AS_OF)
    assert not e.assessment["monitoring"]["include"]
    (m,) = [g for g in e.assessment["margins"] if g["decision"] == "monitoring.income_below_line"]
    assert m["message_en"].endswith("which alone includes a household in monitoring")


def test_parameters_are_collapsed_and_illustrative_ones_marked() -> None:
    e = hengjie.explain(HOUSEHOLD, AS_OF)
    page = e._repr_html_()
    details = page[page.index("<details") : page.index("</details>")]
    assert page.index("<details") > page.index("离改变决定还差多少")
    assert page.count("<details") == 1 and "<details open" not in page
    assert "<summary>所用参数 · parameters used: 61" in details
    rows = [line for line in page.splitlines() if line.startswith("<tr class=")]
    assert len(rows) == len(e.assessment["parameters"]) == 61
    assert all(row in details for row in rows)
    for p, row in zip(e.assessment["parameters"], rows, strict=True):
        assert f"<code>{p['name']}</code>" in row
        marked = 'class="illustrative"' in row and "⚠ 示例值 · illustrative" in row
        assert marked == (p["provenance"] == "illustrative"), p["name"]
    # The dibao standard is Liuzhou's (local); its kind of source is worded.
    (row,) = [r for r in rows if "<code>dibao.standard_monthly</code>" in r]
    assert "广西或柳州文件 · a Guangxi or Liuzhou document" in row
    # A yes-or-no parameter reads 是 · yes, not `true`.
    (row,) = [r for r in rows if "<code>credit.in_force</code>" in r]
    assert "<td>是 · yes</td>" in row and "true" not in row


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self.meta: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            self.meta.append(dict(attrs))

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)


def test_to_html_writes_a_standalone_utf8_page(tmp_path: Path) -> None:
    e = hengjie.explain(HOUSEHOLD, AS_OF)
    path = tmp_path / "HH-EX.html"
    page = e.to_html(path)
    assert path.read_bytes().decode("utf-8") == page == e.to_html()
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    head = page[: page.index("</head>")]
    assert '<meta charset="utf-8">' in head and "<title>评估说明 HH-EX 2023-06-30</title>" in head
    parser = _Text()
    parser.feed(path.read_text("utf-8"))
    assert parser.meta == [{"charset": "utf-8"}]
    words = "".join(parser.chunks)
    assert "低保状态：符合条件；低保金（每户每月）：249.96 元" in words
    assert "dibao status: eligible; dibao per household per month: 249.96 yuan" in words
    assert e._repr_html_() in page


def test_repr_is_text_with_margins_gaps_and_warnings() -> None:
    e = hengjie.explain(HOUSEHOLD, AS_OF)
    assert repr(e) == e.text() == e.text("zh")
    text = e.text()
    assert text.startswith("评估说明\n户编号：HH-EX；评估日期：2023-06-30；")
    assert "农村低保 — 低保状态：符合条件；低保金（每户每月）：249.96 元" in text
    for g in e.assessment["margins"]:
        assert g["message_zh"] in text
    # On dibao's income test (375.02 < 500) but not receiving it; no asset test given.
    assert "  · 符合低保条件但未纳入" in block(text, "应享未享的帮扶")
    assert "  · 没有填家庭财产是否符合低保规定" in block(text, "提示")
    assert "  · 示例值：children.disabled_subsidy_monthly、" in block(text, "所用参数：61")


def test_text_in_english() -> None:
    e = hengjie.explain(HOUSEHOLD, AS_OF)
    text = e.text(lang="en")
    assert text.startswith(
        "Explanation of an assessment\nhousehold number: HH-EX; assessment date: 2023-06-30;"
    )
    assert "Rural minimum living guarantee (dibao) — dibao status: eligible" in text
    assert f"  · {DOC} §五(二): monthly income per person is below the standard of 500.00 yuan" in text
    assert "  · eligible for dibao but not receiving it" in block(text, "Support owed but not received")
    assert "  · the dibao asset test was not given" in block(text, "Warnings")
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for rule in e.rules():
        assert not cjk.search(e.headline(rule, "en")), rule
    # Beyond the document number and the reasons' own English (which quote a Chinese term), no
    # Chinese: headings and decisions are English.
    own = [line for line in text.splitlines() if not line.startswith(f"  · {DOC}")]
    assert not cjk.search("\n".join(own))
    with pytest.raises(ValueError):
        e.text(lang="fr")  # type: ignore[arg-type]


def test_explain_raises_like_assess() -> None:
    with pytest.raises(hengjie.InvalidInputError) as err:
        hengjie.explain({**HOUSEHOLD, "members": []}, AS_OF)
    assert {e["path"] for e in err.value.errors()} == {"/members", "/hospitalizations/0/person_id"}


def test_html_has_both_languages_and_every_reason() -> None:
    e = hengjie.explain(HOUSEHOLD, AS_OF)
    page = e._repr_html_()
    for r in e.assessment["reasons"]:
        assert f"<code>{r['code']}</code>" in page
        for key in ("message_zh", "message_en"):
            assert html.escape(r[key]) in page
    for g in e.assessment["margins"]:
        assert html.escape(g["message_zh"]) in page and html.escape(g["message_en"]) in page
    assert "<h4>农村低保 · Rural minimum living guarantee (dibao)</h4>" in page
    for title in ("农村低收入人口", "Housing safety", "困境儿童基本生活保障", "Care visits"):
        assert title in page
