"""The network year by year: one row per year of what the indicators say as of that year
(pure functions; ``taghtia trend``, the app's trend chart and the reports' trend slide).

Each year's row is what :func:`dashboard.calc.indicators.totals` of
:func:`~dashboard.calc.indicators.compute_indicators` with ``Filters(as_of=year)`` over the
territory gives (the figures of ``taghtia indicators --as-of YEAR``), computed in one pass
over the centres (25 years of Morocco in a few tens of milliseconds); funding is that year's
grants only.

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

import numpy as np
import pandas as pd

from dashboard.calc import service, timeline
from dashboard.calc.indicators import (
    ADDITIVE_COLUMNS,
    DEFAULT_FILTERS,
    Filters,
    Units,
    _check_units,
    _commune_positions,
    communes_within,
    counted_mask,
    is_member,
    located_grants,
    with_ratios,
)

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


def trend(centres: pd.DataFrame, funding: pd.DataFrame | None, within: str | None,
          first: int, last: int, filters: Filters = DEFAULT_FILTERS,
          units: Units | None = None, demand: str = "population",
          census: pd.DataFrame | None = None) -> pd.DataFrame:
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
    census : pandas.DataFrame, optional
        Commune census shares for ``demand``.

    Returns
    -------
    pandas.DataFrame
        :data:`TREND_COLUMNS`, one row per year: what
        ``totals(compute_indicators(..., within, Filters(as_of=year, years=(year, year))))``
        gives, computed in one pass over the centres (a test holds them equal).

    Raises
    ------
    ValueError
        For years that are not years or run backwards, or an unknown ``within``.
    """
    first = timeline.check_year(first, "first year")
    last = timeline.check_year(last, "last year")
    if first > last:
        raise ValueError(f"years must run forward (first <= last); got {first}-{last}")
    units = _check_units(units)
    communes = communes_within(within, units)
    all_codes = units["commune"]["code"].reset_index(drop=True)
    n = len(all_codes)
    inside = is_member(all_codes, communes["code"])
    urban = units["commune"]["kind"].to_numpy() == "urban"
    if demand != "population":
        population = service.group_population(communes, demand, census).sum()
    else:
        service.check_demand(demand)
        population = communes["population_2024"].sum()
    fixed = {"population_2024": communes["population_2024"].sum(),
             "demand_population": population, "communes_total": len(communes),
             "communes_urban": int(urban[inside].sum()),
             "communes_rural": int((~urban & inside).sum())}

    position = _commune_positions(centres["commune_code"], all_codes, "centre")
    kind = counted_mask(centres, replace(filters, statuses=None, as_of=None))
    keep = kind & (position >= 0)
    keep[keep] = inside[position[keep]]
    placed = centres[keep]
    where = position[keep]
    services = (pd.to_numeric(placed["services"], errors="coerce").to_numpy(
        dtype="float64", na_value=1.0) if "services" in placed.columns
        else np.ones(len(placed)))
    grants = _funding_by_year(centres, funding, filters, units, communes, first, last)

    # the placed centres' years and status read once (timeline's masks, year by year)
    years = timeline.TimelineColumns.of(placed)
    capacity = service.counts(placed, "capacity")
    people = service.counts(placed, "beneficiaries")
    rows = []
    for year in range(first, last + 1):
        standing = years.as_of_mask(year)
        covered = np.bincount(where[standing], minlength=n) > 0
        sums = service.counted_sums(capacity[standing], people[standing],
                                    np.zeros(int(standing.sum()), np.intp), 1)
        rows.append({
            "year": year, **fixed,
            "communes_covered": int(covered.sum()),
            "communes_covered_urban": int((covered & urban).sum()),
            "communes_covered_rural": int((covered & ~urban).sum()),
            "centres": int(standing.sum()),
            "services": int(np.rint(services[standing].sum())),
            **{column: int(values[0]) for column, values in sums.items()},
            "funding_mad": float(grants.get(year, 0.0)),
            "centres_no_opening_year": int(years.undated_mask(year).sum()),
        })
    frame = pd.DataFrame(rows)
    # each year's ratios from its own sums, as totals() makes them from a one-row table
    ratios = pd.DataFrame([with_ratios({c: float(row[c]) for c in ADDITIVE_COLUMNS if c in row})
                           for row in rows])
    for column in TREND_COLUMNS:
        if column not in frame.columns:
            frame[column] = ratios[column].to_numpy()
    for column in _WHOLE:
        frame[column] = frame[column].astype("int64")
    return frame.loc[:, list(TREND_COLUMNS)]


def _funding_by_year(centres: pd.DataFrame, funding: pd.DataFrame | None, filters: Filters,
                     units: Units, communes: pd.DataFrame, first: int,
                     last: int) -> pd.Series:
    """Amount of the counted grants located in ``communes`` per year (index: year)."""
    located = located_grants(centres, funding, replace(filters, years=(first, last)), units)
    located = located[is_member(located["commune_code"], communes["code"])]
    years = pd.to_numeric(located["year"], errors="coerce")
    return located["amount_mad"].astype("float64").groupby(years.to_numpy()).sum()


def registry_years(centres: pd.DataFrame) -> tuple[int, int] | None:
    """First and last known opening years of ``centres`` (None when none is known): after
    the last one, the registry's opening years have run out."""
    years = pd.to_numeric(centres.get("opened_year"), errors="coerce").dropna()
    return (int(years.min()), int(years.max())) if len(years) else None
