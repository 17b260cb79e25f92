"""Limits on what a file may hold: hostile and careless files are refused early, in one line."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest
from hostile_files import (
    deep_json,
    lying_zip,
    ods_bytes,
    ods_repeat_bomb,
    ods_table,
    ods_zip_bomb,
    xlsx_bytes,
    xlsx_many_cells,
    xlsx_sheet,
    xlsx_zip_bomb,
)

from loaders import load_centres
from loaders.errors import FileReadError, LimitError
from loaders.limits import ENVIRONMENT, Limits, current
from loaders.preview import file_headers, preview_tables
from loaders.read import read_head, read_tables

HEADER = ["ID", "Nom du centre", "Type", "Code commune"]


@pytest.fixture
def opened_parts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the ZIP parts the loaders start to decompress."""
    opened: list[str] = []
    original = zipfile.ZipFile.open

    def spy(self: zipfile.ZipFile, name: object, mode: str = "r", *args: object,
            **kwargs: object) -> object:
        if mode == "r":
            opened.append(getattr(name, "filename", name))
        return original(self, name, mode, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    return opened


def _csv(rows: int, columns: int = 4) -> bytes:
    lines = [";".join(HEADER + [f"x{i}" for i in range(columns - 4)])]
    lines += [";".join([f"C{n}", "Dar Taliba", "EPS", "03.561.01.11"] + ["1"] * (columns - 4))
              for n in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def test_every_limit_has_a_variable_and_a_default(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ENVIRONMENT.values():
        monkeypatch.delenv(variable, raising=False)
    assert current() == Limits()
    assert set(ENVIRONMENT) == set(Limits.__dataclass_fields__)
    monkeypatch.setenv("TAGHTIA_MAX_ROWS", "1_000")
    assert current().rows == 1000
    monkeypatch.setenv("TAGHTIA_MAX_ROWS", "lots")
    with pytest.raises(LimitError, match="TAGHTIA_MAX_ROWS"):
        current()


def test_rows_over_the_limit_name_the_limit_and_the_way_out(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TAGHTIA_MAX_ROWS", "200")
    assert len(read_tables(_csv(200))[0][0].rows) == 201
    with pytest.raises(LimitError) as error:
        read_tables(_csv(300))
    assert str(error.value) == "more than 200 rows: split the file or raise TAGHTIA_MAX_ROWS"


@pytest.mark.parametrize(
    ("variable", "value", "data"),
    [
        ("TAGHTIA_MAX_COLUMNS", "10", _csv(3, columns=12)),
        ("TAGHTIA_MAX_CELLS", "100", _csv(30)),
        ("TAGHTIA_MAX_UPLOAD_MB", "1", _csv(40_000)),
    ],
)
def test_columns_cells_and_size(monkeypatch: pytest.MonkeyPatch, variable: str, value: str,
                                data: bytes) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(LimitError, match=variable):
        read_tables(data)
    with pytest.raises(LimitError, match=variable):
        read_tables(io.BytesIO(data))


def test_ods_zip_bomb_is_refused_before_any_part_is_inflated(opened_parts: list[str]) -> None:
    data = ods_zip_bomb(mimetype_mb=64)
    assert len(data) < 200_000
    with pytest.raises(LimitError, match="TAGHTIA_MAX_ZIP_RATIO"):
        read_tables(data, name="bomb.ods")
    assert opened_parts == []


def test_xlsx_zip_bomb_is_refused_before_any_part_is_inflated(
        opened_parts: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    data = xlsx_zip_bomb(sheet_mb=64)
    with pytest.raises(LimitError, match="TAGHTIA_MAX_ZIP_RATIO"):
        read_tables(data, name="bomb.xlsx")
    monkeypatch.setenv("TAGHTIA_MAX_ZIP_RATIO", "100000")
    monkeypatch.setenv("TAGHTIA_MAX_UNZIPPED_MB", "32")
    with pytest.raises(LimitError, match="TAGHTIA_MAX_UNZIPPED_MB"):
        read_tables(data, name="bomb.xlsx")
    assert opened_parts == []


def test_a_part_larger_than_it_declares_is_refused_while_read() -> None:
    rows = [f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>x</t></is></c></row>'
            for n in range(1, 20_000)]
    data = lying_zip(xlsx_bytes(xlsx_sheet(rows)), "xl/worksheets/sheet1.xml", 2_000)
    with pytest.raises(FileReadError, match="save it again"):
        read_tables(data, name="forged.xlsx")


def test_ods_repeat_bomb_is_refused_at_once() -> None:
    data = ods_repeat_bomb(rows=1_000_000, columns=16_000)
    assert len(data) < 1_000
    with pytest.raises(LimitError, match=r"TAGHTIA_MAX_(CELLS|ROWS|COLUMNS)"):
        read_tables(data, name="bomb.ods")


def test_ods_empty_repeats_cost_nothing() -> None:
    """LibreOffice ends every sheet with a million empty rows and columns, repeated."""
    rows = [HEADER, ["C1", "Dar Taliba", "EPS", "03.561.01.11"]]
    trailing = ('<table:table-row table:number-rows-repeated="1048570"><table:table-cell '
                'table:number-columns-repeated="16384"/></table:table-row>')
    table = ods_table("centres", rows).replace("</table:table>", trailing + "</table:table>")
    (sheet,), _ = read_tables(ods_bytes(table), name="centres.ods")
    assert sheet.rows == rows and sheet.row_numbers == [1, 2]


def test_five_million_cells_are_refused_by_the_cells_limit(
        monkeypatch: pytest.MonkeyPatch) -> None:
    data = xlsx_many_cells(rows=100_000, columns=50)
    assert len(data) < 1_000_000
    with pytest.raises(LimitError):
        read_tables(data, name="big.xlsx")
    monkeypatch.setenv("TAGHTIA_MAX_ZIP_RATIO", "100000")  # let the sheet be streamed
    with pytest.raises(LimitError, match="TAGHTIA_MAX_CELLS"):
        read_tables(data, name="big.xlsx")


def test_head_reads_only_the_first_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TAGHTIA_MAX_ROWS", "100")
    monkeypatch.setenv("TAGHTIA_MAX_ZIP_RATIO", "100000")
    (table,), _ = read_head(_csv(1_000), rows=5)
    assert len(table.rows) == 5
    (sheet,), _ = read_head(xlsx_many_cells(rows=1_000_000), name="big.xlsx")
    assert len(sheet.rows) == 20
    with pytest.raises(LimitError):
        read_tables(_csv(1_000))


def test_deep_json_is_a_typed_error() -> None:
    with pytest.raises(LimitError, match="TAGHTIA_MAX_JSON_DEPTH"):
        read_tables(deep_json(100_000), name="deep.geojson")
    with pytest.raises(FileReadError):
        read_tables(b'{"type": "FeatureCollection", "features": ' + deep_json(50) + b"}",
                    name="shallow.geojson")


def test_text_in_a_number_cell_is_a_row_issue_in_plain_words() -> None:
    rows = [
        '<row r="1">' + "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>'
                                for h in [*HEADER, "Nb services"]) + "</row>",
        '<row r="2">' + "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>'
                                for v in ["C1", "Dar Taliba", "EPS", "03.561.01.11"])
        + '<c r="E2" t="n"><v>abc</v></c></row>',
    ]
    result = load_centres(xlsx_bytes(xlsx_sheet(rows)), name="centres.xlsx")
    assert result.rows_read == 1
    (issue,) = result.issues.itertuples(index=False)
    assert (issue.row, issue.column, issue.value) == (2, "Nb services", "abc")
    assert issue.problem == "services must be a whole number between 0 and 1000"


def test_a_nul_late_in_a_csv_is_reported_with_its_line() -> None:
    data = _csv(3_000).replace(b"C2999;", b"C29\x0099;")
    with pytest.raises(FileReadError, match="line 3,001 holds a NUL"):
        read_tables(data, name="centres.csv")


def test_workbook_values_survive_the_streaming_readers() -> None:
    frame = pd.DataFrame({"ID": ["1"], "Nombre": [3], "Part": [0.5],
                          "Date": [pd.Timestamp("2021-03-04")], "Vrai": [True]})
    for engine, name in (("openpyxl", "b.xlsx"), ("odf", "b.ods")):
        buffer = io.BytesIO()
        with pd.ExcelWriter(buffer, engine=engine) as writer:
            frame.to_excel(writer, sheet_name="s", index=False)
        (sheet,), _ = read_tables(buffer.getvalue(), name=name)
        assert sheet.rows[1][:3] == ["1", 3, 0.5], name
        assert pd.Timestamp(sheet.rows[1][3]).date().isoformat() == "2021-03-04", name
        assert sheet.rows[1][4] is True, name


def test_xml_entities_are_never_expanded() -> None:
    laughs = ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
              '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>')
    sheet = laughs + xlsx_sheet(['<row r="1"><c t="inlineStr"><is><t>&b;</t></is></c></row>'])
    with pytest.raises(FileReadError, match="DTD"):
        read_tables(xlsx_bytes(sheet), name="laughs.xlsx")


def test_a_damaged_compressed_part_is_a_typed_error() -> None:
    data = bytearray(xlsx_bytes(xlsx_sheet([
        f'<row r="{n}"><c t="inlineStr"><is><t>centre {n}</t></is></c></row>'
        for n in range(1, 500)
    ])))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename)
    for offset in range(40, 60):
        data[start + offset] ^= 0x5A
    with pytest.raises(FileReadError, match="damaged"):
        read_tables(bytes(data), name="damaged.xlsx")


def test_csv_lines_end_as_in_a_file_opened_with_universal_newlines() -> None:
    data = 'ID;Nom;Type\r\n1;"a\r\nb";EPS\r2;c\u2028d;EPS\n3;e\x0cf;EPS'.encode()
    (table,), _ = read_tables(data)
    assert table.rows[1:] == [["1", "a\r\nb", "EPS"], ["2", "c\u2028d", "EPS"],
                              ["3", "e\x0cf", "EPS"]]
    assert table.row_numbers == [1, 2, 4, 5]


def test_headers_of_a_huge_workbook_come_from_its_first_rows(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TAGHTIA_MAX_ZIP_RATIO", "100000")
    head = '<row r="1">' + "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>'
                                   for h in HEADER) + "</row>"
    body = f'<row><c t="inlineStr"><is><t>C</t></is></c>{"<c><v>1</v></c>" * 3}</row>'
    data = xlsx_bytes(xlsx_sheet([head, body * 1_000_000]))
    assert file_headers(data, name="huge.xlsx") == HEADER
    assert [len(table.rows) for table in preview_tables(data, name="huge.xlsx", rows=5)] == [5]


def test_shared_texts_count_against_the_cells_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             + "".join(f"<si><t>texte {n}</t></si>" for n in range(500)) + "</sst>")
    sheet = xlsx_sheet(['<row r="1"><c t="s"><v>0</v></c><c t="s"><v>499</v></c></row>'])
    data = xlsx_bytes(sheet, extra={"xl/sharedStrings.xml": texts.encode()})
    (table,), _ = read_tables(data, name="texts.xlsx")
    assert table.rows == [["texte 0", "texte 499"]]
    monkeypatch.setenv("TAGHTIA_MAX_CELLS", "100")
    with pytest.raises(LimitError, match="more than 100 texts"):
        read_tables(data, name="texts.xlsx")


def test_loader_errors_are_one_line_whatever_the_file_holds() -> None:
    rows = [["ID", "Nom du\ncentre", "Genre"], ["C1", "Dar Taliba", "EPS"]]
    with pytest.raises(FileReadError) as error:
        load_centres(ods_bytes(ods_table("centres", rows)), name="c.ods")
    assert "header has: ID, Nom du centre, Genre" in str(error.value)
    assert str(FileReadError("a\x1b[2J\nb")) == "a[2J b"
    with zipfile.ZipFile(io.BytesIO(ods_bytes(ods_table("c", rows)))) as archive:
        content = archive.read("content.xml").replace(b'encoding="UTF-8"', b'encoding="TTF-8"')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", b"application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    with pytest.raises(FileReadError, match="damaged"):
        read_tables(buffer.getvalue(), name="c.ods")


def test_a_head_read_of_a_long_ods_counts_only_its_first_rows(
        monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [HEADER] + [[f"C{n}", "Dar Taliba", "EPS", "03.561.01.11"] for n in range(300)]
    data = ods_bytes(ods_table("centres", rows) + ods_table("autre", rows[:3]))
    monkeypatch.setenv("TAGHTIA_MAX_CELLS", "100")
    with pytest.raises(LimitError, match="TAGHTIA_MAX_CELLS"):
        read_tables(data, name="long.ods")
    assert [len(table.rows) for table in preview_tables(data, name="long.ods", rows=5)] == [5, 3]
