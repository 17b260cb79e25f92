"""The board pack's "proposed sites" slide: where k new centres would serve the most people.

Fills the ``proposed_sites`` slot of :func:`dashboard.reports.pptx.build_deck` with the
result of :func:`dashboard.calc.location.plan_sites` (the same numbers as ``taghtia plan``
and the app's Planning page)::

    build_deck(centres, funding, within, lang, filters,
               builders={"proposed_sites": proposed_sites_slide},
               extras={"plan": plan_sites(centres, within, filters, add=3)})
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard import i18n
from dashboard.choices import DEFAULT_DETOUR
from dashboard.i18n import t
from dashboard.i18n.labels import COMMUNE_KINDS, DEMAND_GROUPS, PLAN_STATUSES, label_of
from dashboard.reports.content import plain_text
from dashboard.reports.deck_layout import (
    BODY_BOTTOM,
    BODY_TOP,
    MARGIN_IN,
    WIDTH_IN,
    Box,
)
from dashboard.reports.palette import CARD_FILL, MUTED, RULE
from dashboard.reports.pptx import Deck

PLAN_KEY = "plan"
"""Key of the :class:`~dashboard.calc.location.Plan` in ``deck.extras``."""
TABLE_ROWS = 10


def served_share(served: float, total: float, lang: str) -> str:
    """"68 311 (52,2 %)": people served and their share of the total."""
    share = served / total if total else None
    return f"{i18n.number(served, lang)} ({i18n.percent(share, lang, 1)})"


def in_places(summary: Mapping[str, object]) -> bool:
    """Whether a plan counts places (every centre serving at most its places)."""
    return "places_added" in summary


def plan_cards(summary: Mapping[str, object], lang: str) -> list[tuple[str, str]]:
    """(label, value) of the figures of a plan: served today, after, newly served; in places,
    people served and a fourth card, the counted centres that report no capacity."""
    # the figures as shown (whole people), so that "newly served" is after − before as read
    total = round(float(summary["demand_total"]))
    before = round(float(summary["demand_served_before"]))
    after = round(float(summary["demand_served_after"]))
    if not in_places(summary):
        return [(t("Served today", lang), served_share(before, total, lang)),
                (t("Served with the new centres", lang), served_share(after, total, lang)),
                (t("Newly served", lang), i18n.number(after - before, lang))]
    return [(t("People served today", lang), served_share(before, total, lang)),
            (t("With {places} new places", lang,
               places=i18n.number(summary["places_added"], lang)),
             served_share(after, total, lang)),
            (t("People newly served", lang), i18n.number(after - before, lang)),
            (t("Centres without capacity", lang),
             i18n.number(summary["capacity_unknown"], lang))]


def plan_note(summary: Mapping[str, object], lang: str) -> str:
    """How the plan is computed: distances, radius, model and solver status."""
    reach = t("Radius {radius} km. Estimated distance: straight line × {detour} (not a travel "
              "time). Population: RGPH 2024.", lang, radius=i18n.number(summary["radius_km"], lang),
              detour=i18n.number(summary.get("detour", DEFAULT_DETOUR), lang, 1))
    status = label_of(PLAN_STATUSES, summary["status"], lang)
    if summary.get("places") is not None:
        model = t("Exact capacitated maximal covering (CBC): each centre serves at most its "
                  "places ({places} per new centre; existing ones their reported capacity): "
                  "{status} solution.", lang, places=i18n.number(summary["places"], lang),
                  status=status)
    else:
        model = t("Exact maximal covering (Church & ReVelle 1974; PySAL spopt, CBC), existing "
                  "centres fixed: {status} solution.", lang, status=status)
    return f"{reach} {model}"


def site_served(sites: pd.DataFrame, lang: str) -> tuple[str, str]:
    """The column of the sites' gain and its heading: people served by each site (a plan in
    places) or the demand it newly brings within reach."""
    if "people_served" in sites.columns:
        return "people_served", t("People served", lang)
    return "new_demand_served", t("Newly served", lang)


def site_rows(sites: pd.DataFrame, lang: str) -> tuple[list[str], list[list[str]]]:
    """Headings and rows of the proposed sites table."""
    column, heading = site_served(sites, lang)
    headings = [t("Rank", lang), t("Name", lang), t("Code", lang),
                t("Commune type", lang), heading]
    rows = [[str(int(r["rank"])), plain_text(i18n.unit_name(r, lang), 40), str(r["code"]),
             label_of(COMMUNE_KINDS, r["kind"], lang), i18n.number(r[column], lang)]
            for r in sites.head(TABLE_ROWS).to_dict("records")]
    return headings, rows


def proposed_sites_slide(deck: Deck) -> None:
    """Target group and radius, the three figures as cards, the sites table and the method."""
    plan = deck.extras[PLAN_KEY]
    lang, summary = deck.lang, plan.summary
    width = WIDTH_IN - 2 * MARGIN_IN
    slide = deck.new_slide(t("Proposed sites — {name}", lang, name=deck.name))
    values = {"add": i18n.number(summary["added"], lang),
              "group": label_of(DEMAND_GROUPS, summary["demand"], lang),
              "radius": i18n.number(summary["radius_km"], lang)}
    question = (t("{add} new centres of {places} places for: {group}, within {radius} km", lang,
                  places=i18n.number(summary["places"], lang), **values)
                if in_places(summary) else
                t("{add} new centres for: {group}, within {radius} km", lang, **values))
    deck.text(slide, Box(MARGIN_IN, BODY_TOP, width, 0.5), question, 18, bold=True)
    cards = plan_cards(summary, lang)
    gap, top, height = 0.25, BODY_TOP + 0.65, 1.25
    card_width = (width - (len(cards) - 1) * gap) / len(cards)
    for index, (label, value) in enumerate(cards):
        box = Box(MARGIN_IN + index * (card_width + gap), top, card_width, height)
        deck.rectangle(slide, box, CARD_FILL, line=RULE)
        deck.text(slide, Box(box.x + 0.15, box.y + 0.1, card_width - 0.3, 0.4), label, 13,
                  colour=MUTED)
        deck.text(slide, Box(box.x + 0.15, box.y + 0.5, card_width - 0.3, 0.6), value, 24,
                  bold=True)
    headings, rows = site_rows(plan.sites, lang)
    table_top = top + height + 0.3
    table_height = min(0.38 * (len(rows) + 1), BODY_BOTTOM - table_top - 0.7)
    deck.table(slide, Box(MARGIN_IN, table_top, width, table_height), headings, rows,
               [8, 36, 18, 16, 22], [True, False, False, False, True], size=12)
    deck.text(slide, Box(MARGIN_IN, table_top + table_height + 0.1, width, 0.6),
              plan_note(summary, lang), 11, colour=MUTED)
