"""Where each province's numbers come from when the dataset is the national registry
(:mod:`dashboard.store.registry`, composed from per-province datasets): the dataset, its
version and the date it was imported, for the provinces of a territory. The pages' source
line, the board report's table and the board pack's sources slide say it the same way.
"""

from __future__ import annotations

import pandas as pd

from dashboard import i18n
from dashboard.i18n import t
from dashboard.store.territory import province_of
from geodata.hierarchy import units_within

PROVINCES_KEY = "provinces"
"""The deck's ``extras`` key of the registry's sources (:func:`registry.sources` frame)."""


def date_text(moment: object) -> str:
    """``2026-12-01`` ("" when not known)."""
    return "" if moment is None or pd.isna(moment) else pd.Timestamp(moment).strftime("%Y-%m-%d")


def version_text(dataset: object, version: object) -> str:
    """``taza v3`` ("" for a province without data)."""
    return "" if dataset is None or pd.isna(dataset) else f"{dataset} v{int(version)}"


def provinces_in(provinces: pd.DataFrame, territory: str | None) -> pd.DataFrame:
    """The rows of ``provinces`` (:func:`dashboard.store.registry.sources`) inside
    ``territory`` (None: Morocco; a cercle or commune: its province), by code, with the
    provinces' ``name_fr`` and ``name_ar``."""
    import geodata

    names = geodata.load_attributes("province")
    if territory is None or "." not in territory:  # Morocco, or a region
        inside = set(units_within(names, territory)["code"])
    else:  # a province, or a cercle or commune: its province
        inside = {province_of(territory)}
    shown = provinces[provinces["province_code"].isin(inside)]
    named = names.set_index("code").loc[shown["province_code"], ["name_fr", "name_ar"]]
    return shown.assign(name_fr=named["name_fr"].to_numpy(),
                        name_ar=named["name_ar"].to_numpy()).sort_values("province_code")


def sources_line(provinces: pd.DataFrame, territory: str | None, lang: str,
                 at_most: int = 12) -> str:
    """Where each province of ``territory`` (None: Morocco) comes from: ``Taza: taza v3
    (2026-12-01)`` for the first ``at_most`` supplied provinces, then how many more; the
    count of provinces without data.

    Parameters
    ----------
    provinces : pandas.DataFrame
        :func:`dashboard.store.registry.sources` (the registry ``Dataset.provinces``).
    """
    supplied, missing = supplied_in(provinces, territory)
    name = "name_ar" if lang == "ar" else "name_fr"
    parts = [f"{getattr(row, name)}: {version_text(row.dataset, row.version)} "
             f"({date_text(row.imported_at)})" for row in supplied.head(at_most).itertuples()]
    text = t("Sources by province — {parts}", lang, parts="; ".join(parts) or i18n.MISSING)
    if len(supplied) > at_most:
        text += " " + t("and {count} more", lang, count=len(supplied) - at_most)
    if missing:
        text += " · " + missing_line(missing, lang)
    return text


def supplied_in(provinces: pd.DataFrame, territory: str | None) -> tuple[pd.DataFrame, int]:
    """The provinces of ``territory`` that have data (:func:`provinces_in`), and how many
    have none."""
    shown = provinces_in(provinces, territory)
    supplied = shown.dropna(subset=["dataset"])
    return supplied, len(shown) - len(supplied)


def missing_line(missing: int, lang: str) -> str:
    """``no data: 66 provinces``."""
    return t("no data: {count} provinces", lang, count=missing)


def sources_table(provinces: pd.DataFrame, territory: str | None, lang: str
                  ) -> tuple[list[str], list[list[str]], list[float], list[bool]]:
    """The board report's table of sources: one row per province of ``territory`` with data
    (province, dataset, version, imported on), as headings, rows, column widths (mm) and
    which columns are numeric (:func:`supplied_in` counts the provinces without data)."""
    supplied, _ = supplied_in(provinces, territory)
    name = "name_ar" if lang == "ar" else "name_fr"
    headings = [t("Province", lang), t("Dataset", lang), t("Version", lang),
                t("Imported on", lang)]
    rows = [[f"{row.province_code} {getattr(row, name)}", str(row.dataset),
             i18n.number(int(row.version), lang), date_text(row.imported_at) or i18n.MISSING]
            for row in supplied.itertuples()]
    return headings, rows, [70.0, 60.0, 20.0, 30.0], [False, False, True, False]
