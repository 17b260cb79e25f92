"""The board pack's "since the last version" slide: what changed between two dataset versions.

Fills the ``changes`` slot of :func:`dashboard.reports.pptx.build_deck` with a
:func:`dashboard.calc.compare.compare_versions` table (the same rows as
``taghtia compare``)::

    build_deck(centres, funding, within, lang, filters,
               builders={"changes": changes_slide},
               extras={CHANGES_KEY: VersionChanges(table, "khenifra v2", "khenifra v3")})

The words and figures come from :mod:`dashboard.reports.changes` (shared with the PDF).
"""

from __future__ import annotations

from dashboard import i18n
from dashboard.i18n import t
from dashboard.reports.changes import (
    CHANGES_KEY,
    VersionChanges,
    between_line,
    change_cards,
    changed_count,
    changed_rows,
)
from dashboard.reports.deck_layout import (
    BODY_BOTTOM,
    BODY_TOP,
    MARGIN_IN,
    WIDTH_IN,
    Box,
)
from dashboard.reports.palette import CARD_FILL, MUTED, RULE
from dashboard.reports.pptx import Deck


def changes_slide(deck: Deck) -> None:
    """Cards (covered, gained, lost, centres, services, funding before → after) and the
    communes that gained or lost coverage."""
    lang = deck.lang
    changes: VersionChanges = deck.extras[CHANGES_KEY]
    slide = deck.new_slide(t("Since the last version — {name}", lang, name=deck.name),
                           source=deck.source_line())
    deck.text(slide, Box(MARGIN_IN, BODY_TOP, WIDTH_IN - 2 * MARGIN_IN, 0.4),
              between_line(changes, lang), 14, colour=MUTED)
    cards = change_cards(changes, lang)
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
    changed = changed_count(changes)
    if changed == 0:
        deck.text(slide, Box(MARGIN_IN, top, WIDTH_IN - 2 * MARGIN_IN, 0.6),
                  t("No commune gained or lost coverage.", lang), 16)
        return
    headings, rows, widths, numeric = changed_rows(changes.table, lang)
    if changed > len(rows):
        deck.text(slide, Box(MARGIN_IN, top, WIDTH_IN - 2 * MARGIN_IN, 0.4),
                  t("The first {shown} of the {count} communes that changed:", lang,
                    shown=i18n.number(len(rows), lang),
                    count=i18n.number(changed, lang)), 13, bold=True)
        top += 0.45
    deck.table(slide, Box(MARGIN_IN, top, WIDTH_IN - 2 * MARGIN_IN,
                          min(0.38 * (len(rows) + 1), BODY_BOTTOM - top)),
               headings, rows, widths, numeric, size=12)
