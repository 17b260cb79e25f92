"""Planning page content without Streamlit: map colours, legends, numbered sites, escaping."""

from __future__ import annotations

import json

import numpy as np

from dashboard.app import map_files, maps, planning_view
from dashboard.calc.access import accessibility
from dashboard.calc.location import plan_sites
from dashboard.reports.palette import NO_DATA_COLOUR
from tests.dashboard.planning_cases import km_east, make_census, make_centres, make_units

HOSTILE = "<img src=x onerror=alert(1)>"
CODES = [f"99.001.01.0{i}" for i in range(5)]
UNITS = make_units([(c, 1_000 * (i + 1), -5.0 + km_east(10 * i), 33.0)
                    for i, c in enumerate(CODES)])
UNITS["commune"].loc[3, "name_fr"] = HOSTILE
CENSUS = make_census(CODES)
CENTRES = make_centres([("K1", CODES[0], "eps", "operating", 1, np.nan, np.nan)])
GEOMETRY = json.dumps({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"code": c},
     "geometry": {"type": "Point", "coordinates": [-5.0 + km_east(10 * i), 33.0]}}
    for i, c in enumerate(CODES)]})
BOUNDS = (32.9, -5.1, 33.1, -4.4)


def test_access_map_greys_communes_without_a_centre_in_reach() -> None:
    table = accessibility(CENTRES, units=UNITS, census=CENSUS, radius_km=10.5, detour=1.0)
    spec = planning_view.access_spec(table, "access", GEOMETRY, BOUNDS, "fr", radius_km=10.5,
                                     group="population")
    colours = {code: values[0] for code, values in spec.styles.items()}
    assert colours[CODES[0]] == colours[CODES[1]] != NO_DATA_COLOUR  # in reach of K1
    assert {colours[c] for c in CODES[2:]} == {NO_DATA_COLOUR}
    labels = [e.label for e in spec.legend_entries]
    assert "Aucun centre à portée" in labels and "Sans donnée" not in labels
    assert spec.legend_title == "Accès : centres pour 10 000 habitants"
    assert "vol d'oiseau × 1,3" in spec.legend_note


def test_plan_map_colours_and_numbered_sites() -> None:
    plan = plan_sites(CENTRES, add=1, radius_km=10.5, detour=1.0, units=UNITS, census=CENSUS)
    spec = planning_view.plan_spec(plan.communes, plan.sites, GEOMETRY, BOUNDS, "ar",
                                   radius_km=10.5, status="optimal")
    colours = [spec.styles[c][0] for c in CODES]
    assert colours == [planning_view.SERVED_COLOUR] * 2 + [
        planning_view.NEWLY_SERVED_COLOUR] * 3
    sites = list(spec.sites)  # drawn inline above the centres, never clustered
    assert [p.label for p in sites] == ["1"] and sites[0].colour == planning_view.SITE_COLOUR
    assert not any(p.label for p in spec.points)
    assert spec.rtl and "حل أمثل" in spec.legend_note
    html = maps.build_map(spec).get_root().render()
    assert maps.SITE_CLASS in html
    assert HOSTILE not in html and "<img" not in html  # the site's name travels as data


def test_sites_table_in_the_language() -> None:
    plan = plan_sites(CENTRES, add=2, radius_km=10.5, detour=1.0, units=UNITS, census=CENSUS)
    shown = planning_view.sites_table(plan.sites, "en")
    assert list(shown.columns) == ["Rank", "Name", "Code", "Commune type", "Newly served"]
    assert shown["Rank"].tolist() == [1, 2]
    assert shown["Newly served"].sum() == plan.summary["demand_served_after"] - \
        plan.summary["demand_served_before"]


def test_plan_map_keeps_the_centre_file_and_adds_the_sites(monkeypatch) -> None:
    """With the centres as a file and a bitmask (as on the access map), only the numbered
    sites travel inline: the plan map does not re-send every centre on each rerun."""
    centres = [map_files.Point(33.0, -5.0 + km_east(10 * i), f"C{i}", "", ()) for i in range(3)]
    layer = map_files.point_layer(centres, "centres-test")
    monkeypatch.setattr(type(layer), "served", lambda self: True)  # as once saved
    markers = map_files.Markers(layer, np.array([True, False, True]))
    plan = plan_sites(CENTRES, add=2, radius_km=10.5, detour=1.0, units=UNITS, census=CENSUS)
    spec = planning_view.plan_spec(plan.communes, plan.sites, GEOMETRY, BOUNDS, "fr",
                                   radius_km=10.5, status="optimal", centres=markers)
    assert spec.points is markers and [p.label for p in spec.sites] == ["1", "2"]
    html = maps.build_map(spec).get_root().render()
    assert html.count("taghtia_points(") == 2 and layer.url in html
    assert markers.mask() in html
    assert "C0" not in html  # the centres' names stay in their file


def test_plan_map_and_table_in_places() -> None:
    """K1 (30 places) serves part of the first commune; one new site of 500 places."""
    centres = CENTRES.assign(capacity=30)
    plan = plan_sites(centres, add=1, radius_km=10.5, detour=1.0, units=UNITS, census=CENSUS,
                      places=500)
    spec = planning_view.plan_spec(plan.communes, plan.sites, GEOMETRY, BOUNDS, "en",
                                   radius_km=10.5, status="optimal", places=500)
    assert list(spec.labels) == ["Service", "Target group", "People served today",
                                 "People served"]
    served = plan.communes.set_index("code")
    for code in CODES:
        values = spec.styles[code]
        assert values[3] == f"{served.loc[code, 'people_served_before']:,.0f}"
        assert values[4] == f"{served.loc[code, 'people_served_after']:,.0f}"
    assert {e.label for e in spec.legend_entries} >= {"More people served", "No one served"}
    assert "500 per new centre" in spec.legend_note
    shown = planning_view.sites_table(plan.sites, "en")
    assert list(shown.columns) == ["Rank", "Name", "Code", "Commune type", "People served"]
    assert shown["People served"].tolist() == [500]
