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
