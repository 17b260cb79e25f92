"""What changed between two dataset versions, as a report shows it (PDF section, deck slide).

The figures are those of :func:`dashboard.calc.compare.compare_versions` (the same rows as
``taghtia compare``); this module words them: the cards before → after and the table of the
communes that gained or lost coverage, in French, Arabic or English.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import i18n
from dashboard.calc.compare import change_summary
from dashboard.i18n import t
from dashboard.i18n.labels import CHANGES, COMMUNE_KINDS, label_of
from dashboard.reports.content import plain_text

CHANGES_KEY = "changes"
"""Key of the :class:`VersionChanges` in ``deck.extras``."""
TABLE_ROWS = 10
"""Communes listed (those that changed, gains first)."""


@dataclass(frozen=True)
class VersionChanges:
    """A :func:`~dashboard.calc.compare.compare_versions` table and the two versions' names."""

    table: pd.DataFrame
    before: str
    after: str


def changed_rows(table: pd.DataFrame, lang: str, limit: int = TABLE_ROWS
                 ) -> tuple[list[str], list[list[str]], list[float], list[bool]]:
    """(headings, rows, widths, numeric) of the communes that gained or lost coverage,
    gains first, then in code order."""
    changed = table[table["change"] != "same"].sort_values(
        ["change", "code"], key=lambda c: c.map({"gained": 0, "lost": 1}) if c.name == "change"
        else c, kind="stable").head(limit)
    number = i18n.number
    headings = [t("Name", lang), t("Commune type", lang), t("Coverage", lang),
                t("Centres before → after", lang), t("Services before → after", lang)]
    rows = [[plain_text(i18n.unit_name(r, lang), 40), label_of(COMMUNE_KINDS, r["kind"], lang),
             label_of(CHANGES, r["change"], lang),
             t("{before} → {after}", lang, before=number(r["centres_before"], lang),
               after=number(r["centres_after"], lang)),
             t("{before} → {after}", lang, before=number(r["services_before"], lang),
               after=number(r["services_after"], lang))]
            for r in changed.to_dict("records")]
    return headings, rows, [40, 16, 20, 22, 22], [False, False, False, True, True]


def change_cards(changes: VersionChanges, lang: str) -> list[tuple[str, str]]:
    """(label, value) of the summary: communes covered, gained, lost; centres, services and
    funding before → after."""
    summary = change_summary(changes.table)

    def arrow(name: str, money: bool = False) -> str:
        values = [summary[f"{name}_{when}"] for when in ("before", "after")]
        shown = [i18n.money(v, lang, compact=True) if money else i18n.number(v, lang)
                 for v in values]
        return t("{before} → {after}", lang, before=shown[0], after=shown[1])

    return [(t("Communes covered", lang), arrow("covered")),
            (t("Communes gained", lang), i18n.number(summary["gained"], lang)),
            (t("Communes lost", lang), i18n.number(summary["lost"], lang)),
            (t("Centres", lang), arrow("centres")),
            (t("Services", lang), arrow("services")),
            (t("Funding", lang), arrow("funding", money=True))]


def between_line(changes: VersionChanges, lang: str) -> str:
    """"taza v1 compared with taza v2, same filters."."""
    return t("{before} compared with {after}, same filters.", lang,
             before=plain_text(changes.before, 40),
             after=plain_text(changes.after, 40))


def changed_count(changes: VersionChanges) -> int:
    """Number of communes that gained or lost coverage."""
    return int((changes.table["change"] != "same").sum())
