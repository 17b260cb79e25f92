"""AppTests of the pages' charts as the browser receives them: each chart carries the numbers
the calculation functions give (the same as the command line), in the page's language and
direction, and a rerun with the same inputs sends the very same chart (Streamlit then sends
a reference to it instead of the chart)."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest

from dashboard.app.datasets import demo_dataset
from dashboard.calc.breakdowns import funding_by_year, funding_equity, urban_rural_funding
from dashboard.calc.indicators import Filters, compute_indicators
from dashboard.calc.partners import partner_funding_by_year
from dashboard.reports.service_content import trend_table
from tests.app.test_pages import TAZA, run


@pytest.fixture(scope="module")
def demo():
    return demo_dataset()


def _charts(at) -> list[dict]:
    """The page's charts in page order, each a Vega-Lite specification with its values
    inline again (Streamlit sends a single view's values aside, as Arrow)."""
    found = []
    for element in at.get("vega_lite_chart"):
        spec = json.loads(element.proto.spec)
        if element.proto.data.data:
            rows = pa.ipc.open_stream(element.proto.data.data).read_all().to_pylist()
            spec["data"] = {"values": rows}
        found.append(spec)
    return found


def _column(spec: dict, channel: str) -> list[object]:
    field = spec["encoding"][channel]["field"]
    return [row[field] for row in spec["data"]["values"]]


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_overview_trend_shows_the_communes_covered_per_year(demo, lang: str) -> None:
    at = run("overview", {"territory": TAZA, "lang": lang})
    (trend,) = _charts(at)
    table, run_out = trend_table(demo.centres_frame, demo.funding_frame, TAZA, Filters())
    lines = trend["layer"][0]
    urban, rural = lines["encoding"]["color"]["scale"]["domain"]
    kind, year, count = (lines["encoding"][c]["field"] for c in ("color", "x", "y"))
    for label, column in ((urban, "communes_covered_urban"), (rural, "communes_covered_rural")):
        shown = [(row[year], row[count]) for row in lines["data"]["values"] if row[kind] == label]
        assert shown == list(zip(table["year"], table[column], strict=True))
    rtl = lang == "ar"
    assert lines["encoding"]["x"]["scale"]["reverse"] is rtl
    assert lines["encoding"]["y"]["axis"]["orient"] == ("right" if rtl else "left")
    assert trend["config"]["locale"]["number"]["thousands"] == ("." if rtl else "\u202f")
    if run_out < table["year"].max():
        assert trend["layer"][1]["data"]["values"] == [{year: run_out}]


def test_funding_charts_show_the_funding_calculations(demo) -> None:
    at = run("funding", {"territory": TAZA})
    per_inhabitant, curve, per_year = _charts(at)
    split = urban_rural_funding(demo.centres_frame, demo.funding_frame, TAZA, Filters())
    assert _column(per_inhabitant, "x") == ["urbaine", "rurale"]
    assert _column(per_inhabitant, "y") == pytest.approx(
        split["funding_per_capita_mad"].tolist())
    years = funding_by_year(demo.centres_frame, demo.funding_frame, TAZA, Filters())
    assert _column(per_year, "x") == years["year"].astype(str).tolist()
    assert _column(per_year, "y") == pytest.approx(years["funding_mad"].tolist())
    cercles = compute_indicators(demo.centres_frame, demo.funding_frame, "cercle", TAZA,
                                 Filters())
    expected = funding_equity(cercles).lorenz
    diagonal, line = curve["layer"]
    assert [row["population_share"] for row in line["data"]["values"]] == pytest.approx(
        expected["population_share"].tolist())
    assert [row["funding_share"] for row in line["data"]["values"]] == pytest.approx(
        expected["funding_share"].tolist())
    assert diagonal["mark"]["strokeDash"] == [4, 4]


def test_funding_charts_in_arabic_read_from_the_right(demo) -> None:
    at = run("funding", {"territory": TAZA, "lang": "ar"})
    per_inhabitant, curve, per_year = _charts(at)
    years = funding_by_year(demo.centres_frame, demo.funding_frame, TAZA, Filters())
    assert per_year["encoding"]["x"]["sort"] == years["year"].astype(str).tolist()[::-1]
    assert per_inhabitant["encoding"]["y"]["axis"] == {"format": ",.2f", "orient": "right"}
    assert all(layer["encoding"]["x"]["scale"]["reverse"] for layer in curve["layer"])
    assert per_year["config"]["locale"]["number"]["decimal"] == ","


def test_services_bars_are_the_cercles_totals_largest_first(demo) -> None:
    at = run("services", {"territory": TAZA, "service_metric": "capacity"})
    (bars,) = _charts(at)
    cercles = compute_indicators(demo.centres_frame, demo.funding_frame, "cercle", TAZA,
                                 Filters())
    totals: dict[str, float] = {}
    for name, value in zip(_column(bars, "y"), _column(bars, "x"), strict=True):
        totals[name] = totals.get(name, 0) + value
    assert sorted(totals.values()) == sorted(v for v in cercles["capacity"] if v > 0)
    order = bars["encoding"]["y"]["sort"]
    assert sorted(order) == sorted(totals)
    assert [totals[name] for name in order] == sorted(totals.values(), reverse=True)


def test_partners_bars_are_the_chosen_partners_funding_per_year(demo) -> None:
    at = run("partners", {"territory": TAZA})
    chosen = at.selectbox(key="partners.chosen@fr").value
    expected = partner_funding_by_year(demo.centres_frame, demo.funding_frame, chosen, TAZA,
                                       Filters())
    (bars,) = _charts(at)
    assert len(expected) and _column(bars, "x") == expected["year"].astype(str).tolist()
    assert _column(bars, "y") == pytest.approx(expected["amount_mad"].tolist())


@pytest.mark.parametrize("page", ["overview", "funding"])
def test_a_rerun_sends_the_same_charts(page: str) -> None:
    at = run(page, {"territory": TAZA})

    def sent() -> list[bytes]:
        return [element.proto.SerializeToString() for element in at.get("vega_lite_chart")]

    first = sent()
    at.run()
    assert first and sent() == first
