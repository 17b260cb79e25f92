"""The ``taghtia`` command: one entry point, one module per sub-command.

Every sub-command lives in ``dashboard/commands/<name>.py`` and exposes
``register(subparsers)``, which adds its parser and sets ``handler`` to a function taking the
parsed arguments and returning an exit code. Errors a user can fix are printed as one line
and exit with status 2; no traceback reaches the terminal.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from loaders.errors import TaghtiaError

COMMAND_MODULES: tuple[str, ...] = (
    "run",
    "validate",
    "indicators",
    "underserved",
    "access",
    "plan",
    "demo",
    "report",
    "map",
    "bench",
)


class _OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"taghtia {self.prog.split()[-1]}: error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """Parser for ``taghtia`` with every available sub-command registered."""
    parser = _OneLineParser(
        prog="taghtia",
        description="Coverage, services and funding of Morocco's social-services network.",
    )
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_OneLineParser
    )
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"dashboard.commands.{name}")
        except ModuleNotFoundError as error:
            if error.name == f"dashboard.commands.{name}":
                continue
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``taghtia`` command line and return its exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "handler", None) is None:
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except TaghtiaError as error:
        print(f"taghtia {args.command}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
