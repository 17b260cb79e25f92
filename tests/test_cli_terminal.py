"""Nothing but Taghtia's own lines reaches the terminal: no library warning (with its file
path), no control character nor bidirectional override taken from a file."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

from dashboard.cli import main
from loaders.safe_text import terminal_text
from loaders.sandbox import run_isolated
from tests.loaders.hostile_files import warn_like_a_library
from tests.loaders.loader_samples import FRENCH_REGISTRY, csv_bytes

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _workbook_with_sheet(name: str) -> bytes:
    import io

    import pandas as pd

    rows = [line.split(";") for line in FRENCH_REGISTRY.splitlines()[1:]]
    frame = pd.DataFrame(rows[1:], columns=rows[0])
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=name, index=False)
    return buffer.getvalue()


def test_a_right_to_left_override_in_a_sheet_name_never_reaches_the_terminal(
        tmp_path: Path, capsys) -> None:
    workbook = tmp_path / "registre.xlsx"
    workbook.write_bytes(_workbook_with_sheet("\u202e4202 sertneC"))
    assert main(["validate", str(workbook)]) == 0
    captured = capsys.readouterr()
    assert "(sheet 4202 sertneC)" in captured.out
    assert not UNSAFE.search(captured.out + captured.err), captured.out


def test_terminal_text_drops_explicit_directions_and_keeps_arabic_marks() -> None:
    assert terminal_text("\u202bمركز\u202c \u2067x\u2069 \u200fب") == "مركز x \u200fب"


def test_a_library_warning_goes_to_the_log_not_the_terminal(
        tmp_path: Path, taghtia_home: Path, capsys, monkeypatch) -> None:
    from dashboard.commands import indicators

    computed = indicators.compute_indicators

    def noisy(*args, **kwargs):
        warnings.warn_explicit("CRS mismatch between the CRS of left geometries",
                               UserWarning, "/venv/lib/python3.11/site-packages/geopandas/"
                               "geodataframe.py", 2745)
        return computed(*args, **kwargs)

    monkeypatch.setattr(indicators, "compute_indicators", noisy)
    assert main(["indicators", "--level", "province", "--out",
                 str(tmp_path / "p.csv")]) == 0
    captured = capsys.readouterr()
    assert "site-packages" not in captured.out + captured.err
    assert "Warning" not in captured.err
    log = (taghtia_home / "logs" / "warnings.log").read_text(encoding="utf-8")
    assert "geodataframe.py:2745: UserWarning: CRS mismatch" in log


def test_the_reading_process_prints_no_library_warning(capfd) -> None:
    assert run_isolated(warn_like_a_library) == 1
    captured = capfd.readouterr()
    assert "geometry types are not supported" not in captured.err + captured.out
    assert "site-packages/pyogrio" not in captured.err + captured.out


def test_a_geojson_and_an_xlsx_report_print_nothing_but_the_summary(tmp_path: Path) -> None:
    """As on a terminal: ``taghtia validate`` in its own process, every warning shown."""
    import os
    import subprocess
    import sys

    points = tmp_path / "points.geojson"
    points.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", '
                      '"properties": {"ID": "P1", "Nom": "Centre", "Type": "Dar Taliba", '
                      '"Code commune": "03.561.01.11"}, "geometry": {"type": "Point", '
                      '"coordinates": [-4.01, 34.21]}}]}', encoding="utf-8")
    registry = tmp_path / "centres.csv"
    registry.write_bytes(csv_bytes(FRENCH_REGISTRY))
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root), "PYTHONWARNINGS": "always"}
    for argv in (["validate", str(points), "--out", str(tmp_path / "a.xlsx")],
                 ["validate", str(registry), "--out", str(tmp_path / "b.xlsx")]):
        done = subprocess.run([sys.executable, "-m", "dashboard.cli", *argv], cwd=root,
                              env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        assert done.stderr == "", done.stderr
        assert "site-packages" not in done.stdout and "Warning" not in done.stdout


@pytest.mark.parametrize("text", ["\x1b]0;title\x07", "\x9b31m", "a\u202eb"])
def test_whatever_a_command_prints_is_filtered(text: str, capsys) -> None:
    import sys

    from dashboard import cli

    with cli._safe_terminal():
        print(f"name: {text}")
        print(f"error: {text}", file=sys.stderr)
    captured = capsys.readouterr()
    assert not UNSAFE.search(captured.out + captured.err)
