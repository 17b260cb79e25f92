"""``taghtia compare``: what changed between two versions of a stored dataset, per commune.

One row per commune of the territory (:func:`dashboard.calc.compare.compare_versions`):
covered, centres, services and funding before and after, and whether the commune gained or
lost coverage. Both versions are counted with the same filters as every other command.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from dashboard.choices import COMPARE_FORMATS
from dashboard.commands.options import (
    add_command,
    add_filter_options,
    add_within_option,
    checked_filters,
    checked_out,
    usage_errors,
)
from loaders.errors import UsageError

EPILOG = """\
examples:
  taghtia compare --dataset khenifra --from 1 --to 2 --out khenifra_v1_v2.csv
  taghtia compare --dataset registre-national --from 3 --within 03.561 --out taza.xlsx
      (no --to: the version in force)
  taghtia compare --dataset registry --from 2026-01-01 --to 2026-06-30 --out semester.csv
      (the national registry as it stood at the end of each day, UTC; no --to: now)

Columns: code, name_fr, name_ar, kind, covered_before, covered_after, centres_before,
centres_after, services_before, services_after, funding_before, funding_after, change
(gained: no counted centre before, one after; lost: the reverse; same otherwise).
The board pack shows the same comparison: taghtia report --dataset NAME --since V1.
Exit status: 0 on success, 2 on a bad option, an unknown dataset or version, or an
unwritable output.
"""



def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``compare`` sub-command."""
    parser = add_command(
        subparsers, "compare", handle,
        help="what changed between two versions of a stored dataset, commune by commune",
        description="Compare two versions of a stored dataset: for each commune of the "
        "territory, coverage, centres, services and funding before and after.",
        epilog=EPILOG,
    )
    parser.add_argument("--dataset", metavar="NAME", required=True,
                        help="a stored dataset (taghtia datasets list)")
    parser.add_argument("--from", dest="version_from", metavar="V1", required=True,
                        help="the earlier version (for --dataset registry: a date, "
                        "YYYY-MM-DD)")
    parser.add_argument("--to", dest="version_to", metavar="V2",
                        help="the later version (default: the version in force; for "
                        "--dataset registry: a date, default now)")
    add_within_option(parser)
    add_filter_options(parser)
    parser.add_argument("--out", metavar="FILE.csv|FILE.xlsx", required=True,
                        help="output table; its extension chooses the format")


def _registry_day(text: str | None, option: str):
    """The date of ``--from``/``--to`` for the registry (None: now)."""
    import datetime as dt

    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{option} must be a date YYYY-MM-DD for --dataset registry; "
                         f"got {text!r}") from None


def _version_number(text: str | int | None, option: str) -> int | None:
    if text is None or isinstance(text, int):
        return text
    if not str(text).strip().lstrip("-").isdigit():
        raise UsageError(f"{option} must be a version number (1, 2…); got {text!r}")
    return int(text)


def open_version(name: str, number: str | int | None, option: str = "--from"):
    """A stored version (``dashboard.sources.Dataset``) of dataset ``name``, given as a name
    without ``@version``; ``number`` None = the version in force. For the registry,
    ``number`` is a date (``YYYY-MM-DD``): the registry as it stood at the end of that day.

    Raises
    ------
    UsageError
        A malformed name, a name with ``@version``, or a version that is not positive.
    dashboard.store.StoreError
        Unknown dataset or version (the message lists the known ones).
    """
    from dashboard import sources
    from dashboard.store import InvalidNameError, format_ref, parse_ref
    from dashboard.store.names import REGISTRY

    try:
        dataset, version = parse_ref(name)
    except InvalidNameError as error:
        raise UsageError(str(error)) from None
    if version is not None:
        raise UsageError(f"--dataset takes a name without @version ({dataset}); give the "
                         "versions with --from and --to")
    if dataset == REGISTRY:
        return sources.from_registry(_registry_day(number, option))
    number = _version_number(number, option)
    if number is not None and number < 1:
        raise UsageError(f"versions are positive whole numbers; got {number}")
    return sources.from_store(format_ref(dataset, number))


def handle(args: argparse.Namespace, stream: TextIO | None = None) -> int:
    """Compare the versions and write the table; 0 on success."""
    from dashboard.calc.compare import change_summary, compare_versions
    from loaders.output import write_table

    stream = stream or sys.stdout
    fmt = checked_out(args, COMPARE_FORMATS)
    filters = checked_filters(args)
    before = open_version(args.dataset, args.version_from, "--from")
    after = open_version(args.dataset, args.version_to, "--to")
    with usage_errors():
        table = compare_versions((before.centres_frame, before.funding_frame),
                                 (after.centres_frame, after.funding_frame), args.within,
                                 filters)
    try:
        write_table(table, args.out, fmt)
    except OSError as error:
        raise UsageError(f"cannot write {args.out}: {error.strerror or error}") from None
    summary = change_summary(table)
    print(f"{before.name} -> {after.name}: {summary['communes']} communes, "
          f"{summary['gained']} gained coverage, {summary['lost']} lost it; covered "
          f"{summary['covered_before']} -> {summary['covered_after']}, centres "
          f"{summary['centres_before']:.0f} -> {summary['centres_after']:.0f}", file=stream)
    print(f"comparison written: {args.out}", file=stream)
    return 0
