"""The analyst notebook's committed executed copy (what a reader sees without running it) has the
notebook's cells; `make notebook-render` re-renders it. `make test-notebook` runs the same check."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

nbformat = pytest.importorskip("nbformat")
pytest.importorskip("nbclient")

NOTEBOOKS = Path(__file__).resolve().parents[2] / "docs" / "notebooks"
NOTEBOOK = NOTEBOOKS / "analyst-quickstart.ipynb"
EXECUTED = NOTEBOOKS / "analyst-quickstart.executed.ipynb"


def _execute() -> ModuleType:
    spec = importlib.util.spec_from_file_location("notebook_execute", NOTEBOOKS / "execute.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_executed_notebook_is_current() -> None:
    assert _execute().stale(NOTEBOOK, EXECUTED) is None
    executed = nbformat.read(EXECUTED, as_version=4)
    sweep = [c for c in executed.cells if "sweep-plot" in c.metadata.get("tags", [])]
    assert len(sweep) == 1
    assert any("image/png" in o.get("data", {}) for o in sweep[0].outputs)
    # small enough to read on GitHub: one PNG and the tables
    assert EXECUTED.stat().st_size < 400_000


def test_staleness_follows_the_cells_not_the_outputs(tmp_path: Path) -> None:
    stale = _execute().stale
    executed = nbformat.read(EXECUTED, as_version=4)
    code = next(c for c in executed.cells if c.cell_type == "code")

    code.outputs = [nbformat.v4.new_output("stream", text="another run, another timing\n")]
    code.execution_count = 99
    other = tmp_path / "outputs.ipynb"
    nbformat.write(executed, other)
    assert stale(NOTEBOOK, other) is None

    code.source += "\n1 + 1"
    edited = tmp_path / "edited.ipynb"
    nbformat.write(executed, edited)
    why = stale(NOTEBOOK, edited)
    assert why is not None and "cell 2 (code) differs" in why

    executed.cells.append(nbformat.v4.new_markdown_cell("one more"))
    assert "cells" in (stale(NOTEBOOK, _written(executed, tmp_path / "longer.ipynb")) or "")
    assert stale(NOTEBOOK, tmp_path / "missing.ipynb") == f"{tmp_path / 'missing.ipynb'} is missing"

    clean = nbformat.read(NOTEBOOK, as_version=4)
    assert "no output" in (stale(NOTEBOOK, _written(clean, tmp_path / "clean.ipynb")) or "")


def _written(nb: object, path: Path) -> Path:
    nbformat.write(nb, path)
    return path
