"""Files the project writes: formulas neutralised, text otherwise unchanged."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from loaders.output import neutralise_formulas, write_table, write_workbook
from tests.loaders.loader_samples import HOSTILE_NAMES

DANGEROUS = ["=1+1", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"]


def test_neutralise_prefixes_only_dangerous_text() -> None:
    frame = pd.DataFrame({"text": [*DANGEROUS, "ok", "M'diq", None], "number": range(9)})
    safe = neutralise_formulas(frame)
    assert safe["text"].tolist()[:6] == ["'=1+1", "'+1", "'-1+2", "'@SUM(A1)", "'\t=1", "'=1"]
    assert safe["text"].tolist()[6:8] == ["ok", "M'diq"]
    assert pd.isna(safe["text"].iloc[8])
    assert safe["number"].tolist() == list(range(9))
    assert frame["text"].iloc[0] == "=1+1"  # the input is not changed


def test_negative_numbers_stay_numbers() -> None:
    safe = neutralise_formulas(pd.DataFrame({"longitude": [-4.01, -5.3]}))
    assert safe["longitude"].tolist() == [-4.01, -5.3]


def test_csv_round_trip(tmp_path: Path) -> None:
    frame = pd.DataFrame({"name": list(HOSTILE_NAMES), "n": range(len(HOSTILE_NAMES))})
    path = tmp_path / "out.csv"
    write_table(frame, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(path, encoding="utf-8-sig", dtype=str)
    expected = [("'" + v) if v[0] in "=+-@" else v for v in HOSTILE_NAMES]
    assert back["name"].tolist() == expected


def test_xlsx_has_no_formula_cells() -> None:
    frame = pd.DataFrame({"name": [*HOSTILE_NAMES, *DANGEROUS]})
    buffer = io.BytesIO()
    write_table(frame, buffer, "xlsx", sheet_name="centres")
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    sheet = book["centres"]
    cells = [cell for (cell,) in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type != "f" for cell in cells)
    assert [cell.value for cell in cells][:4] == [
        "<script>alert('x')</script>", "'=HYPERLINK(\"http://example.com\",\"clic\")",
        "M'diq", "Aït Ishaq",
    ]


def test_workbook_sheets_in_order(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    write_workbook({"centres": pd.DataFrame({"a": [1]}), "funding": pd.DataFrame({"b": []})},
                   path)
    assert openpyxl.load_workbook(path).sheetnames == ["centres", "funding"]


def test_bad_format() -> None:
    with pytest.raises(ValueError, match="csv, xlsx"):
        write_table(pd.DataFrame(), io.BytesIO(), "pdf")


# Control characters hide a formula from a check made before they are removed; full-width
# signs and leading spaces are read as formulas by some spreadsheets.
SNEAKY = ["\x01=HYPERLINK(\"http://x\",\"y\")", "\x00\x1b=1+1", "＝1+1", "＠SUM(A1)",
          " =1+1", "\u00a0+1", "\x85-2", "\x7f@A", "\r\n=1"]


def _formula_like(text: str) -> bool:
    return text.lstrip().startswith(("=", "+", "-", "@", "＝", "＋", "－", "＠", "\t"))


def test_no_cell_of_a_written_file_is_a_formula(tmp_path: Path) -> None:
    frame = pd.DataFrame({"name": [*SNEAKY, *DANGEROUS, *HOSTILE_NAMES],
                          "n": range(len(SNEAKY) + len(DANGEROUS) + len(HOSTILE_NAMES))})
    frame["\x01=col"] = frame["n"] * -1.5
    write_table(frame, tmp_path / "out.xlsx")
    write_table(frame, tmp_path / "out.csv")
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert not any(_formula_like(text) for text in texts)
    assert not any(char < " " and char not in "\t\n" for text in texts for char in text)
    back = pd.read_csv(tmp_path / "out.csv", encoding="utf-8-sig", dtype=str,
                       keep_default_na=False)
    assert not any(_formula_like(text) for text in [*back.columns, *back["name"]])
    assert back["name"].tolist()[:5] == [
        "'=HYPERLINK(\"http://x\",\"y\")", "'=1+1", "'＝1+1", "'＠SUM(A1)", "' =1+1"]
    numbers = [cell.value for cell in sheet["B"][1:]]
    assert numbers == list(range(len(frame)))  # numbers stay numbers
    assert [cell.value for cell in sheet["C"][1:3]] == [0, -1.5]


def test_a_file_written_to_a_path_replaces_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    path.write_text("old report")
    write_table(pd.DataFrame({"a": [1]}), path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbfa")
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]
