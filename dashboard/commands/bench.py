"""``taghtia bench``: the benchmarks (same as ``make bench`` and ``python -m benchmarks.run``).

The ``benchmarks`` package and the test harness it starts the app with (``tests/support``)
live in the source checkout, next to ``dashboard``; they are not part of an installed wheel,
so from a wheel the command says that it needs a checkout. Its extra dependencies (psutil,
Playwright, pyinstrument) come with ``pip install -e ".[bench]"`` (``[test]`` includes them).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

from dashboard.commands.options import add_command
from loaders.errors import TaghtiaError

CHECKOUT = Path(__file__).resolve().parent.parent.parent
BENCH_MODULES: tuple[str, ...] = ("psutil", "playwright", "pyinstrument")
"""Imported by the benchmarks and installed by the ``bench`` extra."""
NEEDS_CHECKOUT = ("taghtia bench needs a source checkout of Taghtia (the benchmarks and the "
                  "test harness they use are not part of the installed package): in a "
                  "checkout, run make bench or python -m benchmarks.run")


class BenchmarkError(TaghtiaError):
    """The benchmarks cannot run as asked (not in a source checkout, unknown section)."""


def _benchmarks():
    """The checkout's ``benchmarks.run``, or a :class:`BenchmarkError` saying what is missing."""
    if not ((CHECKOUT / "benchmarks" / "run.py").is_file()
            and (CHECKOUT / "tests" / "support" / "server.py").is_file()):
        raise BenchmarkError(NEEDS_CHECKOUT)
    missing = [name for name in BENCH_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        raise BenchmarkError(
            f"taghtia bench needs {', '.join(missing)}: install the bench extra "
            '(pip install -e ".[bench]" in the checkout)')
    if str(CHECKOUT) not in sys.path:
        sys.path.insert(0, str(CHECKOUT))
    from benchmarks import run

    if CHECKOUT not in Path(run.__file__).resolve().parents:  # another "benchmarks" package
        raise BenchmarkError(NEEDS_CHECKOUT)
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
