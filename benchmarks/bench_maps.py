"""The two maps the benchmarks compare: our coverage map and the naive folium one.

``our_map`` is the Coverage page's map, built by the page's own builder
(:func:`dashboard.app.cache.coverage_map`: cached geometry, indicators, centre markers and
outlines, then :func:`dashboard.app.maps.build_map`), so a benchmark measures what users get.
``naive_map`` is the same map as folium's documentation draws it (full-detail ``GeoJson``
with a ``GeoJsonTooltip``, ``CircleMarker`` in a ``MarkerCluster``, CDN assets, tiles).

The ``dashboard.app.cache`` and ``dashboard.app.reference`` wrappers run outside a Streamlit
server too (Streamlit falls back to an in-memory cache), on the dataset ``taghtia run``
would use (the illustrative demo).
"""

from __future__ import annotations

import html

import folium

__all__ = ["app_points", "coverage_spec", "naive_map", "naive_map_html", "our_map",
           "our_map_html"]


def coverage_spec(within: str | None = None, lang: str = "fr"):
    """The :class:`dashboard.app.maps.MapSpec` of the Coverage page (communes view, default
    filters), from :func:`dashboard.app.cache.coverage_map`."""
    from dashboard.app import cache
    from dashboard.calc.indicators import Filters

    return cache.coverage_map(within, Filters(), lang)


def our_map(within: str | None = None, lang: str = "fr") -> folium.Map:
    """The Coverage page's map of communes covered or not, for ``within`` (None = Morocco).

    Parameters
    ----------
    within : str, optional
        A unit code of any level (see :mod:`geodata.hierarchy`).
    lang : {"fr", "ar", "en"}
    """
    from dashboard.app import maps

    return maps.build_map(coverage_spec(within, lang))


def app_points(within: str | None = None, lang: str = "fr") -> list:
    """The centre markers the app draws for a territory (``dashboard.app.cache.centre_points``:
    every counted centre, those without coordinates at their commune's point)."""
    from dashboard.app import cache
    from dashboard.calc.indicators import Filters

    return list(cache.centre_points(within, Filters(), lang))


def _communes(detail: str, within: str | None):
    import geodata
    from geodata.hierarchy import units_within

    units = geodata.load_units("commune", detail=detail)
    return units_within(units, within).reset_index(drop=True)


def naive_map(within: str | None = None) -> folium.Map:
    """The same map the way folium's documentation shows it.

    ``folium.GeoJson`` of the full-detail boundaries (a GeoDataFrame with the columns the
    tooltip shows), colours from a ``style_function``, a ``GeoJsonTooltip``, and the same
    centre markers as the app (:func:`app_points`, same tooltip text) as ``CircleMarker`` in a
    ``MarkerCluster``, on folium's default map. No province outlines (that would only make
    the naive map bigger).
    """
    from folium.plugins import MarkerCluster

    from dashboard.app import cache
    from dashboard.calc.indicators import Filters
    from dashboard.reports.palette import COVERAGE_COLOURS, OUTLINE_COLOUR, UNKNOWN_COLOUR

    units = _communes("full", within)
    table = cache.indicators("commune", within, Filters()).set_index("code")
    frame = units[["code", "name_fr", "name_ar", "kind", "population_2024", "geometry"]].copy()
    frame["centres"] = frame["code"].map(table["centres"]).fillna(0).astype(int)
    frame["covered"] = (frame["centres"] > 0).map({True: "oui", False: "non"})
    west, south, east, north = (float(v) for v in units.total_bounds)
    m = folium.Map(location=[(south + north) / 2, (west + east) / 2], zoom_start=6)
    colours = {(k, c): colour for (k, c), colour in COVERAGE_COLOURS.items()}

    def style(feature):
        props = feature["properties"]
        colour = colours.get((props["kind"], props["covered"] == "oui"), UNKNOWN_COLOUR)
        return {"fillColor": colour, "color": OUTLINE_COLOUR, "weight": 0.6, "fillOpacity": 0.85}

    folium.GeoJson(
        frame, name="communes", style_function=style,
        tooltip=folium.GeoJsonTooltip(
            fields=["name_fr", "name_ar", "kind", "covered", "centres", "population_2024"],
            aliases=["Commune", "الجماعة", "Milieu", "Couverte", "Centres", "Population 2024"]),
    ).add_to(m)
    cluster = MarkerCluster().add_to(m)
    for point in app_points(within):
        lines = [f"<b>{html.escape(point.title)}</b>"]
        if point.subtitle:
            lines.append(html.escape(point.subtitle))
        lines += [f"{html.escape(label)}: {html.escape(value)}" for label, value in point.rows]
        folium.CircleMarker([point.latitude, point.longitude], radius=5, fill=True,
                            tooltip="<br>".join(lines)).add_to(cluster)
    m.fit_bounds([[south, west], [north, east]])
    return m


def our_map_html(within: str | None = None, lang: str = "fr") -> str:
    """HTML of :func:`our_map` as folium renders it (assets referenced at /app/static)."""
    return our_map(within, lang).get_root().render()


def naive_map_html(within: str | None = None) -> str:
    """HTML of :func:`naive_map` as folium renders it (CDN assets, OpenStreetMap tiles)."""
    return naive_map(within).get_root().render()
