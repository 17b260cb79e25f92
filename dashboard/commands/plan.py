"""``taghtia plan``: where k new centres would newly serve the most people (maximal covering).

Same numbers as the app's Planning page: both call
:func:`dashboard.calc.location.plan_sites`. Writes the chosen sites (``--out``) and a
summary ``<out stem>.json`` beside them.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from dashboard.calc.location import plan_sites, sites_geojson
from dashboard.choices import CANDIDATE_SETS, PLAN_FORMATS
from dashboard.commands.access import add_reach_options, check_reach_options
from dashboard.commands.options import (
    add_filter_options,
    add_territory_command,
    checked_out,
    command_inputs,
    usage_errors,
    write_output,
)
from dashboard.commands.outputs import write_text
from loaders.errors import UsageError

EPILOG = """\
examples:
  taghtia plan --within 03.561 --types kindergarten --demand under_15 --add 3 \\
      --radius-km 10 --out taza_plan.csv     (no --centres: the illustrative demo data)
  taghtia plan --centres registre.xlsx --add 20 --candidates uncovered --out maroc.geojson
  taghtia plan --dataset registre-national@3 --within 05.301 --add 5 --out khenifra.xlsx
  taghtia plan --within 08.401 --types disability --demand disability --radius-km 10 \
      --add 2 --places 150 --out ouarzazate.csv

With --places N a centre serves at most its places: x_ij >= 0 people of commune i served by
site j within the radius, sum_j x_ij <= demand_i, sum_i x_ij <= places_j (existing counted
centres their reported capacity, those reporting none serve no one and are counted as
capacity_unknown; each of the K new sites N places); maximise sum x_ij, exactly (CBC, gap 0).
Among the equally good sets of sites, the one with the most demand in reach. Rows then end
in people_served (by the site in an optimal assignment where the existing centres serve
what they serve alone, so the column adds up to the gain), by people served, descending;
the summary adds places_added, places and capacity_unknown, and demand_served_before is the
same model without new sites.

Maximal covering (Church & ReVelle 1974): choose --add K sites among the communes of the
territory (--candidates all, or uncovered: those with no counted centre within the radius)
to maximise the demand within the radius of at least one existing or new site; existing
counted centres are fixed. Solved exactly (PySAL spopt MCLP, CBC); demand, distances and
target groups as in `taghtia access`.
Output rows: rank, code, name_fr, name_ar, kind, lon, lat (the commune's representative
point), new_demand_served, by new demand served, descending: a greedy attribution over the
optimal set (first the site newly serving the most, then the one serving the most of what
is left...), so the column adds up to demand_served_after - demand_served_before.
Beside --out, <stem>.json: demand_total, demand_served_before, demand_served_after, status
("optimal"), radius_km, detour, added, demand, candidates.
Exit status: 0 on success, 2 on a bad option or a file that cannot be read.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``plan`` sub-command."""
    parser = add_territory_command(
        subparsers, "plan", handle,
        help="where K new centres would serve the most people (maximal covering, exact)",
        description="Choose the K communes where new centres would bring the most people "
        "of a target group within reach of a centre, existing centres kept, and write them "
        "with a summary of the demand served before and after.",
        epilog=EPILOG,
    )
    parser.add_argument("--add", metavar="K", type=int, required=True,
                        help="number of new sites to choose")
    add_reach_options(parser)
    parser.add_argument("--places", metavar="N", type=int,
                        help="places of each new centre: every centre then serves at most its "
                        "places (existing ones their reported capacity)")
    parser.add_argument("--candidates", choices=CANDIDATE_SETS, default="all",
                        help="candidate communes: all (default) or uncovered (not served today)")
    add_filter_options(parser, funding=False)
    parser.add_argument("--out", metavar="FILE", required=True,
                        help="chosen sites: FILE.csv, FILE.xlsx or FILE.geojson (points); "
                        "the summary goes to FILE.json beside it")


def summary_path(out: str | Path) -> Path:
    """Where the summary of ``--out`` goes: the same name with ``.json``."""
    return Path(out).with_suffix(".json")


def handle(args: argparse.Namespace, stream: TextIO | None = None) -> int:
    """Choose the sites, write them and the summary; 0 on success."""
    stream = stream or sys.stdout
    fmt = checked_out(args, PLAN_FORMATS, summary_path(args.out))
    if args.add < 1:
        raise UsageError(f"--add must be a positive whole number; got {args.add}")
    inputs = command_inputs(args, stream, check=check_reach_options)
    with usage_errors():
        plan = plan_sites(inputs.centres, args.within, inputs.filters, add=args.add,
                          radius_km=args.radius_km, detour=args.detour, demand=args.demand,
                          candidates=args.candidates, places=args.places)
    summary = plan.summary
    if fmt == "geojson":
        write_text(args.out, sites_geojson(plan.sites))
        print(f"{len(plan.sites)} sites written: {args.out}", file=stream)
    else:
        write_output(plan.sites, args.out, "commune", stream)
    write_text(summary_path(args.out), json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
    print(f"demand served within {summary['radius_km']:g} km: "
          f"{summary['demand_served_before']:,.0f} -> {summary['demand_served_after']:,.0f} "
          f"of {summary['demand_total']:,.0f} ({summary['status']}); summary: "
          f"{summary_path(args.out)}", file=stream)
    if args.places is not None:
        print(f"places added: {summary['places_added']:,.0f}; capacity_unknown: "
              f"{summary['capacity_unknown']} counted centres report no capacity (they serve "
              "no one here)", file=stream)
    return 0
