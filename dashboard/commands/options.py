"""Options and helpers shared by the ``taghtia`` sub-commands.

:func:`add_command` (a parser with an example epilog and its handler), the option builders
(the data to read — ``--dataset`` or ``--centres/--funding`` —, territory, filters, output
table), reading the data through :mod:`dashboard.sources` (the one loading path), writing a
table, and turning a ``ValueError`` into a one-line :class:`UsageError`.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import pandas as pd

from dashboard.calc import timeline
from dashboard.calc.indicators import Filters, communes_within
from dashboard.choices import DEFAULT_STATUSES, INDICATOR_FORMATS
from dashboard.commands.parsing import (  # noqa: F401 (the options' one import place)
    add_command,
    add_funding_option,
    add_input_options,
    check_input_options,
)
from geodata.hierarchy import city_of, normalise_code
from loaders.columns import CENTRE_FIELDS, FUNDING_FIELDS
from loaders.errors import UsageError
from loaders.vocabulary import (
    CENTRE_TYPE_KEYS,
    FUNDING_SOURCE_KEYS,
    MANAGEMENT_MODE_KEYS,
    STATUS_KEYS,
)

if TYPE_CHECKING:
    from dashboard.sources import Dataset
    from loaders.partners import PartnerDecisions



def add_within_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--within``: the territory, a unit code of any level (default: Morocco)."""
    parser.add_argument("--within", metavar="CODE",
                        help="territory: code of a region, province, cercle or commune; an "
                        "arrondissement stands for its city (default: Morocco)")


def add_territory_command(subparsers: argparse._SubParsersAction, name: str,
                          handler: Callable[..., int], *, funding: bool = True,
                          **texts: str) -> argparse.ArgumentParser:
    """A sub-command computing on the data of a territory, as most do: :func:`add_command`
    (``texts``: its help, description and epilog), then the data to read
    (:func:`add_input_options`, ``--funding`` when ``funding``) and ``--within``."""
    parser = add_command(subparsers, name, handler, **texts)
    add_input_options(parser, funding=funding)
    add_within_option(parser)
    return parser


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


def add_filter_options(parser: argparse.ArgumentParser, *, funding: bool = True,
                       centres: bool = True, statuses: bool = True,
                       years: bool = True) -> None:
    """Add the filters: ``--types --modes`` (when ``centres``), ``--statuses`` (when
    ``statuses`` too), and the funding's ``--years`` (when ``years``) and ``--sources`` (when
    ``funding``)."""
    if centres:
        parser.add_argument("--types", metavar="T1,T2",
                            help="centre types that count: " + ", ".join(CENTRE_TYPE_KEYS))
        parser.add_argument("--modes", metavar="M1,M2",
                            help="management modes that count: "
                            + ", ".join(MANAGEMENT_MODE_KEYS))
        if statuses:
            parser.add_argument("--statuses", metavar="S1,S2",
                                help="statuses that count (default operating; 'all' for every "
                                "one): " + ", ".join(STATUS_KEYS))
    if funding:
        if years:
            parser.add_argument("--years", metavar="A-B",
                                help="funding years, inclusive, e.g. 2019-2021 (default: all)")
        parser.add_argument("--sources", metavar="S1,S2",
                            help="funding sources: " + ", ".join(FUNDING_SOURCE_KEYS))


def add_as_of_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--as-of YEAR``: the network as it stood at the end of YEAR."""
    parser.add_argument("--as-of", metavar="YEAR", dest="as_of",
                        help="the network at the end of YEAR: centres opened by then (opening "
                        "year known) and operating today or closed after it; planned and "
                        "being-licensed centres do not count; funding is not affected")


def add_demand_option(parser: argparse.ArgumentParser,
                      help: str = "population behind places_per_1000: everyone (default) or "
                      "a target group's population (as in taghtia access)") -> None:
    """Add ``--demand GROUP`` (:data:`dashboard.choices.DEMAND_GROUPS`)."""
    from dashboard.choices import DEMAND_GROUPS

    parser.add_argument("--demand", choices=tuple(DEMAND_GROUPS), default="population",
                        help=help)


def parse_as_of(args: argparse.Namespace) -> int | None:
    """The year of ``--as-of`` (None without it), or a :class:`UsageError`; ``--statuses``
    cannot be combined with it (the year says which centres stood)."""
    text = getattr(args, "as_of", None)
    if text is None:
        return None
    if getattr(args, "statuses", None) is not None:
        raise UsageError("--statuses cannot be combined with --as-of: as of a year, the "
                         "centres that count are those operating today or closed after it")
    try:
        return timeline.check_year(text, "--as-of")
    except ValueError as error:
        raise UsageError(str(error)) from None


def as_of_note(table: pd.DataFrame | dict, year: int | None) -> str | None:
    """"12 centres have no opening year and are not in 2010's figures" (None without a
    year); ``table`` holds ``centres_no_opening_year`` (rows summed)."""
    if year is None:
        return None
    left_out = table.get("centres_no_opening_year", 0)
    count = int(left_out.sum() if hasattr(left_out, "sum") else left_out)
    return (f"as of {year}: {count:,} counted centre(s) have no opening year and are not in "
            f"{year}'s figures")


def filters_from_args(args: argparse.Namespace) -> Filters:
    """The :class:`Filters` described by the command-line options (a command without one
    of them: its default)."""
    as_of = parse_as_of(args)
    text = getattr(args, "statuses", None)
    statuses = DEFAULT_STATUSES if text is None else _keys(text, "--statuses", STATUS_KEYS)
    return Filters(
        as_of=as_of,
        types=_keys(getattr(args, "types", None), "--types", CENTRE_TYPE_KEYS),
        modes=_keys(getattr(args, "modes", None), "--modes", MANAGEMENT_MODE_KEYS),
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


def checked_out(args: argparse.Namespace, accepted: tuple[str, ...] = INDICATOR_FORMATS,
                *more: str | Path) -> str:
    """Format of ``args.out`` (:func:`output_format`), the output (and ``more`` outputs)
    refused when it is one of the command's inputs
    (:func:`dashboard.commands.outputs.check_outputs`)."""
    from dashboard.commands.outputs import check_outputs

    fmt = output_format(args.out, accepted)
    check_outputs(args, args.out, *more)
    return fmt


def output_format(out: str, accepted: tuple[str, ...] = INDICATOR_FORMATS) -> str:
    """Format of ``--out`` from its extension, or a :class:`UsageError`."""
    fmt = Path(out).suffix.lower().lstrip(".")
    if fmt not in accepted:
        raise UsageError(
            f"--out must end in {', '.join('.' + f for f in accepted)}; got {out!r}"
        )
    return fmt


FUNDING_ONLY_FIELDS: tuple[str, ...] = tuple(f for f in FUNDING_FIELDS if f not in CENTRE_FIELDS)


def add_map_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--map FIELD=HEADER`` (repeatable): read column HEADER as FIELD."""
    parser.add_argument(
        "--map", metavar="FIELD=HEADER", action="append", default=[],
        help="read column HEADER as FIELD (repeatable); fields: "
        + ", ".join(dict.fromkeys((*CENTRE_FIELDS, *FUNDING_ONLY_FIELDS))),
    )


def parse_map(items: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """``--map`` values -> (centres map, funding map); a field both tables have (e.g.
    ``commune_code``) goes to the centres map."""
    known = (*CENTRE_FIELDS, *FUNDING_ONLY_FIELDS)
    centres: dict[str, str] = {}
    funding: dict[str, str] = {}
    for item in items:
        field, sep, header = item.partition("=")
        field, header = field.strip(), header.strip()
        if not sep or not field or not header:
            raise UsageError(f"--map {item!r} must look like FIELD=HEADER")
        if field not in known:
            raise UsageError(f"--map: unknown field {field!r}; fields: {', '.join(known)}")
        (funding if field in FUNDING_ONLY_FIELDS else centres)[field] = header
    return centres, funding


def load_data(args: argparse.Namespace, stream: TextIO) -> Dataset:
    """The data named by ``--dataset`` or ``--centres/--funding`` (see
    :func:`dashboard.sources.resolve`).

    Without ``--funding``, a workbook's funding sheet supplies the grants. One line per
    table goes to ``stream`` (rows read, accepted, rejected; ``taghtia validate`` lists the
    rejected rows); an unknown ``--dataset`` raises a one-line error listing the known ones.
    """
    from dashboard import sources

    check_input_options(args)
    with usage_errors((ValueError, TypeError)):
        data = sources.resolve(centres=getattr(args, "centres", None),
                               funding=getattr(args, "funding", None),
                               dataset=getattr(args, "dataset", None))
    if data.is_demo:
        print("no --centres or --dataset: using the illustrative demo data "
              "(generated, not real)", file=stream)
    elif data.stored:
        print(f"dataset {data.name}", file=stream)
    for title, result in (("centres", data.centres), ("grants", data.funding)):
        if result is not None:
            print(f"{title}: {result.rows_read} rows read, {len(result.accepted)} accepted, "
                  f"{result.rejected_count} rejected", file=stream)
    return data


@dataclasses.dataclass(frozen=True)
class CommandInputs:
    """What a command computes on: its filters, its territory and the data it read.

    Attributes
    ----------
    filters : Filters
    territory : object
        What the command's ``resolve`` made of ``--within`` (the territory's communes by
        default; the reports' :class:`~dashboard.reports.content.Territory`).
    data : Dataset
    """

    filters: Filters
    territory: object
    data: Dataset

    @property
    def centres(self) -> pd.DataFrame:
        """Accepted centres."""
        return self.data.centres_frame

    @property
    def funding(self) -> pd.DataFrame | None:
        """Accepted grants (None without any)."""
        return self.data.funding_frame

    @property
    def decisions(self) -> PartnerDecisions:
        """The partners map kept with a stored dataset (the registry: its provinces'), none
        for files."""
        from dashboard.store.partners_map import decisions_of

        return decisions_of(self.data.inputs.options)


def command_inputs(args: argparse.Namespace, stream: TextIO, *,
                   check: Callable[[argparse.Namespace], object] | None = None,
                   resolve: Callable[[str | None], object] = communes_within,
                   every_status: bool = False, note: bool = True) -> CommandInputs:
    """Load the inputs and build the filters, in the order every command keeps.

    First, before any file is read (a bad option costs nothing): the filters of the options
    (:func:`filters_from_args`), ``--within`` (``resolve``), then the command's own
    ``check`` of its options, each ``ValueError`` a one-line :class:`UsageError`; then the
    line saying an arrondissement's figures are its city's (when ``note``); then the data
    (:func:`load_data`).

    Parameters
    ----------
    every_status : bool
        Whatever the status of a centre (the filters' statuses None), for the tables of
        partners, whose centres are theirs in every status.
    """
    with usage_errors():
        filters = filters_from_args(args)
        if every_status:
            filters = dataclasses.replace(filters, statuses=None)
        territory = resolve(args.within)
        if check is not None:
            check(args)
    if note and (line := within_note(args.within)):
        print(line, file=stream)
    return CommandInputs(filters, territory, load_data(args, stream))


def _json_ready(frame: pd.DataFrame) -> list[dict[str, object]]:
    return json.loads(frame.to_json(orient="records", force_ascii=False, double_precision=10))


def write_output(frame: pd.DataFrame, out: str, level: str, stream: TextIO) -> None:
    """Write ``frame`` to ``out`` (.csv, .xlsx: formulas neutralised; .json; .geojson), a
    temporary file renamed into place (:mod:`dashboard.commands.outputs`)."""
    from dashboard.commands.outputs import write_text
    from loaders.output import write_table

    fmt = output_format(out)
    path = Path(out)
    try:
        if fmt in ("csv", "xlsx"):
            write_table(frame, path, fmt)
        elif fmt == "json":
            write_text(path, json.dumps(_json_ready(frame), ensure_ascii=False, indent=1)
                       + "\n")
        else:
            import geopandas as gpd

            import geodata

            shapes = geodata.load_units(level, detail="web").set_index("code")["geometry"]
            joined = gpd.GeoDataFrame(  # rows in the table's order, simplified outlines
                frame, geometry=shapes.reindex(frame["code"]).to_numpy(), crs=shapes.crs
            )
            write_text(path, joined.to_json(na="null", drop_id=True, ensure_ascii=False))
    except OSError as error:
        raise UsageError(f"cannot write {out}: {error.strerror or error}") from None
    print(f"{len(frame)} rows written: {path}", file=stream)


def text_table(rows: list[list[str]], header: list[str]) -> str:
    """``rows`` under ``header`` as aligned columns of text (the terminal's tables)."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows,
                                                                       strict=True)]
    return "\n".join("  ".join(str(cell).ljust(width) for cell, width in
                               zip(row, widths, strict=True)).rstrip()
                     for row in [header, *rows])
