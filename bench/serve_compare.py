"""HTTP side by side: `hengjie serve` against `openfisca serve` on the bench/ OpenFisca model, in
one run, on the same machine as the client. A benchmark, not a test (`make bench-serve`).

1. Builds N households (bench/population.py) and writes each service's request bodies: hengjie
   the CONTRACT household as JSON, OpenFisca the same household as a Web API situation
   (`openfisca.to_situation`: the inputs on the as-of day, the decisions asked for). Not timed.
2. Starts `target/release/hengjie serve` and `openfisca serve --country-package openfisca`, each
   on a free port of 127.0.0.1, and checks that both reach the same decisions (monitoring flags
   1-3 and 5-8, the category, the dibao status and top-up) for the first `--check` households.
3. Single documents: `wrk` with the same connections (64) and threads on each service for
   `--seconds`, each request the next household of the N (`bench/serve_load.lua`): hengjie
   `POST /v1/assess?explain=none`, OpenFisca `POST /calculate` with one household.
4. Many households in one request: hengjie one NDJSON stream of all N (`curl --data-binary`,
   every answer line counted), OpenFisca one `/calculate` situation of `--openfisca-batch`
   households (its way to send many).

The last line is exactly `ratio_single=<x> ratio_stream=<y>`: hengjie's requests/s over
OpenFisca's, and hengjie's households/s in one stream over OpenFisca's in one situation.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from decimal import Decimal
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import openfisca as of_model  # noqa: E402  (bench/openfisca, the OpenFisca model)
import population  # noqa: E402

SUBSET_RISKS = tuple(of_model.RISK_FLAGS)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_up(url: str, proc: subprocess.Popen[bytes], seconds: float = 120) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise SystemExit(f"{url}: the service exited ({proc.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                r.read()
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url}: not up after {seconds} s")


def post(url: str, body: bytes, ctype: str = "application/json") -> Any:
    req = urllib.request.Request(url, data=body, headers={"Content-Type": ctype}, method="POST")
    with urllib.request.urlopen(req, timeout=600) as r:
        return json.loads(r.read())


def load() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its children so far (/proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pids = [pid]
    try:
        out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False)
        pids += [int(p) for p in out.stdout.split()]
    except OSError:
        pass
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


# ---- the decisions of each answer in one form ----------------------------------------------------


def decision_hengjie(a: dict[str, Any]) -> tuple[Any, ...]:
    m, d = a["monitoring"], a["dibao"]
    risks = tuple(r for r in m["risks"] if r in SUBSET_RISKS)
    return (
        m["include"],
        m["category"],
        risks,
        d["status"],
        Decimal(d["monthly_benefit"]).quantize(Decimal("0.01")),
    )


def decisions_openfisca(answer: dict[str, Any], ids: list[str], as_of: str) -> list[tuple[Any, ...]]:
    out = []
    for hid in ids:
        e = answer["households"][hid]
        category = e["monitoring_category"][as_of]
        risks = tuple(r for r, var in of_model.RISK_FLAGS.items() if e[var][as_of])
        benefit = Decimal(int(e["dibao_monthly_benefit"][as_of])).scaleb(-2)
        out.append(
            (
                bool(e["monitoring_include"][as_of]),
                None if category == "none" else category,
                risks,
                e["dibao_status"][as_of],
                benefit,
            )
        )
    return out


# ---- load ---------------------------------------------------------------------------------------


def wrk(url: str, bodies: Path, path: str, args: argparse.Namespace) -> dict[str, Any]:
    cmd = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.seconds}s",
        "--timeout",
        "30s",
        "-s",
        str(BENCH / "serve_load.lua"),
        url,
        "--",
        str(bodies),
        path,
        "application/json",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise SystemExit(f"wrk failed ({proc.returncode}): {proc.stdout[-2000:]} {proc.stderr[-2000:]}")
    r: dict[str, Any] = json.loads(lines[-1])
    r["rps"] = r["requests"] / r["seconds"]
    r["errors"] = sum(v for k, v in r.items() if k.startswith("errors_"))
    return r


def count_lines(cmd: list[str], n: int, ok: tuple[int, ...] = (0,)) -> tuple[float, int]:
    """Seconds until `cmd` has written its last line, and the lines it wrote (exactly n)."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE)
    assert proc.stdout is not None
    lines = 0
    while chunk := proc.stdout.read(1 << 20):
        lines += chunk.count(b"\n")
    if proc.wait() not in ok:
        raise SystemExit(f"{cmd[0]} failed ({proc.returncode})")
    seconds = time.perf_counter() - t
    if lines != n:
        raise SystemExit(f"{cmd[0]} answered {lines} lines for {n}")
    return seconds, lines


def stream(url: str, jsonl: Path, n: int) -> tuple[float, int]:
    """Seconds to send the file as one NDJSON request and receive every answer line; the count."""
    ctype = "Content-Type: application/x-ndjson"
    return count_lines(["curl", "-sS", "--fail", "-H", ctype, "--data-binary", f"@{jsonl}", url], n)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=20_000, help="households (default 20000)")
    ap.add_argument("--as-of", default="2023-06-30")
    ap.add_argument("--seed", type=int, default=20210824)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    ap.add_argument("--seconds", type=int, default=10, help="each wrk run (default 10)")
    ap.add_argument("--check", type=int, default=300, help="households whose decisions are compared")
    ap.add_argument(
        "--openfisca-batch", type=int, default=500, help="households in OpenFisca's one situation"
    )
    ap.add_argument("--openfisca-workers", type=int, help="gunicorn workers (default: openfisca serve's, 3)")
    ap.add_argument("--hengjie", default=str(ROOT / "target/release/hengjie"))
    ap.add_argument("--only", choices=["hengjie", "openfisca"], help="run one side alone (A/B runs)")
    args = ap.parse_args()
    n, as_of = args.n, args.as_of
    for tool in ("wrk", "curl"):
        if shutil.which(tool) is None:
            raise SystemExit(f"`{tool}` is needed (apt-get install {tool})")
    openfisca_cli = shutil.which("openfisca", path=str(Path(sys.executable).parent)) or "openfisca"

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, load {load()}")
    households = population.generate(n, args.seed, as_of)
    ids = [h["id"] for h in households]
    tmp = Path(tempfile.mkdtemp(prefix="serve-compare-"))
    jsonl = tmp / "households.jsonl"
    with jsonl.open("w") as f:
        f.writelines(json.dumps(h, ensure_ascii=False) + "\n" for h in households)
    of_bodies = tmp / "situations.jsonl"
    with of_bodies.open("w") as f:
        f.writelines(json.dumps(of_model.to_situation([h], as_of)) + "\n" for h in households)
    batch = min(args.openfisca_batch, n)
    of_batch = json.dumps(of_model.to_situation(households[:batch], as_of)).encode()

    procs: list[subprocess.Popen[bytes]] = []
    try:
        hj_port, of_port = free_port(), free_port()
        hj = f"http://127.0.0.1:{hj_port}"
        of = f"http://127.0.0.1:{of_port}"
        hj_proc = subprocess.Popen(
            [args.hengjie, "serve", "--addr", f"127.0.0.1:{hj_port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        procs.append(hj_proc)
        env = dict(os.environ, PYTHONPATH=str(BENCH))
        of_proc = subprocess.Popen(
            [
                openfisca_cli,
                "serve",
                "--country-package",
                "openfisca",
                "--bind",
                f"127.0.0.1:{of_port}",
                *(["--workers", str(args.openfisca_workers)] if args.openfisca_workers else []),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        procs.append(of_proc)
        wait_up(f"{hj}/health", hj_proc)
        wait_up(f"{of}/spec", of_proc)

        # Agreement on the first households, one request each, before any timing.
        k = min(args.check, n)
        mine = [
            decision_hengjie(post(f"{hj}/v1/assess?as_of={as_of}&explain=none", jsonl_line))
            for jsonl_line in jsonl.read_bytes().splitlines()[:k]
        ]
        theirs = decisions_openfisca(
            post(f"{of}/calculate", json.dumps(of_model.to_situation(households[:k], as_of)).encode()),
            ids[:k],
            as_of,
        )
        for hid, a, b in zip(ids, mine, theirs, strict=False):
            if a != b:
                raise SystemExit(f"DISAGREEMENT household {hid}: hengjie {a} OpenFisca {b}")
        print(f"agreement: hengjie serve and openfisca serve agree on the first {k} households")
        print(
            f"population: N={n} households; wrk -t{args.threads} -c{args.connections} -d{args.seconds}s each"
        )
        print()

        rows: list[tuple[str, float, str, str]] = []
        single: dict[str, dict[str, Any]] = {}
        sides = [
            ("hengjie", hj, hj_proc, f"/v1/assess?as_of={as_of}&explain=none", jsonl),
            ("openfisca", of, of_proc, "/calculate", of_bodies),
        ]
        for name, base, proc, path, bodies in sides:
            if args.only and args.only != name:
                continue
            cpu0, load0 = cpu_seconds(proc.pid), load()
            r = wrk(base, bodies, path, args)
            r["cpu"] = cpu_seconds(proc.pid) - cpu0
            single[name] = r
            rows.append(
                (
                    f"{name}: single household, {args.connections} connections",
                    r["rps"],
                    f"p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms, {r['errors']} errors, "
                    f"service CPU {r['cpu'] / r['requests'] * 1e6:.0f} µs/request",
                    f"{load0} -> {load()}",
                )
            )

        streamed: dict[str, float] = {}
        if args.only != "openfisca":
            cpu0, load0 = cpu_seconds(hj_proc.pid), load()
            seconds, lines = stream(f"{hj}/v1/assess?as_of={as_of}&explain=none", jsonl, n)
            cpu = cpu_seconds(hj_proc.pid) - cpu0
            streamed["hengjie"] = lines / seconds
            rows.append(
                (
                    f"hengjie: one NDJSON stream of {n}",
                    lines / seconds,
                    f"{seconds:.2f} s, service CPU {cpu / n * 1e6:.1f} µs/household",
                    f"{load0} -> {load()}",
                )
            )
            # The same file through the CLI (no HTTP), the core's own rate on this machine now.
            load0 = load()
            seconds, lines = count_lines(
                [args.hengjie, "assess", str(jsonl), "--as-of", as_of, "--explain", "none"], n, ok=(0, 1)
            )
            rows.append(
                (
                    f"hengjie assess FILE --explain none (CLI, {n})",
                    lines / seconds,
                    f"{seconds:.2f} s",
                    f"{load0} -> {load()}",
                )
            )
        if args.only != "hengjie":
            load0 = load()
            t = time.perf_counter()
            answer = post(f"{of}/calculate", of_batch)
            seconds = time.perf_counter() - t
            if len(answer["households"]) != batch:
                raise SystemExit("OpenFisca answered another number of households")
            streamed["openfisca"] = batch / seconds
            rows.append(
                (
                    f"openfisca: one /calculate of {batch}",
                    batch / seconds,
                    f"{seconds:.2f} s",
                    f"{load0} -> {load()}",
                )
            )

        print(f"{'what':<44} {'per second':>11}  {'details':<62} load average")
        for what, rate, details, loads in rows:
            print(f"{what:<44} {rate:>11,.0f}  {details:<62} {loads}")
        if len(single) == 2 and len(streamed) == 2:
            r1 = single["hengjie"]["rps"] / single["openfisca"]["rps"]
            r2 = streamed["hengjie"] / streamed["openfisca"]
            print(f"ratio_single={r1:.1f} ratio_stream={r2:.1f}")
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
