"""What the pages show of the national registry, computed without Streamlit: the status map's
specification, the status table, the Overview's line and the source line naming where each
province's numbers come from.
"""

from __future__ import annotations

import pandas as pd

from dashboard import i18n
from dashboard.app.maps import LegendEntry, MapSpec
from dashboard.calc.registry import STATES, status_summary
from dashboard.i18n import NC_, t
from dashboard.reports.palette import REGISTRY_STATE_COLOURS
from dashboard.store.territory import province_of
from geodata.hierarchy import units_within

STATE_LABELS: dict[str, str] = {
    "current": NC_("registry state", "current"),
    "stale": NC_("registry state", "stale"),
    "missing": NC_("registry state", "missing"),
}
"""The states' labels (translated by :func:`dashboard.i18n.t`)."""


def _date(moment: object) -> str:
    return "" if moment is None or pd.isna(moment) else pd.Timestamp(moment).strftime("%Y-%m-%d")


def _version(dataset: object, version: object) -> str:
    return "" if dataset is None or pd.isna(dataset) else f"{dataset} v{int(version)}"


def registry_line(status: pd.DataFrame, lang: str) -> str:
    """``data from 4 of 75 provinces; 1 stale`` in ``lang``."""
    summary = status_summary(status)
    return t("data from {supplied} of {provinces} provinces; {stale} stale", lang,
             supplied=summary["with_data"], provinces=summary["provinces"],
             stale=summary["stale"])


def registry_spec(status: pd.DataFrame, geometry, bounds, lang: str) -> MapSpec:
    """Provinces coloured current / stale / missing; the tooltip names the dataset and
    version, the date and who imported it."""
    styles = {}
    for row in status.itertuples():
        styles[str(row.province_code)] = (
            REGISTRY_STATE_COLOURS[row.state], t(STATE_LABELS[row.state], lang),
            _version(row.dataset, row.version) or i18n.MISSING,
            _date(row.imported_at) or i18n.MISSING,
            i18n.MISSING if row.imported_by is None or pd.isna(row.imported_by)
            else str(row.imported_by))
    entries = [LegendEntry(REGISTRY_STATE_COLOURS[state], t(STATE_LABELS[state], lang))
               for state in STATES]
    return MapSpec(geojson=geometry, styles=styles, bounds=bounds,
                   legend_title=t("National registry", lang), legend_entries=entries,
                   legend_note=registry_line(status, lang), rtl=lang == "ar", lang=lang,
                   labels=(t("State", lang), t("Dataset", lang), t("Imported on", lang),
                           t("Imported by", lang)))


def registry_table(status: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The status table with headings and states in ``lang`` (one row per province)."""
    names = status["name_ar"] if lang == "ar" else status["name_fr"]
    return pd.DataFrame({
        t("Province", lang): status["province_code"] + " " + names,
        t("State", lang): [t(STATE_LABELS[s], lang) for s in status["state"]],
        t("Dataset", lang): [_version(d, v) for d, v in zip(status["dataset"],
                                                             status["version"], strict=True)],
        t("Imported on", lang): [_date(m) for m in status["imported_at"]],
        t("Imported by", lang): status["imported_by"].fillna(""),
        t("Centres", lang): status["centres"],
        t("Grants", lang): status["grants"],
        t("Age (days)", lang): ["" if pd.isna(a) else str(int(a)) for a in status["age_days"]],
    })


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
    import geodata

    names = geodata.load_attributes("province")
    if territory is None or "." not in territory:  # Morocco, or a region
        inside = set(units_within(names, territory)["code"])
    else:  # a province, or a cercle or commune: its province
        inside = {province_of(territory)}
    label = dict(zip(names["code"], names["name_ar" if lang == "ar" else "name_fr"],
                     strict=True))
    shown = provinces[provinces["province_code"].isin(inside)]
    supplied = shown.dropna(subset=["dataset"])
    parts = [f"{label[row.province_code]}: {_version(row.dataset, row.version)} "
             f"({_date(row.imported_at)})" for row in supplied.head(at_most).itertuples()]
    text = t("Sources by province — {parts}", lang, parts="; ".join(parts) or i18n.MISSING)
    if len(supplied) > at_most:
        text += " " + t("and {count} more", lang, count=len(supplied) - at_most)
    missing = len(shown) - len(supplied)
    if missing:
        text += " · " + t("no data: {count} provinces", lang, count=missing)
    return text
