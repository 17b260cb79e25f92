"""Files the project writes: formulas neutralised, text otherwise unchanged."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from loader_samples import HOSTILE_NAMES

from loaders.output import neutralise_formulas, write_table, write_workbook

DANGEROUS = ["=1+1", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"]


def test_neutralise_prefixes_only_dangerous_text() -> None:
    frame = pd.DataFrame({"text": [*DANGEROUS, "ok", "M'diq", None], "number": range(9)})
    safe = neutralise_formulas(frame)
    assert safe["text"].tolist()[:6] == ["'" + value for value in DANGEROUS]
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
