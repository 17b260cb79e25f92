"""Natural breaks found exactly: the least within-class sum of squares, never worse than
mapclassify's k-means search, equal values always in one class."""

from __future__ import annotations

import itertools
import warnings

import mapclassify
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.reports.classes import classify, natural_breaks


def within_squares(values: np.ndarray, upper: np.ndarray) -> float:
    """Sum over classes of squared deviations from the class mean (classes by upper edge)."""
    classes = np.searchsorted(upper, values, side="left")
    return float(sum(((values[classes == c] - values[classes == c].mean()) ** 2).sum()
                     for c in np.unique(classes)))


def brute_force(values: np.ndarray, k: int) -> float:
    """The least within-class sum of squares over every split of the distinct values."""
    distinct = np.unique(values)
    best = np.inf
    for cuts in itertools.combinations(range(len(distinct) - 1), k - 1):
        best = min(best, within_squares(values, distinct[[*cuts, len(distinct) - 1]]))
    return best


VALUES = st.lists(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, width=32),
                  min_size=2, max_size=11)


@settings(max_examples=200, deadline=None)
@given(values=VALUES, k=st.integers(2, 6))
def test_least_squares_of_every_split(values, k):
    x = np.array(values, dtype="float64")
    k = min(k, len(np.unique(x)))
    if k < 2:
        return
    upper = natural_breaks(x, k)
    assert len(upper) == k and np.all(np.diff(upper) > 0) and upper[-1] == x.max()
    assert set(upper) <= set(x)  # edges are values: equal values never straddle a class
    assert within_squares(x, upper) == pytest.approx(brute_force(x, k), rel=1e-9, abs=1e-6)


def test_never_worse_than_mapclassify():
    rng = np.random.default_rng(7)
    for _ in range(40):
        x = np.round(rng.gamma(2.0, 50.0, int(rng.integers(8, 80))), 1)
        k = int(min(5, len(np.unique(x))))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = mapclassify.NaturalBreaks(x, k=k).bins
        assert within_squares(x, natural_breaks(x, k)) <= within_squares(x, theirs) + 1e-9


def test_clear_groups_and_classify():
    x = np.array([1.0, 1.1, 0.9, 10, 10.2, 9.8, 50, 51, 49, 49])
    assert natural_breaks(x, 3).tolist() == [1.1, 10.2, 51.0]
    classes = classify(x, "natural_breaks", 3)
    assert classes.edges == (0.9, 1.1, 10.2, 51.0)
    assert classes.index.tolist() == [0, 0, 0, 1, 1, 1, 2, 2, 2, 2]


def test_k_beyond_the_distinct_values():
    with pytest.raises(ValueError, match="k must be between 1"):
        natural_breaks([1.0, 1.0, 2.0], 3)
