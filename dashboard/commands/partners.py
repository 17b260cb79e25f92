"""``taghtia partners`` and ``taghtia 3w``: who runs what, where, and the money that reaches it.

Both read the data like every command (``--dataset`` or ``--centres/--funding``) with the
partners map kept with a stored dataset (confirmed and rejected duplicates), and compute
their tables with :mod:`dashboard.calc.partners` and :mod:`dashboard.calc.three_w`, as the
Partners page does. ``partners --confirm/--reject`` record a review decision: with
``--dataset`` it is saved as a new version of the dataset (same files, the partners map
updated), so the next import of the same files gives the same partners.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from dashboard.calc.partners import duplicate_review, partner_table
from dashboard.calc.three_w import overlaps, three_w, with_hxl_row
from dashboard.commands.options import (
    CommandInputs,
    add_filter_options,
    add_territory_command,
    checked_out,
    command_inputs,
    usage_errors,
    write_output,
)
from loaders.errors import UsageError
from loaders.partners import PartnerDecisions, with_partner_ids

__all__ = ["handle_partners", "handle_three_w", "register"]

PARTNERS_EPILOG = """\
examples:
  taghtia partners --centres centres.csv --funding subventions.csv --within 03.561 \\
      --out partenaires.csv --review doublons.csv
  taghtia partners --dataset taza --years 2019-2021 --sources indh --out partenaires.xlsx
  taghtia partners --dataset taza --confirm "Association Al Wifak=Association Al Wifaq" \\
      --reject "Association Al Amal Tata=Association Al Amal Taza" --out partenaires.csv

One row per partner (the association named in the centres' partner column; one partner per
name once case, accents, punctuation, Assoc./Asso./Ass. and Arabic letter variants are
set aside): partner_id (stable), name (most frequent spelling), spellings (|-separated),
centres (any status), operating, communes, types, modes, capacity, beneficiaries,
funding_mad (grants to its centres; --years and --sources apply). --review writes the
likely duplicates (close names, never merged by themselves) with their score.
--confirm "A=B" makes the partner of spelling A the partner of spelling B; --reject "A=B"
keeps them apart. With --dataset the decisions are saved as a new version of the dataset
(its partners map), and every later import of that dataset keeps them; with files they
apply to this run only.
Exit status: 0 on success, 2 on a bad option or a file that cannot be read.
"""

THREE_W_EPILOG = """\
examples:
  taghtia 3w --centres centres.csv --within 03.561 --out taza_3w.csv
  taghtia 3w --dataset taza --out taza_3w.xlsx
  taghtia 3w --dataset taza --overlaps --out chevauchements.csv

One row per partner x centre type x commune over the operating centres that have a
partner: partner id and name, centre type (key, French, Arabic), region, province, cercle
and commune (codes, names in French and Arabic), centres, places, people_reached. The
second row holds the HXL hashtags (#org+id, #org+name, #sector, #adm1+code, #adm1+name,
#adm2+code, #adm2+name, #adm3+code and #adm3+name for the commune, #reached...), so HDX
tools and libhxl read the file. --overlaps writes instead the communes where two or more
partners run centres of the same type.
Exit status: 0 on success, 2 on a bad option or a file that cannot be read.
"""


DECISIONS: tuple[tuple[str, str], ...] = (
    ("confirm", "spelling A is the partner of spelling B (repeatable)"),
    ("reject", "spellings A and B are different partners (repeatable)"),
)
"""The review's options (``--confirm``, ``--reject``), each named after the
:class:`~loaders.partners.PartnerDecisions` method that records it, in the order applied."""




def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``partners`` and ``3w`` sub-commands."""
    parser = add_territory_command(
        subparsers, "partners", handle_partners,
        help="one row per partner association: its centres, places, people and funding",
        description="List the partners (associations running centres) of a territory, "
        "one row per partner whatever its spelling, with their centres, communes, types, "
        "modes, places, people reached and funding; propose likely duplicates for review.",
        epilog=PARTNERS_EPILOG)
    add_filter_options(parser, centres=False)
    parser.add_argument("--out", metavar="FILE", required=True,
                        help="output: FILE.csv, FILE.xlsx or FILE.json")
    parser.add_argument("--review", metavar="FILE.csv",
                        help="also write the likely duplicates (both spellings, score)")
    for decision, help in DECISIONS:
        parser.add_argument(f"--{decision}", metavar="A=B", action="append", default=[],
                            help=help)

    parser = add_territory_command(
        subparsers, "3w", handle_three_w,
        help="who does what where: partner x centre type x commune, tagged in HXL",
        description="Write the 3W of a territory (who does what where) over the operating "
        "centres that have a partner, with HXL hashtags on the second row; or, with "
        "--overlaps, the communes where two or more partners run centres of one type.",
        epilog=THREE_W_EPILOG)
    parser.add_argument("--overlaps", action="store_true",
                        help="write the communes where 2+ partners run centres of one type")
    parser.add_argument("--out", metavar="FILE", required=True,
                        help="output: FILE.csv or FILE.xlsx")


def _requested(args: argparse.Namespace) -> list[tuple[str, str, str]]:
    """The review decisions of ``--confirm`` then ``--reject``: (decision, spelling A,
    spelling B) each, or a :class:`UsageError` for one that is not ``A=B``."""
    requested = []
    for decision, _ in DECISIONS:
        for item in getattr(args, decision):
            first, sep, second = item.partition("=")
            if not sep or not first.strip() or not second.strip():
                raise UsageError(f"--{decision} {item!r} must look like "
                                 "\"spelling A=spelling B\"")
            requested.append((decision, first.strip(), second.strip()))
    return requested


def _decide(decisions: PartnerDecisions, requested: list[tuple[str, str, str]]
            ) -> PartnerDecisions:
    with usage_errors():
        for decision, first, second in requested:
            decisions = getattr(decisions, decision)(first, second)
    return decisions


def _partner_inputs(args: argparse.Namespace, stream: TextIO
                    ) -> tuple[CommandInputs, PartnerDecisions]:
    """The data and filters (every status: a partner's centres are its own whatever their
    status) with the partners map kept with a stored dataset."""
    inputs = command_inputs(args, stream, every_status=True)
    return inputs, inputs.decisions


def _save_decisions(data, decisions: PartnerDecisions, stream: TextIO) -> None:
    from dashboard.store import open_store, parse_ref
    from dashboard.store.partners_map import save_partner_decisions

    name, _ = parse_ref(data.stored)
    info = save_partner_decisions(open_store(), name, decisions)
    print(f"review decisions saved: {name} version {info.number} (partners map)", file=stream)


def handle_partners(args: argparse.Namespace, stream: TextIO | None = None) -> int:
    """Write the partners table (and the review); 0 on success."""
    stream = stream or sys.stdout
    checked_out(args, ("csv", "xlsx", "json"), *([args.review] if args.review else []))
    if args.review and Path(args.review).suffix.lower() != ".csv":
        raise UsageError(f"--review must end in .csv; got {args.review!r}")
    requested = _requested(args)
    inputs, decisions = _partner_inputs(args, stream)
    data, filters = inputs.data, inputs.filters
    if requested:
        decisions = _decide(decisions, requested)
        if data.stored:
            _save_decisions(data, decisions, stream)
        else:
            print("review decisions applied to this run only (files, not a stored dataset: "
                  "import them with taghtia datasets import to keep decisions)", file=stream)
    centres = with_partner_ids(data.centres_frame, decisions)
    with usage_errors():
        table = partner_table(centres, data.funding_frame, args.within, filters)
        review = duplicate_review(centres, args.within, decisions) if args.review else None
    write_output(table, args.out, "commune", stream)
    if review is not None:
        write_output(review, args.review, "commune", stream)
    return 0


def handle_three_w(args: argparse.Namespace, stream: TextIO | None = None) -> int:
    """Write the 3W (or its overlaps); 0 on success."""
    from loaders.output import write_table

    stream = stream or sys.stdout
    fmt = checked_out(args, ("csv", "xlsx"))
    inputs, decisions = _partner_inputs(args, stream)
    with usage_errors():
        table = three_w(inputs.centres, args.within, decisions)
    if args.overlaps:
        write_output(overlaps(table), args.out, "commune", stream)
        return 0
    try:
        write_table(with_hxl_row(table), Path(args.out), fmt, sheet_name="3w")
    except OSError as error:
        raise UsageError(f"cannot write {args.out}: {error.strerror or error}") from None
    print(f"{len(table)} rows written (HXL hashtags on the second row): {args.out}",
          file=stream)
    return 0
