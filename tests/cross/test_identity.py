"""Every conformance vector gives byte-identical canonical JSON from the CLI, Python, Node and Java,
and from the HTTP service (`hengjie serve`, POST /v1/assess, /v1/village, /v1/farmland).

The vector's `input` is passed to each front door as the exact JSON text of the file (never
re-encoded through a float), so the three see the same bytes.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

import pytest
import vector_text

import hengjie

ROOT = Path(__file__).resolve().parents[2]
VECTORS = sorted((ROOT / "tests" / "vectors").rglob("*.json"))
CLI = ROOT / "target" / "release" / "hengjie"
# The Java door: target/hengjie.jar and the test classes (org.hengjie.CrossDoor), from make jvm-cross.
JAVA_CLASSPATH = os.pathsep.join(
    str(p) for p in (ROOT / "target" / "hengjie.jar", ROOT / "target" / "jvm" / "test-classes")
)


def member_text(path: Path, key: str) -> str | None:
    """The exact JSON text of a top-level member of a vector file (None when absent or null)."""
    text = path.read_text(encoding="utf-8")
    if json.loads(text).get(key) is None:
        return None
    return vector_text.member_text(text, key)


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


def java_results(all_cases: list[dict]) -> list[dict]:
    """Runs bindings-jvm's CrossDoor once for every case (as node_assess.cjs does for Node)."""
    payload = json.dumps(
        [{k: c[k] for k in ("kind", "input", "as_of", "params")} for c in all_cases],
        ensure_ascii=False,
    )
    done = subprocess.run(
        ["java", "-cp", JAVA_CLASSPATH, "org.hengjie.CrossDoor"],
        input=payload.encode(),
        capture_output=True,
        check=True,
    )
    return json.loads(done.stdout)


def household_groups(all_cases: list[dict]) -> dict[tuple[str, str | None], list[int]]:
    """The household cases by (as_of, params), as the CLI is run on them."""
    groups: dict[tuple[str, str | None], list[int]] = defaultdict(list)
    for i, case in enumerate(all_cases):
        if case["kind"] == "household":
            groups[(case["as_of"], case["params"])].append(i)
    return groups


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
            # One line a case, then the doubled lone record's twin and the final newline's "".
            out_lines = done.stdout.decode().split("\n")
            for i, line in zip(indexes, out_lines, strict=False):
                record = json.loads(line)
                # The error wrapper: {"household_id" | "village_id" | "project_id": …, "line": n,
                # "errors": [...]} (JSON Lines records carry their line).
                if isinstance(record, dict) and "errors" in record and len(record) <= 3:
                    results[i] = {"errors": record["errors"]}
                else:
                    results[i] = {"ok": line}
    return results  # type: ignore[return-value]


def start_server(args: list[str]) -> tuple[subprocess.Popen[bytes], str | None, bytes]:
    """`hengjie serve` on 127.0.0.1, a free port: the process and its base URL (None and the
    error output when it stopped before listening, as with a broken parameter layer)."""
    proc = subprocess.Popen(
        [str(CLI), "serve", "--addr", "127.0.0.1:0", *args],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        env={"RUST_LOG": "warn", "PATH": "/usr/bin:/bin"},
    )
    assert proc.stderr is not None
    seen = b""
    for _ in range(50):  # bounded: the address is the first line it prints
        line = proc.stderr.readline()
        seen += line
        if not line:
            break
        found = re.search(rb"listening on (http://127\.0\.0\.1:\d+)", line)
        if found:
            return proc, found.group(1).decode(), seen
    proc.wait(timeout=10)
    return proc, None, seen


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=20) == 0


def post(url: str, body: str) -> tuple[int, bytes, str | None]:
    """The status, the body and the `Hengjie-Policy` header."""
    request = urllib.request.Request(
        url, data=body.encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.read(), answer.headers.get("Hengjie-Policy")
    except urllib.error.HTTPError as e:
        return e.code, e.read(), e.headers.get("Hengjie-Policy")


def server_results(all_cases: list[dict]) -> list[dict]:
    """One service per parameter layer (the service's `--params`), every vector posted alone."""
    results: list[dict | None] = [None] * len(all_cases)
    groups: dict[str | None, list[int]] = defaultdict(list)
    for i, case in enumerate(all_cases):
        groups[case["params"]].append(i)
    with tempfile.TemporaryDirectory() as tmp:
        for n, (params, indexes) in enumerate(groups.items()):
            args = []
            if params is not None:
                layer = Path(tmp) / f"layer{n}.json"
                layer.write_text(params, encoding="utf-8")
                args = ["--params", str(layer)]
            proc, base, seen = start_server(args)
            if base is None:
                # The layer is refused at start-up, as the CLI refuses it: `{"errors": [...]}`.
                errors = json.loads(seen.decode().strip().splitlines()[-1])["errors"]
                for i in indexes:
                    results[i] = {"errors": errors}
                continue
            try:
                for i in indexes:
                    case = all_cases[i]
                    as_of = urllib.parse.quote(case["as_of"])
                    path = {
                        "household": f"/v1/assess?as_of={as_of}",
                        "village": f"/v1/village?as_of={as_of}",
                        "farmland": "/v1/farmland",
                    }[case["kind"]]
                    status, body, policy = post(base + path, case["input"])
                    text = body.decode()
                    if status == 200:
                        results[i] = {"ok": text, "policy": policy}
                    else:
                        results[i] = {"errors": json.loads(text)["errors"], "policy": policy}
            finally:
                stop_server(proc)
    return results  # type: ignore[return-value]


@pytest.fixture(scope="module")
def runs() -> dict[str, list[dict]]:
    all_cases = cases()
    return {
        "cases": all_cases,
        "python": python_results(all_cases),
        "node": node_results(all_cases),
        "cli": cli_results(all_cases),
        "java": java_results(all_cases),
        "server": server_results(all_cases),
    }


def codes(errors: list[dict]) -> list[tuple[str, str]]:
    return [(e["code"], e["path"]) for e in errors]


def test_there_are_vectors() -> None:
    assert len(VECTORS) >= 40


def test_every_front_door_gives_identical_json(runs: dict[str, list[dict]]) -> None:
    mismatches = []
    doors = zip(runs["cases"], runs["python"], runs["node"], runs["cli"], runs["java"], strict=True)
    for case, py, node, cli, java in doors:
        if "ok" in py or "ok" in node or "ok" in cli or "ok" in java:
            if not (
                py.get("ok") is not None and py.get("ok") == node.get("ok") == cli.get("ok") == java.get("ok")
            ):
                mismatches.append(case["name"])
        elif any(e["code"] == "invalid_parameter" for e in py["errors"]):
            # A layer read from a file names the file in its messages (the CLI's --params):
            # the codes and paths must agree.
            if not (
                codes(py["errors"]) == codes(node["errors"]) == codes(cli["errors"]) == codes(java["errors"])
            ):
                mismatches.append(case["name"])
        elif not (py["errors"] == node["errors"] == cli["errors"] == java["errors"]):
            mismatches.append(case["name"])
    assert not mismatches, f"front doors disagree on {len(mismatches)} vectors: {mismatches}"


def test_java_json_lines_are_the_bytes_of_the_cli(runs: dict[str, list[dict]]) -> None:
    """Java's assessJsonLines on the household vectors of each (as_of, params) group, a blank line
    and a line that is not JSON added, gives the bytes `hengjie assess` writes for the same text."""
    all_cases = runs["cases"]
    texts, runs_cli = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for n, ((as_of, params), indexes) in enumerate(household_groups(all_cases).items()):
            lines = [all_cases[i]["input"] for i in indexes] + ["", "  ", "not json"]
            text = "\n".join(lines) + "\n"
            args = [str(CLI), "assess", "-", "--as-of", as_of]
            if params is not None:
                layer = Path(tmp) / f"layer{n}.json"
                layer.write_text(params, encoding="utf-8")
                args += ["--params", str(layer)]
            done = subprocess.run(args, check=False, input=text.encode(), capture_output=True)
            texts.append({"kind": "lines", "input": text, "as_of": as_of, "params": params})
            runs_cli.append(done)
    java = java_results(texts)
    assert len(java) == len(runs_cli) > 10
    for case, done, out in zip(texts, runs_cli, java, strict=True):
        if done.returncode == 2:
            assert codes(out["errors"]) == codes(json.loads(done.stderr)["errors"]), case["as_of"]
        else:
            assert out.get("ok") == done.stdout.decode(), (case["as_of"], case["params"])


def test_the_http_service_gives_the_clis_bytes(runs: dict[str, list[dict]]) -> None:
    mismatches = []
    for case, cli, server in zip(runs["cases"], runs["cli"], runs["server"], strict=True):
        if "ok" in cli or "ok" in server:
            if cli.get("ok") != server.get("ok"):
                mismatches.append(case["name"])
        elif any(e["code"] == "invalid_parameter" for e in cli["errors"]):
            if codes(cli["errors"]) != codes(server["errors"]):
                mismatches.append(case["name"])
        elif cli["errors"] != server["errors"]:
            mismatches.append(case["name"])
    assert not mismatches, f"the service and the CLI disagree on {len(mismatches)} vectors: {mismatches}"


def cli_digest(params: str | None) -> str:
    """`hengjie params --digest [--params LAYER]`: the policy digest the CLI prints."""
    with tempfile.TemporaryDirectory() as tmp:
        args = [str(CLI), "params", "--digest"]
        if params is not None:
            layer = Path(tmp) / "layer.json"
            layer.write_text(params, encoding="utf-8")
            args += ["--params", str(layer)]
        return subprocess.run(args, capture_output=True, check=True).stdout.decode().strip()


def test_the_services_policy_header_is_the_stamps_digest(runs: dict[str, list[dict]]) -> None:
    """`Hengjie-Policy` of each service (one per parameter layer) is the digest that the CLI's
    `params --digest` prints for the same layer and that every assessment's stamp carries — from
    the CLI, Python and Node alike (their bytes are compared above)."""
    checked: dict[str | None, str] = {}
    stamped = 0
    for case, py, server in zip(runs["cases"], runs["python"], runs["server"], strict=True):
        header = server.get("policy")
        if header is None:
            continue  # a layer refused at start-up: no service
        params = case["params"]
        if params not in checked:
            checked[params] = cli_digest(params)
        assert header == checked[params], case["name"]
        if case["kind"] == "household" and "ok" in py:
            assert json.loads(py["ok"])["provenance"]["policy"]["digest"] == header, case["name"]
            stamped += 1
    assert len(checked) >= 2, "the default policy and at least one layer"
    assert stamped >= 100
