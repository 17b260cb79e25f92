"""Map builders for the benchmarks: our coverage map and the naive folium one, per territory.

``our_map`` goes through exactly the calls the Coverage page makes (``dashboard.app.data`` for
cached geometry, indicators and centre points, ``dashboard.app.view.coverage_spec`` and
``dashboard.app.maps.build_map``), so a benchmark measures what users get. ``naive_map`` is the
map as folium's documentation draws it (full-detail ``GeoJson`` with a ``GeoJsonTooltip``,
``CircleMarker`` in a ``MarkerCluster``, CDN assets, tiles); it lives in
:mod:`benchmarks.bench_app` and is re-exported here so there is one naive map only.

The ``dashboard.app.data`` wrappers run outside a Streamlit server too (Streamlit falls back to
an in-memory cache), on the dataset ``taghtia run`` would use (the illustrative demo).
"""

from __future__ import annotations

import folium

from benchmarks.bench_app import naive_map

__all__ = ["naive_map", "naive_map_html", "our_map", "our_map_html"]


def our_map(within: str | None = None, lang: str = "fr") -> folium.Map:
    """The Coverage page's map of communes covered or not, for ``within`` (None = Morocco).

    Parameters
    ----------
    within : str, optional
        Region, province or cercle code (dotted).
    lang : {"fr", "ar", "en"}
    """
    from dashboard.app import data, maps, view
    from dashboard.calc.indicators import Filters

    filters = Filters()
    table = data.indicators("commune", within, filters)
    communes = data.communes(within)
    geometry, bounds = data.geometry("commune", within)
    points = data.centre_points(within, filters, lang)
    spec = view.coverage_spec(communes, view.covered_series(table), geometry, bounds, lang,
                              points=points, cluster=within is None or len(points) > 400,
                              context=data.context(within),
                              centres_per_commune=table.set_index("code")["centres"])
    return maps.build_map(spec)


def our_map_html(within: str | None = None, lang: str = "fr") -> str:
    """HTML of :func:`our_map` as folium renders it (assets referenced at /app/static)."""
    return our_map(within, lang).get_root().render()


def naive_map_html(within: str | None = None) -> str:
    """HTML of :func:`naive_map` as folium renders it (CDN assets, OpenStreetMap tiles)."""
    return naive_map(within).get_root().render()
