"""Synthetic populations: deterministic, vectorised, valid households in the shape of docs/contract.md.

`population(n, seed)` gives a nested `pyarrow.Table` (one household per row, members and
hospitalizations as `list<struct>`, money as `decimal128(20, 2)`, dates as `date32`) that
`hengjie.assess_batch` reads directly. `tables(n, seed)` gives the same population as flat pandas
frames, `households(n, seed)` as a list of dicts (for small n). The distributions are documented
in docs/python.md ("Synthetic population"); they are chosen so that every rule fires at a
realistic rate on the default as-of date 2023-06-30. They are invented, not survey data.

The same `(n, seed, as_of)` always gives the same table (numpy's PCG64 generator); household `i`
depends on `n` (draws are made column by column), so a prefix of a larger population is not the
smaller population.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from . import _core

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

__all__ = ["DEFAULT_AS_OF", "RULE_RATES", "households", "population", "tables"]

#: The as-of date the distributions are tuned for (the standards of 2023).
DEFAULT_AS_OF = datetime.date(2023, 6, 30)

_EPOCH = datetime.date(1970, 1, 1)

# Household size 1..6 and its probabilities.
SIZE_P = (0.14, 0.24, 0.24, 0.20, 0.12, 0.06)
# Age band of a non-head member: child 0-17, adult 18-59, elder 60-89.
AGE_BAND_P = (0.36, 0.42, 0.22)
# Per-capita annual net income: lognormal with this median (yuan) and sigma.
PC_INCOME_MEDIAN = 14000.0
PC_INCOME_SIGMA = 0.6
# Shares of net income: wages, business, property (transfers take the rest).
INCOME_SHARES = (0.62, 0.15, 0.03)
# The contract's words, in its order, from the core's label table (the draws index into them).
_WORDS: dict[str, dict[str, str]] = _core.labels("en")["values"]
DISABILITY_CATEGORIES = tuple(_WORDS["disability_category"])
SCHOOLING_STATUSES = tuple(_WORDS["schooling_status"])
SCHOOL_STAGES = tuple(_WORDS["school_stage"])
LEVELS = tuple(_WORDS["hospital_level"])

#: Share of households (n = 5000, as of 2023-06-30, any seed) in which each rule fires, as a
#: (low, high) band: tests/test_synth.py asserts it, docs/python.md lists it. Measured shares on
#: seeds 0..3 sit well inside (about the middle of each band).
RULE_RATES: dict[str, tuple[float, float]] = {
    "monitoring.unstable_alleviated": (0.08, 0.22),
    "monitoring.marginal": (0.04, 0.13),
    "monitoring.sudden_hardship": (0.015, 0.06),
    "monitoring.review": (0.07, 0.18),
    "monitoring.exit_eligible": (0.004, 0.025),
    "approach.development": (0.18, 0.40),
    "approach.safety_net": (0.03, 0.10),
    "dibao.eligible": (0.035, 0.10),
    "dibao.gradual_exit": (0.008, 0.035),
    "dibao.not_covered": (0.012, 0.05),
    "tekun.minor": (0.008, 0.035),
    "tekun.elder": (0.035, 0.11),
    "tekun.not_covered": (0.012, 0.045),
    "temporary_assistance": (0.035, 0.10),
    "disability.living_subsidy": (0.008, 0.03),
    "disability.care_subsidy": (0.04, 0.12),
    "disability.child_rehabilitation": (0.01, 0.035),
    "medical.triple_guarantee": (0.04, 0.11),
    "medical.assistance": (0.01, 0.035),
    "pension.proxy_payment": (0.15, 0.35),
    "pension.not_insured": (0.03, 0.10),
    "education.dropout_alert": (0.002, 0.015),
    "education.vocational_subsidy": (0.007, 0.03),
    "education.undergraduate_aid": (0.002, 0.015),
    "education.nutrition_plan": (0.22, 0.45),
    "employment.public_welfare_post": (0.20, 0.42),
    "employment.post_priority": (0.05, 0.14),
    "small_loan.eligible": (0.07, 0.17),
    "low_income.population": (0.25, 0.50),
    "housing.renovation_eligible": (0.015, 0.06),
    "employment.work_relief": (0.20, 0.42),
    "children.support": (0.01, 0.05),
    "care.visits": (0.01, 0.045),
}


def _money_type() -> pa.DataType:
    import pyarrow as pa

    return pa.decimal128(20, 2)


def _money(cents: Any, mask: Any = None) -> pa.Array:
    """A decimal128(20, 2) array from int64 cents (16-byte little-endian two's complement)."""
    import numpy as np
    import pyarrow as pa

    c = np.ascontiguousarray(cents, dtype=np.int64)
    words = np.empty((c.size, 2), dtype=np.int64)
    words[:, 0] = c
    words[:, 1] = c >> 63
    arr = pa.Array.from_buffers(_money_type(), c.size, [None, pa.py_buffer(words.tobytes())])
    if mask is not None:
        arr = _with_nulls(arr, mask)
    return arr


def _with_nulls(arr: pa.Array, mask: Any) -> pa.Array:
    """`arr` with nulls where `mask` is true."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.if_else(pa.array(mask, type=pa.bool_()), pa.scalar(None, arr.type), arr)


def _yuan(x: Any) -> Any:
    """Whole yuan as int64 cents (vectorised)."""
    import numpy as np

    return np.rint(x).astype(np.int64) * 100


def _ids(prefix: str, numbers: Any, width: int = 0) -> pa.Array:
    import pyarrow as pa
    import pyarrow.compute as pc

    s = pc.cast(pa.array(numbers), pa.string())
    if width:
        s = pc.utf8_lpad(s, width=width, padding="0")
    return pc.binary_join_element_wise(pa.scalar(prefix), s, "")


def _dates(days: Any, mask: Any = None) -> pa.Array:
    import numpy as np
    import pyarrow as pa

    arr = pa.array(np.asarray(days, dtype=np.int32), type=pa.date32())
    return _with_nulls(arr, mask) if mask is not None else arr


def _choice(words: tuple[str, ...], idx: Any, mask: Any = None) -> pa.Array:
    """Dictionary-decoded strings: `words[idx]`, null where `mask`."""
    import numpy as np
    import pyarrow as pa

    idx = np.asarray(idx, dtype=np.int32)
    arr = pa.DictionaryArray.from_arrays(
        pa.array(idx, type=pa.int32()), pa.array(list(words), type=pa.string())
    ).cast(pa.string())
    return _with_nulls(arr, mask) if mask is not None else arr


def _struct(fields: dict[str, pa.Array], mask: Any = None) -> pa.StructArray:
    import pyarrow as pa

    m = None if mask is None else pa.array(mask, type=pa.bool_())
    return pa.StructArray.from_arrays(list(fields.values()), list(fields.keys()), mask=m)


def population(n: int, seed: int = 0, as_of: datetime.date | str = DEFAULT_AS_OF) -> pa.Table:
    """`n` synthetic households as a nested Arrow table in the household shape of docs/contract.md.

    Deterministic in `(n, seed, as_of)`. Every household is valid on `as_of` (dates are drawn
    before it). 1,000,000 households take a few seconds.
    """
    import numpy as np
    import pyarrow as pa

    if n < 0:
        raise ValueError(f"n must be >= 0, not {n}")
    if isinstance(as_of, str):
        as_of = datetime.date.fromisoformat(as_of)
    today = (as_of - _EPOCH).days
    rng = np.random.default_rng(seed)
    u = rng.random  # uniform [0, 1)

    # ---- members -------------------------------------------------------------------------
    size = rng.choice(np.arange(1, 7), size=n, p=SIZE_P).astype(np.int32)
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(size, out=offsets[1:])
    m = int(offsets[-1])
    rank = np.arange(m) - np.repeat(offsets[:-1], size)  # 0 for the head
    head = rank == 0

    band = rng.choice(3, size=m, p=AGE_BAND_P)
    age = np.where(
        band == 0,
        rng.integers(0, 18, m),
        np.where(band == 1, rng.integers(18, 60, m), rng.integers(60, 90, m)),
    )
    age = np.where(head, rng.integers(22, 82, m), age)
    # Birth date: `age` whole years plus 0..364 days before as-of (a day short of a birthday).
    birth = today - np.floor(age * 365.2425).astype(np.int64) - rng.integers(1, 365, m)

    child, elder = age < 16, age >= 60
    working = (age >= 16) & (age < 60)
    r = u(m)
    labor = np.where(
        child | (age >= 75),
        2,
        np.where(elder, np.where(r < 0.6, 1, 2), np.where(r < 0.82, 0, np.where(r < 0.94, 1, 2))),
    )
    insured = u(m) >= 0.03

    has_dis = u(m) < 0.07
    dis_grade = rng.choice(np.arange(1, 5), size=m, p=(0.12, 0.23, 0.30, 0.35))
    dis_cat = rng.integers(0, len(DISABILITY_CATEGORIES), m)
    labor = np.where(has_dis & (dis_grade <= 2) & (u(m) < 0.6), 2, labor)

    # Schooling: status 0 enrolled, 1 not_enrolled, 2 exempt_health, 3 completed; null = absent.
    r = u(m)
    compulsory = (age >= 6) & (age < 16)
    sch_status = np.full(m, 3)
    sch_stage = np.full(m, 1)
    sch_null = np.ones(m, dtype=bool)
    # 3..5: preschool, half of them listed
    pre = (age >= 3) & (age < 6) & (r < 0.5)
    sch_status[pre], sch_stage[pre], sch_null[pre] = 0, 0, False
    # 6..15: 95% enrolled, 2.5% not enrolled (dropout), 0.5% exempt, 2% unknown
    sch_null[compulsory & (r < 0.98)] = False
    sch_status[compulsory] = np.where(r[compulsory] < 0.95, 0, np.where(r[compulsory] < 0.975, 1, 2))
    sch_stage[compulsory] = np.where(age[compulsory] < 12, 1, 2)
    # 16..18: 65% enrolled in senior secondary (70%) or secondary vocational (30%)
    upper = (age >= 16) & (age < 19)
    r2 = u(m)
    up_enr = upper & (r < 0.65)
    sch_status[up_enr], sch_null[up_enr] = 0, False
    sch_stage[up_enr] = np.where(r2[up_enr] < 0.7, 3, 4)
    up_done = upper & (r >= 0.65)
    sch_status[up_done], sch_stage[up_done], sch_null[up_done] = 3, 2, False
    # 19..22: 30% enrolled: undergraduate (55%) or higher vocational (45%)
    college = (age >= 19) & (age < 23) & (r < 0.30)
    sch_status[college], sch_null[college] = 0, False
    sch_stage[college] = np.where(r2[college] < 0.55, 6, 5)
    enrolled = ~sch_null & (sch_status == 0)

    pension_insured = working & ~enrolled & (u(m) < 0.85)
    supporter_able = ~((elder & (u(m) < 0.10)) | (child & (u(m) < 0.02)) | (u(m) < 0.01))
    own_income_cents = np.where(elder, _yuan(rng.uniform(0, 7000, m)), 0)
    no_labor = elder | (age < 18) | (labor == 2)
    tekun = ~supporter_able & no_labor & (own_income_cents < 600000) & (u(m) < 0.7)
    has_emp = working & ~enrolled & (labor < 2)
    wants_work = u(m) < 0.35
    wants_training = u(m) < 0.15
    employed = u(m) < 0.5
    # docs/rules/children.md and docs/rules/care.md (v1.3), drawn from a generator of their own so that the
    # rest of the population is the same as before they existed: minors orphan 1.5 %, unattended 1.5 %
    # (else absent, i.e. parents); unable to look after themselves: elders 8 %, disabled 15 %,
    # minors 1 % (else absent, i.e. able).
    v13 = np.random.default_rng([seed, 1913])
    minor = age < 18
    r = v13.random(m)
    guardianship = np.where(r < 0.015, 1, 2)
    guardianship_null = ~(minor & (r < 0.03))
    r = v13.random(m)
    self_care_unable = (elder & (r < 0.08)) | (has_dis & (r < 0.15)) | (minor & (r < 0.01))

    # ---- households ----------------------------------------------------------------------
    alleviated = u(n) < 0.35
    pc_income = np.exp(np.log(PC_INCOME_MEDIAN) + PC_INCOME_SIGMA * rng.standard_normal(n))
    pc_income = np.where(alleviated, pc_income * 0.85, pc_income)
    net_yuan = np.rint(pc_income * size)
    wages = np.rint(net_yuan * INCOME_SHARES[0] * rng.uniform(0.7, 1.3, n))
    business = np.rint(net_yuan * INCOME_SHARES[1] * rng.uniform(0.0, 2.0, n))
    business = np.where(u(n) < 0.03, -np.rint(rng.uniform(500, 5000, n)), business)
    prop = np.rint(net_yuan * INCOME_SHARES[2] * rng.uniform(0.0, 2.0, n))
    transfers = np.maximum(net_yuan - wages - business - prop, 0)
    net = wages + business + prop + transfers
    cents = rng.integers(0, 100, n) * (u(n) < 0.2)  # some wages with fen

    prev_present = u(n) < 0.7
    drop = u(n) < 0.08
    prev = np.where(
        drop,
        np.rint(np.abs(net) * rng.uniform(1.6, 3.0, n) + 3000),
        np.rint(np.abs(net) * rng.uniform(0.85, 1.15, n)),
    )

    rig_med = np.where(u(n) < 0.14, np.rint(np.exp(np.log(6000) + 0.9 * rng.standard_normal(n))), 0)
    rig_edu = np.where(u(n) < 0.05, np.rint(rng.uniform(1000, 12000, n)), 0)
    rig_dis = np.where(u(n) < 0.02, np.rint(rng.uniform(2000, 30000, n)), 0)
    rig_acc = np.where(u(n) < 0.02, np.rint(rng.uniform(1000, 20000, n)), 0)
    rig_null = (rig_med + rig_edu + rig_dis + rig_acc) == 0

    r = u(n)
    housing = np.where(r < 0.5, 0, np.where(r < 0.94, 1, np.where(r < 0.985, 2, 3)))
    water_safe = u(n) >= 0.02
    food_secure = u(n) >= 0.01
    assets_present = u(n) < 0.8
    assets_ok = u(n) < 0.92

    std_year = 500 * 12 * size  # the dibao standard on the default as-of date (500 from 2022-12-01)
    r = u(n)
    on_dibao = (
        ((net < std_year) & (r < 0.55))
        | ((net >= std_year) & (net < std_year * 1.5) & (r < 0.18))
        | (r < 0.005)
    )
    dibao_since = today - rng.integers(30, 1500, n)
    exceeded_present = on_dibao & (net >= std_year) & (u(n) < 0.75)
    exceeded_on = today - rng.integers(0, 300, n)
    dibao_benefit = _yuan(rng.uniform(50, 400, n) * size)

    r = u(n)
    low = pc_income < 8500
    monitored = np.where(low, r < 0.35, r < 0.03)
    mon_cat = np.where(alleviated, 0, np.where(u(n) < 0.7, 1, 2))
    mon_since = today - rng.integers(20, 900, n)
    stable = rng.integers(0, 13, n)
    measures = rng.integers(0, 4, n)

    credit_present = np.where(alleviated | monitored, u(n) < 0.4, u(n) < 0.08)
    rating_ok = u(n) < 0.85
    r = u(n)
    outstanding = np.where(r < 0.7, 0, np.where(r < 0.95, rng.integers(1, 50, n) * 1000, 50000))

    # ---- hospitalizations ------------------------------------------------------------------
    r = u(n)
    n_hosp = np.where(r < 0.07, 1, 0) + np.where(r < 0.015, 1, 0)
    h_off = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(n_hosp, out=h_off[1:])
    k = int(h_off[-1])
    h_hh = np.repeat(np.arange(n), n_hosp)
    h_member = np.floor(u(k) * size[h_hh]).astype(np.int64)
    h_expense = np.rint(np.exp(np.log(12000) + 1.0 * rng.standard_normal(k)))
    h_level = rng.choice(3, size=k, p=(0.4, 0.4, 0.2))

    # ---- Arrow -----------------------------------------------------------------------------
    member_ids = _ids("P", rank + 1)
    members = _struct(
        {
            "id": member_ids,
            "birth_date": _dates(birth),
            "labor_capacity": _choice(("full", "partial", "none"), labor),
            "medical_insured": pa.array(insured),
            "disability": _struct(
                {
                    "grade": pa.array(dis_grade, type=pa.int32()),
                    "category": _choice(DISABILITY_CATEGORIES, dis_cat),
                },
                ~has_dis,
            ),
            "schooling": _struct(
                {
                    "status": _choice(SCHOOLING_STATUSES, sch_status),
                    "stage": _choice(SCHOOL_STAGES, sch_stage),
                },
                sch_null,
            ),
            "pension_insured": pa.array(pension_insured),
            "tekun": pa.array(tekun),
            "legal_supporter_able": pa.array(supporter_able),
            "own_income": _money(own_income_cents, own_income_cents == 0),
            "employment": _struct(
                {
                    "wants_work": pa.array(wants_work),
                    "wants_training": pa.array(wants_training),
                    "employed": pa.array(employed),
                },
                ~has_emp,
            ),
            "guardianship": _choice(("parents", "orphan", "unattended"), guardianship, guardianship_null),
            "self_care_able": _with_nulls(pa.array(~self_care_unable), ~self_care_unable),
        }
    )
    hosp = _struct(
        {
            "person_id": pa.array(member_ids.take(pa.array(offsets[h_hh] + h_member))),
            "expense": _money(_yuan(h_expense)),
            "level": _choice(LEVELS, h_level),
        }
    )
    hh_ids = _ids("H", np.arange(1, n + 1), width=7)
    columns: dict[str, pa.Array] = {
        "id": hh_ids,
        "village_id": _ids("V-", np.arange(n) % 60 + 1, width=3),
        "poverty_alleviated": pa.array(alleviated),
        "members": pa.ListArray.from_arrays(pa.array(offsets), members),
        "income": _struct(
            {
                "wages": _money(_yuan(wages) + cents),
                "business": _money(_yuan(business)),
                "property": _money(_yuan(prop)),
                "transfers": _money(_yuan(transfers)),
            }
        ),
        "previous_year_income": _money(_yuan(prev), ~prev_present),
        "rigid_expenditure": _struct(
            {
                "medical": _money(_yuan(rig_med)),
                "education": _money(_yuan(rig_edu)),
                "disaster": _money(_yuan(rig_dis)),
                "accident": _money(_yuan(rig_acc)),
            },
            rig_null,
        ),
        "housing_grade": _choice(("A", "B", "C", "D"), housing),
        "drinking_water_safe": pa.array(water_safe),
        "food_clothing_secure": pa.array(food_secure),
        "assets_within_limit": _with_nulls(pa.array(assets_ok), ~assets_present),
        "dibao": _struct(
            {
                "since": _dates(dibao_since),
                "current_monthly_benefit": _money(dibao_benefit),
                "income_exceeded_on": _dates(exceeded_on, ~exceeded_present),
            },
            ~on_dibao,
        ),
        "monitoring": _struct(
            {
                "category": _choice(("unstable_alleviated", "marginal", "sudden_hardship"), mon_cat),
                "since": _dates(mon_since),
                "stable_income_months": pa.array(stable, type=pa.int32()),
                "measures": pa.array(measures, type=pa.int32()),
            },
            ~monitored,
        ),
        "credit": _struct(
            {"rating_ok": pa.array(rating_ok), "outstanding": _money(_yuan(outstanding))},
            ~credit_present,
        ),
        "hospitalizations": pa.ListArray.from_arrays(pa.array(h_off), hosp, mask=pa.array(n_hosp == 0)),
    }
    return pa.table(columns)


def _strip_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_strip_nulls(v) for v in value]
    return value


def households(n: int, seed: int = 0, as_of: datetime.date | str = DEFAULT_AS_OF) -> list[dict[str, Any]]:
    """The population as dicts of docs/contract.md (absent fields left out, money `Decimal`, dates
    `datetime.date`): for small `n`, tests and `hengjie.assess`."""
    return [_strip_nulls(row) for row in population(n, seed, as_of).to_pylist()]


def tables(
    n: int, seed: int = 0, as_of: datetime.date | str = DEFAULT_AS_OF
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The population as two flat pandas frames (`pd.ArrowDtype` columns, dotted names):
    households (one row each, `hospitalizations` kept as a list column) and members (one row
    each, keyed by `household_id` in household order)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    table = population(n, seed, as_of)
    lists = table.column("members").combine_chunks()
    members = pa.Table.from_struct_array(lists.flatten())
    parent = pc.list_parent_indices(lists)
    members = members.add_column(0, "household_id", table.column("id").take(parent))
    hh = table.drop_columns(["members"])
    return (
        _flatten(hh).to_pandas(types_mapper=_arrow_dtype),
        _flatten(members).to_pandas(types_mapper=_arrow_dtype),
    )


def _flatten(table: pa.Table) -> pa.Table:
    """Structs to dotted columns, recursively (lists stay)."""
    import pyarrow as pa

    while any(pa.types.is_struct(f.type) for f in table.schema):
        table = table.flatten()
    return table


def _arrow_dtype(t: pa.DataType) -> Any:
    import pandas as pd

    return pd.ArrowDtype(t)
