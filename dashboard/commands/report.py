"""``taghtia report``: the board report of one territory, as a PDF or a PowerPoint deck.

Same numbers as the app: the files go through :mod:`loaders` and the report is built by
:func:`dashboard.reports.pdf.build_report` (``--out *.pdf``) or
:func:`dashboard.reports.pptx.build_deck` (``--out *.pptx``, the board pack) from
:func:`dashboard.calc.indicators.compute_indicators`; the format follows the extension.
Without ``--centres`` or ``--dataset`` the default stored dataset is used, else the
illustrative demo data, and every page then says so.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from dashboard.choices import CANDIDATE_SETS, DEFAULT_DETOUR, DEFAULT_RADIUS_KM, DEMAND_GROUPS
from dashboard.commands.access import check_reach_options
from dashboard.commands.options import (
    add_as_of_option,
    add_command,
    add_filter_options,
    add_input_options,
    add_within_option,
    command_inputs,
    usage_errors,
)
from dashboard.commands.outputs import check_outputs, write_bytes
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
  taghtia report --within 05.301 --dataset khenifra --since 2 --out khenifra.pptx
      (a "since the last version" slide: version 2 against the one in force; a section
      of the PDF with --out *.pdf)
  taghtia report --out maroc.pdf    (no --within: the whole of Morocco)
  taghtia report --within 03.561 --lang ar --out taza_ar.pptx
      (the board pack: an editable 16:9 PowerPoint deck with the same figures)
  taghtia report --within 03.561 --types kindergarten --add 3 --radius-km 10 \
      --demand under_15 --out taza_plan.pptx   (adds the sites `taghtia plan` chooses)
  taghtia report --within 08.401 --types disability --demand disability --radius-km 10 \
      --add 2 --places 150 --out ouarzazate.pptx   (new centres of 150 places each)

--within takes the code of a region (05), province (03.561), cercle (03.561.09) or commune
(03.561.09.13), dotted or 9-digit; an arrondissement (06.141.01.01) or a Casablanca préfecture
stands for its city commune. The report has the headline figures, a map of covered
and uncovered communes (urban and rural), the table of the units one level down and the
communes without a centre that come first for planning. The deck (.pptx) adds the
services per unit (chart and table) and the funding density map, one subject per slide.
Exit status: 0 on success, 2 on a bad option, an unknown code or a file that cannot be read.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``report`` sub-command."""
    parser = add_command(
        subparsers, "report", handle,
        help="board report of one territory as a PDF or a PowerPoint deck (fr, ar, en)",
        description="Write a printable A4 report (.pdf) or an editable 16:9 board pack "
        "(.pptx) of one territory: coverage of urban and rural communes, centres, services "
        "and funding, maps, the units one level down and the underserved communes.",
        epilog=EPILOG,
    )
    add_within_option(parser)
    parser.add_argument("--lang", choices=LANGUAGES, default="fr",
                        help="language of the report (default fr; ar is right to left)")
    add_input_options(parser)
    add_filter_options(parser)
    add_as_of_option(parser)
    parser.add_argument("--out", metavar="FILE.pdf|FILE.pptx", required=True,
                        help="output file; its extension (.pdf or .pptx) chooses the format")
    parser.add_argument("--trend-from", metavar="YEAR", type=int, dest="trend_from",
                        help="first year of the \"since YEAR\" trend (default: the first "
                        "year a counted centre stood in the territory)")
    parser.add_argument("--since", metavar="V", type=int,
                        help="with --dataset: add what changed since version V (a slide of "
                        "the deck, a section of the PDF; as taghtia compare)")
    planning = parser.add_argument_group(
        "proposed sites (board pack only)",
        "with --add K, the deck gets a slide of the K sites `taghtia plan` chooses")
    planning.add_argument("--add", metavar="K", type=int,
                          help="number of new sites to propose (maximal covering)")
    planning.add_argument("--radius-km", metavar="KM", type=float, default=DEFAULT_RADIUS_KM,
                          help=f"catchment of the sites (default {DEFAULT_RADIUS_KM:g})")
    planning.add_argument("--detour", metavar="F", type=float, default=DEFAULT_DETOUR,
                          help=f"road over straight-line distance (default {DEFAULT_DETOUR:g})")
    planning.add_argument("--demand", choices=tuple(DEMAND_GROUPS), default="population",
                          help="target group (default population)")
    planning.add_argument("--candidates", choices=CANDIDATE_SETS, default="all",
                          help="candidate communes: all (default) or uncovered")
    planning.add_argument("--places", metavar="N", type=int,
                          help="places of each new centre: every centre then serves at most "
                          "its places (as taghtia plan --places)")


def _builder(suffix: str):
    """The function writing a report in the format of an output file's extension."""
    if suffix == ".pdf":
        from dashboard.reports.pdf import build_report

        return build_report
    if suffix == ".pptx":
        from dashboard.reports.pptx import build_deck

        return build_deck
    return None


def _proposed_sites(args: argparse.Namespace, centres, within: str | None, filters) -> dict:
    """``builders`` and ``extras`` of the deck's proposed-sites slide (none without --add)."""
    if args.add is None:
        return {}
    from dashboard.calc.location import plan_sites
    from dashboard.reports.planning_slide import PLAN_KEY, proposed_sites_slide

    plan = plan_sites(centres, within, filters, add=args.add, radius_km=args.radius_km,
                      detour=args.detour, demand=args.demand, candidates=args.candidates,
                      places=args.places)
    return {"builders": {"proposed_sites": proposed_sites_slide}, "extras": {PLAN_KEY: plan}}


def _changes(args: argparse.Namespace, data, within: str | None, filters, deck: bool) -> dict:
    """Keyword arguments adding "since the last version" (none without --since): the deck's
    slide (``builders`` and ``extras``) or the PDF's last section (``changes``)."""
    if args.since is None:
        return {}
    from dashboard.calc.compare import compare_versions
    from dashboard.commands.compare import open_version
    from dashboard.reports.changes import CHANGES_KEY, VersionChanges
    from dashboard.store import parse_ref

    before = open_version(parse_ref(args.dataset)[0], args.since)
    table = compare_versions((before.centres_frame, before.funding_frame),
                             (data.centres_frame, data.funding_frame), within, filters)
    changes = VersionChanges(table, before.name, data.name)
    if not deck:
        return {"changes": changes}
    from dashboard.reports.changes_slide import changes_slide

    return {"builders": {"changes": changes_slide}, "extras": {CHANGES_KEY: changes}}


def _trend_from(args: argparse.Namespace, deck: bool) -> dict:
    """The trend's first year as the PDF (``trend_from``) or the deck (``extras``) takes it."""
    if args.trend_from is None:
        return {}
    return {"extras": {"trend_from": args.trend_from}} if deck else {
        "trend_from": args.trend_from}


def _province_sources(data, deck: bool) -> dict:
    """The registry's sources by province as the PDF (``provinces``) or the deck
    (``extras``) takes them (none for a single dataset)."""
    if data.provinces is None:
        return {}
    from dashboard.reports.province_sources import PROVINCES_KEY

    return ({"extras": {PROVINCES_KEY: data.provinces}} if deck
            else {"provinces": data.provinces})


def _additions(*parts: dict) -> dict:
    """Keyword arguments of several additions to a report, merged (the deck's ``builders``
    and ``extras`` mappings key by key)."""
    merged: dict = {}
    for part in parts:
        for key, value in part.items():
            merged[key] = {**merged.get(key, {}), **value} if isinstance(value, dict) else value
    return merged


def handle(args: argparse.Namespace, stream: TextIO | None = None) -> int:
    """Build the report and write it; 0 on success."""
    from dashboard.reports.content import resolve_territory
    from loaders.partners import with_partner_ids

    stream = stream or sys.stdout
    out = Path(args.out)
    build_report = _builder(out.suffix.lower())
    if build_report is None:
        raise UsageError(f"--out must end in .pdf or .pptx; got {args.out!r}")
    if args.add is not None and out.suffix.lower() != ".pptx":
        raise UsageError("--add proposes sites in the board pack: --out must end in .pptx")
    if args.since is not None and not args.dataset:
        raise UsageError("--since compares versions of a stored dataset: give --dataset NAME")
    if args.since is not None and args.since < 1:
        raise UsageError(f"--since must be a positive version number; got {args.since}")
    if args.places is not None and args.add is None:
        raise UsageError("--places is the size of each new centre: give --add K as well")
    if args.add is not None and args.add < 1:
        raise UsageError(f"--add must be a positive whole number; got {args.add}")
    check_outputs(args, out)
    inputs = command_inputs(args, stream, check=check_reach_options, resolve=resolve_territory)
    filters, territory, data = inputs.filters, inputs.territory, inputs.data
    # the partners of the stored dataset's map (confirmed merges), as the Partners page
    centres = with_partner_ids(inputs.centres, inputs.decisions)
    illustrative = data.is_demo
    with usage_errors():
        document = build_report(centres, data.funding_frame, territory.code,
                                args.lang, filters,
                                dataset_label=None if illustrative else data.name,
                                illustrative=illustrative,
                                **_additions(
                                    _proposed_sites(args, data.centres_frame, territory.code,
                                                    filters),
                                    _changes(args, data, territory.code, filters,
                                             deck=out.suffix.lower() == ".pptx"),
                                    _trend_from(args, deck=out.suffix.lower() == ".pptx"),
                                    _province_sources(data,
                                                      deck=out.suffix.lower() == ".pptx")))
    write_bytes(out, document)
    name = territory.name(args.lang)
    notice = " (illustrative data)" if illustrative else ""
    print(f"report written: {out} — {name}, {args.lang}{notice}", file=stream)
    return 0
