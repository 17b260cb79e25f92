"""The network in time: which centres stood at the end of a year (pure functions).

A centre counts *as of* a year ``Y`` (the network at the end of ``Y``) when its opening year is
known and ``<= Y``, and it is operating today, or it is closed with a ``closed_year`` after
``Y``. Planned and being-licensed centres never count in a past year; a centre without an
opening year cannot be placed in time and is left out (:func:`undated_mask` says which ones
would have counted). Type and management-mode filters apply as usual; funding is not
affected (grants have their own years).

Public API
----------
check_year(year, name="as_of")
    A year as an int, or a ValueError naming the argument.
as_of_mask(centres, year)
    One boolean per centre: part of the network at the end of ``year`` (status and time only).
undated_mask(centres, year)
    One boolean per centre: would stand in ``year``'s network but has no opening year.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

FIRST_YEAR = 1900
LAST_YEAR = 2100


def check_year(year: object, name: str = "as_of") -> int:
    """``year`` as an int between 1900 and 2100.

    Raises
    ------
    ValueError
        Naming ``name`` when ``year`` is not a whole number in that range.
    """
    try:
        value = int(str(year).strip())
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a year such as 2015; got {year!r}") from None
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise ValueError(f"{name} must be a year between {FIRST_YEAR} and {LAST_YEAR}; "
                         f"got {year!r}")
    return value


def _years(centres: pd.DataFrame, column: str) -> np.ndarray:
    """A year column as floats, NaN when missing (or when the column is absent)."""
    if column not in centres.columns:
        return np.full(len(centres), np.nan)
    return pd.to_numeric(centres[column], errors="coerce").to_numpy(dtype="float64",
                                                                     na_value=np.nan)


def _standing(centres: pd.DataFrame, year: int) -> np.ndarray:
    """Operating today, or closed after ``year`` (a closed centre without a closing year
    cannot be placed and does not stand)."""
    status = centres["status"].astype(object).to_numpy()
    closed_after = (status == "closed") & (_years(centres, "closed_year") > year)
    return (status == "operating") | closed_after


def as_of_mask(centres: pd.DataFrame, year: int) -> np.ndarray:
    """Whether each centre stood at the end of ``year`` (opening year known and ``<= year``,
    operating today or closed after ``year``). Types and modes are not looked at."""
    with np.errstate(invalid="ignore"):
        return (_years(centres, "opened_year") <= year) & _standing(centres, year)


def undated_mask(centres: pd.DataFrame, year: int) -> np.ndarray:
    """Whether each centre would stand at the end of ``year`` but has no opening year (it is
    left out of that year's figures)."""
    return np.isnan(_years(centres, "opened_year")) & _standing(centres, year)


@dataclass(frozen=True)
class TimelineColumns:
    """A frame's opening and closing years and status, read once, for the masks of many
    years (:func:`as_of_mask` and :func:`undated_mask` give the same answers)."""

    opened: np.ndarray
    closed: np.ndarray
    operating: np.ndarray
    is_closed: np.ndarray

    @classmethod
    def of(cls, centres: pd.DataFrame) -> TimelineColumns:
        status = centres["status"].astype(object).to_numpy()
        return cls(_years(centres, "opened_year"), _years(centres, "closed_year"),
                   status == "operating", status == "closed")

    def standing(self, year: int) -> np.ndarray:
        """See :func:`_standing`."""
        with np.errstate(invalid="ignore"):
            return self.operating | (self.is_closed & (self.closed > year))

    def as_of_mask(self, year: int) -> np.ndarray:
        """See :func:`as_of_mask`."""
        with np.errstate(invalid="ignore"):
            return (self.opened <= year) & self.standing(year)

    def undated_mask(self, year: int) -> np.ndarray:
        """See :func:`undated_mask`."""
        return np.isnan(self.opened) & self.standing(year)

