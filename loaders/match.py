"""Matching rows to communes: by code, then point, then name (exact, then fuzzy).

All lookups go through :class:`Reference`, built once per process from :mod:`geodata`
(the 1,503 communes of the 2024 division, full-detail polygons, HCP codes, the 41
arrondissements and the 2014 → 2024 crosswalk) and cached.

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
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from rapidfuzz import fuzz, process

import geodata
from geodata.hierarchy import city_of
from loaders.names import normalise_name, strip_invisible
from loaders.numbers import is_blank

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

FUZZY_CUTOFF = 88.0
SNAP_KM = 2.0
_SNAP_DEGREES = 0.03  # search radius for snapping; the distance itself is measured in metres
_ARABIC = re.compile("[\u0600-\u06ff]")
_FUZZY_BATCH = 2000  # names scored per cdist call (2000 x ~3000 float32 = 24 MB at most)


def _without_articles(key: str) -> str:
    """A normalised name without the article: ``el`` words, and ``ال`` at the start of words."""
    words = []
    for word in key.split(" "):
        if word == "el":
            continue
        if word.startswith("ال") and len(word) > 3:
            word = word[2:]
        words.append(word)
    return " ".join(words)


def _token_sorted(text: str) -> str:
    return " ".join(sorted(text.split()))


@dataclass(frozen=True)
class CodeMatch:
    """Result of looking up one code."""

    code: str | None
    warning: str | None = None
    error: str | None = None
    what_to_do: str | None = None


@dataclass(frozen=True)
class NameMatch:
    """Result of looking up one commune name (within a province when given)."""

    code: str | None
    method: str | None = None  # "name" or "fuzzy_name"
    score: float = math.nan
    warning: str | None = None
    error: str | None = None
    what_to_do: str | None = None


@dataclass(frozen=True)
class PointMatch:
    """Result of locating one point."""

    code: str | None
    warning: str | None = None
    error: str | None = None
    what_to_do: str | None = None


_NAME_INDEXES = frozenset({"name_index", "loose_index", "_choices", "province_index"})


class Reference:
    """Reference communes, codes and names, indexed for matching. Build with :func:`reference`.

    Codes are ready at once (from the light web-detail table); the full-detail polygons
    (:attr:`communes`, :attr:`polygons`) and the name indexes are built on first use, so a
    file located by code never pays for them.
    """

    def __init__(self) -> None:
        communes = geodata.load_units("commune", detail="web")
        communes = pd.DataFrame(communes.drop(columns="geometry")).sort_values("code")
        communes = communes.reset_index(drop=True)
        self._attributes = communes
        self.codes: list[str] = communes["code"].tolist()
        self.position = {code: index for index, code in enumerate(self.codes)}
        self.province_of = dict(zip(communes["code"], communes["province_code"], strict=True))
        provinces = geodata.load_units("province", detail="web")
        self.province_names = dict(zip(provinces["code"], provinces["name_fr"], strict=True))
        self.label = {
            code: f"{name} ({self.province_names.get(province, province)}, {code})"
            for code, name, province in zip(
                communes["code"], communes["name_fr"], communes["province_code"], strict=True
            )
        }
        self.short_label = {
            code: f"{name} ({code})"
            for code, name in zip(communes["code"], communes["name_fr"], strict=True)
        }
        self._provinces = provinces
        self._build_codes(provinces)

    @cached_property
    def communes(self):  # -> geopandas.GeoDataFrame
        """Full-detail communes (EPSG:4326), in :attr:`codes` order (loaded on first use)."""
        communes = geodata.load_units("commune", detail="full")
        return communes.sort_values("code").reset_index(drop=True)

    def __getattr__(self, name: str):
        # the name indexes are built the first time one of them is needed
        if name in _NAME_INDEXES and "_provinces" in self.__dict__:
            self._build_names(self._provinces)
            return self.__dict__[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    # ----------------------------------------------------------------- codes

    def _build_codes(self, provinces: pd.DataFrame) -> None:
        arr = geodata.arrondissements()
        self.arrondissement = {
            code: (city, name)
            for code, city, name in zip(arr["code"], arr["commune_code"], arr["name_fr"],
                                        strict=True)
        }
        walk = geodata.crosswalk()
        self.crosswalk: dict[str, tuple[str, str]] = {}
        for old, new, old_name in zip(walk["code_2014"], walk["code_2024"], walk["name_2014"],
                                      strict=True):
            self.crosswalk[old] = (new, old_name)
            self.crosswalk[old.replace(".", "")] = (new, old_name)
        self.other_units: dict[str, tuple[str, str]] = {}
        for level, label in (("region", "a region"), ("province", "a province or préfecture"),
                             ("cercle", "a cercle")):
            frame = provinces if level == "province" else geodata.load_units(level, "web")
            for code, name in zip(frame["code"], frame["name_fr"], strict=True):
                self.other_units[code] = (label, name)

    def lookup_code(self, value: object) -> CodeMatch:
        """Commune of one code as typed (see the module docstring for the rules)."""
        text = strip_invisible(str(value)).strip()
        dotted = geodata.normalise_code(text)
        if dotted is None:
            digits = text.replace(" ", "")
            if digits.endswith(".0") and digits[:-2].isdigit():
                digits = digits[:-2]
            key = digits.zfill(9) if digits.isdigit() else digits
            if key in self.crosswalk:
                dotted = key
        if dotted in self.position:
            return CodeMatch(dotted)
        if dotted in self.crosswalk:
            new, old_name = self.crosswalk[dotted]
            return CodeMatch(
                new,
                warning=f"{text} is a 2014 commune code ({old_name}); "
                f"counted in commune {self.short_label[new]} of the 2024 division",
            )
        if dotted in self.arrondissement:
            city, name = self.arrondissement[dotted]
            return CodeMatch(
                city,
                warning=f"{text} is the arrondissement {name}; "
                f"counted in the city commune {self.short_label[city]}",
            )
        city = city_of(dotted) if dotted else None
        if city is not None:  # a préfecture d'arrondissements of Casablanca
            return CodeMatch(
                city,
                warning=f"{text} is a préfecture d'arrondissements of Casablanca; "
                f"counted in the city commune {self.short_label.get(city, city)}",
            )
        if dotted in self.other_units:
            kind, name = self.other_units[dotted]
            return CodeMatch(
                None,
                error=f"{text} is the code of {kind} ({name}), not of a commune",
                what_to_do="give the code of the commune where the centre is "
                "(e.g. 05.301.01.01 or 053010101)",
            )
        return CodeMatch(
            None,
            error=f"commune code {text!r} is not in the HCP reference table",
            what_to_do="check the code (dotted 05.301.01.01 or 9 digits 053010101), "
            "or give the commune name or coordinates instead",
        )

    # ----------------------------------------------------------------- names

    def _build_names(self, provinces: pd.DataFrame) -> None:
        communes = self._attributes
        index: dict[str, set[tuple[str, str | None]]] = defaultdict(set)

        def add(name: object, code: str, via: str | None = None) -> None:
            key = normalise_name(name)
            if key:
                index[key].add((code, via))

        for code, fr, ar in zip(communes["code"], communes["name_fr"], communes["name_ar"],
                                strict=True):
            add(fr, code)
            add(ar, code)
        for old_code, (new, old_name) in self.crosswalk.items():
            if "." in old_code and normalise_name(old_name) not in index:
                add(old_name, new)
        arr = geodata.arrondissements()
        for city, fr, ar in zip(arr["commune_code"], arr["name_fr"], arr["name_ar"],
                                strict=True):
            add(fr, city, fr)
            add(ar, city, fr)
        self.name_index: dict[str, frozenset[tuple[str, str | None]]] = {
            key: frozenset(values) for key, values in index.items()
        }
        # The same names without articles (El Gouzate = Gouzate, الصميعة = صميعة), consulted
        # only when the name as written is not found.
        loose: dict[str, set[tuple[str, str | None]]] = defaultdict(set)
        for key, values in index.items():
            loose[_without_articles(key)].update(values)
        self.loose_index: dict[str, frozenset[tuple[str, str | None]]] = {
            key: frozenset(values) for key, values in loose.items() if key
        }
        # Fuzzy choices per script and per province (None = all of Morocco).
        self._choices: dict[tuple[str | None, bool], list[str]] = defaultdict(list)
        for key, values in self.name_index.items():
            arabic = bool(_ARABIC.search(key))
            self._choices[(None, arabic)].append(key)
            for province in {self.province_of[code] for code, _ in values}:
                self._choices[(province, arabic)].append(key)
        # Provinces by name (French, Arabic, and unambiguous parts of hyphenated names).
        province_index: dict[str, set[str]] = defaultdict(set)
        parts: dict[str, set[str]] = defaultdict(set)
        for code, fr, ar in zip(provinces["code"], provinces["name_fr"], provinces["name_ar"],
                                strict=True):
            for name in (fr, ar):
                province_index[normalise_name(name)].add(code)
                for part in re.split(r"\s*-\s*", str(name)):
                    key = normalise_name(part)
                    if len(key) >= 4:
                        parts[key].add(code)
        for key, codes in parts.items():
            if len(codes) == 1 and key not in province_index:
                province_index[key] = codes
        self.province_index = {key: next(iter(codes)) for key, codes in province_index.items()
                               if len(codes) == 1}

    def lookup_province(self, value: object) -> str | None:
        """Province code of a province name or code, or ``None`` when not recognised."""
        key = normalise_name(value)
        if key in self.province_index:
            return self.province_index[key]
        code = geodata.normalise_code(str(value).strip())
        if code in self.province_names:
            return code
        city = city_of(code) if code else None
        if city is not None and code not in self.arrondissement:  # a Casablanca préfecture
            return self.province_of[city]
        return None

    def lookup_names(self, pairs: Sequence[tuple[str, str | None]]) -> list[NameMatch]:
        """Communes of many (normalised name, province or None) pairs.

        Exact lookups first; the names left over are scored in bulk against the names of
        their province (or of Morocco), one ``rapidfuzz.process.cdist`` per province.
        """
        results: list[NameMatch | None] = [None] * len(pairs)
        misses: dict[tuple[str | None, bool], list[int]] = defaultdict(list)
        for index, (key, province) in enumerate(pairs):
            hits = self._exact(key, province)
            if hits:
                results[index] = self._decide(hits, "name", 100.0, self._where(province))
            else:
                misses[(province, bool(_ARABIC.search(key)))].append(index)
        for (province, arabic), indices in misses.items():
            scored = self._fuzzy_many([pairs[i][0] for i in indices], province, arabic)
            for index, candidates in zip(indices, scored, strict=True):
                results[index] = self._after_fuzzy(pairs[index][0], province, candidates)
        return [result for result in results if result is not None]

    def _where(self, province: str | None) -> str:
        return f" in province {self.province_names[province]}" if province else ""

    def _after_fuzzy(self, key: str, province: str | None,
                     scored: list[tuple[str, str | None, float]]) -> NameMatch:
        where = self._where(province)
        if scored:
            best = max(score for _, _, score in scored)
            top = {(code, via) for code, via, score in scored if score >= best - 1e-3}
            return self._decide(top, "fuzzy_name", best, where)
        if province:
            elsewhere = self._exact(key, None)
            if elsewhere:
                places = ", ".join(sorted(self.label[code] for code in {c for c, _ in elsewhere}))
                return NameMatch(
                    None,
                    error=f"no commune named {key!r}{where}; the name exists elsewhere: "
                    f"{places}",
                    what_to_do="check the province column, or give the commune code",
                )
        return NameMatch(
            None,
            error=f"no commune named {key!r}{where} (not even a close spelling)",
            what_to_do="check the spelling against the HCP list, or give the commune "
            "code or coordinates",
        )

    def communes_named(self, name: object) -> set[str]:
        """Codes of the communes (or arrondissements' cities) exactly named ``name``."""
        return {code for code, _ in self.name_index.get(normalise_name(name), frozenset())}

    def _exact(self, key: str, province: str | None) -> set[tuple[str, str | None]]:
        for index, lookup in ((self.name_index, key), (self.loose_index, _without_articles(key))):
            hits = index.get(lookup, frozenset())
            if province:
                hits = {hit for hit in hits if self.province_of[hit[0]] == province}
            if hits:
                return set(hits)
        return set()

    def _sorted_choices(self, province: str | None, arabic: bool) -> list[str]:
        cache = self._sorted_choice_cache
        if (province, arabic) not in cache:
            cache[(province, arabic)] = [_token_sorted(choice)
                                         for choice in self._choices.get((province, arabic), [])]
        return cache[(province, arabic)]

    @cached_property
    def _sorted_choice_cache(self) -> dict[tuple[str | None, bool], list[str]]:
        return {}

    def _fuzzy_many(self, keys: Sequence[str], province: str | None,
                    arabic: bool) -> list[list[tuple[str, str | None, float]]]:
        """Best candidates of each key: ``token_sort_ratio`` >= :data:`FUZZY_CUTOFF`, ties kept.

        Computed as ``ratio`` on token-sorted strings (the same score) with one
        ``cdist`` per batch of keys.
        """
        choices = self._choices.get((province, arabic), [])
        if not choices:
            return [[] for _ in keys]
        sorted_choices = self._sorted_choices(province, arabic)
        queries = [_token_sorted(key) for key in keys]
        out: list[list[tuple[str, str | None, float]]] = []
        for start in range(0, len(queries), _FUZZY_BATCH):
            matrix = process.cdist(queries[start:start + _FUZZY_BATCH], sorted_choices,
                                   scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF,
                                   dtype=np.float32, workers=-1)
            best = matrix.max(axis=1)
            for row, top in enumerate(best):
                if top < FUZZY_CUTOFF:
                    out.append([])
                    continue
                scored = []
                for column in np.flatnonzero(matrix[row] >= top - 1e-3):
                    for code, via in self.name_index[choices[column]]:
                        if province is None or self.province_of[code] == province:
                            scored.append((code, via, float(top)))
                out.append(scored)
        return out

    def _decide(self, hits: set[tuple[str, str | None]], method: str, score: float,
                where: str) -> NameMatch:
        codes = {code for code, _ in hits}
        if len(codes) > 1:
            listed = "; ".join(sorted(self.label[code] for code in codes))
            quality = "equally close" if method == "fuzzy_name" else "with this name"
            return NameMatch(
                None,
                error=f"{len(codes)} communes {quality}{where}: {listed}",
                what_to_do="add a province column, or give the commune code",
            )
        code = next(iter(codes))
        via = sorted(v for c, v in hits if v)
        warnings = []
        if via and not any(c == code and v is None for c, v in hits):
            warnings.append(f"{via[0]} is an arrondissement; counted in the city commune "
                            f"{self.short_label[code]}")
        if method == "fuzzy_name":
            warnings.append(f"name matched approximately to {self.short_label[code]} "
                            f"(score {score:.0f}/100)")
        return NameMatch(code, method, round(score, 1), "; ".join(warnings) or None)

    # ----------------------------------------------------------------- geometry

    @cached_property
    def polygons(self) -> np.ndarray:
        """Full-detail commune polygons (EPSG:4326), in :attr:`codes` order, prepared."""
        polygons = np.asarray(self.communes.geometry.values)
        shapely.prepare(polygons)
        return polygons

    @cached_property
    def tree(self) -> shapely.STRtree:
        """Spatial index of :attr:`polygons` (for nearest-commune searches)."""
        return shapely.STRtree(self.polygons)

    def metric_polygons(self, indices: Sequence[int] | np.ndarray) -> np.ndarray:
        """Polygons of the communes at ``indices`` in ``geodata.METRIC_CRS`` (metres).

        Only the communes asked for are projected (and kept), so that a few distances do
        not cost projecting the whole country.
        """
        cache = self._metric_cache
        missing = sorted({int(i) for i in indices} - cache.keys())
        if missing:
            transformer = self._to_metric

            def to_metric(xy: np.ndarray) -> np.ndarray:
                return np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))

            projected = shapely.transform(self.polygons[missing], to_metric)
            cache.update(zip(missing, projected, strict=True))
        out = np.empty(len(indices), dtype=object)
        out[:] = [cache[int(i)] for i in indices]
        return out

    @cached_property
    def _metric_cache(self) -> dict[int, object]:
        return {}

    @cached_property
    def _to_metric(self) -> Transformer:
        return Transformer.from_crs("EPSG:4326", geodata.METRIC_CRS, always_xy=True)

    def metric_points(self, latitude: np.ndarray, longitude: np.ndarray) -> np.ndarray:
        """Points in ``geodata.METRIC_CRS`` from WGS84 degrees."""
        x, y = self._to_metric.transform(longitude, latitude)
        return shapely.points(x, y)

    def locate(self, latitude: np.ndarray, longitude: np.ndarray) -> np.ndarray:
        """Index of the commune containing each point (``-1`` when none), in bulk."""
        result = np.full(len(latitude), -1, dtype=np.int64)
        valid = np.isfinite(latitude) & np.isfinite(longitude)
        if not valid.any():
            return result
        rows = np.flatnonzero(valid)
        points = shapely.points(longitude[rows], latitude[rows])
        # Index the points and query with the prepared polygons: each polygon is prepared
        # once and tested against the points in its bounding box (many times faster than
        # testing each point against unprepared polygons).
        hit_polygons, hit_rows = shapely.STRtree(points).query(self.polygons,
                                                               predicate="intersects")
        if len(hit_rows):
            order = np.lexsort((hit_polygons, hit_rows))
            hit_rows, hit_polygons = hit_rows[order], hit_polygons[order]
            first = np.r_[True, hit_rows[1:] != hit_rows[:-1]]
            result[rows[hit_rows[first]]] = hit_polygons[first]
        return result

    def nearest_within(self, latitude: np.ndarray, longitude: np.ndarray,
                       max_km: float) -> tuple[np.ndarray, np.ndarray]:
        """Nearest commune within ``max_km`` of each point: (indices or -1, distances in km)."""
        index = np.full(len(latitude), -1, dtype=np.int64)
        distance = np.full(len(latitude), np.nan)
        valid = np.isfinite(latitude) & np.isfinite(longitude)
        if not valid.any():
            return index, distance
        rows = np.flatnonzero(valid)
        points = shapely.points(longitude[rows], latitude[rows])
        hit_rows, hit_polygons = self.tree.query_nearest(points, max_distance=_SNAP_DEGREES)
        if not len(hit_rows):
            return index, distance
        metric = self.metric_points(latitude[rows[hit_rows]], longitude[rows[hit_rows]])
        km = shapely.distance(self.metric_polygons(hit_polygons), metric) / 1000.0
        for row, polygon, kilometres in zip(rows[hit_rows], hit_polygons, km, strict=True):
            if kilometres <= max_km and (np.isnan(distance[row]) or kilometres < distance[row]):
                index[row], distance[row] = polygon, kilometres
        return index, distance

    def distance_km(self, codes: Sequence[str], latitude: np.ndarray,
                    longitude: np.ndarray) -> np.ndarray:
        """Distance in km from each point to the commune of the same position in ``codes``."""
        polygons = self.metric_polygons([self.position[code] for code in codes])
        return shapely.distance(polygons, self.metric_points(latitude, longitude)) / 1000.0


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
                note = None if code else (f"province {province_key!r} not recognised; "
                                          "commune searched in all of Morocco")
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
        if found.error and shown != key:
            found = NameMatch(None, error=found.error.replace(repr(key), repr(shown), 1),
                              what_to_do=found.what_to_do)
        if note and found.error:
            found = NameMatch(None, error=f"{found.error}; {note}", what_to_do=found.what_to_do)
        elif note and found.code:
            joined = "; ".join(part for part in (note, found.warning) if part)
            found = NameMatch(found.code, found.method, found.score, joined)
        results.append(found)
    return results


def _format_point(latitude: float, longitude: float) -> str:
    return f"latitude {latitude:g}, longitude {longitude:g}"


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
                warning=f"latitude and longitude look swapped ({_format_point(lat[row], lon[row])}"
                f"); read the other way round, the point is in {ref.short_label[code]}",
            )
        elif snapped[row] >= 0:
            code = codes[snapped[row]]
            results[row] = PointMatch(
                code,
                warning=f"point ({_format_point(lat[row], lon[row])}) lies "
                f"{snapped_km[row]:.2f} km outside the commune boundaries (sea or border); "
                f"given to the nearest commune {ref.short_label[code]}",
            )
        else:
            results[row] = PointMatch(None, **_outside_message(lat[row], lon[row]))
    return results


def _outside_message(lat: float, lon: float) -> dict[str, str]:
    where = _format_point(lat, lon)
    if abs(lat) > 90 or abs(lon) > 180:
        if abs(lat) > 1000 or abs(lon) > 1000:
            return {
                "error": f"coordinates ({where}) look like metres (Lambert or UTM), "
                "not degrees",
                "what_to_do": "convert the coordinates to WGS84 degrees (EPSG:4326)",
            }
        return {"error": f"coordinates ({where}) are not valid degrees",
                "what_to_do": "latitude must be between -90 and 90, longitude between "
                "-180 and 180 (WGS84)"}
    hint = "check the coordinates (WGS84 decimal degrees; Morocco lies between latitudes " \
           "21 and 36 N and longitudes 1 and 17 W)"
    if 20 <= lat <= 36 and 1 <= lon <= 17.5:
        hint = "Moroccan longitudes are west of Greenwich: the longitude should be negative"
    return {"error": f"point outside Morocco ({where})", "what_to_do": hint}
