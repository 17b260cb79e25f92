"""``taghtia indicators``: coverage, services and funding per unit, written to a file.

Same numbers as the app: the files go through :mod:`loaders` and the table comes from
:func:`dashboard.calc.indicators.compute_indicators`. The helpers here are shared with the other
sub-commands: :func:`add_command` (a parser with an example epilog and its handler), the
option builders (input files, territory, filters, output table), reading the files, and
turning a ``ValueError`` into a one-line :class:`UsageError`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

import pandas as pd

from dashboard.calc.indicators import Filters, communes_within, compute_indicators
from geodata.hierarchy import LEVELS, city_of, normalise_code
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
<province>.01), commune. --within takes a code of any level, dotted (05.301) or 9-digit;
an arrondissement (06.141.01.01) or a Casablanca préfecture stands for its city commune.
By default only operating centres count; grants count whatever the centre's status.
Exit status: 0 on success, 2 on a bad option or a file that cannot be read.
"""


# --------------------------------------------------------------------------- shared helpers


def add_command(
    subparsers: argparse._SubParsersAction,
    name: str,
    handler: Callable[..., int],
    *,
    help: str,
    description: str,
    epilog: str,
) -> argparse.ArgumentParser:
    """Add sub-command ``name``: its help, an epilog with examples shown as written, and
    ``handler`` (called with the parsed arguments, returns the exit status)."""
    parser = subparsers.add_parser(
        name,
        help=help,
        description=description,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=epilog,
    )
    parser.set_defaults(handler=handler)
    return parser


def add_input_options(parser: argparse.ArgumentParser, *, funding: bool = True) -> None:
    """Add ``--centres`` (default: the demo data) and, when ``funding``, ``--funding``."""
    parser.add_argument("--centres", metavar="FILE",
                        help="centres file (CSV, XLSX, XLS, ODS, GeoJSON, GeoPackage); "
                        "default: the illustrative demo data")
    if funding:
        add_funding_option(parser)


def add_funding_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--funding``: the grants file, by default the workbook's funding sheet."""
    parser.add_argument("--funding", metavar="FILE",
                        help="grants file (default: the workbook's funding sheet, if any)")


def add_within_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--within``: the territory, a unit code of any level (default: Morocco)."""
    parser.add_argument("--within", metavar="CODE",
                        help="territory: code of a region, province, cercle or commune; an "
                        "arrondissement stands for its city (default: Morocco)")


def within_note(within: str | None) -> str | None:
    """A line telling that ``--within`` names an arrondissement (or a Casablanca préfecture)
    and the figures are its city commune's, else None."""
    if within is None:
        return None
    text = str(within).strip()
    city = city_of(normalise_code(text) or text)
    if city is None:
        return None
    return (f"--within {text} is an arrondissement (or préfecture) of the city commune {city}: "
            "the figures are the whole city's")


def add_table_output_option(parser: argparse.ArgumentParser) -> None:
    """Add the required ``--out`` of a table (see :func:`write_output`)."""
    parser.add_argument("--out", metavar="FILE", required=True,
                        help="output: FILE.csv, FILE.json, FILE.geojson or FILE.xlsx")


@contextmanager
def usage_errors(kinds: tuple[type[Exception], ...] = (ValueError,)) -> Iterator[None]:
    """Re-raise an exception of ``kinds`` as a one-line :class:`UsageError`."""
    try:
        yield
    except kinds as error:
        raise UsageError(str(error)) from None


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


def checked_filters(args: argparse.Namespace) -> Filters:
    """:func:`filters_from_args`, with ``--within`` checked too: a bad option or territory
    fails before the files are read."""
    with usage_errors():
        filters = filters_from_args(args)
        communes_within(args.within)
    return filters


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
    with usage_errors((ValueError, TypeError)):
        if funding_file:
            centres = load_centres(centres_file)
            funding = load_funding(funding_file, centres=centres.accepted)
        else:
            book = load_workbook(centres_file)
            centres, funding = book.centres, book.funding
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
    add_table_output_option(parser)


def handle(args: argparse.Namespace, stream: TextIO | None = None) -> int:
    """Compute the indicators and write them; 0 on success."""
    stream = stream or sys.stdout
    output_format(args.out)
    filters = checked_filters(args)
    note = within_note(args.within)
    if note:
        print(note, file=stream)
    centres, funding = load_inputs(args.centres, args.funding, stream)
    with usage_errors():
        table = compute_indicators(centres, funding, level=args.level, within=args.within,
                                   filters=filters)
    write_output(table, args.out, args.level, stream)
    return 0
