"""A deterministic synthetic population for the side-by-side benchmark.

`generate(n, seed)` returns `n` households in the CONTRACT input shape (dicts, money as decimal
text). The rates are chosen so that every monitoring flag of the compared subset (1-3, 5-8),
every category and every dibao status fires, and so that a share of households sits exactly on
a threshold (net = line x n, net = standard x 12 x n) where a float model would go wrong.
No member carries `schooling`, so the `dropout` flag (4, outside the subset) never fires.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

# The parameters in force on the default as-of date (RULES §14, 2023): used only to place
# households around the thresholds; every engine reads its own copy of the parameters.
LINE = {2021: 6000, 2022: 6500, 2023: 7000, 2024: 7500, 2025: 8000}
STD = {2021: 400, 2022: 420, 2023: 440, 2024: 460, 2025: 480}


def _cents(value: int) -> str:
    sign = "-" if value < 0 else ""
    value = abs(int(value))
    whole, frac = divmod(value, 100)
    return f"{sign}{whole}" if frac == 0 else f"{sign}{whole}.{frac:02d}"


def generate(n: int, seed: int = 20210824, as_of: str = "2023-06-30") -> list[dict[str, Any]]:
    """`n` households, the same for the same `(n, seed, as_of)`."""
    rng = np.random.default_rng(seed)
    as_of_d = dt.date.fromisoformat(as_of)
    year = min(max(as_of_d.year, 2021), 2025)
    line, std12 = LINE[year] * 100, STD[year] * 12 * 100  # cents per person per year

    size = rng.choice([1, 2, 3, 4, 5, 6, 7], size=n, p=[0.12, 0.22, 0.22, 0.2, 0.13, 0.08, 0.03])
    on_dibao = rng.random(n) < 0.15
    # Per-capita net income in cents: lognormal around the monitoring line; dibao households
    # around the dibao standard so that eligible / gradual exit / not eligible all occur.
    pc = np.where(
        on_dibao,
        rng.normal(std12, std12 * 0.25, n),
        rng.lognormal(np.log(line * 1.35), 0.45, n),
    ).astype(np.int64)
    u = rng.random((n, 24))
    households = []
    for i in range(n):
        k = int(size[i])
        r = u[i]
        net = int(pc[i]) * k
        if r[0] < 0.01:
            net = line * k  # exactly on the monitoring line
        elif r[0] < 0.02:
            net = std12 * k  # exactly on the dibao standard
        elif r[0] < 0.025:
            net = line * k - 1  # one fen under the line
        # Split net into components: transfers and property small, business sometimes negative.
        transfers = int(abs(net) * 0.10 * r[1]) if r[2] < 0.6 else 0
        prop = int(abs(net) * 0.05 * r[3]) if r[4] < 0.3 else 0
        if on_dibao[i]:
            # Mostly earned income, so a rise above the standard is a gradual-exit case.
            transfers, prop = transfers // 4, prop // 4
        business = int(net * 0.4 * r[5]) if r[6] < 0.35 else 0
        if r[6] < 0.02:
            business = -int(abs(net) * 0.2 * r[5]) - 1
        if r[8] < 0.5:  # whole yuan for about half the households, fen for the others
            net -= net % 100
            transfers, prop, business = (v - v % 100 for v in (transfers, prop, business))
        wages = net - transfers - prop - business
        if wages < 0:  # only business and property may be negative
            business, wages = business + wages, 0
        income: dict[str, str] = {}
        for key, value in (
            ("wages", wages),
            ("business", business),
            ("property", prop),
            ("transfers", transfers),
        ):
            if value != 0 or r[7] < 0.3:
                income[key] = _cents(value)
        hh: dict[str, Any] = {
            "id": f"HH-{i:07d}",
            "village_id": f"V-{i % 97:02d}",
            "poverty_alleviated": bool(r[9] < 0.45),
            "members": [],
            "income": income,
        }
        if r[10] < 0.7:
            if r[11] < 0.25:  # a sharp drop from last year
                prev = int(abs(net) / (0.3 + 0.4 * r[12])) + 100
            else:
                prev = int(abs(net) * (0.8 + 0.5 * r[12]))
            hh["previous_year_income"] = _cents(prev - prev % 100)
        if r[13] < 0.3:
            rigid = {}
            for j, key in enumerate(("medical", "education", "disaster", "accident")):
                if r[14 + j] < 0.45:
                    rigid[key] = _cents(int(r[14 + j] * line * 1.2 * k / 3))
            hh["rigid_expenditure"] = rigid
        if r[18] < 0.8:
            hh["housing_grade"] = ("A", "B", "C", "D")[
                int(np.searchsorted([0.4, 0.82, 0.95], r[19] * 0.999999, side="right"))
            ]
        if r[20] < 0.5:
            hh["drinking_water_safe"] = bool(r[21] > 0.1)
        if r[20] > 0.45:
            hh["food_clothing_secure"] = bool(r[22] > 0.06)
        a = r[23]
        if a < 0.6:
            hh["assets_within_limit"] = True
        elif a < 0.7:
            hh["assets_within_limit"] = False
        for m in range(k):
            x = rng.random(4)
            if m < 2:
                born = dt.date(1945, 1, 1) + dt.timedelta(days=int(x[0] * 20000))
            else:
                born = dt.date(1995, 1, 1) + dt.timedelta(days=int(x[0] * 9000))
            hh["members"].append(
                {
                    "id": f"P{m + 1}",
                    "birth_date": born.isoformat(),
                    "labor_capacity": ("full", "partial", "none")[
                        int(np.searchsorted([0.6, 0.85], x[1], side="right"))
                    ],
                    "medical_insured": bool(x[2] > 0.03),
                }
            )
        if on_dibao[i]:
            x = rng.random(4)
            since = as_of_d - dt.timedelta(days=30 + int(x[0] * 1500))
            dibao: dict[str, Any] = {"since": since.isoformat()}
            if x[1] < 0.85:
                dibao["current_monthly_benefit"] = _cents(int(x[1] * 80000))
            if x[2] < 0.7:
                # Income first exceeded the standard 0..12 months ago: gradual exits that have
                # and have not yet run out; month-end dates exercise the clamped month arithmetic.
                back = int(x[3] * 365)
                exceeded = as_of_d - dt.timedelta(days=back)
                if x[3] < 0.1:
                    exceeded = exceeded.replace(day=28) + dt.timedelta(days=4)
                    exceeded = exceeded - dt.timedelta(days=exceeded.day)
                    exceeded = min(exceeded, as_of_d)
                dibao["income_exceeded_on"] = exceeded.isoformat()
            hh["dibao"] = dibao
        households.append(hh)
    return households
