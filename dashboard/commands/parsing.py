"""The parts of the sub-commands' options that ``taghtia run`` needs: a sub-command parser,
the data options (``--dataset`` or ``--centres/--funding``) and their check.

Kept apart from :mod:`dashboard.commands.options` (which imports pandas and the indicators)
so that ``taghtia run`` replaces itself with the server without importing them first.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from loaders.errors import UsageError


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
    """Add the data to read: ``--dataset NAME[@VERSION]`` (stored), or ``--centres`` (and,
    when ``funding``, ``--funding``) files; with neither, the store's default dataset, else
    the illustrative demo."""
    parser.add_argument("--dataset", metavar="NAME[@VERSION]",
                        help="a stored dataset (taghtia datasets list), its version in "
                        "force or VERSION; instead of --centres/--funding")
    parser.add_argument("--centres", metavar="FILE",
                        help="centres file (CSV, XLSX, XLS, ODS, GeoJSON, GeoPackage); "
                        "default: the default stored dataset, else the illustrative demo")
    if funding:
        add_funding_option(parser)


def add_funding_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--funding``: the grants file, by default the workbook's funding sheet."""
    parser.add_argument("--funding", metavar="FILE",
                        help="grants file (default: the workbook's funding sheet, if any)")


def check_input_options(args: argparse.Namespace) -> None:
    """Refuse ``--dataset`` together with files, and ``--funding`` without ``--centres``."""
    dataset = getattr(args, "dataset", None)
    centres, funding = getattr(args, "centres", None), getattr(args, "funding", None)
    if dataset and (centres or funding):
        raise UsageError("give either --dataset or --centres/--funding, not both")
    if funding and not centres:
        raise UsageError("--funding needs --centres (grants are matched to their centres)")
    if dataset:
        from dashboard.store import parse_ref

        parse_ref(dataset)
