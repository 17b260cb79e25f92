"""The map's data as static files: boundaries and centres encoded compactly, sent once.

Nothing here imports Streamlit. Geometry is passed to :mod:`dashboard.app.maps` pre-serialised
(a :class:`GeoLayer`), so the app serialises the boundaries of a territory once per process
and only the small per-unit style table changes between reruns. Centres likewise: a
:class:`Markers` is every centre of a territory in a static file (:class:`PointLayer`,
fetched once) and a bitmask of those this rerun shows (one bit per centre).

Every JSON blob meant for a ``<script>`` element goes through :func:`script_json`: ``<``,
``>`` and ``&`` are written as ``\\u003c`` etc. so a value can never close the element.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from dashboard.reports.palette import CENTRE_COLOUR

STATIC_DIR = Path(__file__).parent / "static"
STATIC_URL = "/app/static"
JS_DIR = STATIC_DIR / "js"  # the map's own scripts, read once at import (see _script_template)
GEO_DIR = STATIC_DIR / "geo"  # boundary files written at first use (not in git)
GEO_URL = f"{STATIC_URL}/geo"
GEO_SCALE = 10_000  # web detail keeps 4 decimals: integer steps of 1e-4 degree
# Streamlit's static serving sends no Cache-Control; browsers then keep a file fresh for a
# tenth of its age since Last-Modified. The boundary files are named by their content, so
# they never change: dated far in the past, browsers keep them (years) instead of fetching
# them again whenever a map is redrawn.
GEO_MTIME = 946_684_800  # 2000-01-01T00:00:00Z


def script_json(value: object) -> str:
    """JSON text that is safe to embed inside an HTML ``<script>`` element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


@dataclass(frozen=True, eq=False)
class StaticFile:
    """Map data served once as a static file (``/app/static/geo/<name>.json``, the name
    carries a hash of the content so a browser cache never serves a stale file), or embedded
    inline in the stand-alone "download this map" file."""

    name: str
    text: str
    suffix = "json"  # of the file's name (a class attribute, not a field)

    @property
    def url(self) -> str:
        return f"{GEO_URL}/{self.name}.{self.suffix}"

    def save(self, directory: Path | None = None) -> Path | None:
        """Write the file once (atomically); an existing file of the same name is kept.

        Returns the path, or None when the directory cannot be written (an installation
        on a read-only file system): maps then carry the data inline.
        """
        directory = GEO_DIR if directory is None else directory
        path = directory / f"{self.name}.{self.suffix}"
        try:
            if not path.is_file():
                directory.mkdir(parents=True, exist_ok=True)
                handle, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    out.write(self.text)
                os.chmod(temporary, 0o644)
                os.utime(temporary, (GEO_MTIME, GEO_MTIME))
                os.replace(temporary, path)
            elif path.stat().st_mtime != GEO_MTIME:
                os.utime(path, (GEO_MTIME, GEO_MTIME))
        except OSError:
            return None if not path.is_file() else path
        return path

    def served(self) -> bool:
        """Whether the static file exists (else the data must travel inline)."""
        return (GEO_DIR / f"{self.name}.{self.suffix}").is_file()


@dataclass(frozen=True, eq=False)
class GeoLayer(StaticFile):
    """Boundaries of a (level, territory) pair in the compact encoding, plus their static text.
    See :func:`geo_layer`."""

    codes: tuple[str, ...] = ()
    bounds: tuple[float, float, float, float] = (27.6, -13.2, 35.9, -1.0)  # S, W, N, E


def _ring_steps(coords: np.ndarray, last: list[int], closed: bool = True) -> list[int]:
    """Integer steps of 1e-4 degree between successive vertices (a ring's closing vertex
    dropped: the decoder closes it)."""
    array = np.asarray(coords)
    ints = np.rint((array[:-1] if closed else array)[:, :2] * GEO_SCALE).astype(np.int64)
    if len(ints) == 0:
        return []
    steps = np.diff(ints, axis=0, prepend=np.array([last], dtype=np.int64))
    last[0], last[1] = int(ints[-1, 0]), int(ints[-1, 1])
    return steps.ravel().tolist()


def encode_units(units: gpd.GeoDataFrame, *, text: bool = True) -> str:
    """Compact JSON of unit boundaries: each ring as integer steps of 1e-4°, delta-encoded.

    Parameters
    ----------
    units : geopandas.GeoDataFrame
        EPSG:4326 (Multi)Polygons, or (Multi)LineStrings for outlines, with a ``code``
        column (and ``name_fr``, ``name_ar``, ``population_2024`` when ``text``).
    text : bool
        Carry the static tooltip text (French and Arabic names, population 2024).

    Returns
    -------
    str
        ``{"scale": 10000, "codes": [...], "fr": [...], "ar": [...], "pop": [...],
        "geoms": [[[ring steps, ...] per polygon] per unit]}``; a ring is a flat list
        ``dx0, dy0, dx1, dy1, ...`` of steps from the previous vertex of the whole file
        (lon, lat order). Safe to embed in a ``<script>`` element.
    """
    if "code" not in units.columns:
        raise ValueError("units must have a 'code' column")
    last = [0, 0]
    geoms = []
    lines = bool(len(units)) and bool(units.geom_type.isin(("LineString",
                                                             "MultiLineString")).all())
    for geometry in units.geometry:
        parts = [] if geometry is None or geometry.is_empty else (
            list(geometry.geoms) if geometry.geom_type.startswith("Multi") else [geometry])
        if lines:
            geoms.append([[_ring_steps(line.coords, last, closed=False)] for line in parts])
        else:
            geoms.append([[_ring_steps(ring.coords, last)
                           for ring in (polygon.exterior, *polygon.interiors)]
                          for polygon in parts])
    doc: dict[str, object] = {"scale": GEO_SCALE, "codes": [str(c) for c in units["code"]]}
    if lines:
        doc["lines"] = 1
    if text:
        for key, column in (("fr", "name_fr"), ("ar", "name_ar")):
            doc[key] = [str(v) for v in units[column]] if column in units.columns else []
        if "population_2024" in units.columns:
            doc["pop"] = [None if pd.isna(v) else int(v) for v in units["population_2024"]]
    doc["geoms"] = geoms
    return script_json(doc)


def content_name(stem: str, text: str) -> str:
    """``<stem>-<hash of the text>``: a file name that changes whenever its content does."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    safe = re.sub(r"[^\w.-]", "_", stem)
    return f"{safe}-{digest}"


def geo_layer(units: gpd.GeoDataFrame, stem: str, *, text: bool = True) -> GeoLayer:
    """:class:`GeoLayer` of ``units`` named ``<stem>-<hash of the content>``."""
    encoded = encode_units(units, text=text)
    if len(units):
        west, south, east, north = (float(v) for v in units.total_bounds)
    else:
        west, south, east, north = -13.2, 27.6, -1.0, 35.9
    return GeoLayer(content_name(stem, encoded), encoded,
                    tuple(str(c) for c in units["code"]), (south, west, north, east))


@dataclass(frozen=True)
class Point:
    """One centre drawn on top of the units.

    Text is plain (not markup): the browser builds the tooltip with ``textContent``, so a
    name like ``<img src=x onerror=...>`` is shown as typed and never parsed as HTML.
    """

    latitude: float
    longitude: float
    title: str
    subtitle: str = ""
    rows: tuple[tuple[str, str], ...] = ()
    colour: str = CENTRE_COLOUR
    label: str = ""  # short text drawn on the marker (e.g. a rank); such markers never cluster


def _title(text: str, word) -> list[int] | str:
    """A centre name as indexes of its words (names share words: "Dar Taliba ..."), or as
    itself when it does not split cleanly on single spaces."""
    parts = text.split(" ")
    if len(parts) < 2 or any(not part for part in parts):
        return text
    return [word(part) for part in parts]


def encode_points(points: Iterable[Point]) -> tuple[dict, list[Point]]:
    """Compact document of centre markers, and the points it holds (those with a position).

    Positions in integer steps of 1e-4 degree from the previous centre, the centre's name as
    indexes of its words, the commune name and every label and value as an index into a word
    table, the rows of a tooltip as an index into the table of distinct row sets.

    Returns
    -------
    (dict, list of Point)
        ``{"points": [[dlat, dlon, title, subtitle, rowset(, colour(, label))], ...],
        "words": [...], "rowsets": [...], "colours": [...]}`` and the points kept, in order.
    """
    words: dict[str, int] = {}
    rowsets: dict[tuple[int, ...], int] = {}
    colours: dict[str, int] = {}

    def word(text: str) -> int:
        return words.setdefault(str(text), len(words))

    rows, kept = [], []
    last = (0, 0)
    for p in points:
        if not (finite(p.latitude) and finite(p.longitude)):
            continue
        rowset = tuple(word(part) for pair in p.rows for part in pair)
        lat, lon = round(float(p.latitude) * 1e4), round(float(p.longitude) * 1e4)
        row = [lat - last[0], lon - last[1], _title(str(p.title), word),
               word(p.subtitle) if p.subtitle else -1,
               rowsets.setdefault(rowset, len(rowsets))]
        last = (lat, lon)
        colour = colours.setdefault(str(p.colour), len(colours))
        if colour or p.label:
            row.append(colour)
        if p.label:
            row.append(word(p.label))
        rows.append(row)
        kept.append(p)
    return ({"points": rows, "words": list(words), "rowsets": [list(r) for r in rowsets],
             "colours": list(colours) or [CENTRE_COLOUR]}, kept)


@dataclass(frozen=True, eq=False)
class PointLayer(StaticFile):
    """Every centre of a territory (whatever the filters) as one static file; see
    :func:`point_layer`. ``points`` are those in the file, in its order."""

    points: tuple[Point, ...] = ()


def point_layer(points: Iterable[Point], stem: str) -> PointLayer:
    """:class:`PointLayer` of ``points`` named ``<stem>-<hash of the content>``."""
    doc, kept = encode_points(points)
    text = script_json(doc)
    return PointLayer(content_name(stem, text), text, tuple(kept))


@dataclass(frozen=True, eq=False)
class Markers:
    """Centre markers of one rerun: every centre of the territory in ``layer`` (a static file
    fetched once) and which of them the filters keep (``shown``, one boolean per point of the
    layer). Iterates over the points shown, like a list of :class:`Point`."""

    layer: PointLayer
    shown: np.ndarray

    def __post_init__(self) -> None:
        shown = np.asarray(self.shown, dtype=bool)
        if shown.shape != (len(self.layer.points),):
            raise ValueError(f"shown must have one boolean per point of the layer "
                             f"({len(self.layer.points)}), got shape {shown.shape}")
        object.__setattr__(self, "shown", shown)

    def __len__(self) -> int:
        return int(self.shown.sum())

    def __iter__(self):
        return (p for p, keep in zip(self.layer.points, self.shown, strict=True) if keep)

    def mask(self) -> str:
        """The bitmask in base64, least significant bit first (``taghtia_mask`` in
        ``static/js/taghtia.js``)."""
        return base64.b64encode(np.packbits(self.shown, bitorder="little").tobytes()).decode()



def finite(value: object) -> bool:
    try:
        return math.isfinite(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False



class ScriptFile(StaticFile):
    """A script served once as a static file, named by its content like the map data."""

    suffix = "js"


