"""Breakdowns a manager asks for, inside one territory (pure functions).

Every function takes the accepted frames of :mod:`loaders`, an optional territory
(``within``: a unit code of any level, ``None`` = Morocco),
:class:`~dashboard.calc.indicators.Filters` and optional reference tables (``units``, as in
:func:`~dashboard.calc.indicators.compute_indicators`),
and counts exactly what the indicators count: by default operating centres, and every grant
located in the territory through its centre or its own commune.

Public API
----------
counts_by_mode(centres, within=None, filters=Filters(), units=None)
    Counted centres and services per management mode (direct / co-management / delegated,
    plus ``unknown`` for centres without a mode).
counts_by_type(centres, within=None, filters=Filters(), units=None)
    Counted centres and services per centre type.
funding_by_source(centres, funding, within=None, filters=Filters(), units=None)
    Funding and number of grants per source.
funding_by_year(centres, funding, within=None, filters=Filters(), units=None)
    Funding and number of grants per year (every year of the range, zeros included).
urban_rural_funding(centres, funding, within=None, filters=Filters(), units=None)
    Funding per inhabitant of urban versus rural communes.
funding_tables(centres, funding, within=None, filters=Filters(), units=None)
    The three funding tables above at once (grants located once).
lorenz_curve(values, weights=None) and gini(values, weights=None)
    Population-weighted Lorenz curve and Gini coefficient of a per-inhabitant quantity.
funding_equity(table)
    Lorenz curve and Gini of funding per inhabitant across the units of an indicator table.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from dashboard.calc.indicators import (
    DEFAULT_FILTERS,
    Filters,
    Units,
    communes_within,
    counted_centres,
    is_member,
    located_grants,
)
from loaders.vocabulary import CENTRE_TYPE_KEYS, FUNDING_SOURCE_KEYS, MANAGEMENT_MODE_KEYS

UNKNOWN = "unknown"
"""Label of the row that holds centres without a management mode."""


def _share(values: pd.Series) -> pd.Series:
    total = float(values.sum())
    return values.astype("float64") / total if total > 0 else values.astype("float64") * np.nan


def _in_territory(frame: pd.DataFrame, within: str | None, units: Units | None) -> pd.DataFrame:
    """Rows of ``frame`` whose ``commune_code`` lies in ``within`` (all when ``None``)."""
    if within is None:
        return frame
    codes = communes_within(within, units)["code"]
    return frame[is_member(frame["commune_code"], codes)]


def _centres_in(
    centres: pd.DataFrame, within: str | None, filters: Filters, units: Units | None
) -> pd.DataFrame:
    return _in_territory(counted_centres(centres, filters), within, units)


def _grants_in(
    centres: pd.DataFrame,
    funding: pd.DataFrame | None,
    within: str | None,
    filters: Filters,
    units: Units | None,
) -> pd.DataFrame:
    return _in_territory(located_grants(centres, funding, filters, units), within, units)


def _totals_by(keys: pd.Series, values: pd.Series, count: str, total: str) -> pd.DataFrame:
    """Number of rows (``count``) and sum of ``values`` (``total``) per key, indexed by key;
    rows without a key are left out."""
    frame = pd.DataFrame({"key": keys.to_numpy(), "value": values.to_numpy()})
    return frame.groupby("key").agg(**{count: ("value", "size"), total: ("value", "sum")})


def _totals_by_label(
    labels: pd.Series, missing: str, order: tuple[str, ...], values: pd.Series, count: str,
    total: str,
) -> pd.DataFrame:
    """:func:`_totals_by` of vocabulary labels (``missing`` for an empty one): every label of
    ``order`` first, in that order and with zeros when absent, then any other label."""
    keys = labels.astype(object).where(labels.notna(), missing)
    summary = _totals_by(keys, values, count, total)
    return summary.reindex(
        list(order) + [k for k in summary.index if k not in order], fill_value=0
    )


def _counts_by(centres: pd.DataFrame, column: str, keys: tuple[str, ...]) -> pd.DataFrame:
    services = pd.to_numeric(centres["services"], errors="coerce").fillna(1)
    summary = _totals_by_label(centres[column], UNKNOWN, keys, services, "centres", "services")
    summary["services"] = summary["services"].astype("int64")
    summary["share"] = _share(summary["centres"])
    return summary.rename_axis(column).reset_index()


def counts_by_mode(
    centres: pd.DataFrame,
    within: str | None = None,
    filters: Filters = DEFAULT_FILTERS,
    units: Units | None = None,
) -> pd.DataFrame:
    """Counted centres and services per management mode.

    Returns
    -------
    pandas.DataFrame
        ``management_mode`` (``direct``, ``co_management``, ``delegated`` and ``unknown``),
        ``centres``, ``services``, ``share`` (fraction of the counted centres; ``NaN`` when
        there are none). Every mode appears, with zeros when absent.
    """
    selected = _centres_in(centres, within, filters, units)
    return _counts_by(selected, "management_mode", (*MANAGEMENT_MODE_KEYS, UNKNOWN))


def counts_by_type(
    centres: pd.DataFrame,
    within: str | None = None,
    filters: Filters = DEFAULT_FILTERS,
    units: Units | None = None,
) -> pd.DataFrame:
    """Counted centres and services per centre type.

    Returns
    -------
    pandas.DataFrame
        ``centre_type`` (every key of the vocabulary, in its order), ``centres``,
        ``services``, ``share`` of the counted centres.
    """
    selected = _centres_in(centres, within, filters, units)
    return _counts_by(selected, "centre_type", CENTRE_TYPE_KEYS)


def funding_by_source(
    centres: pd.DataFrame,
    funding: pd.DataFrame | None,
    within: str | None = None,
    filters: Filters = DEFAULT_FILTERS,
    units: Units | None = None,
) -> pd.DataFrame:
    """Funding per source in the territory.

    Returns
    -------
    pandas.DataFrame
        ``source`` (every funding source key), ``grants``, ``funding_mad``, ``share`` of the
        territory's funding.
    """
    return _by_source(_grants_in(centres, funding, within, filters, units))


def _by_source(grants: pd.DataFrame) -> pd.DataFrame:
    summary = _totals_by_label(grants["source"], "other", FUNDING_SOURCE_KEYS,
                               grants["amount_mad"], "grants", "funding_mad")
    summary["funding_mad"] = summary["funding_mad"].astype("float64")
    summary["share"] = _share(summary["funding_mad"])
    return summary.rename_axis("source").reset_index()


def funding_by_year(
    centres: pd.DataFrame,
    funding: pd.DataFrame | None,
    within: str | None = None,
    filters: Filters = DEFAULT_FILTERS,
    units: Units | None = None,
) -> pd.DataFrame:
    """Funding per year in the territory.

    Returns
    -------
    pandas.DataFrame
        ``year``, ``grants``, ``funding_mad``: one row for every year from the first to the
        last (``filters.years`` when set, otherwise the years present), zeros included.
    """
    return _by_year(_grants_in(centres, funding, within, filters, units), filters)


def _by_year(grants: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    years = pd.to_numeric(grants["year"], errors="coerce").astype("Int64")
    summary = _totals_by(years, grants["amount_mad"], "grants", "funding_mad")
    if filters.years is not None:
        first, last = filters.years
    elif len(summary):
        first, last = int(summary.index.min()), int(summary.index.max())
    else:
        first, last = 0, -1
    summary = summary.reindex(range(first, last + 1), fill_value=0)
    summary["funding_mad"] = summary["funding_mad"].astype("float64")
    summary["grants"] = summary["grants"].astype("int64")
    return summary.rename_axis("year").reset_index()


def urban_rural_funding(
    centres: pd.DataFrame,
    funding: pd.DataFrame | None,
    within: str | None = None,
    filters: Filters = DEFAULT_FILTERS,
    units: Units | None = None,
) -> pd.DataFrame:
    """Funding per inhabitant of urban versus rural communes of the territory.

    Returns
    -------
    pandas.DataFrame
        Two rows, ``kind`` = ``urban`` then ``rural``, with ``communes``,
        ``population_2024``, ``funding_mad`` and ``funding_per_capita_mad`` (funding of the
        communes of that kind divided by their 2024 population; ``NaN`` without population).
    """
    return _urban_rural(_grants_in(centres, funding, within, filters, units),
                        communes_within(within, units))


def _urban_rural(grants: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    # sums per kind with numpy: a pandas groupby here cost more than the grants themselves
    kind_of_grant = pd.Series(communes["kind"].to_numpy(), index=communes["code"].to_numpy())
    grant_kind = grants["commune_code"].map(kind_of_grant).to_numpy(dtype=object)
    amounts = pd.to_numeric(grants["amount_mad"], errors="coerce").to_numpy(
        dtype="float64", na_value=np.nan)
    kinds = communes["kind"].to_numpy(dtype=object)
    population = pd.to_numeric(communes["population_2024"], errors="coerce").to_numpy(
        dtype="float64", na_value=np.nan)
    rows = []
    for kind in ("urban", "rural"):
        mine = kinds == kind
        rows.append({"kind": kind, "communes": int(mine.sum()),
                     "population_2024": np.nansum(population[mine]),
                     "funding_mad": float(np.nansum(amounts[grant_kind == kind]))})
    summary = pd.DataFrame(rows)
    summary["population_2024"] = summary["population_2024"].astype(
        communes["population_2024"].dtype if len(communes) else "int64")
    people = summary["population_2024"].astype("float64")
    summary["funding_per_capita_mad"] = (summary["funding_mad"] / people).where(people > 0)
    return summary


def funding_tables(
    centres: pd.DataFrame,
    funding: pd.DataFrame | None,
    within: str | None = None,
    filters: Filters = DEFAULT_FILTERS,
    units: Units | None = None,
) -> dict[str, pd.DataFrame]:
    """:func:`funding_by_source`, :func:`funding_by_year` and :func:`urban_rural_funding`
    at once, the grants located once for the three (the Funding page shows all three).

    Returns
    -------
    dict
        The three tables, keyed by the functions' names.
    """
    grants = _grants_in(centres, funding, within, filters, units)
    return {"funding_by_source": _by_source(grants),
            "funding_by_year": _by_year(grants, filters),
            "urban_rural_funding": _urban_rural(grants, communes_within(within, units))}


def _clean(values: object, weights: object | None) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(values, dtype="float64").ravel()
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype="float64").ravel()
    if x.shape != w.shape:
        raise ValueError(f"values and weights must have the same length; got {x.size}, {w.size}")
    keep = np.isfinite(x) & np.isfinite(w) & (w > 0)
    x, w = x[keep], w[keep]
    if (x < 0).any():
        raise ValueError("values must be >= 0 (funding per inhabitant cannot be negative)")
    order = np.argsort(x, kind="stable")
    return x[order], w[order]


def lorenz_curve(values: object, weights: object | None = None) -> pd.DataFrame:
    """Points of the Lorenz curve of ``values`` weighted by ``weights``.

    With ``values`` = funding per inhabitant of each unit and ``weights`` = its population,
    the curve says which share of the funding reaches the least-funded share of the
    population. Units are sorted from the lowest to the highest value. Units whose value or
    weight is missing, or whose weight is zero, are left out.

    Parameters
    ----------
    values : array-like of float >= 0
    weights : array-like of float, optional
        Default: every unit weighs the same.

    Returns
    -------
    pandas.DataFrame
        ``population_share`` and ``funding_share``, cumulative fractions starting at
        (0, 0) and ending at (1, 1); only (0, 0) when nothing is left. When every value is
        zero, the curve is the equality line.
    """
    x, w = _clean(values, weights)
    if x.size == 0:
        return pd.DataFrame({"population_share": [0.0], "funding_share": [0.0]})
    population = np.concatenate([[0.0], np.cumsum(w)]) / w.sum()
    mass = (x / x.max() if x.max() > 0 else x) * w  # scaled: no underflow of tiny values
    total = mass.sum()
    funding = np.concatenate([[0.0], np.cumsum(mass)]) / total if total > 0 else population
    funding[-1] = 1.0
    population[-1] = 1.0
    return pd.DataFrame({"population_share": population, "funding_share": funding})


def gini(values: object, weights: object | None = None) -> float:
    """Gini coefficient of ``values`` weighted by ``weights``.

    Computed as one minus twice the area under :func:`lorenz_curve` (trapezoids), so it is
    exact for grouped data: 0 when every unit receives the same amount per inhabitant
    (including nothing at all), approaching 1 when one small unit receives everything.

    Parameters
    ----------
    values : array-like of float >= 0
    weights : array-like of float, optional

    Returns
    -------
    float
        In [0, 1]; ``NaN`` when no unit is left (see :func:`lorenz_curve`).
    """
    curve = lorenz_curve(values, weights)
    if len(curve) < 2:
        return float("nan")
    p = curve["population_share"].to_numpy()
    f = curve["funding_share"].to_numpy()
    area = float(np.sum(np.diff(p) * (f[1:] + f[:-1]) / 2.0))
    return float(min(1.0, max(0.0, 1.0 - 2.0 * area)))


class Equity(NamedTuple):
    """Equity of funding per inhabitant across the units of a territory."""

    lorenz: pd.DataFrame
    gini: float
    units: int


def funding_equity(table: pd.DataFrame) -> Equity:
    """Lorenz curve and Gini of funding per inhabitant across the rows of ``table``.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`~dashboard.calc.indicators.compute_indicators` (for example the communes
        of a province): uses ``funding_per_capita_mad`` weighted by ``population_2024``.

    Returns
    -------
    Equity
        ``lorenz`` (see :func:`lorenz_curve`), ``gini`` and ``units`` (rows with a
        population, the ones counted).
    """
    values = table["funding_per_capita_mad"]
    weights = table["population_2024"]
    counted = int((np.isfinite(values.astype(float)) & (weights.astype(float) > 0)).sum())
    return Equity(lorenz_curve(values, weights), gini(values, weights), counted)
