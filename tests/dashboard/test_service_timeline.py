"""Service columns and the network as of a year, on the hand-checkable territory of
test_indicators (province 99.001: 80,000 people; its commune 99.001.01.01: 50,000).

Centres (all counted by type and mode):

====  ============  =========  ======  ===========  ========  =============
id    commune       status     opened  closed       capacity  beneficiaries
====  ============  =========  ======  ===========  ========  =============
A     99.001.01.01  operating  2005                 40        30
B     99.001.01.01  operating  2012                 20        (none)
C     99.001.03.01  operating  (none)               (none)    15
D     99.001.03.03  closed     2000    2009         30        35
E     99.001.05.01  closed     2001    2015         10        12
F     99.002.03.01  licensing  2008                 50
G     98.001.01.01  planned                         25
====  ============  =========  ======  ===========  ========  =============
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from dashboard.calc.indicators import Filters, compute_indicators, totals
from dashboard.calc.service import centre_service
from dashboard.calc.trend import TREND_COLUMNS, registry_years, trend
from tests.dashboard.test_indicators import UNITS, make_centres

ROWS = [
    ("A", "99.001.01.01", "operating", 2005, None, 40, 30),
    ("B", "99.001.01.01", "operating", 2012, None, 20, None),
    ("C", "99.001.03.01", "operating", None, None, None, 15),
    ("D", "99.001.03.03", "closed", 2000, 2009, 30, 35),
    ("E", "99.001.05.01", "closed", 2001, 2015, 10, 12),
    ("F", "99.002.03.01", "licensing", 2008, None, 50, None),
    ("G", "98.001.01.01", "planned", None, None, 25, None),
]


def service_centres(rows=ROWS) -> pd.DataFrame:
    base = make_centres().iloc[[0] * len(rows)].reset_index(drop=True)
    ids, communes, statuses, opened, closed, capacity, people = zip(*rows, strict=True)
    base["centre_id"] = list(ids)
    base["commune_code"] = list(communes)
    base["status"] = list(statuses)
    base["opened_year"] = pd.array(list(opened), dtype="Int64")
    base["closed_year"] = pd.array(list(closed), dtype="Int64")
    base["capacity"] = pd.array(list(capacity), dtype="Int64")
    base["beneficiaries"] = pd.array(list(people), dtype="Int64")
    return base


def row(table: pd.DataFrame, code: str) -> pd.Series:
    return table.set_index("code").loc[code]


def test_today_capacity_without_beneficiaries_and_unknown_capacity() -> None:
    table = compute_indicators(service_centres(), level="province", units=UNITS)
    province = row(table, "99.001")
    assert province["centres"] == 3  # A, B, C operating
    assert province["capacity"] == 60 and province["capacity_unknown"] == 1
    assert province["beneficiaries"] == 45
    assert province["occupancy"] == pytest.approx(30 / 40)  # only A reports both
    assert province["places_per_1000"] == pytest.approx(1000 * 60 / 80_000)
    assert province["over_capacity"] == 0
    assert "centres_no_opening_year" not in table.columns
    empty = row(table, "99.002")  # F is being licensed: no counted centre
    assert empty["capacity"] == 0 and empty["places_per_1000"] == 0
    assert math.isnan(empty["occupancy"])


def test_every_status_counts_over_capacity() -> None:
    table = compute_indicators(service_centres(), level="region",
                               filters=Filters(statuses=None), units=UNITS)
    assert row(table, "99")["over_capacity"] == 2  # D and E
    assert row(table, "99")["occupancy"] == pytest.approx((30 + 35 + 12) / (40 + 30 + 10))


@pytest.mark.parametrize("year, counted, covered", [
    (2010, {"A", "E"}, 2),  # D closed in 2009; B opened in 2012; C has no opening year
    (2009, {"A", "E"}, 2),  # closed in 2009: gone at the end of 2009
    (2008, {"A", "D", "E"}, 3),
    (2015, {"A", "B"}, 1),  # E closed in 2015
    (1999, set(), 0),
])
def test_as_of_a_year(year: int, counted: set[str], covered: int) -> None:
    centres = service_centres()
    table = compute_indicators(centres, level="province", filters=Filters(as_of=year),
                               units=UNITS)
    province = row(table, "99.001")
    chosen = centres[centres["centre_id"].isin(counted)]
    assert province["centres"] == len(counted)
    assert province["communes_covered"] == covered
    assert province["capacity"] == chosen["capacity"].sum()
    assert province["centres_no_opening_year"] == 1  # C, whatever the year
    assert row(table, "99.002")["centres"] == 0  # licensing never counts in a past year
    assert row(table, "99.002")["centres_no_opening_year"] == 0


def test_as_of_keeps_type_filter_and_funding() -> None:
    centres = service_centres()
    centres.loc[centres["centre_id"] == "E", "centre_type"] = "cef"
    funding = pd.DataFrame({"centre_id": ["A", "D"], "year": [2020, 2021],
                            "amount_mad": [1000.0, 500.0], "source": ["indh", "indh"],
                            "commune_code": ["99.001.01.01", "99.001.03.03"]})
    today = compute_indicators(centres, funding, "province", units=UNITS,
                               filters=Filters(types=("eps",)))
    past = compute_indicators(centres, funding, "province", units=UNITS,
                              filters=Filters(types=("eps",), as_of=2010))
    assert row(past, "99.001")["centres"] == 1  # A (E is a cef now)
    assert row(past, "99.001")["funding_mad"] == row(today, "99.001")["funding_mad"] == 1500


def test_as_of_must_be_a_year() -> None:
    with pytest.raises(ValueError, match="as_of must be a year"):
        Filters(as_of="soon")
    with pytest.raises(ValueError, match="between 1900 and 2100"):
        Filters(as_of=20100)


def test_demand_group_population() -> None:
    census = pd.DataFrame({"code": [c for c in UNITS["commune"]["code"]],
                           "share_under_15": 0.25})
    census.loc[census["code"] == "99.001.05.03", "share_under_15"] = np.nan
    table = compute_indicators(service_centres(), level="province", units=UNITS,
                               demand="under_15", census=census)
    province = row(table, "99.001")
    group = 0.25 * (80_000 - 2_000)  # the commune without a share counts 0
    assert province["demand_population"] == pytest.approx(group)
    assert province["places_per_1000"] == pytest.approx(1000 * 60 / group)
    assert totals(table)["places_per_1000"] == pytest.approx(
        1000 * 60 / table["demand_population"].sum())
    with pytest.raises(ValueError, match="demand must be one of"):
        compute_indicators(service_centres(), units=UNITS, demand="children")


def test_per_centre_flags() -> None:
    centres = service_centres()
    flags = centre_service(centres).set_index(centres["centre_id"])
    assert flags.loc["A", "occupancy"] == pytest.approx(0.75)
    assert math.isnan(flags.loc["B", "occupancy"]) and math.isnan(flags.loc["C", "occupancy"])
    assert flags["over_capacity"].tolist() == [False, False, False, True, True, False, False]
    centres.loc[0, "beneficiaries"] = 19  # 19 / 40 < 50 %
    assert centre_service(centres)["under_used"].tolist()[0]


def test_trend_rows_are_the_years_as_of() -> None:
    centres = service_centres()
    frame = trend(centres, None, "99.001", 2007, 2016, units=UNITS)
    assert list(frame.columns) == list(TREND_COLUMNS)
    assert frame["year"].tolist() == list(range(2007, 2017))
    for _, year_row in frame.iterrows():
        table = compute_indicators(centres, None, "province", "99.001",
                                   Filters(as_of=int(year_row["year"])), UNITS)
        assert year_row["centres"] == table["centres"].sum()
        assert year_row["capacity"] == table["capacity"].sum()
        assert year_row["communes_covered_rural"] == table["communes_covered_rural"].sum()
    assert frame.set_index("year").loc[2010, "centres"] == 2
    assert registry_years(centres) == (2000, 2012)
    with pytest.raises(ValueError, match="run forward"):
        trend(centres, None, None, 2016, 2007, units=UNITS)


def test_the_columns_read_once_give_the_masks_of_every_year() -> None:
    from dashboard.calc import timeline

    centres = pd.DataFrame({
        "status": ["operating", "closed", "closed", "planned", "operating", "closed"],
        "opened_year": [2001, 1999, None, 2010, None, 2005],
        "closed_year": [None, 2008, 2012, None, None, None],
    })
    columns = timeline.TimelineColumns.of(centres)
    for year in range(1995, 2016):
        assert (columns.as_of_mask(year) == timeline.as_of_mask(centres, year)).all()
        assert (columns.undated_mask(year) == timeline.undated_mask(centres, year)).all()
    assert columns.as_of_mask(2007).tolist() == [True, True, False, False, False, False]
    assert columns.undated_mask(2011).tolist() == [False, False, True, False, True, False]
