"""Executes the analyst notebook (make test-notebook) and keeps its sweep chart.

Usage: python docs/notebooks/execute.py NOTEBOOK OUT_PNG

The notebook in the repository carries no outputs; this runs it in memory with nbclient (a
failing cell fails the run), checks it, and writes the PNG of the cell tagged `sweep-plot`.
"""

from __future__ import annotations

import base64
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def main(notebook: str, out_png: str) -> int:
    path = Path(notebook)
    nb = nbformat.read(path, as_version=4)
    stored = [c for c in nb.cells if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count"))]
    if stored:
        print(
            f"{path}: {len(stored)} code cells carry outputs; strip them before committing", file=sys.stderr
        )
        return 1
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(Path.cwd())}}
    ).execute()
    for cell in nb.cells:
        if "sweep-plot" in cell.get("metadata", {}).get("tags", []):
            for output in cell.get("outputs", []):
                png = output.get("data", {}).get("image/png")
                if png:
                    Path(out_png).parent.mkdir(parents=True, exist_ok=True)
                    Path(out_png).write_bytes(base64.b64decode(png))
                    print(f"{path}: executed; sweep chart written to {out_png}")
                    return 0
    print(f"{path}: the cell tagged sweep-plot produced no PNG", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
