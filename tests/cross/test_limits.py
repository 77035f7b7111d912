"""The CLI on bad and big input: documented exit codes, nothing lost, memory independent of length."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / "target" / "release" / "hengjie"
SAMPLE = json.dumps(
    {
        "id": "HH-1",
        "poverty_alleviated": False,
        "members": [
            {"id": "P1", "birth_date": "1980-05-01", "labor_capacity": "full", "medical_insured": True}
        ],
        "income": {"wages": "5000"},
    }
)


def mutate(rng: random.Random) -> str:
    chars = list(SAMPLE)
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(chars) + 1)
        c = chr(rng.choice([rng.randrange(0x20, 0x7F), rng.randrange(0x80, 0x2FFF)]))
        op = rng.random()
        if op < 0.33 and i < len(chars):
            del chars[i]
        elif op < 0.66:
            chars.insert(i, c)
        elif i < len(chars):
            chars[i] = c
    return "".join(chars)


def test_ten_thousand_mutated_records_are_each_answered() -> None:
    rng = random.Random(20211231)
    lines = [SAMPLE] + [mutate(rng) for _ in range(10_000)]
    lines = [line for line in lines if line.strip()]
    done = subprocess.run(
        [str(CLI), "assess", "-", "--as-of", "2023-06-30"],
        input=("\n".join(lines) + "\n").encode(),
        capture_output=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    out = done.stdout.decode().split("\n")[:-1]  # only "\n" ends a record (not U+2028 and kin)
    assert len(out) == len(lines), "a record was lost"
    failed = 0
    for line in out:
        record = json.loads(line)
        if "errors" in record and len(record) <= 3:  # {household_id, line, errors}
            failed += 1
            assert all(e["code"] and "path" in e for e in record["errors"])
        else:
            assert record["household_id"]
    assert failed > 1_000
    assert done.returncode == 1


def peak_rss_kib(lines: int, tmp: Path) -> int:
    """Runs the CLI on `lines` records from a file and returns its peak RSS in KiB."""
    path = tmp / f"h{lines}.jsonl"
    with path.open("w") as f:
        for i in range(lines):
            f.write(SAMPLE.replace("HH-1", f"HH-{i}") + "\n")
    probe = (
        "import resource, subprocess, sys\n"
        f"subprocess.run([{str(CLI)!r}, 'assess', {str(path)!r}, '--as-of', '2023-06-30'],"
        " stdout=subprocess.DEVNULL, check=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, check=True)
    return int(done.stdout)


def test_memory_does_not_grow_with_the_number_of_lines(tmp_path: Path) -> None:
    small = peak_rss_kib(2_000, tmp_path)
    large = peak_rss_kib(40_000, tmp_path)
    # Twenty times the records, at most a few MiB more (allocator noise), never proportional.
    assert large < small + 4 * 1024, f"{small} KiB for 2000 lines, {large} KiB for 40000"


def test_lines_over_the_limit_do_not_stay_in_memory_until_their_chunk_is_judged(tmp_path: Path) -> None:
    """A line over 1 MiB is answered `too_large` as soon as it is read (`Job::queue`), so a chunk
    of 256 lines never holds it: 80 such lines (88 MB) in one chunk cost no more than small ones.
    Before, the chunk kept each whole (up to 4 MiB a line): 99 MB more at the peak."""
    small = tmp_path / "small.jsonl"
    big = tmp_path / "big.jsonl"
    pad = "x" * 1_100_000
    with small.open("w") as s, big.open("w") as b:
        for i in range(240):
            line = SAMPLE.replace("HH-1", f"HH-{i}")
            s.write(line + "\n")
            b.write((f'{{"id":"HH-{i}","pad":"{pad}"}}' if i % 3 == 0 else line) + "\n")

    def peak(path: Path) -> int:
        probe = (
            "import os, resource, subprocess, sys\n"
            f"subprocess.run([{str(CLI)!r}, 'assess', {str(path)!r}, '--as-of', '2023-06-30'],"
            " stdout=subprocess.DEVNULL, env={**os.environ, 'MIMALLOC_PURGE_DELAY': '0'})\n"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        )
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, check=True)
        return int(done.stdout)

    # mimalloc (the CLI's allocator) keeps freed pages resident for a while before it gives them
    # back (docs/performance.md, "The CLI's two chunks in flight"): with no delay the peak is the
    # memory in use, not the allocator's timing.
    base, peak_big = peak(small), peak(big)
    assert peak_big < base + 8 * 1024, f"{base} KiB for small lines, {peak_big} KiB with 80 over 1 MiB"
    # Every record is answered in its place: the too-large ones with their id and line.
    args = [str(CLI), "assess", str(big), "--as-of", "2023-06-30"]
    done = subprocess.run(args, capture_output=True, check=False)
    assert done.returncode == 1
    answers = done.stdout.decode().splitlines()
    assert len(answers) == 240
    for i, text in enumerate(answers):
        record = json.loads(text)
        assert record["household_id"] == f"HH-{i}"
        if i % 3 == 0:
            assert record["line"] == i + 1
            assert [e["code"] for e in record["errors"]] == ["too_large"]
        else:
            assert "errors" not in record
