"""``taghtia demo``: write the illustrative demo centre and funding files."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from dashboard.commands.options import add_command
from dashboard.demo import write_demo
from loaders.errors import UsageError

EPILOG = """\
examples:
  taghtia demo --out demo/

Writes centres_illustrative.csv and funding_illustrative.csv, the files embedded in the
dashboard: generated, ILLUSTRATIVE data (not real centres), placed on the real communes and
calibrated on published delegation figures. Another illustrative set is generated from a
source checkout: python -m tools.demo --seed 7 --out DIR.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``demo`` sub-command."""
    parser = add_command(
        subparsers, "demo", handle,
        help="write the illustrative demo files (centres and funding)",
        description="Write the illustrative demo data (generated, seeded, labelled "
        "illustrative) as a delegation would hand it over: a centres file and a funding file.",
        epilog=EPILOG,
    )
    parser.add_argument("--out", metavar="DIR", required=True,
                        help="directory to write into (created if missing)")


def handle(args: argparse.Namespace, stream: TextIO | None = None) -> int:
    """Write the two files and name them; 0 on success."""
    stream = stream or sys.stdout
    try:
        paths = write_demo(args.out)
    except OSError as error:
        raise UsageError(f"cannot write into {args.out}: {error.strerror or error}") from None
    for path in paths:
        print(f"written (illustrative): {path}", file=stream)
    return 0
