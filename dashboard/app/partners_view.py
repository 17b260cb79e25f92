"""What the Partners page shows, as plain tables in the page's language. No Streamlit here.

The numbers come from :mod:`dashboard.calc.partners` and :mod:`dashboard.calc.three_w` (the
same functions as ``taghtia partners`` and ``taghtia 3w``); this module only picks,
orders and labels their columns.
"""

from __future__ import annotations

import pandas as pd

from dashboard import i18n
from dashboard.i18n import t
from dashboard.reports.partners_content import modes_text
from loaders.vocabulary import CENTRE_TYPES, STATUSES

__all__ = ["DECISIONS_SHOWN", "RANKINGS", "centres_shown", "commune_counts", "in_order",
           "matrix", "ranked", "review_shown"]

RANKINGS: dict[str, str] = {"centres": "centres", "places": "capacity",
                            "funding": "funding_mad"}
"""The Partners page's ranking choices and the partner table's column each sorts by."""

DECISIONS_SHOWN = 20
"""Likely duplicates an editor decides at once (two buttons each; the table lists them all):
the next ones show as these are decided. Every button is drawn again on each rerun, and a
national review holds dozens of pairs."""


def in_order(table: pd.DataFrame, by: str) -> pd.DataFrame:
    """The partner table sorted by ``by`` (:data:`RANKINGS`), largest first."""
    return table.sort_values([RANKINGS[by], "centres", "name"], ascending=[False, False, True],
                             ignore_index=True)


def ranked(table: pd.DataFrame, by: str, lang: str) -> pd.DataFrame:
    """The partner table sorted by ``by`` (:func:`in_order`), headers in ``lang``."""
    ordered = in_order(table, by)
    return pd.DataFrame({
        t("Rank", lang): range(1, len(ordered) + 1),
        t("Partner", lang): ordered["name"].to_numpy(),
        t("Centres", lang): ordered["centres"].to_numpy(),
        t("Operating", lang): ordered["operating"].to_numpy(),
        t("Communes", lang): ordered["communes"].to_numpy(),
        t("Places", lang): ordered["capacity"].to_numpy(),
        t("People reached", lang): ordered["beneficiaries"].to_numpy(),
        t("Funding (MAD)", lang): ordered["funding_mad"].to_numpy(),
        t("Management modes", lang): [modes_text(m, lang) for m in ordered["modes"]],
        t("Spellings", lang): ordered["spellings"].str.replace("|", " · ").to_numpy(),
        t("Partner id", lang): ordered["partner_id"].to_numpy(),
    })


def commune_counts(communes: pd.DataFrame, centres: pd.DataFrame) -> pd.DataFrame:
    """``communes`` with ``centres``: how many of ``centres`` lie in each (empty: none)."""
    counts = centres["commune_code"].value_counts()
    frame = communes.copy()
    frame["centres"] = frame["code"].map(counts).astype("float64")
    return frame


def centres_shown(centres: pd.DataFrame, communes: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One partner's centres: name, type, commune, status, places, people reached."""
    names = dict(zip(communes["code"], i18n.unit_names(communes, lang), strict=True))
    return pd.DataFrame({
        t("Name", lang): centres["name"].to_numpy(),
        t("Type", lang): [i18n.term_label(CENTRE_TYPES, k, lang) for k in centres["centre_type"]],
        t("Commune", lang): [names.get(c, c) for c in centres["commune_code"]],
        t("Statuses", lang): [i18n.term_label(STATUSES, s, lang) for s in centres["status"]],
        t("Places", lang): pd.to_numeric(centres.get("capacity"), errors="coerce").to_numpy(),
        t("People reached", lang): pd.to_numeric(centres.get("beneficiaries"),
                                                 errors="coerce").to_numpy(),
        t("Partner as written", lang): centres["partner"].to_numpy(),
    })


def matrix(three_w: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The 3W matrix: one row per partner, one column per centre type, operating centres."""
    if three_w.empty:
        return pd.DataFrame({t("Partner", lang): []})
    pivot = three_w.pivot_table(index="partner", columns="centre_type", values="centres",
                                aggfunc="sum", fill_value=0)
    order = [term.key for term in CENTRE_TYPES if term.key in pivot.columns]
    pivot = pivot[order]
    pivot.columns = [i18n.term_label(CENTRE_TYPES, k, lang) for k in order]
    pivot.insert(0, t("Centres", lang), pivot.sum(axis=1))
    pivot = pivot.sort_values(t("Centres", lang), ascending=False)
    return pivot.rename_axis(t("Partner", lang)).reset_index()


def review_shown(review: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The likely duplicates: both spellings, their centres and the score, in whole points
    (out of 100): a number the same in every language, with no decimal sign to translate."""
    return pd.DataFrame({
        t("Spelling A", lang): review["spelling_a"].to_numpy(),
        t("Centres A", lang): review["centres_a"].to_numpy(),
        t("Spelling B", lang): review["spelling_b"].to_numpy(),
        t("Centres B", lang): review["centres_b"].to_numpy(),
        t("Score", lang): review["score"].round().astype("Int64").to_numpy(),
    })
