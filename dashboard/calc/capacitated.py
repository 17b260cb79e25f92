"""Where the next centres should go when a centre serves at most its places: capacitated
maximal covering, solved exactly.

Pure functions (numpy, scipy.sparse, PuLP); no Streamlit, no file I/O. The demand points,
sites and pairs within reach are those of :mod:`dashboard.calc.location` and
:mod:`dashboard.calc.access`; :func:`dashboard.calc.location.plan_sites` with ``places=N``
calls :func:`capacitated_cover`.

The model (AccessMod's geographic coverage with capacities, as a location problem)
--------------------------------------------------------------------------------
``x_ij >= 0`` people of demand point i served by site j, for the pairs with
``d_ij <= r`` only; ``sum_j x_ij <= demand_i``; ``sum_i x_ij <= places_j``, where an
existing site has its reported places (existing centres at the same point are one site with
their places added up) and each of the ``k`` new sites, chosen among the candidates
(``y_j`` binary, ``sum_j y_j = k``), has ``places`` places (``sum_i x_ij <= places * y_j``).
Maximise ``sum x_ij``. Solved by CBC (bundled with PuLP) with a relative gap of 0.

demand_served_before
    The same model without new sites: a maximum flow, solved as an LP.
Which sites
    The optimum's value is unique, its sites often are not (when every new site fills its
    places, many sets do as well). Among the sets serving the optimum (up to a relative
    :data:`FLOOR_TOLERANCE`), the one chosen has the most demand within reach of its sites
    (a second integer program), so the sites go where the need is largest and do not
    depend on the solver's path.
demand_served_after and people_served
    The optimum of the model. The assignment of an optimum is rarely unique; the one
    reported is an optimal assignment over the chosen sites in which the existing centres
    serve ``demand_served_before``. One exists: a maximum flow grows from the existing
    centres' own maximum flow by augmenting paths, which never lower the flow into a site.
    It is found exactly by one LP maximising ``sum x_ij`` plus the existing centres' part
    once more: no flow serves more in all, and none gives the existing centres more than
    they serve alone, so the optimum has both. Each new site's ``people_served`` is then
    what it adds, and the column adds up to ``demand_served_after -
    demand_served_before``.

Kept exact and fast: only pairs within reach have a variable; demand of weight 0, sites
without places and candidates reaching no demand leave the model; when no more than k
candidates reach any demand, opening them all is optimal and no integer program is solved;
``x_ij <= min(demand_i, places) * y_j`` tightens the relaxation (a valid inequality).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from dashboard.calc.solver import cbc_solver

FLOOR_TOLERANCE = 1e-9
"""Relative slack on the optimum's value when the sites are chosen among equal plans."""


@dataclass(frozen=True)
class CapacitatedCover:
    """Solution of :func:`capacitated_cover` (site positions are candidate columns)."""

    chosen: np.ndarray  # candidate positions, most people served first
    people_served: np.ndarray  # people served by each chosen site in the reported assignment
    served_before: float
    served_after: float
    before_by_point: np.ndarray  # people served per demand point, existing centres alone
    after_by_point: np.ndarray  # people served per demand point, with the new sites
    status: str  # "optimal"
    solver_ran: bool  # whether an integer program was solved


@dataclass(frozen=True)
class _Flow:
    """Pairs within reach of a flow model: demand point, site, and the sites' places."""

    point: np.ndarray
    site: np.ndarray
    places: np.ndarray  # per site


def _nonzero_pairs(reach: sparse.spmatrix) -> tuple[np.ndarray, np.ndarray]:
    coo = sparse.coo_matrix(reach)
    keep = coo.data != 0  # a stored zero is "out of reach"
    return coo.row[keep].astype(np.intp), coo.col[keep].astype(np.intp)


def _group(values: np.ndarray, n: int) -> list[np.ndarray]:
    """Positions of ``values`` equal to 0, 1, ..., n - 1."""
    order = np.argsort(values, kind="stable")
    bounds = np.searchsorted(values[order], np.arange(n + 1))
    return [order[bounds[g]:bounds[g + 1]] for g in range(n)]


def _solve_flow(weights: np.ndarray, flow: _Flow, switchable: np.ndarray, k: int = 0,
                floor: float | None = None, site_values: np.ndarray | None = None,
                counted_twice: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Maximise the people served over ``flow``'s pairs (with the sites of the mask
    ``counted_twice`` counted twice), or, given ``site_values``, the sum of the opened
    switchable sites' values.

    ``switchable`` sites are opened by binaries (exactly ``k`` of them); the others are open.
    ``floor``: at least that many people served in all. Returns the flow per pair and the
    opened switchable sites (positions).
    """
    import pulp

    n_sites = len(flow.places)
    problem = pulp.LpProblem("taghtia_capacitated_cover", pulp.LpMaximize)
    bound = np.minimum(weights[flow.point], flow.places[flow.site])
    x = [problem.add_variable(f"x{p}", lowBound=0, upBound=float(bound[p]))
         for p in range(len(bound))]
    opened = {int(j): problem.add_variable(f"y{j}", lowBound=0, upBound=1, cat=pulp.LpBinary)
              for j in np.flatnonzero(switchable)}
    if site_values is None:
        twice = (np.zeros(len(flow.places), bool) if counted_twice is None
                 else counted_twice)[flow.site]
        problem += pulp.LpAffineExpression([(v, 2.0 if twice[p] else 1.0)
                                            for p, v in enumerate(x)])
    else:
        problem += pulp.LpAffineExpression([(v, float(site_values[j]))
                                            for j, v in opened.items()])
    for pairs in _group(flow.point, len(weights)):
        if len(pairs) > 1:  # one pair: its upper bound says it
            problem += pulp.LpAffineExpression([(x[p], 1.0) for p in pairs]) <= float(
                weights[flow.point[pairs[0]]])
    for j, pairs in enumerate(_group(flow.site, n_sites)):
        if len(pairs) == 0:
            continue
        served = pulp.LpAffineExpression([(x[p], 1.0) for p in pairs])
        if j in opened:
            problem += served - float(flow.places[j]) * opened[j] <= 0
            for p in pairs:  # valid inequality: nothing flows through a closed site
                problem += x[p] - float(bound[p]) * opened[j] <= 0
        elif len(pairs) > 1 and float(bound[pairs].sum()) > float(flow.places[j]):
            problem += served <= float(flow.places[j])
    if opened:
        problem += pulp.LpAffineExpression([(v, 1.0) for v in opened.values()]) == k
    if floor is not None:
        problem += pulp.LpAffineExpression([(v, 1.0) for v in x]) >= floor
    problem.solve(cbc_solver())
    if problem.status != pulp.LpStatusOptimal:
        raise RuntimeError(f"the capacitated covering model is not solved: "
                           f"{pulp.LpStatus[problem.status]}")
    values = np.clip(np.array([v.value() or 0.0 for v in x], dtype=float), 0.0, None)
    chosen = np.array([j for j, v in opened.items() if (v.value() or 0.0) > 0.5], dtype=np.intp)
    return values, chosen


def _served(values: np.ndarray, index: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(index, weights=values, minlength=n) if n else np.zeros(0)


def capacitated_cover(existing: sparse.spmatrix, candidates: sparse.spmatrix, weights,
                      existing_places, k: int, places: float,
                      tie: np.ndarray | None = None) -> CapacitatedCover:
    """Choose ``k`` candidate sites of ``places`` places each maximising the people served,
    every site serving at most its places (see the module docstring).

    Parameters
    ----------
    existing, candidates, weights, k, tie
        As in :func:`dashboard.calc.location.maximal_cover` (reach matrices of demand
        points x sites, demand per point, number of sites to add, tie-break key).
    existing_places : array of float
        Places of each existing site (NaN and negatives count as 0: it serves no one).
    places : float
        Places of each new site (> 0).

    Returns
    -------
    CapacitatedCover
    """
    weights = np.clip(np.nan_to_num(np.asarray(weights, dtype=float), nan=0.0), 0.0, None)
    existing_places = np.clip(np.nan_to_num(np.asarray(existing_places, dtype=float),
                                            nan=0.0), 0.0, None)
    n_points, n_candidates = candidates.shape
    n_existing = existing.shape[1]
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or not 0 <= k <= n_candidates:
        raise ValueError(f"add must be a whole number from 0 to the number of candidate "
                         f"sites ({n_candidates}); got {k!r}")
    places = float(places)
    if not np.isfinite(places) or places <= 0:
        raise ValueError(f"places must be a positive number; got {places!r}")
    tie = np.arange(n_candidates) if tie is None else np.asarray(tie)

    e_point, e_site = _nonzero_pairs(existing)
    keep = (weights[e_point] > 0) & (existing_places[e_site] > 0)
    e_point, e_site = e_point[keep], e_site[keep]
    c_point, c_site = _nonzero_pairs(candidates)
    keep = weights[c_point] > 0
    c_point, c_site = c_point[keep], c_site[keep]

    before_flow = np.zeros(len(e_point))
    if len(e_point):
        before_flow, _ = _solve_flow(weights, _Flow(e_point, e_site, existing_places),
                                     np.zeros(n_existing, bool))
    served_before = float(before_flow.sum())

    useful = np.unique(c_site)
    solver_ran = len(useful) > k
    if solver_ran:
        chosen = _choose(weights, e_point, e_site, existing_places, c_point, c_site, useful,
                         k, places)
    else:
        chosen = useful
    in_model = np.isin(c_site, chosen)
    site_of = {int(j): n_existing + position for position, j in enumerate(chosen)}
    flow = _Flow(np.concatenate([e_point, c_point[in_model]]),
                 np.concatenate([e_site, [site_of[int(j)] for j in c_site[in_model]]]
                                ).astype(np.intp),
                 np.concatenate([existing_places, np.full(len(chosen), places)]))
    is_existing = np.arange(len(flow.places)) < n_existing
    values = (_solve_flow(weights, flow, np.zeros(len(flow.places), bool),
                          counted_twice=is_existing)[0]
              if len(flow.point) else np.zeros(0))
    by_site = _served(values, flow.site, len(flow.places))[n_existing:]
    need = demand_in_reach(weights, c_point, c_site, n_candidates)
    return _ordered(chosen, by_site, k, need, tie,
                    CapacitatedCover(
                        chosen, by_site, served_before, float(values.sum()),
                        _served(before_flow, e_point, n_points),
                        _served(values, flow.point, n_points), "optimal", solver_ran))


def _choose(weights, e_point, e_site, existing_places, c_point, c_site, useful, k, places
            ) -> np.ndarray:
    """The exact optimum's candidate sites (positions), by the integer program."""
    column = np.full(int(useful.max()) + 1, -1, dtype=np.intp)
    column[useful] = np.arange(len(useful))
    n_existing = len(existing_places)
    flow = _Flow(np.concatenate([e_point, c_point]),
                 np.concatenate([e_site, n_existing + column[c_site]]).astype(np.intp),
                 np.concatenate([existing_places, np.full(len(useful), places)]))
    switchable = np.arange(len(flow.places)) >= n_existing
    values, _ = _solve_flow(weights, flow, switchable, k)
    best = float(values.sum())
    in_reach = np.zeros(len(flow.places))
    in_reach[n_existing:] = demand_in_reach(weights, c_point, column[c_site], len(useful))
    _, opened = _solve_flow(weights, flow, switchable, k, floor=best * (1 - FLOOR_TOLERANCE),
                            site_values=in_reach)
    return np.sort(useful[opened - n_existing])


def demand_in_reach(weights: np.ndarray, point: np.ndarray, site: np.ndarray, n_sites: int
                    ) -> np.ndarray:
    """Demand within reach of each site, from the pairs (``point``, ``site``)."""
    return np.bincount(site, weights=weights[point], minlength=n_sites)


def _ordered(chosen, by_site, k, need, tie, cover: CapacitatedCover) -> CapacitatedCover:
    """Sites by people served (descending), then demand in reach (``need``, descending),
    then ``tie``; when fewer than k candidates reach any demand, the rest of the k are those
    with the most demand in reach (serving 0)."""
    order = sorted(range(len(chosen)),
                   key=lambda p: (-by_site[p], -need[chosen[p]], tie[chosen[p]]))
    sites, served = [int(chosen[p]) for p in order], [float(by_site[p]) for p in order]
    if len(sites) < k:
        taken = set(sites)
        rest = sorted((j for j in range(len(need)) if j not in taken),
                      key=lambda j: (-need[j], tie[j]))[:k - len(sites)]
        sites, served = sites + rest, served + [0.0] * len(rest)
    return CapacitatedCover(np.asarray(sites, dtype=np.intp), np.asarray(served, dtype=float),
                            cover.served_before, cover.served_after, cover.before_by_point,
                            cover.after_by_point, cover.status, cover.solver_ran)
