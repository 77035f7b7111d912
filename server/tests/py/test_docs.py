"""The client examples of docs/service.md, run as written against a live service: curl, Python
httpx, and Java compiled with `javac --release 11`."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
DOC = (ROOT / "docs" / "service.md").read_text(encoding="utf-8")
CLI = ROOT / "target" / "release" / "hengjie"


def block(language: str, after: str) -> str:
    """The first fenced block of `language` after the heading `after`."""
    start = DOC.index(after)
    found = re.search(rf"```{language}\n(.*?)```", DOC[start:], re.S)
    assert found, f"no {language} block after {after}"
    return found.group(1)


def live(code: str, base_url: str) -> str:
    assert "http://127.0.0.1:8080" in code
    return code.replace("http://127.0.0.1:8080", base_url)


def cli_digest() -> str:
    """The policy digest `hengjie params --digest` prints (the provenance stamp's)."""
    done = subprocess.run([str(CLI), "params", "--digest"], capture_output=True, check=True, timeout=60)
    return done.stdout.decode().strip()


def test_curl(base_url: str) -> None:
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", live(block("sh", "### curl"), base_url)],
        capture_output=True,
        check=True,
        timeout=60,
    )
    lines = done.stdout.decode().splitlines()
    assert len(lines) == 3
    single = json.loads(lines[0])
    assert single["dibao"]["monthly_benefit"] == "83.33"  # (500 × 12 − 5000) / 12
    assert single["reasons"] == []  # explain=none
    assert single["provenance"]["policy"]["digest"] == cli_digest()
    assert json.loads(lines[1])["household_id"] == "HH-1"
    second = json.loads(lines[2])
    assert second["household_id"] == "HH-2"
    assert {(e["code"], e["path"]) for e in second["errors"]} >= {("missing_field", "/members")}


def test_python_httpx(base_url: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", live(block("python", "### Python (httpx)"), base_url)],
        capture_output=True,
        check=True,
        timeout=60,
    )
    out = done.stdout.decode().splitlines()
    assert out[0] == cli_digest()  # Hengjie-Policy: the stamp's digest, as the CLI prints it
    assert out[1] == "dibao 83.33"
    assert out[2].startswith("422 [('missing_field', '/members')")


@pytest.mark.skipif(shutil.which("javac") is None, reason="no JDK on this machine")
def test_java(base_url: str, tmp_path: Path) -> None:
    source = tmp_path / "Assess.java"
    source.write_text(live(block("java", "### Java"), base_url), encoding="utf-8")
    subprocess.run(["javac", "--release", "11", "-d", str(tmp_path), str(source)], check=True, timeout=120)
    done = subprocess.run(
        ["java", "-cp", str(tmp_path), "Assess"], capture_output=True, check=True, timeout=60
    )
    status_line, body = done.stdout.decode().splitlines()[:2]
    assert status_line == f"200 {cli_digest()}"
    assert json.loads(body)["dibao"]["monthly_benefit"] == "83.33"
