"""Reading bytes into raw tables: encodings, delimiters, workbooks, point layers, bad files."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from loaders.errors import EmptyFileError, FileReadError, TaghtiaError, UnsupportedFormatError
from loaders.read import decode_text, read_tables
from tests.loaders.loader_samples import ARABIC_REGISTRY, FRENCH_REGISTRY, csv_bytes, xlsx_bytes

HEADER = ["ID", "Nom du centre", "Type de centre", "Code commune", "Commune", "Province",
          "Latitude", "Longitude", "Mode de gestion", "Statut", "Nb services"]


def test_french_excel_dialect() -> None:
    tables, name = read_tables(csv_bytes(FRENCH_REGISTRY), name="taza.csv")
    (table,) = tables
    assert name == "taza.csv"
    assert table.delimiter == ";"
    assert table.encoding == "utf-8-sig"
    assert table.rows[1] == HEADER
    assert table.row_numbers[:3] == [1, 2, 3]
    assert table.rows[4][6:8] == ["34,2100", "-4,0100"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8", "utf-8-sig"])
def test_unicode_encodings(encoding: str) -> None:
    (table,), _ = read_tables(csv_bytes(ARABIC_REGISTRY, encoding))
    assert table.rows[0][1] == "اسم المركز"
    assert table.rows[1][1] == "دار الطالبة أكنول"


def test_cp1256_arabic() -> None:
    (table,), _ = read_tables(csv_bytes(ARABIC_REGISTRY, "cp1256"), name="ar.csv")
    assert table.encoding == "cp1256"
    assert table.rows[2][3] == "تاهلة"


def test_cp1252_french() -> None:
    text = ("ID;Nom du centre;Commune\n1;École de l'Espérance à Fès;Fès\n"
            "2;Foyer Aït Ishaq;Khénifra\n")
    (table,), _ = read_tables(csv_bytes(text, "cp1252"))
    assert table.encoding == "cp1252"
    assert table.rows[1][1] == "École de l'Espérance à Fès"
    assert table.rows[2][1] == "Foyer Aït Ishaq"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters(delimiter: str) -> None:
    text = delimiter.join(["ID", "Nom", "Latitude", "Longitude"]) + "\n"
    text += delimiter.join(["1", '"Dar, Taliba; x"', "34,21", "-4,01"]) + "\n"
    if delimiter == ",":
        text = "ID,Nom,Latitude,Longitude\n1,\"Dar, Taliba; x\",\"34,21\",\"-4,01\"\n"
    (table,), _ = read_tables(text.encode())
    assert table.delimiter == delimiter
    assert table.rows[1] == ["1", "Dar, Taliba; x", "34,21", "-4,01"]


def test_readers_take_path_and_file_object(tmp_path: Path) -> None:
    path = tmp_path / "centres.csv"
    path.write_bytes(csv_bytes(FRENCH_REGISTRY))
    by_path, name = read_tables(path)
    by_str, _ = read_tables(str(path))
    with path.open("rb") as handle:
        by_handle, handle_name = read_tables(handle)
    by_upload, upload_name = read_tables(io.BytesIO(path.read_bytes()), name="upload.csv")
    assert by_path[0].rows == by_str[0].rows == by_handle[0].rows == by_upload[0].rows
    assert (name, handle_name, upload_name) == ("centres.csv", "centres.csv", "upload.csv")


def test_xlsx_sheets_and_formula_text_kept() -> None:
    centres = pd.DataFrame({"ID": ["1", "2"], "Nom": ['=HYPERLINK("http://x","y")', "M'diq"]})
    funding = pd.DataFrame({"Année": [2021], "Montant (DH)": ["1 468 411,00"]})
    tables, _ = read_tables(xlsx_bytes({"centres": centres, "financements": funding}),
                            name="book.xlsx")
    assert [t.sheet for t in tables] == ["centres", "financements"]
    assert tables[0].rows[1][1] == '=HYPERLINK("http://x","y")'
    assert tables[0].rows[2][1] == "M'diq"
    assert tables[1].row_numbers == [1, 2]


def test_ods_workbook() -> None:
    buffer = io.BytesIO()
    frame = pd.DataFrame({"ID": ["1"], "Nom": ["Aït Ishaq"], "Commune": ["Khénifra"]})
    with pd.ExcelWriter(buffer, engine="odf") as writer:
        frame.to_excel(writer, sheet_name="centres", index=False)
    tables, _ = read_tables(buffer.getvalue(), name="centres.ods")
    assert tables[0].file_format == "ods"
    assert tables[0].rows[1][1] == "Aït Ishaq"


def _points_frame() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"ID": ["G1", "G2"], "Nom du centre": ["Centre Taza", "Centre Khénifra"],
         "Type": ["EPS", "CEF"]},
        geometry=[Point(-4.01, 34.21), Point(-5.67, 32.94)],
        crs="EPSG:4326",
    )


def test_geojson_points() -> None:
    data = _points_frame().to_json().encode()
    (table,), _ = read_tables(data, name="centres.geojson")
    assert table.file_format == "geojson"
    assert table.header_known
    assert table.rows[0][:2] == ["latitude", "longitude"]
    assert table.rows[1][:2] == pytest.approx([34.21, -4.01])
    assert table.row_numbers == [0, 1, 2]


def test_geopackage_points_reprojected(tmp_path: Path) -> None:
    path = tmp_path / "centres.gpkg"
    _points_frame().to_crs("EPSG:32629").to_file(path, driver="GPKG")
    (table,), _ = read_tables(path)
    assert table.file_format == "gpkg"
    assert table.rows[1][:2] == pytest.approx([34.21, -4.01], abs=1e-6)


def test_decode_text_utf16_without_bom() -> None:
    text, encoding = decode_text("ID;Nom\n1;تازة\n".encode("utf-16-le"))
    assert encoding == "utf-16-le"
    assert "تازة" in text


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "error"),
    [
        (b"", "centres.csv", EmptyFileError),
        (b"\xef\xbb\xbf  \r\n\r\n", "centres.csv", EmptyFileError),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "photo.xlsx", FileReadError),
        (bytes(range(256)) * 20, "data.csv", UnsupportedFormatError),
        (b"ID;Nom\n1;x\n", "renamed.xlsx", FileReadError),
        (b"%PDF-1.4 ...", "scan.pdf", UnsupportedFormatError),
        (_zip_bytes(), "letter.docx", UnsupportedFormatError),
        (b"PK\x03\x04 broken zip", "book.xlsx", FileReadError),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old.xls", FileReadError),
        (b'{"type": "FeatureCollection", "features": [', "c.geojson", FileReadError),
        (json.dumps({"type": "FeatureCollection", "features": []}).encode(), "c.geojson",
         EmptyFileError),
    ],
)
def test_unreadable_files_raise_one_line_typed_errors(data: bytes, name: str,
                                                      error: type[Exception]) -> None:
    with pytest.raises(error) as excinfo:
        read_tables(data, name=name)
    message = str(excinfo.value)
    assert isinstance(excinfo.value, TaghtiaError)
    assert message and "\n" not in message


def test_missing_path_and_folder(tmp_path: Path) -> None:
    with pytest.raises(FileReadError, match="not found"):
        read_tables(tmp_path / "nope.csv")
    with pytest.raises(FileReadError, match="folder"):
        read_tables(tmp_path)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("ID;NOM;COMMUNE\n1;ÉCOLE DE L'ÉDUCATION;FÈS\n2;CENTRE D'ÉTÉ;KHÉNIFRA\n", "cp1252"),
        ("Nom;Région\nÉcole élémentaire à côté;Fès\n", "cp1252"),
        ("ID;Nom du centre;Commune\n1;دار الطالبة;تازة\n2;Délégation;خنيفرة\n", "cp1256"),
    ],
)
def test_windows_code_page_choice(text: str, encoding: str) -> None:
    decoded, found = decode_text(text.encode(encoding))
    assert (decoded, found) == (text, encoding)


def test_excel_sep_hint_line() -> None:
    (table,), _ = read_tables(b"sep=|\r\nID|Nom, du centre|Commune\r\n1|A, B|Taza\r\n")
    assert table.delimiter == "|"
    assert table.rows == [["ID", "Nom, du centre", "Commune"], ["1", "A, B", "Taza"]]
    assert table.row_numbers == [2, 3]
