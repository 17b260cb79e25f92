"""XML parts parsed with DTDs forbidden whatever precedes them and whatever the encoding,
and one cell of any format bounded to ``TAGHTIA_MAX_CELL_CHARS`` (32,767 characters, Excel's
own limit), refused with the cell's name."""

from __future__ import annotations

import io
import json
import time

import pandas as pd
import pytest

from loaders.errors import FileReadError, LimitError
from loaders.read import read_tables
from loaders.xml_stream import stream_elements
from tests.loaders.hostile_files import (
    long_text,
    ods_bytes,
    ods_doctype_after_comment,
    ods_table,
    xlsx_bytes,
    xlsx_doctype_after_comment,
    xlsx_entity_amplification,
    xlsx_long_shared_string,
    xlsx_sheet,
    xlsx_utf16_doctype,
)

LIMIT = 32_767


@pytest.mark.parametrize("build, name", [
    (xlsx_doctype_after_comment, "comment.xlsx"),
    (xlsx_utf16_doctype, "utf16.xlsx"),
    (ods_doctype_after_comment, "comment.ods"),
])
def test_a_dtd_is_refused_wherever_it_stands(build, name: str) -> None:
    with pytest.raises(FileReadError, match="declares a DTD"):
        read_tables(build(), name=name)


def test_an_amplified_internal_entity_is_refused_at_once() -> None:
    data = xlsx_entity_amplification(entity_mb=1, references=90)
    assert len(data) < 1_000_000
    started = time.perf_counter()
    with pytest.raises(FileReadError, match="declares a DTD"):
        read_tables(data, name="amplified.xlsx")
    assert time.perf_counter() - started < 20  # generous: the parse stops at <!DOCTYPE


@pytest.mark.parametrize("prolog", [
    b"",
    b'<?xml version="1.0"?>',
    b'<?xml version="1.0"?><!-- comment --><?pi data?>',
])
def test_external_entities_and_laughs_fail_by_construction(prolog: bytes) -> None:
    for doctype in (b'<!DOCTYPE r SYSTEM "http://example.org/x.dtd">',
                    b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
                    b'<!DOCTYPE r [<!ENTITY a "a"><!ENTITY b "&a;&a;">]>'):
        stream = io.BytesIO(prolog + doctype + b"<r>&x;</r>")
        with pytest.raises(FileReadError, match="declares a DTD"):
            list(stream_elements(stream, "sheet"))


def test_a_utf16_part_without_dtd_is_read() -> None:
    sheet = ('<?xml version="1.0" encoding="UTF-16"?>' + xlsx_sheet(
        ['<row r="1"><c t="inlineStr"><is><t>ID</t></is></c></row>',
         '<row r="2"><c t="inlineStr"><is><t>مركز</t></is></c></row>']))
    (table,), _ = read_tables(xlsx_bytes(b"\xff\xfe" + sheet.encode("utf-16-le")),
                              name="utf16.xlsx")
    assert table.rows == [["ID"], ["مركز"]]


def _csv(text: str) -> bytes:
    return f"ID;Nom\n1;court\n2;{text}\n".encode()


def _xlsx_inline(text: str) -> bytes:
    return xlsx_bytes(xlsx_sheet([
        '<row r="1"><c r="A1" t="inlineStr"><is><t>ID</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Nom</t></is></c></row>',
        f'<row r="3"><c r="A3"><v>2</v></c><c r="B3" t="inlineStr"><is><t>{text}</t></is>'
        "</c></row>"]))


def _ods(text: str) -> bytes:
    return ods_bytes(ods_table("Centres", [["ID", "Nom"], ["1", "court"], ["2", text]]))


def _geojson(text: str) -> bytes:
    features = [{"type": "Feature", "properties": {"ID": "1", "Nom": text},
                 "geometry": {"type": "Point", "coordinates": [-4.0, 34.2]}}]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def _xlsx_written(text: str) -> bytes:
    buffer = io.BytesIO()
    pd.DataFrame({"ID": ["1", "2"], "Nom": ["court", text]}).to_csv(buffer, index=False)
    return buffer.getvalue()


CASES = {
    "csv": (_csv, "c.csv", "cell B3"),
    "xlsx-inline": (_xlsx_inline, "i.xlsx", 'sheet "centres", cell B3'),
    "xlsx-shared": (lambda text: xlsx_long_shared_string(len(text)), "s.xlsx",
                    'sheet "centres", cell B2'),
    "ods": (_ods, "o.ods", 'sheet "Centres", cell B3'),
    "geojson": (_geojson, "g.geojson", "feature 1, property Nom"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_cell_over_the_limit_is_refused_by_name(case: str) -> None:
    build, name, where = CASES[case]
    with pytest.raises(LimitError) as refused:
        read_tables(build(long_text(LIMIT + 1)), name=name)
    message = str(refused.value)
    assert message.startswith(f"{where}: 32,768 characters > 32,767")
    assert message.endswith("shorten the cell or raise TAGHTIA_MAX_CELL_CHARS")


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_cell_at_the_limit_is_read(case: str) -> None:
    build, name, _ = CASES[case]
    tables, _ = read_tables(build(long_text(LIMIT)), name=name)
    assert max(len(v) for row in tables[0].rows for v in row if isinstance(v, str)) == LIMIT


def test_the_cell_limit_can_be_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TAGHTIA_MAX_CELL_CHARS", "100000")
    (table,), _ = read_tables(_csv(long_text(50_000)), name="c.csv")
    assert len(table.rows[2][1]) == 50_000
