"""Villages, farmland, the responsibility ledger and population indicators from Python."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest

import hengjie
from conftest import SAMPLE

VILLAGE: dict[str, Any] = {
    "id": "V-01",
    "clinic": {"present": True, "standardised": True, "qualified_doctors": 0, "visit_half_days_per_week": 3},
    "platform_staff": 2,
    "period_start": "2022-11",
    "period_end": "2023-02",
    "job_info_months": ["2022-11", "2023-01"],
}


def test_a_village_across_a_year_end() -> None:
    got = hengjie.assess_village(VILLAGE, "2023-06-30")
    # 3 half-days is enough without a doctor; 2 staff is enough; December and February are missing.
    assert got == {
        "village_id": "V-01",
        "compliant": False,
        "gaps": ["job_info_missing:2022-12", "job_info_missing:2023-02"],
    }


def test_a_village_error_is_raised_with_its_path() -> None:
    bad = copy.deepcopy(VILLAGE)
    bad["clinic"]["visit_half_days_per_week"] = 2.5
    with pytest.raises(hengjie.InvalidInputError) as info:
        hengjie.assess_village(bad, "2023-06-30")
    assert [(e["code"], e["path"]) for e in info.value.errors()] == [
        ("invalid_type", "/clinic/visit_half_days_per_week")
    ]
    with pytest.raises(hengjie.ParameterError):
        hengjie.assess_village(VILLAGE, "2020-12-31")


def test_farmland() -> None:
    project = {
        "id": "F-1",
        "occupied_area": "10.5",
        "occupied_grade": 3,
        "supplemented_area": Decimal("10.5"),
        "supplemented_grade": 3,
    }
    assert hengjie.check_farmland(project) == {"project_id": "F-1", "compliant": True, "gaps": []}
    worse = dict(project, supplemented_area="10.4999", supplemented_grade=4)
    assert hengjie.check_farmland(worse)["gaps"] == ["area_short", "quality_lower"]


def test_the_ledger_both_ways() -> None:
    by_clause = hengjie.duties(clause="五(二)")
    assert [m["clause"] for m in by_clause] == ["五(二)"]
    assert by_clause[0]["lead"] == ["社会事务管理局"]
    by_unit = hengjie.duties(unit="社会事务管理局")
    assert "五(二)" in [m["clause"] for m in by_unit]
    assert all("社会事务管理局" in m["lead"] + m["cooperating"] + m["shared"] for m in by_unit)


def test_population_indicators() -> None:
    households = [SAMPLE, dict(SAMPLE, id="HH-2", income={"wages": "20000"}), {"id": "broken"}]
    got = hengjie.indicators(households, "2023-06-30")
    assert (got["households"], got["assessed"], got["failed"]) == (3, 2, 1)
    assert got["by_category"] == {"unstable_alleviated": 0, "marginal": 1, "sudden_hardship": 0}
    # Only HH-1 is dibao-eligible: (500 × 12 − 5000) / 12 = 83.33.
    assert got["dibao_monthly_total"] == Decimal("83.33")
    assert got["large_scale_return"] == {"share": "0.0000", "threshold": "0.03", "exceeded": False}
