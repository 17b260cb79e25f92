"""Static coverage map of a territory for the printed report (matplotlib, Agg, PNG in memory).

The map carries no text: the legend and captions are written by the PDF layer
(:mod:`dashboard.reports.pdf`), where Arabic is shaped and laid out right to left. Colours are
the app's coverage palette (:data:`dashboard.reports.palette.COVERAGE_COLOURS`, Okabe & Ito hues,
colour-blind safe), so the printed map reads like the coverage map on screen.

Geometry is the simplified ``"web"`` layer of :func:`geodata.load_units`, drawn in
EPSG:4326 with the aspect corrected for the territory's mean latitude (equirectangular).
No Streamlit, no file I/O beyond the cached reference geography.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import geopandas as gpd
import numpy as np

from dashboard.choices import DEFAULT_DPI
from dashboard.reports.palette import (
    CONTEXT_EDGE,
    CONTEXT_FILL,
    COVERAGE_COLOURS,
    INK,
    INNER_EDGE,
    NO_DATA_COLOUR,
    OUTLINE_COLOUR,
)

OUTLINE_LEVEL: dict[str | None, str | None] = {
    None: "region",
    "region": "province",
    "province": "cercle",
    "cercle": None,
    "commune": None,
}
"""Inner outlines drawn over the communes of a territory of each level (None = Morocco)."""

COMMUNE_EDGE = OUTLINE_COLOUR
TERRITORY_EDGE = INK


def coverage_colours(kinds: Iterable[str], covered: Iterable[bool]) -> list[str]:
    """Fill colour of each commune from its kind (urban / rural) and whether it is covered.

    Parameters
    ----------
    kinds : iterable of str
        ``"urban"`` or ``"rural"`` per commune.
    covered : iterable of bool
        True when at least one counted centre lies in the commune.

    Returns
    -------
    list of str
        Hex colours from :data:`dashboard.reports.palette.COVERAGE_COLOURS`; :data:`NO_DATA_COLOUR`
        for an unknown kind.
    """
    return [
        COVERAGE_COLOURS.get((str(kind), bool(flag)), NO_DATA_COLOUR)
        for kind, flag in zip(kinds, covered, strict=True)
    ]


def _expanded_bounds(bounds: np.ndarray, margin: float) -> tuple[float, float, float, float]:
    minx, miny, maxx, maxy = (float(v) for v in bounds)
    pad = max(maxx - minx, maxy - miny, 0.02) * margin
    return minx - pad, miny - pad, maxx + pad, maxy + pad


@dataclass(frozen=True)
class MapFrames:
    """What a static map of a territory draws, all EPSG:4326 (see :func:`map_frames`).

    Attributes
    ----------
    units : geopandas.GeoDataFrame
        The coloured units (communes, cercles...) of the territory, with ``code``.
    context : geopandas.GeoDataFrame or None
        Communes around the territory, in light grey (None nationally).
    outlines : geopandas.GeoDataFrame or None
        Inner units outlined in dark grey (provinces of a region...).
    territory : geopandas.GeoDataFrame or None
        The territory (Morocco's outline nationally), in black.
    margin : float
        Space left around the territory, as a fraction of its larger side.
    """

    units: gpd.GeoDataFrame
    context: gpd.GeoDataFrame | None
    outlines: gpd.GeoDataFrame | None
    territory: gpd.GeoDataFrame | None
    margin: float


MAP_MARGIN: dict[str | None, float] = {None: 0.03, "region": 0.03, "province": 0.04,
                                       "cercle": 0.12, "commune": 0.6}
"""Margin around a territory of each level (more for a commune, so its neighbours show)."""


def _without_holes(geometry):
    """Outer rings only: dissolving leaves slivers inside, which would print as black dots."""
    from shapely.geometry import MultiPolygon, Polygon

    polygons = getattr(geometry, "geoms", [geometry])
    shells = [Polygon(p.exterior) for p in polygons if isinstance(p, Polygon) and not p.is_empty]
    return MultiPolygon(shells) if len(shells) > 1 else shells[0]


@lru_cache(maxsize=32)
def map_frames(code: str | None, level: str | None, unit_level: str = "commune") -> MapFrames:
    """The units of ``unit_level`` inside a territory, with its context and outlines.

    Parameters
    ----------
    code, level : str or None
        The territory (a unit code and its level); None, None for Morocco.
    unit_level : {"region", "province", "cercle", "commune"}
        Level of the coloured units (communes for coverage, cercles for services...).
        Inner outlines are drawn only when they are coarser than the units.
    """
    import geodata
    from geodata.hierarchy import LEVELS, units_within

    units = geodata.load_units(unit_level, "web")
    if code is None:
        regions = geodata.load_units("region", "web")
        outline = regions.dissolve()
        outline["geometry"] = outline.geometry.map(_without_holes)
        outlines = regions if unit_level not in ("region",) else None
        return MapFrames(units, None, outlines, outline, MAP_MARGIN[None])
    inside = units_within(units, code)
    territory = geodata.load_units(level, "web")
    territory = territory[territory["code"] == code].copy()
    territory["geometry"] = territory.geometry.map(_without_holes)
    inner_level = OUTLINE_LEVEL[level]
    outlines = None
    if inner_level is not None and LEVELS.index(inner_level) < LEVELS.index(unit_level):
        outlines = units_within(geodata.load_units(inner_level, "web"), code)
    context = geodata.load_units("commune", "web")
    return MapFrames(inside, context, outlines, territory, MAP_MARGIN[level])


def fitted_bounds(bounds: np.ndarray, margin: float, box_ratio: float
                  ) -> tuple[float, float, float, float, float]:
    """(minx, miny, maxx, maxy, aspect) showing ``bounds`` in a box of height / width
    ``box_ratio``, keeping the territory's shape (equirectangular aspect)."""
    minx, miny, maxx, maxy = _expanded_bounds(bounds, margin)
    aspect = 1 / math.cos(math.radians((miny + maxy) / 2))
    span_x, span_y = maxx - minx, (maxy - miny) * aspect
    if span_y / span_x > box_ratio:
        grow = (span_y / box_ratio - span_x) / 2
        minx, maxx = minx - grow, maxx + grow
    else:
        grow = (span_x * box_ratio - span_y) / 2 / aspect
        miny, maxy = miny - grow, maxy + grow
    return minx, miny, maxx, maxy, aspect


def draw_units(axes, units: gpd.GeoDataFrame, colours: Sequence[str], *,
               context: gpd.GeoDataFrame | None = None,
               outlines: gpd.GeoDataFrame | None = None,
               territory: gpd.GeoDataFrame | None = None,
               margin: float = 0.03, box_ratio: float = 0.7) -> None:
    """Draw coloured units with their context and outlines on matplotlib ``axes``.

    The axes get limits that fit the units in a box of height / width ``box_ratio`` and
    the equirectangular aspect of the territory's mean latitude; axis lines are hidden.
    """
    minx, miny, maxx, maxy, aspect = fitted_bounds(units.total_bounds, margin, box_ratio)
    axes.set_axis_off()
    if context is not None and len(context):
        view = context.cx[minx:maxx, miny:maxy]
        if len(view):
            view.plot(ax=axes, color=CONTEXT_FILL, edgecolor=CONTEXT_EDGE, linewidth=0.3)
    fine = len(units) > 400
    units.plot(ax=axes, color=list(colours), edgecolor=COMMUNE_EDGE,
               linewidth=0.12 if fine else 0.4)
    if outlines is not None and len(outlines):
        outlines.boundary.plot(ax=axes, color=INNER_EDGE, linewidth=0.45 if fine else 0.7)
    if territory is not None and len(territory):
        territory.boundary.plot(ax=axes, color=TERRITORY_EDGE, linewidth=0.9 if fine else 1.2)
    axes.set_xlim(minx, maxx)
    axes.set_ylim(miny, maxy)
    axes.set_aspect(aspect)


def render_units_map(frames: MapFrames, colours: Sequence[str], *, width_mm: float = 180.0,
                     height_mm: float = 125.0, dpi: int = DEFAULT_DPI) -> bytes:
    """PNG (no text) of the units of ``frames`` filled with ``colours`` (one per unit).

    Raises
    ------
    ValueError
        If there is no unit, or not one colour per unit.
    """
    if frames.units is None or len(frames.units) == 0:
        raise ValueError("the map must hold at least one unit to draw")
    if len(colours) != len(frames.units):
        raise ValueError(f"one colour per unit expected: {len(frames.units)} units, "
                         f"{len(colours)} colours")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_mm / 25.4, height_mm / 25.4), dpi=dpi)
    FigureCanvasAgg(figure)  # the Agg backend: no display, no pyplot state
    axes = figure.add_axes((0, 0, 1, 1))
    draw_units(axes, frames.units, colours, context=frames.context, outlines=frames.outlines,
               territory=frames.territory, margin=frames.margin,
               box_ratio=height_mm / width_mm)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def render_coverage_map(
    communes: gpd.GeoDataFrame,
    covered: Iterable[str],
    *,
    context: gpd.GeoDataFrame | None = None,
    outlines: gpd.GeoDataFrame | None = None,
    territory: gpd.GeoDataFrame | None = None,
    width_mm: float = 180.0,
    height_mm: float = 125.0,
    margin: float = 0.03,
    dpi: int = DEFAULT_DPI,
) -> bytes:
    """PNG of the territory's communes coloured covered / not covered × urban / rural.

    Parameters
    ----------
    communes : geopandas.GeoDataFrame
        Communes of the territory (EPSG:4326) with ``code``, ``kind`` and ``geometry``.
    covered : iterable of str
        Codes of the covered communes.
    context : geopandas.GeoDataFrame, optional
        Surrounding units drawn in light grey under the territory (may include it).
    outlines : geopandas.GeoDataFrame, optional
        Inner units (cercles of a province, provinces of a region...) outlined in dark grey.
    territory : geopandas.GeoDataFrame, optional
        The territory itself, outlined in black.
    width_mm, height_mm : float
        Size of the picture box; the map keeps its true shape inside it.
    margin : float
        Space left around the territory, as a fraction of its larger side (more for a
        single commune, so its neighbours show).
    dpi : int
        Resolution of the PNG.

    Returns
    -------
    bytes
        A PNG image (transparent margins are white).

    Raises
    ------
    ValueError
        If ``communes`` is empty.
    """
    if communes is None or len(communes) == 0:
        raise ValueError("communes must hold at least one commune to draw")
    covered_codes = set(map(str, covered))
    flags = communes["code"].astype(str).isin(covered_codes).to_numpy()
    colours = coverage_colours(communes["kind"].astype(str), flags)
    frames = MapFrames(communes, context, outlines, territory, margin)
    return render_units_map(frames, colours, width_mm=width_mm, height_mm=height_mm, dpi=dpi)
