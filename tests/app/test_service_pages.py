"""AppTests of the service and time views: the measure switch and the year control on
Coverage and Overview (kept in the URL), the trend of communes covered, the Centres table
and places on Services per cercle; the numbers are those of compute_indicators and trend."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard import i18n
from dashboard.app.datasets import demo_dataset
from dashboard.calc.indicators import Filters, compute_indicators
from dashboard.calc.service import centre_service
from dashboard.i18n.labels import COLUMNS, label_of
from tests.app.test_pages import TAZA, captions, metrics, run

REACHED = label_of(COLUMNS, "beneficiaries", "fr")  # the "people reached" header in French


@pytest.fixture(scope="module")
def demo():
    return demo_dataset()


def _taza(demo, level: str, **filters) -> pd.DataFrame:
    return compute_indicators(demo.centres_frame, demo.funding_frame, level, TAZA,
                              Filters(**filters))


def _grid(at, header: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if header in d.value.columns)


def test_coverage_places_per_1000_per_cercle(demo) -> None:
    at = run("coverage", {"territory": TAZA, "measure": "places_per_1000", "level": "cercle"})
    assert at.radio(key="service.measure@fr").value == "places_per_1000"
    grid = _grid(at, "Places pour 1 000 habitants").set_index("Code")
    expected = _taza(demo, "cercle").set_index("code")
    assert grid["Places pour 1 000 habitants"].to_numpy() == pytest.approx(
        expected.loc[grid.index, "places_per_1000"].to_numpy())
    assert (grid["Places"] == expected.loc[grid.index, "capacity"]).all()


def test_coverage_switches_to_occupancy_and_the_url_follows(demo) -> None:
    at = run("coverage", {"territory": TAZA})
    at.radio(key="service.measure@fr").set_value("occupancy").run()
    assert at.query_params["measure"] in ("occupancy", ["occupancy"])
    grid = _grid(at, "Taux d'occupation").set_index("Code")
    expected = _taza(demo, "cercle").set_index("code")
    assert grid["Taux d'occupation"].to_numpy() == pytest.approx(
        expected.loc[grid.index, "occupancy"].to_numpy(), nan_ok=True)


def test_coverage_as_of_2010_matches_the_command_line(demo) -> None:
    at = run("coverage", {"territory": TAZA, "as_of": "2010", "measure": "places_per_1000",
                          "level": "cercle"})
    assert at.select_slider(key="service.as_of@fr").value == 2010
    past = _taza(demo, "cercle", as_of=2010).set_index("code")
    grid = _grid(at, "Places").set_index("Code")
    assert (grid["Places"] == past.loc[grid.index, "capacity"]).all()
    left_out = int(past["centres_no_opening_year"].sum())
    assert any(c.startswith("En 2010 : le réseau à la fin de 2010.") and
               i18n.number(left_out, "fr") in c for c in captions(at))


def test_year_control_reaches_the_url_and_back_to_today() -> None:
    at = run("coverage", {"territory": TAZA})
    slider = at.select_slider(key="service.as_of@fr")
    assert slider.value == 0  # today
    slider.set_value(2015).run()
    assert at.query_params["as_of"] in ("2015", ["2015"])
    at.select_slider(key="service.as_of@fr").set_value(0).run()
    assert "as_of" not in at.query_params


def test_overview_as_of_cards_and_trend(demo) -> None:
    at = run("overview", {"territory": TAZA, "as_of": "2010"})
    past = _taza(demo, "province", as_of=2010).iloc[0]
    shown = metrics(at)
    assert shown["Centres à la fin de 2010"] == i18n.number(past["centres"], "fr")
    assert shown["Places"] == i18n.number(past["capacity"], "fr")
    assert shown["Taux d'occupation"] == i18n.percent(past["occupancy"], "fr")
    (chart,) = at.get("vega_lite_chart")  # the trend of communes covered, urban and rural
    spec = json.loads(chart.proto.spec)
    colours = spec["layer"][0]["encoding"]["color"]["scale"]["domain"]
    assert colours == ["Communes urbaines couvertes", "Communes rurales couvertes"]
    import datetime as dt

    last_opening = int(demo.centres_frame["opened_year"].max())
    if last_opening < dt.date.today().year:  # the rule where the opening years run out
        texts = [layer["encoding"].get("text", {}).get("value") for layer in spec["layer"]]
        assert f"Pas d'année d'ouverture après {last_opening}" in texts
    assert any(m.value == "**Communes couvertes, année par année**" for m in at.markdown)


def test_overview_measure_map_in_arabic(demo) -> None:
    at = run("overview", {"territory": TAZA, "measure": "occupancy", "lang": "ar"})
    today = _taza(demo, "province").iloc[0]
    assert metrics(at)["نسبة الإشغال"] == i18n.percent(today["occupancy"], "ar")
    assert at.radio(key="service.measure@ar").value == "occupancy"


def test_centres_table_flags_over_capacity_and_under_used(demo) -> None:
    at = run("coverage", {"territory": TAZA})
    grid = _grid(at, "Signal")
    centres = demo.centres_frame
    counted = centres[(centres["commune_code"].str.startswith(TAZA + "."))
                      & (centres["status"] == "operating")]
    assert len(grid) == len(counted)
    flags = centre_service(counted)
    assert (grid["Signal"] == "au-delà de la capacité").sum() == flags["over_capacity"].sum()
    assert (grid["Signal"] == "sous-utilisé").sum() == flags["under_used"].sum()
    assert set(grid.columns) >= {"Nom", "Type", "Commune", "Places", REACHED,
                                 "Taux d'occupation", "Année d'ouverture", "Statut"}
    downloads = [b.proto.label for b in at.get("download_button")]
    assert i18n.t("Download this table (CSV)", "fr") in downloads


def test_services_places_and_people_reached(demo) -> None:
    at = run("services", {"territory": TAZA, "service_metric": "capacity"})
    line = next(c for c in captions(at) if c.startswith("Total des cercles"))
    total = _taza(demo, "province")["capacity"].iloc[0]
    assert f"total de Taza : {i18n.number(total, 'fr')}" in line
    grid = _grid(at, REACHED)
    assert grid[REACHED].sum() == _taza(demo, "cercle")["beneficiaries"].sum()


def test_coverage_places_per_1000_children_under_15_matches_the_calc(demo) -> None:
    at = run("coverage", {"territory": TAZA, "measure": "places_per_1000", "level": "cercle",
                          "demand": "under_15"})
    assert at.selectbox(key="service.demand@fr").value == "under_15"
    header = "Places pour 1 000 enfants de moins de 15 ans"
    grid = _grid(at, header).set_index("Code")
    expected = compute_indicators(demo.centres_frame, demo.funding_frame, "cercle", TAZA,
                                  Filters(), demand="under_15").set_index("code")
    everyone = _taza(demo, "cercle").set_index("code")
    assert grid[header].to_numpy() == pytest.approx(
        expected.loc[grid.index, "places_per_1000"].to_numpy(), nan_ok=True)
    # a group is smaller than everyone: where there are places, more per 1,000
    with_places = everyone.loc[grid.index, "capacity"].to_numpy() > 0
    assert (grid[header].to_numpy()[with_places]
            > everyone.loc[grid.index, "places_per_1000"].to_numpy()[with_places]).all()


def test_demand_group_select_reaches_the_url_and_back(demo) -> None:
    at = run("overview", {"territory": TAZA, "measure": "places_per_1000"})
    select = at.selectbox(key="service.demand@fr")
    assert select.value == "population"
    assert "demand" not in at.query_params
    select.set_value("60_plus").run()
    assert at.query_params["demand"] in ("60_plus", ["60_plus"])
    at.selectbox(key="service.demand@fr").set_value("population").run()
    assert "demand" not in at.query_params
    at.radio(key="service.measure@fr").set_value("occupancy").run()
    assert not [s for s in at.selectbox if s.key == "service.demand@fr"]
