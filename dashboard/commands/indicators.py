"""``taghtia indicators``: coverage, services and funding per unit, written to a file.

Same numbers as the app: the files go through :mod:`loaders` and the table comes from
:func:`dashboard.indicators.compute_indicators`. The helpers here (reading the files,
parsing filter options, writing a table) are shared with ``taghtia underserved``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

import pandas as pd

from dashboard.indicators import LEVELS, Filters, communes_within, compute_indicators
from loaders.errors import UsageError
from loaders.vocabulary import (
    CENTRE_TYPE_KEYS,
    FUNDING_SOURCE_KEYS,
    MANAGEMENT_MODE_KEYS,
    STATUS_KEYS,
)

OUTPUT_FORMATS: tuple[str, ...] = ("csv", "json", "geojson", "xlsx")

EPILOG = """\
examples:
  taghtia indicators --centres centres.csv --funding subventions.csv --level cercle \\
      --within 03.561 --out taza_cercles.csv
  taghtia indicators --centres registre.xlsx --level commune --within 05.301 \\
      --years 2021-2021 --out khenifra_2021.geojson    (funding from the workbook's sheet)
  taghtia indicators --level province --types eps,cef --modes delegated --out provinces.json
      (no --centres: the illustrative demo data)

Levels: region, province, cercle (with each province's "municipalities" group
<province>.01), commune. --within takes a code of any level, dotted (05.301) or 9-digit.
By default only operating centres count; grants count whatever the centre's status.
Exit status: 0 on success, 2 on a bad option or a file that cannot be read.
"""


# --------------------------------------------------------------------------- shared helpers


def _keys(text: str | None, option: str, accepted: tuple[str, ...]) -> tuple[str, ...] | None:
    if text is None:
        return None
    values = tuple(v.strip() for v in text.split(",") if v.strip())
    if text.strip().lower() == "all":
        return None
    unknown = [v for v in values if v not in accepted]
    if unknown or not values:
        raise UsageError(
            f"{option} takes a comma-separated list among {', '.join(accepted)} "
            f"(or 'all'); got {text!r}"
        )
    return values


def parse_years(text: str | None) -> tuple[int, int] | None:
    """``2019-2021`` -> (2019, 2021); ``2021`` -> (2021, 2021); ``None`` -> None."""
    if text is None:
        return None
    first, sep, last = text.strip().partition("-")
    try:
        years = (int(first), int(last if sep else first))
    except ValueError:
        raise UsageError(f"--years must look like 2019-2021 or 2021; got {text!r}") from None
    if years[0] > years[1]:
        raise UsageError(f"--years must run forward (first <= last); got {text!r}")
    return years


def add_filter_options(parser: argparse.ArgumentParser, *, funding: bool = True) -> None:
    """Add ``--types --modes --statuses`` (and ``--years --sources`` when ``funding``)."""
    parser.add_argument("--types", metavar="T1,T2",
                        help="centre types that count: " + ", ".join(CENTRE_TYPE_KEYS))
    parser.add_argument("--modes", metavar="M1,M2",
                        help="management modes that count: " + ", ".join(MANAGEMENT_MODE_KEYS))
    parser.add_argument("--statuses", metavar="S1,S2",
                        help="statuses that count (default operating; 'all' for every one): "
                        + ", ".join(STATUS_KEYS))
    if funding:
        parser.add_argument("--years", metavar="A-B",
                            help="funding years, inclusive, e.g. 2019-2021 (default: all)")
        parser.add_argument("--sources", metavar="S1,S2",
                            help="funding sources: " + ", ".join(FUNDING_SOURCE_KEYS))


def filters_from_args(args: argparse.Namespace) -> Filters:
    """The :class:`Filters` described by the command-line options."""
    statuses = ("operating",) if args.statuses is None else _keys(
        args.statuses, "--statuses", STATUS_KEYS
    )
    return Filters(
        types=_keys(args.types, "--types", CENTRE_TYPE_KEYS),
        modes=_keys(args.modes, "--modes", MANAGEMENT_MODE_KEYS),
        statuses=statuses,
        years=parse_years(getattr(args, "years", None)),
        sources=_keys(getattr(args, "sources", None), "--sources", FUNDING_SOURCE_KEYS),
    )


def output_format(out: str, accepted: tuple[str, ...] = OUTPUT_FORMATS) -> str:
    """Format of ``--out`` from its extension, or a :class:`UsageError`."""
    fmt = Path(out).suffix.lower().lstrip(".")
    if fmt not in accepted:
        raise UsageError(
            f"--out must end in {', '.join('.' + f for f in accepted)}; got {out!r}"
        )
    return fmt


def load_inputs(
    centres_file: str | None, funding_file: str | None, stream: TextIO
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Accepted centres and grants of the files (the demo files when none is given).

    Without ``--funding``, a workbook's funding sheet supplies the grants. A one-line
    summary per file goes to ``stream``; rejected rows are counted there (``taghtia
    validate`` lists them).
    """
    from loaders import load_centres, load_funding, load_workbook

    if centres_file is None:
        from dashboard.demo import demo_paths

        centres_file, demo_funding = (str(p) for p in demo_paths())
        funding_file = funding_file or demo_funding
        print("no --centres: using the illustrative demo data (generated, not real)",
              file=stream)
    try:
        if funding_file:
            centres = load_centres(centres_file)
            funding = load_funding(funding_file, centres=centres.accepted)
        else:
            book = load_workbook(centres_file)
            centres, funding = book.centres, book.funding
    except (ValueError, TypeError) as error:
        raise UsageError(str(error)) from None
    for title, result in (("centres", centres), ("grants", funding)):
        if result is not None:
            print(f"{title}: {result.rows_read} rows read, {len(result.accepted)} accepted, "
                  f"{result.rejected_count} rejected", file=stream)
    return centres.accepted, (funding.accepted if funding is not None else None)


def _json_ready(frame: pd.DataFrame) -> list[dict[str, object]]:
    return json.loads(frame.to_json(orient="records", force_ascii=False, double_precision=10))


def write_output(frame: pd.DataFrame, out: str, level: str, stream: TextIO) -> None:
    """Write ``frame`` to ``out`` (.csv, .xlsx: formulas neutralised; .json; .geojson)."""
    from loaders.output import write_table

    fmt = output_format(out)
    path = Path(out)
    try:
        if fmt in ("csv", "xlsx"):
            write_table(frame, path, fmt)
        elif fmt == "json":
            path.write_text(
                json.dumps(_json_ready(frame), ensure_ascii=False, indent=1) + "\n",
                encoding="utf-8",
            )
        else:
            import geopandas as gpd

            import geodata

            shapes = geodata.load_units(level, detail="web").set_index("code")["geometry"]
            joined = gpd.GeoDataFrame(  # rows in the table's order, simplified outlines
                frame, geometry=shapes.reindex(frame["code"]).to_numpy(), crs=shapes.crs
            )
            path.write_text(joined.to_json(na="null", drop_id=True, ensure_ascii=False),
                            encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write {out}: {error.strerror or error}") from None
    print(f"{len(frame)} rows written: {path}", file=stream)


# --------------------------------------------------------------------------- command


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``indicators`` sub-command."""
    parser = subparsers.add_parser(
        "indicators",
        help="coverage, services and funding per region, province, cercle or commune",
        description="Compute the indicator table (coverage of urban and rural communes, "
        "centres, services, centres per type, funding per inhabitant, per km² and per "
        "centre) for every unit of a level inside a territory, and write it to a file.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=EPILOG,
    )
    parser.add_argument("--centres", metavar="FILE",
                        help="centres file (CSV, XLSX, XLS, ODS, GeoJSON, GeoPackage); "
                        "default: the illustrative demo data")
    parser.add_argument("--funding", metavar="FILE",
                        help="grants file (default: the workbook's funding sheet, if any)")
    parser.add_argument("--level", required=True, choices=LEVELS,
                        help="unit of the rows: " + ", ".join(LEVELS))
    parser.add_argument("--within", metavar="CODE",
                        help="territory: code of a region, province, cercle or commune "
                        "(default: Morocco)")
    add_filter_options(parser)
    parser.add_argument("--out", metavar="FILE", required=True,
                        help="output: FILE.csv, FILE.json, FILE.geojson or FILE.xlsx")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, stream: TextIO | None = None) -> int:
    """Compute the indicators and write them; 0 on success."""
    stream = stream or sys.stdout
    output_format(args.out)
    try:
        filters = filters_from_args(args)
        communes_within(args.within)  # a bad territory fails before the files are read
    except ValueError as error:
        raise UsageError(str(error)) from None
    centres, funding = load_inputs(args.centres, args.funding, stream)
    try:
        table = compute_indicators(centres, funding, level=args.level, within=args.within,
                                   filters=filters)
    except ValueError as error:
        raise UsageError(str(error)) from None
    write_output(table, args.out, args.level, stream)
    return 0
