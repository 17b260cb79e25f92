"""``taghtia demo``: write the illustrative demo centre and funding files."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from dashboard.commands.options import add_command
from dashboard.demo import DEFAULT_SEED, write_demo
from loaders.errors import UsageError

EPILOG = f"""\
examples:
  taghtia demo --out demo/
  taghtia demo --out autre_demo/ --seed 7

Writes centres_illustrative.csv and funding_illustrative.csv: generated, ILLUSTRATIVE data
(not real centres), placed on the real communes and calibrated on published delegation
figures. Seed {DEFAULT_SEED} (the default) gives the files embedded in the dashboard.
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
    parser.add_argument("--seed", metavar="N", type=int, default=None,
                        help=f"random seed (default {DEFAULT_SEED}, the embedded demo data)")


def handle(args: argparse.Namespace, stream: TextIO | None = None) -> int:
    """Write the two files and name them; 0 on success."""
    stream = stream or sys.stdout
    try:
        paths = write_demo(args.out, seed=args.seed)
    except OSError as error:
        raise UsageError(f"cannot write into {args.out}: {error.strerror or error}") from None
    for path in paths:
        print(f"written (illustrative): {path}", file=stream)
    return 0
