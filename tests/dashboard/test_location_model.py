"""The maximal covering model written with PuLP is, line for line, the one spopt builds."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from scipy import sparse

from dashboard.calc.location import mclp_problem


def _spopt_problem(coverage: sparse.csr_matrix, weights: np.ndarray, k: int):
    """The model as it was built with spopt's MCLP and FacilityModelBuilder."""
    import pulp
    from spopt.locate import MCLP
    from spopt.locate.base import FacilityModelBuilder

    n_clients, n_sites = coverage.shape
    problem = pulp.LpProblem("taghtia_mclp", pulp.LpMaximize)
    model = MCLP("taghtia_mclp", problem)
    FacilityModelBuilder.add_facility_integer_variable(model, range(n_sites), "x[{i}]")
    FacilityModelBuilder.add_client_integer_variable(model, range(n_clients), "y[{i}]")
    clients, sites = model.cli_vars, model.fac_vars
    problem += pulp.lpSum(float(weights[i]) * clients[i] for i in range(n_clients))
    for i in range(n_clients):
        row = coverage.indices[coverage.indptr[i]:coverage.indptr[i + 1]]
        problem += pulp.lpSum(sites[j] for j in row) >= clients[i]
    FacilityModelBuilder.add_facility_constraint(model, k)
    return problem


def test_model_equals_spopt_model(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    coverage = sparse.csr_matrix(rng.random((40, 25)) < 0.15)
    weights = rng.integers(1, 500, 40).astype(float)
    ours, sites = mclp_problem(coverage, weights, 4)
    theirs = _spopt_problem(coverage, weights, 4)
    ours.writeLP(tmp_path / "ours.lp")
    theirs.writeLP(tmp_path / "theirs.lp")
    assert (tmp_path / "ours.lp").read_text() == (tmp_path / "theirs.lp").read_text()
    assert len(sites) == 25
