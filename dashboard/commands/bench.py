"""``taghtia bench``: the benchmarks (same as ``make bench`` and ``python -m benchmarks.run``).

The ``benchmarks`` package lives in the source checkout, next to ``dashboard``; it is not
part of an installed wheel, so the command says so when it cannot be found.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.commands.options import add_command
from loaders.errors import TaghtiaError

CHECKOUT = Path(__file__).resolve().parent.parent.parent


class BenchmarkError(TaghtiaError):
    """The benchmarks cannot run as asked (not in a source checkout, unknown section)."""


def _benchmarks():
    if str(CHECKOUT) not in sys.path and (CHECKOUT / "benchmarks").is_dir():
        sys.path.insert(0, str(CHECKOUT))
    try:
        from benchmarks import run
    except ImportError as error:
        raise BenchmarkError(
            "the benchmarks are not installed: run this from a source checkout "
            "(make bench, or python -m benchmarks.run)") from error
    return run


def handle(args: argparse.Namespace) -> int:
    """Run the benchmarks and print the table."""
    run = _benchmarks()
    try:
        return run.execute(args)
    except ValueError as error:
        raise BenchmarkError(str(error)) from error


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``taghtia bench``."""
    parser = add_command(
        subparsers, "bench", handle,
        help="measure map payload, first paint, reruns, scale and cold start",
        description="Run the benchmarks: map payload and first paint against naive folium, "
        "rerun cost, bytes per filter change, reruns on pan/zoom, indicators and matching "
        "at scale, peak memory and cold start. Prints one table (goal, PASS/MISS) and writes "
        "it as JSON. Same as `make bench`.",
        epilog="example:\n  taghtia bench --out bench-results.json\n"
        "  taghtia bench --quick --only payload,scale",
    )
    parser.add_argument("--quick", action="store_true",
                        help="tiny sizes: checks the benchmark runs, not how fast")
    parser.add_argument("--out", metavar="FILE.json", default="bench-results.json",
                        help="where to write the results (default bench-results.json)")
    parser.add_argument("--only", metavar="SECTIONS",
                        default="payload,paint,rerun,app,scale,store",
                        help="comma-separated sections among payload, paint, rerun, app, "
                        "scale, store")
    parser.add_argument("--work", metavar="DIR", default=None,
                        help="keep the map HTML files and the profile in DIR")
