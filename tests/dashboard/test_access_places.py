"""Access counted in places (``supply="capacity"``): 2SFCA with S_j = a centre's places,
scores per 1,000 of the target group, centres without a capacity supplying nothing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.calc.access import access_scale, accessibility, capacity_unknown, supply_points
from dashboard.calc.indicators import Filters
from dashboard.cli import main
from tests.dashboard.planning_cases import km_east, make_census, make_centres, make_units

A, B, C = "99.001.01.01", "99.001.01.02", "99.001.01.03"


def three_communes() -> dict:
    """A, B 10 km apart, C 40 km further east (out of reach of both at 15 km)."""
    return make_units([(A, 30_000, -5.0, 33.0), (B, 10_000, -5.0 + km_east(10), 33.0),
                       (C, 5_000, -5.0 + km_east(50), 33.0)])


def centres_with_places(places: dict[str, float | None]) -> pd.DataFrame:
    rows = [(cid, code, "eps", "operating", 3, np.nan, np.nan) for cid, code in
            (("K1", A), ("K2", B), ("K3", C))]
    frame = make_centres(rows)
    frame["capacity"] = pd.array([places.get(c) for c in frame["centre_id"]], dtype="Int64")
    return frame


def test_places_are_shared_among_the_demand_in_reach_per_1000() -> None:
    units = three_communes()
    census = make_census(units["commune"]["code"])  # disability share 0.05
    centres = centres_with_places({"K1": 60, "K2": 20, "K3": None})
    table = accessibility(centres, units=units, census=census, radius_km=15, detour=1.0,
                          demand="disability", supply="capacity").set_index("code")
    demand_ab = (30_000 + 10_000) * 0.05
    # K1 and K2 both reach A and B: R = 60 / 2000 and 20 / 2000; A and B reach both
    assert table.loc[A, "access"] == pytest.approx((60 + 20) / demand_ab * 1_000)
    assert table.loc[B, "access"] == pytest.approx(40.0)
    # C's only centre reports no capacity: it supplies nothing, though C is served by it
    assert table.loc[C, "access"] == 0 and table.loc[C, "served"]
    assert access_scale("capacity") == 1_000 and access_scale("services") == 10_000


def test_capacity_unknown_lists_counted_centres_only() -> None:
    units = three_communes()
    centres = centres_with_places({"K1": 60, "K2": None, "K3": None})
    centres.loc[centres["centre_id"] == "K3", "status"] = "closed"
    unknown = capacity_unknown(centres, units=units)
    assert unknown["centre_id"].tolist() == ["K2"]
    assert list(unknown.columns) == ["centre_id", "name", "centre_type", "commune_code"]
    sites = supply_points(centres, supply="capacity", units=units)
    assert sites["supply"].tolist() == [60.0, 0.0]
    assert np.isnan(sites["places"].iloc[1])


def test_a_registry_without_a_capacity_column_supplies_no_places() -> None:
    units = three_communes()
    centres = make_centres([("K1", A, "eps", "operating", 1, np.nan, np.nan)])
    table = accessibility(centres, units=units, census=make_census(units["commune"]["code"]),
                          supply="capacity")
    assert (table["access"] == 0).all()
    assert len(capacity_unknown(centres, units=units)) == 1


def test_access_command_in_places(tmp_path: Path, capsys) -> None:
    from dashboard.app.datasets import demo_dataset

    out = tmp_path / "places.csv"
    assert main(["access", "--within", "03.561", "--types", "kindergarten", "--demand",
                 "under_15", "--supply", "capacity", "--radius-km", "10",
                 "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "capacity_unknown: 0 counted centres report no capacity" in printed
    assert "access: places per 1,000 people (under_15)" in printed
    table = pd.read_csv(out, dtype={"code": str, "province_code": str}, encoding="utf-8-sig")
    expected = accessibility(demo_dataset().centres_frame, "03.561",
                             Filters(types=("kindergarten",)), radius_km=10, demand="under_15",
                             supply="capacity")
    assert table["access"].to_numpy() == pytest.approx(expected["access"].to_numpy())
    assert (table["access"] > 0).any()
    assert set(table["access_unit"]) == {"places per 1,000 people (under_15)"}
