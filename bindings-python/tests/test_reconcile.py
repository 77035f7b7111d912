"""hengjie.reconcile: the reconcile vectors of tests/vectors/reconcile through Python, DataFrame
and Arrow rosters, the tables out, and the same document as the CLI for the sample rosters."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest
from test_vectors import subset

import hengjie
from conftest import ROOT, VECTOR_DIR

KIND_COLUMNS = {
    "dibao": ["monthly_benefit", "since"],
    "medical_cost": ["out_of_pocket"],
    "school": ["status"],
    "disability": ["grade", "category"],
    "deceased": ["date"],
    "exclusion": ["reason"],
}
VECTORS = sorted((VECTOR_DIR / "reconcile").glob("*.json"))


def encode(text: str, encoding: str) -> bytes:
    return {
        "utf-8": lambda: text.encode("utf-8"),
        "utf-8-bom": lambda: b"\xef\xbb\xbf" + text.encode("utf-8"),
        "utf-16le": lambda: b"\xff\xfe" + text.encode("utf-16-le"),
        "utf-16be": lambda: b"\xfe\xff" + text.encode("utf-16-be"),
        "gb18030": lambda: text.encode("gb18030"),
    }[encoding]()


def rosters_of(vector: dict[str, Any], tmp: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind, roster in vector["rosters"].items():
        if isinstance(roster, list):
            header = ["id_number", *KIND_COLUMNS.get(kind, [])]
            for row in roster:
                header += [k for k in row if k not in header]
            out[kind] = pd.DataFrame(
                [[row.get(h) for h in header] for row in roster], columns=header, dtype=object
            )
        else:
            paths = []
            for f in roster["files"]:
                path = tmp / f["name"]
                path.write_bytes(encode(f["text"], f.get("encoding", "utf-8")))
                paths.append(path)
            out[kind] = paths
    return out


def numeric_cells(vector: dict[str, Any]) -> bool:
    """Number cells exist in spreadsheets and JSON, not in a DataFrame of text."""
    return any(
        isinstance(v, (int, float))
        for r in vector["rosters"].values()
        if isinstance(r, list)
        for row in r
        for v in row.values()
    )


@pytest.mark.parametrize("path", VECTORS, ids=[p.stem for p in VECTORS])
def test_reconcile_vector(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    vector = json.loads(path.read_text(encoding="utf-8"))
    if numeric_cells(vector):
        pytest.skip("number cells: covered by the Rust runner")
    monkeypatch.chdir(tmp_path)
    policy = hengjie.Policy.default()
    if vector.get("params"):
        policy = policy.with_layer(json.dumps(vector["params"]))
    rosters = rosters_of(vector, tmp_path)
    # Files are named as given, relative to the working directory.
    rosters = {k: [p.name for p in v] if isinstance(v, list) else v for k, v in rosters.items()}

    def call() -> hengjie.Reconciliation:
        return hengjie.reconcile(
            vector["households"], rosters, vector["as_of"], policy=policy, columns=vector.get("columns")
        )

    if "expected_error" in vector:
        with pytest.raises(
            ValueError, match=vector["expected_error"].replace("`", ".").replace("(", ".").replace(")", ".")
        ):
            call()
        return
    diffs: list[str] = []
    subset(vector["expected"], call().document, "", diffs)
    assert not diffs, "\n".join(diffs)


def test_tables_out(tmp_path: Path) -> None:
    households = [
        {
            "id": "HH-1",
            "poverty_alleviated": False,
            "income": {"wages": "20000"},
            "members": [
                {
                    "id": "P1",
                    "birth_date": "1980-05-01",
                    "labor_capacity": "full",
                    "medical_insured": True,
                    "id_number": "450205198005010017",
                }
            ],
        },
    ]
    roster = pa.table({"身份证号码": ["450205198005010017", "450205198005010092"]})
    r = hengjie.reconcile(households, {"tekun": roster}, "2021-06-30")
    signals = r.signals
    assert list(signals["code"]) == ["tekun_not_declared", "roster_unmatched"]
    assert isinstance(signals["row"].dtype, pd.ArrowDtype)
    # tekun := true: the tekun pension basis (not insured: a gap), low-income group tekun
    # (docs/rules/low_income.md), the full medical contribution.
    assert list(r.changes["decision"]) == [
        "coverage_gaps",
        "low_income.groups",
        "medical_subsidy.subsidy",
    ]
    assert r.summary["by_severity"] == {"red": 0, "orange": 2, "yellow": 0}
    html = r._repr_html_()
    assert "<h4>orange (2)</h4>" in html and "450205198005010092" not in html
    out = tmp_path / "w.xlsx"
    r.to_excel(out)
    assert out.read_bytes()[:2] == b"PK"
    with pytest.raises(ValueError, match="unknown roster kind"):
        hengjie.reconcile(households, {"tekuns": roster}, "2021-06-30")


def test_household_texts_are_read_as_assess_reads_them() -> None:
    texts = [
        '{"id":"HH-1","poverty_alleviated":false,"poverty_alleviated":true,"members":[]}',
        '{"id":"HH-2",',
    ]
    doc = hengjie.reconcile(texts, {}, "2021-06-30").document
    first, second = doc["households"]
    assert first["household_id"] == "HH-1"
    assert {"code": "duplicate_key", "path": "/poverty_alleviated"} in [
        {"code": e["code"], "path": e["path"]} for e in first["errors"]
    ]
    assert second["household_id"] is None
    assert [e["code"] for e in second["errors"]] == ["malformed_json"]
    assert (doc["summary"]["households"], doc["summary"]["failed"]) == (2, 2)


def test_the_cli_gives_the_same_document() -> None:
    cli = ROOT / "target" / "release" / "hengjie"
    if not cli.exists():
        pytest.skip("the release CLI is not built")
    rosters = ROOT / "examples" / "rosters"
    kinds = {
        "dibao": "dibao.csv",
        "tekun": "tekun.csv",
        "medical_insured": "medical_insured.csv",
        "medical_cost": "medical_cost.csv",
        "school": "school.xlsx",
        "disability": "disability.tsv",
        "deceased": "deceased.csv",
        "pension_insured": "pension_insured.csv",
        "exclusion": "exclusion.csv",
    }
    args = [str(cli), "reconcile", "examples/households.jsonl", "--as-of", "2023-06-30"]
    for kind, name in kinds.items():
        args += ["--roster", f"{kind}=examples/rosters/{name}"]
    from_cli = json.loads(subprocess.run(args, cwd=ROOT, capture_output=True, check=True).stdout)
    households = (ROOT / "examples" / "households.jsonl").read_text(encoding="utf-8").splitlines()
    cwd = os.getcwd()
    try:
        os.chdir(ROOT)
        from_python = hengjie.reconcile(
            households, {k: f"examples/rosters/{n}" for k, n in kinds.items()}, "2023-06-30"
        ).document
    finally:
        os.chdir(cwd)
    assert from_python == from_cli
    assert rosters.exists()
