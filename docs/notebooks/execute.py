"""Executes the analyst notebook (make test-notebook) and keeps its sweep chart; renders the
executed copy a reader sees without running anything (make notebook-render).

Usage: python docs/notebooks/execute.py NOTEBOOK OUT_PNG [--check EXECUTED] [--write EXECUTED]

The notebook in the repository carries no outputs; this runs it in memory with nbclient (a
failing cell fails the run), checks it, and writes the PNG of the cell tagged `sweep-plot`.
`--check EXECUTED` first fails when the committed executed copy is stale: its cells (type and
source, outputs ignored) differ from NOTEBOOK's. `--write EXECUTED` saves the executed notebook
there (outputs kept, no timings, so a re-render differs only where a result does).
"""

from __future__ import annotations

import argparse
import base64
import sys
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient


def cells(nb: Any) -> list[tuple[str, str]]:
    """What a reader reads of a notebook: each cell's type and source, outputs left out."""
    return [(c.cell_type, c.source) for c in nb.cells]


def stale(notebook: Path, executed: Path) -> str | None:
    """Why `executed` is not a rendering of `notebook`'s current cells (None when it is)."""
    if not executed.exists():
        return f"{executed} is missing"
    rendered = nbformat.read(executed, as_version=4)
    want = cells(nbformat.read(notebook, as_version=4))
    have = cells(rendered)
    if len(want) != len(have):
        return f"{executed} has {len(have)} cells, {notebook} has {len(want)}"
    for i, (w, h) in enumerate(zip(want, have, strict=True)):
        if w != h:
            return f"{executed}: cell {i + 1} ({w[0]}) differs from {notebook}"
    if any(c.cell_type == "code" and not c.get("outputs") for c in rendered.cells):
        return f"{executed}: a code cell has no output (was it executed?)"
    return None


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebook", type=Path)
    parser.add_argument("out_png", type=Path)
    parser.add_argument("--check", type=Path, metavar="EXECUTED", help="fail when this rendering is stale")
    parser.add_argument("--write", type=Path, metavar="EXECUTED", help="save the executed notebook here")
    args = parser.parse_args(argv)
    path: Path = args.notebook
    nb = nbformat.read(path, as_version=4)
    stored = [c for c in nb.cells if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count"))]
    if stored:
        print(
            f"{path}: {len(stored)} code cells carry outputs; strip them before committing", file=sys.stderr
        )
        return 1
    if args.check is not None:
        why = stale(path, args.check)
        if why is not None:
            print(f"{why}; run `make notebook-render` and commit it", file=sys.stderr)
            return 1
    NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(Path.cwd())}},
    ).execute()
    png = next(
        (
            output["data"]["image/png"]
            for cell in nb.cells
            if "sweep-plot" in cell.get("metadata", {}).get("tags", [])
            for output in cell.get("outputs", [])
            if output.get("data", {}).get("image/png")
        ),
        None,
    )
    if png is None:
        print(f"{path}: the cell tagged sweep-plot produced no PNG", file=sys.stderr)
        return 1
    args.out_png.parent.mkdir(parents=True, exist_ok=True)
    args.out_png.write_bytes(base64.b64decode(png))
    print(f"{path}: executed; sweep chart written to {args.out_png}")
    if args.write is not None:
        nbformat.write(nb, args.write)
        print(f"{path}: executed copy written to {args.write} ({args.write.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
