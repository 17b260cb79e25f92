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
import functools
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

from dashboard.app import topology
from dashboard.reports.palette import CENTRE_COLOUR

STATIC_DIR = Path(__file__).parent / "static"
STATIC_URL = "/app/static"
JS_DIR = STATIC_DIR / "js"  # the map's own scripts, read once at import (see _script_template)
GEO_DIR = STATIC_DIR / "geo"  # boundary files written at first use (not in git)
GEO_URL = f"{STATIC_URL}/geo"
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


def encode_units(units: gpd.GeoDataFrame, *, text: bool = True) -> str:
    """Compact JSON of unit boundaries as a topology (:mod:`dashboard.app.topology`): each
    border between two units written once, as an arc both refer to.

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
        ``{"scale": 10000, "codes": "...", "fr": [...], "ar": [...], "pop": "...",
        "arcs": "...", "units": "..."}``: ``codes`` each as the characters it shares with
        the code before and the rest (:func:`~dashboard.app.topology.shared_prefixes`),
        ``pop`` one unsigned varint per unit (population + 1, 0 unknown), ``arcs`` and
        ``units`` as :meth:`~dashboard.app.topology.Topology.arc_text` and
        :meth:`~dashboard.app.topology.Topology.unit_text` write them; ``"lines": 1``
        for outlines (each line one arc, its units' "rings" not closed). Safe to embed in
        a ``<script>`` element.
    """
    if "code" not in units.columns:
        raise ValueError("units must have a 'code' column")
    lines = bool(len(units)) and bool(units.geom_type.isin(("LineString",
                                                             "MultiLineString")).all())
    shapes = topology.line_topology(units.geometry) if lines else (
        topology.build_topology(units.geometry))
    codes = [str(c) for c in units["code"]]
    doc: dict[str, object] = {"scale": topology.SCALE, "codes": topology.shared_prefixes(codes)}
    if lines:
        doc["lines"] = 1
    if text:
        for key, column in (("fr", "name_fr"), ("ar", "name_ar")):
            doc[key] = [str(v) for v in units[column]] if column in units.columns else []
        if "population_2024" in units.columns:
            doc["pop"] = topology.varints([0 if pd.isna(v) else int(v) + 1
                                           for v in units["population_2024"]], signed=False)
    doc["arcs"] = shapes.arc_text()
    doc["units"] = shapes.unit_text()
    return script_json(doc)


@dataclass(frozen=True, eq=False)
class ArcOutlines:
    """Context outlines drawn in the browser from the arcs of the map's own units (nothing
    sent again): the borders between units whose codes differ in their first ``prefix``
    characters (the parent unit's code, e.g. the province's), and the outer edge.

    ``fallback`` is drawn instead when the units are coarser than those parents (their
    codes shorter than ``prefix``: regions cannot draw province borders).
    """

    prefix: int
    fallback: GeoLayer

    def derivable(self, units: GeoLayer | str) -> bool:
        """Whether ``units`` (a map's boundaries) hold the arcs of these outlines."""
        return isinstance(units, GeoLayer) and bool(units.codes) and all(
            len(code) >= self.prefix for code in units.codes)


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

    Columns of varints (:func:`dashboard.app.topology.varints`): positions in integer steps
    of 1e-4 degree from the previous centre, the centre's name as indexes of its words, the
    commune name and every label and value as an index into a word table (the most used
    words first: the shortest indexes), the rows of a tooltip as an index into the table of
    distinct row sets.

    Returns
    -------
    (dict, list of Point)
        ``{"positions": "...", "titles": "...", "subtitles": "...", "rowset": "...",
        "rowsets": "...", "words": [...], "colours": [...]}`` (plus ``"colour"`` and
        ``"labels"`` when a point has another colour or a label) and the points kept, in
        order. ``titles``: per point its number of words then their indexes, or 0 then the
        index of the whole name; ``subtitles``, ``labels``: index + 1 (0: none);
        ``rowsets``: per row set its number of words then their indexes.
    """
    kept = [p for p in points if finite(p.latitude) and finite(p.longitude)]
    uses: dict[str, int] = {}

    def count(text: str) -> None:
        uses[text] = uses.get(text, 0) + 1

    titles = [_title(str(p.title), lambda part: part) for p in kept]
    for p, title in zip(kept, titles, strict=True):
        for part in [title] if isinstance(title, str) else title:
            count(part)
        for text in (p.subtitle, p.label) if p.subtitle or p.label else ():
            if text:
                count(str(text))
        for pair in p.rows:
            for part in pair:
                count(str(part))
    words = sorted(uses, key=lambda text: -uses[text])  # stable: first seen first on ties
    index = {text: i for i, text in enumerate(words)}
    rowsets: dict[tuple[int, ...], int] = {}
    colours: dict[str, int] = {}
    title_column: list[int] = []
    rowset_column, colour_column, label_column, subtitle_column = [], [], [], []
    for p, title in zip(kept, titles, strict=True):
        if isinstance(title, str):
            title_column += [0, index[title]]
        else:
            title_column += [len(title), *(index[part] for part in title)]
        subtitle_column.append(index[str(p.subtitle)] + 1 if p.subtitle else 0)
        rowset = tuple(index[str(part)] for pair in p.rows for part in pair)
        rowset_column.append(rowsets.setdefault(rowset, len(rowsets)))
        colour_column.append(colours.setdefault(str(p.colour), len(colours)))
        label_column.append(index[str(p.label)] + 1 if p.label else 0)
    positions = np.rint(np.array([[float(p.latitude), float(p.longitude)] for p in kept],
                                 dtype=float).reshape(-1, 2) * 1e4).astype(np.int64)
    steps = np.diff(positions, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    doc: dict[str, object] = {
        "positions": topology.varints(steps.ravel()),
        "titles": topology.varints(title_column, signed=False),
        "subtitles": topology.varints(subtitle_column, signed=False),
        "rowset": topology.varints(rowset_column, signed=False),
        "rowsets": topology.varints([n for r in rowsets for n in (len(r), *r)], signed=False),
        "words": words, "colours": list(colours) or [CENTRE_COLOUR]}
    if any(colour_column):
        doc["colour"] = topology.varints(colour_column, signed=False)
    if any(label_column):
        doc["labels"] = topology.varints(label_column, signed=False)
    return doc, kept


def decode_points(doc: dict) -> list[dict]:
    """The markers of an :func:`encode_points` document read back, as the browser reads them
    (``taghtia_point_rows`` in ``static/js/taghtia.js``): per point its ``latitude``,
    ``longitude``, ``title``, ``subtitle``, ``rows`` (label, value pairs), ``colour`` and
    ``label``."""
    unsigned = functools.partial(topology.decode_varints, signed=False)
    words, steps = doc["words"], topology.decode_varints(doc["positions"])
    titles, subtitles = unsigned(doc["titles"]), unsigned(doc["subtitles"])
    sets, table = unsigned(doc["rowsets"]), []
    while sets:
        table.append([words[i] for i in sets[1:1 + sets[0]]])
        sets = sets[1 + sets[0]:]
    column = unsigned(doc["rowset"])
    colours = unsigned(doc["colour"]) if "colour" in doc else [0] * len(column)
    labels = unsigned(doc["labels"]) if "labels" in doc else [0] * len(column)
    out, lat, lon, at = [], 0, 0, 0
    for i, rowset in enumerate(column):
        lat, lon = lat + steps[2 * i], lon + steps[2 * i + 1]
        n = titles[at]
        title = words[titles[at + 1]] if n == 0 else " ".join(
            words[k] for k in titles[at + 1:at + 1 + n])
        at += 2 if n == 0 else 1 + n
        pairs = table[rowset]
        out.append({"latitude": lat / 1e4, "longitude": lon / 1e4, "title": title,
                    "subtitle": words[subtitles[i] - 1] if subtitles[i] else "",
                    "rows": [(pairs[k], pairs[k + 1]) for k in range(0, len(pairs), 2)],
                    "colour": doc["colours"][colours[i]],
                    "label": words[labels[i] - 1] if labels[i] else ""})
    return out


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


