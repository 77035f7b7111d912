"""`hengjie assess --out` and Python's `hengjie.export(hengjie.assess_batch(...))` write the same
table for the same households: the same CSV bytes, the same XLSX sheet (one Rust code path,
`hengjie_tables::export`, behind both)."""

from __future__ import annotations

import os
import subprocess
import warnings
import zipfile
from pathlib import Path

import pytest

import hengjie

pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

ROOT = Path(__file__).resolve().parents[2]
CLI = Path(os.environ.get("HENGJIE_CLI", ROOT / "target" / "release" / "hengjie"))
EXPORT = ROOT / "examples" / "office-export"


def cli_table(out: Path, lang: str) -> None:
    done = subprocess.run(
        [
            str(CLI),
            "assess",
            str(EXPORT / "households.csv"),
            "--members",
            str(EXPORT / "members.csv"),
            "--as-of",
            "2023-06-30",
            "--out",
            str(out),
            "--lang",
            lang,
        ],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout == b""


def python_table(out: Path, lang: str) -> None:
    households = pd.read_csv(EXPORT / "households.csv", dtype=str)
    members = pd.read_csv(EXPORT / "members.csv", dtype=str)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the columns left out (姓名, 联系电话, …)
        frame = hengjie.assess_batch(households, "2023-06-30", members=members)
    hengjie.export(frame, out, lang=lang)  # type: ignore[arg-type]


@pytest.mark.skipif(not CLI.exists(), reason="the release CLI is not built")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_csv_bytes_are_the_same(lang: str, tmp_path: Path) -> None:
    cli_table(tmp_path / "cli.csv", lang)
    python_table(tmp_path / "py.csv", lang)
    cli = (tmp_path / "cli.csv").read_bytes()
    assert cli == (tmp_path / "py.csv").read_bytes()
    # 1001: (500 × 12 × 3 − 4800.50) / 12 = 1099.96 (cli/tests/table_out.rs derives it).
    assert b",1099.96," in cli


@pytest.mark.skipif(not CLI.exists(), reason="the release CLI is not built")
def test_xlsx_sheets_are_the_same(tmp_path: Path) -> None:
    cli_table(tmp_path / "cli.xlsx", "zh")
    python_table(tmp_path / "py.xlsx", "zh")
    names = ["xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/styles.xml"]
    with zipfile.ZipFile(tmp_path / "cli.xlsx") as a, zipfile.ZipFile(tmp_path / "py.xlsx") as b:
        for name in names:
            assert a.read(name) == b.read(name), name
        assert "结果".encode() in a.read("xl/workbook.xml")
