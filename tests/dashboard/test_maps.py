"""The pure map builder, tested by rendering HTML (no browser, no Streamlit)."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from dashboard import maps, view

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


def _spec(**kwargs) -> maps.MapSpec:
    units = _units()
    spec = view.kind_spec(pd.DataFrame(units.drop(columns="geometry")),
                          maps.geojson_text(units), (34, -6, 35, -4.5), "fr", **kwargs)
    return spec


def _points() -> list[maps.Point]:
    return [maps.Point(34.5, -5.8, HOSTILE, "M'diq", (("Type", "EPS"), ("Services", "2"))),
            maps.Point(34.6, -5.2, CLOSING, "", (("Type", "EPS"),))]


def _hosts(text: str) -> set[str]:
    return {host.split(":")[0].lower() for _, host in URL.findall(text)}


@pytest.mark.parametrize("cluster", [False, True])
def test_map_html_references_no_external_host(cluster: bool) -> None:
    html = maps.build_map(_spec(points=_points(), cluster=cluster)).get_root().render()
    assert _hosts(html) <= LOCAL
    assert ANY_URL.findall(html) == []  # not even a link: every asset is /app/static/...
    assert "/app/static/leaflet/leaflet.js" in html
    assert ("/app/static/markercluster/leaflet.markercluster.js" in html) is cluster
    assert "tile" not in html.lower().replace("tiles=none", "")  # no tile layer at all


def test_standalone_html_inlines_every_asset() -> None:
    html = maps.standalone_html(maps.build_map(_spec(points=_points(), cluster=True)), "T")
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+href=", html)
    assert "L.markerClusterGroup" in html and "L.geoJSON" in html
    # inside the inlined Leaflet code only two names remain: the SVG namespace and the
    # text of Leaflet's attribution prefix link, which build_map switches off (prefix: false)
    assert {h.lower() for h in ANY_URL.findall(html)} <= {"www.w3.org", "leafletjs.com"}
    assert "prefix: false" in html


def test_first_page_map_of_every_commune() -> None:
    import geodata

    communes = geodata.load_units("commune", detail="web")
    attributes = pd.DataFrame(communes.drop(columns="geometry"))
    west, south, east, north = communes.total_bounds
    spec = view.kind_spec(attributes, maps.geojson_text(communes), (south, west, north, east),
                          "fr")
    features = json.loads(spec.geojson)["features"]
    assert len(features) == 1503
    colours = pd.Series([spec.styles[f["properties"]["code"]][0] for f in features])
    assert (colours == maps.URBAN).sum() == 242
    assert (colours == maps.RURAL).sum() == 1261
    html = maps.build_map(spec).get_root().render()
    assert _hosts(html) <= LOCAL and ANY_URL.findall(html) == []
    # FR and AR names on hover
    tip = spec.styles["05.301.01.01"][1]
    assert "Khénifra" in tip or "Khenifra" in tip
    assert "خنيفرة" in tip


def test_text_is_escaped_everywhere() -> None:
    spec = _spec(points=_points())
    spec.legend_title = HOSTILE
    html = maps.build_map(spec).get_root().render()
    assert HOSTILE not in html
    assert CLOSING not in html
    assert "</script><script>" not in html
    # the JSON decodes back to escaped markup: the browser shows the text, runs nothing
    assert "&lt;img src=x onerror=alert(1)&gt;" in json.loads(
        maps.script_json(maps.tooltip_html(HOSTILE)))
    assert "M&#x27;diq" in maps.tooltip_html("M'diq")
    assert maps.script_json("</script>") == '"\\u003c/script\\u003e"'


def test_centre_tooltips_are_built_as_text() -> None:
    html = maps.build_map(_spec(points=_points())).get_root().render()
    assert "title.textContent = p[3]" in html
    words = re.search(r"\}\)\(centres_\w+, (\[.*?\]), (\[.*?\])\);", html, re.DOTALL)
    points, labels = json.loads(words.group(1)), json.loads(words.group(2))
    assert points[0][3] == HOSTILE and points[1][3] == CLOSING  # plain text, JSON-escaped
    assert [labels[i] for i in points[0][5]] == ["Type", "EPS", "Services", "2"]


def test_one_feature_per_unit_and_codes_intact() -> None:
    units = _units()
    parsed = json.loads(maps.geojson_text(units))
    assert [f["properties"] for f in parsed["features"]] == [{"code": c} for c in units["code"]]


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


@pytest.mark.parametrize("scheme", maps.SCHEMES)
def test_classify_schemes(scheme: str) -> None:
    values = pd.Series([0.0, 1, 2, 3, 4, 5, 6, 7, 8, 100, np.nan])
    classes = maps.classify(values, scheme, 5)
    assert classes.k == 5
    assert list(classes.edges) == sorted(classes.edges)
    assert classes.edges[0] == 0 and classes.edges[-1] == 100
    assert pd.isna(classes.index.iloc[-1])
    assert classes.index.dropna().between(0, 4).all()
    colours = classes.colour_of()
    assert colours.iloc[-1] == maps.NO_DATA_COLOUR
    assert set(colours.iloc[:-1]) <= set(classes.colours)


def test_classify_edge_cases() -> None:
    assert maps.classify([np.nan, None]).k == 0
    single = maps.classify([3.0, 3.0, np.nan])
    assert single.k == 1 and list(single.index.dropna()) == [0, 0]
    assert maps.classify([1.0, 2.0], "quantiles", 5).k == 2
    with pytest.raises(ValueError, match="scheme must be one of"):
        maps.classify([1.0, 2.0], "jenks")
    with pytest.raises(ValueError, match="k must be"):
        maps.classify([1.0, 2.0], k=9)


def test_choropleth_legend_shows_the_classes() -> None:
    units = _units()
    table = pd.DataFrame(units.drop(columns="geometry")).assign(
        funding_per_capita_mad=[1.5, 3.25, np.nan])
    spec = view.choropleth_spec(table, "funding_per_capita_mad", maps.geojson_text(units),
                                (34, -6, 35, -4.5), "fr", title="DH par habitant",
                                scheme="equal_interval", k=2)
    labels = [entry.label for entry in spec.legend_entries]
    assert labels[0].startswith("1,50") and labels[-1] == "Sans donnée"
    assert spec.styles["01.001.03.05"][0] == maps.NO_DATA_COLOUR
