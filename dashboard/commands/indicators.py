"""``taghtia indicators``: coverage, services and funding per unit, written to a file.

Same numbers as the app: the data is read through
:func:`dashboard.commands.options.command_inputs`
and the table comes from :func:`dashboard.calc.indicators.compute_indicators`. The options
shared by the sub-commands live in :mod:`dashboard.commands.options`.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from dashboard.calc.indicators import LEVELS, compute_indicators
from dashboard.commands.options import (
    add_as_of_option,
    add_command,
    add_demand_option,
    add_filter_options,
    add_input_options,
    add_table_output_option,
    add_within_option,
    as_of_note,
    checked_out,
    command_inputs,
    usage_errors,
    write_output,
)

EPILOG = """\
examples:
  taghtia indicators --centres centres.csv --funding subventions.csv --level cercle \\
      --within 03.561 --out taza_cercles.csv
  taghtia indicators --centres registre.xlsx --level commune --within 05.301 \\
      --years 2021-2021 --out khenifra_2021.geojson    (funding from the workbook's sheet)
  taghtia indicators --dataset khenifra@2 --level commune --out khenifra_v2.csv
  taghtia indicators --level province --types eps,cef --modes delegated --out provinces.json
      (no --centres or --dataset: the default stored dataset, else the illustrative demo)
  taghtia indicators --level cercle --within 03.561 --as-of 2010 --demand under_15 \
      --out taza_2010.csv

Service columns: capacity (places of the counted centres that report one), capacity_unknown
(counted centres that report none), beneficiaries, places_per_1000 (per 1,000 inhabitants in
2024, or of the --demand group, whose population is then the column demand_population),
occupancy (people reached / places over the centres reporting both; its terms
occupancy_beneficiaries and occupancy_capacity), over_capacity (more people than places).
--as-of YEAR: the network at the end of YEAR (opening year known and not after it; operating
today or closed after YEAR); the column centres_no_opening_year counts the centres left out
for want of an opening year, and a line says how many.

Levels: region, province, cercle (with each province's "municipalities" group
<province>.01), commune. --within takes a code of any level, dotted (05.301) or 9-digit;
an arrondissement (06.141.01.01) or a Casablanca préfecture stands for its city commune.
By default only operating centres count; grants count whatever the centre's status.
Exit status: 0 on success, 2 on a bad option or a file that cannot be read.
"""


# --------------------------------------------------------------------------- command


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``indicators`` sub-command."""
    parser = add_command(
        subparsers, "indicators", handle,
        help="coverage, services and funding per region, province, cercle or commune",
        description="Compute the indicator table (coverage of urban and rural communes, "
        "centres, services, centres per type, funding per inhabitant, per km² and per "
        "centre) for every unit of a level inside a territory, and write it to a file.",
        epilog=EPILOG,
    )
    add_input_options(parser)
    parser.add_argument("--level", required=True, choices=LEVELS,
                        help="unit of the rows: " + ", ".join(LEVELS))
    add_within_option(parser)
    add_filter_options(parser)
    add_as_of_option(parser)
    add_demand_option(parser)
    add_table_output_option(parser)


def handle(args: argparse.Namespace, stream: TextIO | None = None) -> int:
    """Compute the indicators and write them; 0 on success."""
    stream = stream or sys.stdout
    checked_out(args)
    inputs = command_inputs(args, stream)
    with usage_errors():
        table = compute_indicators(inputs.centres, inputs.funding, level=args.level,
                                   within=args.within, filters=inputs.filters,
                                   demand=args.demand)
    note = as_of_note(table, inputs.filters.as_of)
    if note:
        print(note, file=stream)
    write_output(table, args.out, args.level, stream)
    return 0
