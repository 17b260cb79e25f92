"""The pure map builder, tested by rendering HTML (no browser, no Streamlit)."""

from __future__ import annotations

import base64
import dataclasses
import json
import os
import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from dashboard.app import map_files, maps, topology, view
from dashboard.reports import palette
from dashboard.reports.classes import SCHEMES, classify

HOSTILE = "<img src=x onerror=alert(1)>"
CLOSING = "</script><script>alert(2)</script>"
URL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(https?:)?//([^/"'\s>]+)""", re.IGNORECASE)
ANY_URL = re.compile(r"https?://([^/\"'\s<>)]+)", re.IGNORECASE)
LOCAL = {"localhost", "127.0.0.1"}


def _units() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"code": ["01.001.01.01", "01.001.01.03", "01.001.03.05"],
         "name_fr": [HOSTILE, "M'diq", "Aïn & Co"],
         "name_ar": ["المضيق", CLOSING, "عين"],
         "kind": ["urban", "rural", "rural"],
         "population_2024": [1000, 2000, np.nan]},
        geometry=[box(-6, 34, -5.5, 35), box(-5.5, 34, -5, 35), box(-5, 34, -4.5, 35)],
        crs="EPSG:4326",
    )


def _layer() -> map_files.GeoLayer:
    return map_files.geo_layer(_units(), "test-units")


def _spec(**kwargs) -> maps.MapSpec:
    units = _units()
    layer = _layer()
    return view.kind_spec(pd.DataFrame(units.drop(columns="geometry")), layer, layer.bounds,
                          "fr", **kwargs)


def _table(html: str) -> dict:
    """The per-rerun values table the units layer script carries."""
    found = re.search(r"var units_\w+_table = (\{.*?\});\n", html)
    assert found, "no values table"
    table = json.loads(found.group(1))
    table["rows"] = _rows(table)
    return table


def _rows(table: dict) -> list[list[int]]:
    """The table's columns read back per unit, as ``taghtia_cell`` in static/js/taghtia.js
    does: ``[colour index, word index, ...]``, ``[-1]`` for a unit without values."""
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"

    def cell(column: str, r: int) -> int:
        width, value = int(column[0]), 0
        for k in range(width):
            value = value * 64 + digits.index(column[1 + r * width + k])
        return value - 1

    rows = []
    for r in range(table["n"]):
        values = [cell(table["columns"][0], r)]
        for column in table["columns"][1:]:  # "~": one value per class of the first column
            values.append(cell(column[1:], values[0]) if column.startswith("~") and
                          values[0] >= 0 else -1 if column.startswith("~") else cell(column, r))
        rows.append([-1] if values[0] < 0 else values)
    return rows


def _points() -> list[map_files.Point]:
    return [map_files.Point(34.5, -5.8, HOSTILE, "M'diq", (("Type", "EPS"), ("Services", "2"))),
            map_files.Point(34.6, -5.2, CLOSING, "", (("Type", "EPS"),))]


def _geojson_text(units: gpd.GeoDataFrame) -> str:
    """Plain GeoJSON of the units with their ``code`` only: what a map also accepts."""
    return units[["code", "geometry"]].to_json(drop_id=True, ensure_ascii=False)


def _hosts(text: str) -> set[str]:
    return {host.split(":")[0].lower() for _, host in URL.findall(text)}


def _decode(text: str) -> list:
    """The browser's decoder, in Python: rings of (lon, lat) per polygon per unit."""
    return topology.decode_document(json.loads(text))["units"]


SCRIPT_SRC = re.compile(r'<script src="([^"]+)"></script>')


@pytest.mark.parametrize("cluster", [False, True])
def test_map_html_references_no_external_host(cluster: bool) -> None:
    html = maps.build_map(_spec(points=_points(), cluster=cluster)).get_root().render()
    assert _hosts(html) <= LOCAL
    assert ANY_URL.findall(html) == []  # not even a link: every asset is /app/static/...
    assert "tile" not in html.lower().replace("tiles=none", "")  # no tile layer at all
    # one script file: Leaflet, markercluster, files.js, topology.js and taghtia.js in order
    [src] = SCRIPT_SRC.findall(html)
    assert re.fullmatch(r"/app/static/geo/map-[0-9a-f]{12}\.js", src)
    bundle = (map_files.STATIC_DIR / src.removeprefix("/app/static/")).read_text(encoding="utf-8")
    parts = [(map_files.STATIC_DIR / part).read_text(encoding="utf-8")
             for part in ("leaflet/leaflet.js", "markercluster/leaflet.markercluster.js",
                          "js/files.js", "js/topology.js", "js/taghtia.js")]
    assert bundle == "\n;\n".join(parts)


@pytest.mark.parametrize("cluster", [False, True])
def test_map_loads_the_vendored_files_when_no_bundle_can_be_written(
        cluster: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(map_files.ScriptFile, "save", lambda self, directory=None: None)
    html = maps.build_map(_spec(points=_points(), cluster=cluster)).get_root().render()
    sources = SCRIPT_SRC.findall(html)
    assert sources[:4] == ["/app/static/leaflet/leaflet.js", "/app/static/js/files.js",
                           "/app/static/js/topology.js", "/app/static/js/taghtia.js"]
    assert ("/app/static/markercluster/leaflet.markercluster.js" in sources) is cluster
    for src in sources:
        assert (map_files.STATIC_DIR / src.removeprefix("/app/static/")).is_file()


def test_standalone_html_inlines_every_asset() -> None:
    spec = _spec(points=_points(), cluster=True)
    html = maps.standalone_html(maps.build_map(spec, inline=True), "T")
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+href=", html)
    assert "L.markerClusterGroup" in html and "L.geoJSON" in html
    assert "/app/static" not in html
    assert spec.geojson.text in html  # the boundaries, inline, in the same encoding
    # inside the inlined Leaflet code only two names remain: the SVG namespace and the
    # text of Leaflet's attribution prefix link, which build_map switches off (prefix: false)
    assert {h.lower() for h in ANY_URL.findall(html)} <= {"www.w3.org", "leafletjs.com"}
    assert "prefix: false" in html


def test_app_map_fetches_its_boundaries_from_a_static_file(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(map_files, "GEO_DIR", tmp_path / "geo")
    spec = _spec()
    # not saved (e.g. a read-only installation): the boundaries travel inline
    assert spec.geojson.text in maps.build_map(spec).get_root().render()
    path = spec.geojson.save(map_files.GEO_DIR)
    assert path.read_text(encoding="utf-8") == spec.geojson.text
    # dated in the past: browsers keep it (heuristic freshness) instead of fetching it again
    assert path.stat().st_mtime == map_files.GEO_MTIME
    html = maps.build_map(spec).get_root().render()
    assert f'"{spec.geojson.url}"' in html and spec.geojson.text not in html
    # its fetch started in the header, before the map's runtime loads
    head = html[:html.index('<script src="')]
    assert f'taghtia_prefetch("{spec.geojson.url}");' in head
    assert spec.geojson.url.startswith("/app/static/geo/test-units-")
    (tmp_path / "readonly").mkdir(mode=0o500)
    if os.geteuid() != 0:  # root writes anywhere
        assert spec.geojson.save(tmp_path / "readonly" / "geo") is None
    # same content, same name; other content, another name (a browser cache is never stale)
    assert map_files.geo_layer(_units(), "test-units").name == spec.geojson.name
    other = _units()
    other.loc[1, "name_fr"] = "Autre"
    assert map_files.geo_layer(other, "test-units").name != spec.geojson.name


def test_compact_encoding_round_trips_every_commune() -> None:
    from shapely.geometry import MultiPolygon, Polygon

    import geodata

    communes = geodata.load_units("commune", detail="web")
    layer = map_files.geo_layer(communes, "communes")
    doc = json.loads(layer.text)
    decoded = topology.decode_document(doc)
    assert decoded["codes"] == list(communes["code"]) and len(decoded["units"]) == 1503
    assert doc["fr"] == list(communes["name_fr"]) and doc["ar"] == list(communes["name_ar"])
    for geometry, polygons in zip(communes.geometry, decoded["units"], strict=True):
        shape = MultiPolygon([Polygon(rings[0], rings[1:]) for rings in polygons])
        assert shape.symmetric_difference(geometry).area < 1e-9
    # each border between two communes is one arc both use, sent once
    shared = [units for units in decoded["arc_units"] if len(units) == 2]
    assert len(shared) > 0.6 * len(decoded["arc_units"])
    assert all(1 <= len(units) <= 2 for units in decoded["arc_units"])
    vertices_sent = sum(len(arc) for arc in decoded["arcs"])
    assert vertices_sent < 0.65 * sum(len(ring) for polygons in decoded["units"]
                                      for rings in polygons for ring in rings)
    assert len(layer.text.encode()) < 0.25 * len(_geojson_text(communes).encode())


def test_topology_shares_a_border_and_keeps_holes() -> None:
    from shapely.geometry import Polygon

    outer = Polygon([(0, 0), (4, 0), (4, 4), (0, 4)], [[(1, 1), (1, 2), (2, 2), (2, 1)]])
    hole_filler = Polygon([(1, 1), (2, 1), (2, 2), (1, 2)])  # the enclave in the hole
    beside = Polygon([(4, 0), (6, 0), (6, 4), (4, 4)])  # shares the edge x = 4
    shapes = topology.build_topology([outer, hole_filler, beside, None])
    doc = {"scale": topology.SCALE, "codes": topology.shared_prefixes(["a", "b", "c", "d"]),
           "arcs": shapes.arc_text(), "units": shapes.unit_text()}
    decoded = topology.decode_document(doc)
    assert decoded["codes"] == ["a", "b", "c", "d"] and decoded["units"][3] == []
    for shape, polygons in zip((outer, hole_filler, beside), decoded["units"], strict=False):
        [rings] = polygons
        assert Polygon(rings[0], rings[1:]).symmetric_difference(shape).area < 1e-12
    # the hole and the enclave are one arc; the edge x = 4 is one arc used by a and c
    assert sorted(decoded["arc_units"]) == [[0], [0, 1], [0, 2], [2]]


def test_varints_round_trip() -> None:
    values = [0, 1, -1, 15, -16, 16, 511, -512, 10**6, -(10**9)]
    assert topology.decode_varints(topology.varints(values)) == values
    assert topology.decode_varints(topology.varints([0, 31, 32, 1023], signed=False),
                                   signed=False) == [0, 31, 32, 1023]
    assert len(topology.varints([15, -16])) == 2 and len(topology.varints([16])) == 2
    assert set(topology.varints(range(-5000, 5000, 7))) <= set(topology.DIGITS)


def test_first_page_map_of_every_commune() -> None:
    import geodata

    communes = geodata.load_units("commune", detail="web")
    attributes = pd.DataFrame(communes.drop(columns="geometry"))
    layer = map_files.geo_layer(communes, "communes")
    spec = view.kind_spec(attributes, layer, layer.bounds, "fr")
    assert len(layer.codes) == 1503
    colours = pd.Series([spec.styles[code][0] for code in layer.codes])
    assert (colours == palette.URBAN).sum() == 242
    assert (colours == palette.RURAL).sum() == 1261
    html = maps.build_map(spec).get_root().render()
    assert _hosts(html) <= LOCAL and ANY_URL.findall(html) == []
    table = _table(html)
    assert len(table["rows"]) == 1503 and "codes" not in table  # values in the file's order
    first = layer.codes.index("05.301.01.01")
    assert table["palette"][table["rows"][first][0]] == palette.URBAN
    assert table["words"][table["rows"][first][1]] == "urbaine"
    assert table["labels"] == ["Type de commune"] and table["pop"] == "Population 2024"
    # FR and AR names on hover come from the static text of the boundary file
    doc = json.loads(layer.text)
    assert doc["fr"][first] in ("Khénifra", "Khenifra") and doc["ar"][first] == "خنيفرة"
    pop = topology.decode_document(doc)["pop"]
    assert pop[first] == int(communes.loc[first, "population_2024"])


def test_text_is_escaped_everywhere() -> None:
    spec = _spec(points=_points())
    spec.legend_title = HOSTILE
    for html in (maps.build_map(spec).get_root().render(),
                 maps.standalone_html(maps.build_map(spec, inline=True))):
        assert HOSTILE not in html
        assert CLOSING not in html
        assert "</script><script>" not in html
    assert HOSTILE not in spec.geojson.text and CLOSING not in spec.geojson.text
    assert json.loads(spec.geojson.text)["ar"][1] == CLOSING  # decodes back to the text
    # the browser builds unit tooltips with textContent only
    html = maps.build_map(spec).get_root().render()
    assert "taghtia_units(" in html and re.search(r"/app/static/geo/map-\w+\.js", html)
    runtime = (map_files.JS_DIR / "taghtia.js").read_text(encoding="utf-8")
    units_function = runtime.split("function taghtia_units(")[1].split("\nfunction ")[0]
    assert "innerHTML" not in runtime and "innerHTML" not in units_function
    assert "title.textContent = (doc.fr && doc.fr[i])" in units_function
    assert "&lt;img src=x onerror=alert(1)&gt;" in json.loads(
        map_files.script_json(maps.tooltip_html(HOSTILE)))
    assert "M&#x27;diq" in maps.tooltip_html("M'diq")
    assert map_files.script_json("</script>") == '"\\u003c/script\\u003e"'


def _centres_call(html: str) -> tuple[object, str, object]:
    """(data, inline, mask) of the ``taghtia_points`` call of a rendered map."""
    start = re.search(r"taghtia_points\(map_\w+, centres_\w+, ", html)
    assert start, "no centre markers"
    decoder = json.JSONDecoder()
    data, end = decoder.raw_decode(html, start.end())
    inline, mask = re.match(r",\s*(true|false), (null|\"[^\"]*\")", html[end:]).groups()
    return data, inline, json.loads(mask)


def test_centre_tooltips_are_built_as_text() -> None:
    html = maps.build_map(_spec(points=_points())).get_root().render()
    runtime = (map_files.JS_DIR / "taghtia.js").read_text(encoding="utf-8")
    assert "title.textContent = name(p[2])" in runtime.split("function taghtia_points(")[1]
    doc, inline, mask = _centres_call(html)
    assert inline == "true" and mask is None  # a list of points travels inline, all shown
    points = map_files.decode_points(doc)
    assert points[0]["title"] == HOSTILE and points[1]["title"] == CLOSING  # plain text
    assert HOSTILE not in html and CLOSING not in html  # JSON-escaped or split into words
    assert points[0]["rows"] == [("Type", "EPS"), ("Services", "2")]
    assert points[0]["subtitle"] == "M'diq" and points[1]["subtitle"] == ""
    assert [(p["latitude"], p["longitude"]) for p in points] == [(34.5, -5.8), (34.6, -5.2)]
    # integer steps of 1e-4 degree from the previous centre, as varints
    assert topology.decode_varints(doc["positions"]) == [345000, -58000, 1000, 6000]


def test_marker_document_round_trips_labels_colours_and_odd_names() -> None:
    points = [map_files.Point(31.5, -8.0, "Site  double espace", rows=(("Rang", "1"),),
                              colour=palette.URBAN, label="1"),
              map_files.Point(float("nan"), -8.0, "sans position"),
              map_files.Point(-33.25, 7.125, "Nom", "Sous-titre")]
    doc, kept = map_files.encode_points(points)
    assert [p.title for p in kept] == ["Site  double espace", "Nom"]
    back = map_files.decode_points(doc)
    assert [(p["title"], p["subtitle"], p["label"], p["colour"]) for p in back] == [
        ("Site  double espace", "", "1", palette.URBAN),
        ("Nom", "Sous-titre", "", palette.CENTRE_COLOUR)]
    assert back[1]["latitude"] == -33.25 and back[1]["longitude"] == 7.125


def _unmask(mask: str, n: int) -> list[bool]:
    """What ``taghtia_mask`` in static/js/taghtia.js reads from a mask (written here apart)."""
    raw = base64.b64decode(mask)
    return [bool((raw[i // 8] >> (i % 8)) & 1) for i in range(n)]


def test_markers_travel_once_and_a_rerun_sends_which_are_shown(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(map_files, "GEO_DIR", tmp_path)
    many = [map_files.Point(30 + i / 100, -7 + i / 50, f"Centre {i}", "X", (("Type", "EPS"),))
            for i in range(21)]
    layer = map_files.point_layer(many, "centres-test")
    assert layer.save() == tmp_path / f"{layer.name}.json"
    shown = [i % 3 == 0 for i in range(21)]
    markers = map_files.Markers(layer, shown)
    assert len(markers) == 7 and [p.title for p in markers] == [
        f"Centre {i}" for i in range(0, 21, 3)]
    html = maps.build_map(_spec(points=markers)).get_root().render()
    url, inline, mask = _centres_call(html)
    assert inline == "false" and url == layer.url  # fetched from the file, not sent again
    assert "Centre 3" not in html and _unmask(mask, 21) == shown
    doc = json.loads(layer.text)
    assert map_files.decode_points(doc)[3]["title"] == "Centre 3"
    assert "Centre 3" not in layer.text  # names as word indexes
    other = maps.build_map(_spec(points=map_files.Markers(layer, [not s for s in shown])))
    assert _centres_call(other.get_root().render())[0] == url  # same file for any filters
    standalone = maps.standalone_html(maps.build_map(_spec(points=markers), inline=True))
    assert layer.url not in standalone and '"Centre"' in standalone  # the file inlined
    with pytest.raises(ValueError, match="one boolean per point"):
        map_files.Markers(layer, shown[:-1])


def test_one_feature_per_unit_and_codes_intact() -> None:
    units = _units()
    parsed = json.loads(_geojson_text(units))
    assert [f["properties"] for f in parsed["features"]] == [{"code": c} for c in units["code"]]
    assert topology.decode_document(json.loads(_layer().text))["codes"] == list(units["code"])


def test_plain_geojson_still_draws_with_values_keyed_by_code() -> None:
    units = _units()
    spec = view.kind_spec(pd.DataFrame(units.drop(columns="geometry")),
                          _geojson_text(units), (34, -6, 35, -4.5), "fr")
    html = maps.build_map(spec).get_root().render()
    table = _table(html)
    assert table["codes"] == list(units["code"]) and len(table["rows"]) == 3


def test_bounds_are_checked() -> None:
    spec = _spec()
    spec.bounds = (35, -4, 34, -6)
    with pytest.raises(ValueError, match="bounds"):
        maps.build_map(spec)


def test_legend_and_layers_carry_classes_for_the_browser() -> None:
    html = maps.build_map(_spec(points=_points())).get_root().render()
    for name in (maps.UNIT_CLASS, maps.CENTRE_CLASS, "taghtia-legend"):
        assert name in html
    assert "Commune urbaine" in html and "Commune rurale" in html


@pytest.mark.parametrize("scheme", SCHEMES)
def test_classify_schemes(scheme: str) -> None:
    values = pd.Series([0.0, 1, 2, 3, 4, 5, 6, 7, 8, 100, np.nan])
    classes = classify(values, scheme, 5)
    assert classes.k == 5
    assert list(classes.edges) == sorted(classes.edges)
    assert classes.edges[0] == 0 and classes.edges[-1] == 100
    assert pd.isna(classes.index.iloc[-1])
    assert classes.index.dropna().between(0, 4).all()
    colours = classes.colour_of()
    assert colours.iloc[-1] == palette.NO_DATA_COLOUR
    assert set(colours.iloc[:-1]) <= set(classes.colours)


def test_classify_edge_cases() -> None:
    assert classify([np.nan, None]).k == 0
    single = classify([3.0, 3.0, np.nan])
    assert single.k == 1 and list(single.index.dropna()) == [0, 0]
    assert classify([1.0, 2.0], "quantiles", 5).k == 2
    with pytest.raises(ValueError, match="scheme must be one of"):
        classify([1.0, 2.0], "jenks")
    with pytest.raises(ValueError, match="k must be"):
        classify([1.0, 2.0], k=9)


def test_choropleth_legend_shows_the_classes() -> None:
    units = _units()
    table = pd.DataFrame(units.drop(columns="geometry")).assign(
        funding_per_capita_mad=[1.5, 3.25, np.nan])
    layer = _layer()
    spec = view.choropleth_spec(table, "funding_per_capita_mad", layer, layer.bounds, "fr",
                                title="DH par habitant", scheme="equal_interval", k=2,
                                extra_columns=("population_2024",))
    labels = [entry.label for entry in spec.legend_entries]
    assert labels[0].startswith("1,50") and labels[-1] == "Sans donnée"
    assert spec.styles["01.001.03.05"][0] == palette.NO_DATA_COLOUR
    assert spec.styles["01.001.01.01"][1].startswith("1,50")
    assert spec.population_label  # the population comes from the boundary file


def test_context_outlines_are_lines() -> None:
    from shapely.geometry import MultiLineString

    lines = gpd.GeoDataFrame({"code": ["context"]}, geometry=[MultiLineString(
        [[(-6, 34), (-5, 35)], [(-5, 35), (-4, 34), (-4, 33)]])], crs="EPSG:4326")
    layer = map_files.geo_layer(lines, "context", text=False)
    doc = json.loads(layer.text)
    assert doc["lines"] == 1 and "fr" not in doc
    assert _decode(layer.text)[0] == [[[(-6.0, 34.0), (-5.0, 35.0)]],
                                      [[(-5.0, 35.0), (-4.0, 34.0), (-4.0, 33.0)]]]


def test_values_columns_read_back_at_any_width() -> None:
    many = [i * 37 % 5000 for i in range(300)]  # up to 4,999: three base-64 digits
    colours = [i % 3 for i in range(300)]
    colours[7] = -1  # a unit without values
    table = {"n": 300, "columns": [maps._column_text(colours), maps._column_text(many)]}
    assert table["columns"][0][0] == "1" and table["columns"][1][0] == "3"
    rows = _rows(table)
    assert rows[7] == [-1]
    assert [r[1] for i, r in enumerate(rows) if i != 7] == [v for i, v in enumerate(many)
                                                            if i != 7]
    assert len(table["columns"][0]) == 301  # one character per unit, plus the width


def test_a_column_the_colour_decides_is_sent_per_class() -> None:
    classes = [i % 3 for i in range(300)]
    classes[5] = -1  # a unit without values
    decided = [{0: 4, 1: 7, 2: 4}[c] if c >= 0 else -1 for c in classes]
    text = maps._derived_text(classes, decided, 3)
    assert text == "~1" + "5" + "8" + "5"  # per class: word index + 1, one digit each
    table = {"n": 300, "columns": [maps._column_text(classes), text]}
    rows = _rows(table)
    assert rows[5] == [-1] and [r[1] for r in rows if r[0] >= 0] == [
        v for v in decided if v >= 0]
    assert maps._derived_text(classes, list(range(300)), 3) == ""  # not decided by the class


def test_national_outlines_are_drawn_from_the_units_arcs(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(map_files, "GEO_DIR", tmp_path)
    lines = gpd.GeoDataFrame({"code": ["context"]}, geometry=[box(-6, 34, -4.5, 35).boundary],
                             crs="EPSG:4326")
    fallback = map_files.geo_layer(lines, "context-test", text=False)
    fallback.save()
    outlines = map_files.ArcOutlines(6, fallback)
    html = maps.build_map(_spec(context=outlines)).get_root().render()
    # communes: the outlines come from their arcs, no file fetched or inlined
    assert fallback.url not in html and fallback.text not in html
    assert re.search(r"taghtia_load\(context_\w+, null, true, units_\w+,\s+6\);", html)
    # regions are coarser than provinces: their map fetches the outlines' file
    regions = gpd.GeoDataFrame({"code": ["01", "02"]}, geometry=[box(-6, 34, -5, 35),
                                                                  box(-5, 34, -4, 35)],
                               crs="EPSG:4326")
    layer = map_files.geo_layer(regions, "regions-test")
    spec = dataclasses.replace(_spec(context=outlines), geojson=layer, styles={})
    html = maps.build_map(spec).get_root().render()
    assert f'"{fallback.url}"' in html and re.search(r"units_\w+,\s+0\);", html)
