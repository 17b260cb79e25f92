"""Spatial access to centres: demand and supply points, distances, floating catchments.

Pure functions over the accepted centres of :mod:`loaders` and the reference tables of
:mod:`geodata` (commune attributes with their representative points, census shares), which
tests may inject. No Streamlit, no file I/O beyond the cached reference tables.

Definitions (the contract shared by the app, ``taghtia access`` and ``taghtia plan``)
-------------------------------------------------------------------------------------
Demand points
    The communes of the territory, each at its representative point (``point_lon``,
    ``point_lat``: a point of the full-detail polygon, always inside it), weighted by
    ``population_2024`` times the share of the target group (:data:`DEMAND_GROUPS`: the
    whole population, or the 2024 census share under 15, aged 60 and over, with a
    disability, or illiterate among those aged 10 and over). A commune whose census share
    is missing has an empty demand, counted as 0.
Supply points
    The centres counted under the filters (:func:`~dashboard.calc.indicators.counted_centres`,
    operating ones by default) whose commune lies in the territory, at their own
    latitude/longitude when the loaders accepted one, else at their commune's representative
    point; weight 1 per centre (``supply="centres"``), its number of services
    (``supply="services"``) or its places (``supply="capacity"``: the registry's
    ``capacity``; a counted centre that reports none supplies nothing and is counted
    apart, see :func:`capacity_unknown`).
Distance
    Great-circle distance (haversine, R = 6,371.0088 km, the mean Earth radius) times
    ``detour``, a factor estimating road distance from the straight line (default 1.3;
    1 gives straight lines). Only pairs within the radius are computed: a KD-tree on 3-D
    unit vectors finds them (the chord grows with the great-circle angle), then the exact
    haversine distance is taken for each pair found.
Two-step floating catchment (2SFCA; Luo & Wang 2003)
    With catchment ``r``: ``R_j = S_j / sum(D_i for d_ij <= r)`` (0 when no demand is in
    reach) and ``A_i = sum(R_j for d_ij <= r)``, reported per 10,000 of demand (centres
    or services), or per 1,000 of demand for places (:func:`access_scale`).
Enhanced 2SFCA (E2SFCA; Luo & Qi 2009)
    The same with distance-decay steps: weight 1 within a third of the radius, 0.68 within
    two thirds, 0.22 up to the radius (:data:`E2SFCA_STEPS`), applied in both steps.
Served
    A commune is served when the nearest counted centre is within the radius.

Public API
----------
demand_points, supply_points, capacity_unknown, neighbour_pairs, nearest_km, two_step_fca,
accessibility, access_scale
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.spatial import cKDTree

from dashboard.calc.filters import _lookup
from dashboard.calc.indicators import (
    DEFAULT_FILTERS,
    Filters,
    Units,
    communes_within,
    counted_centres,
)
from dashboard.calc.service import PLACES_SCALE
from dashboard.choices import (
    ACCESS_METHODS,
    DEFAULT_DETOUR,
    DEFAULT_RADIUS_KM,
    DEMAND_GROUPS,
    SUPPLY_MEASURES,
    check_choice,
)

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG), km."""
PER_DEMAND = 10_000
"""Access scores are centres (or services) per this many people of the target group."""

E2SFCA_STEPS: tuple[tuple[float, float], ...] = ((1 / 3, 1.0), (2 / 3, 0.68), (1.0, 0.22))
"""(upper bound as a fraction of the radius, weight) of the E2SFCA distance-decay steps."""

DEMAND_COLUMNS: tuple[str, ...] = (
    "code", "name_fr", "name_ar", "kind", "lon", "lat", "population_2024", "demand",
)
ACCESS_COLUMNS: tuple[str, ...] = (
    "code", "name_fr", "name_ar", "kind", "province_code", "population_2024", "demand",
    "nearest_km", "served", "access", "access_rank",
)
"""Columns of :func:`accessibility`, in order (``nearest_min_estimated`` follows when a
speed is given)."""


def _positive(name: str, value: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a positive number; got {value!r}") from None
    if not np.isfinite(number) or number <= 0:
        raise ValueError(f"{name} must be a positive number; got {value!r}")
    return number


def check_detour(detour: float) -> float:
    """``detour`` as a float, or a ValueError (it must be at least 1)."""
    value = _positive("detour", detour)
    if value < 1:
        raise ValueError(f"detour must be at least 1 (1 = straight lines); got {detour!r}")
    return value


def check_reach(radius_km: float, detour: float, speed_kmh: float | None = None
                ) -> tuple[float, float, float | None]:
    """Radius, detour and speed as floats, or a ValueError naming the bad one."""
    speed = None if speed_kmh is None else _positive("speed_kmh", speed_kmh)
    return _positive("radius_km", radius_km), check_detour(detour), speed


def _reference_census() -> pd.DataFrame:
    import geodata

    return geodata.census("commune")


# --------------------------------------------------------------------------------------------
# Points
# --------------------------------------------------------------------------------------------


def demand_points(within: str | None = None, demand: str = "population",
                  units: Units | None = None, census: pd.DataFrame | None = None
                  ) -> pd.DataFrame:
    """The territory's communes as demand points.

    Parameters
    ----------
    within : str, optional
        Code of a region, province, cercle or commune; ``None`` = Morocco.
    demand : str
        Target group, a key of :data:`DEMAND_GROUPS`.
    units : mapping of level to DataFrame, optional
        Reference attribute tables (default :func:`~dashboard.calc.indicators.reference_units`);
        the commune table needs ``point_lon`` and ``point_lat``.
    census : pandas.DataFrame, optional
        Commune census shares (default ``geodata.census("commune")``).

    Returns
    -------
    pandas.DataFrame
        :data:`DEMAND_COLUMNS` plus ``province_code``, in the reference order; ``demand`` is
        ``population_2024`` times the group's share (NaN when the share is missing). From the
        reference tables (no ``units`` nor ``census`` given), made once per process and
        territory: a shallow copy, which a change leaves the cached points untouched.
    """
    check_choice("demand", demand, DEMAND_GROUPS)
    if units is None and census is None:
        return _reference_demand_points(within, demand).copy(deep=False)
    return _demand_points(within, demand, units, census)


@functools.lru_cache(maxsize=32)
def _reference_demand_points(within: str | None, demand: str) -> pd.DataFrame:
    """:func:`demand_points` of the reference tables (they never change in a process)."""
    return _demand_points(within, demand, None, None)


def _demand_points(within: str | None, demand: str, units: Units | None,
                   census: pd.DataFrame | None) -> pd.DataFrame:
    communes = communes_within(within, units)
    frame = pd.DataFrame({
        "code": communes["code"].astype(str).array,
        "name_fr": communes["name_fr"].to_numpy(),
        "name_ar": communes["name_ar"].to_numpy(),
        "kind": communes["kind"].to_numpy(),
        "province_code": communes["province_code"].to_numpy(),
        "lon": communes["point_lon"].to_numpy(float),
        "lat": communes["point_lat"].to_numpy(float),
        "population_2024": communes["population_2024"].to_numpy(),
    })
    share_column = DEMAND_GROUPS[demand]
    population = frame["population_2024"].astype("float64")
    if share_column is None:
        frame["demand"] = population
    else:
        census = _reference_census() if census is None else census
        row = _lookup(frame["code"], census["code"])
        shares = census[share_column].to_numpy("float64", na_value=np.nan)
        frame["demand"] = population * np.where(row >= 0, shares[row], np.nan)
    return frame


def _centre_lon_lat(centres: pd.DataFrame, communes: pd.DataFrame, commune_row: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each centre's own point when finite, else the representative point of its commune
    (``commune_row``: its row in ``communes``); and whether the point is the centre's own."""
    n = len(centres)
    lon = np.full(n, np.nan)
    lat = np.full(n, np.nan)
    if {"latitude", "longitude"} <= set(centres.columns):
        lat = pd.to_numeric(centres["latitude"], errors="coerce").to_numpy(float, na_value=np.nan)
        lon = pd.to_numeric(centres["longitude"], errors="coerce").to_numpy(float,
                                                                             na_value=np.nan)
    own = np.isfinite(lat) & np.isfinite(lon)
    lon = np.where(own, lon, communes["point_lon"].to_numpy(float)[commune_row])
    lat = np.where(own, lat, communes["point_lat"].to_numpy(float)[commune_row])
    return lon, lat, own


def supply_points(centres: pd.DataFrame, within: str | None = None,
                  filters: Filters = DEFAULT_FILTERS, supply: str = "centres",
                  units: Units | None = None) -> pd.DataFrame:
    """Counted centres of the territory as supply points.

    Parameters
    ----------
    centres : pandas.DataFrame
        Accepted centres (``loaders.load_centres(...).accepted``).
    within, units
        As in :func:`demand_points`.
    filters : Filters
        Which centres count (default: operating centres of every type and mode).
    supply : {"centres", "services", "capacity"}
        Weight of a centre: 1, its number of services, or its places (0 when it reports
        none).

    Returns
    -------
    pandas.DataFrame
        ``centre_id``, ``name``, ``centre_type``, ``commune_code``, ``lon``, ``lat``,
        ``own_point`` (True when placed at its own coordinates), ``supply``, ``places``
        (the reported capacity; NaN when the centre reports none).
    """
    check_choice("supply", supply, SUPPLY_MEASURES)
    communes = communes_within(within, units)
    counted = counted_centres(centres, filters)
    commune_row = _lookup(counted["commune_code"], communes["code"].astype(str))
    inside = commune_row >= 0
    counted, commune_row = counted[inside], commune_row[inside]
    lon, lat, own = _centre_lon_lat(counted, communes, commune_row)
    places = _places(counted)
    if supply == "services":
        weight = pd.to_numeric(counted["services"], errors="coerce").fillna(1).to_numpy(float)
    elif supply == "capacity":
        weight = np.nan_to_num(places, nan=0.0)
    else:
        weight = np.ones(len(counted))
    return pd.DataFrame({  # text kept as Arrow strings, not made Python objects and back
        "centre_id": counted["centre_id"].astype(str).array,
        "name": counted["name"].astype(str).array,
        "centre_type": counted["centre_type"].to_numpy(),
        "commune_code": counted["commune_code"].astype(str).array,
        "lon": lon, "lat": lat, "own_point": own, "supply": weight, "places": places,
    })


def _places(centres: pd.DataFrame) -> np.ndarray:
    """Each centre's reported places (``capacity``), NaN when it reports none."""
    if "capacity" not in centres.columns:
        return np.full(len(centres), np.nan)
    values = pd.to_numeric(centres["capacity"], errors="coerce").to_numpy(float, na_value=np.nan)
    return np.where(np.isfinite(values) & (values >= 0), values, np.nan)


def capacity_unknown(centres: pd.DataFrame, within: str | None = None,
                     filters: Filters = DEFAULT_FILTERS, units: Units | None = None
                     ) -> pd.DataFrame:
    """The counted centres of the territory that report no capacity (no places).

    Counted in places (``supply="capacity"``, ``taghtia plan --places``) they supply nothing;
    this is the list a delegate fixes in the registry.

    Returns
    -------
    pandas.DataFrame
        ``centre_id``, ``name``, ``centre_type``, ``commune_code``, in registry order.
    """
    sites = supply_points(centres, within, filters, "centres", units)
    unknown = sites[sites["places"].isna()]
    return unknown.loc[:, ["centre_id", "name", "centre_type", "commune_code"]].reset_index(
        drop=True)


def access_scale(supply: str) -> int:
    """How many people of the target group an access score is per: 1,000 for places
    (``supply="capacity"``), 10,000 for centres or services."""
    check_choice("supply", supply, SUPPLY_MEASURES)
    return PLACES_SCALE if supply == "capacity" else PER_DEMAND


# --------------------------------------------------------------------------------------------
# Distances
# --------------------------------------------------------------------------------------------


def haversine_km(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Great-circle distance in km (R = :data:`EARTH_RADIUS_KM`), element-wise."""
    lon1, lat1, lon2, lat2 = (np.radians(np.asarray(v, dtype=float))
                              for v in (lon1, lat1, lon2, lat2))
    a = (np.sin((lat2 - lat1) / 2) ** 2
         + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def _unit_vectors(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    lon_r, lat_r = np.radians(np.asarray(lon, float)), np.radians(np.asarray(lat, float))
    cos_lat = np.cos(lat_r)
    return np.column_stack([cos_lat * np.cos(lon_r), cos_lat * np.sin(lon_r), np.sin(lat_r)])


def _chord(km: float) -> float:
    """Chord (on the unit sphere) of a great-circle distance, padded against rounding."""
    angle = min(km / EARTH_RADIUS_KM, np.pi)
    return 2 * np.sin(angle / 2) * (1 + 1e-9) + 1e-12


@dataclass(frozen=True)
class Pairs:
    """Origin-destination pairs within reach: positions and distances (km, with detour)."""

    origin: np.ndarray
    destination: np.ndarray
    km: np.ndarray
    n_origins: int
    n_destinations: int

    def matrix(self, values: np.ndarray | None = None) -> sparse.csr_matrix:
        """Sparse origins x destinations matrix of ``values`` (default 1 per pair)."""
        data = np.ones(len(self.km)) if values is None else values
        return sparse.csr_matrix((data, (self.origin, self.destination)),
                                 shape=(self.n_origins, self.n_destinations))


def neighbour_pairs(origins: pd.DataFrame, destinations: pd.DataFrame, max_km: float,
                    detour: float = DEFAULT_DETOUR) -> Pairs:
    """Every (origin, destination) pair with ``haversine x detour <= max_km``.

    Parameters
    ----------
    origins, destinations : pandas.DataFrame
        Points with ``lon`` and ``lat`` (degrees, WGS84); rows with a missing coordinate
        have no pairs.
    max_km : float
        Reach, in km along the estimated road (the straight line times ``detour``).
    detour : float
        Factor from straight line to road distance (>= 1).

    Returns
    -------
    Pairs
        Positions into ``origins`` and ``destinations``, distances in km (with detour),
        sorted by origin then destination.
    """
    detour = check_detour(detour)
    max_km = float(max_km)
    n_o, n_d = len(origins), len(destinations)
    empty = Pairs(np.empty(0, np.intp), np.empty(0, np.intp), np.empty(0), n_o, n_d)
    o_ok = np.flatnonzero(np.isfinite(origins["lon"].to_numpy(float))
                          & np.isfinite(origins["lat"].to_numpy(float)))
    d_ok = np.flatnonzero(np.isfinite(destinations["lon"].to_numpy(float))
                          & np.isfinite(destinations["lat"].to_numpy(float)))
    if len(o_ok) == 0 or len(d_ok) == 0 or max_km < 0:
        return empty
    o_lon, o_lat = origins["lon"].to_numpy(float)[o_ok], origins["lat"].to_numpy(float)[o_ok]
    d_lon = destinations["lon"].to_numpy(float)[d_ok]
    d_lat = destinations["lat"].to_numpy(float)[d_ok]
    tree_o, tree_d = cKDTree(_unit_vectors(o_lon, o_lat)), cKDTree(_unit_vectors(d_lon, d_lat))
    found = tree_o.sparse_distance_matrix(tree_d, _chord(max_km / detour), output_type="ndarray")
    i, j = found["i"].astype(np.intp), found["j"].astype(np.intp)
    km = haversine_km(o_lon[i], o_lat[i], d_lon[j], d_lat[j]) * detour
    keep = km <= max_km
    i, j, km = o_ok[i[keep]], d_ok[j[keep]], km[keep]
    order = np.lexsort((j, i))
    return Pairs(i[order], j[order], km[order], n_o, n_d)


def nearest_km(origins: pd.DataFrame, destinations: pd.DataFrame,
               detour: float = DEFAULT_DETOUR) -> np.ndarray:
    """Distance from each origin to its nearest destination (haversine x detour), km.

    NaN where there is no destination (or the origin has no coordinates).
    """
    detour = check_detour(detour)
    result = np.full(len(origins), np.nan)
    d_lon, d_lat = destinations["lon"].to_numpy(float), destinations["lat"].to_numpy(float)
    d_ok = np.isfinite(d_lon) & np.isfinite(d_lat)
    o_lon, o_lat = origins["lon"].to_numpy(float), origins["lat"].to_numpy(float)
    o_ok = np.flatnonzero(np.isfinite(o_lon) & np.isfinite(o_lat))
    if not d_ok.any() or len(o_ok) == 0:
        return result
    d_lon, d_lat = d_lon[d_ok], d_lat[d_ok]
    # the chord grows with the great-circle angle: the nearest by chord is the nearest
    _, index = cKDTree(_unit_vectors(d_lon, d_lat)).query(
        _unit_vectors(o_lon[o_ok], o_lat[o_ok]), k=1)
    result[o_ok] = haversine_km(o_lon[o_ok], o_lat[o_ok], d_lon[index], d_lat[index]) * detour
    return result


# --------------------------------------------------------------------------------------------
# Floating catchments
# --------------------------------------------------------------------------------------------


def decay_weights(km: np.ndarray, radius_km: float, method: str = "2sfca") -> np.ndarray:
    """Weight of each pair: 1 (2SFCA) or the E2SFCA step of its distance; 0 beyond reach."""
    check_choice("method", method, ACCESS_METHODS)
    km = np.asarray(km, dtype=float)
    if method == "2sfca":
        return np.where(km <= radius_km, 1.0, 0.0)
    weights = np.zeros_like(km)
    for fraction, weight in reversed(E2SFCA_STEPS):
        weights = np.where(km <= radius_km * fraction, weight, weights)
    return weights


def two_step_fca(demand: np.ndarray, supply: np.ndarray, pairs: Pairs, radius_km: float,
                 method: str = "2sfca") -> tuple[np.ndarray, np.ndarray]:
    """Supply-to-demand ratios ``R_j`` and access ``A_i`` (per person, not scaled).

    Parameters
    ----------
    demand : array of float
        ``D_i`` per origin (NaN counts as 0).
    supply : array of float
        ``S_j`` per destination.
    pairs : Pairs
        Origin (demand) - destination (supply) pairs, e.g. from :func:`neighbour_pairs`.
    radius_km : float
        Catchment; pairs beyond it are ignored.
    method : {"2sfca", "e2sfca"}

    Returns
    -------
    (ratios, access) : tuple of arrays
        ``R_j = S_j / sum_i W(d_ij) D_i`` (0 when no demand is in reach) and
        ``A_i = sum_j W(d_ij) R_j``, with ``W`` = 1 within the radius (2SFCA) or the
        E2SFCA steps.
    """
    weights = pairs.matrix(decay_weights(pairs.km, radius_km, method))
    demand = np.nan_to_num(np.asarray(demand, dtype=float), nan=0.0)
    supply = np.asarray(supply, dtype=float)
    in_reach = weights.T @ demand
    ratios = np.divide(supply, in_reach, out=np.zeros_like(supply), where=in_reach > 0)
    return ratios, weights @ ratios


def accessibility(centres: pd.DataFrame, within: str | None = None,
                  filters: Filters = DEFAULT_FILTERS, *, radius_km: float = DEFAULT_RADIUS_KM,
                  detour: float = DEFAULT_DETOUR, demand: str = "population",
                  supply: str = "centres", method: str = "2sfca",
                  speed_kmh: float | None = None, units: Units | None = None,
                  census: pd.DataFrame | None = None) -> pd.DataFrame:
    """Access of each commune of a territory to the counted centres.

    Parameters
    ----------
    centres : pandas.DataFrame
        Accepted centres.
    within : str, optional
        Territory code; ``None`` = Morocco.
    filters : Filters
        Which centres count (types, modes, statuses).
    radius_km : float
        Catchment, km along the estimated road (default 15).
    detour : float
        Road distance over straight line (default 1.3; 1 = straight lines).
    demand : str
        Target group (:data:`DEMAND_GROUPS`).
    supply : {"centres", "services", "capacity"}
        What a centre supplies: 1, its services, or its places (scores then per 1,000).
    method : {"2sfca", "e2sfca"}
    speed_kmh : float, optional
        Adds ``nearest_min_estimated``: minutes to the nearest centre at this speed.
    units, census
        Reference tables (defaults: :mod:`geodata`).

    Returns
    -------
    pandas.DataFrame
        :data:`ACCESS_COLUMNS` in reference order: ``nearest_km`` (to the nearest counted
        centre of the territory, with detour; NaN when none), ``served`` (nearest within the
        radius), ``access`` (centres or services per 10,000 of demand in reach, places per
        1,000 with ``supply="capacity"``; see the module docstring) and ``access_rank``
        (1 = highest access; ties share a rank).
    """
    radius_km, detour, speed_kmh = check_reach(radius_km, detour, speed_kmh)
    check_choice("method", method, ACCESS_METHODS)
    points = demand_points(within, demand, units, census)
    sites = supply_points(centres, within, filters, supply, units)
    pairs = neighbour_pairs(points, sites, radius_km, detour)
    _, score = two_step_fca(points["demand"].to_numpy(float), sites["supply"].to_numpy(float),
                            pairs, radius_km, method)
    table = points.drop(columns=["lon", "lat"])
    table["nearest_km"] = nearest_km(points, sites, detour)
    table["served"] = (table["nearest_km"] <= radius_km).to_numpy()
    table["access"] = score * access_scale(supply)
    table["access_rank"] = table["access"].rank(ascending=False, method="min").astype("Int64")
    columns = list(ACCESS_COLUMNS)
    if speed_kmh is not None:
        table["nearest_min_estimated"] = table["nearest_km"] / speed_kmh * 60.0
        columns.append("nearest_min_estimated")
    return table.loc[:, columns].reset_index(drop=True)
