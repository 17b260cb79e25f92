"""``taghtia registry status``: the 75 provinces, which dataset and version supplies each,
and how fresh it is.

The registry (``--dataset registry`` in every command, ``?dataset=registry`` in the app) is,
province by province, the version in force of the most specific territory dataset covering
it; this command prints its status (:func:`dashboard.calc.registry.registry_status`).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from dashboard.calc.registry import DEFAULT_STALE_DAYS, status_summary
from dashboard.commands.options import add_command, text_table
from loaders.errors import UsageError

EPILOG = f"""\
examples:
  taghtia registry status
  taghtia registry status --format json --stale-days 90

Columns: province_code, name_fr, name_ar, dataset, version, imported_at (UTC),
imported_by, centres, grants (the accepted rows of that version in the province),
age_days (whole days since the import), state: current (age_days <= --stale-days,
default {DEFAULT_STALE_DAYS}), stale (older), missing (no dataset covers the province).
Give a dataset a territory with taghtia datasets import FILE --name NAME --territory CODE.
Exit status: 0 on success, 2 on a bad option or a store that cannot be opened.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``taghtia registry`` and its ``status`` sub-command."""
    parser = add_command(
        subparsers, "registry", _missing_action,
        help="the national registry: which dataset supplies each province, and how fresh",
        description="The national registry is, for every province, the version in force of "
        "the most specific territory dataset covering it (--dataset registry).",
        epilog=EPILOG,
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION",
                                    parser_class=type(parser))
    sub = actions.add_parser("status", help="one row per province: dataset, version, date, "
                             "who imported it, centres, grants, age, state",
                             description="The 75 provinces' datasets and freshness.",
                             epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub.add_argument("--format", choices=("table", "json"), default="table")
    sub.add_argument("--stale-days", type=int, default=DEFAULT_STALE_DAYS, metavar="DAYS",
                     help=f"days after which a province's data is stale (default "
                     f"{DEFAULT_STALE_DAYS})")
    sub.set_defaults(handler=status)


def status(args: argparse.Namespace, stream: TextIO | None = None) -> int:
    """Print the registry's status; 0 on success."""
    stream = stream or sys.stdout
    if args.stale_days < 0:
        raise UsageError(f"--stale-days must be 0 or more; got {args.stale_days}")
    from dashboard.sources import registry_status as current_status

    frame = current_status(args.stale_days)
    if args.format == "json":
        records = frame.astype(object).where(frame.notna(), None).to_dict("records")
        for record in records:
            moment = record["imported_at"]
            record["imported_at"] = None if moment is None else \
                moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        print(json.dumps(records, ensure_ascii=False, indent=1), file=stream)
        return 0
    print(_table(frame), file=stream)
    summary = status_summary(frame)
    print(f"data from {summary['with_data']} of {summary['provinces']} provinces; "
          f"{summary['current']} current, {summary['stale']} stale, {summary['missing']} "
          f"missing (stale after {args.stale_days} days)", file=stream)
    return 0


def _table(frame) -> str:
    header = ["province", "name", "dataset", "version", "imported", "by", "centres",
              "grants", "age_days", "state"]
    rows = [[row.province_code, row.name_fr, row.dataset or "-",
             "-" if row.version is None or row.version != row.version else f"v{row.version}",
             "-" if row.imported_at is None or row.imported_at != row.imported_at
             else row.imported_at.strftime("%Y-%m-%d %H:%M UTC"), row.imported_by or "-",
             str(row.centres), str(row.grants),
             "-" if row.age_days is None or row.age_days != row.age_days else str(row.age_days),
             row.state] for row in frame.astype(object).where(frame.notna(), None)
            .itertuples()]
    return text_table(rows, header)


def _missing_action(args: argparse.Namespace) -> int:
    raise UsageError("say what to do: status (taghtia registry --help)")
