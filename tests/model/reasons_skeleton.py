"""The reasons an assessment should give, as (rule, code, clause, person_id), from RULES v1.3 (the
clauses, the order "§1, §2, §2a, §3, … §11, §15, §16, §17, §19", members in input order) and the
codes published in docs/reasons.md, with the v1.2/v1.3 changes (transition `in` cites §三(一);
flags 7–8 cite §三(二); the medical subsidy cites §五(五); employment codes info_push §四(三),
public_welfare_post §四(二), work_relief §四(二); §11's refusal order; §15–§19's reasons).
Built on `refmodel.assess`; used by differential.py to check citations on random households.
"""

import refmodel


def skeleton(hh, as_of, out=None):
    out = out or refmodel.assess(hh, as_of)
    R = []

    def add(rule, code, clause, pid=None):
        R.append((rule, code, clause, pid))

    members = hh["members"]
    mo = out["members"]
    # §1
    ph = out["transition"]["phase"]
    add("transition", {"in": "in_transition", "before": "before_transition", "after": "after_transition"}[ph],
        "§三(一)" if ph == "in" else "§二")
    # §2
    mon = out["monitoring"]
    risks = mon["risks"]
    for f in ("income_below_line", "rigid_expenditure", "income_drop"):
        if f in risks:
            add("monitoring", f, "§三(二)")
    if "dropout" in risks:
        for m, o in zip(members, mo):
            s = m.get("schooling")
            if s and s["status"] == "not_enrolled" and 6 <= o["age"] < 16:
                add("monitoring", "dropout", "§三(三)", m["id"])
    if "uninsured" in risks:
        for m in members:
            if m["medical_insured"] is False:
                add("monitoring", "uninsured", "§三(三)", m["id"])
    if "unsafe_housing" in risks:
        add("monitoring", "unsafe_housing", "§三(三)")
    for f in ("unsafe_water", "food_clothing"):
        if f in risks:
            add("monitoring", f, "§三(二)")
    if not risks:
        add("monitoring", "no_risk", "§三(二)")
    if mon["category"]:
        add("monitoring", "category_" + mon["category"], "§三(二)")
    if mon["review"]:
        add("monitoring", "review", "§三(二)")
    if mon["exit"] is not None:
        add("monitoring", "exit_eligible" if mon["exit"]["eligible"] else "exit_blocked", "§三(二)")
    # §2a
    add("assistance_approach", out["assistance_approach"] or "not_applicable", "§五(一)")
    # §3
    d = out["dibao"]
    if d["status"] == "eligible":
        add("dibao", "eligible", "§五(二)")
        if hh.get("dibao") is None:
            add("dibao", "not_covered", "§五(四)")
    elif d["status"] == "gradual_exit":
        add("dibao", "gradual_exit", "§五(二)")
    elif d["gradual_exit_until"] is not None:
        add("dibao", "gradual_exit_ended", "§五(二)")
    else:
        std = refmodel.Params(refmodel.date(as_of)).get("dibao.standard_monthly")
        inc = hh.get("income") or {}
        net = sum((refmodel.dec(inc.get(k)) for k in ("wages", "business", "property", "transfers")), refmodel.ZERO)
        if net < std * 12 * len(members) and hh.get("assets_within_limit") is False:
            add("dibao", "assets_exceed_limit", "§五(二)")
        else:
            add("dibao", "income_above_standard", "§五(二)")
    # §4 (a ground: recomputed here from the outputs' ages)
    P = refmodel.Params(refmodel.date(as_of))
    std = P.get("dibao.standard_monthly")
    minor, ext = P.get("tekun.minor_age_limit"), P.get("tekun.in_school_extension")
    any_ground = False
    for m, o in zip(members, mo):
        a, dis, s = o["age"], m.get("disability"), m.get("schooling")
        ground = (a >= 60 or a < minor or m["labor_capacity"] == "none"
                  or (dis and dis["grade"] in (1, 2) and dis["category"] in ("intellectual", "mental"))
                  or (dis and dis["grade"] == 1 and dis["category"] == "physical")
                  or (ext and a >= minor and s and s["status"] == "enrolled"
                      and s["stage"] in ("primary", "junior_secondary", "senior_secondary", "secondary_vocational")))
        if not ground:
            continue
        any_ground = True
        if o["tekun"]["eligible"]:
            add("tekun", "eligible", "§五(二)", m["id"])
            if m.get("tekun") is not True:
                add("tekun", "not_covered", "§五(四)", m["id"])
        elif refmodel.dec(m.get("own_income")) >= std * 12:
            add("tekun", "has_means_of_living", "§五(二)", m["id"])
        else:
            add("tekun", "has_able_supporter", "§五(二)", m["id"])
    if not any_ground:
        add("tekun", "able_to_work", "§五(二)")
    # §5
    ta = out["temporary_assistance"]
    if ta["eligible"]:
        add("temporary_assistance", "eligible", "§五(二)")
    elif (hh.get("rigid_expenditure") and any(refmodel.dec(v) > 0 for v in hh["rigid_expenditure"].values())) \
            or "income_drop" in risks:
        add("temporary_assistance", "income_sufficient", "§五(二)")
    else:
        add("temporary_assistance", "no_sudden_hardship", "§五(二)")
    # §6
    dm = [m["id"] for m in members if m.get("disability")]
    for pid in dm:
        add("disability", "disability_supports", "§五(二)", pid)
    if not dm:
        add("disability", "no_disability", "§五(二)")
    # §7
    for m, o in zip(members, mo):  # per member: the subsidy, then its three-layer reimbursement
        add("medical", "contribution_subsidy" if o["medical_subsidy"]["basis"] else "no_contribution_subsidy", "§五(五)", m["id"])
        if o["triple_guarantee"] is not None:
            add("medical", "triple_guarantee", "§五(五)", m["id"])
    # §8
    anyp = False
    for m, o in zip(members, mo):
        p = o["pension"]
        if p is None:
            continue
        anyp = True
        if p["proxy_basis"] is None:
            add("pension", "no_proxy_basis", "§五(三)", m["id"])
        elif m.get("pension_insured") is True:
            add("pension", "proxy_payment", "§五(三)", m["id"])
        else:
            add("pension", "not_insured", "§五(三)", m["id"])
    if not anyp:
        add("pension", "no_contribution_age_member", "§五(三)")
    # §9
    n0 = len(R)
    for m, o in zip(members, mo):
        if o["dropout_alert"]:
            add("education", "dropout_alert", "§三(三)", m["id"])
        if o["vocational_subsidy_annual"] != "0.00":
            add("education", "vocational_subsidy", "§六(四)", m["id"])
        if o["undergraduate_aid"]:
            add("education", "undergraduate_aid", "§六(四)", m["id"])
        if o["nutrition_plan"]:
            add("education", "nutrition_plan", "§四(三)", m["id"])
        if o["student_aid"]:
            add("education", "student_aid", "§四(三)", m["id"])
    if len(R) == n0:
        add("education", "no_education_support", "§四(三)")
    # §10 + §18
    n0 = len(R)
    for m, o in zip(members, mo):
        if o["job_info_push"] or o["training_info_push"]:
            add("employment", "info_push", "§四(三)", m["id"])
        if o["public_welfare_post"]["eligible"]:
            add("employment", "public_welfare_post", "§四(二)", m["id"])
        if o["work_relief_priority"]:
            add("employment", "work_relief", "§四(二)", m["id"])
    if len(R) == n0:
        add("employment", "no_employment_support", "§四(二)")
    # §11
    sl = out["small_loan"]
    if sl["status"] == "not_in_force":
        code = "not_in_force"
    elif sl["eligible"]:
        code = "eligible"
    elif not (hh["poverty_alleviated"] or "at_risk" in out["low_income"]["groups"]):
        code = "not_in_group"
    elif not sl["borrowers"]:
        code = "no_borrower"
    elif hh.get("credit") is None:
        code = "credit_unknown"
    elif hh["credit"]["rating_ok"] is not True:
        code = "credit_rating_not_ok"
    else:
        code = "outstanding_at_limit"
    add("small_loan", code, "§六(二)")
    # §15, §16
    add("low_income", "in_population" if out["low_income"]["population"] else "not_in_population", "§五(一)")
    add("housing", out["housing"]["status"], "§三(三)")
    # §17
    n0 = len(R)
    for m, o in zip(members, mo):
        cs = o["child_support"]
        if cs:
            add("children", "covered_by_tekun" if m.get("tekun") is True else cs["basis"], "§五(三)", m["id"])
    if len(R) == n0:
        add("children", "no_child_support", "§五(三)")
    # §19
    n0 = len(R)
    for m, o in zip(members, mo):
        if o["care_visits"]:
            add("care", "care_visits", "§五(二)", m["id"])
    if len(R) == n0:
        add("care", "no_care_visits", "§五(二)")
    return R
