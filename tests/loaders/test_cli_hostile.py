"""``taghtia validate`` facing hostile and careless files: one line, exit 2, nothing lost."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dashboard.cli import main
from tests.loaders.hostile_files import deep_json, xlsx_bytes, xlsx_sheet
from tests.loaders.loader_samples import FRENCH_REGISTRY, csv_bytes
from tests.support.terminal import one_error_line


@pytest.mark.parametrize("link", ["same", "symlink", "hardlink", "relative"])
def test_a_report_never_overwrites_its_input(tmp_path: Path, link: str,
                                             capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    data = csv_bytes(FRENCH_REGISTRY)
    centres = tmp_path / "centres.csv"
    centres.write_bytes(data)
    out = tmp_path / "report.csv"
    if link == "same":
        out = centres
    elif link == "symlink":
        out.symlink_to(centres)
    elif link == "hardlink":
        os.link(centres, out)
    else:
        monkeypatch.chdir(tmp_path)
        out = Path("sub/../centres.csv")
        (tmp_path / "sub").mkdir()
    assert main(["validate", str(centres), "--out", str(out)]) == 2
    assert "is the input file" in one_error_line(capsys)
    assert centres.read_bytes() == data


def test_a_grants_report_never_overwrites_the_grants_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    centres = tmp_path / "centres.csv"
    centres.write_bytes(csv_bytes(FRENCH_REGISTRY))
    funding = tmp_path / "r.funding.csv"
    funding.write_bytes(b"Ann\xc3\xa9e;ID;Montant\n2021;T01;100\n")
    assert main(["validate", str(centres), "--funding", str(funding),
                 "--out", str(tmp_path / "r.csv")]) == 2
    assert "is the input file" in one_error_line(capsys)


def _controls(text: str) -> list[str]:
    return [char for char in text
            if (ord(char) < 32 and char != "\n") or 0x7f <= ord(char) <= 0x9f]


def test_escape_codes_from_a_file_never_reach_the_terminal(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = "".join(f"C{n};Dar Taliba;EPS;03.561.01.11\n" for n in range(40))
    centres = tmp_path / "c\x1b[2J\x9bentres.csv"
    centres.write_bytes(csv_bytes("ID;Nom du centre;Type;Code commune\n" + rows))
    assert main(["validate", str(centres)]) == 0
    printed = capsys.readouterr().out
    assert "c[2Jentres.csv" in printed and not _controls(printed)
    hostile = tmp_path / "hostile.csv"
    hostile.write_bytes(csv_bytes("ID;Nom du centre;\x1b]0:owned\x07\x1b[2JGenre;Code commune\n"
                                  + rows))
    assert main(["validate", str(hostile)]) == 2
    line = one_error_line(capsys)
    assert "]0:owned[2JGenre" in line and not _controls(line)


def test_deep_json_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "deep.geojson"
    path.write_bytes(deep_json(200_000))
    assert main(["validate", str(path)]) == 2
    assert "TAGHTIA_MAX_JSON_DEPTH" in one_error_line(capsys)


def test_text_in_a_number_cell_is_a_row_problem(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    cells = ["ID", "Nom du centre", "Type", "Code commune", "Nb services"]
    values = ["C1", "Dar Taliba", "EPS", "03.561.01.11"]
    rows = [
        '<row r="1">' + "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in cells)
        + "</row>",
        '<row r="2">' + "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in values)
        + '<c r="E2" t="n"><v>abc</v></c></row>',
    ]
    path = tmp_path / "centres.xlsx"
    path.write_bytes(xlsx_bytes(xlsx_sheet(rows)))
    assert main(["validate", str(path)]) == 0
    printed = capsys.readouterr().out
    assert "row 2 [Nb services]" in printed and "invalid literal" not in printed


def test_a_nul_in_a_csv_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "centres.csv"
    rows = "".join(f"C{n};Dar Taliba;EPS;03.561.01.11;;;;;;;\n" for n in range(1_000))
    path.write_bytes(csv_bytes(FRENCH_REGISTRY + rows + "T09;Dar\x00;EPS;03.561.01.11;;;;;;;\n"))
    assert main(["validate", str(path)]) == 2
    assert "line 1,011 holds a NUL" in one_error_line(capsys)


def test_a_file_over_the_time_limit_is_one_line(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "centres.csv"
    path.write_bytes(csv_bytes(FRENCH_REGISTRY))
    monkeypatch.setenv("TAGHTIA_MAX_SECONDS", "1")
    monkeypatch.setattr("dashboard.commands.validate.load_files", _slow_load)
    assert main(["validate", str(path)]) == 2
    assert "took more than 1 s" in one_error_line(capsys)


def _slow_load(*args: object) -> None:
    import time

    time.sleep(60)


@pytest.mark.parametrize("command", [["indicators", "--level", "province"],
                                     ["underserved"], ["plan", "--add", "1"],
                                     ["map", "--within", "03.561"]])
def test_every_command_reads_files_in_a_bounded_worker(
        command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A memory cap too small for any reading shows that the file is read in the worker the
    cap applies to (read in the command's own process, it would succeed)."""
    path = tmp_path / "centres.csv"
    path.write_bytes(csv_bytes(FRENCH_REGISTRY))
    monkeypatch.setenv("TAGHTIA_MAX_MEMORY_MB", "60")
    out = tmp_path / ("out.png" if command[0] == "map" else "out.csv")
    assert main([*command, "--centres", str(path), "--out", str(out)]) == 2
    assert not out.exists()
    assert "needed more than 60 MB" in one_error_line(capsys)
