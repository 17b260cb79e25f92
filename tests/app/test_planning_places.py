"""The Planning page counted in places: the access map in places per 1,000, the plan where
every centre serves at most its places (the same sites and people as `taghtia plan
--places`), the what-if scenario with places, and the centres that report no capacity."""

from __future__ import annotations

import json

import pytest

from dashboard import i18n
from dashboard.app.datasets import load_dataset
from dashboard.calc.indicators import Filters
from dashboard.calc.location import plan_sites, with_scenario
from tests.app.test_pages import TAZA, metrics, run

OUARZAZATE = "08.401"
QUESTION = {"territory": OUARZAZATE, "centre_type": "disability", "group": "disability",
            "radius": "10", "add": "2", "supply": "capacity", "places": "150"}
DISABILITY = Filters(types=("disability",))


@pytest.fixture(scope="module")
def expected(demo):
    return plan_sites(demo.centres_frame, OUARZAZATE, DISABILITY, add=2, radius_km=10,
                      demand="disability", places=150)


@pytest.fixture(scope="module")
def demo():
    from dashboard.app.datasets import demo_dataset

    return demo_dataset()


def maps(at) -> list[str]:
    """The maps' arguments as text (JSON with its non-ASCII letters as they are)."""
    return [json.dumps(json.loads(element.proto.json_args), ensure_ascii=False)
            for element in at.get("component_instance")]


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_two_disability_centres_of_150_places_in_ouarzazate(demo, expected, lang: str) -> None:
    from dashboard.calc.access import supply_points

    at = run("planning", {**QUESTION, "lang": lang})
    places = supply_points(demo.centres_frame, OUARZAZATE, DISABILITY)["places"].sum()
    assert metrics(at)[i18n.t("Places counted", lang)] == i18n.number(places, lang)
    assert i18n.t("Within reach of a centre: {group}", lang, group=i18n.t(
        "people with a disability", lang)) in metrics(at)
    assert at.radio(key=f"planning.supply@{lang}").value == "capacity"
    assert at.number_input(key=f"planning.places@{lang}").value == 150
    unit = i18n.t("Access: places per 1,000 {group}", lang, group="§").split("§")[0]
    assert any(unit in args for args in maps(at))  # the access map says its unit
    at.button(key=f"planning.propose@{lang}").click().run()
    assert not at.exception
    shown = at.dataframe[0].value
    assert shown[i18n.t("Code", lang)].tolist() == expected.sites["code"].tolist()
    assert shown[i18n.t("People served", lang)].tolist() == pytest.approx(
        expected.sites["people_served"].round(0).tolist())
    cards, summary = metrics(at), expected.summary
    before = i18n.t("People served today", lang)
    after = i18n.t("With {places} new places", lang,
                   places=i18n.number(300, lang))
    assert cards[before].startswith(i18n.number(summary["demand_served_before"], lang) + " (")
    assert cards[after].startswith(i18n.number(summary["demand_served_after"], lang) + " (")
    assert cards[i18n.t("Centres without capacity", lang)] == \
        i18n.number(0, lang)
    assert any(i18n.t("Exact capacitated maximal covering (CBC): each centre serves at most "
                      "its places ({places} per new centre; existing ones their reported "
                      "capacity): {status} solution.", lang, places="§", status="").split("§")[0]
               in args for args in maps(at))


def test_the_what_if_scenario_counts_places(demo) -> None:
    """A hypothetical centre has the places per new centre: the plan counts them."""
    far = "08.401.03.03"  # Amerzgane: no disability centre within 10 km
    at = run("planning", {**QUESTION, "hypothetical": far})
    assert at.caption and any(c.value == i18n.t(
        "Each hypothetical centre has {places} places (places per new centre, below).", "fr",
        places=i18n.number(150, "fr")) for c in at.caption)
    at.button(key="planning.propose@fr").click().run()
    scenario = with_scenario(demo.centres_frame, (far,), (), DISABILITY, capacity=150)
    plan = plan_sites(scenario, OUARZAZATE, DISABILITY, add=2, radius_km=10,
                      demand="disability", places=150)
    alone = plan_sites(demo.centres_frame, OUARZAZATE, DISABILITY, add=2, radius_km=10,
                       demand="disability", places=150)
    assert plan.summary["demand_served_before"] > alone.summary["demand_served_before"]
    assert metrics(at)[i18n.t("People served today", "fr")].startswith(
        i18n.number(plan.summary["demand_served_before"], "fr") + " (")
    assert at.dataframe[0].value["Code"].tolist() == plan.sites["code"].tolist()


MISSING_CAPACITY_CSV = """ID,Nom du centre,Type,Code commune,Capacité,Statut
K1,Centre un,eps,03.561.01.11,40,operating
K2,Centre deux,eps,03.561.03.01,,operating
K3,Centre trois,eps,03.561.03.03,,operating
K4,Centre fermé,eps,03.561.03.05,,closed
"""


def test_centres_without_a_capacity_are_listed_with_their_rows() -> None:
    dataset = load_dataset(MISSING_CAPACITY_CSV.encode(), None, centres_name="places.csv")
    at = run("planning", {"territory": TAZA, "supply": "capacity"}, dataset=dataset)
    said = i18n.t("{count} counted centres report no capacity: they supply no places here.",
                  "fr", count=i18n.number(2, "fr"))
    assert [w.value for w in at.warning] == [said]
    listed = at.dataframe[0].value
    assert listed["Identifiant du centre"].tolist() == ["K2", "K3"]
    assert listed["Ligne"].tolist() == [3, 4]  # the file's rows, as the Data page reports them
    links = at.get("page_link")
    assert len(links) == 1 and "data" in links[0].proto.page
    at.button(key="planning.propose@fr").click().run()
    assert metrics(at)[i18n.t("Centres without capacity", "fr")] == "2"


def test_centres_mode_has_no_places_input(demo) -> None:
    from dashboard.calc.access import capacity_unknown

    at = run("planning", {"territory": TAZA})
    assert at.radio(key="planning.supply@fr").value == "centres"
    assert not [s for s in at.number_input if s.key == "planning.places@fr"]
    assert not at.get("page_link")  # no list of centres without a capacity
    at.radio(key="planning.supply@fr").set_value("capacity").run()
    assert at.query_params["supply"] in ("capacity", ["capacity"])
    assert at.number_input(key="planning.places@fr").value == 50
    at.number_input(key="planning.places@fr").set_value(35).run()
    assert at.query_params["places"] in ("35", ["35"])
    unknown = len(capacity_unknown(demo.centres_frame, TAZA))
    assert unknown > 0  # the demo registry leaves some capacities out
    assert i18n.t("{count} counted centres report no capacity: they supply no places here.",
                  "fr", count=i18n.number(unknown, "fr")) in [w.value for w in at.warning]


def test_closing_the_one_centre_in_places(demo) -> None:
    """What-if: Ouarzazate's one counted disability centre closed; it served its places."""
    from dashboard.calc.access import supply_points

    [closed] = supply_points(demo.centres_frame, OUARZAZATE, DISABILITY)["centre_id"].tolist()
    at = run("planning", {**QUESTION, "switched_off": closed})
    assert metrics(at)[i18n.t("Places counted", "fr")] == "0"
    at.button(key="planning.propose@fr").click().run()
    plan = plan_sites(with_scenario(demo.centres_frame, (), (closed,), DISABILITY, 150),
                      OUARZAZATE, DISABILITY, add=2, radius_km=10, demand="disability",
                      places=150)
    assert plan.summary["demand_served_before"] == 0
    cards = metrics(at)
    assert cards[i18n.t("People served today", "fr")].startswith("0 (")
    assert cards[i18n.t("With {places} new places", "fr", places="300")].startswith(
        i18n.number(plan.summary["demand_served_after"], "fr") + " (")


@pytest.mark.parametrize(("text", "places"), [("35", 35), ("10000", 10_000), ("0", 50),
                                              ("10001", 50), ("1.5", 50), ("-3", 50)])
def test_places_in_the_link(text: str, places: int) -> None:
    from dashboard.app.state import ViewState, from_query, to_query

    state = from_query({"supply": "capacity", "places": text})
    assert state.supply == "capacity" and state.places == places
    assert from_query(to_query(state)) == state
    assert "places" not in to_query(ViewState())
