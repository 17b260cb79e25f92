"""Planning at scale: 2SFCA for every commune of Morocco, maximal covering for Taza and Morocco,
uncapacitated and with places (each centre serving at most its places).

On the illustrative demo registry (4,016 centres). Timings are medians of warm runs (the
reference tables read, the solver imported); the national plan also runs once in a fresh
process to measure its peak memory, with the import of the solver (PuLP) timed on its own
(so does the national plan with places).

    python -m benchmarks.bench_planning [CASE ...]    (default: every case)
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time

from tests.support.territories import TAZA

PLAN_CASES = {
    "taza": {"within": TAZA, "add": 3, "radius_km": 10.0, "demand": "under_15",
             "types": ("kindergarten",)},
    "morocco": {"within": None, "add": 20, "radius_km": 15.0, "demand": "under_15",
                "types": ("kindergarten",)},
    "taza_places": {"within": TAZA, "add": 3, "radius_km": 10.0, "demand": "under_15",
                    "types": ("kindergarten",), "places": 60},
    "morocco_places": {"within": None, "add": 20, "radius_km": 15.0, "demand": "under_15",
                       "types": ("kindergarten",), "places": 60},
}
FRESH_CASES: tuple[str, ...] = ("morocco", "morocco_places")
"""Cases also run once in a fresh process, for their peak memory."""

_CHILD = """
import json, sys, time
start = time.perf_counter()
import pulp  # noqa: F401
import_s = time.perf_counter() - start
from benchmarks.bench_planning import demo_centres, plan_case
centres = demo_centres()
start = time.perf_counter()
plan = plan_case(centres, sys.argv[1])
seconds = time.perf_counter() - start
# VmHWM is this program's own peak; ru_maxrss would also count the benchmark process's
# resident size at the fork that started it (Linux keeps it across exec)
with open("/proc/self/status") as status:
    peak_mb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024
print(json.dumps({"import_solver_s": import_s, "first_plan_s": seconds, "peak_rss_mb": peak_mb,
                  "summary": plan.summary}))
"""


def demo_centres():  # -> pandas.DataFrame
    """Accepted centres of the illustrative demo registry."""
    from dashboard.app.datasets import demo_dataset

    return demo_dataset().centres_frame


def plan_case(centres, name: str):  # -> dashboard.calc.location.Plan
    """Run one of :data:`PLAN_CASES`."""
    from dashboard.calc.indicators import Filters
    from dashboard.calc.location import plan_sites

    case = dict(PLAN_CASES[name])
    filters = Filters(types=case.pop("types"))
    within = case.pop("within")
    return plan_sites(centres, within, filters, **case)


def _median_seconds(function, repeat: int) -> tuple[float, list[float], object]:
    """Median seconds of ``repeat`` warm runs, every run's seconds, the last result."""
    function()  # warm: reference tables, imports
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), runs, result


def run(repeat: int = 5, cases: tuple[str, ...] = tuple(PLAN_CASES)) -> dict:
    """Time access and plans; returns seconds, summaries and the national plan's memory."""
    from dashboard.calc.access import accessibility

    centres = demo_centres()
    access_s, access_runs, table = _median_seconds(lambda: accessibility(centres), repeat)
    results: dict = {"access_morocco_s": access_s, "access_runs_s": access_runs,
                     "communes": len(table), "served_share": float(table["served"].mean()),
                     "centres": len(centres)}
    for name in cases:
        seconds, runs, plan = _median_seconds(lambda name=name: plan_case(centres, name),
                                              max(1, repeat // 2))
        results[f"plan_{name}_s"] = seconds
        results[f"plan_{name}_runs_s"] = runs
        results[f"plan_{name}_summary"] = plan.summary
    for name in FRESH_CASES:
        if name in cases:
            results[f"fresh_{name}"] = fresh_process(name)
    results["fresh_process"] = results.get("fresh_morocco")
    return results


def fresh_process(name: str) -> dict:
    """Run the plan ``name`` once in a new Python: solver import, plan seconds, peak RSS."""
    child = subprocess.run([sys.executable, "-c", _CHILD, name], capture_output=True,
                           text=True, timeout=600, check=True)
    return json.loads(child.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    print(json.dumps(run(cases=tuple(sys.argv[1:]) or tuple(PLAN_CASES)), indent=1,
                     default=str))
