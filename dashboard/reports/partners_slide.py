"""The board pack's "partners" slide: who runs the centres (top partners, their modes).

Fills the ``partners`` slot of :func:`dashboard.reports.pptx.build_deck` from the report
content's partner table (:func:`dashboard.calc.partners.partner_table`, the same rows as
``taghtia partners``); the words are shared with the PDF
(:mod:`dashboard.reports.partners_content`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dashboard.i18n import t
from dashboard.reports.deck_layout import BODY_BOTTOM, BODY_TOP, MARGIN_IN, WIDTH_IN, Box
from dashboard.reports.palette import MUTED
from dashboard.reports.partners_content import report_sentence, top_partner_rows

if TYPE_CHECKING:
    from dashboard.reports.pptx import Deck

__all__ = ["partners_slide"]


def partners_slide(deck: Deck) -> None:
    """How many partners run how many centres, and the top partners with their modes."""
    lang, content = deck.lang, deck.content
    slide = deck.new_slide(t("Partners — {name}", lang, name=deck.name),
                           source=deck.source_line())
    width = WIDTH_IN - 2 * MARGIN_IN
    table = content.partners
    deck.text(slide, Box(MARGIN_IN, BODY_TOP, width, 0.5),
              report_sentence(table, content.headline.get("centres"), lang), 16, bold=True)
    if table.empty:
        return
    headings, rows = top_partner_rows(table, lang)
    height = min(0.4 * (len(rows) + 1), BODY_BOTTOM - BODY_TOP - 1.3)
    deck.table(slide, Box(MARGIN_IN, BODY_TOP + 0.6, width, height), headings, rows,
               [4.0, 1.2, 1.4, 1.2, 3.2, 2.0], [False, True, True, True, False, True], size=12)
    deck.text(slide, Box(MARGIN_IN, BODY_TOP + 0.7 + height, width, 0.6),
              t("One partner per association whatever its spelling (case, accents, "
                "abbreviations, Arabic letter forms); centres of every status, funding: grants "
                "to its centres.", lang), 11, colour=MUTED)
