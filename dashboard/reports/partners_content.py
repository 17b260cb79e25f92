"""Partners in words and tables, for the app's Overview and Partners page and the board
report (PDF and deck): the sentence on who runs the centres, the top partners, the modes."""

from __future__ import annotations

import pandas as pd

from dashboard import i18n
from dashboard.i18n import t, tn
from loaders.vocabulary import MANAGEMENT_MODES

__all__ = ["TOP_PARTNERS", "modes_text", "partners_sentence", "report_sentence",
           "top_partner_rows", "widths_and_numeric"]

TOP_PARTNERS = 10
"""Partners listed by the board report."""


def partners_sentence(partners: int, centres: int, total: int, lang: str) -> str:
    """"12 partners run 28 of the 34 centres." (``total``: every centre counted)."""
    if partners == 0:
        return t("No centre is run by a partner association.", lang)
    return tn("{partners} partner runs {centres} of the {total} centres.",
              "{partners} partners run {centres} of the {total} centres.", partners, lang,
              partners=i18n.number(partners, lang), centres=i18n.number(centres, lang),
              total=i18n.number(total, lang))


def modes_text(modes: str, lang: str) -> str:
    """``co_management|delegated`` in words of ``lang``."""
    keys = [k for k in str(modes or "").split("|") if k]
    return ", ".join(i18n.term_label(MANAGEMENT_MODES, k, lang) for k in keys)


def top_partner_rows(table: pd.DataFrame, lang: str, top: int = TOP_PARTNERS
                     ) -> tuple[list[str], list[list[str]]]:
    """Headings and rows of the top partners of a :func:`dashboard.calc.partners.partner_table`
    (most centres first): name, centres, operating, places, modes, funding."""
    headings = [t("Partner", lang), t("Centres", lang), t("Operating", lang),
                t("Places", lang), t("Management modes", lang), t("Funding (MAD)", lang)]
    rows = [[str(r["name"]), i18n.number(r["centres"], lang), i18n.number(r["operating"], lang),
             i18n.number(r["capacity"], lang), modes_text(r["modes"], lang),
             i18n.money(r["funding_mad"], lang, compact=True)]
            for _, r in table.head(top).iterrows()]
    return headings, rows



def report_sentence(table: pd.DataFrame, operating: object, lang: str) -> str:
    """The board report's line: how many partners run how many of the operating centres."""
    total = int(operating or 0)
    run = int(table["operating"].sum()) if len(table) else 0
    return partners_sentence(len(table), min(run, total), total, lang)


def widths_and_numeric() -> tuple[list[float], list[bool]]:
    """Column widths (PDF, mm) and which columns are numbers, of :func:`top_partner_rows`."""
    return [62, 16, 18, 16, 40, 28], [False, True, True, True, False, True]
