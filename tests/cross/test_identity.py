"""Every conformance vector gives byte-identical canonical JSON from the CLI, Python and Node.

The vector's `input` is passed to each front door as the exact JSON text of the file (never
re-encoded through a float), so the three see the same bytes.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections import defaultdict
from pathlib import Path

import pytest

import hengjie

ROOT = Path(__file__).resolve().parents[2]
VECTORS = sorted((ROOT / "tests" / "vectors").rglob("*.json"))
CLI = ROOT / "target" / "release" / "hengjie"


def member_text(path: Path, key: str) -> str | None:
    """The exact JSON text of a top-level member of a vector file (None when absent or null)."""
    text = path.read_text(encoding="utf-8")
    decoder = json.JSONDecoder()
    doc = json.loads(text)
    if doc.get(key) is None:
        return None
    # Walk the top-level object with raw_decode so that numbers keep their exact text.
    i = text.index("{") + 1
    while True:
        while text[i] in " \t\r\n,":
            i += 1
        name, i = decoder.raw_decode(text, i)
        while text[i] in " \t\r\n:":
            i += 1
        start = i
        _, i = decoder.raw_decode(text, i)
        if name == key:
            return text[start:i]


def cases() -> list[dict]:
    out = []
    for path in VECTORS:
        doc = json.loads(path.read_text(encoding="utf-8"))
        if doc.get("kind") == "reconcile":
            # Department comparison has no Node door; test_reconcile_identity.py compares the CLI
            # and Python documents of these vectors.
            continue
        out.append(
            {
                "name": str(path.relative_to(ROOT / "tests" / "vectors")),
                # One line for JSON Lines: raw newlines only occur between JSON tokens.
                "input": " ".join((member_text(path, "input") or "null").splitlines()),
                "kind": doc.get("kind", "household"),
                "as_of": doc["as_of"],
                "params": member_text(path, "params"),
            }
        )
    return out


def python_results(all_cases: list[dict]) -> list[dict]:
    results = []
    for case in all_cases:
        try:
            policy = hengjie.Policy.default()
            if case["params"] is not None:
                policy = policy.with_layer(case["params"])
            if case["kind"] == "village":
                result = hengjie.assess_village(case["input"], case["as_of"], policy=policy)
                results.append({"ok": json.dumps(result, ensure_ascii=False, separators=(",", ":"))})
            elif case["kind"] == "farmland":
                result = hengjie.check_farmland(case["input"])
                results.append({"ok": json.dumps(result, ensure_ascii=False, separators=(",", ":"))})
            else:
                results.append({"ok": hengjie.assess_json(case["input"], case["as_of"], policy=policy)})
        except hengjie.HengjieError as e:
            results.append({"errors": e.errors()})
    return results


def node_results(all_cases: list[dict]) -> list[dict]:
    payload = json.dumps(
        [{k: c[k] for k in ("kind", "input", "as_of", "params")} for c in all_cases],
        ensure_ascii=False,
    )
    done = subprocess.run(
        ["node", str(ROOT / "tests" / "cross" / "node_assess.cjs")],
        input=payload.encode(),
        capture_output=True,
        check=True,
    )
    return json.loads(done.stdout)


def cli_results(all_cases: list[dict]) -> list[dict]:
    """Runs the CLI once per (as_of, params) group on JSON Lines input."""
    results: list[dict | None] = [None] * len(all_cases)
    groups: dict[tuple[str, str, str | None], list[int]] = defaultdict(list)
    for i, case in enumerate(all_cases):
        groups[(case["kind"], case["as_of"], case["params"])].append(i)
    with tempfile.TemporaryDirectory() as tmp:
        for n, ((kind, as_of, params), indexes) in enumerate(groups.items()):
            command = {"household": "assess", "village": "village", "farmland": "farmland"}[kind]
            args = [str(CLI), command, "-"] + ([] if kind == "farmland" else ["--as-of", as_of])
            if params is not None:
                layer = Path(tmp) / f"layer{n}.json"
                layer.write_text(params, encoding="utf-8")
                args += ["--params", str(layer)]
            # Two or more lines make JSON Lines (canonical output); a lone record is doubled.
            lines = [all_cases[i]["input"] for i in indexes]
            if len(lines) == 1:
                lines = lines * 2
            done = subprocess.run(
                args, check=False, input=("\n".join(lines) + "\n").encode(), capture_output=True
            )
            if done.returncode == 2:
                errors = json.loads(done.stderr)["errors"]
                for i in indexes:
                    results[i] = {"errors": errors}
                continue
            assert done.returncode in (0, 1), done.stderr
            out_lines = done.stdout.decode().split("\n")
            for i, line in zip(indexes, out_lines):
                record = json.loads(line)
                # The error wrapper: {"household_id" | "village_id" | "project_id": …, "line": n,
                # "errors": [...]} (JSON Lines records carry their line).
                if isinstance(record, dict) and "errors" in record and len(record) <= 3:
                    results[i] = {"errors": record["errors"]}
                else:
                    results[i] = {"ok": line}
    return results  # type: ignore[return-value]


@pytest.fixture(scope="module")
def runs() -> dict[str, list[dict]]:
    all_cases = cases()
    return {
        "cases": all_cases,
        "python": python_results(all_cases),
        "node": node_results(all_cases),
        "cli": cli_results(all_cases),
    }


def codes(errors: list[dict]) -> list[tuple[str, str]]:
    return [(e["code"], e["path"]) for e in errors]


def test_there_are_vectors() -> None:
    assert len(VECTORS) >= 40


def test_every_front_door_gives_identical_json(runs: dict[str, list[dict]]) -> None:
    mismatches = []
    for case, py, node, cli in zip(runs["cases"], runs["python"], runs["node"], runs["cli"]):
        if "ok" in py or "ok" in node or "ok" in cli:
            if not (py.get("ok") is not None and py.get("ok") == node.get("ok") == cli.get("ok")):
                mismatches.append(case["name"])
        elif any(e["code"] == "invalid_parameter" for e in py["errors"]):
            # A layer read from a file names the file in its messages (the CLI's --params):
            # the codes and paths must agree.
            if not (codes(py["errors"]) == codes(node["errors"]) == codes(cli["errors"])):
                mismatches.append(case["name"])
        elif not (py["errors"] == node["errors"] == cli["errors"]):
            mismatches.append(case["name"])
    assert not mismatches, f"front doors disagree on {len(mismatches)} vectors: {mismatches}"
