"""``taghtia map``: one of the app's maps as a picture (PNG, SVG or PDF), drawn offline.

The same map as the app's page (coverage of urban / rural communes, services per unit,
funding density), from the same figures, rendered by
:func:`dashboard.reports.map_image.render_map_image` with a title, a legend with classes
and units, a metric scale bar and a source and date line; no tiles, no network.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from dashboard.choices import DEFAULT_DPI, MAP_FORMATS
from dashboard.commands.options import (
    add_as_of_option,
    add_command,
    add_filter_options,
    add_input_options,
    add_within_option,
    as_of_note,
    checked_out,
    command_inputs,
    usage_errors,
)
from dashboard.commands.outputs import write_bytes
from dashboard.i18n import LANGUAGES
from loaders.errors import UsageError

EPILOG = f"""\
examples:
  taghtia map --within 03.561 --out taza.png
      (no --centres: the illustrative demo data, marked as such in the source line)
  taghtia map --within 03.561 --map funding --lang ar --out taza_funding_ar.svg
  taghtia map --centres centres.csv --funding subventions.csv --within 05 \\
      --map services --dpi 300 --out beni_mellal_services.pdf

--map coverage (default): communes with and without a centre, urban and rural;
--map services: services of the counted centres per cercle (natural breaks, 5 classes);
--map funding: funding per inhabitant (quantiles, 5 classes), one level down;
--map places: places per 1,000 inhabitants per cercle (natural breaks, 5 classes);
--map occupancy: people reached per place per cercle (equal intervals, 5 classes).
--as-of YEAR: the network at the end of YEAR; the title says the year and the note how many
centres without an opening year were left out.
A PNG is 1,600 pixels wide at the default {DEFAULT_DPI} dpi (8 x 5 inches).
Exit status: 0 on success, 2 on a bad option, an unknown code or a file that cannot be read.
"""

def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``map`` sub-command."""
    from dashboard.reports.content import MAP_KINDS

    parser = add_command(
        subparsers, "map", handle,
        help="one of the app's maps as an image (PNG, SVG or PDF), for slides and print",
        description="Draw the coverage, services or funding map of a territory as a "
        "picture with its title, legend, scale bar and source line, offline.",
        epilog=EPILOG,
    )
    add_within_option(parser)
    parser.add_argument("--map", choices=MAP_KINDS, default="coverage",
                        help="which map (default coverage)")
    parser.add_argument("--lang", choices=LANGUAGES, default="fr",
                        help="language of the title and legend (default fr)")
    parser.add_argument("--dpi", type=int, default=DEFAULT_DPI,
                        help=f"resolution in dots per inch (default {DEFAULT_DPI}: 1,600 px wide)")
    add_input_options(parser)
    add_filter_options(parser)
    add_as_of_option(parser)
    parser.add_argument("--out", metavar="FILE.png|.svg|.pdf", required=True,
                        help="output file; its extension chooses the format")


def handle(args: argparse.Namespace, stream: TextIO | None = None) -> int:
    """Draw the map and write it; 0 on success."""
    from dashboard.i18n import t
    from dashboard.reports.content import report_content, resolve_territory
    from dashboard.reports.map_image import MIN_WIDTH_PX, map_picture, render_map_image

    stream = stream or sys.stdout
    fmt = checked_out(args, MAP_FORMATS)
    if not 50 <= args.dpi <= 1200:
        raise UsageError(f"--dpi must be between 50 and 1200; got {args.dpi}")
    inputs = command_inputs(args, stream, resolve=resolve_territory, note=False)
    filters, territory, data = inputs.filters, inputs.territory, inputs.data
    illustrative = data.is_demo
    label = t("illustrative demo", args.lang) if illustrative else data.name
    with usage_errors():
        content = report_content(data.centres_frame, data.funding_frame, territory.code,
                                 filters)
        picture = map_picture(content, args.map, args.lang)
        width_px = round(MIN_WIDTH_PX * args.dpi / DEFAULT_DPI)
        image = render_map_image(picture, args.lang, fmt=fmt, dpi=args.dpi, width_px=width_px,
                                 source=label)
    out = Path(args.out)
    write_bytes(out, image)
    note = as_of_note(content.headline, filters.as_of)
    if note:
        print(note, file=stream)
    notice = " (illustrative data)" if illustrative else ""
    print(f"map written: {out} — {args.map}, {territory.name(args.lang)}, {args.lang}{notice}",
          file=stream)
    return 0
