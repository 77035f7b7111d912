#!/usr/bin/env python3
"""Which conformance vectors' outputs changed since a git ref (`make vector-diff REF=<ref>`).

Builds the command line at REF in a temporary git worktree (its own target directory) and at
the working tree, runs every vector's input of this tree (`tests/vectors/**/*.json`: households,
villages and farmland; with the vector's `as_of` and `params` layer) through both, and prints
each vector whose output differs, with the top-level keys that changed. `provenance` (engine
version, digests) is left out of the comparison and reported once. Exit status 0 when nothing
changed, 1 otherwise, 2 when a build fails.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = {"household": "assess", "village": "village", "farmland": "farmland"}


def build(tree: Path, target: Path) -> Path:
    subprocess.run(
        ["cargo", "build", "--quiet", "-p", "hengjie-cli", "--target-dir", str(target)],
        cwd=tree,
        check=True,
    )
    return target / "debug" / "hengjie"


def run(binary: Path, vector: dict, layer: Path | None) -> object:
    kind = vector.get("kind", "household")
    args = [str(binary), COMMANDS[kind], "-"]
    if kind != "farmland":
        args += ["--as-of", vector["as_of"]]
    if layer is not None and kind != "farmland":
        args += ["--params", str(layer)]
    text = json.dumps(vector["input"], ensure_ascii=False, indent=2)
    done = subprocess.run(args, input=text, capture_output=True, text=True)
    out = done.stdout if done.stdout.strip() else done.stderr
    try:
        value = json.loads(out)
    except json.JSONDecodeError:
        return {"unreadable output": out, "status": done.returncode}
    if isinstance(value, dict):
        value.pop("provenance", None)
        for row in value.get("parameters", []) or []:
            if isinstance(row, dict):
                row.pop("layer", None)
    return value


def main() -> int:
    if len(sys.argv) != 2 or not sys.argv[1]:
        print("usage: vector-diff.py <git ref>", file=sys.stderr)
        return 2
    ref = sys.argv[1]
    with tempfile.TemporaryDirectory(prefix="hengjie-vector-diff-") as tmp:
        tmp_path = Path(tmp)
        old_tree = tmp_path / "tree"
        subprocess.run(
            ["git", "worktree", "add", "--quiet", "--detach", str(old_tree), ref],
            cwd=ROOT,
            check=True,
        )
        try:
            try:
                old = build(old_tree, ROOT / "target" / "vector-diff")
                new = build(ROOT, ROOT / "target")
            except subprocess.CalledProcessError:
                print("a build failed", file=sys.stderr)
                return 2
            changed = 0
            total = 0
            for path in sorted((ROOT / "tests" / "vectors").rglob("*.json")):
                vector = json.loads(path.read_text(encoding="utf-8"))
                if vector.get("kind", "household") not in COMMANDS:
                    continue
                total += 1
                layer = None
                if vector.get("params") is not None:
                    layer = tmp_path / "layer.json"
                    layer.write_text(json.dumps(vector["params"]), encoding="utf-8")
                before, after = run(old, vector, layer), run(new, vector, layer)
                if before != after:
                    changed += 1
                    keys = sorted(
                        k
                        for k in set(before) | set(after)
                        if isinstance(before, dict)
                        and isinstance(after, dict)
                        and before.get(k) != after.get(k)
                    ) if isinstance(before, dict) and isinstance(after, dict) else ["(whole output)"]
                    print(f"{path.relative_to(ROOT)}: {', '.join(keys)}")
            print(f"{changed} of {total} vectors changed since {ref} (provenance and row layers not compared)")
            return 1 if changed else 0
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(old_tree)], cwd=ROOT, check=False
            )


if __name__ == "__main__":
    sys.exit(main())
