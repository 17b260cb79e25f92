"""Small hand-made territories for the access and location tests, and brute-force references.

A territory is a list of communes ``(code, population, lon, lat)`` in province 99.001 of
region 99; reference tables are built the way :mod:`geodata` builds them, with the
representative points in ``point_lon`` / ``point_lat``.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pandas as pd

EARTH_RADIUS_KM = 6371.0088


def km_east(km: float, lat: float = 33.0) -> float:
    """Degrees of longitude spanning ``km`` along the parallel ``lat`` (small distances)."""
    return np.degrees(km / (EARTH_RADIUS_KM * np.cos(np.radians(lat))))


def brute_km(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Dense haversine matrix written independently of dashboard.calc.access."""
    p1, p2 = np.radians(np.asarray(lat1, float))[:, None], np.radians(np.asarray(lat2, float))
    dl = np.radians(np.asarray(lon2, float))[None, :] - np.radians(np.asarray(lon1, float))[:, None]
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(h, 1.0)))


def make_units(communes: Sequence[tuple[str, float, float, float]]) -> dict[str, pd.DataFrame]:
    """Reference tables for communes ``(code, population, lon, lat)``."""
    rows = []
    for code, population, lon, lat in communes:
        rows.append({
            "code": code, "name_fr": f"Commune {code}", "name_ar": f"جماعة {code}",
            "level": "commune", "parent_code": code[:9], "region_code": code[:2],
            "province_code": code[:6], "cercle_code": code[:9], "kind": "rural",
            "population_2024": population, "area_km2": 100.0,
            "point_lon": lon, "point_lat": lat,
        })
    frame = pd.DataFrame(rows)
    units = {"commune": frame}
    for level, key in (("cercle", "cercle_code"), ("province", "province_code"),
                       ("region", "region_code")):
        grouped = frame.groupby(key).agg(population_2024=("population_2024", "sum"),
                                         area_km2=("area_km2", "sum")).reset_index()
        grouped = grouped.rename(columns={key: "code"})
        grouped["parent_code"] = None
        grouped["name_fr"] = grouped["name_ar"] = grouped["code"]
        grouped["level"] = level
        units[level] = grouped
    return units


def make_census(codes: Sequence[str], share: float = 0.25) -> pd.DataFrame:
    return pd.DataFrame({"code": list(codes), "share_under_15": share, "share_60_plus": 0.1,
                         "disability_prevalence": 0.05, "illiteracy_rate_10_plus": 0.3})


def make_centres(rows: Sequence[tuple]) -> pd.DataFrame:
    """Accepted-centre frame from ``(centre_id, commune_code, type, status, services,
    lat, lon)`` rows (lat/lon may be NaN)."""
    frame = pd.DataFrame(rows, columns=["centre_id", "commune_code", "centre_type", "status",
                                        "services", "latitude", "longitude"])
    frame["name"] = "Centre " + frame["centre_id"]
    frame["management_mode"] = "direct"
    return frame


def grid_case(n: int, seed: int, n_centres: int) -> tuple[dict, pd.DataFrame]:
    """``n`` communes scattered over about 60 x 60 km and ``n_centres`` centres in them."""
    rng = np.random.default_rng(seed)
    lons = -5.0 + rng.uniform(0, 0.65, n)
    lats = 33.0 + rng.uniform(0, 0.55, n)
    pops = rng.integers(500, 40_000, n)
    codes = [f"99.001.01.{i:02d}" for i in range(n)]
    units = make_units(list(zip(codes, pops, lons, lats, strict=True)))
    rows = []
    for c in range(n_centres):
        home = int(rng.integers(0, n))
        own = rng.random() < 0.5
        lat = lats[home] + rng.normal(0, 0.02) if own else np.nan
        lon = lons[home] + rng.normal(0, 0.02) if own else np.nan
        rows.append((f"K{c}", codes[home], "eps", "operating", int(rng.integers(1, 4)), lat, lon))
    return units, make_centres(rows)


def best_cover(cover: np.ndarray, weights: np.ndarray, base: np.ndarray, k: int) -> float:
    """Best demand covered by ``base`` plus k columns of ``cover``, by enumeration."""
    best = -1.0
    for subset in itertools.combinations(range(cover.shape[1]), k):
        covered = base | cover[:, list(subset)].any(axis=1)
        best = max(best, float(weights[covered].sum()))
    return best


def flow_served(demand: np.ndarray, reach: np.ndarray, places: np.ndarray) -> float:
    """Most people served when site j serves at most ``places[j]`` people within reach
    (``reach``: demand points x sites, booleans): one LP, scipy's HiGHS (not PuLP's CBC)."""
    from scipy.optimize import linprog

    points, sites = np.nonzero(reach)
    if len(points) == 0:
        return 0.0
    n = len(points)
    rows_demand = (points[None, :] == np.arange(reach.shape[0])[:, None]).astype(float)
    rows_sites = (sites[None, :] == np.arange(reach.shape[1])[:, None]).astype(float)
    result = linprog(-np.ones(n), A_ub=np.vstack([rows_demand, rows_sites]),
                     b_ub=np.concatenate([demand, places]), bounds=(0, None), method="highs")
    assert result.status == 0, result.message
    return float(-result.fun)


def best_flow(demand: np.ndarray, existing: np.ndarray, existing_places: np.ndarray,
              candidates: np.ndarray, places: float, k: int) -> float:
    """Best people served with k candidates of ``places`` places each, by enumerating every
    k-subset and solving an LP for each."""
    best = -1.0
    for subset in itertools.combinations(range(candidates.shape[1]), k):
        reach = np.hstack([existing, candidates[:, list(subset)]])
        capacity = np.concatenate([existing_places, np.full(k, float(places))])
        best = max(best, flow_served(demand, reach, capacity))
    return best
