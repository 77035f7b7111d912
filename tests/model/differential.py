"""Random differential check: the reference model against the `hengjie` CLI on generated households.

This never writes an expectation: it only reports households where the engine and the model
disagree, to be judged against RULES.md by hand (then a vector, or a dispute, is written by hand).

    python3 tests/model/differential.py PATH/TO/hengjie [COUNT] [SEED]
"""

import datetime as dt
import json
import random
import subprocess
import sys
import tempfile
import pathlib

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import refmodel  # noqa: E402
import reasons_skeleton  # noqa: E402

DATES = ["2021-02-01", "2021-03-04", "2021-06-30", "2021-07-01", "2022-06-30", "2022-11-30", "2022-12-01",
         "2023-06-30", "2024-02-29", "2024-12-31", "2025-01-01", "2025-12-31", "2026-01-01"]
KEYS = ["transition", "monitoring", "assistance_approach", "dibao", "temporary_assistance", "small_loan",
        "low_income", "housing", "members", "coverage_gaps", "warnings"]


def money(rng, hi, neg=False):
    v = rng.choice([0, rng.randint(0, hi), rng.randint(0, hi * 100) / 100])
    if neg and rng.random() < 0.2:
        v = -v
    return f"{v:.2f}" if isinstance(v, float) else str(v)


def day(rng, lo, hi):
    return lo + dt.timedelta(days=rng.randint(0, max((hi - lo).days, 0)))


def household(rng, i, as_of):
    a = dt.date.fromisoformat(as_of)
    members = []
    for j in range(rng.randint(1, 4)):
        birth = day(rng, a - dt.timedelta(days=365 * 80), a)
        if rng.random() < 0.15:  # a birthday on the as-of date
            y = rng.randint(a.year - 70, a.year - 1)
            try:
                birth = a.replace(year=y)
            except ValueError:
                birth = dt.date(y, 2, 28)
        m = {"id": f"P{j + 1}", "birth_date": birth.isoformat(),
             "labor_capacity": rng.choice(["full", "partial", "none"]), "medical_insured": rng.random() < 0.85}
        if rng.random() < 0.25:
            m["disability"] = {"grade": rng.randint(1, 4), "category": rng.choice(
                ["visual", "hearing", "speech", "physical", "intellectual", "mental", "multiple"])}
        if rng.random() < 0.4:
            m["schooling"] = {"status": rng.choice(["enrolled", "not_enrolled", "exempt_health", "completed"]),
                              "stage": rng.choice(["preschool", "primary", "junior_secondary", "senior_secondary",
                                                   "secondary_vocational", "higher_vocational", "undergraduate"])}
        for k, p in (("pension_insured", 0.6), ("tekun", 0.1)):
            if rng.random() < 0.7:
                m[k] = rng.random() < p
        if rng.random() < 0.4:
            m["legal_supporter_able"] = rng.random() < 0.5
        if rng.random() < 0.3:
            m["own_income"] = money(rng, 8000)
        if rng.random() < 0.5:
            m["employment"] = {"wants_work": rng.random() < 0.5, "wants_training": rng.random() < 0.5,
                               "employed": rng.random() < 0.3}
        if rng.random() < 0.3:
            m["guardianship"] = rng.choice(["parents", "orphan", "unattended"])
        if rng.random() < 0.4:
            m["self_care_able"] = rng.random() < 0.5
        members.append(m)
    n = len(members)
    h = {"id": f"H{i}", "poverty_alleviated": rng.random() < 0.5, "members": members,
         "income": {"wages": money(rng, 9000 * n), "business": money(rng, 3000, True),
                    "property": money(rng, 500), "transfers": money(rng, 4000 * n)}}
    if rng.random() < 0.5:
        h["previous_year_income"] = money(rng, 20000 * n)
    if rng.random() < 0.4:
        h["rigid_expenditure"] = {k: money(rng, 6000) for k in rng.sample(["medical", "education", "disaster", "accident"], rng.randint(1, 3))}
    if rng.random() < 0.7:
        h["housing_grade"] = rng.choice("ABCD")
    for k in ("drinking_water_safe", "food_clothing_secure", "assets_within_limit"):
        if rng.random() < 0.3:
            h[k] = rng.random() < 0.6
    if rng.random() < 0.35:
        d = {"since": day(rng, a - dt.timedelta(days=800), a).isoformat()}
        if rng.random() < 0.6:
            d["current_monthly_benefit"] = money(rng, 600)
        if rng.random() < 0.6:
            d["income_exceeded_on"] = day(rng, a - dt.timedelta(days=300), a).isoformat()
        h["dibao"] = d
    if rng.random() < 0.3:
        h["monitoring"] = {"category": rng.choice(["unstable_alleviated", "marginal", "sudden_hardship"]),
                           "since": day(rng, a - dt.timedelta(days=500), a).isoformat(),
                           "stable_income_months": rng.randint(0, 12), "measures": rng.randint(0, 3)}
    if rng.random() < 0.5:
        h["credit"] = {"rating_ok": rng.random() < 0.7, "outstanding": money(rng, 60000)}
    if rng.random() < 0.2:
        h["hospitalizations"] = [{"person_id": rng.choice(members)["id"], "expense": money(rng, 150000),
                                  "level": rng.choice(["township", "county", "municipal"])} for _ in range(rng.randint(1, 3))]
    return h


def main():
    exe = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    bad = 0
    for as_of in DATES:
        hs = [household(rng, i, as_of) for i in range(count)]
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
            f.write("\n".join(json.dumps(h) for h in hs) + "\n")
        res = subprocess.run([exe, "assess", f.name, "--as-of", as_of], capture_output=True, text=True)
        lines = [json.loads(x) for x in res.stdout.splitlines() if x.strip()]
        for h, eng in zip(hs, lines):
            if "errors" in eng:
                print("ENGINE ERROR", as_of, json.dumps(eng)[:300])
                bad += 1
                continue
            mod = refmodel.assess(h, as_of)
            eng["parameters"] = [{k: r[k] for k in ("name", "value", "from", "provenance")} for r in eng["parameters"]]
            diffs = [k for k in KEYS + ["parameters"] if eng.get(k) != mod.get(k)]
            eng_r = [(r["rule"], r["code"], r["clause"], r["person_id"]) for r in eng["reasons"]]
            mod_r = reasons_skeleton.skeleton(h, as_of, mod)
            if eng_r != mod_r:
                diffs.append("reasons")
                i = next(i for i, (x, y) in enumerate(zip(eng_r + [None], mod_r + [None])) if x != y)
                eng["reasons"], mod["reasons"] = eng_r[i:i + 3], mod_r[i:i + 3]
            if diffs:
                bad += 1
                if bad <= 15:
                    print("DIFF", as_of, diffs, json.dumps(h, ensure_ascii=False))
                    for k in diffs:
                        print("  engine", k, json.dumps(eng.get(k), ensure_ascii=False)[:600])
                        print("  model ", k, json.dumps(mod.get(k), ensure_ascii=False)[:600])
    print(f"{count * len(DATES)} households, {bad} differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
