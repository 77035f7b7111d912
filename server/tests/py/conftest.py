"""A `hengjie serve` (the release binary) on 127.0.0.1, a free port, for the Python tests."""

from __future__ import annotations

import os
import re
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CLI = ROOT / "target" / "release" / "hengjie"


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    proc = subprocess.Popen(
        [str(CLI), "serve", "--addr", "127.0.0.1:0"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "RUST_LOG": "warn"},
    )
    assert proc.stderr is not None
    base = None
    for _ in range(50):  # bounded: the address is the first line printed
        line = proc.stderr.readline()
        found = re.search(rb"listening on (http://127\.0\.0\.1:\d+)", line)
        if found:
            base = found.group(1).decode()
            break
        if not line:
            break
    assert base, "hengjie serve did not start"
    yield base
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=20) == 0
