"""The reference geography the app draws, cached once per process (Streamlit resources).

The territory lookup, commune attributes, map place names, representative points and the
boundaries of a (level, territory) pair, encoded the first time they are drawn and written as
a static file the browser fetches once (:mod:`dashboard.app.map_files`), reused by every
session and rerun. Nothing here depends on the session's dataset (that is
:mod:`dashboard.app.cache`).
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

import geodata
from dashboard import i18n
from dashboard.app import map_files
from dashboard.calc.indicators import reference_units
from dashboard.calc.territories import Territories
from dashboard.disk_cache import remembered
from geodata.hierarchy import units_within


@st.cache_resource(show_spinner=False)
def territories() -> Territories:
    """Lookup of every unit (codes, names, parents)."""
    return Territories(reference_units())


@st.cache_resource(show_spinner=False)
def _units(level: str):
    return geodata.load_units(level, detail="web")


def communes(within: str | None = None) -> pd.DataFrame:
    """Commune attributes (no geometry) inside a territory."""
    return _attributes("commune", within)


@st.cache_resource(show_spinner=False)
def _attributes(level: str, within: str | None) -> pd.DataFrame:
    frame = geodata.load_attributes(level)  # no boundaries read: a table draws nothing
    return units_within(frame, within).reset_index(drop=True)


@st.cache_resource(show_spinner=False, max_entries=16)
def commune_names(within: str | None, lang: str) -> dict[str, str]:
    """Commune code -> name in ``lang`` of a territory's communes, in :func:`communes`'
    order; one dictionary per territory and language shared by the sessions (read it, never
    change it)."""
    frame = communes(within)
    return dict(zip(frame["code"].tolist(),
                    frame["name_ar" if lang == "ar" else "name_fr"].tolist(), strict=True))


@st.cache_data(show_spinner=False, max_entries=8)
def place_labels(within: str | None, lang: str) -> list[tuple[float, float, str]]:
    """Names drawn on a map at the territory's own zoom: the provinces of Morocco or of a
    region, most populous first (nothing below a region: the units are named themselves)."""
    if within is not None and territories().level_of(within) != "region":
        return []
    provinces = _attributes("province", within).sort_values("population_2024",
                                                            ascending=False)
    return [(float(lat), float(lon), i18n.unit_name(row, lang)) for lat, lon, row in zip(
        provinces["point_lat"], provinces["point_lon"],
        provinces[["code", "name_fr", "name_ar"]].to_dict("records"), strict=True)]


@st.cache_resource(show_spinner=False, max_entries=64)
def geometry(level: str, within: str | None
             ) -> tuple[map_files.GeoLayer, tuple[float, float, float, float]]:
    """Boundaries of the units of ``level`` inside ``within`` and their bounds.

    Encoded once per process (:func:`dashboard.app.maps.geo_layer`, with the units' names and
    population for tooltips) and written as a static file under ``dashboard/app/static/geo/``
    that the browser fetches once and caches; reruns only send per-unit values.
    """
    def encode() -> map_files.GeoLayer:
        return map_files.geo_layer(units_within(_units(level), within), f"{level}-{within or 'MA'}")

    layer = remembered("geometry", (level, within), encode)  # encoded at an earlier start
    layer.save()
    return layer, layer.bounds


CONTEXT_TOLERANCE_DEG = 0.01  # context outlines are thin non-interactive lines


@st.cache_resource(show_spinner=False, max_entries=64)
def context(within: str | None) -> map_files.GeoLayer | map_files.ArcOutlines:
    """Province outlines around a territory, drawn for context (non-interactive).

    Nationally, the province borders are drawn in the browser from the arcs of the map's
    own units (:class:`~dashboard.app.map_files.ArcOutlines`: nothing sent again), or from
    their file when the units are regions. Around a territory, one line layer: the borders
    of the provinces touching the territory's bounding box, each border once, clipped to
    the padded box the map shows and simplified further. Kept on disk between starts.
    """
    layer = remembered("context", (within,), lambda: _context_outlines(within))
    layer.save()
    if within is None:
        return map_files.ArcOutlines(_province_prefix(), layer)
    return layer


def _province_prefix() -> int:
    """How many leading characters of a unit's code name its province (the length of a
    province code; every unit below a province starts with its province's code)."""
    provinces = geodata.load_attributes("province")["code"].astype(str)
    return int(provinces.str.len().max())


def _context_outlines(within: str | None) -> map_files.GeoLayer:
    import shapely

    provinces = _units("province")
    if within is None:
        tolerance, box = CONTEXT_TOLERANCE_DEG / 2, None
    else:
        _, (south, west, north, east) = geometry("commune", within)
        pad_lat, pad_lon = (north - south) * 0.6 + 0.2, (east - west) * 0.6 + 0.2
        provinces = provinces.cx[west:east, south:north]  # those touching the territory
        tolerance = CONTEXT_TOLERANCE_DEG
        box = shapely.box(west - pad_lon, south - pad_lat, east + pad_lon, north + pad_lat)
    # each border once (shared borders are not drawn twice), clipped as lines (no edge
    # along the clipping box), simplified: thin lines under the units
    borders = shapely.line_merge(shapely.union_all(provinces.geometry.boundary.to_numpy()))
    if box is not None:
        borders = shapely.intersection(borders, box)
    borders = shapely.simplify(borders, tolerance, preserve_topology=True)
    lines = [g for g in shapely.get_parts(borders) if g.geom_type == "LineString"
             and not g.is_empty]
    outlines = gpd.GeoDataFrame({"code": ["context"]},
                                geometry=[shapely.MultiLineString(lines)], crs="EPSG:4326")
    return map_files.geo_layer(outlines, f"context-{within or 'MA'}", text=False)


@st.cache_resource(show_spinner=False)
def commune_anchors() -> dict[str, tuple[float, float]]:
    """Representative point (inside the polygon) of every commune: code -> (lat, lon)."""
    attributes = geodata.load_attributes("commune")
    if {"point_lon", "point_lat"} <= set(attributes.columns):  # precomputed by geodata
        return {code: (float(lat), float(lon)) for code, lat, lon in zip(
            attributes["code"], attributes["point_lat"], attributes["point_lon"],
            strict=True)}
    units = _units("commune")
    points = units.geometry.representative_point()
    return {code: (float(p.y), float(p.x)) for code, p in zip(units["code"], points,
                                                               strict=True)}
