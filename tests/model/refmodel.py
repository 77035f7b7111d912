"""Independent reference model of the hengjie household rules (RULES v1.3), a test oracle.

Written from /work/shared/spec/RULES.md and CONTRACT.md only, never from the engine's source.
Plain Python 3, `decimal.Decimal` only (no floats), rounding half away from zero
(`ROUND_HALF_UP` on Decimal). It computes the decision fields of an assessment, the fixed
`parameters` rows (name, value, from, provenance; not `source` or `layer`) and `warnings`;
it does not produce reasons (their codes and clauses are checked by hand in the vectors).

Usage: `assess(household_dict, "2023-06-30", layer=None)` -> dict shaped like the CONTRACT output.
Raises `ParameterUndefined` when a parameter has no value on the as-of date.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

D = Decimal
ZERO = D(0)


class ParameterUndefined(Exception):
    """RULES §0: asking for a parameter before its first value fails the whole assessment."""


# ---------------------------------------------------------------------------------------------
# §14 default parameters (the embedded `yanghe` layer), v1.3.
# "Money in yuan; `from` is January 1 of the year unless a date is given; `0001` marks a constant."
# Each series: list of (from, value text, provenance). Value text is what `parameters` prints.
# ---------------------------------------------------------------------------------------------
NAT, ILL, SEED, LOC = "national", "illustrative", "seed", "local"


def _y(year):
    return f"{year:04d}-01-01"


def _const(value, prov):
    return [(_y(2021), value, prov)]


DEFAULTS = {
    # | transition.start, transition.end | 0001 → 2021-01-01, 2025-12-31 | seed §二; national |
    "transition.start": [("0001-01-01", "2021-01-01", SEED)],
    "transition.end": [("0001-01-01", "2025-12-31", NAT)],
    # | monitoring.income_line | 2021 → 6000; … 2025 → 8000 | 2021 national; later illustrative |
    "monitoring.income_line": [(_y(2021), "6000", NAT), (_y(2022), "6500", ILL), (_y(2023), "7000", ILL),
                               (_y(2024), "7500", ILL), (_y(2025), "8000", ILL)],
    "monitoring.income_drop_share": _const("0.3", ILL),
    "monitoring.min_months_monitored": _const("6", NAT),
    "monitoring.exit_stable_income_months": _const("6", NAT),
    # | dibao.standard_monthly | 2021 → 400; 2022 → 420; 2022-12-01 → 500 | 2021, 2022 illustrative; 2022-12-01 local |
    "dibao.standard_monthly": [(_y(2021), "400", ILL), (_y(2022), "420", ILL), ("2022-12-01", "500", LOC)],
    "dibao.gradual_exit_months": _const("6", SEED),
    "tekun.elder_age": _const("60", NAT),
    # | tekun.minor_age_limit | 2016 → 16; 2021-07-01 → 18 | national; seed §五(二) |
    "tekun.minor_age_limit": [(_y(2016), "16", NAT), ("2021-07-01", "18", SEED)],
    "tekun.in_school_extension": [(_y(2016), "false", NAT), ("2021-07-01", "true", NAT)],
    # | tekun.basic_living_multiple | 2021 → 1.3; 2022-12-01 → 1.3 | 2021 illustrative; 2022-12-01 local |
    "tekun.basic_living_multiple": [(_y(2021), "1.3", ILL), ("2022-12-01", "1.3", LOC)],
    "temporary_assistance.cap_months": _const("6", ILL),
    # | disability.living_subsidy_monthly | 2021 → 80; 2025 → 90 | 2021 illustrative; 2025 local |
    "disability.living_subsidy_monthly": [(_y(2021), "80", ILL), (_y(2025), "90", LOC)],
    "disability.care_subsidy_monthly": [(_y(2021), "80", ILL), (_y(2025), "90", LOC)],
    "disability.child_rehab_age_limit": _const("7", NAT),
    "medical.individual_contribution": [(_y(2021), "320", NAT), (_y(2022), "350", NAT), (_y(2023), "380", NAT),
                                        (_y(2024), "400", NAT), (_y(2025), "400", NAT)],
    "medical.subsidy.dibao": _const("280", ILL),
    "medical.subsidy.monitored": _const("175", ILL),
    "medical.subsidy.alleviated": [(_y(2021), "100", ILL), (_y(2022), "70", ILL), (_y(2023), "50", ILL),
                                   (_y(2024), "30", ILL), (_y(2025), "0", ILL)],
    "medical.deductible.township": _const("200", ILL),
    "medical.deductible.county": _const("500", ILL),
    "medical.deductible.municipal": _const("800", ILL),
    "medical.ratio.township": _const("0.9", ILL),
    "medical.ratio.county": _const("0.8", ILL),
    "medical.ratio.municipal": _const("0.7", ILL),
    "medical.basic_cap": _const("200000", ILL),
    "medical.ci_deductible": _const("10000", ILL),
    "medical.ci_ratio": _const("0.6", ILL),
    "medical.ci_cap": _const("400000", ILL),
    "medical.ci_tilt_deductible_factor": _const("0.5", NAT),
    "medical.ci_tilt_ratio_add": _const("0.05", NAT),
    "medical.ma_ratio.tekun": _const("0.9", ILL),
    "medical.ma_ratio.dibao": _const("0.7", ILL),
    "medical.ma_ratio.monitored": _const("0.6", ILL),
    "medical.ma_deductible.monitored": _const("1000", ILL),
    "medical.ma_cap": _const("50000", ILL),
    "pension.min_age": _const("16", NAT),
    "pension.max_age": _const("59", NAT),
    "pension.lowest_tier": [(_y(2021), "100", NAT), (_y(2023), "200", ILL)],
    "pension.retained_lowest_tier": _const("100", SEED),
    "pension.proxy_share.tekun": _const("1", ILL),
    "pension.proxy_share.severe_disability": _const("1", ILL),
    "pension.proxy_share.dibao": _const("1", ILL),
    "pension.proxy_share.monitored": _const("1", ILL),
    "pension.contribution_subsidy": [("2014-01-01", "30", NAT)],
    "education.compulsory_age_min": _const("6", NAT),
    "education.compulsory_age_limit": _const("16", NAT),
    "education.vocational_in_force": [(_y(2021), "true", NAT), (_y(2026), "false", NAT)],
    "education.vocational_subsidy_annual": _const("3000", NAT),
    "employment.min_age": _const("16", ILL),
    "employment.age_limit": _const("60", ILL),
    "employment.post_age_limit": _const("65", ILL),
    "credit.in_force": [(_y(2021), "false", NAT), ("2021-03-04", "true", NAT), (_y(2026), "false", NAT)],
    "credit.max_amount": _const("50000", NAT),
    "credit.max_term_months": _const("36", NAT),
    "credit.min_age": _const("18", NAT),
    "credit.max_age": _const("65", NAT),
    "village.min_visit_half_days": _const("3", SEED),
    "village.min_platform_staff": _const("2", SEED),
    "indicators.large_scale_share": _const("0.03", ILL),
    "indicators.liuzhou_rural_income_growth": [(_y(2021), "0.1", ILL), (_y(2022), "0.065", ILL),
                                               (_y(2023), "0.07", ILL), (_y(2024), "0.065", ILL),
                                               (_y(2025), "0.06", ILL)],
    "children.orphan_basic_living_monthly": _const("1200", ILL),
    "children.disabled_subsidy_monthly": _const("200", ILL),
    "credit.interest_subsidy_in_force": [(_y(2021), "false", NAT), ("2021-03-04", "true", NAT),
                                         ("2026-01-01", "false", NAT)],
    "reconcile.medical_high_cost": _const("10000", ILL),
}


def _norm_value(text):
    """Values print without trailing zeros ("0.30" -> "0.3")."""
    if text in ("true", "false") or len(text) == 10 and text[4] == "-":
        return text
    d = D(text)
    s = format(d.normalize(), "f")
    return s


def _layer_value(v):
    """Layer values: booleans as JSON booleans, integers as numbers or text, money/ratios as text."""
    if isinstance(v, bool):
        return "true" if v else "false"
    return _norm_value(str(v))


def merge_layer(series, layer):
    """RULES §0 Layers: a layer's series replaces the series below it from the layer's first
    `from` date on (earlier values of the lower series are kept)."""
    merged = {k: list(v) for k, v in series.items()}
    if not layer:
        return merged
    for name, entries in layer.get("parameters", {}).items():
        new = [(e["from"], _layer_value(e["value"]), e.get("provenance", ILL)) for e in entries]
        first = new[0][0]
        merged[name] = [x for x in merged.get(name, []) if x[0] < first] + new
    return merged


class Params:
    def __init__(self, as_of, layer=None):
        self.as_of = as_of
        self.series = merge_layer(DEFAULTS, layer)
        self.used = {}

    def row(self, name):
        iso = self.as_of.isoformat()
        cur = None
        for entry in self.series[name]:
            if entry[0] <= iso:
                cur = entry
        if cur is None:
            raise ParameterUndefined(f"{name} on {iso}")
        return cur

    def record(self, *names):
        for n in names:
            self.used[n] = self.row(n)

    def get(self, name):
        """The value in effect, recorded in `parameters` (rules list their fixed sets anyway)."""
        _, text, _ = self.row(name)
        if text in ("true", "false"):
            return text == "true"
        if len(text) == 10 and text[4] == "-":
            return dt.date.fromisoformat(text)
        return D(text)

    def rows(self):
        return [{"name": n, "value": v[1], "from": v[0], "provenance": v[2]} for n, v in sorted(self.used.items())]


# ---------------------------------------------------------------------------------------------
# §0 Conventions
# ---------------------------------------------------------------------------------------------
def add_months(d, n):
    """`A + n months`: calendar months, clamped to the month's end (2021-08-31 + 6 = 2022-02-28)."""
    m = d.month - 1 + n
    y = d.year + m // 12
    m = m % 12 + 1
    return dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def whole_months(a, b):
    """The largest n ≥ 0 with A + n months ≤ B."""
    if b < a:
        return 0
    n = (b.year - a.year) * 12 + (b.month - a.month) + 1
    while n > 0 and add_months(a, n) > b:
        n -= 1
    return max(n, 0)


def age_on(birth, d):
    """Age on D: the largest n with birth + 12n months ≤ D."""
    return whole_months(birth, d) // 12


def money(x):
    """Rounded once at the end: 2 decimals, half away from zero; zero prints as "0.00"."""
    q = D(x).quantize(D("0.01"), rounding=ROUND_HALF_UP)
    if q == 0:
        q = D("0.00")
    return format(q, "f")


def dec(v):
    if v is None:
        return ZERO
    return D(str(v))


def date(v):
    return dt.date.fromisoformat(v) if v is not None else None


# ---------------------------------------------------------------------------------------------
# The assessment
# ---------------------------------------------------------------------------------------------
def assess(hh, as_of, layer=None):
    as_of = date(as_of) if isinstance(as_of, str) else as_of
    P = Params(as_of, layer)
    out = {"household_id": hh["id"], "as_of": as_of.isoformat()}
    warnings_late = []
    members = hh["members"]
    n = len(members)
    inc = hh.get("income") or {}
    wages, business = dec(inc.get("wages")), dec(inc.get("business"))
    prop, transfers = dec(inc.get("property")), dec(inc.get("transfers"))
    # "`net` = wages + business + property + transfers (may be negative)."
    net = wages + business + prop + transfers
    # "`rigid` = sum of the `rigid_expenditure` components."
    rigid = sum((dec(v) for v in (hh.get("rigid_expenditure") or {}).values()), ZERO)
    alleviated = bool(hh["poverty_alleviated"])
    on_dibao = hh.get("dibao") is not None
    mon_in = hh.get("monitoring")
    ages = [age_on(date(m["birth_date"]), as_of) for m in members]

    def lab(m):
        return m["labor_capacity"]

    def school(m):
        return m.get("schooling") or None

    def enrolled(m, stages=None):
        s = school(m)
        return bool(s) and s["status"] == "enrolled" and (stages is None or s["stage"] in stages)

    # ---- §1 transition ----------------------------------------------------------------------
    # "Window transition.start .. transition.end inclusive. phase before | in | after;
    #  year = as-of year − start year + 1 inside the window, else null."
    P.record("transition.start", "transition.end")
    start, end = P.get("transition.start"), P.get("transition.end")
    if as_of < start:
        out["transition"] = {"phase": "before", "year": None}
    elif as_of > end:
        out["transition"] = {"phase": "after", "year": None}
    else:
        out["transition"] = {"phase": "in", "year": as_of.year - start.year + 1}

    # ---- §2 monitoring ----------------------------------------------------------------------
    P.record("monitoring.income_line", "monitoring.income_drop_share",
             "education.compulsory_age_min", "education.compulsory_age_limit")
    line = P.get("monitoring.income_line")
    share = P.get("monitoring.income_drop_share")
    cmin, clim = P.get("education.compulsory_age_min"), P.get("education.compulsory_age_limit")
    risks = []
    # 1. income_below_line: net < income_line × n.
    if net < line * n:
        risks.append("income_below_line")
    # 2. rigid_expenditure: rigid > 0 and net ≥ line × n and net − rigid < line × n.
    if rigid > 0 and net >= line * n and net - rigid < line * n:
        risks.append("rigid_expenditure")
    # 3. income_drop: previous_year_income > 0 and net ≤ (1 − share) × previous_year_income.
    prev = dec(hh.get("previous_year_income"))
    if prev > 0 and net <= (1 - share) * prev:
        risks.append("income_drop")
    # 4. dropout: a member aged 6 ≤ age < 16 has schooling.status = not_enrolled; no schooling →
    #    not flagged, warning schooling_unknown (with person_id).
    dropout_members = []
    schooling_unknown = []
    for m, a in zip(members, ages):
        if cmin <= a < clim:
            if school(m) is None:
                schooling_unknown.append(m["id"])
            elif school(m)["status"] == "not_enrolled":
                dropout_members.append(m["id"])
    if dropout_members:
        risks.append("dropout")
    # 5. uninsured: a member has medical_insured = false.
    if any(m["medical_insured"] is False for m in members):
        risks.append("uninsured")
    # 6. unsafe_housing: housing_grade C or D.
    if hh.get("housing_grade") in ("C", "D"):
        risks.append("unsafe_housing")
    # 7. unsafe_water; 8. food_clothing.
    if hh.get("drinking_water_safe") is False:
        risks.append("unsafe_water")
    if hh.get("food_clothing_secure") is False:
        risks.append("food_clothing")
    # Category: alleviated and any flag → unstable_alleviated; not alleviated: rigid_expenditure,
    # or income_drop together with income_below_line → sudden_hardship; else income_below_line →
    # marginal; else null.
    if alleviated:
        category = "unstable_alleviated" if risks else None
    elif "rigid_expenditure" in risks or ("income_drop" in risks and "income_below_line" in risks):
        category = "sudden_hardship"
    elif "income_below_line" in risks:
        category = "marginal"
    else:
        category = None
    include = category is not None
    review = (not alleviated) and category is None and bool(risks)
    exit_ = None
    if mon_in is not None:
        P.record("monitoring.min_months_monitored", "monitoring.exit_stable_income_months")
        blockers = []
        if whole_months(date(mon_in["since"]), as_of) < P.get("monitoring.min_months_monitored"):
            blockers.append("too_recent")
        if mon_in.get("stable_income_months", 0) < P.get("monitoring.exit_stable_income_months"):
            blockers.append("income_not_stable")
        if risks:
            blockers.append("risk_remaining")
        if mon_in.get("measures", 0) < 1:
            blockers.append("no_measure")
        if all(lab(m) == "none" for m in members):
            blockers.append("no_labor_capacity")
        exit_ = {"eligible": not blockers, "blockers": blockers}
    out["monitoring"] = {
        "include": include, "category": category, "risks": risks, "review": review,
        "pc_income": money(net / n), "pc_income_after_rigid": money((net - rigid) / n),
        "line": money(line), "exit": exit_,
    }
    # "Monitored: include = true, or the input has monitoring and §2's exit is not eligible."
    monitored = include or (mon_in is not None and not exit_["eligible"])

    # ---- §3 dibao (computed before §2a, which depends on dibao-eligibility) --------------------
    P.record("dibao.standard_monthly", "dibao.gradual_exit_months")
    std = P.get("dibao.standard_monthly")
    bar = std * 12 * n
    dib = hh.get("dibao") or {}
    assets = hh.get("assets_within_limit")
    gradual_until = None
    if net < bar and assets is not False:
        status = "eligible"
        benefit = (bar - net) / 12
        if assets is None:
            warnings_late.append(("asset_test_not_provided", None))
    else:
        status, benefit = "not_eligible", ZERO
        # gradual exit: on dibao, net ≥ bar, net − wages − business < bar, as-of ≤ until.
        if on_dibao and net >= bar and net - wages - business < bar:
            exceeded = date(dib.get("income_exceeded_on"))
            if exceeded is None:
                exceeded = as_of
                warnings_late.append(("income_exceeded_on_not_provided", None))
            gradual_until = add_months(exceeded, int(P.get("dibao.gradual_exit_months")))
            if as_of <= gradual_until:
                status = "gradual_exit"
                benefit = dec(dib.get("current_monthly_benefit"))
    out["dibao"] = {"status": status, "eligible": status in ("eligible", "gradual_exit"),
                    "monthly_benefit": money(benefit),
                    "gradual_exit_until": gradual_until.isoformat() if gradual_until else None}
    dibao_eligible = status == "eligible"

    # ---- §2a assistance approach --------------------------------------------------------------
    P.record("employment.min_age", "employment.age_limit")
    emin, elim = P.get("employment.min_age"), P.get("employment.age_limit")
    working_age = [emin <= a < elim for a in ages]
    any_tekun_input = any(m.get("tekun") is True for m in members)
    if monitored or on_dibao or dibao_eligible or any_tekun_input:
        out["assistance_approach"] = "development" if any(
            w and lab(m) in ("full", "partial") for m, w in zip(members, working_age)) else "safety_net"
    else:
        out["assistance_approach"] = None

    # ---- §4 tekun -----------------------------------------------------------------------------
    P.record("tekun.elder_age", "tekun.minor_age_limit", "tekun.in_school_extension",
             "tekun.basic_living_multiple", "dibao.standard_monthly")
    elder, minor = P.get("tekun.elder_age"), P.get("tekun.minor_age_limit")
    ext, mult = P.get("tekun.in_school_extension"), P.get("tekun.basic_living_multiple")
    tekun_out = []
    for m, a in zip(members, ages):
        dis = m.get("disability")
        ground = (a >= elder or a < minor or lab(m) == "none"
                  or (dis and dis["grade"] in (1, 2) and dis["category"] in ("intellectual", "mental"))
                  or (dis and dis["grade"] == 1 and dis["category"] == "physical")
                  or (ext and a >= minor and enrolled(m, ("primary", "junior_secondary", "senior_secondary",
                                                         "secondary_vocational"))))
        means = dec(m.get("own_income")) < std * 12
        supporter = m.get("legal_supporter_able", True) is False
        el = bool(ground and means and supporter)
        tekun_out.append({"eligible": el, "basic_living_monthly": money(mult * std) if el else None})
    has_tekun = any(m.get("tekun") is True or t["eligible"] for m, t in zip(members, tekun_out))

    # ---- §5 temporary assistance --------------------------------------------------------------
    # "Eligible when (rigid > 0 or flag income_drop) and net − rigid < std × 12 × n. amount =
    #  min(std × 12 × n − (net − rigid), cap_months × std × n)."
    P.record("temporary_assistance.cap_months", "dibao.standard_monthly")
    cap = P.get("temporary_assistance.cap_months")
    ta_el = (rigid > 0 or "income_drop" in risks) and net - rigid < bar
    out["temporary_assistance"] = {"eligible": bool(ta_el),
                                   "amount": money(min(bar - (net - rigid), cap * std * n)) if ta_el else "0.00"}

    # ---- §6 disability --------------------------------------------------------------------------
    P.record("disability.living_subsidy_monthly", "disability.care_subsidy_monthly",
             "disability.child_rehab_age_limit")
    liv, care = P.get("disability.living_subsidy_monthly"), P.get("disability.care_subsidy_monthly")
    rehab = P.get("disability.child_rehab_age_limit")

    # ---- §7 medical -----------------------------------------------------------------------------
    P.record("medical.individual_contribution", "medical.subsidy.dibao", "medical.subsidy.monitored",
             "medical.subsidy.alleviated")
    c = P.get("medical.individual_contribution")
    hosp = hh.get("hospitalizations") or []
    if hosp:
        for name in DEFAULTS:
            if name.startswith("medical."):
                P.record(name)

    # ---- §8 pension ------------------------------------------------------------------------------
    P.record("pension.min_age", "pension.max_age", "pension.lowest_tier", "pension.retained_lowest_tier",
             "pension.proxy_share.tekun", "pension.proxy_share.severe_disability", "pension.proxy_share.dibao",
             "pension.proxy_share.monitored", "pension.contribution_subsidy")
    # ---- §9 education, §10 employment ---------------------------------------------------------
    P.record("education.compulsory_age_min", "education.compulsory_age_limit", "education.vocational_in_force",
             "education.vocational_subsidy_annual")
    P.record("employment.min_age", "employment.age_limit", "employment.post_age_limit")
    post_lim = P.get("employment.post_age_limit")
    emp_group = alleviated or monitored or on_dibao

    # ---- §11 small loans + §20 interest subsidy -------------------------------------------------
    P.record("credit.in_force", "credit.interest_subsidy_in_force")
    if P.get("credit.in_force"):
        P.record("credit.max_amount", "credit.max_term_months", "credit.min_age", "credit.max_age")
        cmin_a, cmax_a = P.get("credit.min_age"), P.get("credit.max_age")
        borrowers = [m["id"] for m, a in zip(members, ages) if cmin_a <= a <= cmax_a and lab(m) in ("full", "partial")]
        cr = hh.get("credit")
        outst = dec(cr.get("outstanding")) if cr else ZERO
        maxa = P.get("credit.max_amount")
        ok = (alleviated or monitored) and borrowers and cr is not None and cr["rating_ok"] is True and outst < maxa
        sl = {"status": "eligible" if ok else "not_eligible", "eligible": bool(ok),
              "max_amount": money(maxa - outst) if ok else "0.00",
              "max_term_months": int(P.get("credit.max_term_months")) if ok else None,
              "borrowers": borrowers}
    else:
        sl = {"status": "not_in_force", "eligible": False, "max_amount": "0.00", "max_term_months": None,
              "borrowers": []}
    sl["interest_subsidised"] = bool(P.get("credit.interest_subsidy_in_force") and sl["eligible"])
    out["small_loan"] = sl

    # ---- §15 low-income population ---------------------------------------------------------------
    groups = []
    if on_dibao or status in ("eligible", "gradual_exit"):
        groups.append("dibao")
    if has_tekun:
        groups.append("tekun")
    if monitored:
        groups.append("at_risk")
    if "rigid_expenditure" in risks or ("income_drop" in risks and "income_below_line" in risks) or ta_el:
        groups.append("hardship")
    out["low_income"] = {"population": bool(groups), "groups": groups}
    low_income = bool(groups)

    # ---- §16 housing ------------------------------------------------------------------------------
    g = hh.get("housing_grade")
    if g is None:
        hs = "unknown"
    elif g in ("A", "B"):
        hs = "safe"
    elif alleviated or low_income:
        hs = "renovation_eligible"
    else:
        hs = "unsafe_not_in_group"
    out["housing"] = {"status": hs}

    # ---- §17 children (parameters) ----------------------------------------------------------------
    P.record("children.orphan_basic_living_monthly", "children.disabled_subsidy_monthly")
    orphan_amt = P.get("children.orphan_basic_living_monthly")
    dis_child_amt = P.get("children.disabled_subsidy_monthly")
    social = on_dibao or dibao_eligible or has_tekun   # §19 social-assistance household

    # ---- per member ---------------------------------------------------------------------------------
    mem_out = []
    coverage = []
    if dibao_eligible and not on_dibao:
        coverage.append({"code": "dibao_not_covered", "person_id": None})
    for m, a, t, w in zip(members, ages, tekun_out, working_age):
        dis = m.get("disability")
        tk = m.get("tekun") is True
        mo = {"person_id": m["id"], "age": a, "tekun": t}
        # §6
        mo["disability_living_subsidy_monthly"] = money(liv) if dis and (on_dibao or dibao_eligible) else "0.00"
        mo["disability_care_subsidy_monthly"] = money(care) if dis and dis["grade"] in (1, 2) else "0.00"
        mo["child_rehabilitation"] = bool(dis) and a < rehab
        # §7 subsidy: candidates tekun → c; dibao → subsidy.dibao; monitored; alleviated; capped at c;
        # largest capped, earlier wins a tie; basis null when none or subsidy 0.
        cands = []
        if tk:
            cands.append(("tekun", c))
        if on_dibao:
            cands.append(("dibao", P.get("medical.subsidy.dibao")))
        if monitored:
            cands.append(("monitored", P.get("medical.subsidy.monitored")))
        if alleviated:
            cands.append(("alleviated", P.get("medical.subsidy.alleviated")))
        basis, sub = None, ZERO
        for nm, v in cands:
            v = min(v, c)
            if v > sub:
                basis, sub = nm, v
        mo["medical_subsidy"] = {"basis": basis, "subsidy": money(sub), "personal_contribution": money(c - sub)}
        # §8 pension
        if P.get("pension.min_age") <= a <= P.get("pension.max_age") and not enrolled(m):
            if tk:
                pb = "tekun"
            elif dis and dis["grade"] in (1, 2):
                pb = "severe_disability"
            elif on_dibao:
                pb = "dibao"
            elif monitored:
                pb = "monitored"
            else:
                pb = None
            ins = m.get("pension_insured") is True
            ret = P.get("pension.retained_lowest_tier")
            mo["pension"] = {
                "proxy_payment": money(ret * P.get(f"pension.proxy_share.{pb}")) if pb and ins else "0.00",
                "proxy_basis": pb,
                "lowest_tier_available": money(ret if (pb or alleviated) else P.get("pension.lowest_tier")),
                "contribution_subsidy": money(P.get("pension.contribution_subsidy"))
                if ins and (pb or alleviated) else "0.00",
            }
            pen_gap = pb is not None and not ins
        else:
            mo["pension"] = None
            pen_gap = False
        # §9 education
        mo["dropout_alert"] = m["id"] in dropout_members and (alleviated or monitored)
        mo["vocational_subsidy_annual"] = money(P.get("education.vocational_subsidy_annual")) if (
            P.get("education.vocational_in_force") and enrolled(m, ("secondary_vocational", "higher_vocational"))
            and (alleviated or monitored)) else "0.00"
        mo["undergraduate_aid"] = enrolled(m, ("undergraduate",)) and alleviated
        mo["nutrition_plan"] = enrolled(m, ("primary", "junior_secondary"))
        mo["student_aid"] = enrolled(m) and (tk or alleviated or monitored or on_dibao)
        # §10 employment
        emp = m.get("employment") or {}
        able = lab(m) in ("full", "partial")
        mo["job_info_push"] = bool(w and able and emp_group and emp.get("wants_work") is True)
        mo["training_info_push"] = bool(w and able and emp_group and emp.get("wants_training") is True)
        post = bool(emp_group and emin <= a < post_lim and able and emp.get("employed") is not True)
        mo["public_welfare_post"] = {"eligible": post, "priority": post and lab(m) == "partial"}
        # §18 work relief
        mo["work_relief_priority"] = bool(w and able and emp.get("employed") is not True
                                          and (alleviated or low_income))
        # §7 triple guarantee
        mine = [h for h in hosp if h["person_id"] == m["id"]]
        mo["triple_guarantee"] = triple(P, m, mine, tk, on_dibao, monitored) if mine else None
        # §17 children: per member under 18; orphan, unattended, disabled (grade 1–2 + low-income).
        cs = None
        if a < 18:
            gd = m.get("guardianship") or "parents"
            if gd == "orphan":
                cs = ("orphan", orphan_amt)
            elif gd == "unattended":
                cs = ("unattended", orphan_amt)
            elif dis and dis["grade"] in (1, 2) and low_income:
                cs = ("disabled", dis_child_amt)
        mo["child_support"] = None if cs is None else {"basis": cs[0], "monthly": "0.00" if tk else money(cs[1])}
        # §19 care visits
        mo["care_visits"] = bool(social and m.get("self_care_able", True) is False
                                 and (a >= elder or a < 18 or dis))
        mem_out.append(mo)
        if t["eligible"] and not tk:
            coverage.append({"code": "tekun_not_covered", "person_id": m["id"]})
        if pen_gap:
            coverage.append({"code": "pension_not_insured", "person_id": m["id"]})
    out["members"] = mem_out
    out["coverage_gaps"] = coverage
    out["parameters"] = P.rows()
    warnings = [{"code": "illustrative_parameter", "parameter": r["name"], "person_id": None}
                for r in out["parameters"] if r["provenance"] == ILL]
    warnings += [{"code": "schooling_unknown", "parameter": None, "person_id": pid} for pid in schooling_unknown]
    warnings += [{"code": code, "parameter": None, "person_id": pid} for code, pid in warnings_late]
    out["warnings"] = warnings
    return out


def triple(P, m, hosp, tk, on_dibao, monitored):
    """§7 three-layer reimbursement."""
    E = {lv: sum((dec(h["expense"]) for h in hosp if h["level"] == lv), ZERO)
         for lv in ("township", "county", "municipal")}
    total = sum(E.values(), ZERO)
    g = "tekun" if tk else "dibao" if on_dibao else "monitored" if monitored else None
    if m["medical_insured"]:
        b = sum((max(E[lv] - P.get(f"medical.deductible.{lv}"), ZERO) * P.get(f"medical.ratio.{lv}")
                 for lv in E), ZERO)
        b = min(b, P.get("medical.basic_cap"))
        r1 = total - b
        if g:
            c2 = max(r1 - P.get("medical.ci_deductible") * P.get("medical.ci_tilt_deductible_factor"), ZERO) * (
                P.get("medical.ci_ratio") + P.get("medical.ci_tilt_ratio_add"))
        else:
            c2 = min(max(r1 - P.get("medical.ci_deductible"), ZERO) * P.get("medical.ci_ratio"), P.get("medical.ci_cap"))
    else:
        b = c2 = ZERO
        r1 = total
    r2 = r1 - c2
    if g == "tekun":
        ma = P.get("medical.ma_ratio.tekun") * r2
    elif g == "dibao":
        ma = P.get("medical.ma_ratio.dibao") * r2
    elif g == "monitored":
        ma = P.get("medical.ma_ratio.monitored") * max(r2 - P.get("medical.ma_deductible.monitored"), ZERO)
    else:
        ma = ZERO
    ma = min(ma, P.get("medical.ma_cap"))
    rb, rc, ra = (D(money(x)) for x in (b, c2, ma))
    return {"expense": money(total), "basic": money(b), "critical_illness": money(c2),
            "assistance": money(ma), "out_of_pocket": money(total - rb - rc - ra)}


# ---------------------------------------------------------------------------------------------
# §13 indicators: the §15 and §21 parts (the batch summary's last two keys)
# ---------------------------------------------------------------------------------------------
def indicators_tail(households, as_of, layer=None):
    """§15: `low_income: {households, persons, by_group: {dibao, tekun, at_risk, hardship}}`
    (`persons` = all members of those households; `by_group` counts households).
    §21: `income_growth` over assessed alleviated households with previous_year_income > 0:
    growth = Σ net / Σ previous − 1, 4 decimals half away from zero, never -0.0000 (null when none);
    liuzhou_growth = the parameter's text; ahead = Σ net > (1 + liuzhou_growth) × Σ previous, exact."""
    as_of_d = date(as_of) if isinstance(as_of, str) else as_of
    li = {"households": 0, "persons": 0, "by_group": {"dibao": 0, "tekun": 0, "at_risk": 0, "hardship": 0}}
    nets, prevs, count = ZERO, ZERO, 0
    for hh in households:
        out = assess(hh, as_of_d, layer)
        if out["low_income"]["population"]:
            li["households"] += 1
            li["persons"] += len(hh["members"])
            for g in out["low_income"]["groups"]:
                li["by_group"][g] += 1
        prev = dec(hh.get("previous_year_income"))
        if hh["poverty_alleviated"] and prev > 0:
            inc = hh.get("income") or {}
            nets += sum((dec(inc.get(k)) for k in ("wages", "business", "property", "transfers")), ZERO)
            prevs += prev
            count += 1
    P = Params(as_of_d, layer)
    _, lg_text, lg_prov = P.row("indicators.liuzhou_rural_income_growth")
    if count:
        g = (nets / prevs - 1).quantize(D("0.0001"), rounding=ROUND_HALF_UP)
        growth = format(D("0.0000") if g == 0 else g, "f")
        ahead = nets > (1 + D(lg_text)) * prevs
    else:
        growth, ahead = None, None
    return {"low_income": li,
            "income_growth": {"alleviated_households": count, "growth": growth, "liuzhou_growth": lg_text,
                              "liuzhou_growth_provenance": lg_prov, "ahead": ahead}}
