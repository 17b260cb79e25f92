"""Planning goes through PuLP's current API: no deprecation (PuLP 4.0 removes
``LpVariable(...)`` construction and ``PULP_CBC_CMD``)."""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np

from dashboard.calc.location import cbc_solver, plan_sites
from tests.dashboard.planning_cases import km_east, make_census, make_centres, make_units

ROOT = Path(__file__).resolve().parents[2]


def test_planning_raises_no_deprecation_warning() -> None:
    codes = [f"99.001.01.0{i}" for i in range(5)]
    units = make_units([(c, 1_000 * (i + 1), -5.0 + km_east(10 * i), 33.0)
                        for i, c in enumerate(codes)])
    centres = make_centres([("K1", codes[0], "eps", "operating", 1, np.nan, np.nan)])
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        plan = plan_sites(centres, add=1, radius_km=10.5, detour=1.0, units=units,
                          census=make_census(codes))
    assert plan.sites["code"].tolist() == [codes[3]]
    assert plan.summary["status"] == "optimal"


def test_the_solver_is_pulps_coin_cmd_with_an_executable() -> None:
    import pulp

    solver = cbc_solver()
    assert type(solver) is pulp.COIN_CMD
    assert solver.available()


SOLVE = ("import numpy as np; from scipy import sparse; "
         "from dashboard.calc.location import cbc_solver, mclp_problem; "
         "problem, sites = mclp_problem(sparse.csr_matrix(np.array([[1, 0], [0, 1], [1, 1]])), "
         "np.array([5.0, 1.0, 1.0]), 1); problem.solve(cbc_solver()); "
         "print([s.value() for s in sites])")


def test_the_exact_solve_with_deprecations_as_errors() -> None:
    """As ``python -W error::DeprecationWarning``: the model built and solved by CBC in a
    fresh interpreter (PuLP's deprecations are raised at import and on first use)."""
    done = subprocess.run([sys.executable, "-W", "error::DeprecationWarning", "-c", SOLVE],
                          cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[1.0, 0.0]"
