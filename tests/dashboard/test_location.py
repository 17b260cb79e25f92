"""Maximal covering: exact optimum (brute force, spopt's own dense model), properties, contract."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from dashboard.calc.access import demand_points, supply_points
from dashboard.calc.indicators import Filters
from dashboard.calc.location import SITE_COLUMNS, SUMMARY_KEYS, maximal_cover, plan_sites
from tests.dashboard.planning_cases import (
    best_cover,
    brute_km,
    grid_case,
    km_east,
    make_census,
    make_centres,
    make_units,
)
from tests.support.territories import TAZA

KINDERGARTENS = Filters(types=("kindergarten",))


@pytest.fixture(scope="module")
def demo_centres() -> pd.DataFrame:
    from dashboard.app.datasets import demo_dataset

    return demo_dataset().centres_frame


def reach_matrices(points: pd.DataFrame, sites: pd.DataFrame, radius: float, detour: float
                   ) -> tuple[np.ndarray, np.ndarray]:
    """(existing, candidates) reach as dense booleans, from brute-force distances."""
    existing = brute_km(points["lon"], points["lat"], sites["lon"], sites["lat"]) * detour
    candidates = brute_km(points["lon"], points["lat"], points["lon"], points["lat"]) * detour
    return existing <= radius, candidates <= radius


def test_hand_made_line_of_communes() -> None:
    # five communes 10 km apart on a line; an existing centre at the first one
    codes = [f"99.001.01.0{i}" for i in range(5)]
    units = make_units([(c, 1_000 * (i + 1), -5.0 + km_east(10 * i), 33.0)
                        for i, c in enumerate(codes)])
    centres = make_centres([("K1", codes[0], "eps", "operating", 1, np.nan, np.nan)])
    plan = plan_sites(centres, add=1, radius_km=10.5, detour=1.0, units=units,
                      census=make_census(codes))
    # served before: communes 0 and 1 (3,000); one site at commune 3 adds 2, 3 and 4
    assert list(plan.sites.columns) == list(SITE_COLUMNS)
    assert plan.sites["code"].tolist() == [codes[3]]
    assert plan.sites["new_demand_served"].tolist() == [3_000 + 4_000 + 5_000]
    assert plan.summary["demand_served_before"] == 3_000
    assert plan.summary["demand_served_after"] == 15_000
    assert plan.summary["demand_total"] == 15_000
    assert tuple(plan.summary) == SUMMARY_KEYS
    assert plan.communes["newly_served"].tolist() == [False, False, True, True, True]


def test_uncovered_candidates_exclude_served_communes() -> None:
    codes = [f"99.001.01.0{i}" for i in range(5)]
    units = make_units([(c, 1_000, -5.0 + km_east(10 * i), 33.0) for i, c in enumerate(codes)])
    centres = make_centres([("K1", codes[0], "eps", "operating", 1, np.nan, np.nan)])
    plan = plan_sites(centres, add=2, radius_km=10.5, detour=1.0, candidates="uncovered",
                      units=units, census=make_census(codes))
    assert not set(plan.sites["code"]) & {codes[0], codes[1]}
    assert plan.summary["demand_served_after"] == 5_000


def test_fewer_useful_sites_than_k_fills_with_zero_gain() -> None:
    codes = [f"99.001.01.0{i}" for i in range(4)]
    units = make_units([(c, 1_000, -5.0 + km_east(5 * i), 33.0) for i, c in enumerate(codes)])
    centres = make_centres([("K1", codes[0], "eps", "operating", 1, np.nan, np.nan)])
    plan = plan_sites(centres, add=3, radius_km=11, detour=1.0, units=units,
                      census=make_census(codes))
    assert len(plan.sites) == 3 and plan.summary["added"] == 3
    assert plan.sites["new_demand_served"].tolist() == [1_000, 0, 0]
    assert plan.summary["demand_served_after"] == 4_000


def test_too_many_sites_is_a_clear_error() -> None:
    codes = ["99.001.01.01", "99.001.01.02"]
    units = make_units([(c, 1_000, -5.0 + km_east(5 * i), 33.0) for i, c in enumerate(codes)])
    with pytest.raises(ValueError, match="add must be at most the number of candidate"):
        plan_sites(make_centres([]), add=3, units=units, census=make_census(codes))
    with pytest.raises(ValueError, match="add must be a positive whole number"):
        plan_sites(make_centres([]), add=0, units=units, census=make_census(codes))
    with pytest.raises(ValueError, match="candidates must be one of all, uncovered"):
        plan_sites(make_centres([]), add=1, candidates="some", units=units,
                   census=make_census(codes))


@pytest.mark.parametrize("k", [1, 2, 3])
@pytest.mark.parametrize("radius", [8.0, 15.0])
def test_taza_optimum_equals_brute_force(demo_centres, k: int, radius: float) -> None:
    plan = plan_sites(demo_centres, TAZA, KINDERGARTENS, add=k, radius_km=radius,
                      demand="under_15")
    points = demand_points(TAZA, "under_15")
    sites = supply_points(demo_centres, TAZA, KINDERGARTENS)
    existing, candidates = reach_matrices(points, sites, radius, 1.3)
    weights = points["demand"].fillna(0).to_numpy()
    base = existing.any(axis=1)
    assert plan.summary["demand_served_before"] == pytest.approx(weights[base].sum())
    assert plan.summary["demand_served_after"] == pytest.approx(
        best_cover(candidates, weights, base, k))
    gains = plan.sites["new_demand_served"].to_numpy()
    assert gains.sum() == pytest.approx(plan.summary["demand_served_after"]
                                        - plan.summary["demand_served_before"])
    assert (np.diff(gains) <= 1e-9).all()  # by new demand served, descending


def test_taza_optimum_equals_spopt_dense_model_with_fixed_centres(demo_centres) -> None:
    import pulp
    from spopt.locate import MCLP

    radius, k = 10.0, 3
    plan = plan_sites(demo_centres, TAZA, KINDERGARTENS, add=k, radius_km=radius,
                      demand="under_15")
    points = demand_points(TAZA, "under_15")
    sites = supply_points(demo_centres, TAZA, KINDERGARTENS)
    cost = np.hstack([
        brute_km(points["lon"], points["lat"], sites["lon"], sites["lat"]),
        brute_km(points["lon"], points["lat"], points["lon"], points["lat"]),
    ]) * 1.3
    fixed = np.r_[np.ones(len(sites), dtype=int), np.zeros(len(points), dtype=int)]
    model = MCLP.from_cost_matrix(cost, points["demand"].fillna(0).to_numpy(),
                                  service_radius=radius, p_facilities=len(sites) + k,
                                  predefined_facilities_arr=fixed)
    model.solve(pulp.PULP_CBC_CMD(msg=False), results=False)
    assert len(sites) > 0
    assert pulp.value(model.problem.objective) == pytest.approx(
        plan.summary["demand_served_after"], rel=1e-9)


def test_the_taza_kindergarten_question(demo_centres) -> None:
    """Where would three new kindergartens serve the most children under 15 in Taza, 10 km?"""
    plan = plan_sites(demo_centres, TAZA, KINDERGARTENS, add=3, radius_km=10,
                      demand="under_15")
    assert plan.summary["status"] == "optimal" and plan.summary["added"] == 3
    assert plan.summary["demand_served_after"] > plan.summary["demand_served_before"]
    assert set(plan.sites["code"]) <= set(demand_points(TAZA)["code"])
    newly = plan.communes[plan.communes["newly_served"]]
    assert newly["demand"].sum() == pytest.approx(plan.sites["new_demand_served"].sum())


def dense_instance(data) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n_demand = data.draw(st.integers(1, 9), label="demand points")
    n_sites = data.draw(st.integers(1, 7), label="candidate sites")
    cells = data.draw(st.lists(st.booleans(), min_size=n_demand * (n_sites + 1),
                               max_size=n_demand * (n_sites + 1)), label="reach")
    reach = np.array(cells, dtype=bool).reshape(n_demand, n_sites + 1)
    weights = np.array(data.draw(st.lists(st.integers(0, 50), min_size=n_demand,
                                          max_size=n_demand), label="weights"), dtype=float)
    return reach[:, :1], reach[:, 1:], weights


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_maximal_cover_properties(data) -> None:
    existing, candidates, weights = dense_instance(data)
    n_sites = candidates.shape[1]
    served = []
    for k in range(n_sites + 1):
        cover = maximal_cover(sparse.csr_matrix(existing), sparse.csr_matrix(candidates),
                              weights, k)
        total = weights[cover.served_after].sum()
        assert total <= weights.sum()
        assert total == best_cover(candidates, weights, existing[:, 0], k)
        assert len(cover.chosen) == k and len(set(cover.chosen.tolist())) == k
        assert cover.gains.sum() == total - weights[cover.served_before].sum()
        served.append(total)
    assert all(b >= a for a, b in itertools.pairwise(served))  # a site never lowers it


@pytest.mark.parametrize("seed", [7, 8])
def test_national_scale_reduction_matches_brute_force_on_random_cases(seed: int) -> None:
    units, centres = grid_case(40, seed, 6)
    codes = units["commune"]["code"]
    plan = plan_sites(centres, add=3, radius_km=12, units=units, census=make_census(codes))
    points = demand_points(units=units, census=make_census(codes))
    sites = supply_points(centres, units=units)
    existing, candidates = reach_matrices(points, sites, 12.0, 1.3)
    weights = points["demand"].to_numpy()
    assert plan.summary["demand_served_after"] == pytest.approx(
        best_cover(candidates, weights, existing.any(axis=1), 3))


def test_stored_zeros_mean_out_of_reach() -> None:
    existing = sparse.csr_matrix((np.array([0.0]), (np.array([0]), np.array([0]))),
                                 shape=(2, 1))  # a stored zero: not in reach
    candidates = sparse.csr_matrix(np.array([[0.0, 1.0], [1.0, 0.0]]))
    candidates[0, 0] = 0.0  # explicitly stored
    cover = maximal_cover(existing, candidates, np.array([5.0, 3.0]), 1)
    assert not cover.served_before.any()
    assert cover.chosen.tolist() == [1] and cover.gains.tolist() == [5.0]
