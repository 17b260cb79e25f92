"""The board pack's "since the last version" slide: what changed between two dataset versions.

Fills the ``changes`` slot of :func:`dashboard.reports.pptx.build_deck` with a
:func:`dashboard.calc.compare.compare_versions` table (the same rows as
``taghtia compare``)::

    build_deck(centres, funding, within, lang, filters,
               builders={"changes": changes_slide},
               extras={CHANGES_KEY: VersionChanges(table, "khenifra v2", "khenifra v3")})
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import i18n
from dashboard.calc.compare import change_summary
from dashboard.i18n import t
from dashboard.reports.content import plain_text
from dashboard.reports.pptx import (
    BODY_BOTTOM,
    BODY_TOP,
    CARD_FILL,
    MARGIN_IN,
    MUTED,
    RULE,
    WIDTH_IN,
    Box,
    Deck,
)

CHANGES_KEY = "changes"
"""Key of the :class:`VersionChanges` in ``deck.extras``."""
TABLE_ROWS = 10


@dataclass(frozen=True)
class VersionChanges:
    """A :func:`~dashboard.calc.compare.compare_versions` table and the two versions' names."""

    table: pd.DataFrame
    before: str
    after: str


def changed_rows(table: pd.DataFrame, lang: str, limit: int = TABLE_ROWS
                 ) -> tuple[list[str], list[list[str]], list[float], list[bool]]:
    """(headings, rows, widths, numeric) of the communes that gained or lost coverage,
    gains first, then by population order of the reference (code)."""
    changed = table[table["change"] != "same"].sort_values(
        ["change", "code"], key=lambda c: c.map({"gained": 0, "lost": 1}) if c.name == "change"
        else c, kind="stable").head(limit)
    number = i18n.number
    headings = [t("col.name", lang), t("col.kind", lang), t("changes.col_change", lang),
                t("changes.col_centres", lang), t("changes.col_services", lang)]
    rows = [[plain_text(i18n.unit_name(r, lang), 40), t(f"kind.{r['kind']}", lang),
             t(f"changes.change_{r['change']}", lang),
             t("changes.arrow", lang, before=number(r["centres_before"], lang),
               after=number(r["centres_after"], lang)),
             t("changes.arrow", lang, before=number(r["services_before"], lang),
               after=number(r["services_after"], lang))]
            for r in changed.to_dict("records")]
    return headings, rows, [40, 16, 20, 22, 22], [False, False, False, True, True]


def changes_slide(deck: Deck) -> None:
    """Cards (covered, gained, lost, centres, services, funding before → after) and the
    communes that gained or lost coverage."""
    lang = deck.lang
    changes: VersionChanges = deck.extras[CHANGES_KEY]
    summary = change_summary(changes.table)
    slide = deck.new_slide(t("deck.changes", lang, name=deck.name),
                           source=deck.source_line())
    deck.text(slide, Box(MARGIN_IN, BODY_TOP, WIDTH_IN - 2 * MARGIN_IN, 0.4),
              t("changes.between", lang, before=plain_text(changes.before, 40),
                after=plain_text(changes.after, 40)), 14, colour=MUTED)

    def arrow(name: str, money: bool = False) -> str:
        values = [summary[f"{name}_{when}"] for when in ("before", "after")]
        shown = [i18n.money(v, lang, compact=True) if money else i18n.number(v, lang)
                 for v in values]
        return t("changes.arrow", lang, before=shown[0], after=shown[1])

    cards = [(t("changes.covered", lang), arrow("covered")),
             (t("changes.gained", lang), i18n.number(summary["gained"], lang)),
             (t("changes.lost", lang), i18n.number(summary["lost"], lang)),
             (t("col.centres", lang), arrow("centres")),
             (t("col.services", lang), arrow("services")),
             (t("overview.funding", lang), arrow("funding", money=True))]
    width, gap = (WIDTH_IN - 2 * MARGIN_IN - 5 * 0.2) / 6, 0.2
    for index, (label, value) in enumerate(cards):
        box = Box(MARGIN_IN + index * (width + gap), BODY_TOP + 0.5, width, 1.4)
        deck.rectangle(slide, box, CARD_FILL, line=RULE)
        deck.text(slide, Box(box.x + 0.1, box.y + 0.06, width - 0.2, 0.5), label, 12,
                  colour=MUTED)
        size = 22 if len(value) <= 9 else 18 if len(value) <= 14 else 15 if len(value) <= 20 else 12
        deck.text(slide, Box(box.x + 0.1, box.y + 0.62, width - 0.2, 0.7), value, size,
                  bold=True)
    top = BODY_TOP + 2.15
    changed = int((changes.table["change"] != "same").sum())
    if changed == 0:
        deck.text(slide, Box(MARGIN_IN, top, WIDTH_IN - 2 * MARGIN_IN, 0.6),
                  t("changes.none", lang), 16)
        return
    headings, rows, widths, numeric = changed_rows(changes.table, lang)
    if changed > len(rows):
        deck.text(slide, Box(MARGIN_IN, top, WIDTH_IN - 2 * MARGIN_IN, 0.4),
                  t("changes.shown", lang, shown=i18n.number(len(rows), lang),
                    count=i18n.number(changed, lang)), 13, bold=True)
        top += 0.45
    deck.table(slide, Box(MARGIN_IN, top, WIDTH_IN - 2 * MARGIN_IN,
                          min(0.38 * (len(rows) + 1), BODY_BOTTOM - top)),
               headings, rows, widths, numeric, size=12)
