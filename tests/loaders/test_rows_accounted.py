"""No row lost or garbled silently: a quote left open is refused with the line where it
opened; a CSV whose lines are in different encodings is read line by line and the lines
reported; a point that is not a WGS 84 position is dropped with a warning, its row kept."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from dashboard.cli import main
from loaders import load_centres
from loaders.errors import FileReadError
from loaders.read import read_tables
from tests.loaders.loader_samples import TAZA
from tests.support.terminal import one_error_line

HEADER = "ID;Nom du centre;Type de centre;Code commune;Statut"


def _rows(count: int) -> list[str]:
    return [f"T{n:02d};Centre {n};Dar Taliba;{TAZA};En activité" for n in range(1, count + 1)]


def _unclosed_on_line_3() -> bytes:
    rows = _rows(11)
    rows[1] = f'T02;"Centre 2;Dar Taliba;{TAZA};En activité'  # line 3: the quote never closes
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def test_an_unclosed_quote_names_its_line(tmp_path: Path, capsys) -> None:
    registry = tmp_path / "centres.csv"
    registry.write_bytes(_unclosed_on_line_3())
    assert main(["validate", str(registry)]) == 2
    line = one_error_line(capsys)
    assert "line 3: a quote (\") opened here is never closed" in line
    assert "the 9 lines after it would be read as one cell" in line


def test_an_unclosed_quote_after_excels_sep_line_names_the_file_line() -> None:
    data = b"sep=;\n" + _unclosed_on_line_3()
    with pytest.raises(FileReadError, match=r"^line 4: a quote"):
        read_tables(data, name="c.csv")


@pytest.mark.parametrize("cell", [
    '"Centre\nsur deux lignes"',        # a quoted cell holding a line break
    '"Centre ""Al Amal"""',             # doubled quotes inside a quoted cell
    'Ecran 5" et "tableau"',            # quotes inside a cell that does not start with one
])
def test_closed_and_literal_quotes_are_read(cell: str) -> None:
    text = "\n".join([HEADER, f"T01;{cell};Dar Taliba;{TAZA};En activité",
                      *_rows(3)[1:]]) + "\n"
    (table,), _ = read_tables(text.encode(), name="c.csv")
    assert len(table.rows) == 4


def test_lines_in_three_encodings_are_each_read_in_their_own() -> None:
    lines = [HEADER.encode(),
             f"T01;Centre d'alphabétisation;Dar Taliba;{TAZA};En activité".encode(),
             f"T02;Foyer féminin;Dar Taliba;{TAZA};En activité".encode("cp1252"),
             f"T03;مركز تازة للتكوين;Dar Taliba;{TAZA};مشتغل".encode("cp1256"),
             f"T04;Centre à Taza;Dar Taliba;{TAZA};En activité".encode("cp1252")]
    result = load_centres(b"\r\n".join(lines) + b"\r\n", name="mixed.csv")
    names = result.accepted.sort_values("centre_id")["name"].tolist()
    assert names == ["Centre d'alphabétisation", "Foyer féminin", "مركز تازة للتكوين",
                     "Centre à Taza"]
    notes = result.issues[result.issues["problem"].str.contains("is written in")]
    assert notes["row"].tolist() == [2]
    assert notes["problem"].iloc[0].startswith("line 2 is written in utf-8 while the file is "
                                               "cp1256")
    assert (notes["severity"] == "warning").all()


def test_a_file_in_one_code_page_has_no_encoding_warning() -> None:
    text = "\n".join([HEADER, *_rows(3), f"T09;Foyer féminin;Dar Taliba;{TAZA};En activité"])
    result = load_centres(text.encode("cp1252"), name="c.csv")
    assert not result.issues["problem"].str.contains("is written in").any()
    assert "Foyer féminin" in result.accepted["name"].tolist()


def _geojson(coordinates: list[str]) -> bytes:
    """Point features whose coordinates are written as given (``Infinity`` is not JSON but
    is what some exporters write)."""
    features = [{"type": "Feature",
                 "properties": {"ID": f"P{n}", "Nom": f"Centre {n}", "Type": "Dar Taliba",
                                "Code commune": TAZA},
                 "geometry": {"type": "Point", "coordinates": f"@{n}@"}}
                for n in range(1, len(coordinates) + 1)]
    text = json.dumps({"type": "FeatureCollection", "features": features})
    for n, point in enumerate(coordinates, start=1):
        text = text.replace(f'"@{n}@"', point)
    return text.encode()


def test_infinite_coordinates_are_dropped_and_the_row_kept() -> None:
    result = load_centres(_geojson(["[Infinity, -Infinity]", "[-4.01, 34.21]"]),
                          name="points.geojson")
    accepted = result.accepted.set_index("centre_id")
    assert sorted(accepted.index) == ["P1", "P2"]
    assert math.isnan(accepted.loc["P1", "latitude"])
    assert math.isnan(accepted.loc["P1", "longitude"])
    assert accepted.loc["P1", "commune_code"] == TAZA
    assert accepted.loc["P2", "latitude"] == pytest.approx(34.21)
    warned = result.issues[result.issues["column"] == "latitude/longitude"]
    assert warned["row"].tolist() == [1]
    assert "not a position on Earth" in warned["problem"].iloc[0]


@pytest.mark.parametrize("latitude, longitude", [
    ("1e400", "-4.01"), ("340", "-4.01"), ("34.21", "-181"), ("-90.5", "0")])
def test_a_point_off_the_earth_is_dropped_with_a_warning(latitude: str,
                                                        longitude: str) -> None:
    text = ("ID;Nom;Type;Code commune;Latitude;Longitude\n"
            f"T01;Centre;Dar Taliba;{TAZA};{latitude};{longitude}\n")
    result = load_centres(text.encode(), name="c.csv")
    row = result.accepted.iloc[0]
    assert math.isnan(row["latitude"]) and math.isnan(row["longitude"])
    assert row["commune_code"] == TAZA
    assert result.issues["problem"].str.contains("not a position on Earth").sum() == 1


def test_an_exported_dataset_never_holds_infinity(tmp_path: Path, capsys) -> None:
    points = tmp_path / "points.geojson"
    points.write_bytes(_geojson(["[Infinity, -Infinity]"]))
    assert main(["datasets", "import", str(points), "--name", "points"]) == 0
    out = tmp_path / "export.csv"
    assert main(["datasets", "export", "points", "--out", str(out)]) == 0
    assert "inf" not in out.read_text(encoding="utf-8-sig").lower()
    capsys.readouterr()
