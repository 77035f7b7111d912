"""10000 random contract-valid households (fixed seed): the CLI, Python and Node give
byte-identical canonical JSON for every one. (The Rust typed, value, text and batch paths are
compared on their own 10000 in core/tests/differential.rs.)"""

from __future__ import annotations

import json
import random
import subprocess
from pathlib import Path
from typing import Any

import hengjie

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / "target" / "release" / "hengjie"
AS_OF = "2023-06-30"


def money(rng: random.Random, top: int, negative: bool = False) -> str:
    fen = rng.randrange(-top if negative else 0, top)
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100}.{abs(fen) % 100:02d}"


def household(rng: random.Random, i: int) -> dict[str, Any]:
    n = rng.randint(1, 6)
    members = []
    for k in range(n):
        m: dict[str, Any] = {
            "id": f"P{k}",
            "birth_date": f"{rng.randint(1930, 2022)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "labor_capacity": rng.choice(["full", "partial", "none"]),
            "medical_insured": rng.random() < 0.9,
            "pension_insured": rng.random() < 0.7,
            "tekun": rng.random() < 0.05,
            "legal_supporter_able": rng.random() < 0.8,
            "own_income": money(rng, 1_000_000),
            "employment": {"wants_work": rng.random() < 0.5, "wants_training": rng.random() < 0.3},
        }
        if rng.random() < 0.15:
            m["disability"] = {
                "grade": rng.randint(1, 4),
                "category": rng.choice(["visual", "physical", "mental"]),
            }
        # RULES §17 and §19 (v1.3): absent (the defaults) or a value.
        if rng.random() < 0.2:
            m["guardianship"] = rng.choice(["parents", "orphan", "unattended"])
        if rng.random() < 0.2:
            m["self_care_able"] = rng.random() < 0.5
        if rng.random() < 0.4:
            m["schooling"] = {
                "status": rng.choice(["enrolled", "not_enrolled", "exempt_health", "completed"]),
                "stage": rng.choice(["primary", "junior_secondary", "secondary_vocational", "undergraduate"]),
            }
        members.append(m)
    h: dict[str, Any] = {
        "id": f"HH-{i}",
        "poverty_alleviated": rng.random() < 0.5,
        "members": members,
        "income": {"wages": money(rng, 6_000_000), "business": money(rng, 500_000, negative=True)},
        "housing_grade": rng.choice(["A", "B", "C", "D"]),
        "drinking_water_safe": rng.random() < 0.95,
    }
    if rng.random() < 0.4:
        h["rigid_expenditure"] = {"medical": money(rng, 3_000_000)}
    if rng.random() < 0.3:
        h["previous_year_income"] = money(rng, 8_000_000)
    if rng.random() < 0.2:
        h["dibao"] = {"since": "2022-01-01", "current_monthly_benefit": money(rng, 100_000)}
    if rng.random() < 0.3:
        h["monitoring"] = {
            "category": "marginal",
            "since": "2022-05-31",
            "stable_income_months": rng.randint(0, 12),
            "measures": rng.randint(0, 3),
        }
    if rng.random() < 0.3:
        h["credit"] = {"rating_ok": rng.random() < 0.8, "outstanding": money(rng, 6_000_000)}
    if rng.random() < 0.2:
        h["hospitalizations"] = [
            {
                "person_id": f"P{rng.randrange(n)}",
                "expense": money(rng, 50_000_000),
                "level": rng.choice(["township", "county", "municipal"]),
            }
            for _ in range(rng.randint(1, 3))
        ]
    return h


def test_ten_thousand_households_agree_on_cli_python_and_node() -> None:
    rng = random.Random(20210824)
    lines = [json.dumps(household(rng, i), ensure_ascii=False) for i in range(10_000)]
    text = "\n".join(lines) + "\n"
    cli = subprocess.run(
        [str(CLI), "assess", "-", "--as-of", AS_OF], input=text.encode(), capture_output=True, check=False
    )
    assert cli.returncode == 0, cli.stdout.decode()[:2000]
    node = subprocess.run(
        ["node", str(ROOT / "tests" / "cross" / "node_lines.cjs"), AS_OF],
        input=text.encode(),
        capture_output=True,
        check=True,
    )
    from_cli = cli.stdout.decode().split("\n")[:-1]
    from_node = node.stdout.decode().split("\n")[:-1]
    assert len(from_cli) == len(from_node) == len(lines)
    for line, c, n in zip(lines, from_cli, from_node, strict=True):
        p = hengjie.assess_json(line, AS_OF)
        assert p == c == n, line
