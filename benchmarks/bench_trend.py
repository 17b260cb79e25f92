"""Benchmark: the network year by year, 2000–2024, for all of Morocco.

``run()`` times :func:`dashboard.calc.trend.trend` on the illustrative demo registry
(centres and grants), the data read and the reference geography loaded before timing.
Target: at most 2 s.

    python -m benchmarks.bench_trend
"""

from __future__ import annotations

import statistics
import time

TARGET_SECONDS = 2.0


def run(first: int = 2000, last: int = 2024, within: str | None = None,
        repeat: int = 3) -> dict:
    """Median time of ``repeat`` trends over ``first``–``last`` in ``within`` (None =
    Morocco), with the 2010 row's figures."""
    from dashboard.app.datasets import demo_dataset
    from dashboard.calc.indicators import reference_units
    from dashboard.calc.trend import trend

    data = demo_dataset()
    centres, funding = data.centres_frame, data.funding_frame
    reference_units()
    times, table = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        table = trend(centres, funding, within, first, last)
        times.append(time.perf_counter() - start)
    row = table.set_index("year").iloc[len(table) // 2]
    return {"seconds_median": statistics.median(times), "seconds": times,
            "years": len(table), "centres": len(centres),
            "grants": 0 if funding is None else len(funding),
            "middle_year": int(row.name), "middle_centres": int(row["centres"]),
            "middle_communes_covered": int(row["communes_covered"])}


if __name__ == "__main__":  # pragma: no cover
    print(run())
