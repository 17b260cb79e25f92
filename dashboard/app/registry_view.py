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
from dashboard.reports.province_sources import date_text, sources_line, version_text

__all__ = ["STATE_LABELS", "registry_line", "registry_spec", "registry_table", "sources_line"]

STATE_LABELS: dict[str, str] = {
    "current": NC_("registry state", "current"),
    "stale": NC_("registry state", "stale"),
    "missing": NC_("registry state", "missing"),
}
"""The states' labels (translated by :func:`dashboard.i18n.t`)."""


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
            version_text(row.dataset, row.version) or i18n.MISSING,
            date_text(row.imported_at) or i18n.MISSING,
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
        t("Dataset", lang): [version_text(d, v) for d, v in zip(status["dataset"],
                                                             status["version"], strict=True)],
        t("Imported on", lang): [date_text(m) for m in status["imported_at"]],
        t("Imported by", lang): status["imported_by"].fillna(""),
        t("Centres", lang): status["centres"],
        t("Grants", lang): status["grants"],
        t("Age (days)", lang): ["" if pd.isna(a) else str(int(a)) for a in status["age_days"]],
    })
