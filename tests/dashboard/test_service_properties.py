"""Properties of the service columns and of the network as of a year, on random registries
over the test territory of test_indicators."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.calc.indicators import Filters, compute_indicators, totals
from dashboard.calc.trend import TREND_COLUMNS, trend
from geodata.hierarchy import LEVELS
from loaders.vocabulary import STATUS_KEYS
from tests.dashboard.test_indicators import COMMUNES, UNITS

CODES = [c[0] for c in COMMUNES]
THIS_YEAR = dt.date.today().year
counts = st.one_of(st.none(), st.integers(0, 300))

service_rows = st.lists(
    st.tuples(
        st.sampled_from(CODES),
        st.sampled_from(("eps", "cef", "kindergarten")),
        st.sampled_from(STATUS_KEYS),
        st.one_of(st.none(), st.integers(1990, THIS_YEAR)),  # opened
        st.one_of(st.none(), st.integers(0, 15)),  # years open before closing
        counts,  # capacity
        counts,  # beneficiaries
    ),
    max_size=40,
)


def frame(rows: list[tuple]) -> pd.DataFrame:
    codes, types, statuses, opened, open_for, capacity, people = (
        list(column) for column in zip(*rows, strict=True)) if rows else ([],) * 7
    closed = [None if o is None or d is None or s != "closed" else o + d
              for o, d, s in zip(opened, open_for, statuses, strict=True)]
    return pd.DataFrame({
        "centre_id": [f"C{i}" for i in range(len(rows))],
        "commune_code": pd.Series(codes, dtype=object),
        "centre_type": pd.Series(types, dtype=object),
        "services": 1,
        "management_mode": pd.Series([None] * len(rows), dtype=object),
        "status": pd.Series(statuses, dtype=object),
        "opened_year": pd.array(opened, dtype="Int64"),
        "closed_year": pd.array(closed, dtype="Int64"),
        "capacity": pd.array(capacity, dtype="Int64"),
        "beneficiaries": pd.array(people, dtype="Int64"),
    })


FILTERS = st.sampled_from([Filters(), Filters(statuses=None), Filters(types=("eps",)),
                           Filters(as_of=2005), Filters(as_of=2015, types=("cef",))])


@settings(max_examples=40, deadline=None)
@given(service_rows, FILTERS)
def test_places_add_up_from_communes(rows: list[tuple], filters: Filters) -> None:
    """Every level's places per 1,000 is 1000 × the sum of its communes' places over the sum
    of their population; additive columns add up; occupancy is its two terms' ratio."""
    centres = frame(rows)
    communes = compute_indicators(centres, level="commune", filters=filters, units=UNITS)
    additive = ["capacity", "capacity_unknown", "beneficiaries", "occupancy_beneficiaries",
                "occupancy_capacity", "over_capacity", "centres"]
    for level in LEVELS[:-1]:
        table = compute_indicators(centres, level=level, filters=filters, units=UNITS)
        key = {"region": "region_code", "province": "province_code",
               "cercle": "cercle_code"}[level]
        unit_of = UNITS["commune"].set_index("code")[key]
        grouped = communes.assign(unit=communes["code"].map(unit_of)).groupby("unit")
        places = grouped["capacity"].sum()
        population = grouped["population_2024"].sum()
        expected = (1000 * places / population).reindex(table["code"]).to_numpy()
        assert table["places_per_1000"].to_numpy() == pytest.approx(expected)
        for column in additive:
            assert (grouped[column].sum().reindex(table["code"]).to_numpy()
                    == table[column].to_numpy()).all()
        reported = table["occupancy_capacity"] > 0
        assert table.loc[~reported, "occupancy"].isna().all()
        assert table.loc[reported, "occupancy"].to_numpy() == pytest.approx(
            (table["occupancy_beneficiaries"] / table["occupancy_capacity"])[reported])
    assert totals(communes)["places_per_1000"] == pytest.approx(
        1000 * communes["capacity"].sum() / communes["population_2024"].sum())


@settings(max_examples=40, deadline=None)
@given(service_rows)
def test_as_of_this_year_without_closures_is_today(rows: list[tuple]) -> None:
    """With every opening year known and no centre closed, the network at the end of this
    year is today's."""
    centres = frame(rows)
    centres = centres[(centres["status"] != "closed") & centres["opened_year"].notna()]
    today = compute_indicators(centres, level="cercle", units=UNITS)
    as_of = compute_indicators(centres, level="cercle", units=UNITS,
                               filters=Filters(as_of=THIS_YEAR))
    assert (as_of["centres_no_opening_year"] == 0).all()
    pd.testing.assert_frame_equal(as_of.drop(columns="centres_no_opening_year"), today)


grant_rows = st.lists(st.tuples(st.integers(-1, 39), st.sampled_from(CODES),
                                st.integers(1998, 2026), st.floats(1, 1e6)), max_size=20)


def grants(rows: list[tuple], centres: pd.DataFrame) -> pd.DataFrame:
    ids = [f"C{i}" if 0 <= i < len(centres) else None for i, *_ in rows]
    return pd.DataFrame({"centre_id": pd.array(ids, dtype="str"),
                         "commune_code": [r[1] for r in rows], "year": [r[2] for r in rows],
                         "amount_mad": [r[3] for r in rows], "source": "indh"})


@settings(max_examples=15, deadline=None)
@given(service_rows, grant_rows, st.sampled_from([None, "99", "99.001", "99.001.03"]),
       st.sampled_from([Filters(), Filters(types=("eps", "cef"))]),
       st.sampled_from(["population", "under_15"]))
def test_trend_is_as_of_each_year(rows: list[tuple], grant_list: list[tuple],
                                  within: str | None, filters: Filters, demand: str) -> None:
    centres = frame(rows)
    funding = grants(grant_list, centres)
    census = pd.DataFrame({"code": CODES, "share_under_15": [0.2, 0.3, None, 0.25, 0.3, 0.3,
                                                            0.35, 0.2]})
    by_year = trend(centres, funding, within, 2000, 2024, filters, UNITS, demand,
                    census).set_index("year")
    level = {None: "region", "99": "region", "99.001": "province",
             "99.001.03": "cercle"}[within]
    for year in range(2000, 2025):
        expected = totals(compute_indicators(
            centres, funding, level, within, replace(filters, as_of=year, years=(year, year)),
            UNITS, demand=demand, census=census))
        for column in TREND_COLUMNS[1:]:
            assert by_year.loc[year, column] == pytest.approx(expected[column], nan_ok=True), (
                year, column)
