"""Random batches through `hengjie assess --summary`: the §15 `low_income` and §21 `income_growth`
indicator keys (the summary's last two) against refmodel.indicators_tail. Reports only.

    python3 tests/model/indicators_check.py target/debug/hengjie
"""
import sys, json, random, subprocess, tempfile
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))
import refmodel, differential
bad = 0
for seed in range(40):
    rng = random.Random(seed)
    as_of = rng.choice(differential.DATES)
    hs = [differential.household(rng, i, as_of) for i in range(rng.randint(2, 30))]
    if seed % 3 == 0:  # alleviated with previous income, to exercise §21
        for h in hs:
            h["poverty_alleviated"] = True
            h["previous_year_income"] = str(rng.randint(1, 40000))
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        f.write("\n".join(json.dumps(h) for h in hs) + "\n")
    res = subprocess.run([sys.argv[1], "assess", f.name, "--as-of", as_of, "--summary"], capture_output=True, text=True)
    summary = json.loads(res.stdout.splitlines()[-1])
    mod = refmodel.indicators_tail(hs, as_of)
    eng = {k: summary.get(k) for k in ("low_income", "income_growth")}
    if list(summary)[-2:] != ["low_income", "income_growth"]:
        print("key order", list(summary)[-3:]); bad += 1
    if eng != mod:
        bad += 1; print(as_of, json.dumps(eng), "\n   model", json.dumps(mod))
print("batches", 40, "differ", bad)
sys.exit(1 if bad else 0)
