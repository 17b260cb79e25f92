"""The map component keeps its frame: its script is the same whatever a rerun shows, and
each rerun's drawing travels apart (streamlit-folium's feature group)."""

from __future__ import annotations

import dataclasses

import geopandas as gpd
import pandas as pd
from shapely.geometry import box
from streamlit_folium import _get_feature_group_string, _get_map_string, generate_js_hash

from dashboard.app import map_files, view
from dashboard.app.map_frame import build_frame


def _spec(shift: float = 0.0, kinds: tuple[str, str] = ("urban", "rural")):
    units = gpd.GeoDataFrame(
        {"code": ["01.001.01.01", "01.001.01.03"], "name_fr": ["Martil", "M'diq"],
         "name_ar": ["مرتيل", "المضيق"], "kind": list(kinds),
         "population_2024": [1000, 2000]},
        geometry=[box(-6 + shift, 34, -5.5 + shift, 35), box(-5.5 + shift, 34, -5 + shift, 35)],
        crs="EPSG:4326")
    layer = map_files.geo_layer(units, f"frame-test-{shift}")
    return view.kind_spec(pd.DataFrame(units.drop(columns="geometry")), layer, layer.bounds,
                          "fr")


def _component(spec) -> tuple[str, str]:
    """(the component's key as streamlit-folium computes it, the rerun's script)."""
    m, rerun = build_frame(spec)
    script = _get_map_string(m)
    return generate_js_hash(script, "map"), _get_feature_group_string(rerun, map=m)


def test_frame_key_stays_when_territory_and_values_change():
    first_key, first_rerun = _component(_spec())
    moved_key, moved_rerun = _component(_spec(shift=2.0))
    recoloured_key, recoloured_rerun = _component(_spec(kinds=("rural", "rural")))
    assert first_key == moved_key == recoloured_key
    assert len({first_rerun, moved_rerun, recoloured_rerun}) == 3


def test_rerun_script_draws_the_map_and_is_steady():
    key, rerun = _component(_spec())
    assert _component(_spec()) == (key, rerun)  # an unchanged rerun changes nothing
    assert rerun.startswith("var feature_group_feature_group_0 = L.featureGroup();")
    assert "taghtia_rerun(map_div);" in rerun
    for call in ("taghtia_units(map_div", "taghtia_load(", "taghtia_labels(map_div",
                 "taghtia_home(map_div"):
        assert call in rerun, call
    assert "taghtia_units" not in _get_map_string(build_frame(_spec())[0])


def test_frame_loads_the_cluster_style_for_any_later_rerun():
    spec = dataclasses.replace(_spec(), cluster=False)
    m, _ = build_frame(spec)
    assert any("markercluster" in href for _, href in m.default_css)
