"""Access to centres: demand and supply points, distances, 2SFCA and E2SFCA.

Hand-made cases along the parallel 33°N, cross-checks against brute-force distances and
against PySAL ``access`` (the reference implementation of the floating catchments).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.calc.access import (
    ACCESS_COLUMNS,
    E2SFCA_STEPS,
    accessibility,
    demand_points,
    haversine_km,
    nearest_km,
    neighbour_pairs,
    supply_points,
)
from dashboard.calc.indicators import Filters
from tests.dashboard.planning_cases import (
    brute_km,
    grid_case,
    km_east,
    make_census,
    make_centres,
    make_units,
)

A, B, C = "99.001.01.01", "99.001.01.02", "99.001.01.03"


def two_communes(gap_km: float, pop_a: int = 30_000, pop_b: int = 10_000) -> dict:
    return make_units([(A, pop_a, -5.0, 33.0), (B, pop_b, -5.0 + km_east(gap_km), 33.0)])


def one_centre(code: str = A, **extra) -> pd.DataFrame:
    row = ("K1", code, "eps", extra.get("status", "operating"), extra.get("services", 1),
           extra.get("lat", np.nan), extra.get("lon", np.nan))
    return make_centres([row])


def run(units, centres, **kwargs) -> pd.DataFrame:
    census = make_census(units["commune"]["code"])
    return accessibility(centres, units=units, census=census, **kwargs).set_index("code")


def test_two_communes_one_centre_both_in_reach() -> None:
    table = run(two_communes(10.0), one_centre(), radius_km=15, detour=1.0)
    assert list(table.reset_index().columns) == list(ACCESS_COLUMNS)
    ratio = 1 / (30_000 + 10_000)
    assert table.loc[A, "access"] == pytest.approx(ratio * 10_000)
    assert table.loc[B, "access"] == pytest.approx(ratio * 10_000)
    assert table.loc[A, "nearest_km"] == pytest.approx(0.0, abs=1e-9)
    assert table.loc[B, "nearest_km"] == pytest.approx(10.0, rel=1e-6)
    assert table["served"].tolist() == [True, True]


def test_detour_puts_the_second_commune_out_of_reach() -> None:
    table = run(two_communes(12.5), one_centre(), radius_km=15)  # 12.5 x 1.3 = 16.25 km
    assert table.loc[B, "nearest_km"] == pytest.approx(16.25, rel=1e-6)
    assert not table.loc[B, "served"]
    assert table.loc[B, "access"] == 0
    assert table.loc[A, "access"] == pytest.approx(10_000 / 30_000)
    assert table.loc[A, "access_rank"] == 1 and table.loc[B, "access_rank"] == 2


def test_a_pair_exactly_at_the_radius_is_in_reach() -> None:
    units = two_communes(10.0)
    points = units["commune"]
    exact = float(haversine_km(points["point_lon"][0], points["point_lat"][0],
                               points["point_lon"][1], points["point_lat"][1]))
    table = run(units, one_centre(), radius_km=exact, detour=1.0)
    assert table.loc[B, "served"]
    assert table.loc[B, "access"] == table.loc[A, "access"] > 0


def test_ties_share_a_rank() -> None:
    units = make_units([(A, 10_000, -5.0, 33.0), (B, 10_000, -5.0 + km_east(40), 33.0),
                        (C, 10_000, -5.0 + km_east(80), 33.0)])
    centres = make_centres([("K1", A, "eps", "operating", 1, np.nan, np.nan),
                            ("K2", B, "eps", "operating", 1, np.nan, np.nan)])
    table = run(units, centres, radius_km=15)
    assert table.loc[A, "access"] == table.loc[B, "access"] == pytest.approx(1.0)
    assert table["access_rank"].tolist() == [1, 1, 3]
    assert table.loc[C, "access"] == 0 and not table.loc[C, "served"]


def test_a_centre_outside_every_catchment_adds_nothing() -> None:
    units = two_communes(10.0)
    # placed by its own point 50 km north of its commune: no demand in reach (R_j = 0)
    far = one_centre(lat=33.0 + 50 / 111.2, lon=-5.0)
    table = run(units, far, radius_km=15, detour=1.0)
    assert (table["access"] == 0).all()
    assert not table["served"].any()
    assert table.loc[A, "nearest_km"] == pytest.approx(50.0, rel=0.01)


def test_commune_point_used_when_the_centre_has_none() -> None:
    units = two_communes(10.0)
    sites = supply_points(one_centre(code=B), units=units)
    assert (sites.loc[0, "lon"], sites.loc[0, "lat"]) == (units["commune"]["point_lon"][1], 33.0)
    assert not sites.loc[0, "own_point"]
    own = supply_points(one_centre(lat=33.01, lon=-4.99), units=units)
    assert own.loc[0, "own_point"] and own.loc[0, "lat"] == 33.01


def test_filters_and_services_weight() -> None:
    units = two_communes(5.0)
    centres = make_centres([("K1", A, "eps", "operating", 3, np.nan, np.nan),
                            ("K2", B, "cef", "operating", 1, np.nan, np.nan),
                            ("K3", B, "eps", "closed", 5, np.nan, np.nan)])
    services = run(units, centres, supply="services", radius_km=15, detour=1.0)
    assert services.loc[A, "access"] == pytest.approx((3 + 1) / 40_000 * 10_000)
    eps = run(units, centres, filters=Filters(types=("eps",)), radius_km=15, detour=1.0)
    assert eps.loc[A, "access"] == pytest.approx(1 / 40_000 * 10_000)


def test_demand_is_population_times_the_group_share() -> None:
    units = two_communes(5.0)
    census = make_census(units["commune"]["code"], share=0.3)
    points = demand_points(demand="under_15", units=units, census=census)
    assert points["demand"].tolist() == pytest.approx([9_000.0, 3_000.0])
    census.loc[1, "share_under_15"] = np.nan
    points = demand_points(demand="under_15", units=units, census=census)
    assert np.isnan(points.loc[1, "demand"])


def test_speed_gives_estimated_minutes() -> None:
    table = run(two_communes(10.0), one_centre(), radius_km=15, detour=1.0, speed_kmh=30)
    assert table.loc[B, "nearest_min_estimated"] == pytest.approx(20.0, rel=1e-6)


def test_no_centre_leaves_distance_empty() -> None:
    table = run(two_communes(10.0), one_centre().iloc[:0])
    assert table["nearest_km"].isna().all()
    assert (table["access"] == 0).all() and not table["served"].any()


@pytest.mark.parametrize(("option", "value", "message"), [
    ("radius_km", 0, "radius_km must be a positive number"),
    ("detour", 0.5, "detour must be at least 1"),
    ("demand", "teenagers", "demand must be one of population"),
    ("method", "3sfca", "method must be one of 2sfca, e2sfca"),
    ("supply", "beds", "supply must be one of centres, services"),
])
def test_bad_options_are_named(option: str, value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        run(two_communes(10.0), one_centre(), **{option: value})


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("detour", [1.0, 1.3])
def test_pairs_and_nearest_match_brute_force(seed: int, detour: float) -> None:
    units, centres = grid_case(70, seed, 25)
    points = demand_points(units=units, census=make_census(units["commune"]["code"]))
    sites = supply_points(centres, units=units)
    dense = brute_km(points["lon"], points["lat"], sites["lon"], sites["lat"]) * detour
    pairs = neighbour_pairs(points, sites, 12.0, detour)
    expected = set(zip(*np.nonzero(dense <= 12.0), strict=True))
    assert set(zip(pairs.origin.tolist(), pairs.destination.tolist(), strict=True)) == expected
    assert pairs.km == pytest.approx(dense[pairs.origin, pairs.destination], rel=1e-12)
    assert nearest_km(points, sites, detour) == pytest.approx(dense.min(axis=1), rel=1e-12)


def _with_access_library(points: pd.DataFrame, sites: pd.DataFrame, detour: float,
                         radius: float, weight_fn=None) -> pd.Series:
    """2SFCA / E2SFCA of PySAL ``access`` on a brute-force cost table."""
    from access import Access

    dense = brute_km(points["lon"], points["lat"], sites["lon"], sites["lat"]) * detour
    origin, dest = np.nonzero(dense <= radius)
    cost = pd.DataFrame({"origin": points["code"].to_numpy()[origin],
                         "dest": sites["centre_id"].to_numpy()[dest],
                         "cost": dense[origin, dest]})
    demand = pd.DataFrame({"code": points["code"], "demand": points["demand"]})
    supply = pd.DataFrame({"centre_id": sites["centre_id"], "supply": sites["supply"]})
    model = Access(demand_df=demand, demand_index="code", demand_value="demand",
                   supply_df=supply, supply_index="centre_id", supply_value="supply",
                   cost_df=cost, cost_origin="origin", cost_dest="dest", cost_name="cost")
    if weight_fn is None:
        result = model.two_stage_fca(name="fca", max_cost=radius)
    else:
        result = model.enhanced_two_stage_fca(name="fca", max_cost=radius, weight_fn=weight_fn)
    return result["fca_supply"].reindex(points["code"]).fillna(0.0) * 10_000


@pytest.mark.parametrize("seed", [4, 5])
@pytest.mark.parametrize("method", ["2sfca", "e2sfca"])
def test_floating_catchments_equal_pysal_access(seed: int, method: str) -> None:
    from access import weights

    units, centres = grid_case(80, seed, 30)
    census = make_census(units["commune"]["code"])
    radius, detour = 12.0, 1.3
    ours = accessibility(centres, units=units, census=census, radius_km=radius, detour=detour,
                         supply="services", method=method).set_index("code")["access"]
    points = demand_points(units=units, census=census)
    sites = supply_points(centres, units=units, supply="services")
    steps = None if method == "2sfca" else weights.step_fn(
        {radius * fraction: weight for fraction, weight in E2SFCA_STEPS})
    theirs = _with_access_library(points, sites, detour, radius, steps)
    assert (ours > 0).sum() > 10  # the case has centres in reach of many communes
    assert ours.to_numpy() == pytest.approx(theirs.to_numpy(), rel=1e-9, abs=1e-12)


def test_taza_demo_equals_pysal_access() -> None:
    from dashboard.app.datasets import demo_dataset

    centres = demo_dataset().centres_frame
    ours = accessibility(centres, "03.561", demand="under_15").set_index("code")["access"]
    points = demand_points("03.561", "under_15")
    sites = supply_points(centres, "03.561")
    theirs = _with_access_library(points, sites, 1.3, 15.0)
    assert len(ours) == 38
    assert ours.to_numpy() == pytest.approx(theirs.to_numpy(), rel=1e-9, abs=1e-12)


def test_reference_demand_points_are_made_once_and_stay_as_made() -> None:
    import geodata
    from dashboard.calc.reference import reference_units

    first = demand_points("03.561", "under_15")
    expected = first.copy()
    first.loc[0, "demand"] = -1.0  # a caller changing its points changes only its own
    first["extra"] = 1
    again = demand_points("03.561", "under_15")
    pd.testing.assert_frame_equal(again, expected)
    # the same points as from the reference tables given explicitly (not cached)
    given = demand_points("03.561", "under_15", units=reference_units(),
                          census=geodata.census("commune"))
    pd.testing.assert_frame_equal(given, expected)
