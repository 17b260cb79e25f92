"""Where the next centres should go: the maximal covering location problem, solved exactly.

Pure functions; no Streamlit, no file I/O beyond the cached reference tables. Demand points,
supply points and distances are those of :mod:`dashboard.calc.access` (same contract).

Maximal covering (Church & ReVelle 1974)
-----------------------------------------
Choose ``add`` = k sites among the candidate sites (the representative points of the
territory's communes: every commune, or only those not served today) to maximise the demand
lying within the radius of at least one existing or new site. The existing centres are fixed.

The model is the one PySAL ``spopt``'s :class:`~spopt.locate.MCLP` builds (its variables,
facility count constraint and status check; written with PuLP directly, see
:func:`mclp_problem`), solved by the CBC solver bundled with PuLP with a relative gap of 0,
so the optimum is exact. It is built sparsely and on a reduced, equivalent problem:

* demand already within reach of an existing centre is served whatever is chosen, so it
  leaves the model (the existing centres then cover nothing left in it and leave too);
* demand of weight 0 leaves the model;
* a candidate covering none of the demand left cannot add anything and leaves the model;
  when no more than k candidates are left, choosing them all is optimal and no solver runs;
* each coverage constraint lists only the candidates within reach (no zero coefficients).

``tests/dashboard/test_location.py`` checks the reduction against spopt's own dense model
with ``predefined_facilities_arr`` (existing centres fixed) and against brute force.

With places (``plan_sites(..., places=N)``)
-----------------------------------------
A centre serves at most its places: the capacitated model of
:mod:`dashboard.calc.capacitated` (existing counted centres with their reported capacity,
none reported: they serve no one, and ``capacity_unknown`` says how many; each new site N
places). Sites then carry ``people_served`` (:data:`PLACES_SITE_COLUMNS`) and the summary
:data:`PLACES_SUMMARY_KEYS`.

new_demand_served
-----------------
The optimum gives a set of sites, not an order. Sites are listed by a greedy attribution
over that set: first the site that newly covers the most demand (not covered by existing
centres), then the one covering the most of what is still uncovered, and so on; each site's
``new_demand_served`` is that marginal demand, so the column adds up to
``demand_served_after - demand_served_before``. Ties go to the smaller commune code. When
fewer than k candidates can add anything, the rest of the k sites are those with the most
demand in reach (their ``new_demand_served`` is 0).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse

from dashboard.calc.access import (
    check_reach,
    demand_points,
    neighbour_pairs,
    supply_points,
)
from dashboard.calc.capacitated import capacitated_cover
from dashboard.calc.indicators import DEFAULT_FILTERS, Filters, Units
from dashboard.calc.solver import cbc_solver
from dashboard.choices import (
    CANDIDATE_SETS,
    DEFAULT_DETOUR,
    DEFAULT_RADIUS_KM,
    DEFAULT_STATUSES,
    check_choice,
)

SITE_COLUMNS: tuple[str, ...] = (
    "rank", "code", "name_fr", "name_ar", "kind", "lon", "lat", "new_demand_served",
)
"""Columns of :attr:`Plan.sites`, in order."""
SUMMARY_KEYS: tuple[str, ...] = (
    "demand_total", "demand_served_before", "demand_served_after", "status", "radius_km",
    "detour", "added", "demand", "candidates",
)
PLACES_SITE_COLUMNS: tuple[str, ...] = (*SITE_COLUMNS[:-1], "people_served")
"""Columns of :attr:`Plan.sites` with places, in order."""
PLACES_SUMMARY_KEYS: tuple[str, ...] = (
    "demand_total", "demand_served_before", "demand_served_after", "places_added", "places",
    "capacity_unknown", "status", "radius_km", "detour", "added", "demand", "candidates",
)


@dataclass(frozen=True)
class Cover:
    """Solution of :func:`maximal_cover` (positions are into the candidate columns)."""

    chosen: np.ndarray  # candidate positions, in greedy attribution order
    gains: np.ndarray  # new demand attributed to each chosen site
    served_before: np.ndarray  # bool per demand point
    served_after: np.ndarray  # bool per demand point
    status: str  # "optimal"
    solver_ran: bool


def _greedy_order(candidates: sparse.csc_matrix, weights: np.ndarray, chosen: list[int],
                  covered: np.ndarray, tie: np.ndarray) -> tuple[list[int], list[float]]:
    """Order ``chosen`` by marginal newly covered demand (see the module docstring)."""
    covered = covered.copy()
    left = list(chosen)
    order, gains = [], []
    while left:
        best, best_gain = None, -1.0
        for j in sorted(left, key=lambda c: tie[c]):
            rows = candidates.indices[candidates.indptr[j]:candidates.indptr[j + 1]]
            gain = float(weights[rows[~covered[rows]]].sum())
            if gain > best_gain:
                best, best_gain = j, gain
        left.remove(best)
        rows = candidates.indices[candidates.indptr[best]:candidates.indptr[best + 1]]
        covered[rows] = True
        order.append(best)
        gains.append(best_gain)
    return order, gains


def mclp_problem(coverage: sparse.csr_matrix, weights: np.ndarray, k: int):
    """The MCLP model spopt's :class:`~spopt.locate.MCLP` and ``FacilityModelBuilder`` build
    (same variables ``x[j]`` and ``y[i]``, objective, constraints in the same order), written
    with PuLP directly: importing spopt imports libpysal, scikit-learn, networkx and
    matplotlib (+137 MB resident in the server) for these few lines. Returns the
    ``pulp.LpProblem`` and the site variables."""
    import pulp

    n_clients, n_sites = coverage.shape
    problem = pulp.LpProblem("taghtia_mclp", pulp.LpMaximize)
    sites = [problem.add_variable(f"x[{j}]", lowBound=0, upBound=1, cat=pulp.LpInteger)
             for j in range(n_sites)]
    clients = [problem.add_variable(f"y[{i}]", lowBound=0, upBound=1, cat=pulp.LpInteger)
               for i in range(n_clients)]
    problem += pulp.lpSum(float(weights[i]) * clients[i] for i in range(n_clients))
    for i in range(n_clients):  # sparse: only the sites within reach of client i
        row = coverage.indices[coverage.indptr[i]:coverage.indptr[i + 1]]
        problem += pulp.lpSum(sites[j] for j in row) >= clients[i]
    problem += pulp.lpSum(sites) == k
    return problem, sites


def _solve_mclp(coverage: sparse.csr_matrix, weights: np.ndarray, k: int) -> list[int]:
    """Exact MCLP on a reduced problem (every row uncovered, every column useful)."""
    import pulp

    problem, sites = mclp_problem(coverage, weights, k)
    problem.solve(cbc_solver())
    if problem.status != pulp.LpStatusOptimal:  # as spopt's check_status
        raise RuntimeError(f"Model is not solved: {pulp.LpStatus[problem.status]}. "
                           "See ``pulp.constants.LpStatus`` for more information.")
    return [j for j in range(len(sites)) if (sites[j].value() or 0) > 0.5]


def maximal_cover(existing: sparse.spmatrix, candidates: sparse.spmatrix, weights,
                  k: int, tie: np.ndarray | None = None) -> Cover:
    """Choose ``k`` candidate sites maximising the demand covered, existing sites fixed.

    Parameters
    ----------
    existing : sparse matrix, demand points x existing sites
        Non-zero where the site is within reach of the demand point.
    candidates : sparse matrix, demand points x candidate sites
        Same, for the candidates.
    weights : array of float
        Demand per point (NaN and negatives count as 0).
    k : int
        Number of sites to add (0 <= k <= number of candidates).
    tie : array, optional
        Sort key per candidate for ties (default: its position).

    Returns
    -------
    Cover
    """
    weights = np.clip(np.nan_to_num(np.asarray(weights, dtype=float), nan=0.0), 0.0, None)
    n_candidates = candidates.shape[1]
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 0:
        raise ValueError(f"add must be a whole number >= 0; got {k!r}")
    if k > n_candidates:
        raise ValueError(f"add must be at most the number of candidate sites "
                         f"({n_candidates}); got {k}")
    tie = np.arange(n_candidates) if tie is None else np.asarray(tie)
    reach = sparse.csc_matrix(candidates, dtype=float)
    reach.eliminate_zeros()  # stored zeros are "out of reach"; then every entry counts 1
    reach.data[:] = 1.0
    fixed = sparse.csr_matrix(existing, dtype=float)
    fixed.eliminate_zeros()
    before = np.asarray(fixed.getnnz(axis=1) > 0).ravel()
    remaining = ~before & (weights > 0)
    reduced = sparse.csr_matrix(reach)[remaining]
    useful = np.flatnonzero(reduced.getnnz(axis=0) > 0)
    solver_ran = False
    if len(useful) <= k:
        chosen = list(useful)
    else:
        solver_ran = True
        picked = _solve_mclp(sparse.csr_matrix(reduced[:, useful]), weights[remaining], k)
        chosen = [int(useful[j]) for j in picked]
    order, gains = _greedy_order(reach, weights, chosen, before, tie)
    if len(order) < k:  # nothing more to gain: fill with the most demand in reach
        in_reach = np.asarray(reach.T @ weights).ravel()
        rest = [j for j in range(n_candidates) if j not in set(order)]
        rest.sort(key=lambda j: (-in_reach[j], tie[j]))
        fill = rest[:k - len(order)]
        order, gains = order + fill, gains + [0.0] * len(fill)
    after = before.copy()
    if order:
        after |= np.asarray(reach[:, order].getnnz(axis=1) > 0).ravel()
    return Cover(np.asarray(order, dtype=np.intp), np.asarray(gains, dtype=float), before,
                 after, "optimal", solver_ran)


@dataclass
class Plan:
    """Result of :func:`plan_sites`.

    Attributes
    ----------
    sites : pandas.DataFrame
        :data:`SITE_COLUMNS`, one row per chosen site, by new demand served (descending).
    summary : dict
        :data:`SUMMARY_KEYS` (what ``taghtia plan`` writes as JSON).
    communes : pandas.DataFrame
        Every demand point with ``served_before``, ``served_after`` and ``newly_served``.
    existing : pandas.DataFrame
        The fixed supply points (:func:`~dashboard.calc.access.supply_points`).
    """

    sites: pd.DataFrame
    summary: dict
    communes: pd.DataFrame
    existing: pd.DataFrame = field(default_factory=pd.DataFrame)


def plan_sites(centres: pd.DataFrame, within: str | None = None,
               filters: Filters = DEFAULT_FILTERS, *, add: int,
               radius_km: float = DEFAULT_RADIUS_KM, detour: float = DEFAULT_DETOUR,
               demand: str = "population", candidates: str = "all",
               places: float | None = None, units: Units | None = None,
               census: pd.DataFrame | None = None) -> Plan:
    """Where ``add`` new centres would newly serve the most demand (maximal covering).

    Parameters
    ----------
    centres : pandas.DataFrame
        Accepted centres; those counted under ``filters`` in the territory are fixed.
    within : str, optional
        Territory code; ``None`` = Morocco.
    filters : Filters
        Which centres count (types, modes, statuses).
    add : int
        Number of new sites (k).
    radius_km, detour, demand
        As in :func:`dashboard.calc.access.accessibility`.
    candidates : {"all", "uncovered"}
        Candidate sites: every commune of the territory, or those not served today.
    places : float, optional
        Places of each new centre: every centre then serves at most its places (existing
        ones their reported capacity, none when they report none); see the module
        docstring. ``None``: every centre serves everyone within reach.
    units, census
        Reference tables (defaults: :mod:`geodata`).

    Returns
    -------
    Plan
        ``sites`` (one row per chosen site, in attribution order; with places, by people
        served), ``summary`` (``demand_total``, ``demand_served_before``,
        ``demand_served_after``, ``status`` "optimal", ``radius_km``, ``detour``, ``added``,
        ``demand``, ``candidates``; with places also ``places_added``, ``places`` and
        ``capacity_unknown``) and ``communes`` (every demand point with ``served_before``,
        ``served_after``, ``newly_served``; with places also ``people_served_before`` and
        ``people_served_after``).

    Raises
    ------
    ValueError
        For a bad option, or ``add`` above the number of candidate communes.
    """
    radius_km, detour, _ = check_reach(radius_km, detour)
    check_choice("candidates", candidates, CANDIDATE_SETS)
    if isinstance(add, bool) or not isinstance(add, int | np.integer) or add < 1:
        raise ValueError(f"add must be a positive whole number; got {add!r}")
    places = None if places is None else check_places(places)
    points = demand_points(within, demand, units, census)
    existing = supply_points(centres, within, filters, "centres", units)
    existing_reach = neighbour_pairs(points, existing, radius_km, detour).matrix()
    served_today = np.asarray(existing_reach.getnnz(axis=1) > 0).ravel()
    sites = points if candidates == "all" else points[~served_today]
    sites = sites.reset_index(drop=True)
    if add > len(sites):
        raise ValueError(f"add must be at most the number of candidate communes "
                         f"({len(sites)} with candidates={candidates!r}); got {add}")
    candidate_reach = neighbour_pairs(points, sites, radius_km, detour).matrix()
    tie = sites["code"].rank(method="first").to_numpy()
    weights = np.nan_to_num(points["demand"].to_numpy(float), nan=0.0)
    summary = {"demand_total": float(weights.sum())}
    communes = points.copy()
    chosen_columns = SITE_COLUMNS
    if places is None:
        cover = maximal_cover(existing_reach, candidate_reach, weights, int(add), tie)
        chosen = sites.iloc[cover.chosen].reset_index(drop=True)
        chosen["new_demand_served"] = cover.gains
        communes["served_before"] = cover.served_before
        communes["served_after"] = cover.served_after
        summary["demand_served_before"] = float(weights[cover.served_before].sum())
        summary["demand_served_after"] = float(weights[cover.served_after].sum())
    else:
        grouped, group_places = _sites_with_places(existing)
        cover = capacitated_cover(neighbour_pairs(points, grouped, radius_km, detour).matrix(),
                                  candidate_reach, weights, group_places, int(add), places, tie)
        chosen = sites.iloc[cover.chosen].reset_index(drop=True)
        chosen["people_served"] = cover.people_served
        chosen_columns = PLACES_SITE_COLUMNS
        communes["people_served_before"] = cover.before_by_point
        communes["people_served_after"] = cover.after_by_point
        communes["served_before"] = cover.before_by_point > SERVED_PEOPLE
        communes["served_after"] = cover.after_by_point > SERVED_PEOPLE
        summary.update(demand_served_before=cover.served_before,
                       demand_served_after=cover.served_after,
                       places_added=places * int(add), places=places,
                       capacity_unknown=int(existing["places"].isna().sum()))
    chosen["rank"] = np.arange(1, len(chosen) + 1)
    communes["newly_served"] = _newly_served(communes)
    summary.update(status=cover.status, radius_km=radius_km, detour=detour, added=len(chosen),
                   demand=demand, candidates=candidates)
    keys = SUMMARY_KEYS if places is None else PLACES_SUMMARY_KEYS
    return Plan(chosen.loc[:, list(chosen_columns)], {key: summary[key] for key in keys},
                communes, existing)


SERVED_PEOPLE = 1e-6
"""With places, a demand point counts as served when more people than this are served."""


def check_places(places) -> int | float:
    """Places per new centre (an int when whole), or a ValueError (a positive number)."""
    try:
        value = float(places)
    except (TypeError, ValueError):
        value = float("nan")
    if isinstance(places, bool) or not np.isfinite(value) or value <= 0:
        raise ValueError(f"places must be a positive number; got {places!r}")
    return int(value) if value.is_integer() else value


def _sites_with_places(existing: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """Existing centres reporting places, one site per point with their places summed."""
    known = existing[existing["places"].notna() & (existing["places"] > 0)]
    known = known[np.isfinite(known["lon"]) & np.isfinite(known["lat"])]
    grouped = known.groupby(["lon", "lat"], sort=True)["places"].sum().reset_index()
    return grouped, grouped["places"].to_numpy(float)


def _newly_served(communes: pd.DataFrame) -> np.ndarray:
    """Demand points served after and not before; with places, those with more people
    served after than before."""
    if "people_served_after" in communes:
        gain = communes["people_served_after"] - communes["people_served_before"]
        return (gain > SERVED_PEOPLE).to_numpy()
    return (communes["served_after"] & ~communes["served_before"]).to_numpy()


def sites_geojson(sites: pd.DataFrame) -> str:
    """The chosen sites as a GeoJSON FeatureCollection of points (EPSG:4326).

    Properties are every column of ``sites`` but ``lon`` and ``lat``; text is kept as
    written (UTF-8, not escaped), values that are missing become ``null``.
    """
    import json

    features = []
    for row in sites.to_dict("records"):
        lon, lat = float(row.pop("lon")), float(row.pop("lat"))
        properties = {key: (None if pd.isna(value) else
                            value.item() if isinstance(value, np.generic) else value)
                      for key, value in row.items()}
        features.append({"type": "Feature", "properties": properties,
                         "geometry": {"type": "Point", "coordinates": [lon, lat]}})
    return json.dumps({"type": "FeatureCollection", "features": features},
                      ensure_ascii=False, indent=1)


HYPOTHETICAL_PREFIX = "hypothetical-"


def with_scenario(centres: pd.DataFrame, hypothetical: tuple[str, ...] = (),
                  switched_off: tuple[str, ...] = (), filters: Filters = DEFAULT_FILTERS,
                  capacity: int | None = None) -> pd.DataFrame:
    """Centres of a what-if scenario: some switched off, hypothetical ones added.

    Parameters
    ----------
    centres : pandas.DataFrame
        Accepted centres.
    hypothetical : tuple of str
        Commune codes each given one new operating centre, at the commune's representative
        point (no coordinates), id ``hypothetical-<code>``, of a type and management mode
        that ``filters`` count (their first type and mode, else ``other`` and ``direct``).
    switched_off : tuple of str
        ``centre_id`` of centres left out.
    filters : Filters
        The filters the scenario will be counted with.
    capacity : int, optional
        Places of each hypothetical centre (counted in places, as a new site of a plan);
        ``None``: they report none.

    Returns
    -------
    pandas.DataFrame
        A new frame with the same columns (``capacity`` added when given and absent).
    """
    kept = centres[~centres["centre_id"].astype(str).isin(set(switched_off))]
    if not hypothetical:
        return kept
    added = pd.DataFrame({
        "centre_id": [HYPOTHETICAL_PREFIX + code for code in hypothetical],
        "name": ["hypothetical centre"] * len(hypothetical),
        "centre_type": (filters.types or ("other",))[0],
        "management_mode": (filters.modes or ("direct",))[0],
        "status": (filters.statuses or DEFAULT_STATUSES)[0],
        "services": 1,
        "commune_code": list(hypothetical),
        "capacity": capacity,
    })
    columns = list(kept.columns)
    if capacity is not None and "capacity" not in columns:
        columns.append("capacity")
    if "capacity" in columns:
        added["capacity"] = pd.array(added["capacity"], dtype="Int64")
    return pd.concat([kept, added.reindex(columns=columns)], ignore_index=True)
