"""Service columns: places, people reached, places per 1,000 and occupancy (pure functions).

Over the counted centres of a unit:

- ``capacity``: sum of the places of the centres that report one; ``capacity_unknown``: the
  centres that report none.
- ``beneficiaries``: sum of the people reached over the centres that report it.
- ``places_per_1000``: 1000 × ``capacity`` / the unit's population (``population_2024``, or
  with a demand group the group's population, :data:`dashboard.choices.DEMAND_GROUPS`).
- ``occupancy``: Σ beneficiaries / Σ capacity over the centres that report both (empty when
  none do, or their places add up to 0); its two terms are the additive columns
  ``occupancy_beneficiaries`` and ``occupancy_capacity``.
- ``over_capacity``: centres with more people reached than places.

Public API
----------
SERVICE_COLUMNS
    The service columns of the indicator table, in order.
service_sums(centres, position, n)
    Additive per-commune sums of the service columns.
counts(centres, column), counted_sums(capacity, people, position, n)
    A count column as floats; the same sums from those floats (read once, summed often).
add_service_ratios(table, demand_population)
    ``places_per_1000`` and ``occupancy`` from the sums.
centre_service(centres)
    Per centre: places, people reached, occupancy and the over-capacity / under-used flags.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.choices import DEMAND_GROUPS, check_choice

PLACES_SCALE = 1000
"""``places_per_1000`` is places per this many inhabitants (of the demand group)."""
UNDER_USED_BELOW = 0.5
"""A centre is under-used when its occupancy is below this fraction."""

SERVICE_SUM_COLUMNS: tuple[str, ...] = (
    "capacity", "capacity_unknown", "beneficiaries", "occupancy_beneficiaries",
    "occupancy_capacity", "over_capacity",
)
"""Additive service columns: they add up from communes to any level."""

SERVICE_COLUMNS: tuple[str, ...] = (
    "capacity", "capacity_unknown", "beneficiaries", "places_per_1000", "occupancy",
    "occupancy_beneficiaries", "occupancy_capacity", "over_capacity",
)
"""Service columns of the indicator table, in order."""


def counts(centres: pd.DataFrame, column: str) -> np.ndarray:
    """A count column as floats, NaN when missing (or when the column is absent)."""
    if column not in centres.columns:
        return np.full(len(centres), np.nan)
    return pd.to_numeric(centres[column], errors="coerce").to_numpy(dtype="float64",
                                                                     na_value=np.nan)


def service_sums(centres: pd.DataFrame, position: np.ndarray,
                 n: int) -> dict[str, np.ndarray]:
    """Additive service sums per commune.

    Parameters
    ----------
    centres : pandas.DataFrame
        The counted centres (``capacity`` and ``beneficiaries`` optional).
    position : numpy.ndarray of int
        Each centre's commune position in ``[0, n)``, aligned on ``centres``.
    n : int
        Number of communes.

    Returns
    -------
    dict of str to numpy.ndarray
        :data:`SERVICE_SUM_COLUMNS`, one int64 array of length ``n`` each.
    """
    return counted_sums(counts(centres, "capacity"), counts(centres, "beneficiaries"),
                        position, n)


def counted_sums(capacity: np.ndarray, people: np.ndarray, position: np.ndarray,
                 n: int) -> dict[str, np.ndarray]:
    """:func:`service_sums` of centres given by their places (``capacity``) and people
    (``beneficiaries``) as float arrays, NaN where unknown."""
    has_capacity = np.isfinite(capacity)
    has_people = np.isfinite(people)
    both = has_capacity & has_people

    def total(weights: np.ndarray) -> np.ndarray:
        return np.rint(np.bincount(position, weights=weights, minlength=n)).astype("int64")

    return {
        "capacity": total(np.where(has_capacity, capacity, 0.0)),
        "capacity_unknown": total((~has_capacity).astype("float64")),
        "beneficiaries": total(np.where(has_people, people, 0.0)),
        "occupancy_beneficiaries": total(np.where(both, people, 0.0)),
        "occupancy_capacity": total(np.where(both, capacity, 0.0)),
        "over_capacity": total((both & (people > capacity)).astype("float64")),
    }


def _ratio(numerator: pd.Series, denominator: pd.Series, scale: float = 1.0) -> pd.Series:
    denominator = denominator.astype("float64")
    return (numerator.astype("float64") * scale / denominator).where(denominator > 0)


def add_service_ratios(table: pd.DataFrame, demand_population: pd.Series) -> pd.DataFrame:
    """``table`` (with :data:`SERVICE_SUM_COLUMNS`) with ``places_per_1000`` (over
    ``demand_population``, aligned on ``table``) and ``occupancy`` added."""
    table["places_per_1000"] = _ratio(table["capacity"], demand_population, PLACES_SCALE)
    table["occupancy"] = _ratio(table["occupancy_beneficiaries"], table["occupancy_capacity"])
    return table


def centre_service(centres: pd.DataFrame) -> pd.DataFrame:
    """Per centre: ``capacity``, ``beneficiaries``, ``occupancy`` (empty unless both are
    reported and places > 0), ``over_capacity`` (more people than places) and ``under_used``
    (occupancy below :data:`UNDER_USED_BELOW`), aligned on ``centres``."""
    capacity = counts(centres, "capacity")
    people = counts(centres, "beneficiaries")
    with np.errstate(divide="ignore", invalid="ignore"):
        occupancy = np.where(capacity > 0, people / capacity, np.nan)
    return pd.DataFrame({
        "capacity": pd.array(np.where(np.isfinite(capacity), capacity, np.nan), dtype="Int64"),
        "beneficiaries": pd.array(np.where(np.isfinite(people), people, np.nan),
                                  dtype="Int64"),
        "occupancy": occupancy,
        "over_capacity": np.isfinite(people) & np.isfinite(capacity) & (people > capacity),
        "under_used": np.isfinite(occupancy) & (occupancy < UNDER_USED_BELOW),
    }, index=centres.index)


def check_demand(demand: str) -> str:
    """``demand`` when it is a demand group's key, else a ValueError listing them."""
    check_choice("demand", demand, DEMAND_GROUPS)
    return demand


def group_population(communes: pd.DataFrame, demand: str,
                     census: pd.DataFrame | None = None) -> np.ndarray:
    """Population of a demand group per commune, as ``taghtia access --demand`` reads it:
    ``population_2024`` × the group's census share (0 where the share is missing).

    Parameters
    ----------
    communes : pandas.DataFrame
        Commune reference rows (``code``, ``population_2024``).
    demand : str
        A key of :data:`dashboard.choices.DEMAND_GROUPS`.
    census : pandas.DataFrame, optional
        Commune census shares (default ``geodata.census("commune")``).

    Raises
    ------
    ValueError
        For an unknown group.
    """
    check_demand(demand)
    population = communes["population_2024"].to_numpy(dtype="float64", na_value=np.nan)
    share_column = DEMAND_GROUPS[demand]
    if share_column is None:
        return np.nan_to_num(population)
    if census is None:
        import geodata

        census = geodata.census("commune")
    share = communes["code"].astype(str).map(census.set_index("code")[share_column])
    return np.nan_to_num(population * share.to_numpy(dtype="float64", na_value=np.nan))
