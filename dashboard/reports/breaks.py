"""mapclassify's class breaks (Quantiles, EqualInterval) and class indexes with numpy alone.

``import mapclassify`` imports scikit-learn, scipy.stats and matplotlib: about 130 MB of
resident memory and 1–2 s in the server, for two short calculations. Each function here
follows the arithmetic of mapclassify 2.x step by step (scipy's ``scoreatpercentile``
interpolation, the same ``arange`` for equal intervals, ``bin1d``), so the upper bounds are
mapclassify's value for value; ``tests/dashboard/test_breaks.py`` compares them. Natural
breaks are :func:`dashboard.reports.classes.natural_breaks`.
"""

from __future__ import annotations

import numpy as np

__all__ = ["bin_index", "equal_interval_bins", "quantile_bins"]


def quantile_bins(values: np.ndarray, k: int) -> np.ndarray:
    """Upper bounds of ``k`` quantile classes (``mapclassify.Quantiles(values, k).bins``).

    Percentiles as ``scipy.stats.scoreatpercentile`` computes them (linear between the two
    nearest ranks); repeated bounds (ties) are merged, so there may be fewer than ``k``.
    """
    ordered = np.sort(np.asarray(values, dtype=float).ravel())
    width = 100.0 / k
    percents = np.arange(width, 100 + width, width)
    if percents[-1] > 100.0:
        percents[-1] = 100.0
    return np.unique(np.array([_score_at(ordered, p) for p in percents]))


def _score_at(ordered: np.ndarray, percent: float) -> float:
    """``scipy.stats.scoreatpercentile(ordered, percent)`` (interpolation ``fraction``)."""
    position = percent / 100.0 * (len(ordered) - 1)
    low = int(position)
    if low == position:
        return float(ordered[low])
    weights = np.array([(low + 1 - position), (position - low)], float)
    return float(np.add.reduce(ordered[low:low + 2] * weights) / weights.sum())


def equal_interval_bins(values: np.ndarray, k: int) -> np.ndarray:
    """Upper bounds of ``k`` classes of equal width
    (``mapclassify.EqualInterval(values, k).bins``); the last is the maximum."""
    data = np.asarray(values, dtype=float).ravel()
    high, low = data.max(), data.min()
    if high == low:
        raise ValueError(f"cannot form {k} classes of equal width: all values are equal")
    width = (high - low) * 1.0 / k
    cuts = np.arange(low + width, high + width, width)
    if len(cuts) > k:  # floating steps may overshoot
        cuts = cuts[:k]
    cuts[-1] = high
    return cuts.copy()


def bin_index(values: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """Class of each value for classes closed on the right: 0 up to ``upper[0]``, then
    ``i`` for ``upper[i-1] < v <= upper[i]`` (mapclassify's ``bin1d``; values are never
    above the last bound, the maximum)."""
    return np.searchsorted(np.asarray(upper, dtype=float),
                           np.asarray(values, dtype=float), side="left").astype(int)
