"""hengjie.explain: the HTML shows decisions, clauses in both languages, and provenance."""

from __future__ import annotations

from typing import Any

import pytest

import hengjie

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


def test_html_has_clauses_both_languages_and_every_reason() -> None:
    e = hengjie.explain(HOUSEHOLD, AS_OF)
    page = e._repr_html_()
    for clause in ("§二", "§三(二)", "§五(一)", "§五(二)", "§五(三)"):
        assert clause in page
    for r in e.assessment["reasons"]:
        assert r["code"] in page
        assert r["message_en"].replace("&", "&amp;").replace("<", "&lt;").replace(
            ">", "&gt;"
        ) in page.replace("&#x27;", "'").replace("&quot;", '"')
    dibao_zh = e.reasons("dibao")[0]["message_zh"]
    assert dibao_zh in page
    assert "农村低保" in page and "Rural minimum living guarantee" in page
    # (500 × 12 × 2 − 9000.50) / 12 = 249.958… → 249.96
    assert "eligible, monthly benefit 249.96" in page
    # §15–§19 (docs/rules/low_income.md to care.md) have their titles; §15 and §16 a household decision line.
    for title in ("农村低收入人口", "Housing safety", "困境儿童基本生活保障", "Care visits"):
        assert title in page
    # net 9000.50 < 12000: dibao; on the roll, exit blocked: at_risk; rigid 2500 pushes it to 6500.50 < 12000:
    # temporary assistance, hence hardship
    assert "population True, groups dibao, at_risk, hardship" in page


def test_html_marks_illustrative_parameters_only() -> None:
    e = hengjie.explain(HOUSEHOLD, AS_OF)
    page = e._repr_html_()
    rows = [line for line in page.splitlines() if line.startswith("<tr class=")]
    assert len(rows) == len(e.assessment["parameters"])
    for p, row in zip(e.assessment["parameters"], rows):
        assert f"<code>{p['name']}</code>" in row
        marked = 'class="illustrative"' in row and "⚠ illustrative" in row
        assert marked == (p["provenance"] == "illustrative"), p["name"]
    assert any(p["provenance"] == "seed" for p in e.assessment["parameters"])


def test_text_repr_lists_each_rule() -> None:
    text = repr(hengjie.explain(HOUSEHOLD, AS_OF))
    assert text.startswith("Explanation of HH-EX as of 2023-06-30")
    assert "Rural minimum living guarantee (dibao) / 农村低保: eligible" in text
    assert "§五(二)" in text


def test_explain_raises_like_assess() -> None:
    with pytest.raises(hengjie.InvalidInputError) as err:
        hengjie.explain({**HOUSEHOLD, "members": []}, AS_OF)
    assert {e["path"] for e in err.value.errors()} == {"/members", "/hospitalizations/0/person_id"}


def test_html_shows_the_margins() -> None:
    e = hengjie.explain(HOUSEHOLD, AS_OF)
    margins = e.assessment.get("margins", [])
    if not margins:
        pytest.skip("this build has no margins")
    page = e._repr_html_()
    assert "Margins" in page
    for g in margins:
        assert f"<code>{g['decision']}</code>" in page
        assert g["message_zh"] in page
