"""``python -m tools.demo [--seed N] [--out DIR]``: generate the illustrative demo files.

Without ``--out``, rewrites the files embedded in the package (``dashboard/demo_data/``), after
a change of the generator or of the reference geography (``make demo``); a test checks they
equal a fresh generation with the default seed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.demo import CENTRES_FILE, DEFAULT_SEED, FUNDING_FILE, demo_paths
from tools.demo.generator import generate_demo, to_csv_text


def main(argv: list[str] | None = None) -> int:
    """Generate with ``--seed`` and write into ``--out`` (default: the embedded files)."""
    parser = argparse.ArgumentParser(prog="python -m tools.demo", description=__doc__)
    parser.add_argument("--seed", metavar="N", type=int, default=DEFAULT_SEED,
                        help=f"random seed (default {DEFAULT_SEED}, the embedded demo data)")
    parser.add_argument("--out", metavar="DIR", default=None,
                        help="directory to write into (default: the embedded files)")
    args = parser.parse_args(argv)
    if args.out is None:
        targets = demo_paths()
    else:
        Path(args.out).mkdir(parents=True, exist_ok=True)
        targets = (Path(args.out) / CENTRES_FILE, Path(args.out) / FUNDING_FILE)
    centres, funding = generate_demo(args.seed)
    for frame, path in zip((centres, funding), targets, strict=True):
        path.write_text(to_csv_text(frame), encoding="utf-8")
        print(f"written (illustrative): {path} ({len(frame)} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
