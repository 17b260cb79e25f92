"""Breakdowns, Lorenz curve and Gini, on the hand-checkable territory of test_indicators."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.calc.breakdowns import (
    counts_by_mode,
    counts_by_type,
    funding_by_source,
    funding_by_year,
    funding_equity,
    funding_tables,
    gini,
    lorenz_curve,
    urban_rural_funding,
)
from dashboard.calc.indicators import Filters, compute_indicators
from loaders.vocabulary import CENTRE_TYPE_KEYS, FUNDING_SOURCE_KEYS
from tests.dashboard.test_indicators import UNITS, make_centres, make_funding


def test_counts_by_mode_in_province() -> None:
    table = counts_by_mode(make_centres(), "99.001", units=UNITS).set_index("management_mode")
    assert list(table.index) == ["direct", "co_management", "delegated", "unknown"]
    assert table["centres"].tolist() == [1, 1, 2, 0]
    assert table["services"].tolist() == [1, 2, 5, 0]
    assert table["share"].sum() == pytest.approx(1.0)


def test_counts_by_mode_keeps_centres_without_mode() -> None:
    table = counts_by_mode(make_centres(), units=UNITS).set_index("management_mode")
    assert table.loc["unknown", "centres"] == 1  # C7, disability centre of 98.001


def test_counts_by_type_covers_every_type() -> None:
    table = counts_by_type(make_centres(), "99.001", units=UNITS).set_index("centre_type")
    assert list(table.index) == list(CENTRE_TYPE_KEYS)
    assert table.loc["eps", "centres"] == 2
    assert table.loc["literacy", "centres"] == 0  # closed
    all_statuses = counts_by_type(make_centres(), "99.001", Filters(statuses=None), UNITS)
    assert all_statuses.set_index("centre_type").loc["literacy", "centres"] == 1


def test_funding_by_source() -> None:
    table = funding_by_source(
        make_centres(), make_funding(), "99.001", Filters(years=(2019, 2024)), UNITS
    ).set_index("source")
    assert list(table.index) == list(FUNDING_SOURCE_KEYS)
    assert table.loc["entraide_nationale", "funding_mad"] == pytest.approx(120_000)
    assert table.loc["indh", "funding_mad"] == pytest.approx(30_000)
    assert table.loc["partner", "grants"] == 0
    assert table["share"].sum() == pytest.approx(1.0)


def test_funding_by_year_fills_every_year() -> None:
    table = funding_by_year(
        make_centres(), make_funding(), None, Filters(years=(2018, 2023)), UNITS
    ).set_index("year")
    assert list(table.index) == list(range(2018, 2024))
    assert table.loc[2018, "funding_mad"] == pytest.approx(50_000)
    assert table.loc[2021, "funding_mad"] == pytest.approx(150_000)
    assert table.loc[2022, "funding_mad"] == pytest.approx(10_000)
    assert table.loc[2020, "grants"] == 0
    free = funding_by_year(make_centres(), make_funding(), units=UNITS)
    assert free["year"].tolist() == [2018, 2019, 2020, 2021, 2022]


def test_urban_rural_funding_per_inhabitant() -> None:
    table = urban_rural_funding(
        make_centres(), make_funding(), "99.001", Filters(years=(2019, 2024)), UNITS
    ).set_index("kind")
    assert table.loc["urban", "population_2024"] == 60_000
    assert table.loc["urban", "funding_per_capita_mad"] == pytest.approx(100_000 / 60_000)
    assert table.loc["rural", "funding_per_capita_mad"] == pytest.approx(50_000 / 20_000)
    town = urban_rural_funding(make_centres(), make_funding(), "98.001", units=UNITS)
    assert math.isnan(town.set_index("kind").loc["rural", "funding_per_capita_mad"])


@pytest.mark.parametrize("within", [None, "99.001", "98.001"])
@pytest.mark.parametrize("filters", [Filters(), Filters(years=(2019, 2024)),
                                     Filters(types=("eps",))])
def test_funding_tables_at_once_are_the_three_tables(within, filters) -> None:
    tables = funding_tables(make_centres(), make_funding(), within, filters, UNITS)
    for name, function in (("funding_by_source", funding_by_source),
                           ("funding_by_year", funding_by_year),
                           ("urban_rural_funding", urban_rural_funding)):
        alone = function(make_centres(), make_funding(), within, filters, UNITS)
        assert tables[name].equals(alone), name


def test_lorenz_by_hand() -> None:
    # two units of 1 inhabitant: one gets 0, the other 10 -> Gini 0.5
    curve = lorenz_curve([10, 0], [1, 1])
    assert curve["population_share"].tolist() == [0.0, 0.5, 1.0]
    assert curve["funding_share"].tolist() == [0.0, 0.0, 1.0]
    assert gini([10, 0], [1, 1]) == pytest.approx(0.5)
    # population weighting: 3 people get 0, 1 person gets everything -> 0.75
    assert gini([0, 8], [3, 1]) == pytest.approx(0.75)


def test_gini_edge_cases() -> None:
    assert math.isnan(gini([]))
    assert gini([0, 0, 0]) == 0.0
    assert gini([5, np.nan], [1, 1]) == 0.0  # the unit without a value is left out
    with pytest.raises(ValueError, match=">= 0"):
        gini([-1, 2])
    with pytest.raises(ValueError, match="same length"):
        gini([1, 2], [1])


@given(
    st.lists(
        st.tuples(
            st.floats(0, 1e6, allow_nan=False),
            st.floats(0.5, 1e6, allow_nan=False),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_gini_between_zero_and_one(pairs: list[tuple[float, float]]) -> None:
    values, weights = zip(*pairs, strict=True)
    g = gini(values, weights)
    assert 0.0 <= g <= 1.0
    curve = lorenz_curve(values, weights)
    assert np.all(np.diff(curve["population_share"]) >= 0)
    assert np.all(np.diff(curve["funding_share"]) >= -1e-12)
    assert np.all(curve["funding_share"] <= curve["population_share"] + 1e-9)


@given(
    st.floats(0, 1e6, allow_nan=False),
    st.lists(st.floats(0.5, 1e6, allow_nan=False), min_size=1, max_size=40),
)
def test_equal_values_give_zero(value: float, weights: list[float]) -> None:
    assert gini([value] * len(weights), weights) == pytest.approx(0.0, abs=1e-9)


def test_funding_equity_over_communes_of_a_province() -> None:
    table = compute_indicators(make_centres(), make_funding(), "commune", "99.001",
                               Filters(years=(2019, 2024)), UNITS)
    equity = funding_equity(table)
    assert equity.units == 6
    assert 0 < equity.gini < 1
    assert equity.lorenz.iloc[-1].tolist() == [1.0, 1.0]
