"""Benchmark: national indicators at commune level for a large registry.

``run()`` builds a synthetic registry of ``n_centres`` centres and ``n_grants`` grants over
the 1,503 reference communes (seeded, in the accepted-frame form of :mod:`loaders`), then
times :func:`dashboard.calc.indicators.compute_indicators` at commune level for all of Morocco.
Building the frames and reading the reference geography are not timed (the reference is
read once, before timing). Target: at most 2 s for 100,000 centres and 1,000,000 grants.

Run as a script to print the figures: ``python -m benchmarks.bench_indicators``.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from dashboard.calc.indicators import Filters, compute_indicators, reference_units
from loaders.vocabulary import CENTRE_TYPE_KEYS, FUNDING_SOURCE_KEYS, MANAGEMENT_MODE_KEYS

TARGET_SECONDS = 2.0


def _registry(n_centres: int, n_grants: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    communes = reference_units()["commune"]["code"].to_numpy(dtype=object)
    centre_ids = np.char.add("C", np.arange(n_centres).astype(str)).astype(object)
    centres = pd.DataFrame(
        {
            "row": np.arange(2, n_centres + 2),
            "centre_id": pd.array(centre_ids, dtype="str"),
            "name": pd.array(centre_ids, dtype="str"),
            "centre_type": pd.array(rng.choice(CENTRE_TYPE_KEYS, n_centres), dtype="str"),
            "services": rng.integers(1, 6, n_centres),
            "management_mode": pd.array(
                rng.choice(MANAGEMENT_MODE_KEYS, n_centres), dtype="str"
            ),
            "status": pd.array(
                rng.choice(["operating", "licensing", "planned", "closed"], n_centres,
                           p=[0.85, 0.08, 0.03, 0.04]),
                dtype="str",
            ),
            "commune_code": pd.array(rng.choice(communes, n_centres), dtype="str"),
            "match_method": "code",
            "match_score": 100.0,
        }
    )
    with_centre = rng.random(n_grants) < 0.9
    grant_centre = np.where(
        with_centre, centre_ids[rng.integers(0, n_centres, n_grants)], None
    )
    funding = pd.DataFrame(
        {
            "row": np.arange(2, n_grants + 2),
            "centre_id": pd.array(grant_centre, dtype="str"),
            "year": rng.integers(2015, 2025, n_grants),
            "amount_mad": rng.lognormal(11, 1, n_grants).round(2),
            "source": pd.array(rng.choice(FUNDING_SOURCE_KEYS, n_grants), dtype="str"),
            "commune_code": pd.array(rng.choice(communes, n_grants), dtype="str"),
            "match_method": "centre_id",
            "match_score": 100.0,
        }
    )
    return centres, funding


def run(n_centres: int = 100_000, n_grants: int = 1_000_000, repeat: int = 3,
        seed: int = 2024) -> dict:
    """Time national commune-level indicators; return the figures.

    Parameters
    ----------
    n_centres, n_grants : int
        Size of the synthetic registry.
    repeat : int
        Timed runs; the best and the median are reported.
    seed : int

    Returns
    -------
    dict
        ``n_centres``, ``n_grants``, ``rows`` (units returned), ``seconds_best``,
        ``seconds_median``, ``seconds_filtered`` (types + modes + years filter),
        ``target_seconds`` and ``within_target``.
    """
    units = reference_units()
    centres, funding = _registry(n_centres, n_grants, seed)
    timings = []
    table = None
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        table = compute_indicators(centres, funding, level="commune", units=units)
        timings.append(time.perf_counter() - start)
    start = time.perf_counter()
    compute_indicators(
        centres, funding, level="commune", units=units,
        filters=Filters(types=("eps", "cef"), modes=("delegated",), years=(2019, 2024)),
    )
    filtered = time.perf_counter() - start
    best = min(timings)
    return {
        "n_centres": n_centres,
        "n_grants": n_grants,
        "rows": len(table),
        "seconds_best": round(best, 3),
        "seconds_median": round(float(np.median(timings)), 3),
        "seconds_filtered": round(filtered, 3),
        "target_seconds": TARGET_SECONDS,
        "within_target": bool(float(np.median(timings)) <= TARGET_SECONDS),
    }


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key}: {value}")
