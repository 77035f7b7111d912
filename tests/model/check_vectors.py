"""Run the reference model (refmodel.py) over every household vector of tests/vectors and print
where the model disagrees with `expected` (CONTRACT "Conformance vectors": subset match,
type-strict scalars, arrays of equal length). Reasons are not modelled: a `reasons` key in
`expected` is skipped (checked by hand). Exit status 1 when any vector disagrees.

    python3 tests/model/check_vectors.py [DIR_OR_FILE ...] [-v]
"""

import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import refmodel  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1] / "vectors"
NOT_MODELLED = {"reasons", "jurisdiction", "provenance", "margins"}  # checked by hand


def subset(exp, act, path, diffs):
    if isinstance(exp, dict) and isinstance(act, dict):
        for k, v in exp.items():
            if path == "" and k in NOT_MODELLED:
                continue
            if k not in act:
                if k in ("source", "layer"):  # parameter rows: the model gives name/value/from/provenance
                    continue
                diffs.append(f"{path}/{k}: missing in model output")
            else:
                subset(v, act[k], f"{path}/{k}", diffs)
    elif isinstance(exp, list) and isinstance(act, list):
        if len(exp) != len(act):
            diffs.append(f"{path}: expected {len(exp)} elements, model {len(act)}: {json.dumps(act, ensure_ascii=False)}")
        else:
            for i, (e, a) in enumerate(zip(exp, act)):
                subset(e, a, f"{path}/{i}", diffs)
    elif isinstance(exp, dict) and isinstance(act, list) or isinstance(exp, list) and isinstance(act, dict):
        diffs.append(f"{path}: shape differs")
    else:
        # parameter rows: the model does not produce `source`/`layer`; skip those keys.
        if type(exp) is not type(act) or exp != act:
            if path.endswith("/source") or path.endswith("/layer"):
                return
            diffs.append(f"{path}: expected {json.dumps(exp, ensure_ascii=False)}, model {json.dumps(act, ensure_ascii=False)}")


def check(path):
    v = json.loads(path.read_text(encoding="utf-8"))
    if v.get("kind", "household") != "household":
        return None
    errs = v.get("expected_errors")
    try:
        out = refmodel.assess(v["input"], v["as_of"], v.get("params"))
    except refmodel.ParameterUndefined as e:
        if errs and all(x["code"] == "parameter_undefined" for x in errs):
            return []
        return [f"model: parameter_undefined {e}"]
    except Exception as e:  # input the model does not validate (error vectors)
        if errs:
            return None
        return [f"model raised {type(e).__name__}: {e}"]
    if errs:
        return None  # validation errors: not modelled
    diffs = []
    # parameter rows may carry source/layer the model does not produce
    exp = v.get("expected")
    if exp is None:
        return None
    subset(exp, out, "", diffs)
    return diffs


def main(argv):
    verbose = "-v" in argv
    targets = [pathlib.Path(a) for a in argv if a != "-v"] or [ROOT]
    files = []
    for t in targets:
        files += sorted(t.rglob("*.json")) if t.is_dir() else [t]
    checked = bad = 0
    for f in files:
        d = check(f)
        if d is None:
            continue
        checked += 1
        if d:
            bad += 1
            print(f"MISMATCH {f.relative_to(ROOT) if ROOT in f.parents else f}")
            for line in d[:8 if not verbose else None]:
                print("   ", line[:400])
    print(f"{checked} household vectors checked, {bad} disagree with the model")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
