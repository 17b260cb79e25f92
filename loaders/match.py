"""Matching rows to communes: by code, then point, then name (exact, then fuzzy).

All lookups go through :class:`Reference`, built once per process from :mod:`geodata`
(the 1,503 communes of the 2024 division, full-detail polygons, HCP codes, the 41
arrondissements and the 2014 → 2024 crosswalk) and cached. It holds three indexes, each in
its own module: by code (:mod:`loaders.code_index`), by name (:mod:`loaders.name_index`,
built on first use) and by point (:mod:`loaders.point_index`, polygons loaded on first use).

Code
    Dotted or 9-digit code, through ``geodata.normalise_code`` and the reference table
    (the six split cities have codes of another shape). A 2014 code is cross-walked to
    2024 with a warning; an arrondissement's code resolves to its city commune with a
    warning; a code of a province, cercle or region is rejected with its name.
Point
    WGS84 latitude/longitude, point-in-polygon on full-detail communes in one bulk
    ``STRtree.query`` (a tree of the points, queried with the prepared polygons; points on
    a shared border go to the commune with the lowest code).
    A point outside every commune is tried with latitude and longitude swapped (accepted
    with a warning when that lands in Morocco). A point in the sea or a sliver outside
    the national outline within :data:`SNAP_KM` (2 km, measured in ``geodata.METRIC_CRS``,
    UTM 29N) of a commune is given to the nearest commune with a warning that states the
    distance. Anything else is outside Morocco and rejected with its coordinates.
Name
    French or Arabic commune names normalised by :func:`loaders.names.normalise_name`
    (2014 spellings and arrondissement names included), scoped to the province when the
    row gives one; exact match first (then the same without articles: ``El Gouzate`` =
    ``Gouzate``, ``الكوزات`` = ``كوزات``), then ``rapidfuzz`` ``token_sort_ratio`` with a
    cutoff of :data:`FUZZY_CUTOFF`. Two communes equally good → rejected, listing both.
    Distinct (name, province) pairs are matched once, so a registry that repeats names
    costs one lookup per distinct name.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cached_property, lru_cache

import numpy as np

from loaders.code_index import CodeIndex, CodeMatch
from loaders.communes import CommuneLabels
from loaders.messages import Message, joined
from loaders.name_index import FUZZY_CUTOFF, NameIndex, NameMatch
from loaders.names import normalise_name
from loaders.numbers import is_blank
from loaders.point_index import PointIndex, PointMatch

__all__ = [
    "FUZZY_CUTOFF",
    "SNAP_KM",
    "CodeMatch",
    "NameMatch",
    "PointMatch",
    "Reference",
    "match_codes",
    "match_names",
    "match_points",
    "reference",
]

SNAP_KM = 2.0


class Reference(CommuneLabels):
    """Reference communes indexed for matching. Build with :func:`reference`.

    The codes, positions and labels of :class:`loaders.communes.CommuneLabels`, plus three
    indexes: :attr:`by_code` (ready at once, from the light web-detail table),
    :attr:`by_name` and :attr:`by_point` (built on first use, so a file located by code never
    pays for the name indexes or the full-detail polygons).
    """

    def __init__(self) -> None:
        super().__init__()
        self.by_code = CodeIndex(self)

    @cached_property
    def by_name(self) -> NameIndex:
        """Communes and provinces by name (built on first use)."""
        return NameIndex(self, self.by_code)

    @cached_property
    def by_point(self) -> PointIndex:
        """Full-detail polygons and the spatial searches (loaded on first use)."""
        return PointIndex(self)

    @property
    def crosswalk(self) -> dict[str, tuple[str, str]]:
        """2014 commune code (dotted and digits) -> (2024 code, 2014 name)."""
        return self.by_code.crosswalk

    @property
    def communes(self):  # -> geopandas.GeoDataFrame
        """Full-detail communes (EPSG:4326), in :attr:`codes` order."""
        return self.by_point.full_communes

    def lookup_code(self, value: object) -> CodeMatch:
        """Commune of one code as typed (see :mod:`loaders.code_index`)."""
        return self.by_code.lookup_code(value)

    def lookup_province(self, value: object) -> str | None:
        """Province code of a province name or code, or ``None`` when not recognised."""
        return self.by_name.lookup_province(value)

    def lookup_names(self, pairs: Sequence[tuple[str, str | None]]) -> list[NameMatch]:
        """Communes of many (normalised name, province or None) pairs."""
        return self.by_name.lookup_names(pairs)

    def communes_named(self, name: object) -> set[str]:
        """Codes of the communes (or arrondissements' cities) exactly named ``name``."""
        return self.by_name.communes_named(name)

    def locate(self, latitude: np.ndarray, longitude: np.ndarray) -> np.ndarray:
        """Position of the commune containing each point (``-1`` when none), in bulk."""
        return self.by_point.locate(latitude, longitude)

    def nearest_within(self, latitude: np.ndarray, longitude: np.ndarray,
                       max_km: float) -> tuple[np.ndarray, np.ndarray]:
        """Nearest commune within ``max_km`` of each point: (positions or -1, km)."""
        return self.by_point.nearest_within(latitude, longitude, max_km)

    def distance_km(self, codes: Sequence[str], latitude: np.ndarray,
                    longitude: np.ndarray) -> np.ndarray:
        """Distance in km from each point to the commune of the same position in ``codes``."""
        return self.by_point.distance_km(codes, latitude, longitude)


@lru_cache(maxsize=1)
def reference() -> Reference:
    """The shared :class:`Reference` (built on first use, about a second)."""
    return Reference()


# ---------------------------------------------------------------------------- bulk API


def match_codes(values: Sequence[object]) -> list[CodeMatch | None]:
    """Look up many codes; ``None`` for empty cells. Each distinct code is looked up once."""
    ref = reference()
    cache: dict[str, CodeMatch] = {}
    results: list[CodeMatch | None] = []
    for value in values:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            results.append(None)
            continue
        text = str(value).strip()
        if not text:
            results.append(None)
            continue
        if text not in cache:
            cache[text] = ref.lookup_code(text)
        results.append(cache[text])
    return results


def match_names(names: Sequence[object],
                provinces: Sequence[object] | None = None) -> list[NameMatch | None]:
    """Look up many commune names, each scoped by the province of the same position.

    ``None`` for rows with no name. Distinct (name, province) pairs are matched once.
    """
    ref = reference()
    if provinces is None:
        provinces = [None] * len(names)
    province_cache: dict[str | None, tuple[str | None, str | None]] = {}
    rows: list[tuple[str, str | None, str | None, str] | None] = []
    for name, province in zip(names, provinces, strict=True):
        key = "" if is_blank(name) else normalise_name(name)
        if not key:
            rows.append(None)
            continue
        province_key = None if is_blank(province) else str(province).strip()
        if province_key not in province_cache:
            if not province_key:
                province_cache[province_key] = (None, None)
            else:
                code = ref.lookup_province(province_key)
                note = None if code else Message(
                    "province {province} not recognised; commune searched in all of Morocco",
                    province=repr(province_key))
                province_cache[province_key] = (code, note)
        province_code, note = province_cache[province_key]
        rows.append((key, province_code, note, str(name).strip()))
    pairs = list(dict.fromkeys((row[0], row[1]) for row in rows if row is not None))
    found_by_pair = dict(zip(pairs, ref.lookup_names(pairs), strict=True))
    results: list[NameMatch | None] = []
    for row in rows:
        if row is None:
            results.append(None)
            continue
        key, province_code, note, shown = row
        found = found_by_pair[(key, province_code)]
        if found.error and shown != key and found.error.values.get("name") == repr(key):
            found = NameMatch(None, error=found.error.but(name=repr(shown)),
                              what_to_do=found.what_to_do)
        if note and found.error:
            found = NameMatch(None, error=joined((found.error, note)),
                              what_to_do=found.what_to_do)
        elif note and found.code:
            found = NameMatch(found.code, found.method, found.score,
                              joined((note, found.warning)))
        results.append(found)
    return results


def _point(latitude: float, longitude: float) -> dict[str, str]:
    return {"lat": f"{latitude:g}", "lon": f"{longitude:g}"}


def match_points(latitude: Sequence[float], longitude: Sequence[float]) -> list[PointMatch | None]:
    """Locate many WGS84 points in communes, in bulk; ``None`` where a coordinate is missing.

    See the module docstring for swapped coordinates, snapping to the coast and points
    outside Morocco.
    """
    ref = reference()
    lat = np.asarray(latitude, dtype=float)
    lon = np.asarray(longitude, dtype=float)
    n = len(lat)
    results: list[PointMatch | None] = [None] * n
    present = np.isfinite(lat) & np.isfinite(lon)
    in_range = present & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    direct = ref.locate(np.where(in_range, lat, np.nan), np.where(in_range, lon, np.nan))
    missed = present & (direct < 0)
    swap_ok = missed & (np.abs(lon) <= 90) & (np.abs(lat) <= 180)
    swapped = np.full(n, -1, dtype=np.int64)
    if swap_ok.any():
        swapped = ref.locate(np.where(swap_ok, lon, np.nan), np.where(swap_ok, lat, np.nan))
    still = missed & (swapped < 0) & in_range
    snapped, snapped_km = np.full(n, -1, dtype=np.int64), np.full(n, np.nan)
    if still.any():
        snapped, snapped_km = ref.nearest_within(np.where(still, lat, np.nan),
                                                 np.where(still, lon, np.nan), SNAP_KM)
    codes = ref.codes
    plain: dict[int, PointMatch] = {}  # one shared result per commune for the common case
    for row in np.flatnonzero(present):
        if direct[row] >= 0:
            index = int(direct[row])
            if index not in plain:
                plain[index] = PointMatch(codes[index])
            results[row] = plain[index]
        elif swapped[row] >= 0:
            code = codes[swapped[row]]
            results[row] = PointMatch(
                code,
                warning=Message("latitude and longitude look swapped (latitude {lat}, longitude "
                                "{lon}); read the other way round, the point is in {name}",
                                **_point(lat[row], lon[row]), name=ref.short_label[code]),
            )
        elif snapped[row] >= 0:
            code = codes[snapped[row]]
            results[row] = PointMatch(
                code,
                warning=Message("point (latitude {lat}, longitude {lon}) lies {km} km outside "
                                "the commune boundaries (sea or border); given to the nearest "
                                "commune {name}", **_point(lat[row], lon[row]),
                                km=format(snapped_km[row], ".2f"), name=ref.short_label[code]),
            )
        else:
            results[row] = PointMatch(None, **_outside_message(lat[row], lon[row]))
    return results


def _outside_message(lat: float, lon: float) -> dict[str, Message]:
    where = _point(lat, lon)
    if abs(lat) > 90 or abs(lon) > 180:
        if abs(lat) > 1000 or abs(lon) > 1000:
            return {
                "error": Message("coordinates (latitude {lat}, longitude {lon}) look like "
                                 "metres (Lambert or UTM), not degrees", **where),
                "what_to_do": Message("convert the coordinates to WGS84 degrees (EPSG:4326)"),
            }
        return {"error": Message("coordinates (latitude {lat}, longitude {lon}) are not valid "
                                 "degrees", **where),
                "what_to_do": Message("latitude must be between -90 and 90, longitude between "
                                      "-180 and 180 (WGS84)")}
    hint = Message("check the coordinates (WGS84 decimal degrees; Morocco lies between "
                   "latitudes 21 and 36 N and longitudes 1 and 17 W)")
    if 20 <= lat <= 36 and 1 <= lon <= 17.5:
        hint = Message("Moroccan longitudes are west of Greenwich: the longitude should be "
                       "negative")
    return {"error": Message("point outside Morocco (latitude {lat}, longitude {lon})",
                             **where), "what_to_do": hint}
