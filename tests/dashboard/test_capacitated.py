"""Capacitated maximal covering (``plan_sites(..., places=N)``, ``taghtia plan --places``):
hand-made cases, brute force with an LP per subset of sites, properties."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import sparse

from dashboard.calc.access import demand_points, supply_points
from dashboard.calc.capacitated import capacitated_cover
from dashboard.calc.indicators import Filters
from dashboard.calc.location import (
    PLACES_SITE_COLUMNS,
    PLACES_SUMMARY_KEYS,
    maximal_cover,
    plan_sites,
)
from dashboard.cli import main
from tests.dashboard.planning_cases import (
    best_flow,
    brute_km,
    km_east,
    make_census,
    make_centres,
    make_units,
)
from tests.support.territories import TAZA

A, B, C, D = "99.001.01.01", "99.001.01.02", "99.001.01.03", "99.001.01.04"


def line_of_communes(*populations: int, gap_km: float = 10.0) -> dict:
    """Communes A, B, C... along 33°N, ``gap_km`` apart."""
    codes = (A, B, C, D)
    return make_units([(codes[n], population, -5.0 + km_east(gap_km * n), 33.0)
                       for n, population in enumerate(populations)])


def centres_at(*rows: tuple[str, str, int | None]) -> pd.DataFrame:
    """Operating centres ``(centre_id, commune_code, capacity or None)``."""
    frame = make_centres([(cid, code, "eps", "operating", 1, np.nan, np.nan)
                          for cid, code, _ in rows])
    frame["capacity"] = pd.array([capacity for *_, capacity in rows], dtype="Int64")
    return frame


def plan(units, centres, **options):
    census = make_census(units["commune"]["code"])
    options = {"radius_km": 15.0, "detour": 1.0, "demand": "population", **options}
    return plan_sites(centres, units=units, census=census, **options)


def test_a_centre_whose_places_bind() -> None:
    units = line_of_communes(1_000, 50_000, 1_000, gap_km=30.0)  # each alone within 15 km
    result = plan(units, centres_at(("K1", A, 30)), add=1, places=400)
    assert result.summary["demand_served_before"] == pytest.approx(30.0)
    # the new site goes where 400 places can be filled: B (C's 1,000 would also fill it;
    # among equal plans the most demand in reach wins)
    assert result.sites["code"].tolist() == [B]
    assert result.sites["people_served"].tolist() == pytest.approx([400.0])
    assert result.summary["demand_served_after"] == pytest.approx(430.0)
    assert result.summary["places_added"] == 400 and result.summary["places"] == 400
    assert list(result.sites.columns) == list(PLACES_SITE_COLUMNS)
    assert tuple(result.summary) == PLACES_SUMMARY_KEYS


def test_a_commune_in_reach_of_two_centres_is_never_counted_twice() -> None:
    units = line_of_communes(100, 0, 0)  # only A has people; A-B 10 km, B-C 10 km
    centres = centres_at(("K1", A, 60), ("K2", B, 60))
    result = plan(units, centres, add=1, places=50)
    assert result.summary["demand_served_before"] == pytest.approx(100.0)  # not 120
    assert result.summary["demand_served_after"] == pytest.approx(100.0)
    communes = result.communes.set_index("code")
    assert communes.loc[A, "people_served_before"] == pytest.approx(100.0)
    assert result.sites["people_served"].tolist() == [0.0]


def test_demand_split_between_two_centres_that_each_bind() -> None:
    units = line_of_communes(100, 0)
    result = plan(units, centres_at(("K1", A, 30), ("K2", B, 45)), add=1, places=10)
    assert result.summary["demand_served_before"] == pytest.approx(75.0)
    assert result.summary["demand_served_after"] == pytest.approx(85.0)


def test_a_centre_without_capacity_serves_no_one_and_is_counted() -> None:
    units = line_of_communes(1_000, 1_000, gap_km=30.0)
    centres = centres_at(("K1", A, None), ("K2", B, 20))
    result = plan(units, centres, add=1, places=100)
    assert result.summary["capacity_unknown"] == 1
    assert result.summary["demand_served_before"] == pytest.approx(20.0)
    assert result.summary["demand_served_after"] == pytest.approx(120.0)
    # without places the same centre serves everyone within reach
    assert plan(units, centres, add=1).summary["demand_served_before"] == pytest.approx(2_000)


def test_centres_at_one_point_add_up_their_places() -> None:
    units = line_of_communes(1_000)
    centres = centres_at(("K1", A, 30), ("K2", A, 40), ("K3", A, None))
    result = plan(units, centres, add=1, places=5)
    assert result.summary["demand_served_before"] == pytest.approx(70.0)
    assert result.summary["capacity_unknown"] == 1


@pytest.mark.parametrize("places", [0, -5, float("nan"), "many", True])
def test_places_must_be_positive(places) -> None:
    with pytest.raises(ValueError, match="places must be a positive number"):
        plan(line_of_communes(10), centres_at(("K1", A, 3)), add=1, places=places)


@pytest.fixture(scope="module")
def demo_centres() -> pd.DataFrame:
    from dashboard.app.datasets import demo_dataset

    return demo_dataset().centres_frame


def _taza_reach(demo_centres, radius: float, detour: float = 1.3):
    filters = Filters(types=("kindergarten",))
    points = demand_points(TAZA, "under_15")
    sites = supply_points(demo_centres, TAZA, filters, "capacity")
    existing = brute_km(points["lon"], points["lat"], sites["lon"], sites["lat"]) * detour
    candidates = brute_km(points["lon"], points["lat"], points["lon"], points["lat"]) * detour
    return (points["demand"].fillna(0).to_numpy(float), existing <= radius,
            sites["supply"].to_numpy(float), candidates <= radius)


@pytest.mark.parametrize("places", [15_000, 40_000])
def test_taza_optimum_equals_brute_force_over_every_pair_of_sites(demo_centres, places) -> None:
    """Every 2-subset of Taza's 38 communes, each with an LP (HiGHS), against CBC's optimum;
    the existing centres one by one (not grouped by point), distances written apart."""
    demand, existing, existing_places, candidates = _taza_reach(demo_centres, 10.0)
    result = plan_sites(demo_centres, TAZA, Filters(types=("kindergarten",)), add=2,
                        radius_km=10.0, demand="under_15", places=places)
    best = best_flow(demand, existing, existing_places, candidates, places, 2)
    assert result.summary["demand_served_after"] == pytest.approx(best, rel=1e-6)
    assert best < 2 * places + existing_places.sum()  # the places do not all fill: a real test
    before = best_flow(demand, existing, existing_places, candidates[:, :0], places, 0)
    assert result.summary["demand_served_before"] == pytest.approx(before, rel=1e-6)
    assert result.sites["people_served"].sum() == pytest.approx(
        result.summary["demand_served_after"] - result.summary["demand_served_before"],
        rel=1e-6)


def _random_case(seed: int, n: int, n_existing: int):
    rng = np.random.default_rng(seed)
    lon, lat = rng.uniform(0, 0.5, n), rng.uniform(0, 0.5, n)
    demand = rng.integers(0, 2_000, n).astype(float)
    km = brute_km(lon, lat, lon, lat)
    existing_at = rng.integers(0, n, n_existing)
    radius = 15.0
    existing = sparse.csr_matrix(km[:, existing_at] <= radius)
    candidates = sparse.csr_matrix(km <= radius)
    existing_places = rng.integers(0, 800, n_existing).astype(float)
    return demand, existing, candidates, existing_places


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), n=st.integers(2, 12), n_existing=st.integers(0, 4),
       k=st.integers(0, 3), places=st.integers(1, 3_000))
def test_capacitated_cover_properties(seed, n, n_existing, k, places) -> None:
    demand, existing, candidates, existing_places = _random_case(seed, n, n_existing)
    k = min(k, n - 1)
    cover = capacitated_cover(existing, candidates, demand, existing_places, k, places)
    tolerance = 1e-6 * max(1.0, demand.sum())
    after = cover.served_after
    assert after <= existing_places.sum() + k * places + tolerance
    assert after <= demand.sum() + tolerance
    assert cover.served_before <= after + tolerance
    assert len(cover.chosen) == k == len(set(cover.chosen.tolist()))
    assert (cover.people_served <= places + tolerance).all()
    assert cover.people_served.sum() == pytest.approx(after - cover.served_before,
                                                      abs=10 * tolerance)
    assert (cover.after_by_point <= demand + tolerance).all()
    # one more site never lowers the people served
    more = capacitated_cover(existing, candidates, demand, existing_places, k + 1, places)
    assert more.served_after >= after - tolerance
    # places beyond all demand: the uncapacitated plan's demand served (existing centres too)
    unlimited = capacitated_cover(existing, candidates, demand,
                                  np.full(len(existing_places), 1e9), k, 1e9)
    mclp = maximal_cover(existing, candidates, demand, k)
    assert unlimited.served_after == pytest.approx(float(demand[mclp.served_after].sum()),
                                                   abs=tolerance)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_cases_equal_brute_force(seed: int) -> None:
    demand, existing, candidates, existing_places = _random_case(seed, 9, 3)
    for k, places in ((1, 500), (2, 900), (3, 300)):
        cover = capacitated_cover(existing, candidates, demand, existing_places, k, places)
        best = best_flow(demand, existing.toarray(), existing_places, candidates.toarray(),
                         places, k)
        assert cover.served_after == pytest.approx(best, rel=1e-6, abs=1e-6)


def test_no_deprecation_warning_from_the_solver_calls() -> None:
    units = line_of_communes(1_000, 800, 600, gap_km=30.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        result = plan(units, centres_at(("K1", A, 30)), add=2, places=100)
    assert result.summary["demand_served_after"] == pytest.approx(230.0)


def test_plan_command_with_places(tmp_path: Path, demo_centres, capsys) -> None:
    out = tmp_path / "ouarzazate.csv"
    assert main(["plan", "--within", "08.401", "--types", "disability", "--demand",
                 "disability", "--radius-km", "10", "--add", "2", "--places", "150",
                 "--out", str(out)]) == 0
    sites = pd.read_csv(out, dtype={"code": str}, encoding="utf-8-sig")
    summary = json.loads((tmp_path / "ouarzazate.json").read_text(encoding="utf-8"))
    expected = plan_sites(demo_centres, "08.401", Filters(types=("disability",)), add=2,
                          radius_km=10.0, demand="disability", places=150)
    assert list(sites.columns) == list(PLACES_SITE_COLUMNS)
    assert sites["code"].tolist() == expected.sites["code"].tolist()
    assert sites["people_served"].tolist() == pytest.approx(
        expected.sites["people_served"].tolist())
    assert tuple(summary) == PLACES_SUMMARY_KEYS
    assert summary["status"] == "optimal" and summary["places_added"] == 300
    assert summary["demand_served_after"] == pytest.approx(
        expected.summary["demand_served_after"])
    assert "capacity_unknown: 0 counted centres" in capsys.readouterr().out


def test_plan_command_refuses_zero_places(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["plan", "--add", "2", "--places", "0", "--out", "x.csv"]) == 2
    err = capsys.readouterr().err
    assert "places must be a positive number" in err and len(err.strip().splitlines()) == 1
