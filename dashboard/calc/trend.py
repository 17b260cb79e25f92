"""The network year by year: one row per year of what the indicators say as of that year
(pure functions; ``taghtia trend``, the app's trend chart and the reports' trend slide).

Each year's row is :func:`dashboard.calc.indicators.totals` of
:func:`~dashboard.calc.indicators.compute_indicators` with ``Filters(as_of=year)`` over the
territory, so a year's figures are those ``taghtia indicators --as-of YEAR`` gives; funding
is that year's grants only.

Public API
----------
TREND_COLUMNS
    Columns of :func:`trend`, in order.
trend(centres, funding, within, first, last, filters=Filters(), units=None, demand=...)
    One row per year from ``first`` to ``last``.
registry_years(centres)
    The first and last opening years the registry knows (the trend's natural span).
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from dashboard.calc import timeline
from dashboard.calc.indicators import (
    DEFAULT_FILTERS,
    Filters,
    Units,
    communes_within,
    compute_indicators,
    totals,
)
from geodata.hierarchy import level_of

TREND_COLUMNS: tuple[str, ...] = (
    "year", "communes_total", "communes_urban", "communes_rural", "communes_covered",
    "communes_covered_urban", "communes_covered_rural", "coverage_rate",
    "coverage_rate_urban", "coverage_rate_rural", "centres", "services", "capacity",
    "capacity_unknown", "beneficiaries", "places_per_1000", "occupancy", "over_capacity",
    "funding_mad", "centres_no_opening_year",
)
"""Columns of :func:`trend`: the year, the territory's indicators as of that year, the
year's funding and the centres left out for want of an opening year."""

_WHOLE = ("communes_total", "communes_urban", "communes_rural", "communes_covered",
          "communes_covered_urban", "communes_covered_rural", "centres", "services",
          "capacity", "capacity_unknown", "beneficiaries", "over_capacity",
          "centres_no_opening_year")


def _level_of(within: str | None, units: Units | None) -> str:
    """The level of the unit ``within`` names (``region`` for Morocco, whose regions the
    trend adds up); ``within`` is checked against the reference first."""
    if within is None:
        return "region"
    communes_within(within, units)
    return level_of(within)


def trend(centres: pd.DataFrame, funding: pd.DataFrame | None, within: str | None,
          first: int, last: int, filters: Filters = DEFAULT_FILTERS,
          units: Units | None = None, demand: str = "population") -> pd.DataFrame:
    """The territory's indicators as of each year from ``first`` to ``last``.

    Parameters
    ----------
    centres, funding : pandas.DataFrame
        Accepted centres and grants (``funding`` may be None).
    within : str or None
        Code of a unit of any level; ``None`` = Morocco.
    first, last : int
        Years, inclusive, ``first <= last``.
    filters : Filters
        Types and modes (and funding sources) apply; statuses, ``as_of`` and funding years
        are set per year.
    units : mapping of level to DataFrame, optional
        Reference tables (tests inject small ones).
    demand : str
        Population behind ``places_per_1000`` (see
        :func:`~dashboard.calc.indicators.compute_indicators`).

    Returns
    -------
    pandas.DataFrame
        :data:`TREND_COLUMNS`, one row per year.

    Raises
    ------
    ValueError
        For years that are not years or run backwards, or an unknown ``within``.
    """
    first = timeline.check_year(first, "first year")
    last = timeline.check_year(last, "last year")
    if first > last:
        raise ValueError(f"years must run forward (first <= last); got {first}-{last}")
    level = _level_of(within, units)
    rows = []
    for year in range(first, last + 1):
        year_filters = replace(filters, as_of=year, years=(year, year))
        table = compute_indicators(centres, funding, level, within, year_filters, units,
                                   demand=demand)
        rows.append({"year": year, **totals(table)})
    frame = pd.DataFrame(rows)
    for column in _WHOLE:
        frame[column] = frame[column].round().astype("int64")
    return frame.loc[:, list(TREND_COLUMNS)]


def registry_years(centres: pd.DataFrame) -> tuple[int, int] | None:
    """First and last known opening years of ``centres`` (None when none is known): after
    the last one, the registry's opening years have run out."""
    years = pd.to_numeric(centres.get("opened_year"), errors="coerce").dropna()
    return (int(years.min()), int(years.max())) if len(years) else None
