"""Static coverage map of a territory for the printed report (matplotlib, Agg, PNG in memory).

The map carries no text: the legend and captions are written by the PDF layer
(:mod:`dashboard.reports.pdf`), where Arabic is shaped and laid out right to left. Colours are
the app's coverage palette (:data:`dashboard.app.maps.COVERAGE_COLOURS`, Okabe & Ito hues,
colour-blind safe), so the printed map reads like the coverage map on screen.

Geometry is the simplified ``"web"`` layer of :func:`geodata.load_units`, drawn in
EPSG:4326 with the aspect corrected for the territory's mean latitude (equirectangular).
No Streamlit, no file I/O beyond the cached reference geography.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable

import geopandas as gpd
import numpy as np

from dashboard.reports.palette import COVERAGE_COLOURS, NO_DATA_COLOUR

OUTLINE_LEVEL: dict[str | None, str | None] = {
    None: "region",
    "region": "province",
    "province": "cercle",
    "cercle": None,
    "commune": None,
}
"""Inner outlines drawn over the communes of a territory of each level (None = Morocco)."""

CONTEXT_FILL = "#f2f2f2"
"""Fill of the communes around the territory (drawn for context only)."""
CONTEXT_EDGE = "#c8c8c8"
COMMUNE_EDGE = "#ffffff"
INNER_EDGE = "#4d4d4d"
TERRITORY_EDGE = "#1b1b1b"


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
        Hex colours from :data:`dashboard.app.maps.COVERAGE_COLOURS`; :data:`NO_DATA_COLOUR`
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
    dpi: int = 200,
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
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    covered_codes = set(map(str, covered))
    flags = communes["code"].astype(str).isin(covered_codes).to_numpy()
    colours = coverage_colours(communes["kind"].astype(str), flags)

    minx, miny, maxx, maxy = _expanded_bounds(communes.total_bounds, margin)
    mid_latitude = (miny + maxy) / 2
    aspect = 1 / math.cos(math.radians(mid_latitude))
    # Fit the territory inside the box, keeping its shape (equirectangular aspect).
    box_ratio = height_mm / width_mm
    span_x, span_y = maxx - minx, (maxy - miny) * aspect
    if span_y / span_x > box_ratio:
        grow = (span_y / box_ratio - span_x) / 2
        minx, maxx = minx - grow, maxx + grow
    else:
        grow = (span_x * box_ratio - span_y) / 2 / aspect
        miny, maxy = miny - grow, maxy + grow

    figure = Figure(figsize=(width_mm / 25.4, height_mm / 25.4), dpi=dpi)
    FigureCanvasAgg(figure)  # the Agg backend: no display, no pyplot state
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_axis_off()
    if context is not None and len(context):
        view = context.cx[minx:maxx, miny:maxy]
        if len(view):
            view.plot(ax=axes, color=CONTEXT_FILL, edgecolor=CONTEXT_EDGE, linewidth=0.3)
    fine = len(communes) > 400
    communes.plot(ax=axes, color=colours, edgecolor=COMMUNE_EDGE,
                  linewidth=0.12 if fine else 0.4)
    if outlines is not None and len(outlines):
        outlines.boundary.plot(ax=axes, color=INNER_EDGE, linewidth=0.45 if fine else 0.7)
    if territory is not None and len(territory):
        territory.boundary.plot(ax=axes, color=TERRITORY_EDGE, linewidth=0.9 if fine else 1.2)

    axes.set_xlim(minx, maxx)
    axes.set_ylim(miny, maxy)
    axes.set_aspect(aspect)

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()
