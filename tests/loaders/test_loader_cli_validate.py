"""``taghtia validate``: summary, reports beside the output, exit statuses."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from dashboard.cli import main
from tests.loaders.loader_samples import (
    FRENCH_REGISTRY,
    FUNDING_FRENCH,
    csv_bytes,
    frame_from_csv,
    xlsx_bytes,
)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    registry = FRENCH_REGISTRY + "T09;Sans lieu;EPS;;;;;;;;\nT10;Hors Maroc;EPS;;;;48,85;2,35;;;\n"
    centres = tmp_path / "centres.csv"
    centres.write_bytes(csv_bytes(registry))
    funding = tmp_path / "subventions.csv"
    funding.write_bytes(csv_bytes(FUNDING_FRENCH + "2021;NOPE;-3;;\n"))
    book = tmp_path / "registre.xlsx"
    book.write_bytes(xlsx_bytes({
        "centres": frame_from_csv(registry.split("\n", 1)[1]),
        "financements": frame_from_csv(FUNDING_FRENCH),
    }))
    return {"centres": centres, "funding": funding, "book": book, "dir": tmp_path}


def test_summary_and_csv_reports(files: dict[str, Path],
                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = files["dir"] / "rapport.csv"
    code = main(["validate", str(files["centres"]), "--funding", str(files["funding"]),
                 "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    assert "rows read" in printed and "10" in printed
    assert "rejected" in printed and "warnings" in printed
    assert "row 11" in printed and "no location" in printed
    report = pd.read_csv(out, encoding="utf-8-sig", dtype=str)
    assert list(report.columns) == ["row", "centre_id", "name", "status", "commune_code",
                                    "match_method", "match_score", "messages"]
    assert len(report) == 10
    assert (report["status"] == "rejected").sum() == 2
    grants = pd.read_csv(files["dir"] / "rapport.funding.csv", encoding="utf-8-sig", dtype=str)
    assert list(grants.columns[:6]) == ["row", "centre_id", "year", "amount_mad", "status",
                                        "commune_code"]
    assert "messages" in grants.columns
    assert grants["status"].tolist() == ["accepted"] * 4 + ["rejected"]


def test_workbook_to_xlsx_report(files: dict[str, Path],
                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = files["dir"] / "rapport.xlsx"
    assert main(["validate", str(files["book"]), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Grants" in printed
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["centres", "funding"]
    assert book["centres"].max_row == 11 and book["funding"].max_row == 5


def test_sheet_and_map_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = pd.DataFrame({"Réf": ["X1"], "Libellé": ["A"], "Catégorie EN": ["EPS"],
                         "Lieu": ["Taza"]})
    path = tmp_path / "odd.xlsx"
    path.write_bytes(xlsx_bytes({"Notes": pd.DataFrame({"x": [1]}), "Liste 2024": data}))
    code = main(["validate", str(path), "--sheet", "liste 2024", "--map", "centre_id=Réf",
                 "--map", "name=Libellé", "--map", "centre_type=Catégorie EN",
                 "--map", "commune=Lieu"])
    assert code == 0
    assert "accepted         1" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("file_name", "content", "args", "needle"),
    [
        ("absent.csv", None, [], "not found"),
        ("empty.csv", b"", [], "empty"),
        ("fake.xlsx", b"\x00\x01binary" * 50, [], "xlsx"),
        ("noheader.csv", b"a;b\n1;2\n", [], "header"),
        ("absent.csv", None, ["--out", "report.pdf"], ".csv or .xlsx"),
        ("absent.csv", None, ["--map", "colour=Couleur"], "unknown field"),
    ],
)
def test_unreadable_input_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], file_name: str, content: bytes | None,
    args: list[str], needle: str,
) -> None:
    path = tmp_path / file_name
    if content is not None:
        path.write_bytes(content)
    assert main(["validate", str(path), *args]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0]
    assert "Traceback" not in captured.err + captured.out


def test_help_has_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as excinfo:
        main(["validate", "--help"])
    assert excinfo.value.code == 0
    assert "taghtia validate centres.csv" in capsys.readouterr().out


def test_reports_neutralise_formulas(tmp_path: Path) -> None:
    centres = tmp_path / "hostile.csv"
    centres.write_bytes(csv_bytes(
        'ID;Nom du centre;Type;Code commune\n=1+1;=HYPERLINK("http://x","y");EPS;03.561.01.11\n'
        "@A;<script>alert(1)</script>;EPS;03.561.01.11\n"))
    out = tmp_path / "report.csv"
    assert main(["validate", str(centres), "--out", str(out)]) == 0
    report = pd.read_csv(out, encoding="utf-8-sig", dtype=str)
    assert report["name"].tolist() == ["'=HYPERLINK(\"http://x\",\"y\")",
                                       "<script>alert(1)</script>"]
    assert report["centre_id"].tolist() == ["'=1+1", "'@A"]
    xlsx = tmp_path / "report.xlsx"
    assert main(["validate", str(centres), "--out", str(xlsx)]) == 0
    sheet = openpyxl.load_workbook(xlsx)["centres"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
