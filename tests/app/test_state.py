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
