"""Benchmark: storing a version and opening the version in force, on SQLite and on PostGIS.

``run()`` builds a validated registry in the form :func:`loaders.load_inputs` returns (the
synthetic frames of :mod:`benchmarks.bench_indicators`, their row reports, and the CSV bytes
of the files, kept by the store), then times

* the import: :meth:`dashboard.store.Store.save` of that version (files, reports, rows;
  validation of the files is measured by the loaders benchmarks, not here);
* opening the version in force: :meth:`dashboard.store.Store.open`, rows read back into the
  loaders' frames (median of ``repeat`` runs).

PostGIS runs on a throwaway cluster started by the test harness
(``tests/support/postgres.py``), so it needs Debian's ``postgresql-15-postgis-3``.
Run as a script to print the figures: ``python -m benchmarks.bench_store``.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from benchmarks.bench_indicators import _registry
from loaders.inputs import InputFile, Inputs
from loaders.validate import LoadResult

_ISSUE_COLUMNS = ("row", "column", "value", "problem", "what_to_do", "severity")


def _result(accepted: pd.DataFrame, kind: str, name: str) -> LoadResult:
    issues = pd.DataFrame({c: pd.Series(dtype="int64" if c == "row" else object)
                           for c in _ISSUE_COLUMNS})
    keep = ["row", "centre_id", "name", "status", "commune_code", "match_method",
            "match_score"] if kind == "centres" else [
        "row", "centre_id", "year", "amount_mad", "commune_code", "match_method",
        "match_score"]
    outcome = accepted[[c for c in keep if c in accepted.columns]].copy()
    if kind == "centres":
        outcome["status"] = "accepted"
    else:
        outcome.insert(4, "status", "accepted")
    return LoadResult(accepted=accepted, issues=issues, rows_read=len(accepted), kind=kind,
                      source_name=name, outcome=outcome)


def synthetic_inputs(n_centres: int, n_grants: int, seed: int = 2024) -> Inputs:
    """A validated registry of ``n_centres`` centres and ``n_grants`` grants, with files."""
    centres, funding = _registry(n_centres, n_grants, seed)
    files = (InputFile("centres", "centres.csv", centres.to_csv(index=False).encode()),
             InputFile("funding", "funding.csv", funding.to_csv(index=False).encode()))
    return Inputs(_result(centres, "centres", "centres.csv"),
                  _result(funding, "funding", "funding.csv"), files)


@contextmanager
def database(kind: str) -> Iterator[str]:
    """URL of an empty store: ``sqlite`` (a temporary file) or ``postgis`` (a cluster)."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="taghtia-bench-store-") as folder:
            yield f"sqlite:///{Path(folder) / 'taghtia.sqlite'}"
        return
    from tests.support.postgres import Cluster, available

    missing = available()
    if missing:
        raise RuntimeError(missing)
    cluster = Cluster()
    try:
        cluster.start()
        yield cluster.url(cluster.new_database())
    finally:
        cluster.stop()


def run(kind: str = "sqlite", sizes: tuple[tuple[int, int], ...] = (
        (4_000, 13_000), (100_000, 1_000_000)), repeat: int = 5) -> dict:
    """Import then open each size on ``kind``; return the figures (seconds)."""
    from dashboard.store import Store

    results: dict = {"kind": kind, "sizes": []}
    with database(kind) as url:
        store = Store(url)
        for n_centres, n_grants in sizes:
            inputs = synthetic_inputs(n_centres, n_grants)
            name = f"bench-{n_centres}"
            start = time.perf_counter()
            store.save(name, inputs)
            import_s = time.perf_counter() - start
            timings = []
            for _ in range(max(1, repeat)):
                start = time.perf_counter()
                opened = store.open(name)
                timings.append(time.perf_counter() - start)
            same = (opened.inputs.centres_frame.equals(inputs.centres_frame)
                    and opened.inputs.funding_frame.equals(inputs.funding_frame))
            results["sizes"].append({
                "n_centres": n_centres, "n_grants": n_grants,
                "import_s": round(import_s, 3),
                "open_s": round(statistics.median(timings), 3),
                "open_all_s": [round(t, 3) for t in timings],
                "same_frames": bool(same),
                "file_mb": round(sum(len(f.content) for f in inputs.files) / 1e6, 1),
            })
        store.close()
    return results


if __name__ == "__main__":
    import json
    import sys

    for backend in sys.argv[1:] or ["sqlite", "postgis"]:
        print(json.dumps(run(backend), indent=1))
