"""An idiomatic OpenFisca model of the benchmark subset: monitoring flags 1-3 and 5-8 with the
category (RULES §2) and the dibao status and top-up (RULES §3).

Two entities (person, household), dated parameters in YAML under `parameters/`, one variable per
input and per decision, vectorised formulas. Every variable is defined per DAY: the period of a
simulation is the as-of date, so `parameters(period)` gives the values in force on that date, as
hengjie does. Incomes are "the 12 months before the as-of date", given on that day.

Money is held as integer fen (`value_type = int`, numpy int32) and compared cross-multiplied in
int64: OpenFisca's `float` is numpy float32, which cannot even hold 12345.67 exactly, and a model
written with it disagrees with the exact decimal rules on threshold households (net = line x n)
and on half-fen roundings of the top-up. int32 fen limits money to +-21 million yuan per value.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
from openfisca_core.entities import build_entity
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import DAY
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

Household = build_entity(
    key="household",
    plural="households",
    label="A rural household (户)",
    roles=[{"key": "member", "plural": "members", "label": "Member"}],
)
Person = build_entity(key="person", plural="persons", label="A person", is_person=True)


class HousingGrade(Enum):
    unknown = "not assessed"
    A = "A"
    B = "B"
    C = "C (unsafe)"
    D = "D (unsafe)"


class MonitoringCategory(Enum):
    none = "not monitored"
    unstable_alleviated = "脱贫不稳定户"
    marginal = "边缘易致贫户"
    sudden_hardship = "突发严重困难户"


class DibaoStatus(Enum):
    not_eligible = "not eligible"
    eligible = "eligible"
    gradual_exit = "gradual exit (渐退期)"


# ---- inputs -------------------------------------------------------------------------------------


def _input(name: str, entity: Any, value_type: type, label: str, default: Any = None) -> type:
    attrs: dict[str, Any] = {
        "value_type": value_type,
        "entity": entity,
        "definition_period": DAY,
        "label": label,
    }
    if default is not None:
        attrs["default_value"] = default
    return type(name, (Variable,), attrs)


INPUTS = [
    _input("medical_insured", Person, bool, "Has basic medical insurance", True),
    _input("poverty_alleviated", Household, bool, "Registered poor household that has exited"),
    _input("wages", Household, int, "Annual wage income, fen"),
    _input("business", Household, int, "Annual net business income, fen (may be negative)"),
    _input("property_income", Household, int, "Annual property income, fen (may be negative)"),
    _input("transfers", Household, int, "Annual transfer income, fen"),
    _input("previous_year_income", Household, int, "Net income of the year before, fen"),
    _input("rigid_medical", Household, int, "Rigid medical expenditure, fen"),
    _input("rigid_education", Household, int, "Rigid education expenditure, fen"),
    _input("rigid_disaster", Household, int, "Rigid disaster expenditure, fen"),
    _input("rigid_accident", Household, int, "Rigid accident expenditure, fen"),
    _input("drinking_water_safe", Household, bool, "Drinking water is safe", True),
    _input("food_clothing_secure", Household, bool, "Food and clothing are secure", True),
    _input("assets_within_limit", Household, bool, "Passes the dibao asset test", True),
    _input("on_dibao", Household, bool, "Receives dibao now"),
    _input("dibao_current_monthly_benefit", Household, int, "Current dibao benefit, fen/month"),
]


class housing_grade(Variable):
    value_type = Enum
    possible_values = HousingGrade
    default_value = HousingGrade.unknown
    entity = Household
    definition_period = DAY
    label = "Housing safety grade"


class dibao_income_exceeded_on(Variable):
    value_type = dt.date
    entity = Household
    definition_period = DAY
    label = "Date income first exceeded the dibao standard (NaT: not known, taken as the as-of)"


# ---- formulas -----------------------------------------------------------------------------------


class household_size(Variable):
    value_type = int
    entity = Household
    definition_period = DAY
    label = "n, the number of members"

    def formula(household, period):
        return household.nb_persons()


class net_income(Variable):
    value_type = int
    entity = Household
    definition_period = DAY
    label = "net = wages + business + property + transfers, fen"

    def formula(household, period):
        return (
            household("wages", period).astype(np.int64)
            + household("business", period)
            + household("property_income", period)
            + household("transfers", period)
        )


class rigid_expenditure(Variable):
    value_type = int
    entity = Household
    definition_period = DAY
    label = "rigid = sum of the rigid expenditure components, fen"

    def formula(household, period):
        return (
            household("rigid_medical", period).astype(np.int64)
            + household("rigid_education", period)
            + household("rigid_disaster", period)
            + household("rigid_accident", period)
        )


def _line_total(household: Any, period: Any, parameters: Any) -> np.ndarray:
    line_fen = round(parameters(period).monitoring.income_line * 100)
    return np.int64(line_fen) * household("household_size", period)


class income_below_line(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "Flag 1: net < monitoring.income_line x n"

    def formula(household, period, parameters):
        net = household("net_income", period).astype(np.int64)
        return net < _line_total(household, period, parameters)


class rigid_expenditure_flag(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "Flag 2: the rigid expenditure pushes the household under the line"

    def formula(household, period, parameters):
        net = household("net_income", period).astype(np.int64)
        rigid = household("rigid_expenditure", period).astype(np.int64)
        line = _line_total(household, period, parameters)
        return (rigid > 0) * (net >= line) * (net - rigid < line)


class income_drop(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "Flag 3: net <= (1 - income_drop_share) x previous_year_income"

    def formula(household, period, parameters):
        share_bp = round(parameters(period).monitoring.income_drop_share * 10_000)
        net = household("net_income", period).astype(np.int64)
        previous = household("previous_year_income", period).astype(np.int64)
        return (previous > 0) * (net * 10_000 <= (10_000 - share_bp) * previous)


class uninsured(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "Flag 5: a member has no basic medical insurance"

    def formula(household, period):
        return household.any(np.logical_not(household.members("medical_insured", period)))


class unsafe_housing(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "Flag 6: housing grade C or D"

    def formula(household, period):
        grade = household("housing_grade", period)
        return (grade == HousingGrade.C) + (grade == HousingGrade.D)


class unsafe_water(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "Flag 7: drinking water not safe"

    def formula(household, period):
        return np.logical_not(household("drinking_water_safe", period))


class food_clothing(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "Flag 8: food and clothing not secure"

    def formula(household, period):
        return np.logical_not(household("food_clothing_secure", period))


RISK_FLAGS = {
    "income_below_line": "income_below_line",
    "rigid_expenditure": "rigid_expenditure_flag",
    "income_drop": "income_drop",
    "uninsured": "uninsured",
    "unsafe_housing": "unsafe_housing",
    "unsafe_water": "unsafe_water",
    "food_clothing": "food_clothing",
}


class monitoring_category(Variable):
    value_type = Enum
    possible_values = MonitoringCategory
    default_value = MonitoringCategory.none
    entity = Household
    definition_period = DAY
    label = "Monitoring category (RULES §2)"

    def formula(household, period):
        flags = {key: household(var, period) for key, var in RISK_FLAGS.items()}
        any_flag = np.logical_or.reduce(list(flags.values()))
        alleviated = household("poverty_alleviated", period)
        below = flags["income_below_line"]
        sudden = flags["rigid_expenditure"] + flags["income_drop"] * below
        return np.select(
            [alleviated * any_flag, ~alleviated * sudden, ~alleviated * below],
            [
                MonitoringCategory.unstable_alleviated,
                MonitoringCategory.sudden_hardship,
                MonitoringCategory.marginal,
            ],
            MonitoringCategory.none,
        )


class monitoring_include(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "Included in monitoring: the category is not null"

    def formula(household, period):
        return household("monitoring_category", period) != MonitoringCategory.none


class dibao_gradual_exit_until(Variable):
    value_type = dt.date
    entity = Household
    definition_period = DAY
    label = "income_exceeded_on (or the as-of) + gradual_exit_months, clamped to the month's end"

    def formula(household, period, parameters):
        months = parameters(period).dibao.gradual_exit_months
        as_of = np.datetime64(str(period.start), "D")
        start = household("dibao_income_exceeded_on", period)
        start = np.where(np.isnat(start), as_of, start)
        month = start.astype("datetime64[M]")
        day = start - month.astype("datetime64[D]")
        target = month + np.timedelta64(int(months), "M")
        last_day = (target + 1).astype("datetime64[D]") - 1
        return np.minimum(target.astype("datetime64[D]") + day, last_day)


class dibao_status(Variable):
    value_type = Enum
    possible_values = DibaoStatus
    default_value = DibaoStatus.not_eligible
    entity = Household
    definition_period = DAY
    label = "Dibao status (RULES §3)"

    def formula(household, period, parameters):
        std_fen = round(parameters(period).dibao.standard_monthly * 100)
        total = np.int64(std_fen * 12) * household("household_size", period)
        net = household("net_income", period).astype(np.int64)
        earned = household("wages", period).astype(np.int64) + household("business", period)
        eligible = (net < total) * household("assets_within_limit", period)
        as_of = np.datetime64(str(period.start), "D")
        gradual = (
            ~eligible
            * household("on_dibao", period)
            * (net >= total)
            * (net - earned < total)
            * (as_of <= household("dibao_gradual_exit_until", period))
        )
        return np.select(
            [eligible, gradual],
            [DibaoStatus.eligible, DibaoStatus.gradual_exit],
            DibaoStatus.not_eligible,
        )


class dibao_monthly_benefit(Variable):
    value_type = int
    entity = Household
    definition_period = DAY
    label = "Monthly dibao payment, fen: (std x 12 x n - net) / 12, rounded half away from zero"

    def formula(household, period, parameters):
        status = household("dibao_status", period)
        std_fen = round(parameters(period).dibao.standard_monthly * 100)
        total = np.int64(std_fen * 12) * household("household_size", period)
        gap = total - household("net_income", period).astype(np.int64)  # > 0 when eligible
        top_up = (2 * gap + 12) // 24  # gap / 12 rounded half up, exact in integers
        return np.select(
            [status == DibaoStatus.eligible, status == DibaoStatus.gradual_exit],
            [top_up, household("dibao_current_monthly_benefit", period)],
            0,
        )


FORMULAS = [
    household_size,
    net_income,
    rigid_expenditure,
    income_below_line,
    rigid_expenditure_flag,
    income_drop,
    uninsured,
    unsafe_housing,
    unsafe_water,
    food_clothing,
    monitoring_category,
    monitoring_include,
    dibao_gradual_exit_until,
    dibao_status,
    dibao_monthly_benefit,
]


class HengjieSubset(TaxBenefitSystem):
    def __init__(self) -> None:
        super().__init__([Household, Person])
        self.add_variables(*INPUTS, housing_grade, dibao_income_exceeded_on, *FORMULAS)
        self.load_parameters(str(Path(__file__).parent / "parameters"))


# `openfisca serve --country-package openfisca` (bench/serve_compare.py, with bench/ on the path)
# builds the tax-benefit system from this name.
CountryTaxBenefitSystem = HengjieSubset


# ---- population in OpenFisca's preferred input form: numpy arrays per variable ---------------

_HOUSEHOLD_BOOLS = ("drinking_water_safe", "food_clothing_secure", "assets_within_limit")
_GRADES = {None: 0, "A": 1, "B": 2, "C": 3, "D": 4}


def _fen(text: str | None) -> int:
    if text is None:
        return 0
    sign = -1 if text.startswith("-") else 1
    whole, _, frac = text.lstrip("-").partition(".")
    return sign * (int(whole) * 100 + int((frac + "00")[:2]))


def to_arrays(households: list[dict[str, Any]]) -> dict[str, np.ndarray]:
    """The CONTRACT households as one numpy array per OpenFisca input variable (not timed)."""
    n = len(households)
    a: dict[str, np.ndarray] = {}
    a["household_id"] = np.array([h["id"] for h in households])
    sizes = np.array([len(h["members"]) for h in households], dtype=np.int64)
    a["person_household"] = np.repeat(np.arange(n), sizes)
    a["person_id"] = np.arange(int(sizes.sum()))
    a["medical_insured"] = np.array(
        [m["medical_insured"] for h in households for m in h["members"]], dtype=bool
    )
    a["poverty_alleviated"] = np.array([h["poverty_alleviated"] for h in households], dtype=bool)
    for key, var in (
        ("wages", "wages"),
        ("business", "business"),
        ("property", "property_income"),
        ("transfers", "transfers"),
    ):
        a[var] = np.array([_fen(h.get("income", {}).get(key)) for h in households], np.int32)
    a["previous_year_income"] = np.array([_fen(h.get("previous_year_income")) for h in households], np.int32)
    for key in ("medical", "education", "disaster", "accident"):
        a[f"rigid_{key}"] = np.array(
            [_fen(h.get("rigid_expenditure", {}).get(key)) for h in households], np.int32
        )
    a["housing_grade"] = np.array([_GRADES[h.get("housing_grade")] for h in households], np.int16)
    for key in _HOUSEHOLD_BOOLS:
        a[key] = np.array([h.get(key, True) is not False for h in households], dtype=bool)
    a["on_dibao"] = np.array(["dibao" in h for h in households], dtype=bool)
    a["dibao_current_monthly_benefit"] = np.array(
        [_fen(h.get("dibao", {}).get("current_monthly_benefit")) for h in households], np.int32
    )
    a["dibao_income_exceeded_on"] = np.array(
        [h.get("dibao", {}).get("income_exceeded_on", "NaT") for h in households],
        dtype="datetime64[D]",
    )
    return a


INPUT_NAMES = [v.__name__ for v in INPUTS if v.__name__ != "medical_insured"] + ["dibao_income_exceeded_on"]


def simulate(tbs: HengjieSubset, arrays: dict[str, np.ndarray], as_of: str) -> dict[str, Any]:
    """Arrays in memory to decisions in memory: build the simulation, set inputs, calculate."""
    builder = SimulationBuilder()
    builder.create_entities(tbs)
    builder.declare_person_entity("person", arrays["person_id"])
    households = builder.declare_entity("household", arrays["household_id"])
    builder.join_with_persons(households, arrays["person_household"], ["member"])
    sim = builder.build(tbs)
    period = as_of
    sim.set_input("medical_insured", period, arrays["medical_insured"])
    for name in INPUT_NAMES:
        sim.set_input(name, period, arrays[name])
    holder = sim.get_holder("housing_grade")
    holder.set_input(period, arrays["housing_grade"])
    out = {key: sim.calculate(var, period) for key, var in RISK_FLAGS.items()}
    out["category"] = sim.calculate("monitoring_category", period)
    out["include"] = sim.calculate("monitoring_include", period)
    out["dibao_status"] = sim.calculate("dibao_status", period)
    out["monthly_benefit_fen"] = sim.calculate("dibao_monthly_benefit", period)
    return out


OUTPUTS = [*RISK_FLAGS.values(), "monitoring_category", "monitoring_include", "dibao_status"]
OUTPUTS += ["dibao_monthly_benefit"]


def to_situation(households: list[dict[str, Any]], as_of: str) -> dict[str, Any]:
    """The CONTRACT households as one situation of OpenFisca's Web API (`POST /calculate`): the
    same inputs as `to_arrays`, each given on the as-of day, and the decisions asked for (null)."""
    persons: dict[str, Any] = {}
    entities: dict[str, Any] = {}
    for h in households:
        hid = h["id"]
        members = []
        for j, m in enumerate(h["members"]):
            pid = f"{hid}/{j}"
            persons[pid] = {"medical_insured": {as_of: bool(m["medical_insured"])}}
            members.append(pid)
        e: dict[str, Any] = {"members": members}
        e["poverty_alleviated"] = {as_of: bool(h["poverty_alleviated"])}
        income = h.get("income", {})
        for key, var in (
            ("wages", "wages"),
            ("business", "business"),
            ("property", "property_income"),
            ("transfers", "transfers"),
        ):
            e[var] = {as_of: _fen(income.get(key))}
        e["previous_year_income"] = {as_of: _fen(h.get("previous_year_income"))}
        rigid = h.get("rigid_expenditure", {})
        for key in ("medical", "education", "disaster", "accident"):
            e[f"rigid_{key}"] = {as_of: _fen(rigid.get(key))}
        if h.get("housing_grade") is not None:
            e["housing_grade"] = {as_of: h["housing_grade"]}
        for key in _HOUSEHOLD_BOOLS:
            e[key] = {as_of: h.get(key, True) is not False}
        dibao = h.get("dibao")
        e["on_dibao"] = {as_of: dibao is not None}
        e["dibao_current_monthly_benefit"] = {as_of: _fen((dibao or {}).get("current_monthly_benefit"))}
        # Not known is NaT in the arrays, which the formula takes as the as-of date; JSON has no
        # NaT (and the variable's default is 1970-01-01), so the as-of date is given.
        e["dibao_income_exceeded_on"] = {as_of: (dibao or {}).get("income_exceeded_on") or as_of}
        for var in OUTPUTS:
            e[var] = {as_of: None}
        entities[hid] = e
    return {"persons": persons, "households": entities}


def slice_arrays(arrays: dict[str, np.ndarray], i: int) -> dict[str, np.ndarray]:
    """The arrays of household `i` alone (for the single-household timing)."""
    mask = arrays["person_household"] == i
    one: dict[str, np.ndarray] = {}
    for key, value in arrays.items():
        if key in ("person_household", "person_id", "medical_insured"):
            continue
        one[key] = value[i : i + 1]
    one["medical_insured"] = arrays["medical_insured"][mask]
    one["person_id"] = np.arange(int(mask.sum()))
    one["person_household"] = np.zeros(int(mask.sum()), dtype=np.int64)
    return one
