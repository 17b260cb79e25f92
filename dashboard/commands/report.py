"""``taghtia report``: the board report of one territory, as a PDF (French, Arabic, English).

Same numbers as the app: the files go through :mod:`loaders` and the report is built by
:func:`dashboard.reports.pdf.build_report` from
:func:`dashboard.calc.indicators.compute_indicators`.
Without ``--centres`` or ``--dataset`` the default stored dataset is used, else the
illustrative demo data, and every page then says so.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from dashboard.commands.options import (
    add_command,
    add_filter_options,
    add_input_options,
    add_within_option,
    filters_from_args,
    load_data,
    usage_errors,
)
from dashboard.i18n import LANGUAGES
from loaders.errors import UsageError

EPILOG = """\
examples:
  taghtia report --within 03.561 --lang ar --out taza_ar.pdf
      (no --centres: the illustrative demo data, marked as such on every page)
  taghtia report --within 03.561 --centres centres.csv --funding subventions.csv \\
      --years 2021-2023 --out taza.pdf
  taghtia report --within 05 --lang en --centres registre.xlsx --out beni_mellal.pdf
  taghtia report --within 05.301 --dataset khenifra@3 --out khenifra_v3.pdf
  taghtia report --out maroc.pdf    (no --within: the whole of Morocco)

--within takes the code of a region (05), province (03.561), cercle (03.561.09) or commune
(03.561.09.13), dotted or 9-digit. The report has the headline figures, a map of covered
and uncovered communes (urban and rural), the table of the units one level down and the
communes without a centre that come first for planning.
Exit status: 0 on success, 2 on a bad option, an unknown code or a file that cannot be read.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``report`` sub-command."""
    parser = add_command(
        subparsers, "report", handle,
        help="board report of one territory as a PDF (French, Arabic or English)",
        description="Write a printable A4 report of one territory: coverage of urban and "
        "rural communes, centres, services and funding, a coverage map, the units one "
        "level down and the underserved communes.",
        epilog=EPILOG,
    )
    add_within_option(parser)
    parser.add_argument("--lang", choices=LANGUAGES, default="fr",
                        help="language of the report (default fr; ar is right to left)")
    add_input_options(parser)
    add_filter_options(parser)
    parser.add_argument("--out", metavar="FILE.pdf", required=True,
                        help="output file, ending in .pdf")


def handle(args: argparse.Namespace, stream: TextIO | None = None) -> int:
    """Build the report and write it; 0 on success."""
    from dashboard.reports.content import resolve_territory
    from dashboard.reports.pdf import build_report

    stream = stream or sys.stdout
    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise UsageError(f"--out must end in .pdf; got {args.out!r}")
    with usage_errors():
        filters = filters_from_args(args)
        territory = resolve_territory(args.within)  # a bad code fails before files are read
    data = load_data(args, stream)
    illustrative = data.is_demo
    with usage_errors():
        pdf = build_report(data.centres_frame, data.funding_frame, territory.code, args.lang,
                           filters, dataset_label=None if illustrative else data.name,
                           illustrative=illustrative)
    try:
        out.write_bytes(pdf)
    except OSError as error:
        raise UsageError(f"cannot write {args.out}: {error.strerror or error}") from None
    name = territory.name(args.lang)
    notice = " (illustrative data)" if illustrative else ""
    print(f"report written: {out} — {name}, {args.lang}{notice}", file=stream)
    return 0
