"""``taghtia underserved``: communes without a counted centre, ranked for planners."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from dashboard.calc.planning import underserved
from dashboard.commands.options import (
    add_filter_options,
    add_table_output_option,
    add_territory_command,
    checked_out,
    command_inputs,
    usage_errors,
    write_output,
)
from loaders.errors import UsageError

EPILOG = """\
examples:
  taghtia underserved --centres centres.csv --within 03.561 --out taza_sans_centre.csv
  taghtia underserved --centres registre.xlsx --top 50 --out priorites.xlsx
  taghtia underserved --centres centres.csv --types kindergarten --out sans_prescolaire.geojson
  taghtia underserved --dataset registre-national --within 03.561 --out taza.csv

Columns: code, names, kind, province, population_2024, the census need indicators,
need_score (0-100: mean of national percentile ranks of illiteracy 10+, disability, share
under 15 and share 60+), distance_km (representative point of the commune to the nearest
counted centre, UTM 29N), population_rank, need_rank, priority_score and priority_rank.
Exit status: 0 on success, 2 on a bad option or a file that cannot be read.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``underserved`` sub-command."""
    parser = add_territory_command(
        subparsers, "underserved", handle,
        help="communes without a counted centre, ranked by population, need and distance",
        description="List the communes where no counted centre lies (by default: no "
        "operating centre), with their 2024 population, a census need score and the "
        "distance to the nearest centre, ranked for planning.",
        epilog=EPILOG, funding=False,
    )
    parser.add_argument("--top", metavar="N", type=int,
                        help="keep the N communes of highest priority")
    add_filter_options(parser, funding=False)
    add_table_output_option(parser)


def handle(args: argparse.Namespace, stream: TextIO | None = None) -> int:
    """Rank the underserved communes and write them; 0 on success."""
    stream = stream or sys.stdout
    checked_out(args)
    if args.top is not None and args.top < 1:
        raise UsageError(f"--top must be a positive whole number; got {args.top}")
    inputs = command_inputs(args, stream, note=False)
    with usage_errors():
        table = underserved(inputs.centres, within=args.within, filters=inputs.filters,
                            top=args.top)
    write_output(table, args.out, "commune", stream)
    return 0
