"""Turn raw commune polygons into a clean polygonal coverage, and simplify it for the web.

All functions take and return arrays of shapely geometries in EPSG:4326 degrees.
"""

from __future__ import annotations

import numpy as np
import shapely

#: Gaps narrower than this (degrees, about 300 m) between neighbours are closed.
GAP_WIDTH_DEG = 0.003
#: Simplification tolerance of the web detail (degrees, about 550 m).
WEB_TOLERANCE_DEG = 0.0055
#: Decimals kept in the web detail (4 decimals, about 11 m).
WEB_DECIMALS = 4


def polygonal(geometries: np.ndarray) -> np.ndarray:
    """Valid, purely polygonal versions of ``geometries`` (lines and points dropped)."""
    valid = shapely.make_valid(geometries)
    out = np.empty(len(valid), dtype=object)
    for index, geometry in enumerate(valid):
        parts = [
            part
            for part in shapely.get_parts(geometry)
            if shapely.get_type_id(part) in (3, 6) and not part.is_empty
        ]
        out[index] = shapely.union_all(parts) if parts else shapely.Polygon()
    return out


def clean_coverage(geometries: np.ndarray) -> np.ndarray:
    """Remove overlaps and slivers so that neighbours share their borders exactly.

    Overlaps go to the smaller of the overlapping polygons (``merge_strategy="min_area"``):
    with the default strategy, communes that another commune surrounds come out empty.

    Raises
    ------
    ValueError
        If any polygon comes out empty or the result is not a valid coverage.
    """
    cleaned = shapely.coverage_clean(
        geometries, gap_width=GAP_WIDTH_DEG, merge_strategy="min_area"
    )
    empty = np.flatnonzero(shapely.is_empty(cleaned))
    if len(empty):
        raise ValueError(f"coverage cleaning emptied {len(empty)} polygons: indexes {empty}")
    if not shapely.coverage_is_valid(cleaned):
        raise ValueError("coverage cleaning did not produce a valid coverage")
    return cleaned


def simplify_for_web(coverage: np.ndarray) -> np.ndarray:
    """Simplify a clean coverage for the browser, keeping shared borders shared.

    ``coverage_simplify`` simplifies every shared edge once, so both neighbours keep the
    same vertices; coordinates are then rounded to :data:`WEB_DECIMALS` decimals, which
    maps identical vertices to identical vertices.

    Raises
    ------
    ValueError
        If the result is not a valid coverage of valid, non-empty polygons.
    """
    simplified = shapely.coverage_simplify(coverage, WEB_TOLERANCE_DEG)
    rounded = shapely.transform(simplified, lambda coords: np.round(coords, WEB_DECIMALS))
    if shapely.is_empty(rounded).any() or not shapely.is_valid(rounded).all():
        raise ValueError("web simplification produced empty or invalid polygons")
    if not shapely.coverage_is_valid(rounded):
        raise ValueError("web simplification broke the coverage (overlaps or unmatched edges)")
    return rounded


def dissolve(geometries: np.ndarray, groups: np.ndarray) -> dict[str, shapely.Geometry]:
    """Union of the coverage's polygons per group key, with ``coverage_union_all``."""
    out: dict[str, shapely.Geometry] = {}
    for key in np.unique(groups):
        out[str(key)] = shapely.coverage_union_all(geometries[groups == key])
    return out
