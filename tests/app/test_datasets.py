"""Datasets behind the pages: the demo, uploads, and mapping unknown headers to fields."""

from __future__ import annotations

import pytest

from dashboard.app import datasets
from loaders.errors import FileReadError

ODD_HEADERS = """Identifiant interne,Appellation,Catégorie,Code commune,Nb services
A1,Dar Taliba Aknoul,eps,03.561.03.01,3
A2,Jardin M'diq,kindergarten,03.561.03.03,1
"""


def test_demo_is_illustrative_and_fully_accepted() -> None:
    demo = datasets.demo_dataset()
    assert demo.is_demo
    assert demo.centres.rejected_count == 0 and demo.funding.rejected_count == 0
    assert len(demo.centres_frame) == demo.centres.rows_read > 3000


def test_unknown_headers_are_offered_for_mapping_and_the_mapping_is_used() -> None:
    content = ODD_HEADERS.encode()
    with pytest.raises(FileReadError):  # no name column recognised: the file needs a mapping
        datasets.load_dataset(content, None, centres_name="odd.csv")
    assert "Appellation" in datasets.unknown_headers(content, "odd.csv", {})
    mapped = datasets.load_dataset(content, None, centres_name="odd.csv",
                                   centres_map={"name": "Appellation",
                                                "centre_type": "Catégorie"})
    assert list(mapped.centres_frame["name"]) == ["Dar Taliba Aknoul", "Jardin M'diq"]
    assert not mapped.is_demo and mapped.name == "odd.csv"
    recognised = mapped.centres.columns
    assert "Appellation" not in datasets.unknown_headers(content, "odd.csv", recognised)


def test_token_follows_content_and_mapping() -> None:
    a = datasets.load_dataset(ODD_HEADERS.encode(), None, centres_name="a.csv",
                              centres_map={"name": "Appellation", "centre_type": "Catégorie"})
    b = datasets.load_dataset(ODD_HEADERS.encode() + b"A3,X,eps,03.561.03.05,1\n", None,
                              centres_name="a.csv",
                              centres_map={"name": "Appellation", "centre_type": "Catégorie"})
    assert a.token != b.token


def test_run_refuses_a_missing_file(tmp_path) -> None:
    from dashboard.cli import main

    assert main(["run", "--centres", str(tmp_path / "nope.csv")]) == 2


def test_table_downloads_neutralise_formulas() -> None:
    import io

    import openpyxl
    import pandas as pd

    from dashboard.app.exports import table_bytes

    table = pd.DataFrame({"Nom": ['=HYPERLINK("http://evil.example")', "M'diq"],
                          "Centres": [1, 2]})
    csv = pd.read_csv(io.BytesIO(table_bytes(table, "csv")), encoding="utf-8-sig")
    assert list(csv["Nom"]) == ['\'=HYPERLINK("http://evil.example")', "M'diq"]
    assert list(csv["Centres"]) == [1, 2]
    sheet = openpyxl.load_workbook(io.BytesIO(table_bytes(table, "xlsx"))).active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert cells == [['\'=HYPERLINK("http://evil.example")', 1], ["M'diq", 2]]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
