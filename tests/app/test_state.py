"""URL query-string state: a copied link reopens the same view."""

from __future__ import annotations

from dashboard.app.state import ViewState, from_query, to_query


def test_round_trip() -> None:
    state = ViewState(lang="ar", territory="03.561", level="cercle", view="rate", rate="rural",
                      types=("eps", "cef"), statuses=("operating", "licensing"),
                      years=(2021, 2021), sources=("indh",), metric="funding_per_km2_mad",
                      scheme="natural_breaks", k=4, kind="rural")
    query = to_query(state)
    assert query["territory"] == "03.561" and query["years"] == "2021-2021"
    assert query["types"] == "eps,cef"
    assert from_query(query) == state


def test_defaults_stay_out_of_the_url() -> None:
    assert to_query(ViewState()) == {}


def test_malformed_values_fall_back_to_defaults() -> None:
    state = from_query({"lang": "de", "types": "nope,eps", "years": "abc", "k": "99",
                        "territory": "99.999", "scheme": "<script>"},
                       known_codes=frozenset({"03.561"}))
    assert state.lang == "fr" and state.types == ("eps",)
    assert state.years is None and state.k == 5 and state.territory is None
    assert state.scheme == "quantiles"


def test_planning_fields_round_trip_and_bad_values_fall_back() -> None:
    from dashboard.app.state import from_query, to_query

    query = {"centre_type": "kindergarten", "group": "under_15", "radius": "10", "add": "5",
             "shade": "nearest_km", "candidates": "uncovered",
             "hypothetical": "03.561.03.07,<script>,03.561.03.07", "switched_off": "EN-1"}
    state = from_query(query)
    assert state.hypothetical == ("03.561.03.07",) and state.switched_off == ("EN-1",)
    assert to_query(state) == {**query, "hypothetical": "03.561.03.07"}
    fallback = from_query({"radius": "12", "add": "99", "group": "teenagers",
                           "centre_type": "casino", "hypothetical": "x"})
    assert (fallback.radius, fallback.add, fallback.group, fallback.centre_type,
            fallback.hypothetical) == (15, 3, "population", "all", None)
