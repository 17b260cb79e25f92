"""Boundaries as a topology: every border between two units stored once, as an arc both use.

Nothing here imports Streamlit. The units' rings are quantised to integer steps of 1e-4
degree (the web-detail geometry keeps four decimals, so nothing moves), cut at their
*junctions* (the vertices where more than two borders meet, or where a border leaves the
outer edge) into arcs, and each arc is kept once: a unit lists the arcs of each ring, a
shared border being read forwards by one neighbour and backwards by the other. This is
TopoJSON's model (``topojson-server``'s join/cut/dedup steps); the text written is more
compact than TopoJSON's JSON arrays (see :func:`varints` and ``docs/performance.md``).

Encoding
--------
Numbers travel as *varints* in one 64-character alphabet (:data:`DIGITS`, no character
that JSON or HTML escapes): five bits per character, least significant first, the sixth
bit saying that more characters follow; signed numbers are zig-zagged first (0, -1, 1, -2
-> 0, 1, 2, 3). A step of a few hundred metres costs two characters instead of the four
to six of a JSON array element.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
"""The varint alphabet: index 0-31 ends a number, 32-63 says more characters follow."""
_DIGIT_BYTES = np.frombuffer(DIGITS.encode("ascii"), dtype=np.uint8)
SCALE = 10_000  # integer steps of 1e-4 degree
RING_END = " "  # between the rings of a polygon (arc references)
POLYGON_END = "|"  # between the polygons of a unit
UNIT_END = ";"  # between units
ARC_END = ","  # between arcs

__all__ = ["DIGITS", "SCALE", "Topology", "build_topology", "decode_document", "decode_varints",
           "line_topology",
           "shared_prefixes", "varints"]


def _varint_bytes(values: Iterable[int] | np.ndarray, signed: bool
                  ) -> tuple[np.ndarray, np.ndarray]:
    """The characters (alphabet bytes) of every number, and how many each number took."""
    numbers = np.asarray(values if isinstance(values, np.ndarray) else list(values),
                         dtype=np.int64).reshape(-1)
    if signed:
        numbers = np.where(numbers < 0, -2 * numbers - 1, 2 * numbers)
    if len(numbers) and int(numbers.min()) < 0:
        raise ValueError("unsigned varints must be >= 0")
    widths = np.ones(len(numbers), dtype=np.int64)
    rest = numbers >> 5
    while rest.any():
        widths += rest > 0
        rest >>= 5
    starts = np.concatenate(([0], np.cumsum(widths)[:-1])).astype(np.int64)
    owner = np.repeat(np.arange(len(numbers)), widths)
    place = np.arange(int(widths.sum())) - starts[owner]
    groups = (numbers[owner] >> (5 * place)) & 31
    more = place < widths[owner] - 1
    return _DIGIT_BYTES[groups + 32 * more], widths


def varints(values: Iterable[int] | np.ndarray, *, signed: bool = True) -> str:
    """Numbers as varint text (module docstring); ``signed``: zig-zag them first."""
    return _varint_bytes(values, signed)[0].tobytes().decode("ascii")


def _joined_varints(groups: Sequence[np.ndarray], separator: str) -> str:
    """Each group of signed numbers as varints, the groups joined by ``separator``."""
    if not groups:
        return ""
    characters, widths = _varint_bytes(np.concatenate(groups), True)
    text = characters.tobytes().decode("ascii")
    counts = np.array([len(group) for group in groups], dtype=np.int64)
    ends = np.cumsum(widths)[np.cumsum(counts) - 1]
    ends = np.where(counts > 0, ends, 0)
    parts, start = [], 0
    for count, end in zip(counts.tolist(), ends.tolist(), strict=True):
        if count:
            parts.append(text[start:end])
            start = end
        else:
            parts.append("")
    return separator.join(parts)


def decode_varints(text: str, *, signed: bool = True) -> list[int]:
    """The numbers of :func:`varints` text (the decoder in ``static/js/topology.js``)."""
    out, value, shift = [], 0, 0
    for char in text:
        digit = DIGITS.index(char)
        value |= (digit & 31) << shift
        shift += 5
        if digit < 32:
            out.append((-(value + 1) // 2 if value % 2 else value // 2) if signed else value)
            value, shift = 0, 0
    if shift:
        raise ValueError("varint text ends inside a number")
    return out


def shared_prefixes(texts: Sequence[str]) -> str:
    """Sorted-ish texts (unit codes) each as the number of leading characters it shares with
    the one before (one :data:`DIGITS` character, at most 63) and the rest, joined by ``|``:
    ``05.301.01.01|A03`` for ``05.301.01.01``, ``05.301.01.03``. Texts must not hold ``|``."""
    parts, previous = [], ""
    for text in texts:
        if POLYGON_END in text:
            raise ValueError(f"a code holds {POLYGON_END!r}: {text!r}")
        shared = 0
        for a, b in zip(previous, text, strict=False):
            if a != b or shared == len(DIGITS) - 1:
                break
            shared += 1
        parts.append(DIGITS[shared] + text[shared:])
        previous = text
    return POLYGON_END.join(parts)


@dataclass(frozen=True)
class Topology:
    """Arcs and the units made of them.

    ``arcs`` holds each arc's vertices (integer steps, x = longitude, y = latitude);
    ``units`` each unit's polygons, each polygon its rings, each ring its arc references
    (``i`` read forwards, ``~i`` backwards, as TopoJSON writes them).
    """

    arcs: list[np.ndarray]
    units: list[list[list[list[int]]]]

    def arc_text(self) -> str:
        """Every arc's vertices as varint steps from the vertex before, the first vertex of
        an arc from the last vertex of the arc before it, arcs ended by ``,``."""
        groups, last = [], np.zeros((1, 2), dtype=np.int64)
        for arc in self.arcs:
            groups.append(np.diff(arc, axis=0, prepend=last).ravel())
            last = arc[-1:]
        return _joined_varints(groups, ARC_END)

    def unit_text(self) -> str:
        """Every unit's arc references: each reference ``r`` (``~i`` for ``i`` backwards)
        as the varint of ``2 * (i - previous i) + backwards`` (zig-zagged), rings ended by
        a space, polygons by ``|``, units by ``;``."""
        previous = 0
        units = []
        for polygons in self.units:
            rings_text = []
            for rings in polygons:
                ring_parts = []
                for ring in rings:
                    numbers = []
                    for ref in ring:
                        index, backwards = (~ref, 1) if ref < 0 else (ref, 0)
                        delta = index - previous
                        previous = index
                        zig = -2 * delta - 1 if delta < 0 else 2 * delta
                        numbers.append(2 * zig + backwards)
                    ring_parts.append(varints(numbers, signed=False))
                rings_text.append(RING_END.join(ring_parts))
            units.append(POLYGON_END.join(rings_text))
        return UNIT_END.join(units)

    def topojson(self, codes: Sequence[str]) -> dict:
        """The same topology as a standard TopoJSON document (quantised, delta-encoded arcs
        as JSON arrays), what ``topojson-client`` reads: kept to compare sizes."""
        arcs = [np.diff(arc, axis=0, prepend=np.zeros((1, 2), dtype=np.int64)).tolist()
                for arc in self.arcs]  # the first position absolute, then steps
        geometries = [{"type": "MultiPolygon", "arcs": polygons, "properties": {"code": code}}
                      for code, polygons in zip(codes, self.units, strict=True)]
        return {"type": "Topology", "transform": {"scale": [1 / SCALE, 1 / SCALE],
                                                  "translate": [0, 0]},
                "objects": {"units": {"type": "GeometryCollection", "geometries": geometries}},
                "arcs": arcs}


def _rings(geometry) -> list[list[np.ndarray]]:
    """A (Multi)Polygon's polygons, each its rings as integer vertices (no closing vertex,
    no vertex repeated twice in a row once quantised); rings left with fewer than three
    vertices are dropped, and a polygon whose outer ring is."""
    if geometry is None or geometry.is_empty:
        return []
    polygons = list(geometry.geoms) if geometry.geom_type.startswith("Multi") else [geometry]
    out = []
    for polygon in polygons:
        rings = []
        for ring in (polygon.exterior, *polygon.interiors):
            ints = np.rint(np.asarray(ring.coords)[:-1, :2] * SCALE).astype(np.int64)
            if len(ints) > 1:
                keep = np.any(ints != np.roll(ints, 1, axis=0), axis=1)
                ints = ints[keep]
            if len(ints) >= 3:
                rings.append(ints)
            elif not rings:  # the outer ring vanished: so does the polygon
                break
        if rings:
            out.append(rings)
    return out


def _keys(points: np.ndarray) -> np.ndarray:
    """One int64 per vertex (x and y in 32 bits each)."""
    return (points[:, 0] << 32) + (points[:, 1] & 0xFFFFFFFF)


def _junctions(rings: list[np.ndarray]) -> set[int]:
    """Vertices (keys) where a ring meets more than two distinct neighbours: where borders
    meet or part."""
    if not rings:
        return set()
    keys = np.concatenate([_keys(ring) for ring in rings])
    previous = np.concatenate([_keys(np.roll(ring, 1, axis=0)) for ring in rings])
    following = np.concatenate([_keys(np.roll(ring, -1, axis=0)) for ring in rings])
    pairs = pd.DataFrame({"key": np.concatenate([keys, keys]),
                          "neighbour": np.concatenate([previous, following])})
    counts = pairs.drop_duplicates().groupby("key").size()
    return set(counts.index[counts.to_numpy() > 2].tolist())


def _cut(ring: np.ndarray, junctions: set[int]) -> list[np.ndarray]:
    """A ring cut into arcs at its junctions (each arc closed by the next junction), or
    the whole ring from its smallest vertex when it has none (so two rings that are the
    same border start at the same vertex)."""
    keys = _keys(ring)
    at = [i for i, key in enumerate(keys.tolist()) if key in junctions]
    if not at:
        start = int(np.argmin(keys))
        rotated = np.roll(ring, -start, axis=0)
        return [np.vstack([rotated, rotated[:1]])]
    rotated = np.roll(ring, -at[0], axis=0)
    cuts = [i - at[0] for i in at] + [len(ring)]
    closed = np.vstack([rotated, rotated[:1]])
    return [closed[a:b + 1] for a, b in itertools.pairwise(cuts)]


def build_topology(geometries: Iterable) -> Topology:
    """The topology of (Multi)Polygons: rings cut at junctions, each arc kept once.

    Parameters
    ----------
    geometries : iterable of shapely (Multi)Polygon or None
        EPSG:4326; quantised to 1e-4 degree.

    Returns
    -------
    Topology
        One entry of ``units`` per geometry (empty for a missing or empty one).
    """
    shapes = [_rings(geometry) for geometry in geometries]
    junctions = _junctions([ring for polygons in shapes for rings in polygons for ring in rings])
    arcs: list[np.ndarray] = []
    index: dict[bytes, int] = {}

    def reference(arc: np.ndarray) -> int:
        key = arc.tobytes()
        found = index.get(key)
        if found is not None:
            return found
        backwards = index.get(arc[::-1].tobytes())
        if backwards is not None:
            return ~backwards
        index[key] = len(arcs)
        arcs.append(np.ascontiguousarray(arc))
        return len(arcs) - 1

    units = [[[[reference(arc) for arc in _cut(ring, junctions)] for ring in rings]
              for rings in polygons] for polygons in shapes]
    return Topology(arcs, units)


def line_topology(geometries: Iterable) -> Topology:
    """(Multi)LineStrings (outlines) as a :class:`Topology`: each line one arc of its own
    (nothing to share), each unit's "polygons" its lines, each one "ring" of one arc."""
    arcs: list[np.ndarray] = []
    units: list[list[list[list[int]]]] = []
    for geometry in geometries:
        parts = [] if geometry is None or geometry.is_empty else (
            list(geometry.geoms) if geometry.geom_type.startswith("Multi") else [geometry])
        unit = []
        for line in parts:
            ints = np.rint(np.asarray(line.coords)[:, :2] * SCALE).astype(np.int64)
            if len(ints) < 2:
                continue
            unit.append([[len(arcs)]])
            arcs.append(ints)
        units.append(unit)
    return Topology(arcs, units)


def decode_document(doc: dict) -> dict:
    """A boundary document (:func:`dashboard.app.map_files.encode_units`) read back, as the
    browser reads it (``taghtia_topology`` in ``static/js/topology.js``): ``codes``, ``pop``
    (None where unknown), ``units`` (per unit its polygons, each its rings as lists of
    (lon, lat), a ring's closing vertex dropped), ``arcs`` (their vertices) and
    ``arc_units`` (per arc the units using it)."""
    scale, lines = doc["scale"], bool(doc.get("lines"))
    arcs, x, y = [], 0, 0
    for text in doc["arcs"].split(ARC_END) if doc["arcs"] else []:
        steps, arc = decode_varints(text), []
        for k in range(0, len(steps), 2):
            x, y = x + steps[k], y + steps[k + 1]
            arc.append((x / scale, y / scale))
        arcs.append(arc)
    arc_units: list[list[int]] = [[] for _ in arcs]
    units, previous = [], 0
    for u, unit_text in enumerate(doc["units"].split(UNIT_END) if doc["units"] else []):
        polygons = []
        for polygon_text in unit_text.split(POLYGON_END) if unit_text else []:
            rings = []
            for ring_text in polygon_text.split(RING_END):
                ring: list[tuple[float, float]] = []
                for value in decode_varints(ring_text, signed=False):
                    zig, backwards = value >> 1, value & 1
                    previous += -(zig + 1) // 2 if zig % 2 else zig // 2
                    if not arc_units[previous] or arc_units[previous][-1] != u:
                        arc_units[previous].append(u)
                    arc = arcs[previous][::-1] if backwards else arcs[previous]
                    ring.extend(arc[1:] if ring else arc)
                rings.append(ring if lines else ring[:-1])
            polygons.append(rings)
        units.append(polygons)
    codes, last = [], ""
    for part in doc["codes"].split(POLYGON_END) if doc["codes"] else []:
        last = last[:DIGITS.index(part[0])] + part[1:]
        codes.append(last)
    pop = [n - 1 if n else None for n in decode_varints(doc["pop"], signed=False)] \
        if "pop" in doc else None
    return {"codes": codes, "pop": pop, "units": units, "arcs": arcs, "arc_units": arc_units}
