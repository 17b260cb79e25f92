"""The Data page's view of the store, as plain tables and values. No Streamlit here.

The tables have the page's language in their headers; numbers stay numbers (formatted by
the table widget), dates are ISO 8601 in UTC.
"""

from __future__ import annotations

import pandas as pd

from dashboard.i18n import t
from dashboard.store import DatasetInfo, VersionInfo
from dashboard.store.records import iso


def _when(info: VersionInfo) -> str:
    return iso(info.imported_at).replace("T", " ").replace("Z", " UTC")


def _grants(info: VersionInfo) -> int | None:
    return info.grants_accepted


def datasets_table(listing: list[DatasetInfo], lang: str) -> pd.DataFrame:
    """One row per stored dataset: name, version in force, versions, territory, counts, date,
    files."""
    rows = [{
        t("Name", lang): item.name + (" ★" if item.is_default else ""),
        t("In force", lang): f"v{item.current.number}",
        t("Versions", lang): len(item.versions),
        t("Territory", lang): item.current.territory or "",
        t("Centres accepted", lang): item.current.centres_accepted,
        t("Centres rejected", lang): item.current.centres_rejected,
        t("Grants accepted", lang): _grants(item.current),
        t("Imported", lang): _when(item.current),
        t("Files", lang): ", ".join(item.current.files),
    } for item in listing]
    return pd.DataFrame(rows)


def versions_table(history: list[VersionInfo], lang: str) -> pd.DataFrame:
    """One row per version of a dataset, newest first, the version in force marked."""
    rows = [{
        t("Version", lang): f"v{info.number}" + (
            " — " + t("in force", lang) if info.in_force else ""),
        t("Imported", lang): _when(info),
        t("By", lang): info.imported_by,
        t("Centres accepted", lang): info.centres_accepted,
        t("Centres rejected", lang): info.centres_rejected,
        t("Grants accepted", lang): _grants(info),
        t("Grants rejected", lang): info.grants_rejected,
        t("Files", lang): ", ".join(info.files),
    } for info in reversed(history)]
    return pd.DataFrame(rows)


def suggested_name(file_name: str) -> str:
    """A valid dataset name made from a file name (``Registre Khénifra.xlsx`` ->
    ``registre-khenifra``)."""
    import re
    import unicodedata

    stem = file_name.rsplit(".", 1)[0]
    ascii_text = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    name = re.sub(r"[^a-z0-9_-]+", "-", ascii_text.lower()).strip("-_")
    return name[:64] or "donnees"
