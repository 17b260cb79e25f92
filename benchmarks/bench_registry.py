"""Benchmark: the national registry of 75 territories, on SQLite and on PostGIS.

``run()`` splits a synthetic national registry (the frames of
:mod:`benchmarks.bench_indicators`, 4,000 centres + 13,000 grants by default) by province
and stores each province as its own territory dataset (75 datasets, ``--territory`` the
province), then times

* opening the registry: :func:`dashboard.sources.from_registry` (which version supplies each
  province, then every version's accepted rows of its province, composed into one dataset;
  median of ``repeat`` runs), and checks the rows are the synthetic registry's;
* the registry's status: :func:`dashboard.sources.registry_status` (the 75 provinces with
  their dataset, version, date, counts and state; median of ``repeat`` runs).

Run as a script to print the figures: ``python -m benchmarks.bench_registry``.
"""

from __future__ import annotations

import os
import statistics
import time

import pandas as pd

from benchmarks.bench_store import _result, database
from loaders.inputs import InputFile, Inputs


def territory_inputs(n_centres: int, n_grants: int, seed: int = 2024) -> dict[str, Inputs]:
    """The synthetic registry split by province: province code -> its validated inputs."""
    from benchmarks.bench_indicators import _registry

    centres, funding = _registry(n_centres, n_grants, seed)
    by_province = {}
    funding_province = funding["commune_code"].str[:6]
    for province, part in centres.groupby(centres["commune_code"].str[:6], sort=True):
        grants = funding[(funding_province == province).to_numpy()]
        part = part.reset_index(drop=True)
        grants = grants.reset_index(drop=True)
        files = (InputFile("centres", f"{province}.csv", part.to_csv(index=False).encode()),
                 InputFile("funding", f"{province}-grants.csv",
                           grants.to_csv(index=False).encode()))
        by_province[province] = Inputs(_result(part, "centres", f"{province}.csv"),
                                       _result(grants, "funding", f"{province}-grants.csv"),
                                       files)
    return by_province


def _median(call, repeat: int) -> tuple[float, list[float], object]:
    timings, value = [], None
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        value = call()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings), timings, value


def run(kind: str = "sqlite", n_centres: int = 4_000, n_grants: int = 13_000,
        repeat: int = 5) -> dict:
    """Store the 75 territories on ``kind``, open the registry and its status; the figures
    (seconds)."""
    from dashboard import sources
    from dashboard.store import close_store, open_store

    by_province = territory_inputs(n_centres, n_grants)
    with database(kind) as url:
        previous = os.environ.get("TAGHTIA_DATABASE_URL")
        os.environ["TAGHTIA_DATABASE_URL"] = url
        try:
            store = open_store(url)
            start = time.perf_counter()
            for province, inputs in by_province.items():
                store.save(f"p{province.replace('.', '-')}", inputs, territory=province)
            import_s = time.perf_counter() - start
            open_s, open_all, opened = _median(sources.from_registry, repeat)
            status_s, status_all, status = _median(sources.registry_status, repeat)
        finally:
            close_store(url)
            if previous is None:
                os.environ.pop("TAGHTIA_DATABASE_URL", None)
            else:
                os.environ["TAGHTIA_DATABASE_URL"] = previous
    expected = pd.concat([inputs.centres_frame for inputs in by_province.values()])
    same = sorted(opened.centres_frame["centre_id"]) == sorted(expected["centre_id"])
    return {
        "kind": kind, "territories": len(by_province), "n_centres": len(expected),
        "n_grants": sum(len(i.funding_frame) for i in by_province.values()),
        "import_all_s": round(import_s, 3),
        "open_s": round(open_s, 3), "open_all_s": [round(t, 3) for t in open_all],
        "status_s": round(status_s, 3), "status_all_s": [round(t, 3) for t in status_all],
        "same_centres": bool(same),
        "opened_grants": len(opened.funding_frame),
        "status_current": int((status["state"] == "current").sum()),
        "status_centres": int(status["centres"].sum()),
    }


if __name__ == "__main__":
    import json
    import sys

    for backend in sys.argv[1:] or ["sqlite", "postgis"]:
        print(json.dumps(run(backend), indent=1))
