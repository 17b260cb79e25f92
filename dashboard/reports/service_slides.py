"""The board pack's "places and occupancy" and "since YEAR" slides.

Default slots ``places`` and ``trend`` of :func:`dashboard.reports.pptx.build_deck`: the
places, people reached and occupancy of the territory and of its units (the numbers of
``taghtia indicators``), and the communes covered year by year since the first year with
data (``taghtia trend``), with the year the registry's opening years run out. A deck as of
a past year (``--as-of``) has no trend slide. ``deck.extras["trend_from"]`` sets the trend's
first year.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dashboard import i18n
from dashboard.i18n import t
from dashboard.reports.deck_charts import places_chart, trend_chart
from dashboard.reports.deck_layout import (
    BODY_BOTTOM,
    BODY_TOP,
    MARGIN_IN,
    TABLE_ROWS,
    WIDTH_IN,
    Box,
)
from dashboard.reports.palette import CARD_FILL, MUTED, RULE
from dashboard.reports.service_content import (
    as_of_sentence,
    service_cards,
    service_rows,
    trend_sentence,
    trend_table,
)

if TYPE_CHECKING:
    from dashboard.reports.pptx import Deck

TREND_FROM_KEY = "trend_from"
"""Key of the trend's first year in ``deck.extras`` (default: the first year with data)."""
_WIDTH = WIDTH_IN - 2 * MARGIN_IN


def _cards(deck: Deck, slide, cards, top: float) -> float:
    gap = 0.2
    width = (_WIDTH - gap * (len(cards) - 1)) / len(cards)
    for index, (label, value, detail) in enumerate(cards):
        box = Box(MARGIN_IN + index * (width + gap), top, width, 1.25)
        deck.rectangle(slide, box, CARD_FILL, line=RULE)
        deck.text(slide, Box(box.x + 0.12, box.y + 0.06, width - 0.24, 0.35), label, 12,
                  colour=MUTED)
        deck.text(slide, Box(box.x + 0.12, box.y + 0.38, width - 0.24, 0.5), value, 24,
                  bold=True)
        if detail:
            deck.text(slide, Box(box.x + 0.12, box.y + 0.88, width - 0.24, 0.3), detail, 10,
                      colour=MUTED)
    return top + 1.25


def places_slide(deck: Deck) -> None:
    """Cards (places, places per 1,000, people reached, occupancy), the places per 1,000 of
    the units as bars and their table."""
    lang, content = deck.lang, deck.content
    slide = deck.new_slide(t("Places and occupancy — {name}", lang, name=deck.name))
    top = BODY_TOP + 0.05
    sentence = as_of_sentence(content.headline, deck.filters, lang)
    if sentence:
        deck.text(slide, Box(MARGIN_IN, top, _WIDTH, 0.35), sentence, 12, bold=True)
        top += 0.4
    top = _cards(deck, slide, service_cards(content.headline, lang), top) + 0.2
    units = content.children.sort_values("places_per_1000", ascending=False,
                                         kind="stable").head(TABLE_ROWS)
    if units.empty:
        deck.text(slide, Box(MARGIN_IN, top, _WIDTH, 0.5),
                  t("Occupancy: people reached ÷ places, over the centres that report both; "
                    "over capacity: more people reached than places.", lang), 12,
                  colour=MUTED)
        return
    places_chart(deck, slide, units, Box(MARGIN_IN, top, 4.6, BODY_BOTTOM - top))
    headings, rows, widths, numeric = service_rows(units, lang)
    deck.table(slide, Box(MARGIN_IN + 4.8, top, _WIDTH - 4.8, BODY_BOTTOM - top), headings,
               rows, widths, numeric, size=11 if len(rows) <= 8 else 10)


def trend_slide(deck: Deck) -> None:
    """Communes covered, urban and rural, year by year since the first year with data."""
    if deck.filters.as_of is not None:
        return
    lang, content = deck.lang, deck.content
    found = trend_table(deck.extras.get("centres_frame"), deck.extras.get("funding_frame"),
                        content.territory.code, deck.filters, deck.extras.get(TREND_FROM_KEY),
                        deck.today)
    if found is None:
        return
    table, run_out = found
    first = int(table["year"].iloc[0])
    slide = deck.new_slide(t("Since {year} — {name}", lang, year=first, name=deck.name))
    deck.text(slide, Box(MARGIN_IN, BODY_TOP + 0.05, _WIDTH, 0.5), trend_sentence(table, lang),
              16, bold=True)
    box = Box(MARGIN_IN, BODY_TOP + 0.65, _WIDTH, BODY_BOTTOM - BODY_TOP - 1.1)
    trend_chart(deck, slide, table, box)
    note = t("Each year: the centres opened by then (opening year known) and not yet closed.",
             lang)
    if run_out < int(table["year"].iloc[-1]):
        note += " " + t("Opening years run out after {year}", lang, year=run_out) + "."
    left_out = int(table["centres_no_opening_year"].iloc[-1])
    if left_out:
        note += " " + t("Centres without an opening year, left out: {count}.", lang,
                        count=i18n.number(left_out, lang))
    deck.text(slide, Box(MARGIN_IN, BODY_BOTTOM - 0.4, _WIDTH, 0.4), note, 11, colour=MUTED)
