"""mapclassify's class breaks (Quantiles, FisherJenks, EqualInterval) with numpy alone.

``import mapclassify`` imports scikit-learn, scipy.stats and matplotlib: about 130 MB of
resident memory and 1–2 s in the server, for three short calculations. Each function here
follows the arithmetic of mapclassify 2.x step by step (same percentiles, same float32
dynamic programme for Fisher–Jenks, same ``arange`` for equal intervals), so the upper
bounds are mapclassify's value for value; ``tests/dashboard/test_breaks.py`` compares them.

Natural breaks are Fisher–Jenks: the exact optimum of Jenks' criterion (least squared
deviation from the class means). mapclassify's ``NaturalBreaks`` searches the same optimum
with k-means from random starts, unseeded, so two runs on the same values may differ; the
exact optimum does not.
"""

from __future__ import annotations

import numpy as np

__all__ = ["bin_index", "equal_interval_bins", "fisher_jenks_bins", "quantile_bins"]


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


def fisher_jenks_bins(values: np.ndarray, k: int) -> np.ndarray:
    """Upper bounds of the ``k`` Fisher–Jenks classes (``mapclassify.FisherJenks(values,
    k).bins``): the partition of the sorted values into ``k`` runs with the least sum of
    squared deviations from each run's mean.

    Fisher's dynamic programme, in mapclassify's float32 arithmetic and with its choice
    among equal costs (the largest last class), one numpy step per value: O(k n²) work,
    about 0.05 s for the 1,503 communes.
    """
    ordered = np.sort(np.asarray(values, dtype=float).ravel())
    n = len(ordered)
    if not 1 <= k <= n:
        raise ValueError(f"cannot form {k} classes from {n} values")
    # start[l, j]: 1-based rank of the first value of the last class, for the first l
    # values in j classes; cost[l, j]: that partition's sum of squared deviations
    start = np.zeros((n + 1, k + 1), dtype=np.int64)
    cost = np.zeros((n + 1, k + 1), dtype=np.float32)
    start[1, 1:] = 1
    cost[2:, 1:] = np.inf
    single = ordered.astype(np.float32)
    for last in range(2, n + 1):
        # the last class holds the m values ending at rank `last`, m = 1..last, summed
        # from the end one value at a time, as mapclassify does
        tail = single[last - 1::-1]
        sums = np.cumsum(tail, dtype=np.float32)
        squares = np.cumsum(tail * tail, dtype=np.float32)
        counts = np.arange(1, last + 1, dtype=np.float32)
        spread = squares - (sums * sums) / counts
        if k > 1:
            # m = 1..last-1 values in the last class, the first last-m in j-1 classes
            before = cost[last - 1:0:-1, 1:k]
            candidates = spread[:last - 1, None] + before
            # the last m reaching the least cost wins (mapclassify compares with >=)
            chosen = last - 2 - np.argmin(candidates[::-1], axis=0)  # row: m - 1
            start[last, 2:] = last - chosen
            cost[last, 2:] = candidates[chosen, np.arange(k - 1)]
        start[last, 1] = 1
        cost[last, 1] = spread[-1]
    upper = np.zeros(k + 1, dtype=float)
    upper[k] = ordered[-1]
    upper[0] = ordered[0]
    rank = n
    for classes in range(k, 1, -1):
        first = int(start[rank, classes])
        upper[classes - 1] = ordered[first - 2]
        rank = first - 1
    return upper[1:]


def bin_index(values: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """Class of each value for classes closed on the right: 0 up to ``upper[0]``, then
    ``i`` for ``upper[i-1] < v <= upper[i]`` (mapclassify's ``bin1d``; values are never
    above the last bound, the maximum)."""
    return np.searchsorted(np.asarray(upper, dtype=float),
                           np.asarray(values, dtype=float), side="left").astype(int)
