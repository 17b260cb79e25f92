"""What changed between two versions of a dataset, commune by commune (pure functions).

:func:`compare_versions` takes the accepted centres and grants of two versions (as
:mod:`loaders` and the store return them) and counts each commune with the same function as
every other figure (:func:`~dashboard.calc.indicators.compute_indicators`), so "covered",
"centres", "services" and "funding" mean what they mean on the app's pages. A commune
*gained* coverage when it had no counted centre before and has one after, *lost* it in the
other direction, and is the *same* otherwise (its counts may still have moved).

Public API
----------
compare_versions(before, after, within=None, filters=Filters()) -> DataFrame
change_summary(table) -> dict
"""

from __future__ import annotations

import pandas as pd

from dashboard.calc.indicators import DEFAULT_FILTERS, Filters, Units, compute_indicators

CHANGES: tuple[str, ...] = ("gained", "lost", "same")
"""Values of the ``change`` column."""

COLUMNS: tuple[str, ...] = (
    "code", "name_fr", "name_ar", "kind", "covered_before", "covered_after", "centres_before",
    "centres_after", "services_before", "services_after", "funding_before", "funding_after",
    "change",
)
"""Columns of :func:`compare_versions`, in order."""

_COUNTED = ("centres", "services", "funding_mad")

Version = tuple[pd.DataFrame, "pd.DataFrame | None"]


def _kind(table: pd.DataFrame) -> pd.Series:
    return pd.Series(["urban" if urban else "rural" for urban in table["communes_urban"] > 0],
                     index=table.index)


def compare_versions(before: Version, after: Version, within: str | None = None,
                     filters: Filters = DEFAULT_FILTERS, units: Units | None = None
                     ) -> pd.DataFrame:
    """One row per commune of ``within``: coverage, centres, services and funding in each
    version, and whether the commune gained or lost coverage.

    Parameters
    ----------
    before, after : (centres, funding)
        Accepted centres and grants (``funding`` may be None: no grants) of the earlier and
        the later version.
    within : str, optional
        Territory (a unit code of any level); None = Morocco.
    filters : Filters
        Which centres and grants count (default: operating centres, every grant).
    units : mapping, optional
        Reference tables, as in :func:`compute_indicators`.

    Returns
    -------
    pandas.DataFrame
        :data:`COLUMNS`: ``covered_*`` booleans, ``centres_*`` and ``services_*`` integers,
        ``funding_*`` in MAD, ``change`` in :data:`CHANGES`; communes in code order.

    Raises
    ------
    ValueError
        If ``within`` is not a unit code, or a centre or grant has an unknown commune code.
    """
    tables = [compute_indicators(centres, funding, "commune", within, filters, units)
              .set_index("code") for centres, funding in (before, after)]
    old, new = tables[0], tables[1].reindex(tables[0].index)
    frame = pd.DataFrame({
        "code": old.index.astype(str),
        "name_fr": old["name_fr"].to_numpy(),
        "name_ar": old["name_ar"].to_numpy(),
        "kind": _kind(old).to_numpy(),
        "covered_before": (old["communes_covered"] > 0).to_numpy(),
        "covered_after": (new["communes_covered"] > 0).to_numpy(),
    })
    for column in _COUNTED:
        name = column.removesuffix("_mad")
        for suffix, table in (("before", old), ("after", new)):
            values = table[column].fillna(0).to_numpy()
            frame[f"{name}_{suffix}"] = values if column == "funding_mad" else values.astype(
                "int64")
    frame["change"] = "same"
    frame.loc[~frame["covered_before"] & frame["covered_after"], "change"] = "gained"
    frame.loc[frame["covered_before"] & ~frame["covered_after"], "change"] = "lost"
    return frame.sort_values("code", kind="stable").reset_index(drop=True)[list(COLUMNS)]


def change_summary(table: pd.DataFrame) -> dict[str, float]:
    """Totals of a :func:`compare_versions` table: communes covered, gained and lost, and
    centres, services and funding before and after (``<name>_before`` / ``<name>_after``)."""
    summary: dict[str, float] = {
        "communes": len(table),
        "gained": int((table["change"] == "gained").sum()),
        "lost": int((table["change"] == "lost").sum()),
        "covered_before": int(table["covered_before"].sum()),
        "covered_after": int(table["covered_after"].sum()),
    }
    for name in ("centres", "services", "funding"):
        for suffix in ("before", "after"):
            summary[f"{name}_{suffix}"] = float(table[f"{name}_{suffix}"].sum())
    return summary
