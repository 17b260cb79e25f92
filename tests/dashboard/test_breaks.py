"""The numpy quantiles and equal intervals are mapclassify's, value for value (mapclassify is
imported here only): on generated samples and on the demo's own indicator columns at cercle
and province level, as the funding and coverage maps classify them."""

from __future__ import annotations

import warnings

import mapclassify
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.app.datasets import demo_dataset
from dashboard.calc.indicators import compute_indicators
from dashboard.reports.breaks import bin_index, equal_interval_bins, quantile_bins
from dashboard.reports.classes import classify

OURS_AND_THEIRS = {
    "quantiles": (quantile_bins, mapclassify.Quantiles),
    "equal_interval": (equal_interval_bins, mapclassify.EqualInterval),
}

_scale = st.sampled_from([1.0, 0.01, 37.5, 1e4, 3.3e6])
_value = st.one_of(st.integers(0, 40).map(float),
                   st.floats(0, 1000, allow_nan=False, allow_infinity=False))


def _theirs(scheme: str, values: np.ndarray, k: int):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return OURS_AND_THEIRS[scheme][1](values, k=k)


def _assert_same(scheme: str, values: np.ndarray, k: int) -> None:
    theirs = _theirs(scheme, values, k)
    ours = OURS_AND_THEIRS[scheme][0](values, k)
    np.testing.assert_array_equal(ours, np.asarray(theirs.bins, dtype=float))
    np.testing.assert_array_equal(bin_index(values, ours), theirs.yb)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(_value, min_size=2, max_size=60), scale=_scale,
       k=st.integers(2, 7), scheme=st.sampled_from(sorted(OURS_AND_THEIRS)))
def test_breaks_equal_mapclassify(values: list[float], scale: float, k: int,
                                  scheme: str) -> None:
    data = np.asarray(values) * scale
    distinct = len(np.unique(data))
    if distinct < 2:
        return
    _assert_same(scheme, data, min(k, distinct))


@pytest.fixture(scope="module")
def demo_columns() -> dict[tuple[str, str], np.ndarray]:
    demo = demo_dataset()
    columns = {}
    for level in ("cercle", "province"):
        table = compute_indicators(demo.centres_frame, demo.funding_frame, level=level)
        for column in ("services", "centres", "funding_per_capita_mad", "funding_per_km2_mad"):
            values = table[column].replace([np.inf, -np.inf], np.nan).dropna()
            columns[(level, column)] = values.to_numpy(float)
    return columns


@pytest.mark.parametrize("scheme", sorted(OURS_AND_THEIRS))
def test_demo_maps_classes_equal_mapclassify(demo_columns, scheme: str) -> None:
    for values in demo_columns.values():
        _assert_same(scheme, values, 5)


def test_classify_uses_the_same_breaks(demo_columns) -> None:
    values = demo_columns[("cercle", "funding_per_capita_mad")]
    classes = classify(values, "quantiles", 5)
    theirs = _theirs("quantiles", values, 5)
    assert classes.edges[1:] == tuple(float(b) for b in theirs.bins)
    assert classes.index.tolist() == theirs.yb.tolist()


def test_equal_intervals_need_two_values() -> None:
    with pytest.raises(ValueError, match="equal"):
        equal_interval_bins(np.array([2.0, 2.0]), 3)
