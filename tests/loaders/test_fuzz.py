"""Fuzzing every reader: random bytes and damaged copies of a valid file of each format.

Whatever the bytes, loading a file ends in a result or in a one-line
:class:`~loaders.errors.TaghtiaError`, never in another exception, and within tight limits
(set low here, so that a damaged file cannot make one example slow). The default profile
runs a fixed, small set of examples per format (a few seconds in all);
``HYPOTHESIS_PROFILE=explore`` draws many more, new ones every run.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

import geopandas as gpd
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import Point

from loaders import load_workbook
from loaders.errors import TaghtiaError
from tests.loaders.loader_samples import FRENCH_REGISTRY, csv_bytes, frame_from_csv

EXPLORING = os.environ.get("HYPOTHESIS_PROFILE") == "explore"
FUZZ = settings(max_examples=1000 if EXPLORING else 60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
TIGHT_LIMITS = {"TAGHTIA_MAX_ROWS": "2000", "TAGHTIA_MAX_CELLS": "20000",
                "TAGHTIA_MAX_COLUMNS": "100", "TAGHTIA_MAX_UNZIPPED_MB": "8",
                "TAGHTIA_MAX_UPLOAD_MB": "2", "TAGHTIA_MAX_JSON_DEPTH": "32"}


@contextmanager
def _tight_limits() -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in TIGHT_LIMITS}
    os.environ.update(TIGHT_LIMITS)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _frame() -> pd.DataFrame:
    return frame_from_csv(FRENCH_REGISTRY.split("\n", 1)[1])


def _workbook(engine: str) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine=engine) as writer:
        _frame().to_excel(writer, sheet_name="centres", index=False)
        pd.DataFrame({"Année": [2021], "ID": ["T01"], "Montant (DH)": [1000.5]}).to_excel(
            writer, sheet_name="financements", index=False)
    return buffer.getvalue()


def _layer(driver: str) -> bytes:
    layer = gpd.GeoDataFrame({"ID": ["C1", "C2"], "Nom du centre": ["A", "B"],
                              "Type": ["EPS", "CEF"]},
                             geometry=[Point(-4.01, 34.21), Point(-5.3, 33.0)], crs=4326)
    buffer = io.BytesIO()
    layer.to_file(buffer, driver=driver, **({"layer": "centres"} if driver == "GPKG" else {}))
    return buffer.getvalue()


@cache
def valid_file(file_format: str) -> bytes:
    """A small valid file of ``file_format``, the seed of the mutations."""
    if file_format == "csv":
        return csv_bytes(FRENCH_REGISTRY)
    if file_format == "xlsx":
        return _workbook("openpyxl")
    if file_format == "ods":
        return _workbook("odf")
    return _layer("GeoJSON" if file_format == "geojson" else "GPKG")


def _load(data: bytes, name: str) -> None:
    with _tight_limits():
        try:
            load_workbook(data, name=name)
        except TaghtiaError as error:
            message = str(error)
            assert message and "\n" not in message
            assert "Traceback" not in message and "invalid literal" not in message


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with a few bytes flipped, cut, inserted or repeated."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, max(0, len(out) - 1)))
        action = draw(st.sampled_from(["flip", "cut", "insert", "repeat", "truncate"]))
        if action == "flip" and out:
            out[position] ^= draw(st.integers(1, 255))
        elif action == "cut":
            del out[position: position + draw(st.integers(1, 64))]
        elif action == "insert":
            out[position:position] = draw(st.binary(min_size=1, max_size=32))
        elif action == "repeat":
            chunk = out[position: position + draw(st.integers(1, 64))]
            out[position:position] = chunk * draw(st.integers(1, 50))
        else:
            del out[position:]
    return bytes(out)


@st.composite
def mutated_part(draw: st.DrawFn, data: bytes) -> bytes:
    """A ZIP workbook one of whose parts (XML) is damaged, the archive itself intact."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    name = draw(st.sampled_from(sorted(parts)))
    parts[name] = draw(mutated(parts[name]))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, content in parts.items():
            archive.writestr(part, content)
    return buffer.getvalue()


FORMATS = ["csv", "xlsx", "ods", "geojson", "gpkg"]


@pytest.mark.parametrize("file_format", FORMATS)
def test_the_seed_files_load(file_format: str) -> None:
    book = load_workbook(valid_file(file_format), name=f"seed.{file_format}")
    assert book.centres.rows_read >= 2


@pytest.mark.parametrize("file_format", FORMATS)
@FUZZ
@given(data=st.data())
def test_damaged_files_give_typed_errors(file_format: str, data: st.DataObject) -> None:
    _load(data.draw(mutated(valid_file(file_format))), f"fuzz.{file_format}")


@pytest.mark.parametrize("file_format", ["xlsx", "ods"])
@FUZZ
@given(data=st.data())
def test_damaged_workbook_parts_give_typed_errors(file_format: str,
                                                  data: st.DataObject) -> None:
    _load(data.draw(mutated_part(valid_file(file_format))), f"fuzz.{file_format}")


@FUZZ
@given(data=st.binary(max_size=3000),
       name=st.sampled_from([f"random.{f}" for f in FORMATS] + ["upload", "random.json"]))
def test_random_bytes_give_typed_errors(data: bytes, name: str) -> None:
    _load(data, name)


@FUZZ
@given(prefix=st.sampled_from([b"PK\x03\x04", b"SQLite format 3\x00", b"{", b"[",
                               b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\xef\xbb\xbf"]),
       data=st.binary(max_size=3000))
def test_random_bytes_behind_a_known_signature_give_typed_errors(prefix: bytes,
                                                                 data: bytes) -> None:
    _load(prefix + data, "random.bin")


# --------------------------------------------------------------------------------------------
# The hostile shapes of the third review, drawn at random: a DTD anywhere in an XML part and
# in any encoding, a cell over the per-cell limit, a quote left open on any line, lines in
# mixed encodings, points off the Earth. Each ends in a result whose rows are all accounted
# for, or in a one-line error.
# --------------------------------------------------------------------------------------------

_PROLOGS = st.sampled_from(["", "<!-- <a -->", "<?pi x?>", "<!-- x -->\n<!-- <b> -->",
                            "\n\n"])
_DOCTYPES = st.sampled_from(['<!DOCTYPE w [<!ENTITY a "aaaa">]>',
                             '<!DOCTYPE w SYSTEM "http://example.org/w.dtd">',
                             '<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/hostname">]>',
                             "<!DOCTYPE w>"])


@FUZZ
@given(prolog=_PROLOGS, doctype=_DOCTYPES,
       encoding=st.sampled_from(["utf-8", "utf-16-le", "utf-16-be", "utf-16"]))
def test_a_dtd_anywhere_in_any_encoding_is_refused(prolog: str, doctype: str,
                                                   encoding: str) -> None:
    from loaders.errors import FileReadError
    from tests.loaders.hostile_files import xlsx_bytes, xlsx_sheet

    declared = "UTF-8" if encoding == "utf-8" else "UTF-16"
    sheet = (f'<?xml version="1.0" encoding="{declared}"?>{prolog}{doctype}'
             + xlsx_sheet(['<row r="1"><c t="inlineStr"><is><t>ID</t></is></c></row>']))
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    data = xlsx_bytes(bom + sheet.encode(encoding))
    with _tight_limits(), pytest.raises(FileReadError, match="declares a DTD"):
        load_workbook(data, name="dtd.xlsx")


@FUZZ
@given(extra=st.integers(min_value=1, max_value=5000),
       file_format=st.sampled_from(["csv", "ods", "xlsx"]))
def test_a_cell_over_the_limit_is_always_refused(extra: int, file_format: str) -> None:
    from loaders.errors import LimitError
    from tests.loaders.hostile_files import long_text, ods_bytes, ods_table

    text = long_text(32_767 + extra)
    if file_format == "csv":
        data = f"ID;Nom du centre;Type\nT1;{text};Dar Taliba\n".encode()
    elif file_format == "ods":
        data = ods_bytes(ods_table("c", [["ID", "Nom du centre"], ["T1", text]]))
    else:  # written by hand: openpyxl itself refuses a cell over 32,767 characters
        data = _long_inline_xlsx(text)
    with _tight_limits(), pytest.raises(LimitError, match="characters > 32,767"):
        load_workbook(data, name=f"long.{file_format}")


def _long_inline_xlsx(text: str) -> bytes:
    from tests.loaders.hostile_files import xlsx_bytes, xlsx_sheet

    return xlsx_bytes(xlsx_sheet([
        '<row r="1"><c r="A1" t="inlineStr"><is><t>ID</t></is></c></row>',
        f'<row r="2"><c r="A2" t="inlineStr"><is><t>{text}</t></is></c></row>']))


@FUZZ
@given(rows=st.integers(min_value=2, max_value=30), data=st.data())
def test_a_quote_left_open_on_any_line_is_named(rows: int, data: st.DataObject) -> None:
    from loaders.errors import FileReadError

    opened = data.draw(st.integers(min_value=1, max_value=rows))
    lines = ["ID;Nom du centre;Type de centre;Code commune"]
    for n in range(1, rows + 1):
        name = f'"Centre {n}' if n == opened else f"Centre {n}"
        lines.append(f"T{n};{name};Dar Taliba;03.561.01.11")
    with _tight_limits(), pytest.raises(FileReadError,
                                        match=rf"^line {opened + 1}: a quote"):
        load_workbook(("\n".join(lines) + "\n").encode(), name="quote.csv")


@FUZZ
@given(encodings=st.lists(st.sampled_from(["utf-8", "cp1252", "cp1256"]), min_size=1,
                          max_size=8))
def test_lines_in_mixed_encodings_are_each_read_as_written(encodings: list[str]) -> None:
    texts = {"utf-8": "Centre d'alphabétisation", "cp1252": "Foyer féminin à Taza",
             "cp1256": "مركز تازة"}
    lines = [b"ID;Nom du centre;Type de centre;Code commune"] + [
        f"T{n};{texts[e]};Dar Taliba;03.561.01.11".encode(e)
        for n, e in enumerate(encodings, start=1)]
    with _tight_limits():
        book = load_workbook(b"\n".join(lines) + b"\n", name="mixed.csv")
    assert sorted(book.centres.accepted["name"]) == sorted(texts[e] for e in encodings)


@FUZZ
@given(latitude=st.one_of(st.floats(allow_nan=False), st.sampled_from(["Infinity",
                                                                       "-Infinity"])),
       longitude=st.one_of(st.floats(allow_nan=False), st.sampled_from(["Infinity"])))
def test_points_are_kept_only_on_the_earth(latitude, longitude) -> None:
    import math

    def json_number(value) -> str:
        return value if isinstance(value, str) else repr(float(value)).replace("inf",
                                                                                "Infinity")

    data = ('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
            '{"ID": "P1", "Nom": "Centre", "Type": "Dar Taliba", "Code commune": '
            f'"03.561.01.11"}}, "geometry": {{"type": "Point", "coordinates": '
            f'[{json_number(longitude)}, {json_number(latitude)}]}}}}]}}').encode()
    with _tight_limits():
        try:
            book = load_workbook(data, name="points.geojson")
        except TaghtiaError as error:
            assert "\n" not in str(error)
            return
    for row in book.centres.accepted.itertuples():
        if not math.isnan(row.latitude):
            assert -90 <= row.latitude <= 90 and -180 <= row.longitude <= 180
