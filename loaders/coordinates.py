"""Latitude and longitude of the rows of a table, as WGS 84 positions or nothing.

:func:`coordinates` reads the two columns (decimal degrees in any common notation,
:func:`loaders.numbers.parse_coordinate`) and keeps a point only when it is a position on
Earth: both values given, finite, the latitude within -90…90 and the longitude within
-180…180. Any other point (``Infinity`` in a GeoJSON, ``1e400``, a latitude of 340) is a
warning on its row and is dropped; the row itself is kept, so a commune given by its code
still counts. The readers' notes on rows (a geometry that is not a point, a CSV line in
another encoding) become warnings here too.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from loaders.messages import Message
from loaders.numbers import is_blank, parse_coordinate
from loaders.rows import Issues, Table

__all__ = ["coordinates", "numbers", "off_earth"]

LATITUDE_RANGE = (-90.0, 90.0)
LONGITUDE_RANGE = (-180.0, 180.0)
_PLAIN_NUMBER = r"\s*-?\d+(?:[.,]\d+)?\s*"


def numbers(table: Table, issues: Issues, field_name: str, what: str) -> np.ndarray:
    """The numbers of column ``field_name`` (``nan`` where blank), a warning for a cell
    that is not a coordinate."""
    values = np.full(table.size, np.nan)
    if not table.mapping.has(field_name):
        return values
    header = table.header_of(field_name)
    cells = pd.Series(table.column(field_name), dtype=object)
    # Vectorised path for plain numbers ("34.21", "-4,01"); the rest cell by cell.
    text = cells.map(lambda v: v if isinstance(v, str) else "")
    plain = text.str.fullmatch(_PLAIN_NUMBER).to_numpy(dtype=bool)
    if plain.any():
        values[plain] = pd.to_numeric(text[plain].str.replace(",", ".", regex=False)
                                      .str.strip()).to_numpy(dtype=float)
    for index in np.flatnonzero(~plain):
        cell = cells.iat[index]
        if is_blank(cell):
            continue
        try:
            values[index] = parse_coordinate(cell)
        except ValueError:
            issues.warning(index, header, cell,
                           Message("{what} is not a coordinate; ignored", what=what),
                           Message("write decimal degrees such as {a} or {b}", a="34,2100",
                                   b="34.2100"))
    return values


def off_earth(latitude: np.ndarray, longitude: np.ndarray) -> np.ndarray:
    """Rows whose point is given (either value) but is not a WGS 84 position: a value
    infinite or out of its range."""
    with np.errstate(invalid="ignore"):
        bad_latitude = ~np.isnan(latitude) & ~((latitude >= LATITUDE_RANGE[0])
                                               & (latitude <= LATITUDE_RANGE[1]))
        bad_longitude = ~np.isnan(longitude) & ~((longitude >= LONGITUDE_RANGE[0])
                                                 & (longitude <= LONGITUDE_RANGE[1]))
    return bad_latitude | bad_longitude


def coordinates(table: Table, issues: Issues) -> tuple[np.ndarray, np.ndarray]:
    """Latitude and longitude of every row (``nan`` where there is no valid point), with
    the warnings of the points dropped and of the reader's notes."""
    latitude = numbers(table, issues, "latitude", "latitude")
    longitude = numbers(table, issues, "longitude", "longitude")
    off = off_earth(latitude, longitude)
    for index in np.flatnonzero(off):
        issues.warning(index, "latitude/longitude", f"{latitude[index]:g}, {longitude[index]:g}",
                       Message("the point is not a position on Earth (latitude -90 to 90, "
                               "longitude -180 to 180, finite); the point is ignored"),
                       Message("give WGS84 decimal degrees, e.g. {a} and {b}", a="34.2100",
                               b="-4.0100"))
    latitude[off] = np.nan
    longitude[off] = np.nan
    one_only = np.isfinite(latitude) ^ np.isfinite(longitude)
    for index in np.flatnonzero(one_only):
        issues.warning(index, "latitude/longitude", "",
                       Message("only one of latitude and longitude is given; the point is "
                               "ignored"), Message("give both, in WGS84 decimal degrees"))
    latitude[one_only] = np.nan
    longitude[one_only] = np.nan
    for index, notes in table.raw.notes.items():
        position = _index_of_row(table, index)
        if position is not None:
            for note in notes:
                issues.warning(position, table.raw.note_column, "", note)
    return latitude, longitude


def _index_of_row(table: Table, row_number: int) -> int | None:
    try:
        return table.row_numbers.index(row_number)
    except ValueError:
        return None
