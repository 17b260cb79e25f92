"""``taghtia trend``: the network year by year, written to a file.

One row per year from ``--from`` to ``--to``: the territory's figures as of that year
(:func:`dashboard.calc.trend.trend`, the same numbers as ``taghtia indicators --as-of YEAR``
summed over the territory) and the year's funding.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from dashboard.calc import timeline
from dashboard.calc.trend import registry_years, trend
from dashboard.choices import TREND_FORMATS
from dashboard.commands.options import (
    add_demand_option,
    add_filter_options,
    add_territory_command,
    checked_out,
    command_inputs,
    usage_errors,
    write_output,
)
from loaders.errors import UsageError

EPILOG = """\
examples:
  taghtia trend --within 03.561 --from 2010 --to 2024 --out taza_trend.csv
  taghtia trend --dataset registry --from 2000 --to 2024 --types kindergarten \\
      --out kindergartens.xlsx
  taghtia trend --centres centres.csv --funding subventions.csv --within 05 \\
      --from 2015 --to 2024 --out beni_mellal.json

Columns: year, communes_total, communes_urban, communes_rural, communes_covered,
communes_covered_urban, communes_covered_rural, coverage_rate(_urban, _rural), centres,
services, capacity, capacity_unknown, beneficiaries, places_per_1000, occupancy,
over_capacity, funding_mad (that year's grants), centres_no_opening_year.
A year's row is the network at the end of that year, as taghtia indicators --as-of YEAR
gives it: centres whose opening year is known and not after it, operating today or closed
after it (planned and being-licensed centres never count). Centres without an opening year
cannot be placed and are counted in centres_no_opening_year. --types and --modes apply;
--sources filters the funding.
Exit status: 0 on success, 2 on a bad option or a file that cannot be read.
"""



def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``trend`` sub-command."""
    parser = add_territory_command(
        subparsers, "trend", handle,
        help="the network year by year: communes covered, centres, places, funding",
        description="Compute, for every year of a span, the communes covered (urban and "
        "rural), the centres, their places and the year's funding in a territory, as the "
        "network stood at the end of each year, and write one row per year to a file.",
        epilog=EPILOG,
    )
    parser.add_argument("--from", dest="first", metavar="YEAR", required=True,
                        help="first year")
    parser.add_argument("--to", dest="last", metavar="YEAR", required=True,
                        help="last year (inclusive)")
    # every year says which centres stood: no --statuses; the year is the span's
    add_filter_options(parser, statuses=False, years=False)
    add_demand_option(parser)
    parser.add_argument("--out", metavar="FILE", required=True,
                        help="output: FILE.csv, FILE.xlsx or FILE.json")


def _years(args: argparse.Namespace) -> tuple[int, int]:
    try:
        first = timeline.check_year(args.first, "--from")
        last = timeline.check_year(args.last, "--to")
    except ValueError as error:
        raise UsageError(str(error)) from None
    if first > last:
        raise UsageError(f"--from must not be after --to; got {first} and {last}")
    return first, last


def handle(args: argparse.Namespace, stream: TextIO | None = None) -> int:
    """Compute the trend and write it; 0 on success."""
    stream = stream or sys.stdout
    checked_out(args, TREND_FORMATS)
    first, last = _years(args)
    inputs = command_inputs(args, stream)
    centres = inputs.centres
    with usage_errors():
        table = trend(centres, inputs.funding, args.within, first, last, inputs.filters,
                      demand=args.demand)
    span = registry_years(centres)
    if span is None:
        print("no centre has an opening year: every year is empty", file=stream)
    elif last > span[1]:
        print(f"the registry's opening years run out after {span[1]}", file=stream)
    left_out = int(table["centres_no_opening_year"].iloc[-1]) if len(table) else 0
    if left_out:
        print(f"centres without an opening year are left out of every year: {left_out:,} in "
              f"{last} (column centres_no_opening_year)", file=stream)
    write_output(table, args.out, "trend", stream)
    return 0
