"""``taghtia access``: how well each commune's people can reach a centre (2SFCA / E2SFCA).

Same numbers as the app's Planning page: both call
:func:`dashboard.calc.access.accessibility`. The options shared with ``taghtia plan``
(radius, detour, target group) are added by :func:`add_reach_options`.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from dashboard.calc.access import (
    access_scale,
    accessibility,
    capacity_unknown,
    check_reach,
)
from dashboard.choices import (
    ACCESS_FORMATS,
    ACCESS_METHODS,
    DEFAULT_DETOUR,
    DEFAULT_RADIUS_KM,
    SUPPLY_MEASURES,
)
from dashboard.commands.options import (
    add_demand_option,
    add_filter_options,
    add_territory_command,
    checked_out,
    command_inputs,
    usage_errors,
    write_output,
)

EPILOG = """\
examples:
  taghtia access --centres centres.csv --within 03.561 --out taza_acces.csv
  taghtia access --within 03.561 --types kindergarten --demand under_15 --radius-km 10 \\
      --out taza_prescolaire.geojson          (no --centres: the illustrative demo data)
  taghtia access --centres registre.xlsx --method e2sfca --supply services --out maroc.xlsx
  taghtia access --dataset registre-national --within 03 --out fes_meknes.csv
  taghtia access --within 08.401 --types disability --demand disability --supply capacity \
      --radius-km 10 --out ouarzazate_places.csv

Demand: the territory's communes at their representative point, weighted by the 2024
population times the target group's census share (--demand population, under_15, 60_plus,
disability, illiteracy). Supply: the counted centres of the territory, at their own point
when the file gives one, else at their commune's point; 1 per centre, its services, or its
places (--supply capacity: the registry's capacity; a counted centre reporting none
supplies nothing, and the summary's capacity_unknown line says how many).
Distance: great-circle (haversine) x --detour, an estimate of road distance (1 = straight
lines). --speed-kmh adds nearest_min_estimated, an estimate, not a travel time.
Columns: code, name_fr, name_ar, kind, province_code, population_2024, demand, nearest_km
(to the nearest counted centre, empty when none), served (nearest_km <= radius), access
(2SFCA, Luo & Wang 2003: centres or services in reach per 10,000 of demand, places per
1,000 of demand with --supply capacity, each shared among the demand in its own reach;
with --supply capacity a last column, access_unit, says the unit; e2sfca: with
distance-decay steps 1 / 0.68 / 0.22 over thirds of the radius, Luo & Qi 2009) and
access_rank (1 = highest access).
Exit status: 0 on success, 2 on a bad option or a file that cannot be read.
"""


def add_reach_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--radius-km``, ``--detour`` and ``--demand`` (shared with ``taghtia plan``)."""
    parser.add_argument("--radius-km", metavar="KM", type=float, default=DEFAULT_RADIUS_KM,
                        help=f"catchment, km along the estimated road (default "
                        f"{DEFAULT_RADIUS_KM:g})")
    parser.add_argument("--detour", metavar="F", type=float, default=DEFAULT_DETOUR,
                        help=f"road distance over straight line, an estimate (default "
                        f"{DEFAULT_DETOUR:g}; 1 = straight lines)")
    add_demand_option(parser, help="target group weighting each commune (default population)")


def check_reach_options(args: argparse.Namespace) -> None:
    """Refuse a radius, detour, speed or number of places a command cannot use
    (``ValueError``), before any file is read."""
    from dashboard.calc.location import check_places

    check_reach(args.radius_km, args.detour, getattr(args, "speed_kmh", None))
    if getattr(args, "places", None) is not None:
        check_places(args.places)


def access_unit(demand: str) -> str:
    """The unit of the access score in places: "places per 1,000 people (<target group>)"."""
    return f"places per {access_scale('capacity'):,} people ({demand})"


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``access`` sub-command."""
    parser = add_territory_command(
        subparsers, "access", handle,
        help="access of each commune to centres (two-step floating catchment, 2SFCA)",
        description="Score how well each commune's people can reach a counted centre: "
        "distance to the nearest one and the two-step floating catchment access (centres "
        "per 10,000 people in reach, or places per 1,000), for a territory and a target "
        "group.",
        epilog=EPILOG,
    )
    add_reach_options(parser)
    parser.add_argument("--supply", choices=SUPPLY_MEASURES, default="centres",
                        help="weight of a centre: 1 (centres, default), its services, or "
                        "its places (capacity: access in places per 1,000 people)")
    parser.add_argument("--method", choices=ACCESS_METHODS, default="2sfca",
                        help="2sfca (default) or e2sfca (distance-decay steps)")
    parser.add_argument("--speed-kmh", metavar="V", type=float,
                        help="add nearest_min_estimated: estimated minutes at this speed")
    add_filter_options(parser, funding=False)
    parser.add_argument("--out", metavar="FILE", required=True,
                        help="output: FILE.csv, FILE.xlsx, FILE.geojson or FILE.json")


def handle(args: argparse.Namespace, stream: TextIO | None = None) -> int:
    """Compute access per commune and write it; 0 on success."""
    stream = stream or sys.stdout
    checked_out(args, ACCESS_FORMATS)
    inputs = command_inputs(args, stream, check=check_reach_options)
    filters, centres = inputs.filters, inputs.centres
    options = {"radius_km": args.radius_km, "detour": args.detour, "demand": args.demand,
               "supply": args.supply, "method": args.method, "speed_kmh": args.speed_kmh}
    with usage_errors():
        table = accessibility(centres, args.within, filters, **options)
    served = table["served"].mean() if len(table) else 0.0
    print(f"{int(table['served'].sum())} of {len(table)} communes served within "
          f"{args.radius_km:g} km (detour {args.detour:g}), {served:.0%}", file=stream)
    if args.supply == "capacity":
        unit = access_unit(args.demand)
        table["access_unit"] = unit
        unknown = len(capacity_unknown(centres, args.within, filters))
        print(f"access: {unit}", file=stream)
        print(f"capacity_unknown: {unknown} counted centres report no capacity (they supply "
              "no places here)", file=stream)
    write_output(table, args.out, "commune", stream)
    return 0

