"""Department comparison: for every reconcile vector (rosters written as files), the CLI and
Python give the same document, or both stop on the same roster error."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

import hengjie

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / "target" / "release" / "hengjie"
VECTORS = sorted((ROOT / "tests" / "vectors" / "reconcile").glob("*.json"))
ENCODINGS = {"utf-8": "utf-8", "utf-8-bom": "utf-8-sig", "gb18030": "gb18030"}


def write_rosters(vector: dict[str, Any], tmp: Path) -> list[tuple[str, str]]:
    given = []
    for kind, roster in vector["rosters"].items():
        if isinstance(roster, list):
            header = ["id_number"]
            for row in roster:
                header += [k for k in row if k not in header]
            name = f"{kind}.csv"
            with open(tmp / name, "w", encoding="utf-8", newline="") as f:
                w = csv.writer(f)
                w.writerow(header)
                w.writerows(
                    [["" if row.get(h) is None else str(row.get(h)) for h in header] for row in roster]
                )
            given.append((kind, name))
        else:
            for f in roster["files"]:
                enc = f.get("encoding", "utf-8")
                if enc in ENCODINGS:
                    (tmp / f["name"]).write_bytes(f["text"].encode(ENCODINGS[enc]))
                else:
                    codec = "utf-16-le" if enc == "utf-16le" else "utf-16-be"
                    bom = b"\xff\xfe" if enc == "utf-16le" else b"\xfe\xff"
                    (tmp / f["name"]).write_bytes(bom + f["text"].encode(codec))
                given.append((kind, f["name"]))
    return given


@pytest.mark.skipif(not CLI.exists(), reason="the release CLI is not built")
@pytest.mark.parametrize("path", VECTORS, ids=[p.stem for p in VECTORS])
def test_cli_and_python_agree(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    vector = json.loads(path.read_text(encoding="utf-8"))
    if not vector["rosters"]:
        pytest.skip("the command line needs at least one --roster")
    monkeypatch.chdir(tmp_path)
    given = write_rosters(vector, tmp_path)
    (tmp_path / "households.json").write_text(
        json.dumps(vector["households"], ensure_ascii=False), encoding="utf-8"
    )
    args = [str(CLI), "reconcile", "households.json", "--as-of", vector["as_of"]]
    for kind, name in given:
        args += ["--roster", f"{kind}={name}"]
    policy = hengjie.Policy.default()
    if vector.get("params"):
        (tmp_path / "layer.json").write_text(json.dumps(vector["params"]), encoding="utf-8")
        args += ["--params", "layer.json"]
        policy = policy.with_layer(json.dumps(vector["params"]))
    if vector.get("columns"):
        (tmp_path / "columns.toml").write_text(vector["columns"], encoding="utf-8")
        args += ["--columns", "columns.toml"]
    out = subprocess.run(args, capture_output=True)
    rosters: dict[str, list[str]] = {}
    for kind, name in given:
        rosters.setdefault(kind, []).append(name)
    if out.returncode == 2:
        with pytest.raises(ValueError):
            hengjie.reconcile(
                vector["households"], rosters, vector["as_of"], policy=policy, columns=vector.get("columns")
            )
        return
    from_cli = json.loads(out.stdout)
    from_python = hengjie.reconcile(
        vector["households"], rosters, vector["as_of"], policy=policy, columns=vector.get("columns")
    ).document
    assert from_python == from_cli
