"""Commune of a WGS84 point: point-in-polygon on full-detail communes, nearest commune.

One bulk ``STRtree.query`` (a tree of the points, queried with the prepared polygons; a point
on a shared border goes to the commune with the lowest code); distances measured in
``geodata.METRIC_CRS`` (UTM 29N), projecting only the communes asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import shapely
from pyproj import Transformer

import geodata
from loaders.communes import CommuneLabels
from loaders.messages import Message

__all__ = ["PointIndex", "PointMatch"]

_SNAP_DEGREES = 0.03  # search radius for snapping; the distance itself is measured in metres


@dataclass(frozen=True)
class PointMatch:
    """Result of locating one point."""

    code: str | None
    warning: Message | None = None
    error: Message | None = None
    what_to_do: Message | None = None


class PointIndex:
    """Full-detail commune polygons, in :attr:`CommuneLabels.codes` order (loaded on first use)."""

    def __init__(self, communes: CommuneLabels) -> None:
        self.communes = communes

    @cached_property
    def full_communes(self):  # -> geopandas.GeoDataFrame
        """Full-detail communes (EPSG:4326), in code order."""
        communes = geodata.load_units("commune", detail="full")
        return communes.sort_values("code").reset_index(drop=True)

    @cached_property
    def polygons(self) -> np.ndarray:
        """Full-detail commune polygons (EPSG:4326), in :attr:`codes` order, prepared."""
        polygons = np.asarray(self.full_communes.geometry.values)
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
        polygons = self.metric_polygons([self.communes.position[code] for code in codes])
        return shapely.distance(polygons, self.metric_points(latitude, longitude)) / 1000.0
